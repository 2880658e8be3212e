"""Safety framing for self-learners (clinical review F26, F29).

The Fagan widget and the red-flag screen carry their own caption (in the widget, its exported
copy and its words); the start page and the README tell a person with these symptoms when to
seek care now, today or routinely, in the words of the urgency tiers, without individual advice.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

import course
from course import lessons
from course.hypothesis import nomogram
from course.hypothesis.widget import HypothesisExplorer

ROOT = Path(__file__).resolve().parents[2]


def test_red_flag_screen_carries_its_caption_everywhere():
    screen = lessons.red_flag_screen(case="A man of 70 with new back pain.")
    assert lessons.SCREEN_CAPTION in screen.description()
    screen.boxes[next(iter(screen.boxes))].value = True
    assert screen.description().endswith(lessons.SCREEN_CAPTION)
    bundle = screen._repr_mimebundle_()
    assert bundle["text/plain"].endswith(lessons.SCREEN_CAPTION)
    assert "does not assess anyone" in bundle["text/html"]
    assert "does not assess anyone" in screen.widget.children[0].value


def test_fagan_widget_and_its_picture_carry_their_caption():
    drawn = nomogram.draw(0.3, 4.0)
    assert drawn.describe().endswith(nomogram.CAPTION)
    assert nomogram.CAPTION in [t.get_text() for t in drawn.figure.texts]
    explorer = HypothesisExplorer()
    assert "illustrative, not published values" in explorer.widget.children[0].value
    assert nomogram.CAPTION in explorer._repr_mimebundle_()["text/plain"]


def _start_page_safety_section() -> str:
    notebook = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4)
    return next(
        c.source
        for c in notebook.cells
        if c.cell_type == "markdown" and c.source.startswith("## If you have buttock pain yourself")
    )


def _readme_safety_section() -> str:
    text = (ROOT / "README.md").read_text()
    return text.split("## If you have buttock pain yourself", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("read", [_start_page_safety_section, _readme_safety_section])
def test_start_page_and_readme_say_when_to_seek_care(read):
    text = " ".join(read().split())
    # now, today, and routine: the emergency, same-day and soon tiers in their own words
    assert re.search(r"ambulance or go to the emergency department now", text)
    assert "See a doctor today" in text
    assert "routine" in text
    for sign in (
        "numbness",
        "urine",
        "both legs",
        "cold, pale",
        "collapsing",
        "cancer",
        "feverish",
    ):
        assert sign in text, sign
    assert "cannot assess you" in text
    assert course.urgency_tier("emergency").when == "Now"
