"""``tools/vp_assignment.py``: the graded virtual patient written for the case an instructor
picks, its key read from the case's sealed expert answer."""

from __future__ import annotations

import ast

import pytest

from course import patient
from course.grading import CourseDir
from course.records.patient import open_expert
from tools import vp_assignment

COURSE = CourseDir()


def test_the_command_writes_the_notebook_and_rubric_for_a_case(tmp_path, capsys):
    folder = COURSE.path("source", vp_assignment.ASSIGNMENT)
    notebook = folder / f"{vp_assignment.ASSIGNMENT}.ipynb"
    case_id = vp_assignment.expected_case(notebook)
    assert vp_assignment.main([case_id, "--course-dir", str(tmp_path)]) == 0
    written = tmp_path / "source" / vp_assignment.ASSIGNMENT / notebook.name
    rubric = tmp_path / "rubrics" / f"{vp_assignment.ASSIGNMENT}.md"
    assert written.read_text() == notebook.read_text()  # the committed one is up to date
    assert rubric.read_text() == (COURSE.root / "rubrics" / rubric.name).read_text()
    assert str(written) in capsys.readouterr().out


def test_an_unknown_case_names_the_valid_ones(tmp_path, capsys):
    assert vp_assignment.main(["vp_999", "--course-dir", str(tmp_path)]) == 2
    said = capsys.readouterr().err
    assert "no virtual patient called 'vp_999'" in said and "vp_01, vp_02" in said
    assert not (tmp_path / "source").exists()


@pytest.mark.parametrize("count", [1, 4, 12])
def test_long_id_lists_become_short_lines_that_read_back(count):
    ids = tuple(f"rf_flag_number_{n}" for n in range(count))
    code = vp_assignment._words(ids)
    assert all(len(line) <= 100 for line in code.splitlines())
    assert all(line.strip() not in {f'"{i}",' for i in ids} for line in code.splitlines())
    assert eval(code, {"_text": str}) == list(ids)
    ast.parse(code)


def test_the_key_is_the_sealed_expert_answer():
    folder = COURSE.path("source", vp_assignment.ASSIGNMENT)
    case = patient.case(vp_assignment.expected_case(folder / f"{vp_assignment.ASSIGNMENT}.ipynb"))
    expert = open_expert(case)
    nb = vp_assignment.notebook(case, expert)
    hidden = "\n".join(c.source for c in nb.cells if "BEGIN HIDDEN TESTS" in c.source)
    assert f'_first = "{expert.differential[0]}"' in hidden
    assert f'== "{expert.urgency}"' in hidden
    assert all(f'assert "{flag}" in _asked' in hidden for flag in expert.must_ask)
