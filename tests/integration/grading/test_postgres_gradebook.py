"""A class graded serially into SQLite and in parallel into a real PostgreSQL gradebook gives
equal gradebooks.

Two copies of the course directory differ only in ``c.CourseDirectory.db_url``: nbgrader's
default SQLite file in one, a database on the session's PostgreSQL server (see
``tests/integration/conftest.py``) in the other. Both release the assignment, collect the same
submissions (honest ones and faulty ones), are autograded (SQLite one student at a time,
PostgreSQL by two parallel workers), receive the same hand-given mark and are graded again.
Then every row of every gradebook table is compared, with its random ids replaced by what they
point to: every submission, grade, comment and score is equal, and no row is lost or
duplicated.
"""

from __future__ import annotations

import csv
import socket
from collections import Counter
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Base
from sqlalchemy import Table, create_engine

from course.grading import CourseDir, autograde, release, report

from .test_grading import (
    ASSIGNMENT,
    SUBMISSIONS,
    WRONG,
    answer,
    copy_course,
    key,
    student_version,
    submit,
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("postgres")]

HONEST = ("correct", "wrong", "empty")
FAULTY = ("edited_tests",)
PROBE = "reaches_database"
CLASS = (*HONEST, *FAULTY, PROBE, "invalid_json", "missing")
"""The class: honest submissions, a tampered one, one whose code tries to reach the database
server, one that is not JSON and one misnamed."""

PROBE_CELL = """import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=5).close()
    {right}
except OSError:
    {wrong}
"""
"""An answer that is right only if student code can connect to the gradebook's server: the
sandbox has no network, so it must score 0 (the test checks the server is reachable outside)."""

HAND_MARK = ("correct", "m1_reasoning", 1.5, "Sound reasoning; name the test cluster.")
"""A mark a grader gives by hand (student, cell, points, comment): a re-grade must keep it."""


def grade(course: CourseDir, students: list[str], workers: int):
    """One autograde run with ``workers`` sandboxed workers (1: one student at a time)."""
    return autograde(course, ASSIGNMENT, students=students, workers=workers)


def submit_class(course: CourseDir, port: int) -> None:
    answers = key(course, ASSIGNMENT)
    for student in (*HONEST, *FAULTY):
        nb = student_version(course, ASSIGNMENT)
        SUBMISSIONS[student](nb, answers)
        submit(course, ASSIGNMENT, student, nbformat.writes(nb).encode())
    nb = student_version(course, ASSIGNMENT)
    probe = PROBE_CELL.format(port=port, right=answers["q1_answer"], wrong=WRONG["q1_answer"])
    answer(nb, {**answers, "q1_answer": probe})
    submit(course, ASSIGNMENT, PROBE, nbformat.writes(nb).encode())
    submit(course, ASSIGNMENT, "invalid_json", b'{"cells": [{"cell_type": "code", "sou')
    submit(course, ASSIGNMENT, "missing", b"{}", name=f"{ASSIGNMENT} (1).ipynb")


def give_hand_mark(course: CourseDir) -> None:
    student, cell, points, comment = HAND_MARK
    with course.gradebook() as gb:
        gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, student).manual_score = points
        gb.find_comment(cell, ASSIGNMENT, ASSIGNMENT, student).manual_comment = comment
        gb.db.commit()


def graded_class(
    root: Path, db_url: str | None, port: int, workers: int
) -> tuple[CourseDir, dict[str, str]]:
    """Release, submit, grade with ``workers`` workers, mark by hand and re-grade the class in a
    course copy at ``root`` whose gradebook is ``db_url`` (``None``: nbgrader's SQLite default);
    ``port`` is the PostgreSQL server's, which the probing submission tries to reach."""
    course = copy_course(root)
    if db_url is not None:
        with (course.root / "nbgrader_config.py").open("a") as config:
            config.write(f"\nc.CourseDirectory.db_url = {db_url!r}\n")
        course = CourseDir(course.root)
    assert release(course, ASSIGNMENT).ok
    submit_class(course, port)
    first = grade(course, list(CLASS), workers)
    give_hand_mark(course)
    again = grade(course, [HAND_MARK[0]], workers)
    assert first.ok and again.ok
    statuses = {r.student: r.status for r in first.results}
    assert statuses[HAND_MARK[0]] == again.result(HAND_MARK[0]).status
    return course, statuses


@pytest.fixture(scope="module")
def sqlite_class(tmp_path_factory, postgres):
    """The class graded one student at a time into SQLite."""
    return graded_class(tmp_path_factory.mktemp("sqlite") / "course", None, postgres.port, 1)


@pytest.fixture(scope="module")
def postgres_class(tmp_path_factory, postgres, postgres_url):
    """The class graded by two parallel workers into PostgreSQL (only the parent writes it)."""
    root = tmp_path_factory.mktemp("postgres") / "course"
    return graded_class(root, postgres_url, postgres.port, 2)


# ------------------------------------------------------------ every row, ids resolved
def _generated_id(table: Table) -> bool:
    """Whether the table's key is a random id nbgrader makes (uuid), not a name it is given."""
    return any(c.primary_key and c.default is not None for c in table.columns)


def gradebook_rows(db_url: str) -> dict[str, Counter]:
    """Every row of every nbgrader table, by table name, as a count of row descriptions.

    A row's description is its column values with its own random id left out and each foreign
    key replaced by the description of the row it points to, so that two gradebooks filled
    the same way describe their rows the same way whatever ids they drew.
    """
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            raw = {
                table: [dict(row._mapping) for row in connection.execute(table.select())]
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()
    by_key = {
        (table.name, column.name): {row[column.name]: row for row in rows}
        for table, rows in raw.items()
        for column in table.columns
        if column.primary_key
    }
    tables = {table.name: table for table in raw}

    def describe(table: Table, row: dict) -> tuple:
        fields = []
        for column in table.columns:
            value = row[column.name]
            if column.primary_key and _generated_id(table) and not column.foreign_keys:
                continue
            for foreign in column.foreign_keys:
                if value is not None:
                    target = foreign.column
                    pointed = by_key[(target.table.name, target.name)][value]
                    value = describe(tables[target.table.name], pointed)
            fields.append((column.name, value))
        return tuple(fields)

    return {
        table.name: Counter(describe(table, row) for row in rows) for table, rows in raw.items()
    }


# ----------------------------------------------------------------------------- the tests
def test_the_postgresql_course_really_uses_postgresql(postgres_class, sqlite_class):
    course, _ = postgres_class
    assert course.db_url.startswith("postgresql://")
    assert not (course.root / "gradebook.db").exists()
    assert sqlite_class[0].db_url.startswith("sqlite:///")
    assert (sqlite_class[0].root / "gradebook.db").is_file()


def test_both_gradebooks_hold_the_same_rows_none_lost_or_duplicated(sqlite_class, postgres_class):
    sqlite_rows = gradebook_rows(sqlite_class[0].db_url)
    postgres_rows = gradebook_rows(postgres_class[0].db_url)
    assert sorted(sqlite_rows) == sorted(postgres_rows)
    for table, rows in sqlite_rows.items():
        assert postgres_rows[table] == rows, table
        assert all(n == 1 for n in rows.values()), f"a row of {table} is there twice"
    counts = {table: sum(rows.values()) for table, rows in postgres_rows.items()}
    # every student has a submission, the unreadable ones too (scored 0 with their reason)
    assert counts["submitted_assignment"] == len(CLASS)
    assert counts["grade"] == len(CLASS) * counts["grade_cells"] > 0
    assert counts["comment"] == len(CLASS) * (counts["solution_cells"] + counts["task_cells"])


def test_both_runs_agree_on_statuses_scores_and_the_hand_mark(sqlite_class, postgres_class):
    (sqlite_course, sqlite_statuses), (postgres_course, postgres_statuses) = (
        sqlite_class,
        postgres_class,
    )
    assert sqlite_statuses == postgres_statuses
    assert set(postgres_statuses) == set(CLASS)
    assert postgres_statuses["correct"] == "ok"
    assert "tampered" in postgres_statuses["edited_tests"]
    scores = {}
    for course in (sqlite_course, postgres_course):
        with course.gradebook() as gb:
            scores[course.db_url.split(":")[0]] = {
                s.student.id: s.score for s in gb.find_assignment(ASSIGNMENT).submissions
            }
            student, cell, points, comment = HAND_MARK
            assert gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, student).score == points
            assert gb.find_comment(cell, ASSIGNMENT, ASSIGNMENT, student).comment == comment
    assert scores["sqlite"] == scores["postgresql"]
    assert scores["postgresql"]["correct"] == 6 + HAND_MARK[2]
    assert scores["postgresql"]["wrong"] == 0
    assert scores["postgresql"][PROBE] == 6 - 2  # everything but q1, which needed the database


def test_student_code_cannot_reach_the_database_server(postgres, postgres_class):
    """The server answers on 127.0.0.1 from the grader's side; from the sandbox it cannot."""
    socket.create_connection((postgres.host, postgres.port), timeout=10).close()
    course, statuses = postgres_class
    assert statuses[PROBE] == "ok"
    with course.gradebook() as gb:
        grade = gb.find_grade("q1_test", ASSIGNMENT, ASSIGNMENT, PROBE)
        assert (grade.auto_score, grade.max_score) == (0.0, 2.0)


def test_the_report_reads_the_postgresql_gradebook(sqlite_class, postgres_class):
    tables = []
    for course, _ in (sqlite_class, postgres_class):
        report(course, ASSIGNMENT)
        with (course.root / "reports" / "grades.csv").open() as handle:
            tables.append(sorted(csv.DictReader(handle), key=lambda r: r["student_id"]))
    assert tables[0] == tables[1]
    assert {r["student_id"] for r in tables[1]} == set(CLASS)
