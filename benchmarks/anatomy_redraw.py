"""How long one explorer event takes: restyling the existing figure vs rebuilding it.

Runs the same seeded sequence of random events (peel to a layer, switch side, select a structure,
labels on/off, zones on/off) two ways, in one run:

- restyle: ``AnatomyFigure.apply(state)`` then an Agg ``canvas.draw()``: what the explorer does
  (with ipympl the browser then fetches the drawn image);
- naive: build a new figure for the state and render it to PNG, as a widget that redraws from
  scratch would.

It also reports the explorer's static fallback (restyle, then encode a PNG), which is what
happens where no widget front end exists. Prints p50/p95 per event in milliseconds of wall-clock
time and, because a shared machine inflates wall-clock time, of this process's CPU time too; the
last line is the speed-up of restyle over naive, in both.

    .venv/bin/python benchmarks/anatomy_redraw.py [--events 200] [--seed 0]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from course.anatomy.drawing import AnatomyFigure
from course.anatomy.view import ViewState, posterior_scene
from course.figures import png_bytes
from tools.walks import anatomy_states


def timed(
    states: list[ViewState], ways: dict[str, Callable[[ViewState], object]]
) -> dict[str, tuple[list[float], list[float]]]:
    """(wall-clock ms, CPU ms) per event for each way, taking turns event by event so that a
    busy spell on a shared machine falls on every way alike."""
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in ways}
    for state in states:
        for name, event in ways.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            event(state)
            times[name][0].append((time.perf_counter() - start) * 1000)
            times[name][1].append((time.process_time() - start_cpu) * 1000)
    return times


def percentiles(times: list[float]) -> tuple[float, float]:
    """(p50, p95) in ms."""
    cuts = statistics.quantiles(times, n=20, method="inclusive")
    return statistics.median(times), cuts[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    scene = posterior_scene()
    states = anatomy_states(args.events, args.seed)
    drawing, static = AnatomyFigure(scene), AnatomyFigure(scene)
    for state in anatomy_states(10, args.seed + 1):  # warm caches and fonts before timing
        for figure in (drawing, static):
            figure.apply(state)
            figure.figure.canvas.draw()

    def restyle(state: ViewState) -> None:
        drawing.apply(state)
        drawing.figure.canvas.draw()

    def restyle_png(state: ViewState) -> None:
        static.apply(state)
        png_bytes(static.figure)

    def naive(state: ViewState) -> None:
        fresh = AnatomyFigure(scene)
        fresh.apply(state)
        png_bytes(fresh.figure)

    fast, png, slow = (
        "restyle + canvas draw (explorer, ipympl)",
        "restyle + PNG (explorer, static fallback)",
        "naive: new figure + PNG",
    )
    results = timed(states, {fast: restyle, png: restyle_png, slow: naive})
    artists = drawing.artist_count()
    print(f"{args.events} random events, seed {args.seed}; figure holds {artists} artists")
    print(f"{'':44s} {'wall-clock':>23s}   {'CPU time':>23s}")
    for name, (wall, cpu) in results.items():
        (w50, w95), (c50, c95) = percentiles(wall), percentiles(cpu)
        print(f"{name:44s} p50 {w50:6.1f} p95 {w95:6.1f} ms   p50 {c50:6.1f} p95 {c95:6.1f} ms")
    (fast50, fast95), (slow50, slow95) = (
        percentiles(results[fast][0]),
        percentiles(results[slow][0]),
    )
    (cpu_fast50, cpu_fast95), (cpu_slow50, cpu_slow95) = (
        percentiles(results[fast][1]),
        percentiles(results[slow][1]),
    )
    print(
        f"speed-up of restyle over naive: wall-clock p50 {slow50 / fast50:.1f}x, "
        f"p95 {slow95 / fast95:.1f}x; CPU p50 {cpu_slow50 / cpu_fast50:.1f}x, "
        f"p95 {cpu_slow95 / cpu_fast95:.1f}x"
    )


if __name__ == "__main__":
    main()
