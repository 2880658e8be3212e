"""Report: nbgrader's grade export, each student's grading status, and an item analysis.

Writes under ``reports/``:

- ``grades.csv``: ``nbgrader export`` (its CSV plugin), every assignment and student;
- ``<assignment>/students.csv``: score, maximum and the autograde status of each student
  (ok, missing notebook, invalid JSON, timeout, output too large, tampered...);
- ``<assignment>/items.csv``: per question, difficulty ``p``, point-biserial ``r_pb`` and
  upper-lower discrimination ``D`` (see :mod:`course.grading.stats`), from the gradebook.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from .course_dir import CourseDir, GradingError
from .grade import report_path
from .stats import ItemStats, item_analysis


@dataclass
class GradeReport:
    """The files written and the item analysis of one assignment."""

    assignment: str
    items: list[ItemStats] = field(default_factory=list)
    students: list[dict] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def table(self) -> str:
        def num(value, digits=2):
            return "-" if value is None else f"{value:.{digits}f}"

        lines = [
            f"Item analysis of '{self.assignment}' ({len(self.students)} submissions)",
            f"{'question':<28}{'max':>5}{'n':>5}{'p':>7}{'r_pb':>7}{'D':>7}{'ungraded':>10}",
        ]
        for s in self.items:
            lines.append(
                f"{s.item:<28}{s.max_score:>5g}{s.n:>5}{num(s.difficulty):>7}"
                f"{num(s.point_biserial):>7}{num(s.discrimination):>7}{s.ungraded:>10}"
            )
        lines.append("written: " + ", ".join(str(p) for p in self.files))
        return "\n".join(lines)


def score_table(course: CourseDir, assignment: str):
    """(student -> question -> points or None, question -> max points) from the gradebook.

    A question is ``<notebook>/<grade cell id>``; its points are the manual score where a grader
    or the course set one, else the autograder's, else ``None`` (not graded yet; nbgrader's own
    ``score`` would say 0).
    """
    scores: dict[str, dict[str, float | None]] = {}
    maxima: dict[str, float] = {}
    with course.gradebook() as gb:
        for notebook in gb.find_assignment(assignment).notebooks:
            for cell in notebook.grade_cells:
                maxima[f"{notebook.name}/{cell.name}"] = float(cell.max_score)
        for submission in gb.assignment_submissions(assignment):
            row = scores.setdefault(submission.student.id, {})
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    score = (
                        grade.manual_score if grade.manual_score is not None else grade.auto_score
                    )
                    row[f"{notebook.name}/{grade.name}"] = score
    order = list(maxima)
    return scores, {q: maxima[q] for q in order}


def report(course: CourseDir, assignment: str) -> GradeReport:
    """Export grades with nbgrader and write the status and item tables of ``assignment``."""
    course.check_assignment(assignment)
    folder = course.root / "reports"
    (folder / assignment).mkdir(parents=True, exist_ok=True)
    grades = folder / "grades.csv"
    run = course.run("export", f"--to={grades}", timeout=600)
    if not run.ok:
        raise GradingError(f"nbgrader export failed:\n{run.log[-2000:]}")
    scores, maxima = score_table(course, assignment)
    if not scores:
        raise GradingError(
            f"no submission of '{assignment}' is in the gradebook yet: autograde first"
        )
    result = GradeReport(assignment, item_analysis(scores, maxima), files=[grades])
    rows = {}
    if report_path(course, assignment).is_file():
        data = json.loads(report_path(course, assignment).read_text(encoding="utf-8"))
        rows = {row["student"]: row for row in data.get("results", [])}
    total_max = sum(maxima.values())
    for student in sorted(set(scores) | set(rows)):
        marks = scores.get(student, dict.fromkeys(maxima))
        row = rows.get(student, {})
        problems = [f"{p['kind']}: {p['notebook']}: {p['detail']}" for p in row.get("problems", [])]
        late = row.get("seconds_late")
        result.students.append(
            {
                "student": student,
                "score": sum(v or 0.0 for v in marks.values()),
                "max_score": total_max,
                "ungraded_questions": sum(v is None for v in marks.values()),
                "status": row.get("status", "not autograded by course.grading"),
                "seconds_late": "" if late is None else round(late),
                "details": " | ".join(problems)[:1000],
            }
        )
    _add_missing_rows(grades, assignment, [s for s in rows if s not in scores], total_max)
    students_csv = folder / assignment / "students.csv"
    _write_csv(students_csv, result.students)
    items_csv = folder / assignment / "items.csv"
    _write_csv(
        items_csv,
        [
            {
                "question": s.item,
                "max_score": s.max_score,
                "n": s.n,
                "difficulty_p": _round(s.difficulty),
                "point_biserial": _round(s.point_biserial),
                "discrimination_D": _round(s.discrimination),
                "ungraded": s.ungraded,
            }
            for s in result.items
        ],
    )
    result.files += [students_csv, items_csv]
    return result


def _add_missing_rows(grades: Path, assignment: str, students: list[str], most: float) -> None:
    """Add a 0 row to nbgrader's export for each student of ``assignment`` the gradebook does
    not hold (a folder name that is not a valid id), so no one drops out of ``grades.csv``."""
    if not students:
        return
    with grades.open(newline="", encoding="utf-8") as handle:
        fields = next(csv.reader(handle), [])
    if "student_id" not in fields:
        return
    with grades.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, restval="")
        for student in students:
            row = {"assignment": assignment, "student_id": student, "raw_score": 0, "score": 0}
            writer.writerow({**{k: v for k, v in row.items() if k in fields}, "max_score": most})


def _round(value):
    return "" if value is None else round(value, 4)


def _write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
