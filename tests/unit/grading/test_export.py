"""Reading the roster an export maps student ids with: every bad roster refused by name."""

from __future__ import annotations

import pytest

from course.grading.course_dir import GradingError
from course.grading.export import Person, read_roster
from course.grading.report import spreadsheet_safe


def roster(tmp_path, text: str):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_roster_maps_ids_to_people(tmp_path):
    path = roster(
        tmp_path,
        "\ufeffstudent_id,id_number,email,last_name,first_name\n"
        "ada,20261001,ada@uni.example,Lovelace,Ada\nbob,20261002,,,\n",
    )
    people = read_roster(path)
    assert people["ada"] == Person("ada", "20261001", "ada@uni.example", "Ada", "Lovelace")
    assert people["bob"].id_number == "20261002" and people["bob"].email == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,email\nada,a@x\n", "no 'student_id' column"),
        ("student_id,grade\nada,1\n", "unknown column(s) grade"),
        ("student_id\nada\nada\n", "line 3: student 'ada' is listed twice"),
        ("student_id,email\n,a@x\n", "line 2: empty student_id"),
    ],
)
def test_a_bad_roster_is_refused_naming_the_file(tmp_path, text, message):
    path = roster(tmp_path, text)
    with pytest.raises(GradingError, match=r".*roster.csv.*") as caught:
        read_roster(path)
    assert message in str(caught.value)


def test_a_missing_roster_is_refused(tmp_path):
    with pytest.raises(GradingError, match="does not exist"):
        read_roster(tmp_path / "nope.csv")


def test_text_a_spreadsheet_would_run_is_defused():
    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("B") == "B"
    assert spreadsheet_safe(-1.5) == -1.5
