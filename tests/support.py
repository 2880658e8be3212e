"""What several test folders share: the one run of every lesson and the guard that keeps it one.

Executing a lesson takes seconds to a minute, so a test session executes each lesson notebook at
most once (:class:`LessonRuns`, handed out by the ``lesson_runs`` fixture in ``tests/conftest.py``)
and gives the executed notebook to every check that needs it: the notebook checks, the static book
and the lesson-specific checks. :class:`RunCounter` wraps the runner so that a second execution of
the same lesson in one session fails the test that caused it, naming the lesson.
"""

from __future__ import annotations

import functools
import gc
import os
import tracemalloc
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


TRACED_EVENTS = 1_000
"""How many of a fuzz run's last events run under :mod:`tracemalloc` (:class:`MemoryWindow`)."""


class MemoryWindow:
    """Memory growth over the last :data:`TRACED_EVENTS` events of a fuzz run, in bytes.

    Tracing every allocation slows Python three to five times, so a fuzz run of 10 000 events
    runs untraced until the window opens, then traces its last events: memory that those events
    leave allocated (after a full collection) is the growth. A leak is a steady cost per event,
    so the window sees it at the same rate as a traced whole run would; :meth:`bound` scales a
    limit set for the whole run down to the window.

    A bounded cache is not a leak, but one that keeps turning over (a ``functools.lru_cache``
    of rankings, say) holds, at the end, entries made inside the window while the ones they
    replaced were made before it, untraced. So :meth:`close` empties every bounded ``lru_cache``
    of the ``course`` package before it measures (an unbounded one is not emptied: if it grows,
    that is growth); a cache of another kind is the caller's to subtract.

    Call :meth:`tick` before each event with the event's number (0 to ``total - 1``) and
    :meth:`close` after the last; :attr:`grown` is then the growth in bytes.
    """

    def __init__(self, total: int, traced: int = TRACED_EVENTS) -> None:
        self.total = total
        self.traced = min(traced, total)
        self.opens_at = total - self.traced
        self.grown: int | None = None
        self._start = 0

    def tick(self, event: int) -> None:
        """Open the window when ``event`` is its first event."""
        if event == self.opens_at:
            gc.collect()
            tracemalloc.start()
            self._start = tracemalloc.get_traced_memory()[0]

    @property
    def open(self) -> bool:
        """Whether the window is tracing now."""
        return tracemalloc.is_tracing() and self.grown is None

    def close(self) -> int:
        """Stop tracing; returns (and keeps in :attr:`grown`) the bytes the window's events left."""
        for cache in course_caches():
            if cache.cache_info().maxsize is not None:
                cache.cache_clear()
        gc.collect()
        self.grown = tracemalloc.get_traced_memory()[0] - self._start
        tracemalloc.stop()
        return self.grown

    def bound(self, whole_run_bytes: float) -> float:
        """A growth limit set for all :attr:`total` events, scaled to the traced events."""
        return whole_run_bytes * self.traced / self.total


def course_caches() -> list[functools._lru_cache_wrapper]:
    """Every ``functools.lru_cache`` (or ``cache``) defined in the ``course`` package, as found
    among the live objects."""
    return [
        obj
        for obj in gc.get_objects()
        if isinstance(obj, functools._lru_cache_wrapper)
        and str(getattr(obj, "__module__", "")).split(".")[0] == "course"
    ]
