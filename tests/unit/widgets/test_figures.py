"""FigureView: when the ipympl canvas sends its image, and the PNG view's refresh."""

from __future__ import annotations

import json

import pytest
from matplotlib.figure import Figure

from course import figures

pytest.importorskip("ipympl.backend_nbagg")


@pytest.fixture
def view_and_messages():
    """An ipympl FigureView whose messages to the browser are recorded instead of sent."""
    figure = figures.new_figure(3, 2)
    figure.add_subplot().plot([0, 1], [0, 1])
    view = figures.FigureView(figure, interactive=True)
    sent: list[tuple[dict, list]] = []
    view.canvas.send = lambda content, buffers=None: sent.append((content, buffers or []))
    return view, sent


def _kinds(sent: list[tuple[dict, list]]) -> list[str]:
    return [json.loads(content["data"])["type"] for content, _ in sent if "data" in content]


def test_before_the_browser_view_is_ready_refresh_asks_it_to_fetch_the_image(view_and_messages):
    view, sent = view_and_messages
    assert not view.front_end_ready
    view.refresh()
    assert _kinds(sent) == ["draw"], "run-all: the view asks for the image when it exists"
    assert not any(buffers for _, buffers in sent), "no image is pushed to a view not yet there"


def test_once_the_view_is_ready_refresh_pushes_the_image_at_once(view_and_messages):
    view, sent = view_and_messages
    view.canvas._handle_message(view.canvas, {"type": "initialized"}, [])
    assert view.front_end_ready
    sent.clear()
    view.figure.axes[0].lines[0].set_color("#D55E00")
    view.refresh()
    assert "binary" in _kinds(sent) and "draw" not in _kinds(sent)
    assert any(buffers for _, buffers in sent), "the rendered image travels with the message"


def test_the_png_view_refresh_replaces_the_image():
    figure = figures.new_figure(3, 2)
    axes = figure.add_subplot()
    (line,) = axes.plot([0, 1], [0, 1])
    view = figures.FigureView(figure, interactive=False)
    assert not view.front_end_ready
    before = view.widget.value
    line.set_color("#D55E00")
    view.refresh()
    after = bytes(view.widget.value)
    assert after != bytes(before) and after.startswith(b"\x89PNG")


# --------------------------------------------------------------------------- glyph outlines


@pytest.mark.parametrize("text", ["51.7%", "LR 4.29", "post-test 99.9%", "AVATAR To", "0.001"])
@pytest.mark.parametrize("weight", ["normal", "bold"])
def test_glyph_paths_put_together_per_character_match_matplotlib_text_paths(text, weight):
    """The per-character outlines land where matplotlib's own layout puts them (< 0.1 pt)."""
    import numpy as np
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    ours = figures.glyph_path(text, 9, "left", "baseline", weight)
    theirs = TextPath((0, 0), text, size=9, prop=FontProperties(size=9, weight=weight))
    assert ours.vertices.shape == theirs.vertices.shape
    assert list(ours.codes) == list(theirs.codes)
    assert np.abs(ours.vertices - theirs.vertices).max() < 0.1
    # right alignment ends the line where its advances end (the last glyph's side bearing too)
    right = figures.glyph_path(text, 9, "right", "baseline", weight)
    shift = (ours.vertices - right.vertices)[:, 0]
    assert np.ptp(shift) < 1e-9 and shift[0] > ours.vertices[:, 0].max() - 1e-9


def test_glyph_paths_of_blank_and_multi_line_text():
    empty = figures.glyph_path("   ", 8, "center", "center", "normal")
    assert len(empty.vertices) == 1  # nothing to draw, still a valid path
    two = figures.glyph_path("Pre-test\nprobability (%)", 9.5, "center", "bottom", "bold")
    one = figures.glyph_path("Pre-test", 9.5, "center", "bottom", "bold")
    assert two.vertices[:, 1].max() > one.vertices[:, 1].max()  # 'bottom' lifts the first line


def test_the_quick_screen_png_shows_the_same_pixels_as_savefig():
    import io

    import numpy as np
    from PIL import Image

    figure = figures.new_figure(3, 2)
    figure.add_subplot().plot([0, 1], [0, 1], color=figures.HIGHLIGHT)
    quick = figures.screen_png(figure)
    assert quick.startswith(b"\x89PNG")
    ours = np.asarray(Image.open(io.BytesIO(quick)).convert("RGBA"))
    theirs = np.asarray(Image.open(io.BytesIO(figures.png_bytes(figure))).convert("RGBA"))
    assert ours.shape == theirs.shape == (200, 300, 4)
    assert (ours == theirs).all()


@pytest.mark.parametrize("interactive", [False, True])
def test_a_click_reaches_the_course_handler_without_matplotlib_walking_every_artist(
    interactive, monkeypatch
):
    walked = []
    monkeypatch.setattr(Figure, "pick", lambda self, event: walked.append(event))
    figure = figures.new_figure(2, 2)
    axes = figure.add_subplot()
    view = figures.FigureView(figure, interactive=interactive)
    clicks = []
    view.on_click(lambda ax, x, y: clicks.append((x, y)))
    view.click(axes, 0.5, 0.25)
    assert clicks == [(pytest.approx(0.5), pytest.approx(0.25))]
    assert walked == [], "the course sets no pickers: matplotlib's pick walk is not run"
