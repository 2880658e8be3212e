"""Fuzz the anatomy explorer, with its procedure-site overlays, with 10 000 seeded random events.

Every control a student has is driven: the depth, the side, labels and zones, the procedure-site
overlay, the structure box (whole names and parts of names in any case, typed or submitted with
Enter), clicks on random points of the figure and on structures and sites on both sides,
clearing, the find-the-structure quiz (started, answered right or wrong, advanced, ended) and
the pick-the-safer-site check, and the base's undo and reset. A disabled control is left alone,
as a student cannot use it.

No event may raise; the figure keeps exactly its artists (restyled, never rebuilt); no new
figure appears; memory stays bounded; and after every event what the explorer shows matches its
state: the controls, the structures drawn, the sites of the chosen overlay and nothing else,
the key and the names of a blind check, the description and the info panel naming the
selection, and which quiz buttons are live. (This replaces the shorter fuzz that
test_explorer.py held, and keeps its checks: constant artists and axes children, no new
figure, under 2 MB grown after the first 1 000 events.)
"""

from __future__ import annotations

import gc
import random
import tracemalloc
from html import escape

import numpy as np
import pytest
from matplotlib.figure import Figure

from course import words
from course.anatomy import Explorer, explore
from course.anatomy.drawing import X_RANGE, Y_RANGE
from course.anatomy.explorer import NO_SELECTION
from course.records import LAYERS

EVENTS = 10_000
SEED = 20261201
WARM_UP = 1_000
"""Events before the memory baseline and the figure count are taken (caches fill first)."""


def count_figures() -> int:
    gc.collect()
    return sum(isinstance(obj, Figure) for obj in gc.get_objects())


def owned_artists(explorer: Explorer) -> list:
    """Every artist the explorer's figure owns (not matplotlib's own ticks, which come and go
    with drawing): the figure's artists and texts, each axes and its patches, collections,
    texts, lines and artists. The objects themselves, so that a rebuilt artist is caught even
    when the count stays the same."""
    figure = explorer.drawing.figure
    owned = [*figure.artists, *figure.texts]
    for ax in figure.axes:
        owned += [ax, *ax.patches, *ax.collections, *ax.texts, *ax.lines, *ax.artists]
    return owned


def kept_bytes(still) -> int:
    """Bytes of pixels a :class:`course.still.StillLayer` keeps now."""
    return sum(np.asarray(pixels).nbytes for _group, pixels in still._kept.values())


def random_case(rng: random.Random, text: str) -> str:
    """``text`` in a random case: lower, upper, or each letter flipped at random."""
    how = rng.randrange(3)
    if how == 0:
        return text.lower()
    if how == 1:
        return text.upper()
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text)


def part_of(rng: random.Random, name: str) -> str:
    """A random stretch of ``name`` (at least two characters), in a random case."""
    start = rng.randrange(len(name) - 1)
    end = rng.randint(start + 2, len(name))
    return random_case(rng, name[start:end])


class Student:
    """Sends random events to one explorer, as a student clicking about would."""

    def __init__(self, explorer: Explorer, rng: random.Random):
        self.ex = explorer
        self.rng = rng
        self.names = list(explorer.picker.options)
        self.structure_anchors = {
            i: explorer.scene.geometry.shapes[i].outline.anchor for i in explorer.scene.ids
        }
        self.site_anchors = {
            i: tuple(site.anchor) for i, site in explorer.scene.sites.records.items()
        }
        self.kinds = [value for _label, value in explorer.overlay.options]

    def event(self) -> None:
        ex, rng = self.ex, self.rng
        roll = rng.random()
        if roll < 0.07:
            ex.depth.value = rng.choice(LAYERS)
        elif roll < 0.12:
            ex.side.value = rng.choice(["right", "left"])
        elif roll < 0.15:
            if not ex.labels.disabled:
                ex.labels.value = not ex.labels.value
        elif roll < 0.18:
            ex.zones.value = not ex.zones.value
        elif roll < 0.26:
            if not ex.overlay.disabled:
                ex.overlay.value = rng.choice(self.kinds)
        elif roll < 0.36:
            self.type_in_the_box()
        elif roll < 0.50:  # anywhere on the figure, on either side
            ex.click(rng.uniform(*X_RANGE), rng.uniform(*Y_RANGE))
        elif roll < 0.60:  # on a structure: picks it, or answers the quiz
            ex.click(*self.structure_anchors[rng.choice(ex.scene.ids)])
        elif roll < 0.66:  # on a procedure site, whether its overlay shows or not
            ex.click(*self.site_anchors[rng.choice(list(self.site_anchors))])
        elif roll < 0.69:
            self.press(ex.clear)
        elif roll < 0.74:
            self.press(ex.quiz_button)
        elif roll < 0.78:
            self.press(ex.site_button)
        elif roll < 0.85:
            self.press(ex.next_button)
        elif roll < 0.89:
            self.press(ex.stop_button)
        elif roll < 0.92:
            ex.select(rng.choice([None, *ex.scene.ids]))
        elif roll < 0.98:
            ex.undo()
        else:
            ex.reset()

    def press(self, button) -> None:
        if not button.disabled:
            button.click()

    def type_in_the_box(self) -> None:
        """A whole name or part of one, in any case, left in the box or submitted with Enter;
        sometimes nothing, or words that match no structure."""
        ex, rng = self.ex, self.rng
        if ex.picker.disabled:
            return
        roll = rng.random()
        if roll < 0.3:
            text = random_case(rng, rng.choice(self.names))
        elif roll < 0.8:
            text = part_of(rng, rng.choice(self.names))
        elif roll < 0.9:
            text = ""
        else:
            text = rng.choice(["not a structure", "zz", "  "])
        if rng.random() < 0.5:
            ex.picker.value = text  # typed: a whole name picks, a part lists its matches
        else:
            ex.search(text)  # typed and Enter: one match picks it


def assert_consistent(ex: Explorer) -> None:
    """What the explorer shows is what its state says."""
    state, scene, drawing = ex.state, ex.scene, ex.drawing
    for name in ("depth", "side", "labels", "zones", "overlay"):
        assert getattr(ex, name).value == getattr(state, name), name
    cut = LAYERS.index(state.depth)
    drawn = [i for i in scene.ids if LAYERS.index(scene.layers[i]) >= cut]
    assert sorted(ex.visible_structures()) == sorted(drawn)
    # the sites shown are exactly those of the chosen overlay, named or blind as the state says
    wanted = scene.sites.of_kind(state.overlay) if state.overlay else []
    assert ex.visible_sites() == wanted
    for ident, (_patch, label) in drawing.sites.items():
        on = ident in wanted
        assert label.get_visible() == (on and not state.blind), ident
        assert drawing.blind_names[ident].get_visible() == (on and state.blind), ident
    for kind, key in drawing.site_keys.items():
        assert key.get_visible() == (kind == state.overlay and not state.blind), kind
    assert not state.blind or state.overlay == "injection"
    # the description and the info panel name the selection
    text = ex.describe()
    if state.highlight:
        name = scene.names[state.highlight]
        assert f"Selected: {name} (" in text
        assert escape(name) in ex.info.value
    else:
        assert "Nothing selected." in text
        assert ex.info.value == NO_SELECTION
    if state.overlay:
        assert f"Overlay: {words.SITE_KIND[state.overlay]} ({len(wanted)})" in text
        for ident in wanted:
            assert scene.sites.records[ident].name in text
    else:
        assert "Overlay:" not in text
    assert escape(text.splitlines()[-1]) in ex.caption.value
    # the quiz buttons and the locked controls follow the quiz step
    quizzing = bool(state.quiz)
    assert ex.labels.disabled == ex.picker.disabled == quizzing
    assert ex.overlay.disabled == state.blind
    assert ex.next_button.disabled == (state.quiz != "answered")
    assert ex.stop_button.disabled == (not quizzing)
    # a quiz or a check runs exactly when the state says one does
    assert quizzing == (ex.quiz is not None or ex.site_question is not None)
    assert state.blind == (ex.site_question is not None and state.quiz == "asking")


@pytest.mark.slow
def test_ten_thousand_random_events_leave_the_explorer_whole_and_consistent(tmp_path):
    explorer = explore(interactive=True, quiz_seed=3, progress_path=tmp_path / "progress.json")
    student = Student(explorer, random.Random(SEED))
    owned = owned_artists(explorer)
    artists = explorer.drawing.artist_count()
    children = len(explorer.drawing.axes.get_children())
    overlays_seen = set()
    quiz_steps_seen = set()
    for _ in range(WARM_UP):
        student.event()
        assert_consistent(explorer)
    explorer.drawing.figure.canvas.draw()
    open_figures = count_figures()
    still = explorer.drawing.still
    tracemalloc.start()
    gc.collect()
    start = tracemalloc.get_traced_memory()[0]
    kept_at_start = kept_bytes(still)
    for event in range(WARM_UP, EVENTS):
        student.event()
        assert_consistent(explorer)
        overlays_seen.add((explorer.state.overlay, explorer.state.blind))
        quiz_steps_seen.add(explorer.state.quiz)
        if event % 2500 == 0:
            explorer.drawing.figure.canvas.draw()  # the restyled artists still render
    gc.collect()
    # the still layer's copies of its pixels (about 2 MB each) fill up to their bound as the
    # draws meet new views: that cache is bounded, not grown by the events
    assert len(still._kept) <= still.keep
    grown = tracemalloc.get_traced_memory()[0] - start - (kept_bytes(still) - kept_at_start)
    tracemalloc.stop()
    current = owned_artists(explorer)
    assert len(current) == len(owned)
    assert all(a is b for a, b in zip(current, owned, strict=True)), "an artist was rebuilt"
    assert explorer.drawing.artist_count() == artists
    assert len(explorer.drawing.axes.get_children()) == children
    assert count_figures() == open_figures
    assert grown < 2_000_000, f"memory grew by {grown / 1e6:.1f} MB over {EVENTS} events"
    # the fuzz reached every overlay, the blind check and every quiz step
    assert overlays_seen >= {("", False), ("injection", False), ("pressure", False)}
    assert ("injection", True) in overlays_seen
    assert quiz_steps_seen == {"", "asking", "answered"}
    assert explorer.events_applied > EVENTS // 2
    assert explorer.progress.load(), "quiz and check answers were recorded"
