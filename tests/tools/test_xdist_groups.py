"""How `make test` shares tests among xdist workers (tests/conftest.py, issue 10 item 11).

A test that uses the JupyterLab or Chromium fixtures joins one of the browser shards wherever it
lives (the shards are balanced by each test's measured cost, and each worker that runs one starts
its own lab and browser); modules that execute lessons share the ``lessons`` group; the long
groups are handed out first so that each starts on its own worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from ..conftest import (
    BROWSER_DEFAULT_SECONDS,
    BROWSER_FIXTURES,
    BROWSER_SECONDS,
    BROWSER_SHARDS,
    HEAVY_GROUPS,
    browser_seconds,
    browser_shards,
    pytest_collection_modifyitems,
    pytest_configure,
)

BROWSER_GROUPS = {f"browser-{n}" for n in range(BROWSER_SHARDS)}


@dataclass
class FakeItem:
    """Just what the grouping hook reads and writes of a collected test."""

    nodeid: str
    fixturenames: tuple[str, ...] = ()
    markers: list = field(default_factory=list)

    def get_closest_marker(self, name: str):
        return next((m for m in reversed(self.markers) if m.name == name), None)

    def add_marker(self, marker) -> None:
        self.markers.append(marker.mark if hasattr(marker, "mark") else marker)

    @property
    def group(self) -> str:
        return self.get_closest_marker("xdist_group").args[0]


def collected() -> list[FakeItem]:
    return [
        FakeItem("tests/unit/a/test_a.py::test_one"),
        FakeItem("tests/unit/b/test_b.py::test_plain"),
        FakeItem(
            "tests/unit/b/test_b.py::test_needs_a_lab", ("lab_page", "lab", "chromium_browser")
        ),
        FakeItem("tests/lessons/test_l.py::test_reads_a_run", ("lesson_runs",)),
        FakeItem("tests/lessons/test_l.py::test_plain_in_a_lesson_module"),
        FakeItem("tests/unit/s/test_s.py::test_slow", markers=[pytest.mark.slow.mark]),
        FakeItem("tests/browser/test_x.py::test_page", ("laptop_page", "lab", "chromium_browser")),
        FakeItem("tests/unit/m/test_m.py::test_marked", markers=[pytest.mark.browser.mark]),
    ]


def test_a_test_using_the_lab_or_browser_fixtures_joins_the_browser_group_wherever_it_lives():
    items = collected()
    pytest_collection_modifyitems(items)
    groups = {item.nodeid: item.group for item in items}
    assert groups["tests/unit/b/test_b.py::test_needs_a_lab"] in BROWSER_GROUPS
    assert groups["tests/browser/test_x.py::test_page"] in BROWSER_GROUPS
    assert groups["tests/unit/m/test_m.py::test_marked"] in BROWSER_GROUPS
    assert groups["tests/unit/b/test_b.py::test_plain"] == "tests/unit/b/test_b.py"
    # a lesson-running module stays whole on the lessons worker
    assert groups["tests/lessons/test_l.py::test_plain_in_a_lesson_module"] == "lessons"
    assert groups["tests/unit/a/test_a.py::test_one"] == "tests/unit/a/test_a.py"
    assert {"lab", "chromium_browser"} == BROWSER_FIXTURES


def test_the_long_groups_come_first_then_slow_modules_and_each_group_stays_together():
    items = collected()
    pytest_collection_modifyitems(items)
    order = [item.group for item in items]
    runs = [g for i, g in enumerate(order) if i == 0 or order[i - 1] != g]
    assert len(runs) == len(set(runs)), "a group split in two runs"
    heavy = [g for g in runs if g in HEAVY_GROUPS]
    assert runs[: len(heavy)] == heavy == [g for g in HEAVY_GROUPS if g in runs]
    assert set(HEAVY_GROUPS) == {"lessons"} | BROWSER_GROUPS
    # modules with slow tests before the quick ones
    assert runs[len(heavy)] == "tests/unit/s/test_s.py"


def test_loadgroup_hands_out_groups_in_collection_order_not_by_test_count():
    config = SimpleNamespace(option=SimpleNamespace(dist="loadgroup", loadscopereorder=True))
    pytest_configure(config)
    assert config.option.loadscopereorder is False
    other = SimpleNamespace(option=SimpleNamespace(dist="load", loadscopereorder=True))
    pytest_configure(other)
    assert other.option.loadscopereorder is True


def browser_suite() -> list[FakeItem]:
    """The browser tests as the real suite has them: one test over every lesson and a few
    single ones, plus tests elsewhere that must not join a shard."""
    lessons = [f"{n:02d}_lesson" for n in range(13)]
    items = [
        FakeItem(f"tests/browser/test_ux.py::test_every_widget_at_laptop_size[{lesson}]", BROWSER)
        for lesson in lessons
    ]
    items += [FakeItem(f"tests/browser/test_ux.py::test_single_{n}", BROWSER) for n in range(3)]
    items += [FakeItem("tests/unit/a/test_a.py::test_one"), *collected()]
    return items


BROWSER = ("laptop_page", "lab", "chromium_browser")


def test_every_browser_test_is_in_a_browser_shard_and_no_other_test_is():
    items = browser_suite()
    pytest_collection_modifyitems(items)
    for item in items:
        uses_browser = bool(set(item.fixturenames) & BROWSER_FIXTURES) or bool(
            item.get_closest_marker("browser")
        )
        assert (item.group in BROWSER_GROUPS) == uses_browser, item.nodeid
    assert {item.group for item in items} >= BROWSER_GROUPS, "every shard gets tests"


def test_the_browser_shards_are_balanced_by_measured_cost():
    items = [item for item in browser_suite() if item.nodeid.startswith("tests/browser/")]
    shard_of = browser_shards([item.nodeid for item in items])
    loads = [0.0] * BROWSER_SHARDS
    for nodeid, shard in shard_of.items():
        loads[shard] += browser_seconds(nodeid)
    costliest = max(browser_seconds(item.nodeid) for item in items)
    # dealt costliest first onto the lighter shard: no shard ends more than one test heavier
    assert max(loads) - min(loads) <= costliest, loads
    assert sum(loads) == sum(browser_seconds(item.nodeid) for item in items)


def test_the_shards_are_the_same_whatever_the_collection_order():
    """Each xdist worker collects on its own: the shards must come out the same on all."""
    nodeids = [item.nodeid for item in browser_suite()]
    assert browser_shards(nodeids) == browser_shards(list(reversed(nodeids)))


def test_a_browser_test_costs_its_measured_seconds_else_its_name_s_else_the_default():
    ux = "tests/browser/test_ux.py::test_every_widget_at_laptop_size"
    measured = BROWSER_SECONDS["test_every_widget_at_laptop_size"]
    assert (
        browser_seconds(f"{ux}[01_anatomy_of_the_buttock]") == measured["01_anatomy_of_the_buttock"]
    )
    assert browser_seconds(f"{ux}[13_a_new_lesson]") == measured[""]  # the mean over the lessons
    unknown = "tests/browser/test_x.py::test_nobody_measured"
    assert browser_seconds(unknown) == BROWSER_DEFAULT_SECONDS > 0


class WorkerItem(FakeItem):
    """A collected test on an xdist worker: its config says loadgroup, and its node id is read
    from a pytest ``NodeId`` kept in ``_id``, as pytest 9 does."""

    def __init__(self, node_id, fixturenames: tuple[str, ...] = ()):
        super().__init__(str(node_id), fixturenames)
        self._id = node_id
        self.config = SimpleNamespace(option=SimpleNamespace(loadgroup=True))

    def __getattribute__(self, name: str):
        if name == "nodeid":
            return str(object.__getattribute__(self, "_id"))
        return object.__getattribute__(self, name)


def test_on_a_loadgroup_worker_each_node_id_names_its_group_once(request):
    """pytest 9 ignores the ``_nodeid`` that xdist 3.8 sets, so the hook puts ``@group`` in the
    id itself: without it every test would be a group of its own."""
    parse = type(request.node._id).parse
    ids = ["tests/unit/a/test_a.py::test_one", "tests/browser/test_x.py::test_page[01_x]"]
    items = [WorkerItem(parse(ids[0])), WorkerItem(parse(ids[1]), BROWSER)]
    pytest_collection_modifyitems(items)
    groups = {}
    for item in items:
        item_id, group = item.nodeid.rsplit("@", 1)
        assert group == item.group
        groups[item_id] = group
    assert groups[ids[0]] == "tests/unit/a/test_a.py" and groups[ids[1]] in BROWSER_GROUPS
    pytest_collection_modifyitems(items)  # a second pass (or xdist, once fixed) adds nothing
    assert all(item.nodeid.count("@") == 1 for item in items)
    plain = [FakeItem(ids[0])]  # no worker config: plain pytest keeps its ids
    pytest_collection_modifyitems(plain)
    assert plain[0].nodeid == ids[0]
