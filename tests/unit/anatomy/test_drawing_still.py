"""The anatomy figure paints its structures once (course.still.StillLayer): every state of a
seeded walk through the controls shows the pixels of drawing every artist, and going back to a
state pastes instead of paints."""

from __future__ import annotations

import numpy as np
import pytest

from course.anatomy.drawing import AnatomyFigure
from course.anatomy.view import ViewState, posterior_scene
from course.style import HIGHLIGHT
from tools.walks import anatomy_states


def _pixels(drawing: AnatomyFigure) -> np.ndarray:
    drawing.figure.canvas.draw()
    return np.asarray(drawing.figure.canvas.buffer_rgba()).astype(int)


@pytest.mark.slow
def test_a_walk_through_the_controls_shows_what_drawing_every_artist_shows():
    scene = posterior_scene()
    cached, plain = AnatomyFigure(scene), AnatomyFigure(scene)
    plain.still.release()
    for state in anatomy_states(40, seed=3):
        cached.apply(state)
        plain.apply(state)
        difference = np.abs(_pixels(cached) - _pixels(plain))
        assert difference.max() <= 1, state  # rounding at the edge of a repainted box only
        assert (difference.max(axis=2) > 0).mean() < 0.001, state
    assert cached.still.pastes > 0 and cached.still.paints > 0


def test_peeling_and_selecting_then_going_back_pastes_the_kept_pixels():
    drawing = AnatomyFigure(posterior_scene())
    first = ViewState(depth="skin_fascia")
    drawing.apply(first)
    painted = _pixels(drawing)
    for state in (first.but(depth="deep"), first.but(highlight="piriformis"), first):
        drawing.apply(state)
        again = _pixels(drawing)
    assert np.array_equal(again, painted), "back where it started: the very same pixels"
    paints = drawing.still.paints
    drawing.apply(first.but(depth="deep"))
    _pixels(drawing)
    drawing.apply(first.but(highlight="piriformis"))
    _pixels(drawing)
    assert drawing.still.paints == paints, "states seen before are pasted, not painted"


def test_selecting_another_small_structure_repaints_its_box_over_the_kept_layers():
    scene = posterior_scene()
    cached, plain = AnatomyFigure(scene), AnatomyFigure(scene)
    plain.still.release()
    for pick in ("quadratus_femoris", "hamstring_origin"):  # two small deep structures
        state = ViewState(depth="skin_fascia", highlight=pick)
        cached.apply(state)
        plain.apply(state)
        difference = np.abs(_pixels(cached) - _pixels(plain))
        assert difference.max() <= 1, pick  # rounding at the edge of a repainted box only
        assert (difference.max(axis=2) > 0).mean() < 0.001, pick
    # the second pick pasted the first picture: the selection is a live artist drawn in its box
    # over the kept pixels of the layers under it, so the still structures were painted once
    assert cached.still.paints == 1 and cached.still.pastes == 1


def test_labels_and_zones_are_drawn_over_the_kept_structures():
    drawing = AnatomyFigure(posterior_scene())
    drawing.apply(ViewState(labels=False, zones=False))
    bare = _pixels(drawing)
    paints = drawing.still.paints
    drawing.apply(ViewState(labels=True, zones=True))
    dressed = _pixels(drawing)
    assert drawing.still.paints == paints, "the structures under them did not change"
    assert (dressed != bare).any()


def test_vector_output_draws_every_structure_itself():
    import io

    drawing = AnatomyFigure(posterior_scene())
    drawing.apply(ViewState(depth="skin_fascia"))
    _pixels(drawing)
    svg = io.StringIO()
    drawing.figure.savefig(svg, format="svg")
    shown = len(drawing.visible_structures())
    assert svg.getvalue().count("<path") > shown


def test_selecting_after_the_first_draw_never_paints_the_still_layer_again():
    """Selecting, deselecting and reselecting (a bone under every layer, a nerve drawn as a
    line, the top muscle) and the labels and zones toggles only paste the kept pixels; the
    selection is drawn over them in its place in the stack, as drawing every artist draws it."""
    scene = posterior_scene()
    cached, plain = AnatomyFigure(scene), AnatomyFigure(scene)
    plain.still.release()
    start = ViewState(depth="skin_fascia")
    for drawing in (cached, plain):
        drawing.apply(start)
        _pixels(drawing)
    paints = cached.still.paints
    picks = ("femur", "sciatic_nerve", None, "gluteus_maximus", "piriformis", None)
    states = [start.but(highlight=pick) for pick in picks]
    states += [states[-2].but(labels=False), states[-2].but(labels=False, zones=True)]
    for state in states:
        cached.apply(state)
        plain.apply(state)
        difference = np.abs(_pixels(cached) - _pixels(plain))
        assert difference.max() <= 1, state  # rounding at the edge of the selection's box
        assert (difference.max(axis=2) > 0).mean() < 0.001, state
    assert cached.still.paints == paints, "no event repainted the still structures"
    assert cached.still.pastes == len(states)
    painted = cached.still.live_paints
    cached.apply(states[-1].but(zones=False))
    _pixels(cached)
    assert cached.still.live_paints == painted, "zones over the selection: its box put back"
    assert cached.selection[1].get_visible() is False  # the nerve's live line, hidden again


def test_the_selection_stands_in_for_its_structure_in_vector_output():
    import io

    drawing = AnatomyFigure(posterior_scene())
    svgs = []
    for pick in (None, "gluteus_maximus"):  # the top muscle: no dashed outline of it is drawn
        drawing.apply(ViewState(depth="superficial_muscle", highlight=pick, labels=False))
        svg = io.StringIO()
        drawing.figure.savefig(svg, format="svg")
        svgs.append(svg.getvalue().lower())
    plain, selected = svgs
    assert selected.count("<path") == plain.count("<path"), "one path for the selected muscle"
    assert HIGHLIGHT.lower() not in plain and HIGHLIGHT.lower() in selected
