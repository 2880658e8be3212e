"""Command line for quiz authors.

    python -m course.quiz seal [AUTHORING] [--content DIR]    authoring form -> sealed content
    python -m course.quiz unseal [AUTHORING] [--content DIR]  sealed content -> authoring form
    python -m course.quiz check [--content DIR]               load, cross-check, open every key

``AUTHORING`` defaults to ``authoring/`` at the repository root (git-ignored); ``DIR`` to the
course's own ``course/content``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..catalogue import CONTENT_DIR, Catalogue
from ..loading import ContentError
from . import quiz_sets, reveal
from .authoring import AuthoringError, seal_folder, unseal_folder

DEFAULT_AUTHORING = CONTENT_DIR.parent.parent / "authoring"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m course.quiz",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("seal", "write sealed content from the authoring form"),
        ("unseal", "recover the authoring form from sealed content"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("authoring", nargs="?", default=str(DEFAULT_AUTHORING))
        sub.add_argument("--content", default=str(CONTENT_DIR))
    check = commands.add_parser("check", help="load the quiz content and open every key")
    check.add_argument("--content", default=str(CONTENT_DIR))
    args = parser.parse_args(argv)
    content = Path(args.content)

    try:
        if args.command == "seal":
            written = seal_folder(Path(args.authoring), content)
            print(f"sealed {len(written)} files into {content}")
            return _check(content)
        if args.command == "unseal":
            written = unseal_folder(content, Path(args.authoring))
            print(f"wrote the authoring form of {len(written)} files into {args.authoring}")
            print("keep it out of the repository: it holds every answer in plain text")
            return 0
        return _check(content)
    except (AuthoringError, ContentError) as error:
        print(error, file=sys.stderr)
        return 1


def _check(content: Path) -> int:
    """Load the content (every content rule runs: see ``python -m course validate``), then open
    every key and explanation."""
    catalogue = Catalogue.load(content)
    sets = quiz_sets(catalogue)
    questions = [q for s in sets for q in s.questions]
    for question in questions:
        reveal(question)  # every key and explanation opens
    print(f"{len(sets)} quiz sets, {len(questions)} questions: all keys sealed and consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
