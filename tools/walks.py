"""Seeded walks through a widget's controls, shared by the tests and the benchmarks.

A walk is a list of view states, each one control away from the one before, drawn from a
``random.Random(seed)`` so that a test and a benchmark replay exactly the same sequence.
"""

from __future__ import annotations

import random

from course.anatomy.view import SIDES, ViewState, posterior_scene
from course.records import LAYERS

ANATOMY_CONTROLS: tuple[str, ...] = ("depth", "side", "highlight", "labels", "zones")
"""The anatomy explorer's controls a walk changes, one per step."""


def anatomy_states(count: int, seed: int) -> list[ViewState]:
    """``count`` anatomy-explorer states from a seeded walk: each step changes one control
    (peel to a layer, switch side, select a structure or none, labels or zones on/off)."""
    rng = random.Random(seed)
    ids = posterior_scene().ids
    state, states = ViewState(), []
    for _ in range(count):
        control = rng.choice(ANATOMY_CONTROLS)
        if control == "depth":
            state = state.but(depth=rng.choice(LAYERS))
        elif control == "side":
            state = state.but(side=rng.choice(SIDES))
        elif control == "highlight":
            state = state.but(highlight=rng.choice([None, *ids]))
        else:
            state = state.but(**{control: not getattr(state, control)})
        states.append(state)
    return states
