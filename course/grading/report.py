"""Report: nbgrader's grade export, each student's grading status, and an item analysis.

Writes under ``reports/``:

- ``grades.csv``: ``nbgrader export`` (its CSV plugin), every assignment and student;
- ``<assignment>/students.csv``: score, maximum and the autograde status of each student
  (ok, missing notebook, invalid JSON, timeout, output too large, tampered...);
- ``<assignment>/items.csv``: per question, facility, discrimination index (corrected item-total
  correlation, as Moodle defines it), upper-lower ``D`` and flags (see
  :mod:`course.grading.stats`), from the gradebook;
- ``<assignment>/distractors.csv``: per option of each choice question, who chose it;
- ``<assignment>/summary.csv``: students, mean, SD, Cronbach's alpha and its standard error of
  measurement, with the reason for any figure left empty;
- ``<assignment>/facility_discrimination.png``, ``totals.png`` and ``item_analysis.html`` (the
  plots and tables on one self-contained page; see :mod:`course.grading.itempage`).

Everything is read from the gradebook and the autograded notebooks; nothing is written to them.
These files are for the instructor: the distractor table shows which option earned the points.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from dataclasses import fields as dataclass_fields
from pathlib import Path

from .course_dir import CourseDir, GradingError
from .grade import report_path
from .stats import (
    FLAGS,
    ItemStats,
    OptionStats,
    Scores,
    Summary,
    assignment_summary,
    distractors,
    item_analysis,
)


@dataclass
class GradeReport:
    """The files written and the item analysis of one assignment."""

    assignment: str
    items: list[ItemStats] = field(default_factory=list)
    students: list[dict] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    summary: Summary | None = None
    options: list[OptionStats] = field(default_factory=list)
    """The distractor analysis of every choice question, question by question."""
    notes: list[str] = field(default_factory=list)
    """Submissions whose choices could not be read, each naming the student and the file."""

    def table(self) -> str:
        """The summary, one row per question with its flags, and the files written."""

        def num(value, digits=2):
            return "-" if value is None else f"{value:.{digits}f}"

        lines = [f"Item analysis of '{self.assignment}' ({len(self.students)} submissions)"]
        if self.summary is not None:
            s = self.summary
            alpha = "Cronbach's alpha" + (" (KR-20)" if s.dichotomous else "")
            lines.append(
                f"students {s.students}, mean {num(s.mean)} of {s.max_score:g} points, "
                f"SD {num(s.sd)}, {alpha} {num(s.alpha)}, SEM {num(s.sem)} points"
            )
            lines += [f"  {figure}: not computed: {why}" for figure, why in s.why_not.items()]
        lines.append(
            f"{'question':<28}{'max':>5}{'n':>5}{'facility':>10}{'disc.r':>8}{'D':>7}"
            f"{'ungraded':>10}  flags"
        )
        for s in self.items:
            lines.append(
                f"{s.item:<28}{s.max_score:>5g}{s.n:>5}{num(s.facility):>10}"
                f"{num(s.discrimination_index):>8}{num(s.upper_lower):>7}{s.ungraded:>10}"
                f"  {', '.join(s.flags) or '-'}"
            )
        flagged = [s for s in self.items if s.flags]
        if flagged:
            lines.append("Flagged:")
            lines += [f"  {s.item}: " + "; ".join(FLAGS[flag] for flag in s.flags) for s in flagged]
        lines += [f"note: {note}" for note in self.notes]
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


def answer_variables(course: CourseDir, assignment: str) -> dict[str, str]:
    """Question (``<notebook>/<grade cell id>``) -> the one answer variable its test reads.

    Only autograded test cells that read exactly one free name (``answer_q1``) are listed; a
    test that reads none or several, and every manually graded cell, is no choice question.
    """
    from .cleanroom import free_names

    found = {}
    with course.gradebook() as gb:
        for notebook in gb.find_assignment(assignment).notebooks:
            sources = {c.name: c.source for c in notebook.source_cells}
            answers = {c.name for c in notebook.solution_cells}
            for cell in notebook.grade_cells:
                if cell.cell_type != "code" or cell.name in answers:
                    continue
                names = free_names(sources.get(cell.name, ""))
                if len(names) == 1:
                    found[f"{notebook.name}/{cell.name}"] = next(iter(names))
    return found


MAX_NOTEBOOK_BYTES = 64_000_000
"""The largest autograded notebook whose choices are read (autograde's own limit)."""


def choice_answers(
    course: CourseDir,
    assignment: str,
    students: list[str],
    max_bytes: int = MAX_NOTEBOOK_BYTES,
) -> tuple[dict[str, dict[str, str | None]], list[str]]:
    """The option each student chose in each choice question, and notes on what was unreadable.

    Choices are read as text from each student's autograded notebook with the clean room's
    literal-answer reader (:func:`course.grading.cleanroom.literal_answers`): the value the
    question's answer variable last holds in the notebook's code cells, when that is a plain
    literal. A question is a choice question when its test reads one answer variable and every
    answer read is text or ``True``/``False``; a question answered with numbers (a dose, a
    likelihood ratio) is not one and has no distractor table, nor has a free-text question
    marked by hand. A student whose notebook is missing or unreadable, or whose answer is not a
    plain quoted value, counts under :data:`course.grading.stats.NO_CHOICE`; a notebook over
    ``max_bytes`` is not read.
    """
    import nbformat

    from .cleanroom import literal_answers

    variables = answer_variables(course, assignment)
    by_notebook: dict[str, dict[str, str]] = {}
    for question, name in variables.items():
        notebook, _, _ = question.partition("/")
        by_notebook.setdefault(notebook, {})[question] = name
    read: dict[str, dict[str, object]] = {q: {} for q in variables}
    notes = []
    for student in students:
        for notebook, questions in by_notebook.items():
            path = course.path("autograded", assignment, student) / f"{notebook}.ipynb"
            try:
                if path.stat().st_size > max_bytes:
                    notes.append(f"{student}: {path}: larger than {max_bytes} bytes; not read")
                    continue
                nb = nbformat.read(path, as_version=4)
            except FileNotFoundError:
                notes.append(f"{student}: {path}: no autograded notebook; choices not read")
                continue
            except Exception as error:  # invalid JSON, a foreign format...
                notes.append(f"{student}: {path}: unreadable ({type(error).__name__}: {error})")
                continue
            try:
                answers = literal_answers(nb, set(questions.values()))
            except (RecursionError, MemoryError, ValueError, SyntaxError) as error:
                # code built to break a parser (nesting thousands deep): that student's
                # choices are not read; the report goes on for everyone
                kind = type(error).__name__
                notes.append(f"{student}: {path}: answers not readable as Python ({kind})")
                continue
            for question, name in questions.items():
                if name in answers.literal:
                    read[question][student] = answers.literal[name]
    choices = {}
    for question, values in read.items():
        kinds = {type(v) for v in values.values()}
        if values and kinds <= {str, bool}:
            choices[question] = {s: str(v) for s, v in values.items()}
    return choices, notes


def student_rows(
    course: CourseDir, assignment: str, scores: Scores, maxima: dict[str, float]
) -> list[dict]:
    """One row per student with a gradebook submission or an autograde result: score, maximum,
    ungraded questions, status, lateness and problems (the table of ``students.csv``)."""
    rows = {}
    if report_path(course, assignment).is_file():
        data = json.loads(report_path(course, assignment).read_text(encoding="utf-8"))
        rows = {row["student"]: row for row in data.get("results", [])}
    total_max = sum(maxima.values())
    found = []
    for student in sorted(set(scores) | set(rows)):
        marks = scores.get(student, dict.fromkeys(maxima))
        row = rows.get(student, {})
        problems = [f"{p['kind']}: {p['notebook']}: {p['detail']}" for p in row.get("problems", [])]
        late = row.get("seconds_late")
        found.append(
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
    return found


def report(course: CourseDir, assignment: str) -> GradeReport:
    """Export grades with nbgrader and write the status, item, distractor and summary tables,
    the plots and the HTML page of ``assignment``."""
    from . import itempage

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
    result.summary = assignment_summary(scores, maxima)
    result.students = student_rows(course, assignment, scores, maxima)
    choices, result.notes = choice_answers(course, assignment, sorted(scores))
    for question, chosen in choices.items():
        result.options += distractors(question, chosen, scores, maxima)
    _add_missing_rows(
        grades,
        assignment,
        [r["student"] for r in result.students if r["student"] not in scores],
        sum(maxima.values()),
    )
    here = folder / assignment
    written = {
        "students.csv": result.students,
        "items.csv": [csv_row(s) for s in result.items],
        "distractors.csv": [csv_row(o) for o in result.options],
        "summary.csv": [csv_row(result.summary, assignment=assignment)],
    }
    for name, rows in written.items():
        write_csv(here / name, rows, list(OPTION_FIELDS) if name == "distractors.csv" else None)
        result.files.append(here / name)
    result.files += itempage.write(
        here, assignment, result.items, result.summary, result.options, result.notes, scores
    )
    return result


def csv_row(record: object, **first: object) -> dict:
    """A dataclass record as one CSV row: ``first`` columns, then its fields in order; numbers
    rounded to 4 decimals, ``None`` empty, a tuple joined by spaces, a mapping as ``key: value``
    pairs joined by `` | ``."""

    def cell(value):
        if value is None:
            return ""
        if isinstance(value, float):
            return round(value, 4)
        if isinstance(value, tuple):
            return " ".join(map(str, value))
        if isinstance(value, dict):
            return " | ".join(f"{k}: {v}" for k, v in value.items())
        return value

    return {**first, **{k: cell(v) for k, v in asdict(record).items()}}  # type: ignore[call-overload]


OPTION_FIELDS = tuple(f.name for f in dataclass_fields(OptionStats))
"""The columns of ``distractors.csv`` (written with just this header when no question is a
choice question)."""


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


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How a spreadsheet formula can start: a text cell starting so is written after a ``'``."""


def spreadsheet_safe(value: object) -> object:
    """``value`` as written to a CSV an instructor opens in a spreadsheet: text that a spreadsheet
    would run as a formula (a student's answer ``=HYPERLINK(...)``) gets a leading ``'``;
    numbers and other text are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(path: Path, rows: list[dict], header: list[str] | None = None) -> None:
    """Write ``rows`` (dicts with the same keys) as a UTF-8 CSV with a header row (``header``, or
    the first row's keys), text cells made :func:`spreadsheet_safe`."""
    fields = header if header is not None else list(rows[0]) if rows else []
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(fields)
        for row in rows:
            writer.writerow([spreadsheet_safe(row.get(f, "")) for f in fields])
