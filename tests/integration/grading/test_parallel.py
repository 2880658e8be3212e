"""``course grade --workers N``: the same gradebook as the serial run and as plain nbgrader.

A synthetic class (``tools.synthclass``, seeded) answers the real released ``case_review_1``.
Identical copies of the course are graded serially (``--workers 1``), in parallel
(``--workers 2``) and by plain ``nbgrader autograde``; the gradebooks are compared field by
field, the feedback pages byte for byte. A faulty class graded in parallel reports each broken
submission with its own status while the others are scored, and a worker that passes a
student's wall-clock limit is killed without costing anyone else their grade.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from course.cli import main
from course.grading import CourseDir, autograde, release
from course.grading.grade import give_up
from course.grading.parallel import grade_in_parallel
from course.grading.results import Settings
from tools import synthclass
from tools.synthclass import copy_course

pytestmark = pytest.mark.slow

ASSIGNMENT = "case_review_1"
HONEST = 6
SEED = 16


def released(folder: Path) -> CourseDir:
    course = copy_course(folder)
    assert release(course, ASSIGNMENT).ok
    return course


def twin(course: CourseDir, folder: Path) -> CourseDir:
    """An identical copy of a released course with its class (gradebook included)."""
    shutil.copytree(course.root, folder)
    return CourseDir(folder)


def gradebook(course: CourseDir) -> dict:
    """Every stored field of every submission of the assignment, keyed by student and cell."""
    rows = {}
    with course.gradebook() as gb:
        for submission in gb.find_assignment(ASSIGNMENT).submissions:
            student = submission.student.id
            rows[student] = {
                "timestamp": submission.timestamp,
                "extension": submission.extension,
                "score": submission.score,
                "needs_manual_grade": submission.needs_manual_grade,
            }
            for notebook in submission.notebooks:
                rows[student][notebook.name] = {
                    "flagged": notebook.flagged,
                    "late_penalty": notebook.late_submission_penalty,
                }
                for grade in notebook.grades:
                    rows[student][(notebook.name, "grade", grade.name)] = (
                        grade.auto_score,
                        grade.manual_score,
                        grade.extra_credit,
                        grade.needs_manual_grade,
                        grade.max_score,
                    )
                for comment in notebook.comments:
                    rows[student][(notebook.name, "comment", comment.name)] = (
                        comment.auto_comment,
                        comment.manual_comment,
                    )
    return rows


def statuses(course: CourseDir) -> list[dict]:
    """Each student's row of the saved autograde report (status, problems, overrides...)."""
    path = course.root / "reports" / ASSIGNMENT / "autograde.json"
    return json.loads(path.read_text(encoding="utf-8"))["results"]


def pages(course: CourseDir) -> dict[str, str]:
    """Every feedback page, with the course's own folder name taken out."""
    folder = course.root / "feedback"
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8").replace(
            str(course.root), "<course>"
        )
        for p in sorted(folder.rglob("*.html"))
    }


@pytest.fixture(scope="module")
def honest(tmp_path_factory) -> CourseDir:
    course = released(tmp_path_factory.mktemp("parallel") / "course")
    synthclass.make_class(course.root, ASSIGNMENT, HONEST, SEED)
    return course


@pytest.fixture(scope="module")
def serial_and_parallel(honest, tmp_path_factory):
    """The honest class graded with one worker and with two, then fed back, by the CLI."""
    runs = {}
    for workers in (1, 2):
        course = twin(honest, tmp_path_factory.mktemp(f"workers{workers}") / "course")
        where = ["--course-dir", str(course.root)]
        code = main([*where, "grade", ASSIGNMENT, "--workers", str(workers)])
        assert main([*where, "feedback", ASSIGNMENT]) == 0
        runs[workers] = course, code
    return runs


def test_parallel_grading_equals_serial_field_by_field(serial_and_parallel):
    (serial, serial_code), (parallel, parallel_code) = (
        serial_and_parallel[1],
        serial_and_parallel[2],
    )
    assert serial_code == parallel_code
    one, two = gradebook(serial), gradebook(parallel)
    assert sorted(one) == [f"student{n:03d}" for n in range(HONEST)]
    assert one == two
    scores = {student: rows["score"] for student, rows in one.items()}
    assert len(set(scores.values())) > 1, "the class should not all score the same"
    assert [{k: v for k, v in row.items() if k != "finished"} for row in statuses(serial)] == [
        {k: v for k, v in row.items() if k != "finished"} for row in statuses(parallel)
    ]
    assert pages(serial) == pages(parallel)
    assert len(pages(serial)) == HONEST


def test_parallel_grading_writes_every_autograded_notebook_and_no_scratch(serial_and_parallel):
    _, (parallel, _) = serial_and_parallel[1], serial_and_parallel[2]
    for student in (f"student{n:03d}" for n in range(HONEST)):
        assert (parallel.path("autograded", ASSIGNMENT, student) / f"{ASSIGNMENT}.ipynb").is_file()
    assert sorted(p.name for p in parallel.root.iterdir() if p.name.startswith("worker")) == []


def test_parallel_auto_scores_equal_plain_nbgrader(honest, serial_and_parallel, tmp_path):
    """On honest submissions, every automatic score equals plain ``nbgrader autograde``'s."""
    plain = twin(honest, tmp_path / "plain")
    run = plain.run("autograde", ASSIGNMENT, "--force", timeout=1800)
    assert run.ok, run.log[-2000:]
    _, (parallel, _) = serial_and_parallel[1], serial_and_parallel[2]

    def auto(course):
        return {
            (student, key): row[0]
            for student, rows in gradebook(course).items()
            for key, row in rows.items()
            if isinstance(key, tuple) and key[1] == "grade"
        }

    expected, found = auto(plain), auto(parallel)
    assert len(expected) == HONEST * 6
    assert found == expected


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    course = released(tmp_path_factory.mktemp("faulty") / "course")
    students = synthclass.make_class(course.root, ASSIGNMENT, 10, seed=6, faulty=0.5)
    assert {s.fault for s in students} >= set(synthclass.FAULTS), "draw every fault"
    code = main(["--course-dir", str(course.root), "grade", ASSIGNMENT, "--workers", "2"])
    return course, students, code


EXPECTED = {
    "invalid_json": "invalid_json",
    "missing_notebook": "missing_notebook",
    "endless_loop": "timeout",
    "deleted_cell": "tampered",
}


def test_a_faulty_class_in_parallel_reports_each_fault_and_scores_the_rest(faulty):
    course, students, code = faulty
    assert code == 1
    rows = {row["student"]: row for row in statuses(course)}
    books = gradebook(course)
    for student in students:
        row = rows[student.student]
        if student.fault is None:
            assert row["status"] == "ok", row
        else:
            assert EXPECTED[student.fault] in row["status"].split(", "), (student, row)
        assert row["score"] is not None, row
        assert student.student in books  # every student has a gradebook row, scored
    zeroed = [s for s in students if s.fault in ("invalid_json", "missing_notebook")]
    for student in zeroed:
        assert books[student.student]["score"] == 0


def test_a_worker_past_its_limit_is_stopped_and_only_its_student_pays(faulty, tmp_path):
    """Grading one student longer than the wall-clock limit kills that worker (and its
    sandboxed kernel); the student is reported and scored 0, the next one is graded."""
    course, students, _ = faulty
    endless = next(s.student for s in students if s.fault == "endless_loop")
    honest = next(s.student for s in students if s.fault is None)
    with course.gradebook() as gb:
        before = gb.find_submission(ASSIGNMENT, honest).score
    settings = Settings(cell_timeout=300, max_output_bytes=None, max_file_bytes=64_000_000)

    def lost(student, problems, autograded_only):
        return give_up(course, ASSIGNMENT, student, settings, {}, problems, autograded_only)

    results = grade_in_parallel(
        course, ASSIGNMENT, [endless, honest], settings, {}, 2, lost, limit=90
    )
    assert results[endless].status == "not_graded, timeout"
    assert "wall-clock limit of 90 s" in results[endless].problems[0].detail
    assert results[endless].score == 0
    assert results[honest].status == "ok" and results[honest].score == before


def test_a_mark_given_while_a_parallel_run_grades_is_kept(honest, tmp_path):
    """The workers grade from a copy of the gradebook taken when the run starts; a grader who
    marks a student in the formgrader while the run is still going keeps that mark (score and
    comment) when the student's new grades are merged."""
    course = twin(honest, tmp_path / "course")
    students = sorted(p.name for p in (course.root / "submitted").iterdir())[:3]
    assert autograde(course, ASSIGNMENT, students=students, workers=2).ok
    first, last = students[0], students[-1]
    cell, score, words = "m1_reasoning", 1.5, "Names the cluster and why it fits."

    def grader_marks_the_last_student(result):
        if result.student == first:  # merged first; the last one is not merged yet
            with course.gradebook() as gb:
                gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, last).manual_score = score
                gb.find_comment(cell, ASSIGNMENT, ASSIGNMENT, last).manual_comment = words
                gb.db.commit()

    again = autograde(
        course, ASSIGNMENT, students=students, workers=2, progress=grader_marks_the_last_student
    )
    assert again.ok
    with course.gradebook() as gb:
        assert gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, last).manual_score == score
        comment = gb.find_comment(cell, ASSIGNMENT, ASSIGNMENT, last).manual_comment
    assert comment.splitlines()[0] == words
    assert any("kept the score a grader gave" in note for note in again.result(last).notes)
