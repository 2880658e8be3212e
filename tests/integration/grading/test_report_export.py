"""The item analysis and the grade exports read from a real nbgrader gradebook.

The gradebook is built with nbgrader's own ``Gradebook`` API (no autograding, so it is quick):
the six-student class of ``tests/unit/grading/test_stats.py`` spread over two notebooks, two
right-or-wrong choice questions whose answers sit in the students' autograded notebooks, a
numeric question and a hand-marked one. ``report`` runs the real ``nbgrader export``. The figures
must equal the ones worked out by hand, and the gradebook must come out byte for byte as it went
in.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import warnings
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from sqlalchemy.exc import SAWarning

from course.grading.course_dir import CourseDir, GradingError, scripts_on_path
from course.grading.export import export
from course.grading.report import choice_answers, report
from course.grading.stats import NO_CHOICE

from ...unit.grading.test_stats import ALPHA, DISCRIMINATION, FACILITY, MARKS, SEM

scripts_on_path()  # these tests open nbgrader's Gradebook, which runs `alembic` by name

pytestmark = pytest.mark.slow  # building the gradebook and nbgrader's export: about 30 s

ASSIGNMENT = "quiz"
COURSE_ID = "tiny"
CELLS = {
    # question -> (notebook, grade cell, points, kind, test source)
    "i1": ("part_a", "q1_test", 1, "code", "assert answer_q1.strip().upper() == 'B'"),
    "i2": ("part_a", "q2_test", 1, "code", "assert answer_q2.strip() == 'cluneal'"),
    "i3": ("part_b", "q3_test", 2, "code", "assert abs(answer_q3 - 2.4) < 0.1"),
    "i4": ("part_b", "m1_reasoning", 3, "markdown", "Model answer: ..."),
}
PEOPLE = {
    "s1": ("Ada", "Lovelace", "ada@uni.example"),
    "s2": ("Bo", "Diddley", ""),
}
ANSWERS = {
    # student -> part_a's answer lines (None: no autograded notebook) and part_b's
    "s1": ('answer_q1 = "B"\nanswer_q2 = "sij"', "answer_q3 = 2.4"),
    "s2": ('answer_q1 = "A"\nanswer_q2 = "si" + "j"', "answer_q3 = 2.4"),
    "s3": ('answer_q1 = " c "\nanswer_q2 = "cluneal"', "answer_q3 = 1.0"),
    "s4": ('answer_q1 = "B"\nanswer_q2 = "=HYPERLINK(\\"x\\")"', "answer_q3 = 2.0"),
    "s5": ('answer_q1 = "b"\nanswer_q2 = "cluneal"', "answer_q3 = 0"),
    "s6": (None, "answer_q3 = 0"),
}


def build(root: Path) -> CourseDir:
    """A course directory whose gradebook holds the hand-computed class."""
    from nbgrader.api import Gradebook

    (root / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = {COURSE_ID!r}\n", encoding="utf-8"
    )
    (root / "source" / ASSIGNMENT).mkdir(parents=True)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gb:
        gb.add_assignment(ASSIGNMENT)
        for notebook in ("part_a", "part_b"):
            gb.add_notebook(notebook, ASSIGNMENT)
            nbformat.write(new_notebook(), root / "source" / ASSIGNMENT / f"{notebook}.ipynb")
        for notebook, cell, points, kind, source in CELLS.values():
            gb.add_grade_cell(cell, notebook, ASSIGNMENT, max_score=points, cell_type=kind)
            gb.add_source_cell(
                cell, notebook, ASSIGNMENT, cell_type=kind, locked=kind == "code", source=source
            )
            if kind == "markdown":
                gb.add_solution_cell(cell, notebook, ASSIGNMENT)
        for student, marks in MARKS.items():
            first, last, email = PEOPLE.get(student, ("", "", ""))
            gb.add_student(student, first_name=first, last_name=last, email=email)
            with warnings.catch_warnings():  # nbgrader's own cascade warning (SQLAlchemy 2)
                warnings.simplefilter("ignore", SAWarning)
                gb.add_submission(ASSIGNMENT, student)
            for question, mark in zip(CELLS, marks, strict=True):
                notebook, cell, _, kind, _ = CELLS[question]
                grade = gb.find_grade(cell, notebook, ASSIGNMENT, student)
                if kind == "code":
                    grade.auto_score = mark
                else:
                    grade.manual_score = mark
            gb.db.commit()
        gb.add_student("zed")  # enrolled, never submitted
    course = CourseDir(root)
    for student, (part_a, part_b) in ANSWERS.items():
        folder = course.path("autograded", ASSIGNMENT, student)
        folder.mkdir(parents=True)
        for notebook, lines in (("part_a", part_a), ("part_b", part_b)):
            if lines is not None:
                cells = [new_code_cell("import course"), new_code_cell(lines)]
                nbformat.write(new_notebook(cells=cells), folder / f"{notebook}.ipynb")
    return course


def gradebook_dump(course: CourseDir) -> list[str]:
    with sqlite3.connect(course.root / "gradebook.db") as db:
        return list(db.iterdump())


def read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> CourseDir:
    return build(tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="module")
def reported(course):
    before = gradebook_dump(course)
    outcome = report(course, ASSIGNMENT)
    assert gradebook_dump(course) == before  # the report only reads
    return outcome


def test_report_figures_equal_the_hand_computed_ones(course, reported):
    items = {i.item: i for i in reported.items}
    for question, (notebook, cell, *_rest) in CELLS.items():
        found = items[f"{notebook}/{cell}"]
        assert found.facility == pytest.approx(FACILITY[question])
        assert found.discrimination_index == pytest.approx(DISCRIMINATION[question])
    assert reported.summary.alpha == pytest.approx(ALPHA)
    assert reported.summary.sem == pytest.approx(SEM)
    rows = {r[0]: r for r in read(course.root / "reports" / ASSIGNMENT / "items.csv")[1:]}
    assert rows["part_a/q2_test"][-1] == "negative"
    assert rows["part_a/q1_test"][-1] == "weak"
    (summary,) = read(course.root / "reports" / ASSIGNMENT / "summary.csv")[1:]
    assert summary[:3] == [ASSIGNMENT, "6", "4"]
    assert float(summary[6]) == pytest.approx(round(ALPHA, 4))


def test_distractors_read_from_the_autograded_notebooks(course, reported):
    questions = {o.question for o in reported.options}
    # q3 is answered with numbers and m1 in words: neither is a choice question.
    assert questions == {"part_a/q1_test", "part_a/q2_test"}
    q1 = {o.option: o.chosen for o in reported.options if o.question == "part_a/q1_test"}
    assert q1 == {"B": 3, "A": 1, "c": 1, NO_CHOICE: 1}
    q2 = {o.option: o.chosen for o in reported.options if o.question == "part_a/q2_test"}
    # s2's answer is a sum, not a plain value; s6 has no autograded notebook.
    assert q2 == {"cluneal": 2, "sij": 1, '=HYPERLINK("x")': 1, NO_CHOICE: 2}
    assert any(note.startswith("s6: ") and "part_a.ipynb" in note for note in reported.notes)
    rows = read(course.root / "reports" / ASSIGNMENT / "distractors.csv")
    assert rows[0][:4] == ["question", "option", "chosen", "share"]
    assert ["part_a/q2_test", '\'=HYPERLINK("x")'] in [r[:2] for r in rows]  # defused


def test_report_writes_every_file_and_prints_the_flags(course, reported):
    names = {p.name for p in reported.files}
    expected = {"grades.csv", "students.csv", "items.csv", "distractors.csv", "summary.csv"}
    assert expected | {"facility_discrimination.png", "totals.png", "item_analysis.html"} == names
    assert all(p.is_file() for p in reported.files)
    table = reported.table()
    assert "part_a/q2_test: negative discrimination" in table
    assert "Cronbach's alpha 0.09" in table


def test_students_export(course, tmp_path):
    before = gradebook_dump(course)
    done = export(course, ASSIGNMENT, "students", tmp_path / "students.csv")
    assert gradebook_dump(course) == before
    rows = read(tmp_path / "students.csv")
    assert rows[0] == ["student_id", "part_a", "part_b", "total", "max_score", "ungraded", "status"]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["s1"][1:6] == ["1", "5", "6", "7", "0"]  # part_a 1+0, part_b 2+3
    assert by_id["s6"][1:4] == ["1", "0", "1"]
    assert by_id["zed"][3] == "0" and by_id["zed"][-1] == "no submission"
    assert any(p.startswith("zed: no graded submission") for p in done.problems)
    assert done.files == [tmp_path / "students.csv"] and done.rows == 7


def test_questions_export_is_long(course, tmp_path):
    export(course, ASSIGNMENT, "questions", tmp_path / "q.csv")
    rows = read(tmp_path / "q.csv")
    assert rows[0] == ["student_id", "notebook", "question", "score", "max_score"]
    assert len(rows) == 1 + 6 * 4
    assert ["s1", "part_b", "m1_reasoning", "3", "3"] in rows
    assert ["s2", "part_a", "q1_test", "0", "1"] in rows


def roster(tmp_path: Path) -> Path:
    path = tmp_path / "roster.csv"
    lines = ["student_id,id_number,email,section,login_id,canvas_id"]
    lines += [f"s{n},2026000{n},s{n}@uni.example,B1,login{n},90{n}" for n in range(1, 6)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")  # s6 is not on it
    return path


def test_moodle_export_maps_by_id_number_and_names_who_is_missing(course, tmp_path):
    done = export(course, ASSIGNMENT, "moodle", tmp_path / "m.csv", roster=roster(tmp_path))
    rows = read(tmp_path / "m.csv")
    assert rows[0] == ["ID number", "Email address", "First name", "Last name", ASSIGNMENT]
    assert rows[1] == ["20260001", "s1@uni.example", "Ada", "Lovelace", "6"]
    assert [r[0] for r in rows[1:]] == [f"2026000{n}" for n in range(1, 6)]
    assert any(p.startswith("s6: not in the roster") for p in done.problems)
    assert any(p.startswith("s6: left out of the moodle import file") for p in done.problems)
    assert "s6: not in the roster" in done.table()


def test_moodle_export_without_a_roster_uses_the_course_ids(course, tmp_path):
    export(course, ASSIGNMENT, "moodle", tmp_path / "m.csv")
    rows = read(tmp_path / "m.csv")
    assert [r[0] for r in rows[1:]] == [f"s{n}" for n in range(1, 7)]
    assert rows[1][1] == "ada@uni.example"  # from the gradebook


def test_canvas_export_has_its_columns_and_points_possible(course, tmp_path):
    export(course, ASSIGNMENT, "canvas", tmp_path / "c.csv", roster=roster(tmp_path))
    rows = read(tmp_path / "c.csv")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ASSIGNMENT]
    assert rows[1] == ["Points Possible", "", "", "", "", "7"]
    assert rows[2] == ["Lovelace, Ada", "901", "20260001", "login1", "B1", "6"]
    assert rows[3][0] == "Diddley, Bo" and rows[3][-1] == "4"
    assert len(rows) == 2 + 5  # s6 is not on the roster


def test_bad_layout_or_assignment_is_refused(course, tmp_path):
    with pytest.raises(GradingError, match="unknown export layout 'excel'"):
        export(course, ASSIGNMENT, "excel", tmp_path / "x.csv")
    with pytest.raises(GradingError, match="unknown assignment"):
        export(course, "nope", "students", tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_unreadable_or_oversized_notebooks_are_noted_by_student_and_file(course):
    folder = course.path("autograded", ASSIGNMENT, "s9")
    folder.mkdir(parents=True)
    (folder / "part_a.ipynb").write_text("{not json", encoding="utf-8")
    choices, notes = choice_answers(course, ASSIGNMENT, ["s9"])
    assert choices == {}
    assert notes[0].startswith(f"s9: {folder / 'part_a.ipynb'}: unreadable")
    assert notes[1].startswith(f"s9: {folder / 'part_b.ipynb'}: no autograded notebook")
    _, notes = choice_answers(course, ASSIGNMENT, ["s1"], max_bytes=10)
    assert [n.split(": ")[-1] for n in notes] == ["larger than 10 bytes; not read"] * 2
    # code built to break Python's parser (a sum of 100 000 terms): noted, never a crash
    folder = course.path("autograded", ASSIGNMENT, "s8")
    folder.mkdir(parents=True)
    deep = new_notebook(cells=[new_code_cell("answer = " + "+".join(["1"] * 100_000))])
    nbformat.write(deep, folder / "part_a.ipynb")
    choices, notes = choice_answers(course, ASSIGNMENT, ["s8"])
    assert choices == {}
    assert notes[0] == f"s8: {folder / 'part_a.ipynb'}: answers not readable as Python " + (
        "(RecursionError)"
    )


def test_a_submission_outside_the_gradebook_is_exported_with_its_status(course, tmp_path):
    # Autograde reports a folder whose name is no valid id; the gradebook never held it.
    # (Runs last: it leaves an autograde report behind.)
    from course.grading.grade import report_path

    result = {"student": "bad name", "status": "invalid student id", "problems": []}
    report_path(course, ASSIGNMENT).write_text(json.dumps({"results": [result]}))
    export(course, ASSIGNMENT, "students", tmp_path / "s.csv")
    rows = {r[0]: r for r in read(tmp_path / "s.csv")[1:]}
    assert rows["bad name"][-1] == "invalid student id" and rows["bad name"][3] == "0"
    done = export(course, ASSIGNMENT, "canvas", tmp_path / "c.csv")
    assert "bad name: left out of the canvas import file" in done.problems
    assert "bad name" not in (tmp_path / "c.csv").read_text(encoding="utf-8")
    done = export(course, ASSIGNMENT, "questions", tmp_path / "q.csv", roster=roster(tmp_path))
    header, *rows = read(tmp_path / "q.csv")
    assert header[:2] == ["student_id", "institution_id"]
    assert ["s1", "20260001", "part_a", "q1_test", "1", "1"] in rows
    assert ["s6", "", "part_a", "q1_test", "0", "1"] in rows
    assert "s6: not in the roster " + str(tmp_path / "roster.csv") in done.problems
