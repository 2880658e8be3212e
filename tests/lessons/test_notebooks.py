"""Every lesson runs top to bottom in a fresh kernel with no error, and keeps its skeleton.

The executed lessons come from the session's one run of each (``lesson_runs``, tests/conftest.py).
"""

from __future__ import annotations

import nbformat
import pytest

from tools import notebooks

LESSONS = notebooks.lessons()


def test_there_are_lessons():
    names = [p.stem for p in LESSONS]
    assert names[0] == "00_start_here"
    assert len(names) >= 5


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_executes_without_error(path, lesson_runs):
    executed = lesson_runs[path]
    assert notebooks.errors(executed) == []


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_follows_the_skeleton(path):
    """Objectives, teaching, something to do, self-check, summary; and the disclaimer once."""
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    headings = [line.lower() for line in text.splitlines() if line.startswith("#")]
    for part in ("objectives", "self-check", "summary"):
        assert any(part in h for h in headings), f"{path.name} lacks a '{part}' heading"
    assert text.count("course.disclaimer()") == 1, f"{path.name} must show the disclaimer once"
