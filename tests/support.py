"""What several test folders share: the one run of every lesson and the guard that keeps it one.

Executing a lesson takes seconds to a minute, so a test session executes each lesson notebook at
most once (:class:`LessonRuns`, handed out by the ``lesson_runs`` fixture in ``tests/conftest.py``)
and gives the executed notebook to every check that needs it: the notebook checks, the static book
and the lesson-specific checks. :class:`RunCounter` wraps the runner so that a second execution of
the same lesson in one session fails the test that caused it, naming the lesson.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import nbformat

from course.quiz.progress import ENV_VAR

Execute = Callable[..., nbformat.NotebookNode]
"""The shape of :func:`tools.notebooks.execute`: a notebook path in, the executed notebook out."""


class LessonRunTwice(RuntimeError):
    """A lesson notebook was executed a second time in one test session."""


class RunCounter:
    """Counts executions of the lesson notebooks and refuses a second one of the same lesson.

    ``lessons`` are the lesson notebook paths; executions of any other notebook (a test's own
    synthetic notebook) are neither counted nor refused.
    """

    def __init__(self, lessons: Iterable[Path]):
        self.lessons = {Path(p).resolve() for p in lessons}
        self.runs: Counter[str] = Counter()

    def wrap(self, execute: Execute) -> Execute:
        """``execute`` with the count and the refusal in front of it."""

        @functools.wraps(execute)
        def counted(path, *args, **kwargs):
            resolved = Path(path).resolve()
            if resolved in self.lessons:
                self.runs[resolved.name] += 1
                if self.runs[resolved.name] > 1:
                    raise LessonRunTwice(
                        f"{resolved.name} was already executed in this test session; take the "
                        "executed notebook from the lesson_runs fixture instead"
                    )
            return execute(path, *args, **kwargs)

        counted.__wrapped_by_run_counter__ = True  # type: ignore[attr-defined]
        return counted

    def repeated(self) -> dict[str, int]:
        """Lessons executed more than once (name -> number of executions); empty when none."""
        return {name: n for name, n in self.runs.items() if n > 1}


class LessonRuns:
    """Every lesson notebook executed at most once, on first request, then kept.

    Each execution writes its self-check progress to ``progress_file`` (a temporary path), never
    to the student's ``.course-progress.json``. The notebooks handed out are shared by every test:
    read them, and copy one (``copy.deepcopy``) before changing it.
    """

    def __init__(self, lessons: Iterable[Path], execute: Execute, progress_file: Path):
        self.lessons = [Path(p) for p in lessons]
        self._execute = execute
        self.progress_file = Path(progress_file)
        self._done: dict[Path, nbformat.NotebookNode] = {}

    def __getitem__(self, path: Path) -> nbformat.NotebookNode:
        """The executed notebook of the lesson at ``path`` (executed now if not yet)."""
        key = Path(path).resolve()
        if key not in {p.resolve() for p in self.lessons}:
            raise KeyError(f"{path} is not a lesson notebook")
        if key not in self._done:
            before = os.environ.get(ENV_VAR)
            os.environ[ENV_VAR] = str(self.progress_file)
            try:
                self._done[key] = self._execute(key)
            finally:
                if before is None:
                    os.environ.pop(ENV_VAR, None)
                else:
                    os.environ[ENV_VAR] = before
        return self._done[key]

    def all(self) -> dict[Path, nbformat.NotebookNode]:
        """Every lesson, in teaching order, executed (path -> executed notebook)."""
        return {path: self[path] for path in self.lessons}
