"""Command line for quiz authors (a maintainer tool; needs the ``dev`` extra).

    python -m tools.quiz seal [AUTHORING] [--content DIR]    authoring form -> sealed content
    python -m tools.quiz unseal [AUTHORING] [--content DIR]  sealed content -> authoring form
    python -m tools.quiz check [--content DIR]               as ``python -m course.quiz check``

``AUTHORING`` defaults to ``authoring/`` at the repository root (git-ignored); ``DIR`` to the
course's own ``course/content``. ``seal`` checks the content it wrote, as ``check`` does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.catalogue import CONTENT_DIR
from course.loading import ContentError
from course.quiz.__main__ import check_content

from ..paths import AUTHORING
from .authoring import AuthoringError, seal_folder, unseal_folder


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.quiz",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("seal", "write sealed content from the authoring form"),
        ("unseal", "recover the authoring form from sealed content"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("authoring", nargs="?", default=str(AUTHORING))
        sub.add_argument("--content", default=str(CONTENT_DIR))
    check = commands.add_parser("check", help="load the quiz content and open every key")
    check.add_argument("--content", default=str(CONTENT_DIR))
    args = parser.parse_args(argv)
    content = Path(args.content)

    try:
        if args.command == "seal":
            written = seal_folder(Path(args.authoring), content)
            print(f"sealed {len(written)} files into {content}")
            return check_content(content)
        if args.command == "unseal":
            written = unseal_folder(content, Path(args.authoring))
            print(f"wrote the authoring form of {len(written)} files into {args.authoring}")
            print("keep it out of the repository: it holds every answer in plain text")
            return 0
        return check_content(content)
    except (AuthoringError, ContentError) as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
