"""Figure text sizes, exported with each picture (issue 17, finding 8): the PNG view records the
smallest text in its metadata and the ipympl view in a CSS class, for the browser tests."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from course import figures
from course.labels import LabelLayer
from course.style import FIGURE_TEXT_CLASS, SMALLEST_TEXT_KEY
from course.widgets import CourseWidget


def _figure():
    figure = figures.new_figure(4, 3)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.text(0.5, 0.5, "twelve", fontsize=12)
    ax.text(0.5, 0.2, "   ", fontsize=3)  # blank: shows nothing, so not counted
    hidden = ax.text(0.1, 0.1, "hidden", fontsize=4)
    hidden.set_visible(False)
    return figure, ax


def test_text_sizes_count_visible_texts_and_glyph_labels():
    figure, ax = _figure()
    assert figures.text_sizes_pt(figure) == [12.0]
    layer = LabelLayer(figure, ax.transAxes, axes=ax)
    layer.add(0.2, 0.2, "small", size=7.5)
    layer.add(0.3, 0.3, "off", size=5, visible=False)
    assert sorted(figures.text_sizes_pt(figure)) == [7.5, 12.0]
    # in pixels at the figure's own resolution, or at another
    assert figures.smallest_text_px(figure) == pytest.approx(7.5 * figure.dpi / 72)
    assert figures.smallest_text_px(figure, dpi=144) == pytest.approx(15.0)


def test_a_figure_without_text_has_no_smallest_size():
    figure = figures.new_figure(2, 2)
    assert figures.text_sizes_pt(figure) == []
    assert figures.smallest_text_px(figure) is None
    assert SMALLEST_TEXT_KEY not in Image.open(io.BytesIO(figures.png_bytes(figure))).text


@pytest.mark.parametrize("encode", [figures.png_bytes, figures.screen_png])
def test_both_png_encoders_record_the_smallest_text(encode):
    figure, _ = _figure()
    text = Image.open(io.BytesIO(encode(figure))).text
    assert float(text[SMALLEST_TEXT_KEY]) == pytest.approx(12 * figure.dpi / 72, abs=0.01)


def test_the_ipympl_view_carries_the_smallest_text_in_a_class_that_follows_it():
    pytest.importorskip("ipympl.backend_nbagg")
    figure, ax = _figure()
    view = figures.FigureView(figure, interactive=True)
    tagged = [c for c in view.widget._dom_classes if c.startswith(FIGURE_TEXT_CLASS)]
    assert tagged == [f"{FIGURE_TEXT_CLASS}-{int(12 * figure.dpi / 72 * 10)}"]
    ax.texts[0].set_fontsize(10)
    view.refresh()
    tagged = [c for c in view.widget._dom_classes if c.startswith(FIGURE_TEXT_CLASS)]
    assert tagged == [f"{FIGURE_TEXT_CLASS}-{int(10 * figure.dpi / 72 * 10)}"]


def test_every_widget_carries_the_course_stylesheet():
    """The focus ring and the wrapping layout ride with each widget's description."""

    class Plain(CourseWidget[int]):
        name = "plain"

        def apply(self, state, event):
            return state + 1

        def render(self, before, after):
            pass

        def describe_state(self, state):
            return f"state {state}"

    widget = Plain(0)
    value = widget.description_view.value
    assert value.startswith("<style>") and ":focus-visible" in value and "state 0" in value
    widget.send("tick")
    assert widget.description_view.value.count("<style>") == 1
