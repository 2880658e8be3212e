"""No text in any widget figure is smaller than 10 px at 100 % zoom (issue 17, finding 8).

Each widget is driven through the states that show the most text (every layer and side of the
anatomy explorer with labels and zones, pain maps with printed percentages, marks and overlays,
the nomogram over a sweep of thresholds), and every piece of text its figures draw is measured:
size in points × dpi / 72 × the scale the figure is shown at (1: the PNG view and the ipympl
canvas show a figure at its own size).

Each picture also exports its smallest text (the PNG view in its metadata, the ipympl view in a
CSS class), for the browser tests.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from course import figures, painmap
from course.anatomy import explore
from course.figures import MIN_TEXT_PT, MIN_TEXT_PX, figure_texts, text_px
from course.hypothesis.widget import HypothesisExplorer
from course.labels import LabelLayer
from course.painmap.drawing import SCALE_WEIGHTS, fill_alpha, scale_note
from course.quiz.summary import ProgressView
from course.records import LAYERS
from course.style import FIGURE_TEXT_CLASS, SMALLEST_TEXT_KEY
from course.widgets import CourseWidget


def too_small(figure) -> list[tuple[str, float]]:
    """The texts of ``figure`` below the minimum, with their size in px."""
    texts = figure_texts(figure)
    assert texts, "a widget figure with no text at all: the measurement found nothing"
    return [(text, round(px, 1)) for text, px in texts if px < MIN_TEXT_PX]


def test_the_minimum_font_size_is_ten_pixels_at_the_course_dpi():
    assert text_px(MIN_TEXT_PT, 100) >= MIN_TEXT_PX
    assert text_px(7.2, 100) == pytest.approx(10.0)
    assert text_px(7.5, 100, scale=0.5) < MIN_TEXT_PX  # a figure shown at half size would not do


def test_pain_map_text_is_readable_percentages_landmarks_legend_and_footer():
    compare = painmap.compare("sij_referral", "dermatome_l5", interactive=False)
    seen = set()
    for first, second in [
        ("sij_referral", "dermatome_l5"),
        ("radicular_l5", "hip_joint_referral"),
        ("facet_referral", None),
    ]:
        compare.select(first, second)
        for panel in compare.panels:
            assert too_small(panel.figure) == []
            seen |= {text for text, _px in figure_texts(panel.figure)}
    # the measurement covers the parts the review found at 6-8 px
    assert {"PSIS", "GT", "IT", "ASIS"} <= seen
    assert any(text.endswith("%") for text in seen)  # region percentages
    assert "% of patients:" in seen and "key" in seen  # the legend's scale
    assert any("left mirrors it" in text for text in seen)  # the footer


def test_the_where_from_figure_text_is_readable():
    exercise = painmap.where_from(interactive=False)
    exercise.mark("posterior_thigh")
    exercise.mark("groin", "left")
    for overlay in ("radicular_s1", "sij_referral", "superior_cluneal"):
        exercise.send(("overlay", overlay))
        assert too_small(exercise.figure) == []


def test_two_maps_side_by_side_share_a_scale_or_say_why_not():
    compare = painmap.compare("radicular_l5", "sij_referral", interactive=False)  # both % of
    footers = [panel.footer.get_text() for panel in compare.panels]
    assert not any("different measures" in f for f in footers)
    shades = [panel.legend.boxes.get_facecolor()[:, 3] for panel in compare.panels]
    assert list(shades[0]) == pytest.approx(list(shades[1]))  # one scale: same shades
    assert list(shades[0]) == pytest.approx([fill_alpha(w) for w in SCALE_WEIGHTS])
    compare.select("radicular_l5", "facet_referral")  # % of patients against a teaching weight
    note = scale_note(("proportion", "consistency"))
    for panel in compare.panels:  # said on both figures, and the unchanged map was redrawn
        assert note in panel.footer.get_text()
    assert "% of patients / teaching weight" in note
    compare.select("facet_referral", None)  # one map: nothing to compare
    assert "different measures" not in compare.panels[0].footer.get_text()


@pytest.mark.slow  # about 5 s: every layer and side of the explorer is drawn
def test_the_anatomy_explorer_text_is_readable_on_every_layer(tmp_path):
    explorer = explore(interactive=False, progress_path=tmp_path / "p.json")
    explorer.send({"zones": True, "labels": True})
    for side in ("right", "left"):
        for layer in LAYERS:
            explorer.send({"depth": layer, "side": side})
            assert too_small(explorer.figure) == [], (side, layer)
    explorer.select("piriformis")
    assert too_small(explorer.figure) == []


def test_the_nomogram_text_is_readable_over_a_sweep_of_thresholds():
    explorer = HypothesisExplorer()
    for low, high in [(10, 70), (0, 100), (49, 50), (5, 95)]:
        explorer.thresholds.value = (low, high)
        assert too_small(explorer.figure) == [], (low, high)


def test_the_progress_chart_text_is_readable(tmp_path):
    view = ProgressView(progress_path=tmp_path / "progress.json", interactive=False)
    assert too_small(view.figure) == []


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
