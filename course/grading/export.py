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


def export(
    course: CourseDir,
    assignment: str,
    layout: str,
    out: Path | str,
    roster: Path | str | None = None,
) -> Export:
    """Write ``assignment``'s grades in ``layout`` (one of :data:`LAYOUTS`) to the CSV ``out``."""
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
    result = Export(assignment, layout, Path(out))
    everyone = sorted(set(known) | set(statuses))
    for student in everyone:
        if people is not None and student not in people:
            result.problems.append(f"{student}: not in the roster {roster}")
        if student not in scores:
            status = statuses.get(student, {}).get("status")
            why = f" (autograde status: {status})" if status else ""
            result.problems.append(f"{student}: no graded submission in the gradebook{why}")
        elif any(scores[student].get(q) is None for q in maxima):
            gaps = sum(scores[student].get(q) is None for q in maxima)
            result.problems.append(
                f"{student}: {gaps} question(s) not graded yet, counted as 0 in the total"
            )
    for student in sorted(set(people or {}) - set(everyone)):
        result.problems.append(f"{student}: on the roster but not in the gradebook")

    def person(student: str) -> Person:
        found = known.get(student, Person(student))
        listed = (people or {}).get(student)
        if listed is None:
            return found
        merged = {k: getattr(listed, k) or getattr(found, k) for k in ROSTER_COLUMNS}
        return Person(**merged)

    notebooks: dict[str, list[str]] = {}
    for question in maxima:
        notebooks.setdefault(question.partition("/")[0], []).append(question)
    total_max = sum(maxima.values())
    rows: list[dict] = []
    header: list[str]
    institution = ["institution_id"] if people is not None else []
    if layout == "students":
        header = [
            "student_id",
            *institution,
            *notebooks,
            "total",
            "max_score",
            "ungraded",
            "status",
        ]
        for student in everyone:
            marks = scores.get(student, {})
            row = {"student_id": student, "institution_id": person(student).id_number}
            for notebook, questions in notebooks.items():
                row[notebook] = _points(sum(marks.get(q) or 0.0 for q in questions))
            row["total"] = _points(sum(v or 0.0 for v in marks.values()))
            row["max_score"] = _points(total_max)
            row["ungraded"] = sum(marks.get(q) is None for q in maxima) if marks else ""
            row["status"] = statuses.get(student, {}).get("status", "no submission")
            rows.append(row)
        result.rows = len(rows)
    elif layout == "questions":
        header = ["student_id", *institution, "notebook", "question", "score", "max_score"]
        for student in sorted(scores):
            for question, top in maxima.items():
                notebook, _, cell = question.partition("/")
                rows.append(
                    {
                        "student_id": student,
                        "institution_id": person(student).id_number,
                        "notebook": notebook,
                        "question": cell,
                        "score": _points(scores[student].get(question)),
                        "max_score": _points(top),
                    }
                )
        result.rows = len(rows)
    else:
        importable = [s for s in sorted(scores) if people is None or s in people]
        total = {s: sum(v or 0.0 for v in scores[s].values()) for s in importable}
        if layout == "moodle":
            header = ["ID number", "Email address", "First name", "Last name", assignment]
            for student in importable:
                p = person(student)
                rows.append(
                    {
                        "ID number": p.id_number or student,
                        "Email address": p.email,
                        "First name": p.first_name,
                        "Last name": p.last_name,
                        assignment: _points(total[student]),
                    }
                )
        else:
            header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment]
            rows.append({"Student": "Points Possible", assignment: _points(total_max)})
            for student in importable:
                p = person(student)
                name = ", ".join(x for x in (p.last_name, p.first_name) if x) or student
                rows.append(
                    {
                        "Student": name,
                        "ID": p.canvas_id,
                        "SIS User ID": p.id_number or student,
                        "SIS Login ID": p.login_id,
                        "Section": p.section,
                        assignment: _points(total[student]),
                    }
                )
        result.rows = len(importable)
        for student in everyone:
            if student not in importable:
                result.problems.append(f"{student}: left out of the {layout} import file")
    write_csv(result.path, rows, header)
    return result
