"""Session-wide fixtures and hooks: each lesson notebook is executed once per test run.

The ``lesson_runs`` fixture hands out executed lessons (see :mod:`tests.support`). Every call of
the notebook runner (:func:`tools.notebooks.execute`, also as the book builder's ``execute``) is
counted for the whole session; a second execution of a lesson fails the test that caused it, and
the session fails at its end if any lesson was executed more than once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

import tools.book
from tools import axe, browser, notebooks

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
test that uses one, wherever it lives, joins a browser shard (``browser-0``, ``browser-1``)."""

LESSON_FIXTURE = "lesson_runs"
"""The session fixture that executes lessons: modules that use it join the ``lessons`` group."""

BROWSER_SHARDS = 2
"""How many groups the browser tests are dealt into: each runs whole on one worker, and each
worker that runs one starts its own JupyterLab and Chromium (session fixtures are per worker,
on a free port and in the worker's own temporary folder), so on 2 workers both share the
browser load instead of one worker carrying all of it."""

BROWSER_SECONDS: dict[str, dict[str, float]] = {
    "test_every_widget_at_laptop_size": {
        "": 60,
        "00_start_here": 47,
        "01_anatomy_of_the_buttock": 95,
        "02_what_is_pain_referred_vs_radicular": 73,
        "03_upper_buttock_pain": 51,
        "04_lower_buttock_pain": 65,
        "05_lateral_and_deep_radiating_pain": 47,
        "06_nerve_related_buttock_pain": 68,
        "07_non_musculoskeletal_causes_and_red_flags": 51,
        "08_testing_a_hypothesis": 48,
        "09_case_vignettes": 76,
        "10_managing_buttock_pain": 73,
        "11_exercise_and_loading": 56,
        "12_my_progress": 40,
    },
    "test_a_self_check_answers_in_the_browser": {"": 16},
    "test_every_course_widget_in_jupyterlab_passes_the_axe_audit": {"": 40},
    "test_a_ticked_descriptor_shows_its_ranking_beside_it": {"": 25},
    "test_jupyterlab_is_set_up_for_students": {"": 13},
    "test_lessons_with_widgets_show_them_in_the_browser": {"": 21},
    "test_the_where_list_keeps_marks_made_on_the_chart": {"": 24},
}
"""What one browser test costs, in seconds of wall time (setup, call and teardown): by test name,
then by its parameter (``""``: a test without one, or a lesson not measured yet, the mean over
the lessons); a test not listed costs :data:`BROWSER_DEFAULT_SECONDS`. The shards are balanced
by it. Measured with ``--durations`` on ``pytest tests/browser`` (2 cores, shared with other
test runs, 2026-12-01, after the laptop walk came to run each lesson once). Only how the tests
are shared out depends on these figures, never a result: refresh them when a lesson grows or
shrinks a lot."""

BROWSER_DEFAULT_SECONDS = 20.0
"""The cost of a browser test :data:`BROWSER_SECONDS` does not list (seconds)."""

HEAVY_GROUPS = ("lessons", *(f"browser-{n}" for n in range(BROWSER_SHARDS)))
"""The long groups, handed out first so that each starts on a worker of its own while there is
one (lessons first: it holds the suite's longest fixture)."""


def needs_browser(item: pytest.Item) -> bool:
    """Whether a test drives a JupyterLab or Chromium (by fixture or by the ``browser`` marker)."""
    return bool(BROWSER_FIXTURES & set(getattr(item, "fixturenames", ()))) or bool(
        item.get_closest_marker("browser")
    )


def browser_seconds(nodeid: str) -> float:
    """The expected cost of one browser test in seconds (:data:`BROWSER_SECONDS`)."""
    name, _, param = nodeid.split("::")[-1].partition("[")
    by_param = BROWSER_SECONDS.get(name, {})
    return by_param.get(param.removesuffix("]"), by_param.get("", BROWSER_DEFAULT_SECONDS))


def browser_shards(nodeids: list[str], shards: int = BROWSER_SHARDS) -> dict[str, int]:
    """Deal the browser tests into ``shards`` groups of about equal cost: the costliest test
    first, each onto the shard with the least so far (ties: the lower shard, then the node id),
    so the same tests always land in the same shards. Returns each node id's shard."""
    loads = [0.0] * shards
    shard_of = {}
    for nodeid in sorted(nodeids, key=lambda n: (-browser_seconds(n), n)):
        shard = min(range(shards), key=lambda s: (loads[s], s))
        shard_of[nodeid] = shard
        loads[shard] += browser_seconds(nodeid)
    return shard_of


def group_of(item: pytest.Item, lesson_modules: set[str], shard_of: dict[str, int]) -> str:
    """The xdist group of one test: ``browser-N`` when it needs the lab or a browser (its shard
    in ``shard_of``), ``lessons`` when its module executes lessons, else its module."""
    module = item.nodeid.split("::", 1)[0]
    if needs_browser(item):
        return f"browser-{shard_of[item.nodeid]}"
    if module in lesson_modules:
        return "lessons"
    return module


def name_group_in_node_id(item: pytest.Item, group: str) -> None:
    """Append ``@group`` to the node id of a test collected by an xdist worker under
    ``--dist loadgroup``, which is how the controller learns the test's group.

    xdist (3.8) does this from the ``xdist_group`` marker by setting ``item._nodeid``, but pytest 9
    builds node ids from ``item._id``, so the suffix is lost and every test is its own group: each
    worker then builds every module fixture, executes the lessons and starts a JupyterLab. Here
    the id is rebuilt with the suffix (and left alone when it already carries one, as it will
    once xdist sets it again)."""
    config = getattr(item, "config", None)
    if config is None or not getattr(config.option, "loadgroup", False):
        return
    if item.nodeid.endswith(f"@{group}"):
        return
    item._id = type(item._id).parse(f"{item.nodeid}@{group}")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group and order tests for ``pytest -n N --dist loadgroup`` (what `make test` runs).

    A group runs whole on one worker, so its session and module fixtures are built once:
    every module that executes lessons joins the ``lessons`` group (each lesson still runs
    once per session, on that worker); the tests that use the JupyterLab or Chromium fixtures
    are dealt into :data:`BROWSER_SHARDS` groups balanced by their measured cost (each worker
    that runs a shard starts one lab and one browser); every other module is its own group.

    xdist hands out groups in the order of the collection (``pytest_configure`` turns off its own
    reordering by test count), so the groups are ordered here: ``lessons``, then the browser
    shards (the long ones start at once, one on each worker), then modules with slow tests, then
    the rest, largest first within each kind, so the short modules fill in whichever worker frees
    first. Within a group the collection order is kept.
    """
    lesson_modules = {
        item.nodeid.split("::", 1)[0]
        for item in items
        if LESSON_FIXTURE in getattr(item, "fixturenames", ())
    }
    shard_of = browser_shards([item.nodeid for item in items if needs_browser(item)])
    groups: dict[str, list[pytest.Item]] = {}
    for item in items:
        group = group_of(item, lesson_modules, shard_of)
        item.add_marker(pytest.mark.xdist_group(group))
        name_group_in_node_id(item, group)
        groups.setdefault(group, []).append(item)

    def rank(group: str) -> tuple[int, int]:
        if group in HEAVY_GROUPS:
            return 0, HEAVY_GROUPS.index(group)
        slow = any(item.get_closest_marker("slow") for item in groups[group])
        return (1 if slow else 2), -len(groups[group])

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


def _missing(what: str) -> None:
    """Skip a test for want of ``what`` on a developer's machine; fail it on CI (``CI`` set),
    where `make system` installs everything."""
    if os.environ.get("CI"):
        pytest.fail(f"CI needs {what} (make system)")
    pytest.skip(f"{what} is not installed; run `make system`")


@pytest.fixture(scope="session")
def chromium_session() -> Iterator[Any]:
    """This test process's one Chromium under Playwright. Playwright's sync API runs one
    instance per thread (a second ``sync_playwright()`` while the first runs fails with "using
    Playwright Sync API inside the asyncio loop"), so the JupyterLab tests' ``chromium_browser``
    and the book's ``book_chromium`` both hand out this one; each test opens its own context."""
    if browser.chromium_path() is None:
        _missing("Debian's chromium")
    with browser.chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def book_chromium(chromium_session: Any) -> Any:
    """Debian's Chromium under Playwright for the book's pages (tests/book, and the built book
    in tests/lessons). Not a :data:`BROWSER_FIXTURES` one: it starts no JupyterLab, so a test
    using it stays in its own group (the full book's tests stay in ``lessons``)."""
    return chromium_session


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core's browser script (:mod:`tools.axe`), for accessibility audits."""
    try:
        return axe.axe_script()
    except axe.AxeMissing:
        _missing("axe-core in tools/axe")
        raise
