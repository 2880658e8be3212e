"""The instructor's pipeline end to end, with nbgrader's real CLI and SQLite gradebook.

A temporary copy of ``notebooks/assignments`` is released, then one submission per case is
autograded in a single run: correct, all wrong, empty; tampered (test cells edited, graded
cells deleted, answers whose ``__eq__`` is always true, swallowed assertions and patched
builtins, cells rewritten by an input transformer); faulty (an endless loop, 50 MB of output,
invalid JSON, a missing notebook). Each is checked for its exact score and status, every
submitted file for its bytes, and the feedback for hidden tests.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import nbformat
import pytest

from course.cli import main
from course.grading import CourseDir, autograde, feedback, release, report
from course.grading.leaks import SOLUTION, hidden_test_lines, html_text, normalise, region_lines
from course.grading.saved_runs import expected
from tools.synthclass import copy_course

pytestmark = pytest.mark.slow

ASSIGNMENT = "case_review_1"
TIMEOUT = 20
"""Seconds per cell for the endless submission only (its loop is stopped after this long); every
other submission is graded with the shipped configuration's 30 s, so a busy machine cannot turn
a slow cell into a timeout. Not shorter: on a loaded machine ``import course`` in the first
cell alone has taken 10 s, and nbgrader fails a whole notebook whose first cell times out."""
ENDLESS = "endless"

AUTOGRADED = {"q1_test": 2.0, "q2_test": 1.0, "q3_test": 2.0, "q4_test": 1.0}
MANUAL = ("m1_reasoning", "m2_reasoning")
WRONG = {
    "q1_answer": 'answer_q1 = "sacroiliac_joint_pain"',
    "q2_answer": 'answer_q2 = "A"',
    "q3_answer": 'answer_q3 = "axial_spondyloarthritis"',
    "q4_answer": 'answer_q4 = "E"',
}


def key(course: CourseDir, assignment: str) -> dict[str, str]:
    """grade_id -> the solution line of each answer cell, read from the instructor's source."""
    source = nbformat.read(course.path("source", assignment) / f"{assignment}.ipynb", as_version=4)
    return {
        c.metadata.nbgrader.grade_id: "\n".join(region_lines(c.source, SOLUTION))
        for c in source.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")
    }


def by_id(nb) -> dict:
    return {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}


# ------------------------------------------------------------------- what each student did
def answer(nb, answers: dict[str, str], prose: str = "SIJ pain unlikely: 1 of 6 tests.") -> None:
    cells = by_id(nb)
    for grade_id, line in answers.items():
        cells[grade_id].source = line
    for grade_id in MANUAL:
        cells[grade_id].source = prose


def edited_tests(nb, _key):
    answer(nb, WRONG)
    for grade_id in AUTOGRADED:
        by_id(nb)[grade_id].source = "assert True"


def deleted_cells(nb, key_):
    answer(nb, key_)
    nb.cells = [
        c
        for c in nb.cells
        if by_id(nb).get("q1_test") is not c and by_id(nb).get("m1_reasoning") is not c
    ]


ALWAYS_EQUAL = """
class Anything:
    def __eq__(self, other):
        return True

answer_{q} = Anything()
"""


def always_equal(nb, _key):
    answer(nb, {f"q{i}_answer": ALWAYS_EQUAL.format(q=f"q{i}") for i in range(1, 5)})


SWALLOW = """
import builtins, sys

class Never(Exception):
    pass

builtins.AssertionError = Never      # `assert` raises the real AssertionError regardless
sys.excepthook = lambda *args: None  # IPython does not use it for cells
get_ipython().set_custom_exc((AssertionError,), lambda *args, **kwargs: None)  # hides the
# traceback, but the kernel still replies "error", and nbgrader's Execute records it
"""


def swallowed(nb, _key):
    answer(nb, WRONG)
    by_id(nb)["q1_answer"].source += SWALLOW


def rewritten(nb, _key):
    answer(nb, WRONG)
    hook = '\nget_ipython().input_transformers_post.append(lambda lines: ["pass\\n"])'
    by_id(nb)["q1_answer"].source += hook


def endless(nb, key_):
    answer(nb, key_)
    by_id(nb)["q2_answer"].source = "while True:\n    pass\n" + key_["q2_answer"]


def flood(nb, key_):
    answer(nb, key_)
    by_id(nb)["q1_answer"].source += "\nfor _ in range(50):\n    print('x' * 1_000_000)"


SUBMISSIONS = {
    "correct": lambda nb, k: answer(nb, k),
    "wrong": lambda nb, k: answer(nb, WRONG),
    "empty": lambda nb, k: None,
    "edited_tests": edited_tests,
    "deleted_cells": deleted_cells,
    "always_equal": always_equal,
    "swallowed": swallowed,
    "rewritten": rewritten,
    "endless": endless,
    "flood": flood,
}


def marks(q1, q2, q3, q4, m1=None, m2=None) -> dict[str, float | None]:
    """Expected points per cell; ``None`` for a free-text answer awaiting the grader."""
    return dict(zip([*AUTOGRADED, *MANUAL], (q1, q2, q3, q4, m1, m2), strict=True))


EXPECTED = {
    # student: (status, score per cell)
    "correct": ("ok", marks(2, 1, 2, 1)),
    "wrong": ("ok", marks(0, 0, 0, 0)),
    "empty": ("ok", marks(0, 0, 0, 0, 0, 0)),  # an untouched free-text cell scores 0 itself
    "edited_tests": ("tampered", marks(0, 0, 0, 0)),
    "deleted_cells": ("tampered", marks(0, 1, 2, 1, m1=0)),
    "always_equal": ("ok", marks(0, 0, 0, 0)),
    "swallowed": ("tampered", marks(0, 0, 0, 0)),
    "rewritten": ("tampered", marks(0, 0, 0, 0)),
    "endless": ("timeout", marks(2, 0, 2, 1)),
    "flood": ("output_too_large", marks(2, 1, 2, 1)),
    "invalid_json": ("invalid_json", marks(0, 0, 0, 0, 0, 0)),
    "missing": ("missing_notebook", marks(0, 0, 0, 0, 0, 0)),
}


def submit(
    course: CourseDir, assignment: str, student: str, content: bytes | None, name: str | None = None
) -> Path:
    folder = course.path("submitted", assignment, student)
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text("2026-05-04 09:00:00.000000 UTC")
    if content is not None:
        (folder / (name or f"{assignment}.ipynb")).write_bytes(content)
    return folder


def student_version(course: CourseDir, assignment: str) -> nbformat.NotebookNode:
    return nbformat.read(course.path("release", assignment) / f"{assignment}.ipynb", as_version=4)


def submit_all(course: CourseDir) -> None:
    answers = key(course, ASSIGNMENT)
    for student, edit in SUBMISSIONS.items():
        nb = student_version(course, ASSIGNMENT)
        edit(nb, answers)
        submit(course, ASSIGNMENT, student, nbformat.writes(nb).encode())
    submit(
        course, ASSIGNMENT, "invalid_json", b'{"cells": [{"cell_type": "code", "source": "answer'
    )
    submit(course, ASSIGNMENT, "missing", b"{}", name="case_review_1 (1).ipynb")


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def cell_scores(course: CourseDir, assignment: str, student: str) -> dict[str, float | None]:
    with course.gradebook() as gb:
        nb = gb.find_submission_notebook(assignment, assignment, student)
        return {
            g.name: g.manual_score if g.manual_score is not None else g.auto_score
            for g in nb.grades
        }


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> CourseDir:
    course = copy_course(tmp_path_factory.mktemp("grading") / "course")
    assert release(course, ASSIGNMENT).ok
    return course


@pytest.fixture(scope="module")
def graded(course):
    submit_all(course)
    submitted = course.root / "submitted"
    before = digests(submitted)
    others = [s for s in course.students(ASSIGNMENT) if s != ENDLESS]
    outcome = autograde(course, ASSIGNMENT, students=others)
    endless_run = autograde(course, ASSIGNMENT, students=[ENDLESS], timeout=TIMEOUT)
    outcome.results = sorted(outcome.results + endless_run.results, key=lambda r: r.student)
    assert endless_run.ok
    return outcome, before, digests(submitted)


def kinds(status: str) -> set[str]:
    return set(status.split(", "))


def shows_its_problem(status: str, expected: str) -> bool:
    """A submission built to show one problem shows it (others a busy machine may add are not
    its point); one built to be fine is exactly ``ok``."""
    return status == "ok" if expected == "ok" else expected in kinds(status)


# --------------------------------------------------------------------------------- the tests
def test_every_submission_is_graded_and_reported(graded):
    outcome, _, _ = graded
    assert sorted(r.student for r in outcome.results) == sorted(EXPECTED)
    for result in outcome.results:
        assert shows_its_problem(result.status, EXPECTED[result.student][0]), result


@pytest.mark.parametrize("student", EXPECTED)
def test_exact_score_per_cell(course, graded, student):
    assert cell_scores(course, ASSIGNMENT, student) == EXPECTED[student][1]


def test_submitted_files_are_byte_identical_after_grading(graded):
    outcome, before, after = graded
    assert before == after
    assert outcome.ok and not outcome.integrity
    assert len(before) == 2 * len(EXPECTED)  # a notebook (one misnamed) and a timestamp each


def test_tampering_is_flagged_with_how_it_was_caught(graded):
    outcome, _, _ = graded

    def problems(student):
        return [(p.cell, p.detail) for p in outcome.result(student).problems]

    edited = problems("edited_tests")
    assert {cell for cell, detail in edited if "restored" in detail} == set(AUTOGRADED)
    deleted = {cell for cell, detail in problems("deleted_cells") if "deleted" in detail}
    assert deleted == {"q1_test", "m1_reasoning"}
    assert {o.cell: o.score for o in outcome.result("deleted_cells").overrides} == {
        "q1_test": 0.0,
        "m1_reasoning": 0.0,
    }
    rewritten = outcome.result("rewritten")
    assert {o.cell: (o.was, o.score) for o in rewritten.overrides} == {
        g: (points, 0.0) for g, points in AUTOGRADED.items()
    }
    assert any("clean kernel" in p.detail for p in rewritten.problems)
    assert any("cell rewriting hooks" in p.detail for p in rewritten.problems)
    swallowed = [p.detail for p in outcome.result("swallowed").problems]
    assert any("builtins" in d for d in swallowed)
    assert any("exception handling hooks" in d for d in swallowed)
    notes = outcome.result("always_equal").notes
    assert [n.split()[0] for n in notes] == ["answer_q1", "answer_q2", "answer_q3", "answer_q4"]


def test_faults_are_reported_for_their_student(course, graded):
    outcome, _, _ = graded
    timeouts = [p for p in outcome.result("endless").problems if p.kind == "timeout"]
    assert "q2_answer" in {p.cell for p in timeouts}
    (flood,) = [p for p in outcome.result("flood").problems if p.kind == "output_too_large"]
    assert flood.cell == "q1_answer" and "50,00" in flood.detail
    autograded = course.path("autograded", ASSIGNMENT, "flood") / f"{ASSIGNMENT}.ipynb"
    assert autograded.stat().st_size < 1_000_000
    (invalid,) = outcome.result("invalid_json").problems
    assert "not valid JSON" in invalid.detail
    (missing,) = outcome.result("missing").problems
    assert "found instead: case_review_1 (1).ipynb" in missing.detail


def test_widgets_do_not_break_autograding(course, graded):
    """The correct submission, reference widget included, runs with no error at all."""
    path = course.path("autograded", ASSIGNMENT, "correct") / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    widget_views = [
        o
        for c in nb.cells
        for o in c.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert widget_views, "the lookup widget showed nothing"


def test_a_second_run_gives_the_same_result_without_piling_up_comments(course, graded):
    again = autograde(course, ASSIGNMENT, students=["rewritten", "deleted_cells"])
    for student in ("rewritten", "deleted_cells"):
        assert "tampered" in kinds(again.result(student).status)
        assert cell_scores(course, ASSIGNMENT, student) == EXPECTED[student][1]
    with course.gradebook() as gb:
        comment = gb.find_comment("q1_answer", ASSIGNMENT, ASSIGNMENT, "rewritten").manual_comment
    assert comment.count("[course.grading]") == 1
    saved = json.loads((course.root / "reports" / ASSIGNMENT / "autograde.json").read_text())
    assert len(saved["results"]) == len(EXPECTED)  # the other students' rows are kept


def test_feedback_never_shows_a_hidden_test(course, graded):
    outcome = feedback(course, ASSIGNMENT)
    assert outcome.ok
    graded_students = {
        s
        for s, (status, _) in EXPECTED.items()
        if status not in ("invalid_json", "missing_notebook")
    }
    assert {p.split("/")[0] for p in outcome.pages} == graded_students
    source = nbformat.read(course.path("source", ASSIGNMENT) / f"{ASSIGNMENT}.ipynb", as_version=4)
    hidden = [line for c in source.cells for line in hidden_test_lines(c.source)]
    assert len(hidden) == 12
    for student in graded_students:
        page = course.path("feedback", ASSIGNMENT, student) / f"{ASSIGNMENT}.html"
        text = normalise(html_text(page.read_text()))
        assert not [line for line in hidden if line in text], student
        assert page.stat().st_size < 2_000_000
    wrong = normalise(
        html_text((course.path("feedback", ASSIGNMENT, "wrong") / f"{ASSIGNMENT}.html").read_text())
    )
    assert wrong.count("A hidden test in this cell did not pass") == 4


def test_report_exports_grades_and_item_analysis(course, graded):
    outcome = report(course, ASSIGNMENT)
    with (course.root / "reports" / "grades.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert {r["student_id"] for r in rows} >= set(EXPECTED)
    items = {s.item.split("/")[1]: s for s in outcome.items}
    n = len(EXPECTED)
    credited = {g: sum(1 for _, s in EXPECTED.values() if s[g]) for g in AUTOGRADED}
    for grade_id in AUTOGRADED:
        assert items[grade_id].n == n
        assert items[grade_id].facility == pytest.approx(credited[grade_id] / n)
    assert items["q1_test"].upper_lower == pytest.approx(1.0)
    # Every autograded question is a choice question: each has its options, every student once.
    questions = {o.question for o in outcome.options}
    assert questions == {f"{ASSIGNMENT}/{g}" for g in AUTOGRADED}
    for question in questions:
        assert sum(o.chosen for o in outcome.options if o.question == question) == n
    with (course.root / "reports" / ASSIGNMENT / "students.csv").open() as handle:
        statuses = {r["student"]: r["status"] for r in csv.DictReader(handle)}
    assert set(statuses) == set(EXPECTED)
    for student, status in statuses.items():
        assert shows_its_problem(status, EXPECTED[student][0]), (student, status)


def csv_cells(path: Path) -> set[str]:
    """Every cell of a CSV file, as text."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return {cell for row in csv.reader(handle) for cell in row}


def test_the_course_command_exports_and_reports_the_graded_class(course, graded, tmp_path, capsys):
    """``course export`` in each layout and ``course report`` from the command line, on the
    graded class: every student in the files and the summary on stdout. The free-text answers
    are not hand-marked yet, so each export is written and exits 1 naming who has ungraded
    questions; a roster that leaves students out names each of them too."""
    where = ["--course-dir", str(course.root)]
    for layout in ("students", "questions", "moodle", "canvas"):
        out = tmp_path / f"{layout}.csv"
        assert main([*where, "export", ASSIGNMENT, "--layout", layout, "--out", str(out)]) == 1
        assert set(EXPECTED) <= csv_cells(out), layout
        said = capsys.readouterr().out
        assert str(out) in said and "correct: 2 question(s) not graded yet" in said
    first, *others = sorted(EXPECTED)
    roster = tmp_path / "roster.csv"
    roster.write_text(f"student_id,id_number,email\n{first},S001,{first}@example.edu\n")
    out = tmp_path / "moodle-roster.csv"
    args = ["export", ASSIGNMENT, "--layout", "moodle", "--out", str(out), "--roster", str(roster)]
    code = main([*where, *args])
    said = capsys.readouterr().out
    assert code == 1 and all(f"{student}: not in the roster" in said for student in others)
    cells = csv_cells(out)
    assert "S001" in cells and not cells & set(others)
    assert main([*where, "report", ASSIGNMENT]) == 0
    assert "alpha" in capsys.readouterr().out.lower()
    page = (course.root / "reports" / ASSIGNMENT / "item_analysis.html").read_text()
    assert "<img" in page and "http://" not in page and "https://" not in page


WRONG_LATER = {
    # case review 2: a wrong condition for the condition questions, a wrong letter for the rest
    "case_review_2": lambda g: '"hip_osteoarthritis"' if "q1" in g or "q3" in g else '"A"',
    # case review 3: every answer a letter, and C is never the key
    "case_review_3": lambda g: '"C"',
}
"""A wrong answer for each autograded question of the later assignments, by grade id."""


def played(assignment: str) -> bool:
    """Is the assignment answered by a saved virtual-patient run (graded in
    ``test_virtual_patient.py``) rather than by ``answer_...`` variables?"""
    folder = CourseDir().path("source", assignment)
    return bool(expected(nbformat.read(folder / f"{assignment}.ipynb", as_version=4)))


LATER = [a for a in CourseDir().assignments() if a != ASSIGNMENT and not played(a)]
"""Every assignment on disk answered by variables but the first, which the module's full set
of cases grades: a new one is checked too (and fails until it has its wrong answers in
:data:`WRONG_LATER`)."""

TAMPERED_LATER = ("edited_tests", "always_equal", "swallowed", "rewritten")
"""The tampered submissions the later assignments are graded with as well (all on wrong
answers, so every point they earned would be a point stolen)."""


def test_every_later_assignment_has_its_wrong_answers():
    assert {"case_review_2", "case_review_3"} <= set(LATER)
    assert sorted(WRONG_LATER) == LATER, "add the new assignment's wrong answers to WRONG_LATER"


@pytest.mark.parametrize("assignment", LATER)
def test_the_later_assignments_grade_right_and_wrong_and_catch_tampering(course, assignment):
    """Through the real pipeline, the key earns every autograded point, a submission wrong
    everywhere earns none, and the tampered submissions of case review 1 (edited tests, an
    answer equal to everything, swallowed assertions, rewritten cells) earn none either and are
    flagged as case review 1's are (case review 2: lateral pain and bone stress; 3: management).
    """
    number = assignment[-1]
    assert release(course, assignment).ok
    answers = key(course, assignment)
    wrong = {
        g: line.split("=")[0] + "= " + WRONG_LATER[assignment](g) for g, line in answers.items()
    }
    assert not set(answers.values()) & set(wrong.values())
    right_student, wrong_student = f"right{number}", f"wrong{number}"
    for student, lines in ((right_student, answers), (wrong_student, wrong)):
        nb = student_version(course, assignment)
        answer(nb, lines)
        submit(course, assignment, student, nbformat.writes(nb).encode())
    tampered = {f"{how}{number}": how for how in TAMPERED_LATER}
    for student, how in tampered.items():
        nb = student_version(course, assignment)
        SUBMISSIONS[how](nb, answers)
        for grade_id, line in wrong.items():  # this assignment's wrong answers under each cheat
            cell = by_id(nb)[grade_id]
            for given in (WRONG[grade_id], answers[grade_id]):
                cell.source = cell.source.replace(given, line)
        submit(course, assignment, student, nbformat.writes(nb).encode())
    outcome = autograde(course, assignment)
    statuses = {r.student: r.status for r in outcome.results}
    assert {s: statuses[s] for s in (right_student, wrong_student)} == {
        right_student: "ok",
        wrong_student: "ok",
    }
    for student, how in tampered.items():
        assert shows_its_problem(statuses[student], EXPECTED[how][0]), (student, statuses)
    auto = {"q1_test": 2.0, "q2_test": 1.0, "q3_test": 2.0, "q4_test": 1.0}
    assert cell_scores(course, assignment, right_student) == {**auto, **dict.fromkeys(MANUAL)}
    for student in (wrong_student, *tampered):
        assert cell_scores(course, assignment, student) == {
            **dict.fromkeys(auto, 0.0),
            **dict.fromkeys(MANUAL),
        }, student
    problems = {s: [p.detail for p in outcome.result(s).problems] for s in tampered}
    edited = outcome.result(f"edited_tests{number}").problems
    assert {p.cell for p in edited if "restored" in p.detail} == set(auto)
    assert any("builtins" in d for d in problems[f"swallowed{number}"])
    assert any("cell rewriting hooks" in d for d in problems[f"rewritten{number}"])
    notes = outcome.result(f"always_equal{number}").notes
    assert [n.split()[0] for n in notes] == [f"answer_q{i}" for i in range(1, 5)]


def test_code_cannot_write_into_submissions_and_changes_since_collection_are_reported(
    tmp_path, capsys
):
    """Student code runs in the sandbox, so its write into ``submitted/`` finds nothing; a file
    changed after collection (by anyone) is still reported against the collection manifest."""
    course = copy_course(tmp_path / "course")
    assert release(course, ASSIGNMENT).ok
    nb = student_version(course, ASSIGNMENT)
    vandal = (
        "from pathlib import Path\n"
        'Path("../../../submitted/vandal/case_review_1/timestamp.txt").write_text("0")'
    )
    answer(nb, {"q1_answer": vandal})
    submit(course, ASSIGNMENT, "vandal", nbformat.writes(nb).encode())
    where = ["--course-dir", str(course.root)]
    assert main([*where, "collect", ASSIGNMENT]) == 0
    assert "1 student(s), 2 file(s)" in capsys.readouterr().out
    stamp = course.path("submitted", ASSIGNMENT, "vandal") / "timestamp.txt"
    assert main([*where, "grade", ASSIGNMENT]) == 1  # its code names submitted/: reported
    printed = capsys.readouterr().out
    assert "tampered" in printed
    assert "submitted files unchanged by grading" in printed
    assert "INTEGRITY FAILURE" not in printed
    assert stamp.read_text() == "2026-05-04 09:00:00.000000 UTC"
    assert "the gradebook or other submissions" in printed
    # A change made outside grading is reported: the file differs from what was collected.
    stamp.write_text("0")
    again = autograde(course, ASSIGNMENT, students=[])
    assert again.ok and again.since_collection.changed == ["vandal/case_review_1/timestamp.txt"]
