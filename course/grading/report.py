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
    status = {}
    if report_path(course, assignment).is_file():
        data = json.loads(report_path(course, assignment).read_text(encoding="utf-8"))
        status = {row["student"]: row["status"] for row in data.get("results", [])}
    total_max = sum(maxima.values())
    for student in sorted(scores):
        total = sum(v or 0.0 for v in scores[student].values())
        ungraded = sum(v is None for v in scores[student].values())
        result.students.append(
            {
                "student": student,
                "score": total,
                "max_score": total_max,
                "ungraded_questions": ungraded,
                "status": status.get(student, "not autograded by course.grading"),
            }
        )
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


def _round(value):
    return "" if value is None else round(value, 4)


def _write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
