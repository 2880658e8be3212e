"""How long one event of the Fagan nomogram widget takes: restyling artists vs rebuilding.

For 200 seeded random events a student could cause (move the pre-test slider, set a test or
cluster result, move the thresholds, now and then pick another presentation) this measures, per
event,

- **ours**: the widget's own event handling (``apply``, moving the nomogram's existing artists,
  the result text, the description, the ``draw_idle`` request) plus a full Agg render of the
  figure, which is what the ipympl canvas does when the front end asks for the new frame;
- **static view**: the same event on a widget without ipympl, whose refresh renders a PNG
  (a plain kernel or an exported page);
- **naive**: drawing a new nomogram for the same state and rendering it with Agg, as a widget
  that rebuilt its figure on every event would.

It prints p50 and p95 of each in milliseconds (wall clock, and this process's CPU time), the
ratio naive / ours, and whether the targets hold (ours p95 <= 20 ms, naive / ours >= 5 at p50).
Wall-clock times depend on the machine and on what else runs on it. Run from the repository
root:  python benchmarks/hypothesis_redraw.py
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

from course.hypothesis.findings import NOT_DONE, overlapping
from course.hypothesis.nomogram import draw
from course.hypothesis.widget import HypothesisExplorer

EVENTS = 200
SEED = 1
TARGET_P95_MS = 20.0
TARGET_RATIO = 5.0


def random_event(rng: random.Random, explorer: HypothesisExplorer) -> tuple:
    """An event a student could cause now (never a click on a disabled control)."""
    state = explorer.state
    roll = rng.random()
    if roll < 0.05:
        return ("presentation", rng.choice(explorer.presentation.options)[1])
    if roll < 0.35:
        return ("pretest", round(rng.uniform(0.1, 99.9), 1))
    if roll < 0.45:
        low = rng.randrange(0, 90)
        return ("thresholds", (float(low), float(rng.randrange(low + 1, 101))))
    offered = explorer.findings
    used = [offered[f] for f, key in state.results if key != NOT_DONE]
    free = [f for f, key in state.results if key != NOT_DONE or not overlapping(offered[f], used)]
    if not free:
        return ("pretest", round(rng.uniform(0.1, 99.9), 1))
    finding = rng.choice(free)
    return ("result", state.presentation, finding, rng.choice(offered[finding].keys))


def run(rng: random.Random) -> dict[str, list[tuple[float, float]]]:
    ours = HypothesisExplorer(interactive=True)
    static = HypothesisExplorer(interactive=False)
    canvas = ours.figure.canvas
    FigureCanvasAgg.draw(canvas)  # the first frame, as the front end asks for it on display
    results: dict[str, list[tuple[float, float]]] = {"ours": [], "static view": [], "naive": []}
    while len(results["ours"]) < EVENTS:
        event = random_event(rng, ours)
        if ours.apply(ours.state, event) == ours.state:
            continue

        def widget_way(event=event):
            ours.send(event)
            FigureCanvasAgg.draw(canvas)

        results["ours"].append(timed(widget_way))
        results["static view"].append(timed(lambda event=event: static.send(event)))
        reading = ours.reading(ours.state)

        def naive(r=reading):
            fresh = draw(
                r.pretest, r.lr, span=r.span, thresholds=r.thresholds, evidence=r.evidence,
                width=5.6, height=6.8,
            )  # fmt: skip
            FigureCanvasAgg.draw(fresh.figure.canvas)

        results["naive"].append(timed(naive))
        assert static.state == ours.state
    return results


def main() -> None:
    rng = random.Random(SEED)
    print(f"nomogram redraw benchmark: {EVENTS} seeded random events (seed {SEED})")
    print(f"machine load (1-minute average) at start: {os.getloadavg()[0]:.1f}")
    results = run(rng)
    for label, samples in results.items():
        wall = [w for w, _c in samples]
        cpu = [c for _w, c in samples]
        print(
            f"  nomogram {label:11s} wall p50 {statistics.median(wall):6.1f} ms  "
            f"p95 {percentile(wall, 0.95):6.1f} ms   (CPU p50 {statistics.median(cpu):5.1f}"
            f" ms, p95 {percentile(cpu, 0.95):5.1f} ms)"
        )
    ours = [w for w, _c in results["ours"]]
    naive = [w for w, _c in results["naive"]]
    p50_ratio = statistics.median(naive) / statistics.median(ours)
    p95_ratio = percentile(naive, 0.95) / percentile(ours, 0.95)
    print(
        "speed-up of restyle over naive rebuild: "
        f"nomogram p50 {p50_ratio:.1f}x, p95 {p95_ratio:.1f}x"
    )
    p95 = percentile(ours, 0.95)
    print(
        f"targets: ours p95 {p95:.1f} ms <= {TARGET_P95_MS:.0f} ms: "
        f"{'met' if p95 <= TARGET_P95_MS else 'NOT met'}; p50 ratio {p50_ratio:.1f}x >= "
        f"{TARGET_RATIO:.0f}x: {'met' if p50_ratio >= TARGET_RATIO else 'NOT met'}"
    )
    print(f"machine load (1-minute average) at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
