"""How `make test` shares tests among xdist workers (tests/conftest.py, issue 10 item 11).

A test that uses the JupyterLab or Chromium fixtures joins the one ``browser`` group wherever it
lives, so one worker starts them; modules that execute lessons share the ``lessons`` group; the
two long groups are handed out first so that each starts on its own worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from ..conftest import (
    BROWSER_FIXTURES,
    HEAVY_GROUPS,
    pytest_collection_modifyitems,
    pytest_configure,
)


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
    assert groups["tests/unit/b/test_b.py::test_needs_a_lab"] == "browser"
    assert groups["tests/browser/test_x.py::test_page"] == "browser"
    assert groups["tests/unit/m/test_m.py::test_marked"] == "browser"
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
    assert tuple(runs[:2]) == HEAVY_GROUPS == ("lessons", "browser")
    assert runs[2] == "tests/unit/s/test_s.py"  # modules with slow tests before the quick ones


def test_loadgroup_hands_out_groups_in_collection_order_not_by_test_count():
    config = SimpleNamespace(option=SimpleNamespace(dist="loadgroup", loadscopereorder=True))
    pytest_configure(config)
    assert config.option.loadscopereorder is False
    other = SimpleNamespace(option=SimpleNamespace(dist="load", loadscopereorder=True))
    pytest_configure(other)
    assert other.option.loadscopereorder is True
