"""How long one pain-map widget event takes: restyling artists vs rebuilding the figure.

For 200 seeded random events on each widget this measures, per event,

- **ours**: the widget's own event handling (ranking, restyling the existing artists, the
  ``draw_idle`` request) plus a full Agg render of the figure — what the ipympl canvas does when
  the front end asks for the new frame;
- **static view**: the same event on a widget without ipympl, whose refresh renders a PNG
  (what happens in a plain kernel or an exported page);
- **naive**: building a new figure, painting it and rendering it to PNG, as a widget that
  rebuilds on every event would.

It prints p50 and p95 of each in milliseconds and, last, per widget, the update's p50 and p95,
the ratio naive / update and whether issue 10 item 12's targets (p95 <= 20 ms, >= 5x the naive
rebuild at p50) are met. Wall-clock times depend on the machine and on what else runs on it, so
each verdict is given on wall-clock time and on this process's CPU time.
Run from the repository root:  python benchmarks/painmap_redraw.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matplotlib.backends.backend_agg import FigureCanvasAgg
from timing import percentile, timed

from course import painmap
from course.figures import png_bytes
from course.painmap.drawing import chart_figure, source_choices

EVENTS = 200
SEED = 1


def compare_events(rng: random.Random) -> dict[str, list[tuple[float, float]]]:
    widget = painmap.compare(interactive=True)
    static = painmap.compare(interactive=False)
    ids = [value for _label, value in source_choices()]
    results: dict[str, list[tuple[float, float]]] = {"ours": [], "static view": [], "naive": []}
    for _ in range(EVENTS):
        panel_index = rng.randrange(2)
        source_id = rng.choice(ids)
        control = (widget.first, widget.second)[panel_index]
        figure = widget.panels[panel_index].figure
        if control.value == source_id:
            continue

        def ours(control=control, source_id=source_id, figure=figure):
            control.value = source_id
            FigureCanvasAgg.draw(figure.canvas)

        results["ours"].append(timed(ours))
        static_control = (static.first, static.second)[panel_index]
        results["static view"].append(
            timed(lambda c=static_control, s=source_id: setattr(c, "value", s))
        )

        def naive(source_id=source_id):
            fresh = chart_figure()
            source = painmap.pain_source(source_id)
            fresh.chart.paint(source)
            fresh.legend.show(source)
            fresh.title.set_text(source.short)
            png_bytes(fresh.figure)

        results["naive"].append(timed(naive))
    return results


def exercise_events(rng: random.Random) -> dict[str, list[tuple[float, float]]]:
    ex = painmap.where_from(interactive=True)
    static = painmap.where_from(interactive=False)
    keys = [value for _label, value in ex.checklist.options]
    descriptor_ids = list(ex.boxes)
    results: dict[str, list[tuple[float, float]]] = {"ours": [], "static view": [], "naive": []}
    for _ in range(EVENTS):
        if rng.random() < 0.6:
            region, side = rng.choice(keys)

            def event(widget, region=region, side=side):
                widget.toggle(region, side)
        else:
            descriptor = rng.choice(descriptor_ids)

            def event(widget, descriptor=descriptor):
                box = widget.boxes[descriptor]
                box.value = not box.value

        def ours(event=event):
            event(ex)
            FigureCanvasAgg.draw(ex.figure.canvas)

        results["ours"].append(timed(ours))
        results["static view"].append(timed(lambda event=event: event(static)))
        marked = set(ex.marked)
        shown = ex.shown_source

        def naive(marked=marked, shown=shown):
            fresh = chart_figure(marks=True)
            fresh.chart.paint(shown)
            fresh.chart.show_marks(marked)
            fresh.legend.show(shown)
            png_bytes(fresh.figure)

        results["naive"].append(timed(naive))
    return results


TARGET_P95_MS = 20.0
"""Issue 10 item 12: every update's p95 at most this many milliseconds..."""
TARGET_RATIO = 5.0
"""...and at least this many times faster than the naive rebuild at p50."""


def summary(name: str, results: dict[str, list[tuple[float, float]]]) -> list[str]:
    """Per widget: p50/p95 of each way of updating, then the update's verdict against item 12,
    on wall-clock time and on this process's CPU time (which a busy machine disturbs less)."""
    lines = []
    for label, samples in results.items():
        wall = [w for w, _c in samples]
        cpu = [c for _w, c in samples]
        lines.append(
            f"  {name:10s} {label:11s} wall p50 {statistics.median(wall):6.1f} ms  "
            f"p95 {percentile(wall, 0.95):6.1f} ms   (CPU p50 {statistics.median(cpu):5.1f}"
            f" ms, p95 {percentile(cpu, 0.95):5.1f} ms)"
        )
    for clock, index in (("wall", 0), ("CPU", 1)):
        ours = [sample[index] for sample in results["ours"]]
        naive = [sample[index] for sample in results["naive"]]
        p95 = percentile(ours, 0.95)
        ratio = statistics.median(naive) / statistics.median(ours)
        verdict = "met" if p95 <= TARGET_P95_MS and ratio >= TARGET_RATIO else "NOT met"
        lines.append(
            f"  {name:10s} {clock:4s} update p50 {statistics.median(ours):5.1f} ms, "
            f"p95 {p95:5.1f} ms; naive / update at p50 {ratio:4.1f}x, at p95 "
            f"{percentile(naive, 0.95) / p95:4.1f}x -> target (p95 <= {TARGET_P95_MS:.0f} ms, "
            f">= {TARGET_RATIO:.0f}x) {verdict}"
        )
    return lines


def main() -> None:
    rng = random.Random(SEED)
    print(f"pain-map redraw benchmark: {EVENTS} seeded random events per widget (seed {SEED})")
    print(f"machine load (1-minute average) at start: {os.getloadavg()[0]:.1f}")
    verdicts = []
    for name, run in (("compare", compare_events), ("where-from", exercise_events)):
        lines = summary(name, run(rng))
        print("\n".join(lines[:-2]))
        verdicts += lines[-2:]
    print(f"machine load (1-minute average) at end: {os.getloadavg()[0]:.1f}")
    print("update = the event plus a full Agg render of its figure; naive = a new figure, painted")
    print("and saved as PNG. Per widget:")
    print("\n".join(verdicts))


if __name__ == "__main__":
    main()
