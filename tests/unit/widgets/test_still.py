"""The one cache of still pixels (course.still.StillLayer): it pastes back exactly what drawing
every artist gives, and paints again for a new size or dpi, a restyled or shown/hidden still
artist, a changed background and on request; vector output draws every artist itself."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection

from course import figures
from course.painmap.drawing import chart_figure
from course.painmap.sources import pain_source
from course.still import StillLayer

# --------------------------------------------------------------------------- a small figure


def _still_figure(keep: int = 2):
    figure = figures.new_figure(3, 2)
    axes = figure.add_subplot()
    ticks = LineCollection([[(x, 0), (x, 1)] for x in np.linspace(0, 1, 30)], colors="black")
    axes.add_collection(ticks)
    (moving,) = axes.plot([0, 1], [0.2, 0.8], color=figures.HIGHLIGHT, lw=3)
    layer = StillLayer(figure, [ticks, axes.xaxis, axes.yaxis, *axes.spines.values()], keep=keep)
    return figure, ticks, moving, layer


def _pixels(figure):
    figure.canvas.draw()
    return np.asarray(figure.canvas.buffer_rgba()).copy()


def test_the_still_layer_copies_back_the_same_pixels_it_painted():
    figure, _ticks, moving, layer = _still_figure()
    painted = _pixels(figure)
    assert layer.paints == 1
    assert (_pixels(figure) == painted).all(), "copying back must give the very same image"
    assert layer.paints == 1
    moving.set_ydata([0.9, 0.1])  # what moves is drawn on top of the copied pixels
    moved = _pixels(figure)
    assert layer.paints == 1 and (moved != painted).any()
    moving.set_ydata([0.2, 0.8])
    assert (_pixels(figure) == painted).all(), "nothing of the old line is left behind"


def test_the_still_layer_paints_again_after_a_change_of_size_or_of_a_still_artist():
    figure, ticks, _moving, layer = _still_figure(keep=1)  # one size kept
    _pixels(figure)
    figures.png_bytes(figure, dpi=50)  # another size: painted for it
    assert layer.paints == 2
    _pixels(figure)  # and again at the screen size
    assert layer.paints == 3
    ticks.set_color("red")  # a still artist changed: it is marked stale
    _pixels(figure)
    assert layer.paints == 4
    layer.invalidate()
    _pixels(figure)
    assert layer.paints == 5
    svg = io.StringIO()
    figure.savefig(svg, format="svg")  # vector output draws the still artists itself
    assert svg.getvalue().count("<path") > 30


def test_by_default_the_screen_size_and_one_export_size_are_both_kept():
    figure, _ticks, _moving, layer = _still_figure()
    _pixels(figure)
    figures.png_bytes(figure, dpi=50)
    _pixels(figure)  # back at the screen size: pasted, not painted
    assert layer.paints == 2 and layer.pastes == 1


def test_hiding_a_still_artist_is_another_key_and_showing_it_again_pastes():
    figure, ticks, _moving, layer = _still_figure()
    shown = _pixels(figure)
    ticks.set_visible(False)
    hidden = _pixels(figure)
    assert layer.paints == 2 and (hidden != shown).any()
    ticks.set_visible(True)
    assert (_pixels(figure) == shown).all()
    assert layer.paints == 2 and layer.pastes == 1


def test_groups_keep_the_pixels_under_a_restyled_group():
    figure = figures.new_figure(3, 2)
    axes = figure.add_subplot()
    low = LineCollection([[(x, 0), (x, 1)] for x in np.linspace(0, 1, 20)], colors="black")
    high = LineCollection([[(0, y), (1, y)] for y in np.linspace(0, 1, 20)], colors="grey")
    high.set_zorder(3)
    axes.add_collection(low)
    axes.add_collection(high)
    reference = _pixels(figure)
    layer = StillLayer(figure, [[low, axes.xaxis, axes.yaxis], [high]], keep=4)
    assert (_pixels(figure) == reference).all()
    assert layer.paints == 1 and len(layer._kept) == 2  # the pixels after each group
    high.set_color("red")  # the top group changed: the bottom group's pixels are pasted
    restyled = _pixels(figure)
    assert layer.paints == 2 and len(layer._kept) == 2
    high.set_color("grey")
    assert (_pixels(figure) == reference).all()
    assert (restyled != reference).any()


def test_a_released_layer_leaves_every_artist_drawing_itself():
    figure, _ticks, _moving, layer = _still_figure()
    painted = _pixels(figure)
    layer.release()
    assert layer not in figure.artists
    assert (_pixels(figure) == painted).all()
    assert layer.paints == 1 and layer.pastes == 0


def test_the_figure_background_is_kept_with_the_still_pixels_and_not_painted_under_a_paste():
    figure, _ticks, _moving, layer = _still_figure()
    plain = _pixels(figure)  # painted: the background first, then the still artists
    painted_again = layer._background_draw
    calls = []
    layer._background_draw = lambda renderer: (calls.append(1), painted_again(renderer))
    assert (_pixels(figure) == plain).all() and calls == [], "a paste covers the background"
    assert layer.pastes == 1
    figure.patch.set_facecolor("yellow")  # another background is another key: painted again
    yellow = _pixels(figure)
    assert calls == [1] and layer.paints == 2 and (yellow != plain).any()
    layer.release()
    assert "draw" not in vars(figure.patch), "the background draws itself again"
    assert (_pixels(figure) == yellow).all()


def _stacked_figure(still: bool, background: bool = True):
    """Three overlapping squares, low to high (the top one see-through and hatched), a live
    disc between the low two and a line over all; with ``still`` the squares are a StillLayer's
    two groups."""
    from matplotlib.patches import Circle, Rectangle

    figure = figures.new_figure(3, 2)
    figure.patch.set_visible(background)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    low = Rectangle((0.1, 0.1), 0.5, 0.6, facecolor="tab:blue", zorder=1)
    middle = Rectangle((0.3, 0.2), 0.3, 0.3, facecolor="tab:green", zorder=3)
    high = Rectangle((0.4, 0.3), 0.5, 0.6, facecolor="tab:orange", alpha=0.4, hatch="//", zorder=5)
    for patch in (low, middle, high):
        axes.add_patch(patch)
    disc = axes.add_patch(Circle((0.45, 0.45), 0.2, facecolor=figures.HIGHLIGHT, lw=3, zorder=2))
    axes.axhline(0.5, color="black", zorder=10)
    layer = StillLayer(figure, [[low], [middle, high]]) if still else None
    if layer is not None:
        layer.add_live(disc)
    return figure, disc, middle, layer


def _same_picture(one, other) -> None:
    difference = np.abs(_pixels(one).astype(int) - _pixels(other))
    assert difference.max() <= 1  # rounding at the edge of the live artist's box only
    assert (difference.max(axis=2) > 0).mean() < 0.001


def test_a_live_artist_is_drawn_in_its_place_among_the_still_ones_without_painting_them():
    for background in (True, False):  # a hidden background: its box starts from clear pixels
        cached, disc, _middle, layer = _stacked_figure(True, background)
        plain, plain_disc, _, _ = _stacked_figure(False, background)
        _same_picture(cached, plain)
        assert layer.paints == 1
        for change in (
            lambda d: d.set_center((0.7, 0.6)),  # moved: drawn in its new box, none left behind
            lambda d: d.set_facecolor("black"),
            lambda d: d.set_radius(0.05),
            lambda d: d.set_visible(False),
            lambda d: d.set_visible(True),
        ):
            change(disc)
            change(plain_disc)
            _same_picture(cached, plain)
        assert layer.paints == 1 and layer.pastes == 5, "the squares were only pasted"
        assert layer.live_paints == 5  # the disc was painted in its box (hidden: nothing)
        for figure in (cached, plain):  # only the line over everything changes
            figure.axes[0].lines[0].set_visible(False)
        _same_picture(cached, plain)
        assert layer.live_paints == 5, "the disc's box as last drawn was put back"


def test_a_live_artist_stands_in_for_a_still_one_wherever_the_figure_is_drawn():
    cached, disc, middle, layer = _stacked_figure(True)
    bare, _bare_disc, bare_middle, _ = _stacked_figure(False)
    bare_middle.remove()  # what standing in for the middle square must look like
    no_disc, hidden_disc, _, _ = _stacked_figure(False)
    hidden_disc.set_visible(False)
    _pixels(cached)
    layer.stand_in(disc, middle)
    _same_picture(cached, bare)
    assert layer.paints == 1
    svg = io.StringIO()
    cached.savefig(svg, format="svg")
    bare_svg = io.StringIO()
    bare.savefig(bare_svg, format="svg")
    assert svg.getvalue().count("<path") == bare_svg.getvalue().count("<path")
    disc.set_visible(False)  # it stands in only while shown
    _same_picture(cached, no_disc)
    assert layer.paints == 1
    disc.set_visible(True)
    layer.release()  # a released layer keeps the stand-in
    _same_picture(cached, bare)
    layer.stand_in(disc, None)
    assert (_pixels(cached) != _pixels(bare)).any(), "the middle square is drawn again"


def test_only_a_patch_or_line_beside_the_still_ones_can_be_live():
    figure, ticks, moving, layer = _still_figure()
    with pytest.raises(ValueError, match="still artist"):
        layer.add_live(ticks)
    with pytest.raises(TypeError, match="patch or a line"):
        layer.add_live(figure.text(0.5, 0.5, "a word"))
    with pytest.raises(ValueError, match="not a live artist"):
        layer.stand_in(moving, ticks)
    layer.add_live(moving)
    with pytest.raises(TypeError, match="patch or line"):
        layer.stand_in(moving, ticks)  # a collection has no single box
    over = StillLayer(figures.new_figure(1, 1), [], over=True)
    with pytest.raises(ValueError, match="over=True"):
        over.add_live(moving)


# --------------------------------------------------------------------------- a body chart


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
    chart.backdrop.release()
    chart.foreground.release()
    return chart


def test_kept_layers_draw_the_same_pixels_as_drawing_every_artist():
    cached = painted("sij_referral")
    first = pixels(cached.figure)  # paints both layers and keeps them
    foreground = cached.foreground
    assert foreground is not None and foreground.over
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
