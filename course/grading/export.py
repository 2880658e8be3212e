"""Export: one assignment's grades as a CSV for the gradebook an institution uses.

Layouts (``export(course, assignment, layout, out)``):

- ``students``: one row per student: id, each notebook's points, total, maximum, the number of
  questions not graded yet and the autograde status.
- ``questions``: one row per student and question (long format): id, notebook, question, points
  (empty: not graded yet), maximum.
- ``moodle``: for Moodle's *Import grades from CSV file* (Grades > Import > CSV file). Moodle
  matches each row to a user through one identifier column the instructor maps at import
  ("Identify user by": user id, username, ID number or email address) and every other mapped
  column to a grade item (Moodle's ``grade/import/csv`` loader). The mapping chosen here:
  **"ID number" -> the user's ID number** (``useridnumber``); "Email address" is written too, so
  mapping by email works as well. Then one column named after the assignment holding the total
  in points: map it to the assignment's grade item, whose maximum must be the assignment's
  points.
- ``canvas``: for Canvas's gradebook import (Grades > Import), in the layout of Canvas's own
  gradebook export: ``Student`` ("Last, First"), ``ID`` (Canvas's user id), ``SIS User ID``,
  ``SIS Login ID``, ``Section``, then one column named after the assignment; the second row is
  ``Points Possible`` with the assignment's points. Canvas matches a row by its ID, SIS User ID
  or SIS Login ID, so the SIS User ID is always filled.

Without a roster the course's student id stands for the institutional id (Moodle's ID number,
Canvas's SIS User ID). A roster (``roster=``, a CSV with a ``student_id`` column and any of
:data:`ROSTER_COLUMNS`) gives each student's institutional ids, email, name and section. A
student the gradebook holds but the roster does not is named in :attr:`Export.problems` (and in
``table()``), never silently dropped; since a row with the wrong identifier can make an LMS refuse
or misfile the whole import, such a student is left out of the ``moodle`` and ``canvas`` files
only, as is a student with no submission (an empty import cell, not a 0, keeps whatever the LMS
holds). The gradebook is only read.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .course_dir import CourseDir, GradingError
from .report import score_table, student_rows, write_csv

LAYOUTS = ("students", "questions", "moodle", "canvas")
"""The export layouts, in the order ``--help`` lists them."""

ROSTER_COLUMNS = (
    "student_id",
    "id_number",
    "email",
    "first_name",
    "last_name",
    "section",
    "login_id",
    "canvas_id",
)
"""The columns a roster may have: ``student_id`` (the course's id, required), ``id_number``
(the institution's student number: Moodle's ID number, Canvas's SIS User ID), ``email``,
``first_name``, ``last_name``, ``section``, ``login_id`` (Canvas's SIS Login ID) and
``canvas_id`` (Canvas's own user id)."""


@dataclass(frozen=True)
class Person:
    """What the export knows about one student beyond the grades (empty text: unknown)."""

    student_id: str
    id_number: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    section: str = ""
    login_id: str = ""
    canvas_id: str = ""


@dataclass
class Export:
    """One export written: its layout, file, rows and what needs the instructor's attention."""

    assignment: str
    layout: str
    path: Path
    rows: int = 0
    """Student rows written (``questions``: student-question rows)."""
    problems: list[str] = field(default_factory=list)
    """Students named with why they need attention (not on the roster, not in the file...)."""

    @property
    def files(self) -> list[Path]:
        """The files written."""
        return [self.path]

    def table(self) -> str:
        """What was written, and every problem, one per line."""
        lines = [
            f"Exported '{self.assignment}' as '{self.layout}': {self.rows} rows in {self.path}"
        ]
        lines += [f"  ! {problem}" for problem in self.problems]
        return "\n".join(lines)


def read_roster(path: Path | str) -> dict[str, Person]:
    """The roster CSV at ``path`` as student id -> :class:`Person`.

    Refused with a :class:`GradingError` naming the file (and line): a missing ``student_id``
    column, a column not in :data:`ROSTER_COLUMNS`, an empty or repeated student id.
    """
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in reader.fieldnames or []]
            if "student_id" not in header:
                raise GradingError(
                    f"roster {path} has no 'student_id' column; its columns: "
                    f"{', '.join(header) or 'none'}"
                )
            unknown = [h for h in header if h not in ROSTER_COLUMNS]
            if unknown:
                raise GradingError(
                    f"roster {path} has unknown column(s) {', '.join(unknown)}; "
                    f"allowed: {', '.join(ROSTER_COLUMNS)}"
                )
            people: dict[str, Person] = {}
            for number, raw in enumerate(reader, start=2):
                row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
                student = row.get("student_id", "")
                if not student:
                    raise GradingError(f"roster {path}, line {number}: empty student_id")
                if student in people:
                    raise GradingError(
                        f"roster {path}, line {number}: student '{student}' is listed twice"
                    )
                people[student] = Person(**{k: row.get(k, "") for k in ROSTER_COLUMNS})
    except FileNotFoundError:
        raise GradingError(f"roster {path} does not exist") from None
    except UnicodeDecodeError as error:
        raise GradingError(f"roster {path} is not UTF-8 text: {error}") from None
    return people


def _points(value: float | None) -> str:
    return "" if value is None else f"{round(value, 4):g}"


@dataclass
class _Class:
    """Everything one export reads: the gradebook's marks, statuses and people, and the roster."""

    assignment: str
    scores: dict[str, dict[str, float | None]]
    maxima: dict[str, float]
    statuses: dict[str, dict]
    known: dict[str, Person]
    """The gradebook's students (names and emails as nbgrader holds them)."""
    roster: dict[str, Person] | None

    @property
    def everyone(self) -> list[str]:
        """Every student the gradebook or the autograde report knows, sorted."""
        return sorted(set(self.known) | set(self.statuses))

    @property
    def notebooks(self) -> dict[str, list[str]]:
        """Notebook -> its questions, in the gradebook's order."""
        found: dict[str, list[str]] = {}
        for question in self.maxima:
            found.setdefault(question.partition("/")[0], []).append(question)
        return found

    def person(self, student: str) -> Person:
        """What the roster says of ``student``, completed by the gradebook."""
        found = self.known.get(student, Person(student))
        listed = (self.roster or {}).get(student)
        if listed is None:
            return found
        return Person(**{k: getattr(listed, k) or getattr(found, k) for k in ROSTER_COLUMNS})

    def total(self, student: str) -> float:
        return sum(v or 0.0 for v in self.scores.get(student, {}).values())

    def importable(self) -> list[str]:
        """Students an LMS file holds: a graded submission, and on the roster if there is one."""
        return [s for s in sorted(self.scores) if self.roster is None or s in self.roster]


def _students(c: _Class) -> tuple[list[str], list[dict]]:
    extra = ["institution_id"] if c.roster is not None else []
    header = ["student_id", *extra, *c.notebooks, "total", "max_score", "ungraded", "status"]
    rows = []
    for student in c.everyone:
        marks = c.scores.get(student, {})
        row = {"student_id": student, "institution_id": c.person(student).id_number}
        for notebook, questions in c.notebooks.items():
            row[notebook] = _points(sum(marks.get(q) or 0.0 for q in questions))
        row["total"] = _points(c.total(student))
        row["max_score"] = _points(sum(c.maxima.values()))
        row["ungraded"] = sum(marks.get(q) is None for q in c.maxima) if marks else ""
        row["status"] = c.statuses.get(student, {}).get("status", "no submission")
        rows.append(row)
    return header, rows


def _questions(c: _Class) -> tuple[list[str], list[dict]]:
    extra = ["institution_id"] if c.roster is not None else []
    header = ["student_id", *extra, "notebook", "question", "score", "max_score"]
    rows = []
    for student in sorted(c.scores):
        for question, top in c.maxima.items():
            notebook, _, cell = question.partition("/")
            rows.append(
                {
                    "student_id": student,
                    "institution_id": c.person(student).id_number,
                    "notebook": notebook,
                    "question": cell,
                    "score": _points(c.scores[student].get(question)),
                    "max_score": _points(top),
                }
            )
    return header, rows


def _moodle(c: _Class) -> tuple[list[str], list[dict]]:
    header = ["ID number", "Email address", "First name", "Last name", c.assignment]
    rows = []
    for student in c.importable():
        p = c.person(student)
        rows.append(
            {
                "ID number": p.id_number or student,
                "Email address": p.email,
                "First name": p.first_name,
                "Last name": p.last_name,
                c.assignment: _points(c.total(student)),
            }
        )
    return header, rows


def _canvas(c: _Class) -> tuple[list[str], list[dict]]:
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", c.assignment]
    rows = [{"Student": "Points Possible", c.assignment: _points(sum(c.maxima.values()))}]
    for student in c.importable():
        p = c.person(student)
        rows.append(
            {
                "Student": ", ".join(x for x in (p.last_name, p.first_name) if x) or student,
                "ID": p.canvas_id,
                "SIS User ID": p.id_number or student,
                "SIS Login ID": p.login_id,
                "Section": p.section,
                c.assignment: _points(c.total(student)),
            }
        )
    return header, rows


_WRITERS = {"students": _students, "questions": _questions, "moodle": _moodle, "canvas": _canvas}


def _problems(c: _Class, layout: str, roster: Path | str | None) -> list[str]:
    """Every student who needs the instructor's attention in this export, with why."""
    found = []
    lms = layout in {"moodle", "canvas"}
    importable = set(c.importable())
    for student in c.everyone:
        if c.roster is not None and student not in c.roster:
            found.append(f"{student}: not in the roster {roster}")
        if student not in c.scores:
            status = c.statuses.get(student, {}).get("status")
            why = f" (autograde status: {status})" if status else ""
            found.append(f"{student}: no graded submission in the gradebook{why}")
        elif any(c.scores[student].get(q) is None for q in c.maxima):
            gaps = sum(c.scores[student].get(q) is None for q in c.maxima)
            found.append(f"{student}: {gaps} question(s) not graded yet, counted as 0 in the total")
        if lms and student not in importable:
            found.append(f"{student}: left out of the {layout} import file")
    for student in sorted(set(c.roster or {}) - set(c.everyone)):
        found.append(f"{student}: on the roster but not in the gradebook")
    return found


def export(
    course: CourseDir,
    assignment: str,
    layout: str,
    out: Path | str,
    roster: Path | str | None = None,
) -> Export:
    """Write ``assignment``'s grades in ``layout`` (one of :data:`LAYOUTS`) to the CSV ``out``;
    the gradebook is only read."""
    if layout not in LAYOUTS:
        raise GradingError(f"unknown export layout '{layout}'; choose one of {', '.join(LAYOUTS)}")
    course.check_assignment(assignment)
    people = read_roster(roster) if roster is not None else None
    scores, maxima = score_table(course, assignment)
    statuses = {r["student"]: r for r in student_rows(course, assignment, scores, maxima)}
    with course.gradebook() as gb:
        known = {
            s.id: Person(
                s.id,
                email=s.email or "",
                first_name=s.first_name or "",
                last_name=s.last_name or "",
            )
            for s in gb.students
        }
    c = _Class(assignment, scores, maxima, statuses, known, people)
    header, rows = _WRITERS[layout](c)
    write_csv(Path(out), rows, header)
    count = len(c.importable()) if layout in {"moodle", "canvas"} else len(rows)
    return Export(assignment, layout, Path(out), count, _problems(c, layout, roster))
