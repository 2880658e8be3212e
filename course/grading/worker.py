"""One worker process of a parallel autograde (:mod:`course.grading.parallel`).

``python -m course.grading.worker SPEC`` grades, one at a time, the students the parent sends
on stdin (a JSON line each) in the private course directory named in ``SPEC``, exactly as the
serial run grades them (:func:`course.grading.grade.grade_student`), with nbgrader's autograde
run inside this process so that it is imported once for all of them. Each result goes back as a
JSON line on the original stdout; anything else printed goes to stderr (the worker's log).
"""

from __future__ import annotations

import io
import json
import logging
import os
import sys
import traceback
from dataclasses import asdict

from .course_dir import CourseDir, Run
from .grade import grade_student
from .results import Settings


def run_in_process(course: CourseDir, *args: str, timeout: float | None = None) -> Run:
    """``nbgrader autograde <args>`` run inside this (worker) process, as the CLI would: the
    same argument parsing and configuration files, nbgrader imported once for every student.
    ``timeout`` is enforced by the parent, which kills the whole worker."""
    if not args or args[0] != "autograde":
        return course.run(*args, timeout=timeout)
    from nbgrader.apps.autogradeapp import AutogradeApp

    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("[AutogradeApp | %(levelname)s] %(message)s"))
    here, code = os.getcwd(), 0
    app = AutogradeApp()
    try:
        os.chdir(course.root)
        app.log.addHandler(handler)
        app.initialize(list(args[1:]))
        app.log.addHandler(handler)  # initialize may have set up the logger again
        app.start()
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except Exception:
        buffer.write(f"[AutogradeApp | ERROR] {traceback.format_exc()}")
        code = 1
    finally:
        app.log.removeHandler(handler)
        os.chdir(here)
    return Run(tuple(args), code, buffer.getvalue())


def worker_main(spec: str) -> int:
    """A worker's loop: read a job (a JSON line) from stdin, grade that student into the
    private course, answer with the result (a JSON line) on the original stdout."""
    setup = json.loads(spec)
    from nbgrader.apps.autogradeapp import AutogradeApp  # noqa: F401  (imported once, now)

    answers = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # anything else printed goes to the worker's log
    course = CourseDir(setup["root"])
    settings = Settings(**setup["settings"])
    for line in sys.stdin:
        job = json.loads(line)
        student = job["student"]
        result = grade_student(
            course,
            setup["assignment"],
            student,
            settings,
            {student: job["previous"]},
            runner=run_in_process,
        )
        answers.write(json.dumps({"student": student, "result": asdict(result)}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(worker_main(sys.argv[1]))
