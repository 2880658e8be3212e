"""Command line: ``python -m course validate [FOLDER]`` checks the content and prints counts."""

from __future__ import annotations

import argparse
import sys

from .catalogue import CONTENT_DIR
from .loading import ContentError
from .validation import validate


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m course", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser(
        "validate", help="run every content rule on every file and print counts"
    )
    command.add_argument("folder", nargs="?", default=str(CONTENT_DIR))
    args = parser.parse_args(argv)

    if args.command == "validate":
        catalogue, problems = validate(args.folder)
        if catalogue is None:
            print(ContentError(problems), file=sys.stderr)
            return 1
        for name, count in catalogue.counts().items():
            print(f"{name:>12}: {count}")
        print("all cross-references resolved; every entry cites a source")
    return 0


if __name__ == "__main__":
    sys.exit(main())
