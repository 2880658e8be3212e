"""Lesson objectives are data (``course/content/objectives.yaml``) and every one is assessed.

Each notebook's "## Objectives" list must read exactly as the data; every objective names at
least one scored question (self-check or vignette, not free text); every lesson's self-check set
is shown in its notebook (lesson 01's set once existed and was never shown).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import nbformat
import pytest

import course
import course.quiz as quiz
from course.catalogue import Catalogue
from course.loading import ContentError

ROOT = Path(__file__).resolve().parents[2]
LESSONS = {int(p.name[:2]): p for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
OBJECTIVES = {x.lesson: x for x in course.content().all("objectives")}
SCORED = {q.id for s in quiz.quiz_sets() for q in s.questions if q.kind != "free_text"}


def listed_objectives(path: Path) -> list[str]:
    """The numbered items of a notebook's "## Objectives" cell, whitespace collapsed."""
    notebook = nbformat.read(path, as_version=4)
    cell = next(
        c for c in notebook.cells if c.cell_type == "markdown" and "## Objectives" in c.source
    )
    items = re.split(r"^\d+\. ", cell.source, flags=re.M)[1:]
    return [" ".join(item.split()) for item in items]


def test_every_lesson_has_its_objectives_as_data():
    assert set(OBJECTIVES) == set(LESSONS)


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_notebook_shows_the_objectives_of_the_data_word_for_word(lesson):
    data = [" ".join(o.text.split()) for o in OBJECTIVES[lesson].objectives]
    assert listed_objectives(LESSONS[lesson]) == data


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_every_objective_has_at_least_one_scored_question(lesson):
    for objective in OBJECTIVES[lesson].objectives:
        scored = [q for q in objective.assessed_by if q in SCORED]
        assert scored, f"{objective.id} ('{objective.text}') is assessed by no scored question"
        assert scored == list(objective.assessed_by), f"{objective.id}: not all ids are scored"


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_every_lesson_self_check_set_is_shown_in_its_notebook(lesson):
    ident = f"lesson{lesson:02d}"
    assert ident in {s.id for s in quiz.quiz_sets()}, f"{ident} has no self-check set"
    notebook = nbformat.read(LESSONS[lesson], as_version=4)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert re.search(rf"selfcheck\(\s*[\"']{ident}[\"']", code), f"{ident} is never shown"


def test_lesson_self_checks_00_and_01_are_scored():
    for ident in ("lesson00", "lesson01"):
        _, questions = quiz.quiz_set(ident)
        assert sum(q.kind != "free_text" for q in questions) >= 2


BAD = {
    "sources/s.yaml": """\
        - id: seed_a
          citation: A seed.
          kind: seed
        """,
    "objectives.yaml": """\
        - id: lesson00
          lesson: 0
          objectives:
            - id: lesson00_o1
              text: Do something.
              assessed_by: [lesson00_q9]
            - id: lesson00_o2
              text: Do something else.
              assessed_by: []
          sources: [seed_a]
        """,
}


def test_an_unknown_or_missing_question_is_reported_with_file_entry_and_field(tmp_path):
    for name, text in BAD.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    with pytest.raises(ContentError) as error:
        Catalogue.load(tmp_path, required=False)
    message = str(error.value)
    assert "objectives.yaml" in message and "lesson00" in message
    assert "objectives[0].assessed_by" in message and "'lesson00_q9' names no" in message
    assert "objectives[1].assessed_by" in message and "name a scored question" in message
