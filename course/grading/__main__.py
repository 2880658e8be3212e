"""``python -m course.grading <step> <assignment>``: the instructor's workflow from a shell."""

from __future__ import annotations

import argparse
import sys

from . import (
    DEFAULT_COURSE_DIR,
    CourseDir,
    GradingError,
    autograde,
    collect,
    feedback,
    release,
    report,
)
from .collect import SOURCES, read_owners


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course.grading",
        description="Release, collect, autograde, feed back and report on the graded case reviews "
        "(a wrapper around nbgrader with the course's safety checks).",
    )
    parser.add_argument(
        "--course-dir",
        default=str(DEFAULT_COURSE_DIR),
        help="the nbgrader course directory (default: %(default)s)",
    )
    steps = parser.add_subparsers(dest="step", required=True)
    for name, text in (
        ("release", "generate the student version and scan it for leaks"),
        ("collect", "collect submissions and record their SHA-256 digests"),
        ("autograde", "autograde every submission and report each student's status"),
        ("feedback", "generate feedback pages and check that no hidden test shows"),
        ("report", "export grades and write the per-question item analysis"),
    ):
        step = steps.add_parser(name, help=text, description=text)
        step.add_argument("assignment", help="assignment id, e.g. case_review_1")
        if name == "collect":
            step.add_argument(
                "--source",
                choices=SOURCES,
                default="folder",
                help="exchange (nbgrader collect), zip (downloaded/<assignment>/archive/"
                "<student>.zip) or folder (already in submitted/); default: %(default)s",
            )
            step.add_argument(
                "--force", action="store_true", help="replace submissions already collected"
            )
            step.add_argument(
                "--owners",
                help="CSV of student,uid: the account allowed to submit for each student "
                "(exchange; default: the system account named like the student)",
            )
            step.add_argument(
                "--archive-pattern",
                default=r"(?P<student>.+)",
                help="regular expression with a 'student' group matched against each archive's "
                "name without .zip (default: the whole name is the student id)",
            )
        if name in ("autograde", "feedback"):
            step.add_argument(
                "--student",
                action="append",
                dest="students",
                help="only this student (repeat for several)",
            )
        if name == "autograde":
            step.add_argument(
                "--timeout", type=int, help="seconds per cell (default: the config's)"
            )
            step.add_argument(
                "--max-output-bytes", type=int, help="output kept per cell (default: the config's)"
            )
            step.add_argument(
                "--unsafe-no-sandbox",
                action="store_true",
                help="run student code with your own rights, without bubblewrap: only for "
                "submissions you trust (the default refuses to grade without bubblewrap)",
            )
    args = parser.parse_args(argv)
    try:
        course = CourseDir(args.course_dir)
        if args.step == "release":
            outcome = release(course, args.assignment)
        elif args.step == "collect":
            outcome = collect(
                course,
                args.assignment,
                args.source,
                force=args.force,
                owners=read_owners(args.owners) if args.owners else None,
                archive_pattern=args.archive_pattern,
            )
        elif args.step == "autograde":
            outcome = autograde(
                course,
                args.assignment,
                args.students,
                args.timeout,
                args.max_output_bytes,
                unsafe_no_sandbox=args.unsafe_no_sandbox,
            )
        elif args.step == "feedback":
            outcome = feedback(course, args.assignment, args.students)
        else:
            outcome = report(course, args.assignment)
    except GradingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(outcome.table())
    return 0 if getattr(outcome, "ok", True) else 1


if __name__ == "__main__":
    sys.exit(main())
