"""The parent's side of a parallel autograde, without running a kernel: the private gradebook
copy, the merge of one student into the real gradebook, and a worker that cannot start.

(The whole pipeline, worker processes and sandbox included, is tests/integration/grading/
test_parallel.py.)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from sqlalchemy import create_engine

from course.grading import parallel
from course.grading.course_dir import (
    DEFAULT_COURSE_DIR,
    CourseDir,
    GradingError,
    scripts_on_path,
)
from course.grading.results import Settings

scripts_on_path()  # these tests open nbgrader's Gradebook, which runs `alembic` by name

pytestmark = pytest.mark.slow  # a new gradebook runs nbgrader's alembic (seconds under load)

COURSE_ID = "buttock_pain"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """An SQLite gradebook holding one assignment with one notebook and two graded cells,
    and two students' submissions (built once: nbgrader starts alembic for a new gradebook)."""
    path = tmp_path_factory.mktemp("gradebook") / "template.db"
    with Gradebook(f"sqlite:///{path}", COURSE_ID) as gb:
        gb.add_assignment("a1")
        gb.add_notebook("nb", "a1")
        gb.add_grade_cell("q1_test", "nb", "a1", max_score=2, cell_type="code")
        gb.add_solution_cell("q1_answer", "nb", "a1")
        gb.add_grade_cell("m1", "nb", "a1", max_score=3, cell_type="markdown")
        gb.add_solution_cell("m1", "nb", "a1")
        for student in ("alice", "bob"):
            gb.add_student(student)
            gb.add_submission("a1", student)
    return path


@pytest.fixture
def real(template, tmp_path) -> str:
    """A fresh copy of the template gradebook: the "real" one of a test."""
    shutil.copyfile(template, tmp_path / "real.db")
    return f"sqlite:///{tmp_path / 'real.db'}"


def set_marks(url: str, student: str, auto: float, manual: float | None, comment: str) -> None:
    with Gradebook(url, COURSE_ID) as gb:
        gb.find_grade("q1_test", "nb", "a1", student).auto_score = auto
        gb.find_grade("m1", "nb", "a1", student).manual_score = manual
        gb.find_comment("m1", "nb", "a1", student).manual_comment = comment
        gb.db.commit()


def marks(url: str) -> dict:
    with Gradebook(url, COURSE_ID) as gb:
        return {
            (s.student.id, g.name): (g.auto_score, g.manual_score)
            for s in gb.find_assignment("a1").submissions
            for n in s.notebooks
            for g in n.grades
        } | {
            (s.student.id, c.name, "comment"): c.manual_comment
            for s in gb.find_assignment("a1").submissions
            for n in s.notebooks
            for c in n.comments
        }


def rows(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                name: len(connection.execute(table.select()).all())
                for name, table in parallel._tables().items()
            }
    finally:
        engine.dispose()


def test_the_private_copy_holds_every_row_of_the_real_gradebook(real, tmp_path):
    set_marks(real, "alice", 2.0, 1.5, "fair")
    parallel.copy_gradebook(real, tmp_path / "private.db")
    private = f"sqlite:///{tmp_path / 'private.db'}"
    assert rows(private) == rows(real)
    assert marks(private) == marks(real)


def test_merging_a_student_replaces_only_their_rows_and_duplicates_nothing(real, tmp_path):
    set_marks(real, "bob", 0.0, 2.0, "bob's hand-given mark")
    parallel.copy_gradebook(real, tmp_path / "private.db")
    private = f"sqlite:///{tmp_path / 'private.db'}"
    set_marks(private, "alice", 2.0, 3.0, "graded in a worker")
    set_marks(private, "bob", 2.0, None, "a worker must not reach bob")
    counts = rows(real)
    engines = create_engine(real), create_engine(private)
    try:
        for _ in range(2):  # merging twice is the same as once
            parallel.merge_student(*engines, "a1", COURSE_ID, "alice")
    finally:
        for engine in engines:
            engine.dispose()
    found = marks(real)
    assert rows(real) == counts
    assert found[("alice", "q1_test")] == (2.0, None)
    assert found[("alice", "m1")] == (None, 3.0)
    assert found[("alice", "m1", "comment")] == "graded in a worker"
    assert found[("bob", "m1")] == (None, 2.0)
    assert found[("bob", "m1", "comment")] == "bob's hand-given mark"


def test_a_new_student_is_added_with_their_submission(real, tmp_path):
    parallel.copy_gradebook(real, tmp_path / "private.db")
    private = f"sqlite:///{tmp_path / 'private.db'}"
    with Gradebook(private, COURSE_ID) as gb:
        gb.add_student("carol", first_name="Carol")
        gb.add_submission("a1", "carol")
    set_marks(private, "carol", 1.0, None, "")
    engines = create_engine(real), create_engine(private)
    try:
        parallel.merge_student(*engines, "a1", COURSE_ID, "carol")
    finally:
        for engine in engines:
            engine.dispose()
    with Gradebook(real, COURSE_ID) as gb:
        assert gb.find_student("carol").first_name == "Carol"
        assert gb.find_submission("a1", "carol").score == 1.0


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> CourseDir:
    """The shipped course's sources and configuration in a scratch folder, empty gradebook."""
    folder = tmp_path_factory.mktemp("course") / "course"
    shutil.copytree(
        DEFAULT_COURSE_DIR,
        folder,
        ignore=shutil.ignore_patterns("release", "submitted", "autograded", "gradebook.db"),
    )
    course = CourseDir(folder)
    with course.gradebook():
        pass  # an empty gradebook, as nbgrader creates it
    return course


def test_the_private_course_reads_the_real_sources_and_writes_elsewhere(course, tmp_path):
    private = parallel.private_course(course, tmp_path / "worker0")
    assert private.path("source", "case_review_1") == course.path("source", "case_review_1")
    assert private.root / "submitted" != private.path("submitted", "x").parents[1]
    assert private.path("submitted", "x", "s") == course.path("submitted", "x", "s")
    assert private.path("autograded", "x", "s").is_relative_to(tmp_path / "worker0")
    assert private.db_url == f"sqlite:///{tmp_path / 'worker0' / 'gradebook.db'}"
    assert private.nbgrader.config.Execute.timeout == course.nbgrader.config.Execute.timeout


def test_workers_that_cannot_start_stop_the_run_with_their_log(course, monkeypatch):
    def broken(number, folder, assignment, settings):
        code = "import sys; print('ImportError: no module named nbgrader', file=sys.stderr)"
        return subprocess.Popen(
            [sys.executable, "-c", f"{code}; sys.exit(3)"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=(folder / "worker.log").open("ab"),
        )

    monkeypatch.setattr(parallel, "_start", broken)
    lost = []
    settings = Settings(cell_timeout=5, max_output_bytes=None, max_file_bytes=1000)
    with pytest.raises(GradingError, match="no module named nbgrader"):
        parallel.grade_in_parallel(
            course,
            "case_review_1",
            ["alice", "bob", "carol", "dave"],
            settings,
            {},
            2,
            lambda *args: lost.append(args),
            limit=60,
        )
    assert lost == []  # nobody was scored 0 for a broken set-up
