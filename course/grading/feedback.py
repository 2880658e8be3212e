"""Feedback: nbgrader's HTML feedback, checked so that no hidden test reaches a student.

``nbgrader generate_feedback`` renders each autograded notebook to
``feedback/<student>/<assignment>/<notebook>.html``. The course's nbgrader configuration removes
hidden tests from the cells (``ClearHiddenTests``) and from the tracebacks of failing ones
(``WithholdHiddenTestFailures``); this step then reads every page as a student would (tags
dropped, entities decoded, colour codes removed) and looks for each line of every hidden test.
A page that still shows one is deleted and reported, so it cannot be released by mistake.
Hand feedback back with ``nbgrader release_feedback`` (exchange) or by e-mailing the pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import leaks
from .course_dir import CourseDir, GradingError


@dataclass
class FeedbackReport:
    """The feedback pages written, and any withheld for showing a hidden test."""

    assignment: str
    pages: list[str] = field(default_factory=list)
    leaks: list[leaks.Leak] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.leaks

    def table(self) -> str:
        lines = [f"Feedback for '{self.assignment}': {len(self.pages)} page(s) checked"]
        if self.ok:
            lines.append("no hidden test appears in any page")
        else:
            lines.append(
                f"HIDDEN TESTS FOUND; these pages were deleted ({len(self.leaks)} finding(s)):"
            )
            lines.extend(f"  {leak}" for leak in self.leaks)
        return "\n".join(lines)


def hidden_lines(course: CourseDir, assignment: str) -> list[str]:
    """Every searchable line of every hidden test of an assignment, from the gradebook."""
    found = set()
    with course.gradebook() as gb:
        for notebook in gb.find_assignment(assignment).notebooks:
            for cell in notebook.source_cells:
                found.update(leaks.hidden_test_lines(cell.source))
    return sorted(found)


def check_page(path: Path, hidden: list[str], label: str) -> list[leaks.Leak]:
    """The hidden-test lines a feedback page shows to its reader."""
    text = leaks.normalise(leaks.html_text(path.read_text(encoding="utf-8", errors="replace")))
    return [leaks.Leak(label, "hidden-test line", line[:80]) for line in hidden if line in text]


def feedback(
    course: CourseDir, assignment: str, students: list[str] | None = None
) -> FeedbackReport:
    """Generate feedback for ``students`` (default: all autograded) and check every page."""
    course.check_assignment(assignment)
    args = ["generate_feedback", assignment, "--force"]
    runs = (
        [course.run(*args, f"--student={s}", timeout=600) for s in students]
        if students
        else [course.run(*args, timeout=1800)]
    )
    failed = [run for run in runs if not run.ok]
    if failed:
        raise GradingError(f"nbgrader generate_feedback failed:\n{failed[0].log[-2000:]}")
    hidden = hidden_lines(course, assignment)
    top = course.root / course.nbgrader.feedback_directory
    report = FeedbackReport(assignment)
    for page in sorted(top.glob(f"*/{assignment}/*.html")):
        label = page.relative_to(top).as_posix()
        if students and label.split("/")[0] not in students:
            continue
        report.pages.append(label)
        found = check_page(page, hidden, label)
        if found:
            report.leaks.extend(found)
            page.unlink()
    return report
