"""Collect: bring submissions into ``submitted/`` with nbgrader, then record their digests.

From a JupyterHub exchange: ``nbgrader collect``. From files downloaded out of a learning
platform: ``nbgrader zip_collect`` (its importer reads ``downloaded/<assignment>/archive``).
Files copied into ``submitted/<student>/<assignment>/`` by hand need no nbgrader step. Either
way the course writes a manifest (SHA-256 of every collected file) under ``reports/``; autograde
compares against it and reports any submitted file changed since collection.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import integrity
from .course_dir import CourseDir, GradingError
from .grade import manifest_path

SOURCES = ("exchange", "zip", "folder")
"""Where submissions come from: nbgrader's exchange, downloaded archives, or already in place."""


@dataclass
class CollectReport:
    """What ``collect`` found in ``submitted/`` afterwards."""

    assignment: str
    students: list[str]
    files: int

    def table(self) -> str:
        return (
            f"Collected '{self.assignment}': {len(self.students)} student(s), "
            f"{self.files} file(s); digests recorded for autograde to check"
        )


def collect(course: CourseDir, assignment: str, source: str = "folder") -> CollectReport:
    """Collect ``assignment`` from ``source`` and record a digest of every submitted file."""
    course.check_assignment(assignment)
    if source not in SOURCES:
        raise GradingError(f"unknown source '{source}'; choose one of: {', '.join(SOURCES)}")
    if source != "folder":
        command = {"exchange": "collect", "zip": "zip_collect"}[source]
        run = course.run(command, assignment, timeout=1800)
        if not run.ok:
            raise GradingError(f"nbgrader {command} failed:\n{run.log[-2000:]}")
    submitted = course.root / course.nbgrader.submitted_directory
    snap = integrity.of_assignment(integrity.snapshot(submitted), assignment)
    integrity.save(snap, manifest_path(course, assignment))
    return CollectReport(assignment, course.students(assignment), len(snap))
