"""The synthetic class generator: seeded to the byte, answers that follow ability, real faults.

The class answers the real released student version of ``case_review_1`` (nbgrader's own
``generate_assignment``); nothing here grades (the parallel grading tests do).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from course.grading import CourseDir, release
from course.grading.course_dir import DEFAULT_COURSE_DIR
from tools import synthclass

pytestmark = pytest.mark.slow

ASSIGNMENT = "case_review_1"


def released_copy(folder: Path) -> Path:
    shutil.copytree(
        DEFAULT_COURSE_DIR,
        folder,
        ignore=shutil.ignore_patterns(
            "release", "submitted", "autograded", "feedback", "reports", "gradebook.db"
        ),
    )
    assert release(CourseDir(folder), ASSIGNMENT).ok
    return folder


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    return released_copy(tmp_path_factory.mktemp("synth") / "course")


def fresh(course: Path, tmp_path: Path, name: str) -> Path:
    """A copy of the released course without submissions."""
    target = tmp_path / name
    shutil.copytree(course, target, ignore=shutil.ignore_patterns("submitted", "gradebook.db"))
    return target


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_same_seed_gives_byte_identical_files_and_another_seed_does_not(course, tmp_path):
    runs = {}
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        root = fresh(course, tmp_path, name)
        synthclass.make_class(root, ASSIGNMENT, 12, seed, faulty=0.3)
        runs[name] = digests(root / "submitted")
    assert len(runs["a"]) >= 12
    assert runs["a"] == runs["b"]
    assert runs["a"] != runs["c"]


def test_answers_follow_ability_and_item_difficulty(course, tmp_path):
    root = fresh(course, tmp_path, "class")
    students = synthclass.make_class(root, ASSIGNMENT, 120, seed=3)
    key = {q.grade_id: q for q in synthclass.questions(root, ASSIGNMENT, 3)}
    assert {q.kind for q in key.values()} == {"choice", "prose"}
    ranked = sorted(students, key=lambda s: s.ability)
    share = [sum(s.correct.values()) / len(s.correct) for s in ranked]
    weakest, strongest = share[:30], share[-30:]
    assert sum(strongest) / 30 > sum(weakest) / 30 + 0.25
    # what was written is what the record says: the solution's value exactly when right
    for student in students[:20]:
        path = root / "submitted" / student.student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        cells = {
            c.metadata.get("nbgrader", {}).get("grade_id"): c
            for c in nbformat.read(path, as_version=4).cells
        }
        for grade_id, right in student.correct.items():
            question = key[grade_id]
            if question.kind == "choice":
                assert (cells[grade_id].source == question.right) == right, grade_id
    # no answer is a solution marker or a leftover stub when answered
    text = path.read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text


def test_wrong_choices_are_other_offered_options_or_form_mistakes(course):
    items = [q for q in synthclass.questions(course, ASSIGNMENT, 1) if q.kind == "choice"]
    assert items and all(q.variable.startswith("answer_") and q.options for q in items)
    for question in items:
        assert question.value not in question.options
        assert len(question.options) == 4  # the five offered codes but the right one


def test_every_fault_is_written_as_described(course, tmp_path):
    root = fresh(course, tmp_path, "faulty")
    students = synthclass.make_class(root, ASSIGNMENT, 16, seed=5, faulty=1.0)
    faults = {s.fault for s in students}
    assert faults == set(synthclass.FAULTS)
    for student in students:
        folder = root / "submitted" / student.student / ASSIGNMENT
        path = folder / f"{ASSIGNMENT}.ipynb"
        if student.fault == "missing_notebook":
            assert not path.exists() and list(folder.glob("*.ipynb"))
            continue
        if student.fault == "invalid_json":
            with pytest.raises(json.JSONDecodeError):
                json.loads(path.read_text(encoding="utf-8"))
            continue
        notebook = nbformat.read(path, as_version=4)
        ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in notebook.cells]
        if student.fault == "deleted_cell":
            assert len([i for i in ids if i and i.endswith("_test")]) == 3
        if student.fault == "endless_loop":
            assert any(c.source.startswith("while True:") for c in notebook.cells)


def test_bad_arguments_are_refused_with_the_reason(course, tmp_path):
    unreleased = tmp_path / "unreleased"
    unreleased.mkdir()
    with pytest.raises(ValueError, match="release it first"):
        synthclass.make_class(unreleased, ASSIGNMENT, 3, seed=1)
    with pytest.raises(ValueError, match="share between 0 and 1"):
        synthclass.make_class(course, ASSIGNMENT, 3, seed=1, faulty=2.0)


def test_the_command_line_writes_the_class_and_prints_it(course, tmp_path, capsys):
    root = fresh(course, tmp_path, "cli")
    assert synthclass.main([str(root), ASSIGNMENT, "--students", "5", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["student", "ability", "right", "fault"]
    assert len(out.splitlines()) == 6
    assert len(list((root / "submitted").iterdir())) == 5
    assert synthclass.main([str(tmp_path / "nowhere"), ASSIGNMENT]) == 2
