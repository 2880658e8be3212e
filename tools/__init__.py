"""Maintainer tooling for the buttock-pain course; never imported by the student package.

Installed with the ``dev`` extra (``pip install -e ".[dev]"``) and run from a checkout:

* :mod:`tools.book`: the static HTML book (``python -m tools.book [OUTDIR]``, ``make book``);
* :mod:`tools.assets`: SVG exports of the anatomy layers and pain maps (``make assets``);
* :mod:`tools.browser`: a real JupyterLab in headless Chromium for the browser tests;
* :mod:`tools.environment`: Binder's ``environment.yml`` from the pinned set
  (``python -m tools.environment write``, ``make lock``);
* :mod:`tools.notebooks`: find and execute the lesson notebooks headless;
* :mod:`tools.quiz`: seal and unseal the self-check answer keys (``python -m tools.quiz``);
* :mod:`tools.leaks`: is a self-check answer readable in something a student receives?
* :mod:`tools.paths`: where the repository and its folders are (the one place that knows).

``course`` (what a student imports) must never import ``tools``; a test checks it.
"""
