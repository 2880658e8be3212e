"""Release: generate the student version with nbgrader, then prove it gives nothing away.

``nbgrader generate_assignment`` writes ``release/<assignment>/`` from ``source/<assignment>/``
and records the cells (hidden tests included) in the gradebook. The course then scans every
released file for the source's secrets (see :mod:`course.grading.leaks`). A release with any
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


def check_release(course: CourseDir, assignment: str) -> list[leaks.Leak]:
    """Scan the released folder of an assignment for its secrets."""
    return leaks.scan_folder(
        course.path("release", assignment), assignment_secrets(course, assignment)
    )


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
