"""FigureView: when the ipympl canvas sends its image, and the PNG view's refresh."""

from __future__ import annotations

import json

import pytest

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
