"""Autograde every submission of an assignment with nbgrader, and report each student's fate.

For each student, in its own ``nbgrader autograde`` process (so one broken or endless
submission never stops the others), then the checks nbgrader lacks:

- **missing notebook**, **invalid JSON**, a submitted file over the size limit: found before
  nbgrader runs; that notebook scores 0 (nbgrader's own rule for a missing notebook) and is
  reported, instead of leaving a row that looks like an ordinary ungraded submission.
- **timeout**: a cell stopped by ``Execute.timeout`` (per cell), or the whole run stopped by the
  per-student wall-clock limit.
- **output too large**: a cell whose output passed the byte cap (see ``CapOutputBytes``).
- **tampered**: a graded cell deleted or un-marked (nbgrader silently skips it: here it scores
  0), a read-only cell edited (nbgrader restores it; reported), or a test that passed in the
  student's kernel but fails on the student's literal answers in a clean kernel (see
  :mod:`course.grading.cleanroom`): that cell gets the clean-room score.

Scores the course sets are written as nbgrader *manual* scores with a comment, so the grader
sees and can overrule them in the formgrader. Every file under ``submitted/`` is hashed before
and after; a difference is an integrity failure reported for the whole run.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import nbformat

from . import integrity
from .cleanroom import TestCell, free_names, literal_answers, recheck
from .course_dir import CourseDir, GradingError
from .leaks import HIDDEN_TESTS, without_regions
from .preprocessors import METADATA_KEY, CapOutputBytes

KINDS = (
    "missing_notebook",
    "invalid_json",
    "not_graded",
    "timeout",
    "output_too_large",
    "tampered",
)
"""Problem kinds, most serious first; a student's status lists the kinds found, or ``ok``."""

MARK = "[course.grading]"
"""Starts every comment the course writes into the gradebook, so a re-run can find its own."""

TIMEOUT_ERROR = "CellTimeoutError"
"""The error name nbgrader's ``Execute`` writes into a cell that ran out of time."""


@dataclass
class Problem:
    """One thing wrong with one student's submission."""

    kind: str
    notebook: str
    detail: str
    cell: str | None = None

    def __str__(self) -> str:
        where = f"{self.notebook}" + (f" [{self.cell}]" if self.cell else "")
        return f"{self.kind}: {where}: {self.detail}"


@dataclass
class Override:
    """A grade the course set (as a manual score) instead of nbgrader's, and why."""

    notebook: str
    cell: str
    score: float
    was: float | None
    reason: str


@dataclass
class StudentResult:
    """What happened to one student's submission."""

    student: str
    problems: list[Problem] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    score: float | None = None
    max_score: float | None = None

    @property
    def status(self) -> str:
        kinds = [k for k in KINDS if any(p.kind == k for p in self.problems)]
        return ", ".join(kinds) if kinds else "ok"


@dataclass
class AutogradeReport:
    """The outcome of one autograde run over an assignment."""

    assignment: str
    results: list[StudentResult]
    integrity: integrity.Difference
    since_collection: integrity.Difference | None = None
    finished: str = ""

    @property
    def ok(self) -> bool:
        """True when no submitted file changed during grading (students' problems aside)."""
        return not self.integrity

    def result(self, student: str) -> StudentResult:
        for result in self.results:
            if result.student == student:
                return result
        raise KeyError(f"no result for student '{student}'")

    def table(self) -> str:
        """A plain-text table for the terminal: one row per student, then the details."""
        lines = [f"Autograde of '{self.assignment}'", f"{'student':<24}{'score':>12}  status"]
        for r in self.results:
            score = "-" if r.score is None else f"{r.score:g}/{r.max_score:g}"
            lines.append(f"{r.student:<24}{score:>12}  {r.status}")
        for r in self.results:
            for item in [
                *map(str, r.problems),
                *(f"set {o.cell} to {o.score:g}: {o.reason}" for o in r.overrides),
                *r.notes,
            ]:
                lines.append(f"  {r.student}: {item}")
        lines.append(
            "submitted files unchanged by grading"
            if self.ok
            else f"INTEGRITY FAILURE, submitted files changed during grading: {self.integrity}"
        )
        if self.since_collection:
            lines.append(
                f"WARNING: submitted files differ from the collection manifest: {self.since_collection}"
            )
        return "\n".join(lines)

    def to_json(self) -> dict:
        data = asdict(self)
        data["integrity"] = asdict(self.integrity)
        data["since_collection"] = asdict(self.since_collection) if self.since_collection else None
        for row, result in zip(data["results"], self.results):
            row["status"] = result.status
        return data


# ------------------------------------------------------------------------------------ the run
def autograde(
    course: CourseDir,
    assignment: str,
    students: list[str] | None = None,
    timeout: int | None = None,
    max_output_bytes: int | None = None,
    max_file_bytes: int = 64_000_000,
) -> AutogradeReport:
    """Autograde ``students`` (default: every student with a submission) of ``assignment``.

    ``timeout`` is the per-cell limit in seconds (default: ``Execute.timeout`` from
    ``nbgrader_config.py``); ``max_output_bytes`` the per-cell output cap (default: the
    config's ``CapOutputBytes.max_bytes``); ``max_file_bytes`` the largest submitted notebook
    read at all. The report is also written to ``reports/<assignment>/autograde.json``.
    """
    course.check_assignment(assignment)
    _check_configuration(course)
    with course.gradebook() as gb:
        try:
            gb.find_assignment(assignment)
        except Exception as missing:
            raise GradingError(
                f"'{assignment}' is not in the gradebook yet: run "
                f"`python -m course.grading release {assignment}` first"
            ) from missing
    cell_timeout = int(timeout or course.nbgrader.config.Execute.get("timeout", 30))
    submitted = course.root / course.nbgrader.submitted_directory
    before = integrity.snapshot(submitted)
    manifest = manifest_path(course, assignment)
    since = None
    if manifest.is_file():
        since = integrity.compare(
            integrity.load(manifest), integrity.of_assignment(before, assignment)
        )
    previous = _previous(course, assignment)
    results = []
    for student in students if students is not None else course.students(assignment):
        try:
            result = _grade_student(
                course,
                assignment,
                student,
                cell_timeout,
                max_output_bytes,
                max_file_bytes,
                previous.get(student, []),
            )
        except Exception as error:  # one student's failure never stops the others
            result = StudentResult(
                student, [Problem("not_graded", "*", f"grading crashed: {error!r}")]
            )
        results.append(result)
    after = integrity.snapshot(submitted)
    report = AutogradeReport(
        assignment,
        results,
        integrity.compare(before, after),
        since,
        datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    _save(course, report, previous)
    return report


def manifest_path(course: CourseDir, assignment: str) -> Path:
    """Where ``collect`` keeps the digests of the submissions it collected."""
    return course.root / "reports" / assignment / "submitted.sha256.json"


def report_path(course: CourseDir, assignment: str) -> Path:
    """Where the last autograde report of an assignment is kept."""
    return course.root / "reports" / assignment / "autograde.json"


def _check_configuration(course: CourseDir) -> None:
    config = course.nbgrader.config
    steps = config.Autograde.get("autograde_preprocessors", [])
    if CapOutputBytes not in steps:
        raise GradingError(
            "nbgrader_config.py does not put CapOutputBytes in Autograde.autograde_preprocessors: "
            "set c.Autograde.autograde_preprocessors = autograde_preprocessors() "
            "(from course.grading.preprocessors)"
        )


def _previous(course: CourseDir, assignment: str) -> dict[str, list[dict]]:
    path = report_path(course, assignment)
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {row["student"]: row.get("overrides", []) for row in data.get("results", [])}


def _save(course: CourseDir, report: AutogradeReport, previous: dict) -> None:
    path = report_path(course, report.assignment)
    data = report.to_json()
    if path.is_file():  # keep the rows of students not graded in this run
        old = json.loads(path.read_text(encoding="utf-8"))
        graded = {r.student for r in report.results}
        data["results"] = [r for r in old.get("results", []) if r["student"] not in graded] + data[
            "results"
        ]
        data["results"].sort(key=lambda r: r["student"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


# ------------------------------------------------------------------------------- one student
def _grade_student(
    course, assignment, student, cell_timeout, max_output_bytes, max_file_bytes, previous
):
    result = StudentResult(student)
    _undo_overrides(course, assignment, student, previous)
    folder = course.path("submitted", assignment, student)
    valid, broken = [], []
    for notebook in course.notebooks(assignment):
        problem = _precheck(folder, notebook, max_file_bytes)
        if problem:
            result.problems.append(problem)
            broken.append(notebook)
        else:
            valid.append(notebook)
    for notebook in valid:
        run = _run_nbgrader(course, assignment, student, notebook, cell_timeout, max_output_bytes)
        autograded = course.path("autograded", assignment, student) / f"{notebook}.ipynb"
        if run.timed_out:
            result.problems.append(
                Problem(
                    "timeout", notebook, "the whole run passed its wall-clock limit and was stopped"
                )
            )
        if not run.ok or not autograded.is_file():
            tail = " | ".join(line for line in run.log.splitlines() if "ERROR" in line)[-600:]
            result.problems.append(
                Problem("not_graded", notebook, f"nbgrader failed: {tail or run.log[-600:]}")
            )
            broken.append(notebook)
            continue
        _postcheck(
            course,
            assignment,
            student,
            notebook,
            folder / f"{notebook}.ipynb",
            autograded,
            cell_timeout,
            result,
        )
    _zero_notebooks(course, assignment, student, folder, broken, result)
    with course.gradebook() as gb:
        try:
            submission = gb.find_submission(assignment, student)
            result.score, result.max_score = submission.score, submission.max_score
        except Exception:
            result.score = None
    return result


def _precheck(folder: Path, notebook: str, max_file_bytes: int) -> Problem | None:
    path = folder / f"{notebook}.ipynb"
    if not path.is_file():
        others = sorted(p.name for p in folder.glob("*.ipynb")) if folder.is_dir() else []
        found = f"; found instead: {', '.join(others)}" if others else ""
        return Problem("missing_notebook", notebook, f"no {path.name} in the submission{found}")
    size = path.stat().st_size
    if size > max_file_bytes:
        return Problem(
            "output_too_large",
            notebook,
            f"submitted file is {size:,} bytes (limit {max_file_bytes:,}); not run",
        )
    try:
        data = json.loads(path.read_bytes())
        nbformat.validate(nbformat.from_dict(data))
    except json.JSONDecodeError as error:
        return Problem("invalid_json", notebook, f"not valid JSON: {error}")
    except (
        UnicodeDecodeError,
        nbformat.ValidationError,
        AttributeError,
        KeyError,
        TypeError,
    ) as error:
        return Problem(
            "invalid_json", notebook, f"not a valid notebook: {str(error).splitlines()[0][:200]}"
        )
    return None


def _run_nbgrader(course, assignment, student, notebook, cell_timeout, max_output_bytes):
    args = [
        "autograde",
        assignment,
        f"--student={student}",
        f"--notebook={notebook}",
        "--force",
        f"--Execute.timeout={cell_timeout}",
    ]
    if max_output_bytes is not None:
        args.append(f"--CapOutputBytes.max_bytes={max_output_bytes}")
    # Each cell may use its timeout; kernel start-up and nbgrader itself get two minutes more.
    cells = _cell_count(course, assignment, notebook)
    return course.run(*args, timeout=120 + cell_timeout * (cells + 2))


def _cell_count(course, assignment, notebook) -> int:
    path = course.path("source", assignment) / f"{notebook}.ipynb"
    return len(nbformat.read(path, as_version=4).cells)


def _postcheck(
    course, assignment, student, notebook, submitted_path, autograded_path, cell_timeout, result
):
    graded = nbformat.read(autograded_path, as_version=4)
    for index, cell in enumerate(graded.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") == TIMEOUT_ERROR:
                where = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {index}"
                result.problems.append(
                    Problem("timeout", notebook, f"stopped after {cell_timeout} s", where)
                )
    record = graded.metadata.get(METADATA_KEY)
    if record is None:
        result.problems.append(
            Problem("not_graded", notebook, "the byte cap did not run (check nbgrader_config.py)")
        )
    else:
        for capped in record.get("capped_cells", []):
            where = capped.get("grade_id") or f"cell {capped['cell']}"
            result.problems.append(
                Problem(
                    "output_too_large",
                    notebook,
                    f"printed {capped['bytes']:,} bytes; kept {record['output_cap_bytes']:,}",
                    where,
                )
            )
    submitted = nbformat.read(submitted_path, as_version=4)
    _check_tampering(course, assignment, student, notebook, submitted, cell_timeout, result)


def _nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _check_tampering(course, assignment, student, notebook, submitted, cell_timeout, result):
    from nbgrader import utils

    with course.gradebook() as gb:
        source_nb = gb.find_notebook(notebook, assignment)
        grade_cells = {c.name: (c.max_score, c.cell_type) for c in source_nb.grade_cells}
        source_cells = {c.name: (c.source, c.locked, c.cell_type) for c in source_nb.source_cells}
        order = [c.name for c in source_nb.source_cells]
        solutions = {c.name for c in source_nb.solution_cells}
        kernel_scores = {
            name: gb.find_grade(name, notebook, assignment, student).auto_score
            for name in grade_cells
        }
    present, seen = set(), set()
    for cell in submitted.cells:
        meta = _nbgrader_meta(cell)
        grade_id = meta.get("grade_id")
        if grade_id is None:
            continue
        if grade_id in seen:
            result.problems.append(
                Problem("tampered", notebook, "a marking cell was duplicated", grade_id)
            )
        seen.add(grade_id)
        if grade_id in grade_cells and utils.is_grade(cell):
            present.add(grade_id)
            if float(meta.get("points", -1)) != float(grade_cells[grade_id][0]):
                result.problems.append(
                    Problem(
                        "tampered",
                        notebook,
                        f"points changed to {meta.get('points')} (nbgrader restored them)",
                        grade_id,
                    )
                )
        if grade_id in source_cells and source_cells[grade_id][1]:
            shown = without_regions(source_cells[grade_id][0], HIDDEN_TESTS)
            if cell.source.strip() != shown.strip() or cell.cell_type != source_cells[grade_id][2]:
                result.problems.append(
                    Problem(
                        "tampered",
                        notebook,
                        "a read-only cell was edited (nbgrader restored it from the gradebook)",
                        grade_id,
                    )
                )
    for grade_id in sorted(set(grade_cells) - present, key=order.index):
        result.problems.append(
            Problem(
                "tampered",
                notebook,
                "a graded cell was deleted or un-marked; nbgrader skips it, the course scores it 0",
                grade_id,
            )
        )
        _override(
            course,
            assignment,
            student,
            notebook,
            grade_id,
            0.0,
            kernel_scores.get(grade_id),
            "this graded cell was missing from the submission",
            order,
            solutions,
            result,
        )
    tests = [
        TestCell(name, source_cells[name][0], grade_cells[name][0])
        for name in order
        if name in grade_cells
        and name in present
        and grade_cells[name][1] == "code"
        and name not in solutions
    ]
    if not any((kernel_scores.get(t.grade_id) or 0) > 0 for t in tests):
        return  # nothing earned in the student's kernel, nothing to verify
    names = set().union(*(free_names(t.source) for t in tests))
    answers = literal_answers(submitted, names)
    clean = recheck(tests, answers, timeout=cell_timeout)
    for test in tests:
        kernel = kernel_scores.get(test.grade_id) or 0.0
        if kernel > clean[test.grade_id]:
            used = free_names(test.source)
            if used & answers.not_literal or not used <= set(answers.literal):
                why = "its answer is not a plain quoted value, so it cannot be verified; check by hand"
            else:
                why = "passed in the student's kernel but fails on the submitted answer in a clean kernel"
            result.problems.append(Problem("tampered", notebook, why, test.grade_id))
            _override(
                course,
                assignment,
                student,
                notebook,
                test.grade_id,
                clean[test.grade_id],
                kernel,
                why,
                order,
                solutions,
                result,
            )
    for name in sorted(answers.not_literal & names):
        result.notes.append(f"{name} is not set to a plain quoted value (a call, an object...)")


def _override(
    course, assignment, student, notebook, grade_id, score, was, reason, order, solutions, result
):
    """Set a manual score (the formgrader shows and can change it) and say why in a comment."""
    comment_cell = _comment_cell(grade_id, order, solutions)
    with course.gradebook() as gb:
        grade = gb.find_grade(grade_id, notebook, assignment, student)
        grade.manual_score = score
        grade.needs_manual_grade = False
        if comment_cell:
            comment = gb.find_comment(comment_cell, notebook, assignment, student)
            note = f"{MARK} {grade_id}: {reason}; scored {score:g}."
            comment.manual_comment = "\n".join(x for x in (comment.manual_comment, note) if x)
        gb.db.commit()
    result.overrides.append(Override(notebook, grade_id, score, was, reason))


def _comment_cell(grade_id, order, solutions) -> str | None:
    """The answer cell a grade's comment belongs to: itself, or the answer cell before it."""
    if grade_id in solutions:
        return grade_id
    before = order[: order.index(grade_id)]
    return next((name for name in reversed(before) if name in solutions), None)


def _undo_overrides(course, assignment, student, previous: list[dict]) -> None:
    """Clear the scores and comments a previous run set, unless a grader has changed them."""
    if not previous:
        return
    with course.gradebook() as gb:
        for item in previous:
            try:
                grade = gb.find_grade(item["cell"], item["notebook"], assignment, student)
            except Exception:
                continue
            if grade.manual_score == item["score"]:
                grade.manual_score = None
        for submission in _notebooks_of(gb, assignment, student):
            for comment in submission.comments:
                if comment.manual_comment and MARK in comment.manual_comment:
                    kept = [
                        x for x in comment.manual_comment.splitlines() if not x.startswith(MARK)
                    ]
                    comment.manual_comment = "\n".join(kept) or None
        gb.db.commit()


def _notebooks_of(gb, assignment, student):
    try:
        return gb.find_submission(assignment, student).notebooks
    except Exception:
        return []


def _zero_notebooks(course, assignment, student, folder, notebooks, result) -> None:
    """Score 0 for notebooks that could not be graded at all, as nbgrader does for a missing one."""
    if not notebooks:
        return
    timestamp = course.nbgrader.get_existing_timestamp(str(folder))
    with course.gradebook() as gb:
        extra = {"timestamp": timestamp} if timestamp else {}
        gb.update_or_create_student(student)
        gb.update_or_create_submission(assignment, student, **extra)
        for notebook in notebooks:
            for grade in gb.find_submission_notebook(notebook, assignment, student).grades:
                grade.auto_score = 0.0
                grade.manual_score = None
                grade.needs_manual_grade = False
        gb.db.commit()
    for notebook in notebooks:
        result.notes.append(
            f"{notebook}: could not be graded, scored 0 (the formgrader can change it)"
        )
