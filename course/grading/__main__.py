"""``python -m course.grading <step> <assignment>``: retired, kept as a thin alias of ``course``.

Every step runs the ``course`` command's own parser (:mod:`course.cli`); ``autograde`` is now
``course grade``. One line on stderr names the new command.
"""

from __future__ import annotations

import sys

from ..cli import RENAMED
from ..cli import main as course_main


def main(argv: list[str] | None = None) -> int:
    """Translate the old arguments to the ``course`` command's and run it."""
    args = list(sys.argv[1:] if argv is None else argv)
    for index, arg in enumerate(args):
        if not arg.startswith("-") and (index == 0 or args[index - 1] != "--course-dir"):
            args[index] = RENAMED.get(arg, arg)
            break
    print(
        f"note: `python -m course.grading` is retired; use `course {' '.join(args)}`",
        file=sys.stderr,
    )
    return course_main(args)


if __name__ == "__main__":
    sys.exit(main())
