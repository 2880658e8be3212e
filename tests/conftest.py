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
    if getattr(config.option, "dist", "no") == "loadgroup":
        # hand groups out in the order pytest_collection_modifyitems gives them, not by test count
        config.option.loadscopereorder = False
    for module in _RUNNER_HOMES:
        runner = getattr(module, "execute", None)
        if runner is not None and not getattr(runner, "__wrapped_by_run_counter__", False):
            module.execute = COUNTER.wrap(runner)


BROWSER_FIXTURES = frozenset({"lab", "chromium_browser"})
"""Session fixtures of ``tests/browser/conftest.py`` that start a JupyterLab or a Chromium: every
test that uses one, wherever it lives, joins the ``browser`` group, so one worker starts them."""

LESSON_FIXTURE = "lesson_runs"
"""The session fixture that executes lessons: modules that use it join the ``lessons`` group."""

HEAVY_GROUPS = ("lessons", "browser")
"""The two long groups, handed out first so that each starts on its own worker."""


def group_of(item: pytest.Item, lesson_modules: set[str]) -> str:
    """The xdist group of one test: ``browser`` when it needs the lab or a browser (by fixture or
    by the ``browser`` marker), ``lessons`` when its module executes lessons, else its module."""
    module = item.nodeid.split("::", 1)[0]
    if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker(
        "browser"
    ):
        return "browser"
    if module in lesson_modules:
        return "lessons"
    return module


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group and order tests for ``pytest -n N --dist loadgroup`` (what `make test` runs).

    A group runs whole on one worker, so its session and module fixtures are built once:
    every module that executes lessons joins the ``lessons`` group (each lesson still runs
    once per session, on that worker), every test that uses the JupyterLab or Chromium fixtures
    joins the ``browser`` group (one lab and one browser per session), and every other module is
    its own group.

    xdist hands out groups in the order of the collection (``pytest_configure`` turns off its own
    reordering by test count), so the groups are ordered here: ``lessons``, then ``browser`` (the
    two long ones start at once, one on each worker), then modules with slow tests, then the rest,
    largest first within each kind, so the short modules fill in whichever worker frees first.
    Within a group the collection order is kept.
    """
    lesson_modules = {
        item.nodeid.split("::", 1)[0]
        for item in items
        if LESSON_FIXTURE in getattr(item, "fixturenames", ())
    }
    groups: dict[str, list[pytest.Item]] = {}
    for item in items:
        group = group_of(item, lesson_modules)
        item.add_marker(pytest.mark.xdist_group(group))
        groups.setdefault(group, []).append(item)

    def rank(group: str) -> tuple[int, int]:
        if group in HEAVY_GROUPS:
            return HEAVY_GROUPS.index(group), 0
        slow = any(item.get_closest_marker("slow") for item in groups[group])
        return (2 if slow else 3), -len(groups[group])

    items[:] = [item for group in sorted(groups, key=rank) for item in groups[group]]


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
