"""Release: generate the student version with nbgrader, then prove it gives nothing away.

``nbgrader generate_assignment`` writes ``release/<assignment>/`` from ``source/<assignment>/``
and records the cells (hidden tests included) in the gradebook. The course then scans every
released file for every secret the course holds: this assignment's and the others' solutions,
hidden tests and answer key, and the rubrics (see :mod:`course.grading.leaks`). A release with any
leak is deleted, so it cannot be handed out by mistake.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

import nbformat

from . import leaks
from .course_dir import CourseDir, GradingError


@dataclass
class ReleaseReport:
    """What ``release`` produced and what the leak scan found."""

    assignment: str
    files: list[str] = field(default_factory=list)
    leaks: list[leaks.Leak] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.leaks

    def table(self) -> str:
        lines = [
            f"Release of '{self.assignment}': {len(self.files)} file(s): {', '.join(self.files)}"
        ]
        if self.ok:
            lines.append("leak scan: no solution, hidden test or answer key found")
        else:
            lines.append(f"LEAKS FOUND ({len(self.leaks)}); the release folder was deleted:")
            lines.extend(f"  {leak}" for leak in self.leaks)
        return "\n".join(lines)


def assignment_secrets(course: CourseDir, assignment: str) -> leaks.Secrets:
    """The secrets of every source notebook of an assignment, together."""
    lines, answers = [], []
    for notebook in course.notebooks(assignment):
        path = course.path("source", assignment) / f"{notebook}.ipynb"
        found = leaks.secrets(nbformat.read(path, as_version=4))
        lines.extend(found.lines)
        answers.extend(found.answers)
    return leaks.Secrets(tuple(sorted(set(lines))), tuple(answers))


def course_secrets(course: CourseDir, assignment: str) -> leaks.Secrets:
    """What a release of ``assignment`` must not hold: its own secrets and answer key, and
    every other secret line the course keeps (the other assignments' solutions, hidden tests
    and mark schemes, and the rubrics in ``rubrics/``)."""
    own = assignment_secrets(course, assignment)
    lines = set(own.lines)
    for other in course.assignments():
        if other != assignment:
            lines.update(assignment_secrets(course, other).lines)
    rubrics = course.root / "rubrics"
    for path in sorted(rubrics.glob("*.md")) if rubrics.is_dir() else []:
        lines.update(leaks.rubric_fragments(path.read_text(encoding="utf-8")))
    return leaks.Secrets(tuple(sorted(lines)), own.answers)


def check_release(course: CourseDir, assignment: str) -> list[leaks.Leak]:
    """Scan every released file of an assignment for every secret of the course."""
    return leaks.scan_folder(course.path("release", assignment), course_secrets(course, assignment))


def release(course: CourseDir, assignment: str) -> ReleaseReport:
    """Generate the student version of ``assignment`` and scan it; delete it if it leaks."""
    course.check_assignment(assignment)
    run = course.run("generate_assignment", assignment, "--force", timeout=600)
    folder = course.path("release", assignment)
    if not run.ok or not folder.is_dir():
        raise GradingError(f"nbgrader generate_assignment failed:\n{run.log[-2000:]}")
    report = ReleaseReport(
        assignment,
        sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()),
        check_release(course, assignment),
    )
    if not report.ok:
        shutil.rmtree(folder)
    return report
