"""Autograde a synthetic class with plain serial nbgrader and with ``course grade --workers 2``.

Copies the shipped course directory to a scratch folder, releases ``case_review_1`` and writes a
seeded synthetic class (``tools.synthclass``: honest submissions, abilities spread by a
logistic model). Two identical copies are then graded, each from a cold start:

- **naive**: ``nbgrader autograde case_review_1 --force``, nbgrader's own serial loop in one
  process, with the course's configuration (student code in the same bubblewrap sandbox);
- **course**: ``python -m course grade case_review_1 --workers 2``, every issue-14 check
  included (integrity hashes, precheck, clean-room re-check, tamper checks, report).

The automatic score of every (student, cell) must be identical, or the script fails. Prints
both wall-clock times, seconds per submission, and as its last line ``ratio X.XX``, the naive
time divided by the course's (above 1: the course is faster).

    .venv/bin/python benchmarks/autograde.py [--students 200] [--workers 2] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from course.grading import CourseDir, release
from course.grading.course_dir import child_environment
from tools import synthclass
from tools.synthclass import copy_course

ASSIGNMENT = "case_review_1"


def scratch_class(folder: Path, students: int, seed: int) -> CourseDir:
    """A released copy of the course with a synthetic class of ``students``."""
    course = copy_course(folder)
    if not release(course, ASSIGNMENT).ok:
        raise SystemExit("the release of the scratch course failed its leak scan")
    synthclass.make_class(folder, ASSIGNMENT, students, seed)
    return course


def auto_scores(course: CourseDir) -> dict[tuple[str, str, str], float | None]:
    """(student, notebook, cell) -> nbgrader's automatic score, for every graded cell."""
    with course.gradebook() as gb:
        return {
            (s.student.id, n.name, g.name): g.auto_score
            for s in gb.find_assignment(ASSIGNMENT).submissions
            for n in s.notebooks
            for g in n.grades
        }


def timed(command: list[str], cwd: Path) -> float:
    """Wall-clock seconds of one command; fails the benchmark if it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=child_environment(), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(command[:4])} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200, help="class size (submissions)")
    parser.add_argument("--workers", type=int, default=2, help="course grade --workers")
    parser.add_argument("--seed", type=int, default=1, help="the synthetic class's seed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="autograde-benchmark-") as scratch:
        template = scratch_class(Path(scratch) / "template", args.students, args.seed)
        naive = CourseDir(shutil.copytree(template.root, Path(scratch) / "naive"))
        ours = CourseDir(shutil.copytree(template.root, Path(scratch) / "course"))
        python, workers = sys.executable, ["--workers", str(args.workers)]
        naive_s = timed([python, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force"], naive.root)
        course_s = timed(
            [python, "-m", "course", "--course-dir", str(ours.root), "grade", ASSIGNMENT, *workers],
            ours.root,
        )
        expected, found = auto_scores(naive), auto_scores(ours)
        if found != expected or len(expected) < args.students:
            differ = sorted(
                k for k in expected.keys() | found.keys() if expected.get(k) != found.get(k)
            )
            raise SystemExit(f"the automatic scores differ ({len(differ)} cells): {differ[:10]}")
    n, cores = args.students, os.cpu_count()
    print(f"autograde of {ASSIGNMENT}: {n} synthetic submissions, seed {args.seed}, {cores} cores")
    print(f"identical automatic scores for all {len(expected)} graded cells")
    for name, seconds in (
        ("naive nbgrader autograde (serial)", naive_s),
        (f"course grade --workers {args.workers}", course_s),
    ):
        print(f"{name:<36}{seconds:8.1f} s  {seconds / n:5.2f} s per submission")
    print(f"ratio {naive_s / course_s:.2f}")


if __name__ == "__main__":
    main()
