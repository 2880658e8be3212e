"""Every seed 001 treatment and exercise is taught somewhere a test can point to: an entry id,
the lesson that shows it, and the words the lesson names it by (issue 12, "done when").

One row per entry; a new seed point adds a row here, not a new mechanism.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

import course
from course import management

ROOT = Path(__file__).resolve().parents[2]
LESSON_11 = "11_exercise_and_loading.ipynb"

COVERAGE: tuple[tuple[str, str, str, str, str], ...] = (
    # (collection, entry id, lesson notebook, words the lesson uses, call that shows the entry)
    (
        "treatments",
        "soft_tissue_release",
        LESSON_11,
        "soft-tissue release and foam rolling",
        "treatment_table()",
    ),
    ("treatments", "heat", LESSON_11, "heat", "treatment_table()"),
    ("treatments", "pain_relief", LESSON_11, "pain relief", "treatment_table()"),
    ("treatments", "shockwave", LESSON_11, "shockwave therapy", "treatment_table()"),
    ("treatments", "acupuncture", LESSON_11, "acupuncture", "treatment_table()"),
    ("exercises", "pigeon_stretch", LESSON_11, "pigeon stretch", "exercise_table()"),
    ("exercises", "hip_flexor_stretch", LESSON_11, "hip-flexor stretch", "exercise_table()"),
    ("exercises", "adductor_stretch", LESSON_11, "adductor stretch", "exercise_table()"),
    ("exercises", "bridge", LESSON_11, "bridge", "exercise_table()"),
    (
        "exercises",
        "side_lying_abduction",
        LESSON_11,
        "side-lying hip abduction",
        "exercise_table()",
    ),
    ("exercises", "adductor_squeeze", LESSON_11, "adductor squeeze", "exercise_table()"),
    ("exercises", "step_up", LESSON_11, "step-ups", "exercise_table()"),
    ("exercises", "lateral_step_up", LESSON_11, "lateral step-ups", "exercise_table()"),
    ("exercises", "single_leg_balance", LESSON_11, "single-leg balance", "exercise_table()"),
)


def lesson_text(notebook: str, cell_type: str) -> str:
    nb = nbformat.read(ROOT / "notebooks" / notebook, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == cell_type)


def shown_by(call: str) -> str:
    """What the lesson's display call shows, in words."""
    table = {
        "treatment_table()": management.treatment_table,
        "exercise_table()": management.exercise_table,
    }
    return table[call]().description()


def test_every_seed_001_entry_has_a_row():
    seeded = {("treatments", t.id) for t in course.content().all("treatments") if t.from_seed}
    seeded |= {("exercises", e.id) for e in course.content().all("exercises") if e.from_seed}
    assert seeded == {(collection, ident) for collection, ident, *_ in COVERAGE}
    assert len([r for r in COVERAGE if r[0] == "exercises"]) == 9
    assert len([r for r in COVERAGE if r[0] == "treatments"]) == 5


@pytest.mark.parametrize("row", COVERAGE, ids=lambda r: r[1])
def test_the_lesson_names_the_entry_and_shows_it(row):
    collection, ident, notebook, phrase, call = row
    record = course.content().get(collection, ident)
    prose = " ".join(lesson_text(notebook, "markdown").lower().split())
    assert re.search(rf"\b{re.escape(phrase)}\b", prose), f"{notebook} never names {phrase!r}"
    assert f"course.management.{call}" in lesson_text(notebook, "code"), f"{notebook} lacks {call}"
    assert record.name in shown_by(call)
