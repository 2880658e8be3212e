"""Timing helpers shared by the redraw and latency benchmarks (run from ``benchmarks/``, so
``from timing import ...`` finds this file beside the script)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values`` by the nearest-rank rule, in their own unit."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(action: Callable[[], Any]) -> tuple[float, float]:
    """Run ``action`` and return (wall-clock ms, CPU ms of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
