"""Autograde every submission of an assignment with nbgrader, and report each student's fate.

For each student, in its own ``nbgrader autograde`` process (so one broken or endless
submission never stops the others), then the checks nbgrader lacks:

- **missing notebook**, **invalid JSON**, a submitted file over the size limit: found before
  nbgrader runs; that notebook scores 0 (nbgrader's own rule for a missing notebook) and is
  reported, instead of leaving a row that looks like an ordinary ungraded submission.
- **missing run**, **invalid run**, **tampered**: for an assignment answered by a saved
  virtual-patient run (:mod:`course.grading.saved_runs`), the run file missing, unreadable or
  of another case, or flagged by ``runs.verify``; the hidden tests score it 0, this names why.
- **timeout**: a cell stopped by ``Execute.timeout`` (per cell), or the whole run stopped by the
  per-student wall-clock limit.
- **output too large**: a cell whose output passed the byte cap (see ``CapOutputBytes``).
- **tampered**: a graded cell deleted or un-marked (nbgrader silently skips it: here it scores
  0), a read-only cell edited (nbgrader restores it; reported), code that reaches into
  builtins, exception or cell-rewriting hooks, tracing or the gradebook (reported), or a test
  that passed in the student's kernel but fails on the student's literal answers in a clean
  kernel (see :mod:`course.grading.cleanroom`): that cell gets the clean-room score.

Scores the course sets are written as nbgrader *manual* scores with a comment, so the grader
sees and can overrule them in the formgrader. Every file under ``submitted/`` is hashed before
and after; a difference is an integrity failure reported for the whole run.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

import nbformat
from nbgrader.api import MissingEntry
from sqlalchemy.exc import SAWarning

from . import integrity, sandbox, saved_runs
from .cleanroom import TestCell, free_names, literal_answers, recheck, stored_names
from .course_dir import CourseDir, GradingError, Run, check_student, student_id_problem
from .leaks import HIDDEN_TESTS, without_regions
from .preprocessors import METADATA_KEY, CapOutputBytes, SandboxedExecute, SanitiseOutputs
from .results import (  # KINDS and the result types stay importable from here too
    KINDS,  # noqa: F401
    MARK,
    Override,
    Settings,
    StudentResult,
    SubmissionProblem,
    notebook_limit,
)

HOOKS = {
    "builtins": r"\bbuiltins\b|__builtins__",
    "exception handling hooks": r"set_custom_exc|excepthook|showtraceback",
    "cell rewriting hooks": r"input_transformers|ast_transformers|events\.register|run_cell",
    "tracing hooks": r"\bsettrace\b|\bsetprofile\b|f_lineno",
    "the gradebook or other submissions": r"gradebook|submitted/|autograded/",
}
"""Code a case answer never needs and that can change how tests run, with what it touches."""

TIMEOUT_ERROR = "CellTimeoutError"
"""The error name nbgrader's ``Execute`` writes into a cell that ran out of time."""


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
        if not self.results:
            lines.append(f"(no submission found under submitted/<student>/{self.assignment}/)")
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
            warning = "WARNING: submitted files differ from the collection manifest"
            lines.append(f"{warning}: {self.since_collection}")
        return "\n".join(lines)

    def to_json(self) -> dict:
        data = asdict(self)
        data["integrity"] = asdict(self.integrity)
        data["since_collection"] = asdict(self.since_collection) if self.since_collection else None
        for row, result in zip(data["results"], self.results, strict=True):
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
    unsafe_no_sandbox: bool = False,
    workers: int = 1,
    progress: Callable[[StudentResult], None] | None = None,
) -> AutogradeReport:
    """Autograde ``students`` (default: every student with a submission) of ``assignment``.

    ``timeout`` is the per-cell limit in seconds (default: ``Execute.timeout`` from
    ``nbgrader_config.py``); ``max_output_bytes`` the per-cell output cap (default: the
    config's ``CapOutputBytes.max_bytes``); ``max_file_bytes`` the largest submitted notebook
    read at all. The report is also written to ``reports/<assignment>/autograde.json``.

    Student code runs only in the bubblewrap sandbox (:mod:`course.grading.sandbox`); without
    bubblewrap this refuses to run unless ``unsafe_no_sandbox`` is set.

    ``workers`` > 1 grades that many students at once in long-lived worker processes, each
    into its own private gradebook and folder; this process alone merges every finished
    student into the real gradebook (:mod:`course.grading.parallel`). ``progress`` is called
    with each student's result as soon as it is final.
    """
    if workers < 1:
        raise GradingError(f"--workers must be 1 or more, not {workers}")
    course.check_assignment(assignment)
    _check_configuration(course)
    if students is not None:
        students = [check_student(s) for s in students]
    if not unsafe_no_sandbox and not sandbox.available():
        raise GradingError(sandbox.MISSING)
    with course.gradebook() as gb:
        try:
            gb.find_assignment(assignment)
        except Exception as missing:
            raise GradingError(
                f"'{assignment}' is not in the gradebook yet: run "
                f"`course release {assignment}` first"
            ) from missing
    cell_timeout = int(timeout or course.nbgrader.config.Execute.get("timeout", 30))
    submitted = course.root / course.nbgrader.submitted_directory
    before = integrity.snapshot(submitted)
    manifest = manifest_path(course, assignment)
    since = None
    if manifest.is_file():
        since = integrity.difference(
            integrity.load(manifest), integrity.of_assignment(before, assignment)
        )
    previous = _previous(course, assignment)
    settings = Settings(cell_timeout, max_output_bytes, max_file_bytes, not unsafe_no_sandbox)
    results: dict[str, StudentResult] = {}
    valid = []
    for student in students if students is not None else course.submitters(assignment):
        problem = student_id_problem(student)
        if problem:
            detail = f"student id {student!r} {problem}; not graded (rename the folder)"
            results[student] = StudentResult(
                student, [SubmissionProblem("invalid_id", "*", detail)]
            )
            if progress:
                progress(results[student])
        else:
            valid.append(student)
    if workers > 1 and len(valid) > 1:
        from .parallel import grade_in_parallel

        def lost(student: str, problems: list[SubmissionProblem], autograded_only: bool):
            return give_up(
                course, assignment, student, settings, previous, problems, autograded_only
            )

        graded = grade_in_parallel(
            course, assignment, valid, settings, previous, workers, lost, progress=progress
        )
    else:
        graded = {}
        for student in valid:
            graded[student] = grade_student(course, assignment, student, settings, previous)
            if progress:
                progress(graded[student])
    results.update(graded)
    ordered = students if students is not None else course.submitters(assignment)
    after = integrity.snapshot(submitted)
    report = AutogradeReport(
        assignment,
        [results[student] for student in dict.fromkeys(ordered)],
        integrity.difference(before, after),
        since,
        datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    _save(course, report, previous)
    return report


def grade_student(
    course: CourseDir,
    assignment: str,
    student: str,
    settings: Settings,
    previous: dict[str, list[dict]],
    runner: Runner | None = None,
) -> StudentResult:
    """Grade one student (a valid id) in ``course``'s gradebook; never raises for a bad
    submission or a failing check (the student's result says what went wrong).

    ``runner`` runs nbgrader's CLI (default: :meth:`CourseDir.run`, a process per notebook).
    """
    grading = _StudentGrading(course, assignment, student, settings, runner)
    try:
        return grading.run(previous.get(student, []))
    except Exception as error:  # one student's failure never stops the others
        return grading.fail_closed(f"grading crashed: {error!r}"[:600])
    finally:
        grading.cleanup()


def give_up(
    course: CourseDir,
    assignment: str,
    student: str,
    settings: Settings,
    previous: dict[str, list[dict]],
    problems: list[SubmissionProblem],
    autograded_only: bool,
) -> StudentResult:
    """Record a student whose grading could not finish (its worker ran out of time or died):
    ``problems`` reported, every notebook scored 0 (``autograded_only``: only the test cells),
    the grader's own marks kept, as the serial run does for a run it had to stop."""
    grading = _StudentGrading(course, assignment, student, settings)
    try:
        grading.undo_overrides(previous.get(student, []))
        grading.remember_marks()
        grading.stage()
        grading.result.problems.extend(problems)
        notebooks = course.notebooks(assignment)
        grading.zero(notebooks, autograded_only=autograded_only)
        grading.restore_marks()
        grading.lateness()
        grading.total()
        return grading.result
    except Exception as error:
        return grading.fail_closed(f"grading crashed: {error!r}"[:600])
    finally:
        grading.cleanup()


def manifest_path(course: CourseDir, assignment: str) -> Path:
    """Where ``collect`` keeps the digests of the submissions it collected."""
    return course.root / "reports" / assignment / "submitted.sha256.json"


def report_path(course: CourseDir, assignment: str) -> Path:
    """Where the last autograde report of an assignment is kept."""
    return course.root / "reports" / assignment / "autograde.json"


def _check_configuration(course: CourseDir) -> None:
    config = course.nbgrader.config
    steps = config.Autograde.get("autograde_preprocessors", [])
    for needed in (SandboxedExecute, SanitiseOutputs):
        if needed not in steps:
            raise GradingError(
                f"nbgrader_config.py does not put {needed.__name__} in "
                "Autograde.autograde_preprocessors, so student code would run unsandboxed or "
                "unsanitised: set c.Autograde.autograde_preprocessors = autograde_preprocessors() "
                "(from course.grading.preprocessors)"
            )
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
@dataclass(frozen=True)
class Marking:
    """What the gradebook knows about one notebook's marking cells."""

    points: dict[str, float]
    """Grade cell id -> maximum points."""
    kinds: dict[str, str]
    """Grade cell id -> ``code`` or ``markdown``."""
    sources: dict[str, tuple[str, bool, str]]
    """Source cell id -> (source with hidden tests, read-only?, cell type)."""
    order: list[str]
    """Cell ids in notebook order."""
    solutions: set[str]
    """Ids of the cells students write in."""

    @classmethod
    def load(cls, gb, notebook: str, assignment: str) -> Marking:
        found = gb.find_notebook(notebook, assignment)
        return cls(
            points={c.name: float(c.max_score) for c in found.grade_cells},
            kinds={c.name: c.cell_type for c in found.grade_cells},
            sources={c.name: (c.source, c.locked, c.cell_type) for c in found.source_cells},
            order=[c.name for c in found.source_cells],
            solutions={c.name for c in found.solution_cells},
        )

    def tests(self, present: set[str]) -> list[TestCell]:
        """The autograded test cells still in the submission, with their full source."""
        return [
            TestCell(name, self.sources[name][0], self.points[name])
            for name in self.order
            if name in present and self.kinds.get(name) == "code" and name not in self.solutions
        ]

    def setup(self) -> dict[str, str]:
        """Cell id -> source of the read-only code cells that are not tests (e.g. the one
        loading a saved run), in notebook order: the clean room runs them before the tests."""
        return {
            name: self.sources[name][0]
            for name in self.order
            if name not in self.points
            and name not in self.solutions
            and self.sources[name][1]
            and self.sources[name][2] == "code"
        }

    def answer_cell(self, grade_id: str) -> str | None:
        """The cell a grade's comment belongs to: itself, or the answer cell before it."""
        if grade_id in self.solutions:
            return grade_id
        before = self.order[: self.order.index(grade_id)]
        return next((name for name in reversed(before) if name in self.solutions), None)


Runner = Callable[..., Run]
"""Runs ``nbgrader <args>`` in a course directory: ``runner(course, *args, timeout=seconds)``."""


def run_cli(course: CourseDir, *args: str, timeout: float | None = None) -> Run:
    """nbgrader's CLI in a process of its own (:meth:`CourseDir.run`)."""
    return course.run(*args, timeout=timeout)


@dataclass
class _StudentGrading:
    """Autograde one student's submission and check it; never raises for a bad submission."""

    course: CourseDir
    assignment: str
    student: str
    settings: Settings
    runner: Runner | None = None

    def __post_init__(self):
        self.result = StudentResult(self.student)
        self.folder = self.course.path("submitted", self.assignment, self.student)
        self.staging = Path(tempfile.mkdtemp(prefix="grading-staged-"))
        self.staged = self.staging / self.student / self.assignment
        self.human: dict[tuple[str, str], float] = {}
        self.comments: dict[tuple[str, str], list[str]] = {}

    def problem(self, kind: str, notebook: str, detail: str, cell: str | None = None) -> None:
        self.result.problems.append(SubmissionProblem(kind, notebook, detail, cell))

    def cleanup(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def run(self, previous: list[dict]) -> StudentResult:
        self.undo_overrides(previous)
        self.remember_marks()
        self.stage()
        ungradable = []
        for notebook in self.course.notebooks(self.assignment):
            self.check_saved_runs(notebook)
            if not (self.precheck(notebook) and self.autograde(notebook)):
                ungradable.append(notebook)
        self.zero(ungradable)
        self.restore_marks()
        self.lateness()
        self.total()
        return self.result

    def total(self) -> None:
        with self.course.gradebook() as gb:
            submission = gb.find_submission(self.assignment, self.student)
            self.result.score, self.result.max_score = submission.score, submission.max_score

    def fail_closed(self, reason: str) -> StudentResult:
        """After any error in the course's own checks: 0 autograded points, ``check_failed``."""
        self.problem("check_failed", "*", f"{reason}; autograded points set to 0")
        try:
            self.zero(self.course.notebooks(self.assignment), autograded_only=True)
            self.restore_marks()
            self.total()
        except Exception as error:  # the gradebook itself failed: say so, keep going
            self.result.notes.append(f"could not set the scores to 0: {error!r}"[:300])
        return self.result

    # -- before nbgrader -----------------------------------------------------------------------
    def stage(self) -> None:
        """Copy the submission's regular files to a private folder nbgrader grades from.

        Links (to the folder or to any file) are never followed: they are reported and left
        out, so no file outside the submission is graded or copied. A ``timestamp.txt`` that
        is not a date is reported and left out (nbgrader would fail on it).
        """
        self.staged.mkdir(parents=True)
        for path in (self.folder.parent, self.folder):
            if path.is_symlink():
                self.problem("unsafe_file", "*", f"{path.name} is a symbolic link; not followed")
                return
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.rglob("*")):
            relative = path.relative_to(self.folder).as_posix()
            if path.is_symlink():
                self.problem("unsafe_file", relative, "a symbolic link; not followed, not graded")
            elif path.is_file():
                target = self.staged / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        stamp = self.staged / "timestamp.txt"
        if stamp.is_file():
            from nbgrader.utils import parse_utc

            text = stamp.read_bytes()[:200].decode("utf-8", errors="replace").strip()
            try:
                if text:
                    parse_utc(text)
            except (ValueError, OverflowError, TypeError) as error:
                detail = f"timestamp.txt is not a date ({text[:40]!r}: {error}); lateness unknown"
                self.problem("bad_timestamp", "timestamp.txt", detail[:300])
                stamp.unlink()

    def check_saved_runs(self, notebook: str) -> None:
        """Report a missing, unreadable or flagged saved run the notebook expects (see
        :mod:`course.grading.saved_runs`); its hidden tests score it, this names the reason."""
        source = self.course.path("source", self.assignment) / f"{notebook}.ipynb"
        for name, case_id in saved_runs.expected(nbformat.read(source, as_version=4)).items():
            for kind, detail in saved_runs.problems(self.staged, name, case_id):
                self.problem(kind, notebook, detail)

    def precheck(self, notebook: str) -> bool:
        """Is the submitted notebook there, small enough and valid? Report it if not."""
        path = self.staged / f"{notebook}.ipynb"
        if not path.is_file():
            others = sorted(p.name for p in self.staged.glob("*.ipynb"))
            found = f"; found instead: {', '.join(others)}" if others else ""
            self.problem("missing_notebook", notebook, f"no {path.name} in the submission{found}")
            return False
        size, limit = path.stat().st_size, self.settings.max_file_bytes
        if size > limit:
            detail = f"submitted file is {size:,} bytes (limit {limit:,}); not run"
            self.problem("output_too_large", notebook, detail)
            return False
        raw = path.read_bytes()
        for mark, name in (
            (b"\xef\xbb\xbf", "UTF-8 byte-order mark"),
            (b"\xff\xfe", "UTF-16"),
            (b"\xfe\xff", "UTF-16"),
        ):
            if raw.startswith(mark):
                self.problem("invalid_json", notebook, f"starts with a {name}; save it as UTF-8")
                return False
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise TypeError(f"the file holds a JSON {type(data).__name__}, not a notebook")
            major = data.get("nbformat")
            if major != 4:
                raise TypeError(f"nbformat {major!r} is not supported (nbgrader reads version 4)")
            nbformat.validate(nbformat.from_dict(data))
        except json.JSONDecodeError as error:
            self.problem("invalid_json", notebook, f"not valid JSON: {error}")
            return False
        except RecursionError:
            self.problem("invalid_json", notebook, "not a valid notebook: JSON nested too deeply")
            return False
        except Exception as error:  # UnicodeDecodeError, ValidationError, TypeError...
            first = (str(error).splitlines() or [type(error).__name__])[0][:200]
            self.problem("invalid_json", notebook, f"not a valid notebook: {first}")
            return False
        return True

    # -- nbgrader ------------------------------------------------------------------------------
    def autograde(self, notebook: str) -> bool:
        """Run ``nbgrader autograde`` on one notebook, then the course's checks."""
        settings = self.settings
        args = [
            "autograde",
            self.assignment,
            f"--student={self.student}",
            f"--notebook={notebook}",
            "--force",
            f"--Execute.timeout={settings.cell_timeout}",
            f"--CourseDirectory.submitted_directory={self.staging}",
        ]
        if settings.max_output_bytes is not None:
            args.append(f"--CapOutputBytes.max_bytes={settings.max_output_bytes}")
        if not settings.sandbox:
            args.append("--SandboxedExecute.sandbox=False")
        source = self.course.path("source", self.assignment) / f"{notebook}.ipynb"
        cells = len(nbformat.read(source, as_version=4).cells)
        run = (self.runner or run_cli)(self.course, *args, timeout=notebook_limit(settings, cells))
        graded = self.course.path("autograded", self.assignment, self.student) / source.name
        if run.timed_out:
            self.problem("timeout", notebook, "the whole run passed its wall-clock limit; stopped")
        if not run.ok or not graded.is_file():
            errors = " | ".join(x for x in run.log.splitlines() if "ERROR" in x)
            if "passed its" in run.log and "limit; stopped" in run.log:
                self.problem("timeout", notebook, "the sandboxed run passed its wall-clock limit")
            self.problem("not_graded", notebook, f"nbgrader failed: {(errors or run.log)[-600:]}")
            return False
        try:
            submitted = nbformat.read(self.staged / source.name, as_version=4)
            self.check_outputs(notebook, nbformat.read(graded, as_version=4))
            self.check_code(notebook, submitted)
            with self.course.gradebook() as gb:
                marking = Marking.load(gb, notebook, self.assignment)
            present = self.check_cells(notebook, submitted, marking)
            self.recheck_answers(notebook, submitted, marking, present)
        except Exception as error:  # fail closed: a check that cannot finish gives no points
            reason = f"the course's checks failed: {type(error).__name__}: {error}"[:400]
            self.problem("check_failed", notebook, f"{reason}; autograded points set to 0")
            self.zero([notebook], autograded_only=True)
        return True

    def lateness(self) -> None:
        """Report how late the submission is against the assignment's due date."""
        with self.course.gradebook() as gb:
            try:
                submission = gb.find_submission(self.assignment, self.student)
            except MissingEntry:
                return
            due, stamp = submission.duedate, submission.timestamp
            if due is None or stamp is None:
                return
            late = max(0.0, submission.total_seconds_late)
        self.result.seconds_late = late
        if late > 0:
            hours, rest = divmod(int(late), 3600)
            self.result.notes.append(
                f"late: submitted {stamp:%Y-%m-%d %H:%M} UTC, {hours} h {rest // 60} min "
                f"after the due date {due:%Y-%m-%d %H:%M} UTC"
            )

    # -- hand-given marks ----------------------------------------------------------------------
    def remember_marks(self) -> None:
        """Note every manual score and comment a grader gave, before anything re-grades."""
        with self.course.gradebook() as gb:
            try:
                notebooks = gb.find_submission(self.assignment, self.student).notebooks
            except MissingEntry:
                return
            for submitted in notebooks:
                for grade in submitted.grades:
                    if grade.manual_score is not None:
                        self.human[(submitted.name, grade.name)] = grade.manual_score
                for comment in submitted.comments:
                    lines = [
                        x for x in (comment.manual_comment or "").splitlines() if MARK not in x
                    ]
                    if any(x.strip() for x in lines):
                        self.comments[(submitted.name, comment.name)] = lines

    def restore_marks(self) -> None:
        """Put back every grader's score and comment: re-grading never lowers or erases them."""
        if not (self.human or self.comments):
            return
        with self.course.gradebook() as gb:
            for (notebook, cell), score in self.human.items():
                try:
                    grade = gb.find_grade(cell, notebook, self.assignment, self.student)
                except MissingEntry:
                    continue
                if grade.manual_score != score:
                    if grade.manual_score is not None:
                        self.result.notes.append(
                            f"{cell}: kept the grader's {score:g} (the course's check gave "
                            f"{grade.manual_score:g})"
                        )
                    grade.manual_score = score
                grade.needs_manual_grade = False
            for (notebook, cell), lines in self.comments.items():
                try:
                    comment = gb.find_comment(cell, notebook, self.assignment, self.student)
                except MissingEntry:
                    continue
                now = (comment.manual_comment or "").splitlines()
                ours = [x for x in now if MARK in x]
                comment.manual_comment = "\n".join([*lines, *ours])
            gb.db.commit()

    # -- after nbgrader ------------------------------------------------------------------------
    def check_outputs(self, notebook: str, graded) -> None:
        """Timeouts and over-long outputs, as recorded in the autograded notebook."""
        for index, cell in enumerate(graded.cells):
            where = _nbgrader_meta(cell).get("grade_id") or f"cell {index}"
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and output.get("ename") == TIMEOUT_ERROR:
                    detail = f"stopped after {self.settings.cell_timeout} s"
                    self.problem("timeout", notebook, detail, where)
        record = graded.metadata.get(METADATA_KEY)
        if record is None:
            self.problem(
                "not_graded", notebook, "the byte cap did not run: check nbgrader_config.py"
            )
            return
        for capped in record.get("capped_cells", []):
            where = capped.get("grade_id") or f"cell {capped['cell']}"
            kept = record["output_cap_bytes"]
            detail = f"printed {capped['bytes']:,} bytes; kept {kept:,}"
            self.problem("output_too_large", notebook, detail, where)

    def check_code(self, notebook: str, submitted) -> None:
        """Flag code that reaches into what a case answer never needs (see :data:`HOOKS`)."""
        code = "\n".join(c.source for c in submitted.cells if c.cell_type == "code")
        for what, pattern in HOOKS.items():
            if re.search(pattern, code):
                detail = f"the notebook's code reaches into {what}; check how its tests ran"
                self.problem("tampered", notebook, detail)

    def check_cells(self, notebook: str, submitted, marking: Marking) -> set[str]:
        """Compare the submission's marking cells with the gradebook; return those present.

        nbgrader restores an edited read-only cell and changed points (reported here), but
        skips a deleted or un-marked graded cell: here that cell scores 0.
        """
        present, seen = set(), set()
        for cell in submitted.cells:
            meta = _nbgrader_meta(cell)
            grade_id = meta.get("grade_id")
            if grade_id is None:
                continue
            if grade_id in seen:
                self.problem("tampered", notebook, "a marking cell was duplicated", grade_id)
            seen.add(grade_id)
            if grade_id in marking.points and meta.get("grade"):
                present.add(grade_id)
                if float(meta.get("points", -1)) != marking.points[grade_id]:
                    detail = f"points changed to {meta.get('points')} (nbgrader restored them)"
                    self.problem("tampered", notebook, detail, grade_id)
            source, locked, kind = marking.sources.get(grade_id, ("", False, ""))
            shown = without_regions(source, HIDDEN_TESTS).strip()
            if locked and (cell.source.strip() != shown or cell.cell_type != kind):
                detail = "a read-only cell was edited (nbgrader restored it from the gradebook)"
                self.problem("tampered", notebook, detail, grade_id)
        for grade_id in [g for g in marking.order if g in marking.points and g not in present]:
            detail = "a graded cell was deleted or un-marked; nbgrader skips it, scored 0 here"
            self.problem("tampered", notebook, detail, grade_id)
            self.override(notebook, marking, grade_id, 0.0, "it was missing from the submission")
        return present

    def recheck_answers(self, notebook: str, submitted, marking: Marking, present: set[str]):
        """Re-run the tests on the literal answers in a clean kernel; keep the lower score."""
        tests = marking.tests(present)
        setup = marking.setup()
        provided = set().union(*(stored_names(code) for code in setup.values()))
        names = set().union(*(free_names(t.source) for t in tests))
        own = nbformat.from_dict(dict(submitted))  # the student's cells, without the setup
        own.cells = [c for c in submitted.cells if _nbgrader_meta(c).get("grade_id") not in setup]
        answers = literal_answers(own, names)
        for name in sorted(answers.not_literal):
            self.result.notes.append(
                f"{name} is not set to a plain quoted value (a call, object...)"
            )
        with self.course.gradebook() as gb:
            kernel = {
                t.grade_id: gb.find_grade(
                    t.grade_id, notebook, self.assignment, self.student
                ).auto_score
                or 0.0
                for t in tests
            }
        if not any(kernel.values()):
            return  # nothing earned in the student's kernel, so nothing to verify
        clean = recheck(
            tests,
            answers,
            timeout=self.settings.cell_timeout,
            setup=list(setup.values()),
            files=self.staged,
            sandboxed=self.settings.sandbox,
        )
        for test in tests:
            if kernel[test.grade_id] <= clean[test.grade_id]:
                continue
            used = free_names(test.source) - provided
            if used & answers.not_literal or not used <= set(answers.literal):
                why = "its answer is not a plain quoted value, so it cannot be verified; check it"
            else:
                why = "passed in the student's kernel, fails on the same answer in a clean kernel"
            self.problem("tampered", notebook, why, test.grade_id)
            self.override(notebook, marking, test.grade_id, clean[test.grade_id], why)

    # -- the gradebook -------------------------------------------------------------------------
    def override(self, notebook: str, marking: Marking, grade_id: str, score: float, why: str):
        """Set a manual score (the formgrader shows it and can change it), with a comment."""
        with self.course.gradebook() as gb:
            grade = gb.find_grade(grade_id, notebook, self.assignment, self.student)
            was = grade.auto_score
            grade.manual_score = score
            grade.needs_manual_grade = False
            answer_cell = marking.answer_cell(grade_id)
            if answer_cell:
                comment = gb.find_comment(answer_cell, notebook, self.assignment, self.student)
                note = f"{MARK} {grade_id} scored {score:g}: {why}."
                comment.manual_comment = "\n".join(x for x in (comment.manual_comment, note) if x)
            gb.db.commit()
        self.result.overrides.append(Override(notebook, grade_id, score, was, why))

    def undo_overrides(self, previous: list[dict]) -> None:
        """Clear the scores and comments a previous run set, unless a grader changed them."""
        if not previous:
            return
        with self.course.gradebook() as gb:
            for item in previous:
                try:
                    grade = gb.find_grade(
                        item["cell"], item["notebook"], self.assignment, self.student
                    )
                except MissingEntry:
                    continue
                if grade.manual_score == item["score"]:
                    grade.manual_score = None
            try:
                notebooks = gb.find_submission(self.assignment, self.student).notebooks
            except MissingEntry:
                notebooks = []
            for submitted in notebooks:
                for comment in submitted.comments:
                    if comment.manual_comment and MARK in comment.manual_comment:
                        kept = [x for x in comment.manual_comment.splitlines() if MARK not in x]
                        comment.manual_comment = "\n".join(kept) or None
            gb.db.commit()

    def zero(self, notebooks: list[str], autograded_only: bool = False) -> None:
        """Score 0 for notebooks that could not be graded at all, as nbgrader does for a
        missing one, so that the row does not look like an ordinary ungraded submission.

        ``autograded_only``: zero the test cells' automatic scores and leave the free-text
        answers to the grader (the checks failed, but the notebook was read). A grader's own
        marks are put back afterwards (:meth:`restore_marks`).
        """
        if not notebooks:
            return
        timestamp = None
        if (self.staged / "timestamp.txt").is_file():
            timestamp = self.course.nbgrader.get_existing_timestamp(str(self.staged))
        with self.course.gradebook() as gb:
            gb.update_or_create_student(self.student)
            with warnings.catch_warnings():  # nbgrader's own cascade warning (SQLAlchemy 2)
                warnings.simplefilter("ignore", SAWarning)
                extra = {"timestamp": timestamp} if timestamp else {}
                gb.update_or_create_submission(self.assignment, self.student, **extra)
            for notebook in notebooks:
                for grade in gb.find_submission_notebook(
                    notebook, self.assignment, self.student
                ).grades:
                    if autograded_only and grade.cell_type != "code":
                        continue
                    grade.auto_score = 0.0
                    grade.manual_score = None
                    grade.needs_manual_grade = False
            gb.db.commit()
        if autograded_only:
            return
        for notebook in notebooks:
            self.result.notes.append(
                f"{notebook}: not graded, scored 0 (the formgrader can change it)"
            )


def _nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})
