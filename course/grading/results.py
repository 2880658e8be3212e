"""What one student's autograde came to, and the limits every student is graded under.

Plain data shared by the serial run (:mod:`course.grading.grade`), the parallel one
(:mod:`course.grading.parallel`) and its worker processes, which send a result as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MARK = "[course.grading]"
"""Starts every comment the course writes into the gradebook, so a re-run can find its own."""

KINDS = (
    "invalid_id",
    "unsafe_file",
    "check_failed",
    "missing_notebook",
    "invalid_json",
    "missing_run",
    "invalid_run",
    "not_graded",
    "bad_timestamp",
    "timeout",
    "output_too_large",
    "tampered",
)
"""Problem kinds, most serious first; a student's status lists the kinds found, or ``ok``."""


@dataclass
class SubmissionProblem:
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
    problems: list[SubmissionProblem] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    score: float | None = None
    max_score: float | None = None
    seconds_late: float | None = None
    """How late the submission's timestamp is after the due date (0: on time; None: unknown)."""

    @property
    def status(self) -> str:
        kinds = [k for k in KINDS if any(p.kind == k for p in self.problems)]
        return ", ".join(kinds) if kinds else "ok"

    @classmethod
    def from_json(cls, data: dict) -> StudentResult:
        """The result :func:`dataclasses.asdict` wrote (a ``status`` key is ignored)."""
        return cls(
            data["student"],
            [SubmissionProblem(**p) for p in data.get("problems", [])],
            [Override(**o) for o in data.get("overrides", [])],
            list(data.get("notes", [])),
            data.get("score"),
            data.get("max_score"),
            data.get("seconds_late"),
        )


@dataclass(frozen=True)
class Settings:
    """The limits one autograde run applies to every student."""

    cell_timeout: int
    """Seconds each cell may run."""
    max_output_bytes: int | None
    """Output kept per cell (``None``: the configuration's ``CapOutputBytes.max_bytes``)."""
    max_file_bytes: int
    """The largest submitted notebook that is read at all."""
    sandbox: bool = True
    """Run student code in the bubblewrap sandbox (False only with ``--unsafe-no-sandbox``)."""


def notebook_limit(settings: Settings, cells: int) -> float:
    """Wall-clock seconds one notebook's nbgrader run may take: every cell may use its timeout;
    kernel start-up and nbgrader get three minutes more."""
    return 180 + (settings.cell_timeout + 5) * (cells + 2)
