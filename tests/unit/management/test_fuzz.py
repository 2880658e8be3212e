"""Fuzz the exercise-programme widget with 10 000 seeded random events.

No event may raise; every change of state can be undone; what the widget shows always matches
a fresh check of its state (the text and the table name every chosen exercise with its
verdict); memory stays bounded.
"""

from __future__ import annotations

import random

import pytest

from course.management import exercise_programme
from course.words import VERDICT

from ...support import MemoryWindow

EVENTS = 10_000
SEED = 20261130


def random_event(rng: random.Random, w, condition_ids, stage_ids, exercise_ids) -> None:
    roll = rng.random()
    if roll < 0.15:
        w.condition_menu.value = rng.choice(condition_ids)
    elif roll < 0.3:
        w.stage_buttons.value = rng.choice(stage_ids)
    elif roll < 0.6:
        w.pick.value = rng.choice(exercise_ids)
        w.add_button.click()
    elif roll < 0.8:
        w.pick.value = rng.choice(exercise_ids)
        w.remove_button.click()
    elif roll < 0.95:
        w.undo_button.click()
    else:
        w.reset_button.click()


def assert_consistent(w) -> None:
    state = w.state
    assert w.condition_menu.value == state.condition
    assert w.stage_buttons.value == state.stage
    assert len(set(state.exercises)) == len(state.exercises)
    result = w.checked()
    text = w.describe()
    html = w.programme_view.value
    for entry in result.entries:
        sign, word = VERDICT[entry.verdict]
        assert f"{sign} {word}: {entry.exercise.name}." in text
        assert f"{sign} {word}" in html
    assert f"{len(result.conflicts)} conflict(s)" in html or not result.entries


@pytest.mark.slow
def test_ten_thousand_random_events_leave_the_widget_consistent():
    rng = random.Random(SEED)
    w = exercise_programme("gluteal_tendinopathy", "irritable")
    condition_ids = [value for _label, value in w.condition_menu.options]
    stage_ids = [value for _label, value in w.stage_buttons.options]
    exercise_ids = [value for _label, value in w.pick.options]
    memory = MemoryWindow(EVENTS)
    for event in range(EVENTS):
        memory.tick(event)
        random_event(rng, w, condition_ids, stage_ids, exercise_ids)
        if event % 50 == 0:
            assert_consistent(w)
    grown = memory.close()
    assert_consistent(w)
    limit = memory.bound(5_000_000)  # 5 MB over the whole run
    assert grown < limit, f"memory grew by {grown / 1e3:.0f} kB over {memory.traced} events"
    assert w.events_applied > EVENTS // 4
