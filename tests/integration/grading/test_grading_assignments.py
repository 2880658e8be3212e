"""The graded assignments as an instructor writes them: nbgrader cells in the right shape,
options that are real course conditions, hidden tests that a cheat cannot pass, a rubric for
every free-text question, no self-check item, and a reference widget that works.

Two kinds: the case reviews, answered by setting ``answer_...`` variables (a letter or a
condition id), and the virtual patient, answered by a saved run the student hands in (its
notebook names the run file in its metadata); each kind is checked by its own tests here, and
the virtual patient's grading end to end by ``test_virtual_patient.py``."""

from __future__ import annotations

import builtins
import dataclasses
import os
import re

import nbformat
import pytest
import yaml
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

import course
from course.grading import CourseDir
from course.grading.leaks import HIDDEN_TESTS, SOLUTION, region_lines, without_regions
from course.grading.saved_runs import expected
from course.patient import runs
from course.records.patient import open_expert
from tools import vp_assignment
from tools.paths import ROOT

from .test_virtual_patient import good_run, weak_run

COURSE = CourseDir()
ASSIGNMENTS = COURSE.assignments()


def source(assignment: str) -> nbformat.NotebookNode:
    return nbformat.read(COURSE.path("source", assignment) / f"{assignment}.ipynb", as_version=4)


PLAYED = [a for a in ASSIGNMENTS if expected(source(a))]
"""Assignments answered by a saved virtual-patient run."""
ANSWERED = [a for a in ASSIGNMENTS if a not in PLAYED]
"""Assignments answered by setting ``answer_...`` variables (a letter or a condition id)."""


def test_every_assignment_is_of_a_known_kind():
    assert {"case_review_1", "case_review_2", "case_review_3"} <= set(ANSWERED)
    assert PLAYED == ["virtual_patient"]


def cells(assignment: str, **flags) -> list:
    """Cells whose nbgrader metadata has every given flag set to the given value."""
    return [
        c
        for c in source(assignment).cells
        if all(c.metadata.get("nbgrader", {}).get(k, False) == v for k, v in flags.items())
    ]


def questions(assignment: str):
    """(variable, options, correct value, test source) for each autograded question."""
    found = []
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in source(assignment).cells}
    for answer_cell in cells(assignment, solution=True, grade=False):
        stem = answer_cell.metadata.nbgrader.grade_id.removesuffix("_answer")
        (line,) = region_lines(answer_cell.source, SOLUTION)
        variable, value = (part.strip().strip('"') for part in line.split("=", 1))
        options = re.findall(r"^\| `([^`]+)` \|", by_id[f"{stem}_question"].source, flags=re.M)
        found.append((variable, options, value, by_id[f"{stem}_test"].source))
    return found


def passes(test: str, namespace: dict) -> bool:
    """Does a test cell pass, as nbgrader scores it (any exception fails it)?"""
    try:
        exec(compile(test, "<test>", "exec"), namespace)
    except Exception:
        return False
    return True


@pytest.mark.parametrize("assignment", ANSWERED)
def test_each_assignment_has_autograded_and_manual_questions(assignment):
    answers = cells(assignment, solution=True, grade=False)
    tests = cells(assignment, grade=True, solution=False, locked=True)
    manual = cells(assignment, grade=True, solution=True)
    assert len(answers) == len(tests) >= 2
    assert all(t.cell_type == "code" and t.metadata.nbgrader.points > 0 for t in tests)
    for test in tests:
        visible = test.source.split("### BEGIN HIDDEN TESTS")[0]
        assert "assert type(" in visible and " in {" in visible  # form: type and allowed values
        assert len(region_lines(test.source, HIDDEN_TESTS)) >= 2
    assert len(manual) >= 2 and all(m.cell_type == "markdown" for m in manual)
    rubric = (COURSE.root / "rubrics" / f"{assignment}.md").read_text()
    for cell in manual:
        assert (
            f"## {cell.metadata.nbgrader.grade_id} ({cell.metadata.nbgrader.points:g} points)"
            in rubric
        )


@pytest.mark.parametrize("assignment", ANSWERED)
def test_options_are_course_conditions_or_letters(assignment):
    conditions = set(course.ids("conditions"))
    for variable, options, value, _ in questions(assignment):
        assert value in options, f"{variable}: the key is not among the options shown"
        assert len(options) == 5
        if all(len(o) == 1 for o in options):
            assert options == list("ABCDE")
        else:
            assert set(options) <= conditions, f"{variable}: unknown condition ids"


@pytest.mark.parametrize("assignment", ANSWERED)
def test_hidden_tests_pass_the_key_and_nothing_else(assignment):
    for variable, options, value, test in questions(assignment):
        assert passes(test, {variable: value})
        assert passes(test, {variable: f"  {value.upper() if len(value) > 1 else value.lower()} "})
        for other in set(options) - {value}:
            assert not passes(test, {variable: other}), f"{variable}={other!r} passed"
        assert not passes(test, {}), "an unanswered question passed"
        assert not passes(test, {variable: 1})


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __hash__(self):
        return 0


class EqualStr(str):
    """A str (for isinstance) equal to everything, whose methods return itself."""

    def __eq__(self, other):
        return True

    __hash__ = str.__hash__

    def strip(self, *args):
        return self

    lower = upper = strip


def cheating_builtins(cheat) -> dict:
    """Builtins patched as a student's earlier cell could: type() lies, str is replaced by the
    cheat's class, AssertionError is swapped for an exception nobody raises."""
    patched = dict(vars(builtins))
    real_type = builtins.type
    patched["type"] = lambda *a: patched["str"] if len(a) == 1 and a[0] is cheat else real_type(*a)
    patched["str"] = real_type(cheat)
    patched["AssertionError"] = real_type("Never", (Exception,), {})
    patched["isinstance"] = lambda *a: True
    return patched


@pytest.mark.parametrize("assignment", ANSWERED)
@pytest.mark.parametrize("cheat", [AlwaysEqual(), EqualStr("?")], ids=["__eq__", "str-subclass"])
def test_hidden_tests_resist_objects_and_patched_builtins(assignment, cheat):
    naive = 'assert type({0}) is str\nassert {0} == "b"'
    for variable, _, _, test in questions(assignment):
        patched = {variable: cheat, "__builtins__": cheating_builtins(cheat)}
        assert passes(naive.format(variable), dict(patched)), "the cheat beats a naive test"
        assert not passes(test, {variable: cheat})
        assert not passes(test, patched)


def test_no_self_check_item_is_reused_in_an_assignment():
    """Graded cases are not the self-check vignettes, and assignments use no self-check code."""
    text = "\n".join(c.source for a in ASSIGNMENTS for c in source(a).cells)
    assert "course.quiz" not in text and "self_check" not in text.replace("-", "_").lower()
    # the case reviews' patients (a virtual patient's case is its own content, checked there)
    text = "\n".join(c.source for a in ANSWERED for c in source(a).cells)
    folder = ROOT / "course" / "content" / "vignettes"
    passages = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        passages += [s for s in _strings(yaml.safe_load(path.read_text())) if len(s) >= 60]
    assert not [p for p in passages if p in text]
    # Different patients too: no graded case shares its patient's age and sex with a vignette.
    sexes = {"Mr": "male", "Ms": "female", "Mrs": "female"}
    graded = {
        (int(age), sexes[title])
        for title, age in re.findall(r"\*\*Patient\.\*\* (Mrs?|Ms) [A-Z]\., (\d+)", text)
    }
    assert len(graded) == 2 * len(ANSWERED)
    vignettes = [yaml.safe_load(p.read_text()) for p in sorted(folder.glob("*.yaml"))]
    seen = {(v["patient"]["age"], v["patient"]["sex"]) for v in vignettes if "patient" in v}
    assert not graded & seen


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.slow
def test_the_reference_widget_works_when_driven_in_a_kernel(monkeypatch):
    """The assignment's lookup widget: choose a test in the dropdown, the card shows that test."""
    nb = source(ANSWERED[0])
    setup = [c for c in nb.cells if c.cell_type == "code" and "nbgrader" not in c.metadata][:2]
    assert "interactive(" in setup[1].source
    drive = (
        "dropdown = lookup.children[0]\n"
        "assert dropdown.value == course.clinical_tests()[0].id\n"
        'dropdown.value = "slump_test"\n'
        "print(lookup.result.id)\n"
        "print(lookup.result._repr_html_())"
    )
    run = new_notebook(cells=[new_code_cell(c.source) for c in setup] + [new_code_cell(drive)])
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    )
    NotebookClient(run, timeout=120, kernel_name="python3").execute()
    printed = "".join(o.get("text", "") for o in run.cells[-1].outputs)
    assert printed.splitlines()[0] == "slump_test"
    assert course.clinical_test("slump_test").name in printed


# ------------------------------------------------------------- assignments answered by a run
def the_case(assignment: str):
    ((_, case_id),) = expected(source(assignment)).items()
    return course.patient.case(case_id)


def test_the_played_assignment_is_what_the_tool_writes_for_its_case():
    """The committed notebook and rubric are exactly what ``tools/vp_assignment.py`` writes
    from the case's sealed expert answer: the hidden tests' key is the expert's."""
    (assignment,) = PLAYED
    case = the_case(assignment)
    expert = open_expert(case)
    written = vp_assignment.notebook(case, expert)
    committed = source(assignment)
    assert [(c.cell_type, c.source, c.metadata) for c in committed.cells] == [
        (c.cell_type, c.source, c.metadata) for c in written.cells
    ], f"run `python -m tools.vp_assignment {case.id}` again"
    assert committed.metadata == written.metadata
    rubric = (COURSE.root / "rubrics" / f"{assignment}.md").read_text()
    assert rubric == vp_assignment.rubric(case, expert)


@pytest.mark.parametrize("assignment", PLAYED)
def test_a_played_assignment_has_its_parts(assignment):
    nb = source(assignment)
    ((run_file, case_id),) = expected(nb).items()
    (load,) = [c for c in cells(assignment, locked=True, grade=False) if c.cell_type == "code"]
    assert f'"{run_file}"' in load.source and "runs.load_run(" in load.source
    assert f'"{case_id}"' in load.source
    (play,) = [c for c in nb.cells if "course.patient.play(" in c.source]
    assert "show_engine=False" in play.source and "feedback=False" in play.source  # no key shown
    assert f'save_to="{run_file}"' in play.source and f'play("{case_id}"' in play.source
    tests = cells(assignment, grade=True, solution=False, locked=True)
    assert {t.metadata.nbgrader.grade_id: t.metadata.nbgrader.points for t in tests} == (
        vp_assignment.POINTS
    )
    expert = open_expert(the_case(assignment))
    for test in tests:
        visible = without_regions(test.source, HIDDEN_TESTS)
        assert visible.count("assert ") >= 2  # form checks the student sees
        assert expert.differential[0] not in visible
        hidden = region_lines(test.source, HIDDEN_TESTS)
        intact = vp_assignment._intact(case_id).splitlines()
        assert hidden[: len(intact)] == intact  # every part first checks the run is intact
        assert len(hidden) > len(intact) or test.metadata.nbgrader.grade_id == "run_test"
    (manual,) = cells(assignment, grade=True, solution=True)
    assert manual.cell_type == "markdown"
    rubric = (COURSE.root / "rubrics" / f"{assignment}.md").read_text()
    assert (
        f"## {manual.metadata.nbgrader.grade_id} ({manual.metadata.nbgrader.points:g} points)"
        in rubric
    )


def scores(assignment: str, namespace: dict) -> dict[str, bool]:
    """Whether each test cell passes after the load cell ran (its namespace given)."""
    return {
        t.metadata.nbgrader.grade_id: passes(t.source, dict(namespace))
        for t in cells(assignment, grade=True, solution=False, locked=True)
    }


def loaded(case, run) -> dict:
    return {"run": run, "runs": runs, "course": course, "CASE": case.id}


@pytest.mark.parametrize("assignment", PLAYED)
def test_played_hidden_tests_pass_the_key_and_nothing_else(assignment):
    case = the_case(assignment)
    assert all(scores(assignment, loaded(case, good_run(case))).values())
    weak = scores(assignment, loaded(case, weak_run(case)))
    assert weak == {**dict.fromkeys(vp_assignment.POINTS, False), "run_test": True}
    assert not any(scores(assignment, loaded(case, None)).values())
    good = good_run(case)
    edited = dataclasses.replace(good, answer=dataclasses.replace(good.answer, urgency="emergency"))
    assert not runs.verify(edited, case).ok
    assert not any(scores(assignment, loaded(case, edited)).values())


@pytest.mark.parametrize("cheat", [AlwaysEqual(), EqualStr("?")], ids=["__eq__", "str-subclass"])
@pytest.mark.parametrize("assignment", PLAYED)
def test_played_hidden_tests_resist_objects_and_patched_builtins(assignment, cheat):
    """A weak run with its fields swapped for objects equal to everything, under patched
    builtins: no hidden key check passes (the seal, and ``"".__class__``, see through it)."""
    case = the_case(assignment)
    weak = weak_run(case)
    answer = dataclasses.replace(weak.answer, differential=(cheat,) * 3, urgency=cheat)
    faked = dataclasses.replace(weak, answer=answer)
    namespace = {**loaded(case, faked), "__builtins__": cheating_builtins(cheat)}
    found = scores(assignment, namespace)
    assert not any(v for k, v in found.items())
