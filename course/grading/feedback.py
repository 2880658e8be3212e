"""Feedback: nbgrader's HTML feedback, checked so that no hidden test reaches a student.

``nbgrader generate_feedback`` renders each autograded notebook to
``feedback/<student>/<assignment>/<notebook>.html``. The course's nbgrader configuration removes
hidden tests from the cells (``ClearHiddenTests``) and from the tracebacks of failing ones
(``WithholdHiddenTestFailures``); this step then reads every page as a student would (tags
dropped, entities decoded, colour codes removed), and every file of the feedback folder as
released, for every line the course keeps secret (every assignment's solutions, hidden tests,
mark schemes and rubrics) in every readable form (see :func:`course.grading.leaks.scan_page`).
A file that shows one is deleted and reported, so it cannot be released by mistake.
Hand feedback back with ``nbgrader release_feedback`` (exchange) or by e-mailing the pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import leaks
from .course_dir import CourseDir, GradingError, check_student, student_id_problem

FAILED_STUDENT = re.compile(
    r"There was an error processing assignment '([^']+)' for student '([^']+)'"
)
"""nbgrader's last words for each submission it could not convert (it goes on with the rest)."""


@dataclass
class FeedbackReport:
    """The feedback pages written and checked, any withheld for showing a secret, and the
    students for whom nbgrader could not build feedback."""

    assignment: str
    pages: list[str] = field(default_factory=list)
    leaks: list[leaks.Leak] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    """Student -> why nbgrader could not build that student's feedback."""

    @property
    def ok(self) -> bool:
        return not self.leaks and not self.failed

    def table(self) -> str:
        lines = [f"Feedback for '{self.assignment}': {len(self.pages)} file(s) checked"]
        if not self.leaks:
            lines.append("no solution, hidden test or rubric appears in any file")
        else:
            lines.append(f"SECRETS FOUND; these files were deleted ({len(self.leaks)} finding(s)):")
            lines.extend(f"  {leak}" for leak in self.leaks)
        for student, why in sorted(self.failed.items()):
            lines.append(f"  {student}: no feedback: {why}")
        return "\n".join(lines)


def hidden_lines(course: CourseDir, assignment: str) -> list[str]:
    """Every searchable line of every hidden test of an assignment, from the gradebook."""
    found = set()
    with course.gradebook() as gb:
        for notebook in gb.find_assignment(assignment).notebooks:
            for cell in notebook.source_cells:
                found.update(leaks.hidden_test_lines(cell.source))
    return sorted(found)


def feedback_secrets(course: CourseDir) -> list[str]:
    """Every line the course keeps from students, over all its assignments: solutions (but
    not a line setting an ``answer_...`` variable, which a student's own answer repeats),
    hidden tests, mark schemes, and the rubrics in ``rubrics/``."""
    from .release import assignment_secrets

    found = set()
    for assignment in course.assignments():
        secret = assignment_secrets(course, assignment)
        for line in secret.lines:
            line = line.lstrip("-*#> ")  # a Markdown list item or heading shows without it
            if len(line) >= leaks.MIN_LINE and not leaks.ANSWER_LINE.match(line):
                found.add(line)
    rubrics = course.root / "rubrics"
    for path in sorted(rubrics.glob("*.md")) if rubrics.is_dir() else []:
        found.update(leaks.rubric_fragments(path.read_text(encoding="utf-8")))
    if not found:
        raise GradingError("the course holds no secret to check feedback for: check source/")
    return sorted(found)


def check_page(path: Path, hidden: list[str], label: str) -> list[leaks.Leak]:
    """The secret lines a file a student receives shows, in any readable form."""
    raw = path.read_bytes().decode("utf-8", errors="replace")
    return leaks.scan_page(label, raw, hidden)


def feedback(
    course: CourseDir, assignment: str, students: list[str] | None = None
) -> FeedbackReport:
    """Generate feedback for ``students`` (default: all autograded) and check every file.

    One student's nbgrader failure is reported for that student while the others' pages are
    built and checked (nbgrader goes on and names the failures; if it stopped for the whole
    class instead, each student is run alone).
    """
    course.check_assignment(assignment)
    if students:
        students = [check_student(s) for s in students]
    report = FeedbackReport(assignment)
    args = ["generate_feedback", assignment, "--force"]
    if students:
        runs = {s: course.run(*args, f"--student={s}", timeout=600) for s in students}
    else:
        whole = course.run(*args, timeout=1800)
        runs = {}
        named = FAILED_STUDENT.findall(whole.log) if not whole.timed_out else []
        for student in dict.fromkeys(s for a, s in named if a == assignment):
            # nbgrader went on with the others and named this one at the end of its log
            report.failed[student] = "nbgrader failed: it could not convert this submission"
        if not whole.ok and not named:  # stopped for the class: run each student alone
            graded = course.root / course.nbgrader.autograded_directory
            for student in sorted(p.name for p in graded.iterdir() if (p / assignment).is_dir()):
                if student_id_problem(student) is None:
                    runs[student] = course.run(*args, f"--student={student}", timeout=600)
    for student, run in runs.items():
        if not run.ok:
            errors = " | ".join(x for x in run.log.splitlines() if "ERROR" in x)
            report.failed[student] = f"nbgrader failed: {(errors or run.log)[-400:]}"
    secrets = feedback_secrets(course)
    top = course.root / course.nbgrader.feedback_directory
    for path in sorted(top.glob(f"*/{assignment}/**/*")):
        if path.is_dir():
            continue
        label = path.relative_to(top).as_posix()
        if students and label.split("/")[0] not in students:
            continue
        report.pages.append(label)
        found = [] if path.is_symlink() else check_page(path, secrets, label)
        if path.is_symlink():
            found = [leaks.Leak(label, "symbolic link", "never released")]
        if found:
            report.leaks.extend(found)
            path.unlink()
    return report
