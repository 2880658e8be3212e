"""Command line for quiz authors: check the shipped quiz content.

    python -m course.quiz check [--content DIR]    load, cross-check, open every key

``DIR`` defaults to the course's own ``course/content``. Sealing and unsealing the answer keys are
maintainer tools outside the student package: ``python -m tools.quiz seal|unseal`` (installed
with the ``dev`` extra).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..catalogue import CONTENT_DIR, Catalogue
from ..loading import ContentError
from . import quiz_sets, reveal

MOVED = "python -m tools.quiz {command}"
"""Where ``seal`` and ``unseal`` live now (the sealed files' header names them too)."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("seal", "unseal"):
        print(
            f"'{argv[0]}' is an authoring tool outside the student package: run "
            f"{MOVED.format(command=' '.join(argv))} from a checkout with the dev extra installed",
            file=sys.stderr,
        )
        return 2
    parser = argparse.ArgumentParser(
        prog="python -m course.quiz",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="load the quiz content and open every key")
    check.add_argument("--content", default=str(CONTENT_DIR))
    args = parser.parse_args(argv)
    try:
        return check_content(Path(args.content))
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1


def check_content(content: Path) -> int:
    """Load ``content`` (every content rule runs, as in ``python -m course validate``), then open
    every key and explanation; returns the exit code."""
    catalogue = Catalogue.load(content)
    sets = quiz_sets(catalogue)
    questions = [q for s in sets for q in s.questions]
    for question in questions:
        reveal(question)  # every key and explanation opens
    print(f"{len(sets)} quiz sets, {len(questions)} questions: all keys sealed and consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
