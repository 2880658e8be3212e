"""How long autograding one submission takes without and with the bubblewrap sandbox.

Copies the shipped course directory to a scratch folder, releases ``case_review_1``, submits the
same correct answers for ``--students`` students, then grades them all twice with
``python -m course grade`` (nbgrader's real CLI underneath, the shipped 30 s cell
timeout): once with ``--unsafe-no-sandbox`` (student code with the grader's rights, the old way)
and once in the sandbox. The order alternates over ``--rounds`` to share out a busy machine's
noise. Prints the median seconds per submission of each way and the ratio sandbox / unsafe.

    .venv/bin/python benchmarks/grading_sandbox.py [--students 3] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from course.grading import CourseDir, release
from course.grading.course_dir import IMPORT_ROOT as ROOT
from course.grading.leaks import SOLUTION, region_lines
from tools.synthclass import copy_course

ASSIGNMENT = "case_review_1"


def scratch_course(folder: Path, students: int) -> CourseDir:
    """A released copy of the course with ``students`` identical correct submissions."""
    course = copy_course(folder)
    if not release(course, ASSIGNMENT).ok:
        raise SystemExit("the release of the scratch course failed its leak scan")
    source = nbformat.read(course.path("source", ASSIGNMENT) / f"{ASSIGNMENT}.ipynb", 4)
    answers = {
        c.metadata.nbgrader.grade_id: "\n".join(region_lines(c.source, SOLUTION))
        for c in source.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")
    }
    student = nbformat.read(course.path("release", ASSIGNMENT) / f"{ASSIGNMENT}.ipynb", 4)
    for cell in student.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    for number in range(students):
        target = course.path("submitted", ASSIGNMENT, f"student{number:02d}")
        target.mkdir(parents=True)
        (target / "timestamp.txt").write_text("2026-05-04 09:00:00.000000 UTC")
        nbformat.write(student, target / f"{ASSIGNMENT}.ipynb")
    return course


def seconds_per_submission(course: CourseDir, students: int, *extra: str) -> float:
    """Wall-clock seconds of one CLI autograde of every student, divided by their number."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "course", "--course-dir", str(course.root)]
    start = time.perf_counter()
    run = subprocess.run(
        [*command, "grade", ASSIGNMENT, *extra], capture_output=True, text=True, env=env
    )
    elapsed = time.perf_counter() - start
    if run.returncode != 0 or run.stdout.count(" ok") < students:
        raise SystemExit(f"autograde failed:\n{run.stdout}\n{run.stderr}")
    return elapsed / students


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=3, help="submissions per run")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each way")
    args = parser.parse_args()
    ways = {"unsafe (no sandbox)": ["--unsafe-no-sandbox"], "sandbox (bubblewrap)": []}
    times: dict[str, list[float]] = {name: [] for name in ways}
    with tempfile.TemporaryDirectory(prefix="grading-benchmark-") as scratch:
        course = scratch_course(Path(scratch) / "course", args.students)
        for round_ in range(args.rounds):
            order = list(ways) if round_ % 2 == 0 else list(reversed(ways))
            for name in order:
                times[name].append(seconds_per_submission(course, args.students, *ways[name]))
    print(f"autograde of {ASSIGNMENT}, {args.students} submission(s) per run, {args.rounds} run(s)")
    medians = {}
    for name, values in times.items():
        medians[name] = statistics.median(values)
        runs = ", ".join(f"{v:.1f}" for v in values)
        print(f"{name:<22} {medians[name]:6.1f} s per submission (runs: {runs})")
    unsafe, boxed = medians.values()
    print(f"ratio sandbox / unsafe: {boxed / unsafe:.2f}")


if __name__ == "__main__":
    main()
