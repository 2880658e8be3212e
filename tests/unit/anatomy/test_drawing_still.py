"""The anatomy figure paints its structures once (course.still.StillLayer): every state of a
seeded walk through the controls shows the pixels of drawing every artist, and going back to a
state pastes instead of paints."""

from __future__ import annotations

import numpy as np
import pytest

from course.anatomy.drawing import AnatomyFigure
from course.anatomy.view import ViewState, posterior_scene
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
    # the second pick pasted the first picture and the skeleton's kept pixels in the boxes of
    # the two structures, and painted only the layers above the skeleton there
    assert cached.still.paints == 2 and cached.still.lifts == 1


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
