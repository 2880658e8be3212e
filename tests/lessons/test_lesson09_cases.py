"""Lesson 09's case browser opens on a case the lesson has not worked above it (issue 17,
finding 14), decided from the lesson's own cells rather than a fixed id."""

from __future__ import annotations

import re

import nbformat
import pytest

import course.quiz as quiz
from tools import notebooks

LESSON = notebooks.NOTEBOOKS / "09_case_vignettes.ipynb"


@pytest.fixture(scope="module")
def cells() -> list[str]:
    """The lesson's code cells, up to and including the one that opens the case browser."""
    sources = [c.source for c in nbformat.read(LESSON, as_version=4).cells if c.cell_type == "code"]
    last = next(i for i, s in enumerate(sources) if "case_browser(" in s)
    return sources[: last + 1]


def test_the_case_browser_opens_on_a_case_not_worked_above(cells, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    worked = {i for s in cells[:-1] for i in re.findall(r"selfcheck\(\"(case_\d+)\"\)", s)}
    assert worked, "the lesson works a case above the browser"
    # the lesson's own code, run in-process up to the browser (no notebook kernel)
    namespace: dict = {}
    for source in cells[:-1]:
        exec(source, namespace)
    browser = eval(cells[-1].split("#")[0].strip(), namespace)
    first_other = next(c.id for c in quiz.vignettes() if c.id not in worked)
    assert browser.state == first_other and browser.state not in worked
    assert browser.current.set.id == first_other
