"""The ``course`` command: the instructor's grading cycle and the content check, one parser.

Verbs in the order an instructor uses them::

    course release  ASSIGNMENT           generate the student version, scan it for leaks
    course collect  ASSIGNMENT           take in submissions, record their SHA-256 digests
    course grade    ASSIGNMENT [--workers N]   autograde in the sandbox, a status per student
    course feedback ASSIGNMENT           feedback pages, hidden tests withheld and checked
    course export   ASSIGNMENT --layout L --out PATH   grades for another gradebook
    course report   ASSIGNMENT           grade export and item analysis
    course validate [FOLDER]             every content rule on every file

(``python -m course`` is the same command.) Progress goes to stderr, the summary table to
stdout. Exit codes: 0 all well; 1 a student's submission had a problem, a check found a leak
or submitted files changed during grading; 2 the command could not run (usage, set-up).
Grading modules load only when a grading verb runs, so ``import course`` stays cheap.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

OK, PROBLEM, SETUP = 0, 1, 2
"""Exit codes: all well; some student or check had a problem; the command could not run."""

LAYOUTS = ("students", "questions", "moodle", "canvas")
"""``course export`` layouts: a CSV per student, per question, Moodle's and Canvas's import."""

RENAMED = {"autograde": "grade"}
"""Verbs of the retired ``python -m course.grading`` that have a new name here."""


def parser() -> argparse.ArgumentParser:
    """The one argument parser of the ``course`` command."""
    top = argparse.ArgumentParser(
        prog="course",
        description="The buttock-pain course: the instructor's grading cycle (a wrapper around "
        "nbgrader with the course's safety checks) and the content check.",
    )
    top.add_argument(
        "--course-dir",
        dest="top_course_dir",
        metavar="DIR",
        help="the nbgrader course directory (also accepted after the verb)",
    )
    verbs = top.add_subparsers(dest="verb", required=True, metavar="VERB")

    def grading_verb(name: str, text: str) -> argparse.ArgumentParser:
        verb = verbs.add_parser(name, help=text, description=text)
        verb.add_argument("assignment", help="assignment id, e.g. case_review_1")
        verb.add_argument(
            "--course-dir",
            metavar="DIR",
            help="the nbgrader course directory (default: notebooks/assignments of this checkout)",
        )
        return verb

    grading_verb("release", "generate the student version and scan it for leaks")

    collect = grading_verb("collect", "collect submissions and record their SHA-256 digests")
    collect.add_argument(
        "--source",
        choices=("exchange", "zip", "folder"),
        default="folder",
        help="exchange (nbgrader collect), zip (downloaded/<assignment>/archive/<student>.zip) "
        "or folder (already in submitted/); default: %(default)s",
    )
    collect.add_argument(
        "--force", action="store_true", help="replace submissions already collected"
    )
    collect.add_argument(
        "--owners",
        help="CSV of student,uid: the account allowed to submit for each student "
        "(exchange; default: the system account named like the student)",
    )
    collect.add_argument(
        "--archive-pattern",
        default=r"(?P<student>.+)",
        help="regular expression with a 'student' group matched against each archive's name "
        "without .zip (default: the whole name is the student id)",
    )

    grade = grading_verb("grade", "autograde every submission and report each student's status")
    grade.add_argument(
        "--workers",
        type=int,
        default=1,
        help="students graded at once, each in its own sandbox (default: %(default)s); only "
        "this process writes the gradebook",
    )
    grade.add_argument("--timeout", type=int, help="seconds per cell (default: the config's)")
    grade.add_argument(
        "--max-output-bytes", type=int, help="output kept per cell (default: the config's)"
    )
    grade.add_argument(
        "--unsafe-no-sandbox",
        action="store_true",
        help="run student code with your own rights, without bubblewrap: only for submissions "
        "you trust (the default refuses to grade without bubblewrap)",
    )

    feedback = grading_verb(
        "feedback", "generate feedback pages and check that no hidden test shows"
    )
    for verb in (grade, feedback):
        verb.add_argument(
            "--student",
            action="append",
            dest="students",
            metavar="ID",
            help="only this student (repeat for several)",
        )

    export = grading_verb("export", "write the grades in a layout another gradebook imports")
    export.add_argument("--layout", choices=LAYOUTS, required=True, help="the CSV's layout")
    export.add_argument("--out", required=True, type=Path, help="the file to write")
    export.add_argument(
        "--roster", type=Path, help="CSV of the class list (students without a submission)"
    )

    grading_verb("report", "export grades and write the per-question item analysis")

    validate = verbs.add_parser(
        "validate", help="run every content rule on every file and print counts"
    )
    validate.add_argument("folder", nargs="?", help="content folder (default: the shipped one)")
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the ``course`` command; returns the process exit code."""
    args = parser().parse_args(argv)
    if args.verb == "validate":
        return _validate(args.folder)
    from .grading.course_dir import DEFAULT_COURSE_DIR, CourseDir, GradingError

    try:
        course = CourseDir(args.course_dir or args.top_course_dir or DEFAULT_COURSE_DIR)
        outcome, ok = VERBS[args.verb](course, args)
    except GradingError as error:
        print(f"error: {error}", file=sys.stderr)
        return SETUP
    print(outcome.table())
    return OK if ok else PROBLEM


def _validate(folder: str | None) -> int:
    from .catalogue import CONTENT_DIR
    from .loading import ContentError
    from .validation import validate

    catalogue, problems = validate(folder or str(CONTENT_DIR))
    if catalogue is None:
        print(ContentError(problems), file=sys.stderr)
        return PROBLEM
    for name, count in catalogue.counts().items():
        print(f"{name:>12}: {count}")
    print("all cross-references resolved; every entry cites a source")
    return OK


def _release(course, args):
    from .grading.release import release

    outcome = release(course, args.assignment)
    return outcome, outcome.ok


def _collect(course, args):
    from .grading.collect import collect, read_owners

    outcome = collect(
        course,
        args.assignment,
        args.source,
        force=args.force,
        owners=read_owners(args.owners) if args.owners else None,
        archive_pattern=args.archive_pattern,
    )
    return outcome, outcome.ok


def _grade(course, args):
    from .grading.grade import autograde

    with Progress("grading", len(args.students or course.submitters(args.assignment))) as bar:
        outcome = autograde(
            course,
            args.assignment,
            args.students,
            args.timeout,
            args.max_output_bytes,
            unsafe_no_sandbox=args.unsafe_no_sandbox,
            workers=args.workers,
            progress=lambda result: bar.step(f"{result.student}: {result.status}"),
        )
    return outcome, outcome.ok and all(r.status == "ok" for r in outcome.results)


def _feedback(course, args):
    from .grading.feedback import feedback

    outcome = feedback(course, args.assignment, args.students)
    return outcome, outcome.ok


def _export(course, args):
    from .grading.export import export

    outcome = export(course, args.assignment, args.layout, args.out, roster=args.roster)
    return outcome, not outcome.problems


def _report(course, args):
    from .grading.report import report

    return report(course, args.assignment), True


VERBS: dict[str, Callable] = {
    "release": _release,
    "collect": _collect,
    "grade": _grade,
    "feedback": _feedback,
    "export": _export,
    "report": _report,
}
"""Each grading verb: ``(course, args) -> (outcome with a .table(), all well?)``."""


class Progress:
    """Progress on stderr: a tqdm bar on a terminal, one line per step otherwise (a log)."""

    def __init__(self, what: str, total: int):
        self.what, self.total, self.done, self.bar = what, total, 0, None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=what, unit="student", file=sys.stderr)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()

    def step(self, text: str) -> None:
        """One more item done; ``text`` says which and how it went."""
        self.done += 1
        if self.bar is not None:
            self.bar.set_postfix_str(text[:40])
            self.bar.update()
        else:
            print(f"{self.what} {self.done}/{self.total}: {text}", file=sys.stderr, flush=True)
