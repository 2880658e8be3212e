"""The graded virtual patient through the real pipeline: nbgrader's CLI and SQLite gradebook,
each submission's kernel in the bubblewrap sandbox.

The assignment is released, then a class hands in the student notebook with a saved run made
the way the widget makes one, by driving :class:`course.patient.runs.Recorder` through the case
(no widget is needed): a good run and a weak one; a weak run edited by hand afterwards (a
changed answer, added red-flag questions); a run written by hand without the Recorder; no run
file; a run of another case; a file that is not JSON, one nested to crash a parser and a link
to a system file; and a student whose own cell patches ``runs.verify`` to pass a forged run.
Each student's score per cell is read back from the gradebook, the report must name each
flagged student, and every submitted file must be byte-identical after grading.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import nbformat
import pytest

import course
from course.grading import CourseDir, autograde, feedback, release, report
from course.grading.leaks import hidden_test_lines, html_text, normalise
from course.grading.saved_runs import expected
from course.patient import runs
from course.records.patient import open_expert
from tools.synthclass import copy_course
from tools.vp_assignment import ASSIGNMENT, JUSTIFICATION_POINTS, POINTS, RUN_FILE

from .test_grading import by_id, cell_scores, digests

pytestmark = pytest.mark.slow

MANUAL = {"justification": None}
"""The hand-marked cell: no score until the grader gives one."""


def source_notebook(course_dir: CourseDir) -> nbformat.NotebookNode:
    path = course_dir.path("source", ASSIGNMENT) / f"{ASSIGNMENT}.ipynb"
    return nbformat.read(path, as_version=4)


def the_case(course_dir: CourseDir):
    ((_, case_id),) = expected(source_notebook(course_dir)).items()
    return course.patient.case(case_id)


# ----------------------------------------------------------------------- runs, as played
def played(case, items, differential, urgency, next_step) -> runs.PatientRun:
    """A run made as the widget makes one: each item asked through the Recorder, a minute
    apart, then the decision committed."""
    recorder = runs.Recorder(case)
    for minute, item in enumerate(items, start=1):
        recorder.ask(item, at=60.0 * minute)
    return recorder.commit(runs.Decision(tuple(differential), urgency, next_step, ()))


def good_run(case) -> runs.PatientRun:
    """The expert's answer, after the red-flag questions and the findings in the expert's map:
    no investigation, nothing this patient did not need."""
    expert = open_expert(case)
    items = dict.fromkeys([*expert.must_ask, *(link.item for link in expert.links)])
    return played(case, items, expert.differential, expert.urgency, expert.next_step)


def weak_run(case) -> runs.PatientRun:
    """No red-flag question; only examinations, tests and investigations the case does not
    script (nothing they show bears on this patient); a differential without the expert's
    first two diagnoses and the wrong tier."""
    expert = open_expert(case)
    scripted = {answer.item for answer in case.answers} | set(expert.must_ask)
    items = [i.id for i in course.patient.menu() if i.stage != "history" and i.id not in scripted]
    wrong = [c for c in course.ids("conditions") if c not in expert.differential[:2]][:3]
    tier = "emergency" if expert.urgency != "emergency" else "none"
    step = "emergency_department" if tier == "emergency" else "reassure"
    return played(case, items, wrong, tier, step)


def saved(run: runs.PatientRun, folder: Path) -> bytes:
    path = folder / RUN_FILE
    runs.save_run(run, path)
    data = path.read_bytes()
    path.unlink()
    return data


def edited_answer(data: bytes, case) -> bytes:
    """A weak run whose committed differential is changed by hand to the expert's."""
    record = json.loads(data)
    record["answer"]["differential"] = list(open_expert(case).differential)
    return json.dumps(record).encode()


def added_red_flags(data: bytes, case) -> bytes:
    """A weak run with the red-flag questions it never asked added by hand, at the start."""
    record = json.loads(data)
    asked = [[item, 1.0, record["events"][0][2]] for item in open_expert(case).must_ask]
    record["events"] = asked + record["events"]
    return json.dumps(record).encode()


def forged(data: bytes, case) -> bytes:
    """A run written by hand, field by field, without the Recorder: the expert's answer with a
    seal made up to look like one."""
    record = json.loads(data)
    expert = open_expert(case)
    record["events"] = [
        [item, 30.0 * n, hashlib.sha256(item.encode()).hexdigest()]
        for n, item in enumerate(expert.must_ask, start=1)
    ]
    record["answer"] = {
        "differential": list(expert.differential),
        "urgency": expert.urgency,
        "next_step": expert.next_step,
        "links": [],
    }
    record["seal"] = hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()
    return json.dumps(record, indent=1).encode()


PATCH_VERIFY = """
import course.patient.runs as _runs


class _Fine:
    ok = True
    problems = ()


_runs.verify = lambda *args, **kwargs: _Fine()
"""
"""A student's own cell making every run pass ``runs.verify`` in its kernel."""


# ----------------------------------------------------------------------------- the class
@dataclasses.dataclass
class Submission:
    run: bytes | None
    """The run file's bytes, or None for no file."""
    extra_cell: str | None = None
    """Code the student put in a cell of their own after the load cell."""
    link: str | None = None
    """The run file is a symbolic link to this path instead."""


def make_class(case, folder: Path) -> dict[str, Submission]:
    good, weak = saved(good_run(case), folder), saved(weak_run(case), folder)
    others = [c for c in course.patient.cases() if c.id != case.id]
    other = saved(good_run(others[0]) if others else played_other(case), folder)
    return {
        "good": Submission(good),
        "weak": Submission(weak),
        "edited_answer": Submission(edited_answer(weak, case)),
        "added_red_flags": Submission(added_red_flags(weak, case)),
        "forged": Submission(forged(weak, case)),
        "missing": Submission(None),
        "other_case": Submission(other),
        "not_json": Submission(b'{"case_id": "vp_01", "events": [["hx_onset", 1.0'),
        "nested": Submission(b"[" * 100_000 + b"]" * 100_000),
        "patched_verify": Submission(forged(weak, case), PATCH_VERIFY),
        "linked": Submission(None, link="/etc/passwd"),
    }


def played_other(case) -> runs.PatientRun:
    """A run of another case when the content holds this one only: a renamed copy of it,
    played with the expert's answer."""
    expert = open_expert(case)
    other = dataclasses.replace(case, id=f"{case.id}_other")
    return played(other, expert.must_ask, expert.differential, expert.urgency, expert.next_step)


FULL = dict(POINTS)
NOTHING = dict.fromkeys(POINTS, 0.0)
WEAK = {**NOTHING, "run_test": float(POINTS["run_test"])}

EXPECTED = {
    # student: (problem kinds the report must show, score per autograded cell)
    "good": (set(), FULL),
    "weak": (set(), WEAK),
    "edited_answer": ({"tampered"}, NOTHING),
    "added_red_flags": ({"tampered"}, NOTHING),
    "forged": ({"tampered"}, NOTHING),
    "missing": ({"missing_run"}, NOTHING),
    "other_case": ({"invalid_run"}, NOTHING),
    "not_json": ({"invalid_run"}, NOTHING),
    "nested": ({"invalid_run"}, NOTHING),
    "patched_verify": ({"tampered"}, NOTHING),
    "linked": ({"unsafe_file", "missing_run"}, NOTHING),  # never followed
}
FLAGGED = ("edited_answer", "added_red_flags", "forged", "patched_verify")


def submit_class(course_dir: CourseDir, case, scratch: Path) -> None:
    student_version = course_dir.path("release", ASSIGNMENT) / f"{ASSIGNMENT}.ipynb"
    for student, submission in make_class(case, scratch).items():
        nb = nbformat.read(student_version, as_version=4)
        by_id(nb)["justification"].source = "The provocation cluster and where it hurts."
        if submission.extra_cell:
            at = nb.cells.index(by_id(nb)["load_run"]) + 1
            nb.cells.insert(at, nbformat.v4.new_code_cell(submission.extra_cell))
        folder = course_dir.path("submitted", ASSIGNMENT, student)
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2026-05-04 09:00:00.000000 UTC")
        (folder / f"{ASSIGNMENT}.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
        if submission.run is not None:
            (folder / RUN_FILE).write_bytes(submission.run)
        if submission.link is not None:
            (folder / RUN_FILE).symlink_to(submission.link)


@pytest.fixture(scope="module")
def course_dir(tmp_path_factory) -> CourseDir:
    copied = copy_course(tmp_path_factory.mktemp("virtual-patient") / "course")
    outcome = release(copied, ASSIGNMENT)
    assert outcome.ok, outcome.table()
    return copied


@pytest.fixture(scope="module")
def graded(course_dir, tmp_path_factory):
    case = the_case(course_dir)
    submit_class(course_dir, case, tmp_path_factory.mktemp("runs"))
    submitted = course_dir.root / "submitted"
    before = digests(submitted)
    outcome = autograde(course_dir, ASSIGNMENT)
    return outcome, before, digests(submitted)


# ------------------------------------------------------------------------------ the tests
def test_the_runs_are_what_each_student_is_meant_to_hand_in(course_dir, tmp_path):
    """The harness itself: the good and weak runs verify, the hand-made ones do not."""
    case = the_case(course_dir)
    subs = make_class(case, tmp_path)
    for student in ("good", "weak"):
        (tmp_path / RUN_FILE).write_bytes(subs[student].run)
        assert runs.verify(runs.load_run(tmp_path / RUN_FILE), case).ok, student
    for student in ("edited_answer", "added_red_flags", "forged"):
        (tmp_path / RUN_FILE).write_bytes(subs[student].run)
        assert not runs.verify(runs.load_run(tmp_path / RUN_FILE), case).ok, student
    expert = open_expert(case)
    score = runs.score(good_run(case), case, expert)
    assert score.top3 and score.urgency_ok and not score.flags_missed


def test_every_student_is_graded_with_the_problem_named(graded):
    outcome, _, _ = graded
    assert sorted(r.student for r in outcome.results) == sorted(EXPECTED)
    for result in outcome.results:
        kinds = {p.kind for p in result.problems}
        assert kinds == EXPECTED[result.student][0], (result.student, result.problems)


@pytest.mark.parametrize("student", EXPECTED)
def test_exact_score_per_cell(course_dir, graded, student):
    assert cell_scores(course_dir, ASSIGNMENT, student) == {**EXPECTED[student][1], **MANUAL}


def test_the_good_run_earns_every_autograded_point(graded):
    outcome, _, _ = graded
    good = outcome.result("good")
    assert good.status == "ok" and good.score == sum(POINTS.values())
    assert good.max_score == sum(POINTS.values()) + JUSTIFICATION_POINTS


def test_flagged_runs_are_named_in_the_report(graded):
    outcome, _, _ = graded
    table = outcome.table()
    for student in FLAGGED:
        lines = [x for x in table.splitlines() if x.strip().startswith(f"{student}:")]
        assert any("tampered" in line for line in lines), (student, lines)
    for student in ("edited_answer", "added_red_flags", "forged"):
        (problem,) = outcome.result(student).problems
        assert "flagged by runs.verify" in problem.detail and RUN_FILE in problem.detail
    patched = outcome.result("patched_verify")
    overridden = {o.cell: o.score for o in patched.overrides}
    assert "run_test" in overridden and set(overridden.values()) == {0.0}  # the clean room
    assert any("clean kernel" in p.detail for p in patched.problems)
    assert "missing" in outcome.result("missing").problems[0].kind
    assert "not 'vp" in outcome.result("other_case").problems[0].detail


def test_the_sandboxed_kernel_loaded_each_run_file(course_dir, graded):
    """The kernel saw the handed-in file: the load cell printed the good run's case and the
    missing student's message; the good notebook (the widget's cell included) ran without an
    error."""

    def printed(student: str) -> str:
        path = course_dir.path("autograded", ASSIGNMENT, student) / f"{ASSIGNMENT}.ipynb"
        cell = by_id(nbformat.read(path, as_version=4))["load_run"]
        return "".join(o.get("text", "") for o in cell.outputs)

    case = the_case(course_dir)
    assert f"Loaded your run of case {case.id}" in printed("good")
    path = course_dir.path("autograded", ASSIGNMENT, "good") / f"{ASSIGNMENT}.ipynb"
    outputs = [o for c in nbformat.read(path, as_version=4).cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]  # the widget cell ran too
    assert f"No {RUN_FILE} in this folder yet" in printed("missing")
    assert "could not be read" in printed("not_json")


def test_no_submitted_file_changed(graded):
    outcome, before, after = graded
    assert before == after and outcome.ok and not outcome.integrity
    assert sum(name.endswith(RUN_FILE) for name in before) == len(EXPECTED) - 1  # not missing


def test_feedback_shows_no_hidden_test(course_dir, graded):
    outcome = feedback(course_dir, ASSIGNMENT)
    assert outcome.ok, outcome.leaks
    released = course_dir.path("release", ASSIGNMENT) / f"{ASSIGNMENT}.ipynb"
    shown = normalise("\n".join(c.source for c in nbformat.read(released, as_version=4).cells))
    cells = source_notebook(course_dir).cells
    hidden = [x for c in cells for x in hidden_test_lines(c.source) if x not in shown]
    assert len(hidden) >= 10  # the key lines, never the form checks students also see
    for student in EXPECTED:
        page = course_dir.path("feedback", ASSIGNMENT, student) / f"{ASSIGNMENT}.html"
        text = normalise(html_text(page.read_text()))
        assert not [line for line in hidden if line in text], student


def test_the_report_analyses_each_part(course_dir, graded):
    """The item analysis runs on the class: a row per autograded part, with the share of the
    class that earned it; no part is a choice question (no answer variable to tabulate)."""
    outcome = report(course_dir, ASSIGNMENT)
    items = {s.item.split("/")[1]: s for s in outcome.items}
    assert set(POINTS) <= set(items)
    for part, points in POINTS.items():
        earned = sum(scores[part] for _, scores in EXPECTED.values()) / points
        assert items[part].facility == pytest.approx(earned / len(EXPECTED)), part
    assert outcome.options == []
