"""How long one event of the virtual-patient widget takes: its update vs a naive full rebuild.

For 200 seeded random events a student could cause in vp_01 (ask an item, change stage, add,
move or remove a condition of the differential, link a finding, choose the urgency or the next
step) this measures, per event,

- **ours**: the widget's own event handling on the PNG view (``apply``, the recorder, the
  controls and the text set, the engine's ranking taken from its cache, the engine chart's bars
  restyled and a new PNG only when the bars changed, the description);
- **naive**: what a widget that rebuilt everything on each event would do for the same state:
  rank every condition again from the findings, build a new engine chart and render it as a
  PNG, and write the ranking's text again.

It prints p50 and p95 of each in milliseconds (wall clock, and this process's CPU time) and the
ratio naive / ours. Wall-clock times depend on the machine and on what else runs on it. Run from
the repository root:  python benchmarks/patient_redraw.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import percentile, timed

import course
from course.figures import screen_png
from course.patient.widget import STEPS, VirtualPatient, _bars, _EngineChart

EVENTS = 200
SEED = 1


def random_event(rng: random.Random, w: VirtualPatient, conditions: list[str]) -> tuple:
    """An event a student could cause now (the commit left out: it ends the run)."""
    state = w.state
    roll = rng.random()
    if roll < 0.15:
        return ("stage", rng.choice(STEPS))
    if roll < 0.45 and w.menu.values:
        return ("ask", rng.choice(w.menu.values))
    if roll < 0.65:
        return ("add", rng.choice(conditions))
    if roll < 0.8 and state.differential:
        return (rng.choice(["up", "down", "remove"]), rng.choice(state.differential))
    if roll < 0.9 and state.asked:
        return ("link", rng.choice(state.asked), rng.choice(conditions), "supports")
    return ("urgency", rng.choice(w.urgency.values))


def run(rng: random.Random, folder: Path) -> dict[str, list[tuple[float, float]]]:
    ours = VirtualPatient(
        course.patient.case("vp_01"),
        save_to=folder / "run.json",
        progress_path=folder / "progress.json",
        interactive=False,
    )
    conditions = list(ours.conditions)
    results: dict[str, list[tuple[float, float]]] = {"ours": [], "naive": []}
    redrawn = 0
    while len(results["ours"]) < EVENTS:
        event = random_event(rng, ours, conditions)
        if ours.apply(ours.state, event) == ours.state:
            continue
        bars = list(ours.engine_chart.shown)
        results["ours"].append(timed(lambda event=event: ours.send(event)))
        redrawn += ours.engine_chart.shown != bars
        observations = [ours.observation(i) for i in ours.state.asked]

        def naive(observations=observations):
            differential = ours.engine.rank(observations)
            chart = _EngineChart()
            chart.show(_bars(differential, ours._name))
            screen_png(chart.figure)
            ours._engine_words(differential)
            ours._engine_html(differential)

        results["naive"].append(timed(naive))
    print(f"events whose engine chart changed (a new PNG): {redrawn} of {EVENTS}")
    return results


def main() -> None:
    rng = random.Random(SEED)
    print(f"virtual patient redraw benchmark: {EVENTS} seeded random events (seed {SEED})")
    print(f"machine load (1-minute average) at start: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        results = run(rng, Path(folder))
    for label, samples in results.items():
        wall = [w for w, _c in samples]
        cpu = [c for _w, c in samples]
        print(
            f"  patient {label:6s} wall mean {statistics.mean(wall):6.1f} ms  "
            f"p50 {statistics.median(wall):6.1f} ms  "
            f"p95 {percentile(wall, 0.95):6.1f} ms   (CPU p50 {statistics.median(cpu):5.1f}"
            f" ms, p95 {percentile(cpu, 0.95):5.1f} ms)"
        )
    ours = [w for w, _c in results["ours"]]
    naive = [w for w, _c in results["naive"]]
    print(
        "speed-up of the widget's update over a naive rebuild: "
        f"p50 {statistics.median(naive) / statistics.median(ours):.1f}x, "
        f"p95 {percentile(naive, 0.95) / percentile(ours, 0.95):.1f}x, "
        f"mean {statistics.mean(naive) / statistics.mean(ours):.1f}x"
    )
    print(f"machine load (1-minute average) at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
