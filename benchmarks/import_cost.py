"""What ``import course`` costs a lesson, against the matplotlib it will need anyway.

Run: ``python benchmarks/import_cost.py [RUNS]``. Each import is timed in a fresh interpreter
(nothing cached in memory; the files are in the OS cache after the first run), ``RUNS`` times
(default 7), and the median is printed for ``import course`` and for ``import matplotlib.figure``,
with their difference (the goal: ``import course`` costs at most 0.3 s more) and their ratio.
No test is timed; ``tests/unit/test_import_cost.py`` checks what ``import course`` loads instead.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.3
"""Seconds ``import course`` may cost over ``import matplotlib.figure``."""

_TIMER = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def import_seconds(module: str) -> float:
    """Seconds one fresh interpreter spends in ``import module`` (start-up not included)."""
    done = subprocess.run(
        [sys.executable, "-c", _TIMER.format(module=module)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return float(done.stdout.strip().splitlines()[-1])


def median_seconds(module: str, runs: int) -> float:
    """The median of ``runs`` fresh-interpreter timings of ``import module``, after one warm-up."""
    import_seconds(module)  # warm the OS file cache and the bytecode caches
    return statistics.median(import_seconds(module) for _ in range(runs))


def main(runs: int = 7) -> None:
    course = median_seconds("course", runs)
    figure = median_seconds("matplotlib.figure", runs)
    over = course - figure
    print(f"runs per import (median):       {runs}")
    print(f"import course:                  {course * 1000:7.1f} ms")
    print(f"import matplotlib.figure:       {figure * 1000:7.1f} ms")
    print(f"course over matplotlib.figure:  {over * 1000:7.1f} ms (goal <= {GOAL * 1000:.0f} ms)")
    print(f"ratio course / matplotlib:      {course / figure:7.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
