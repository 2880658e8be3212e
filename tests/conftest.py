"""Session-wide fixtures and hooks: each lesson notebook is executed once per test run.

The ``lesson_runs`` fixture hands out executed lessons (see :mod:`tests.support`). Every call of
the notebook runner (:func:`tools.notebooks.execute`, also as the book builder's ``execute``) is
counted for the whole session; a second execution of a lesson fails the test that caused it, and
the session fails at its end if any lesson was executed more than once.
"""

from __future__ import annotations

import pytest

import tools.book
from tools import notebooks

from .support import LessonRuns, RunCounter

COUNTER = RunCounter(notebooks.lessons())
"""The session's count of lesson executions."""

_RUNNER_HOMES = (notebooks, tools.book)
"""Modules that hold a reference to the notebook runner under the name ``execute``."""


def pytest_configure(config: pytest.Config) -> None:
    for module in _RUNNER_HOMES:
        runner = getattr(module, "execute", None)
        if runner is not None and not getattr(runner, "__wrapped_by_run_counter__", False):
            module.execute = COUNTER.wrap(runner)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group tests for ``pytest -n N --dist loadgroup`` (what `make test` runs).

    A group runs whole on one worker, so its session and module fixtures are built once:
    every module that executes lessons joins the ``lessons`` group (each lesson still runs
    once per session, on that worker), the real-browser tests share one JupyterLab in the
    ``browser`` group, and every other module is its own group.
    """
    lesson_modules = {
        item.nodeid.split("::", 1)[0]
        for item in items
        if "lesson_runs" in getattr(item, "fixturenames", ())
    }
    for item in items:
        if "tests/browser" in item.nodeid or item.get_closest_marker("browser"):
            group = "browser"
        elif item.nodeid.split("::", 1)[0] in lesson_modules:
            group = "lessons"
        else:
            group = item.nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group(group))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    repeated = COUNTER.repeated()
    if repeated:
        print(f"\nlessons executed more than once in this session: {repeated}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def lesson_runs(tmp_path_factory: pytest.TempPathFactory) -> LessonRuns:
    """Every lesson executed once for the whole session (on first request), its self-check
    progress written to a temporary file."""
    progress = tmp_path_factory.mktemp("lesson-progress") / "progress.json"
    return LessonRuns(notebooks.lessons(), notebooks.execute, progress)
