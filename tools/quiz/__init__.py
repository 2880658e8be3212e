"""Quiz authoring: seal the plain authoring form into the shipped files, and unseal them back.

See :mod:`tools.quiz.authoring`; the command line is ``python -m tools.quiz seal|unseal|check``.
"""
