"""Lesson 13 runs headless: it states the engine's formula, works vp_01 in code to the engine's
own top three, plays the patient, offers every other patient by neutral title (never a
diagnosis), and assesses each of its objectives with a scored self-check question."""

from __future__ import annotations

import re
from html import unescape

import nbformat
import pytest

import course
import course.quiz as quiz
from course import patient
from course.patient import engine
from course.records.patient import open_expert
from tools import notebooks

LESSON = notebooks.NOTEBOOKS / "13_virtual_patient.ipynb"
PLAY = "patient.play("
"""What the lesson's code calls to play a patient in the widget."""


@pytest.fixture(scope="module")
def source() -> nbformat.NotebookNode:
    return nbformat.read(LESSON, as_version=4)


@pytest.fixture(scope="module")
def executed(lesson_runs) -> nbformat.NotebookNode:
    """Lesson 13 as the session's one run of it left it."""
    return lesson_runs[LESSON]


@pytest.fixture(scope="module")
def worked(source) -> dict:
    """The namespace the lesson's code leaves before it first plays a patient (run in-process,
    no notebook kernel): the worked case, its findings and the engine the lesson built."""
    code = [c.source for c in source.cells if c.cell_type == "code"]
    namespace: dict = {}
    for cell in code[: next(i for i, s in enumerate(code) if PLAY in s)]:
        exec(cell, namespace)
    return namespace


def text_of(nb) -> str:
    return "\n".join(cell.source for cell in nb.cells)


def streams(nb) -> str:
    """Everything the executed lesson printed."""
    return "".join(
        o.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for o in cell.outputs
        if o.get("output_type") == "stream"
    )


def top_three_lines(differential) -> list[str]:
    """The lines the lesson's ``top_three`` prints for the three leading conditions."""
    return [
        f"{place}. {s.condition.name}: {s.probability:.0%}"
        for place, s in enumerate(differential.top(3), start=1)
    ]


def diagnosis_words() -> set[str]:
    """The ids and names of every condition in any shipped case's expert differential."""
    words = set()
    for case in patient.cases():
        for ident in open_expert(case).differential:
            words |= {ident.lower(), course.condition(ident).name.lower()}
    return words


def test_the_lesson_is_committed_without_outputs(source):
    for cell in source.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_the_lesson_follows_its_skeleton(source):
    headings = [line.lower() for line in text_of(source).splitlines() if line.startswith("#")]
    order = [
        next(i for i, h in enumerate(headings) if word in h)
        for word in ("objectives", "stages", "weighs", "urgency", "worked case", "play it",
                     "other patients", "self-check", "summary")
    ]  # fmt: skip
    assert order == sorted(order)
    text = text_of(source)
    assert text.count("course.disclaimer()") == 1
    for shown in ("engine.FORMULA", "engine.TEACHING_AID", 'patient.play("vp_01")'):
        assert shown in text
    assert re.search(r"chooser\.choose\(worked=\[\"vp_01\"\]", text)


def test_the_worked_case_reaches_the_engines_own_leader(worked):
    case, findings, reasoner = worked["case"], worked["findings"], worked["reasoner"]
    assert case.id == "vp_01" and worked["leader"] in {c.id for c in course.conditions()}
    stages = {f.item.stage for f in findings}
    assert {"history", "tests"} <= stages, "the worked case reveals more than one stage"
    assert any(f.item.flag for f in findings), "the worked case asks red-flag questions"
    final = reasoner.rank(findings)
    assert final.top(1)[0].condition.id == worked["leader"], "the replay follows the leader"
    assert open_expert(case).differential[0] in [s.condition.id for s in final.top(3)]
    assert final.tier == "none" == open_expert(case).urgency


def test_the_self_check_assesses_every_objective_and_writes_no_answer(source):
    _, questions = quiz.quiz_set("lesson13")
    scored = {q.id for q in questions if q.kind != "free_text"}
    assert len(scored) >= 5
    (objectives,) = [x for x in course.content().all("objectives") if x.lesson == 13]
    for objective in objectives.objectives:
        assert objective.assessed_by and set(objective.assessed_by) <= scored, objective.id
    assert 'course.quiz.selfcheck("lesson13")' in text_of(source)
    assert quiz.item("lesson13_q3").kind == "numeric"
    for written in ("32%", "32 %", "32.2", "0.32"):  # its answer (10 % and LR+ 4.27)
        assert written not in text_of(source), f"the self-check's answer {written} is written"


@pytest.mark.slow
def test_the_lesson_runs_and_shows_the_formula_the_top_three_and_the_patients(executed, worked):
    assert notebooks.errors(executed) == []
    printed = streams(executed)
    assert engine.FORMULA in printed and engine.TEACHING_AID in printed
    final = worked["reasoner"].rank(worked["findings"])
    for line in top_three_lines(final):
        assert line in printed, f"the worked case does not show {line!r}"
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) >= 3, "the patient, the chooser and the self-check are widgets"
    pages = [o["data"].get("text/html", "") for o in views]
    (chooser,) = [p for p in pages if "any of these" in p and "patients" in p]
    for case in patient.cases():
        assert f"{case.id}: {case.title}" in unescape(chooser)
    named = [w for w in diagnosis_words() if w in chooser.lower()]
    assert named == [], f"the chooser names a diagnosis: {named}"
