"""Lesson 08 runs headless, keeps its skeleton and never prints its self-check answers."""

from __future__ import annotations

import re

import nbformat
import pytest

from course.hypothesis.probability import post_test_probability
from tools import notebooks

LESSON = notebooks.NOTEBOOKS / "08_testing_a_hypothesis.ipynb"


@pytest.fixture(scope="module")
def source() -> nbformat.NotebookNode:
    return nbformat.read(LESSON, as_version=4)


@pytest.fixture(scope="module")
def executed(lesson_runs) -> nbformat.NotebookNode:
    """Lesson 08 as the session's one run of it left it."""
    return lesson_runs[LESSON]


def text_of(nb) -> str:
    return "\n".join(cell.source for cell in nb.cells)


def test_the_lesson_is_committed_without_outputs(source):
    for cell in source.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_the_lesson_follows_the_course_skeleton(source):
    headings = [line for line in text_of(source).splitlines() if line.startswith("#")]
    order = [
        next(i for i, h in enumerate(headings) if word in h.lower())
        for word in ("objectives", "sensitivity", "likelihood", "nomogram", "snnout",
                     "independence", "worked", "threshold", "try it", "self-check", "summary")
    ]  # fmt: skip
    assert order == sorted(order)
    assert text_of(source).count("course.disclaimer()") == 1


def test_the_worked_examples_come_from_buttock_pain(source):
    text = text_of(source)
    for needle in ("postpartum", "laslett_sij_3_of_6", "crossed SLR", "seated_piriformis_stretch"):
        assert needle in text


def test_self_check_has_two_numeric_prompts_and_no_answers(source):
    text = text_of(source)
    self_check = text[text.index("## Self-check") : text.index("## Summary")]
    assert len(re.findall(r"^\d\. ", self_check, flags=re.M)) == 2
    assert 'course.quiz.selfcheck("lesson08")' in self_check  # the sealed checks for both
    answers = (post_test_probability(0.25, 0.08), post_test_probability(0.20, 24.3))
    for answer in answers:
        for written in (f"{answer * 100:.0f} ?%", f"{answer * 100:.1f}", f"{answer:.2f}"):
            assert not re.search(rf"(?<![\d.]){written}", text), f"answer {written} is written"


@pytest.mark.slow
def test_the_lesson_runs_and_shows_the_nomogram_and_the_widget(executed):
    assert notebooks.errors(executed) == []
    outputs = [o for cell in executed.cells if cell.cell_type == "code" for o in cell.outputs]
    streams = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "51.7%" in streams  # the by-hand example, 20 % and LR+ 4.29
    assert "both count thigh_thrust" in streams  # the independence refusal
    pictures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(pictures) >= 2
    assert any("Fagan nomogram" in o["data"]["text/plain"] for o in pictures)
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
