"""The kept backdrop and foreground: the same pixels as a full draw; other renderers and sizes
draw as usual."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from course.backdrop import Foreground
from course.painmap.drawing import chart_figure
from course.painmap.sources import pain_source


def pixels(figure) -> np.ndarray:
    FigureCanvasAgg.draw(figure.canvas)
    return np.asarray(figure.canvas.buffer_rgba()).copy()


def painted(source_id: str):
    chart = chart_figure(marks=True)
    chart.chart.paint(pain_source(source_id))
    chart.chart.show_marks({("heel", "right"), ("groin", "left")})
    return chart


def uncached(chart):
    """``chart`` with the backdrop and foreground caches taken off: every artist draws itself."""
    chart.figure.patch.draw = chart.backdrop._draw_patch
    for artist in chart.backdrop.artists + chart.chart.foreground:
        del artist.draw  # back to the class's own draw
    for artist in list(chart.figure.artists):
        if isinstance(artist, Foreground):
            artist.remove()
    return chart


def test_kept_layers_draw_the_same_pixels_as_drawing_every_artist():
    cached = painted("sij_referral")
    first = pixels(cached.figure)  # paints both layers and keeps them
    foreground = next(a for a in cached.figure.artists if isinstance(a, Foreground))
    assert cached.backdrop.pastes == 0 and foreground.pastes == 0
    cached.chart.paint(pain_source("radicular_l5"))
    pixels(cached.figure)
    cached.chart.paint(pain_source("sij_referral"))
    again = pixels(cached.figure)
    assert cached.backdrop.pastes == 2 and foreground.pastes == 2
    assert np.array_equal(first, again)
    plain = pixels(uncached(painted("sij_referral")).figure)
    difference = np.abs(plain.astype(int) - again)
    assert difference.max() <= 1  # rounding in the blend of the laid-over layer, nothing else
    assert (difference.max(axis=2) > 0).mean() < 0.001


def test_a_new_size_or_a_vector_format_draws_the_backdrop_itself():
    chart = painted("facet_referral")
    pixels(chart.figure)
    chart.figure.savefig(io.BytesIO(), format="png", dpi=50)  # another size: drawn, then kept
    assert chart.backdrop.pastes == 0
    chart.figure.savefig(io.BytesIO(), format="png", dpi=50)
    assert chart.backdrop.pastes == 1
    svg = io.StringIO()
    chart.figure.savefig(svg, format="svg")
    outlines = len(chart.backdrop.artists)
    assert svg.getvalue().count("<path") > outlines  # every artist is in the SVG
    assert chart.backdrop.pastes == 1
    chart.figure.set_facecolor("#eeeeee")  # a changed background is not pasted over
    pixels(chart.figure)
    assert chart.backdrop.pastes == 1
