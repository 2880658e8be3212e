"""Fuzz both pain-map widgets with 10 000 seeded random events.

No event may raise; the figures keep exactly their artists (restyled, never rebuilt); no new
figures appear; memory stays bounded. Events use the ipympl canvas, whose refresh only asks the
front end to redraw, so every so often the figure is also rendered to check that it still draws.
"""

from __future__ import annotations

import gc
import random
from html import escape

import pytest
from matplotlib.figure import Figure

from course import painmap
from course.painmap.drawing import owned_artists, source_choices
from course.painmap.regions import CHART_LIMITS, VIEWS

from ...support import MemoryWindow

EVENTS = 10_000
SEED = 20261121


def count_figures() -> int:
    return sum(isinstance(obj, Figure) for obj in gc.get_objects())


def exercise_event(rng: random.Random, ex, descriptor_ids, overlay_ids, region_keys) -> None:
    roll = rng.random()
    if roll < 0.45:
        x = rng.uniform(*CHART_LIMITS["x"])
        y = rng.uniform(*CHART_LIMITS["y"])
        ex.click(rng.choice(VIEWS), x, y)
    elif roll < 0.75:
        box = ex.boxes[rng.choice(descriptor_ids)]
        box.value = not box.value
    elif roll < 0.88:
        ex.checklist.value = tuple(rng.sample(region_keys, rng.randint(0, 4)))
    elif roll < 0.97:
        ex.overlay.value = rng.choice(overlay_ids)
    else:
        ex.clear()


def compare_event(rng: random.Random, widget, source_ids) -> None:
    if rng.random() < 0.5:
        widget.first.value = rng.choice(source_ids)
    else:
        widget.second.value = rng.choice(["", *source_ids])


@pytest.mark.slow
def test_ten_thousand_random_events_leave_the_widgets_intact():
    rng = random.Random(SEED)
    ex = painmap.where_from(interactive=True)
    widget = painmap.compare(interactive=True)
    figures = [ex.figure, *(panel.figure for panel in widget.panels)]
    owned = [owned_artists(f) for f in figures]
    descriptor_ids = list(ex.boxes)
    overlay_ids = [value for _label, value in ex.overlay.options]
    region_keys = [value for _label, value in ex.checklist.options]
    source_ids = [value for _label, value in source_choices()]
    gc.collect()
    n_figures = count_figures()
    memory = MemoryWindow(EVENTS)
    for event in range(EVENTS):
        memory.tick(event)
        if rng.random() < 0.7:
            exercise_event(rng, ex, descriptor_ids, overlay_ids, region_keys)
        else:
            compare_event(rng, widget, source_ids)
        if event % 2500 == 0:
            for figure in figures:
                figure.canvas.draw()  # the restyled artists still render
        # the state the widgets show is always consistent
        if ex.ranking is None:
            assert ex.message and escape(ex.message) in ex.ranking_html.value
        else:
            assert ex.ranking.regions == tuple(dict.fromkeys(r for r, _s in ex.marked))
    grown = memory.close()
    assert [owned_artists(f) for f in figures] == owned
    assert count_figures() == n_figures
    limit = memory.bound(5_000_000)  # 5 MB over the whole run
    assert grown < limit, f"memory grew by {grown / 1e3:.0f} kB over {memory.traced} events"
    assert ex.describe() and widget.describe()
