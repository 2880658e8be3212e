"""The instructor's side of the graded case reviews, named by workflow step.

Each step is a thin wrapper around nbgrader's real command line and gradebook, plus the
safety checks nbgrader 0.9.6 lacks:

========== ============================================ ===========================================
step       nbgrader underneath                          what the course adds
========== ============================================ ===========================================
release    ``nbgrader generate_assignment``             scan of the student version for solutions,
                                                        hidden tests and the answer key
collect    ``nbgrader collect`` / ``zip_collect``       SHA-256 manifest of every submitted file
autograde  ``nbgrader autograde``, one student at a     per-student status (missing notebook,
           time                                         invalid JSON, timeout, output too large,
                                                        tampered), byte cap, deleted cells scored
                                                        0, clean-room re-check, files hashed
feedback   ``nbgrader generate_feedback``               hidden tests withheld from tracebacks;
                                                        every page checked
report     ``nbgrader export`` + the gradebook          status per student, item analysis,
                                                        distractors, plots, one HTML page
export     the gradebook                                CSV per student or question, or for
                                                        Moodle's or Canvas's grade import
========== ============================================ ===========================================

From a shell: ``course <verb> <assignment>`` (:mod:`course.cli`; ``autograde`` is ``course grade``,
with ``--workers N`` for :mod:`course.grading.parallel`). From Python::

    from course.grading import CourseDir, autograde
    print(autograde(CourseDir("notebooks/assignments"), "case_review_1").table())

Nothing here carries an answer key: keys live only in the assignment sources and the gradebook.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "DEFAULT_COURSE_DIR": "course_dir",
    "CourseDir": "course_dir",
    "GradingError": "course_dir",
    "autograde": "grade",
    "collect": "collect",
    "export": "export",
    "feedback": "feedback",
    "release": "release",
    "report": "report",
}
"""Each public name and its module, imported on first use: ``import course.grading`` (or its
small helpers such as :mod:`course.grading.encodings`) does not load nbgrader."""


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_COURSE_DIR",
    "CourseDir",
    "GradingError",
    "autograde",
    "collect",
    "export",
    "feedback",
    "release",
    "report",
]
