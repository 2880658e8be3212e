"""``python -m course``: the same command as ``course`` (see :mod:`course.cli`)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the ``course`` command; returns the process exit code."""
    from .cli import main as run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
