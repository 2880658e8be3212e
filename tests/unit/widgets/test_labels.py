"""The one fast label layer (course.labels): many labels, one artist, per-label style."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.path import Path

from course.anatomy.drawing import AnatomyFigure
from course.anatomy.view import ViewState, posterior_scene
from course.figures import glyph_path, new_figure
from course.labels import LabelBox, LabelLayer, boxed_glyph_path


@pytest.fixture
def layer():
    figure = new_figure(4, 3, 100)
    axes = figure.add_axes((0, 0, 1, 1))
    return figure, axes, LabelLayer(figure, axes.transData, axes=axes, halo=False)


def test_many_labels_are_one_collection_with_a_colour_each(layer):
    figure, axes, text = layer
    before = len(axes.get_children())
    first = text.add(0.2, 0.5, "first", colour="red")
    text.add(0.6, 0.5, "second")
    hidden = text.add(0.8, 0.5, "hidden", visible=False)
    assert len(axes.get_children()) == before  # labels add no artists
    figure.canvas.draw()
    assert len(text.collection.get_paths()) == 2
    colours = text.collection.get_facecolor()
    assert tuple(colours[0]) == to_rgba("red") and tuple(colours[1]) == to_rgba(text.colour)
    assert text.texts() == ["first", "second"]
    hidden.set_visible(True)
    first.set_text("")
    assert text.stale
    figure.canvas.draw()
    assert text.texts() == ["second", "hidden"] and not text.stale


def test_a_label_changes_like_a_text(layer):
    _figure, _axes, text = layer
    label = text.add(0.1, 0.2, "Piriformis", ha="right", align="box")
    label.set_position((0.3, 0.4))
    label.set_horizontalalignment("left")
    label.set_fontweight("bold")
    assert label.get_position() == (0.3, 0.4)
    assert label.get_horizontalalignment() == "left" and label.get_fontweight() == "bold"
    assert label.path() is boxed_glyph_path("Piriformis", 6.0, "left", "center", "bold")


def drawn(path: Path) -> np.ndarray:
    """The path's vertices without the (meaningless) ones of CLOSEPOLY codes."""
    return path.vertices if path.codes is None else path.vertices[path.codes != Path.CLOSEPOLY]


def test_box_alignment_centres_the_whole_block_and_text_alignment_the_first_line():
    block = drawn(boxed_glyph_path("Sacrotuberous\nligament", 7.5, "left", "center", "normal"))
    assert (block[:, 1].min() + block[:, 1].max()) / 2 == pytest.approx(0.0, abs=1e-9)
    assert block[:, 0].min() == pytest.approx(0.0, abs=1e-9)
    right = drawn(boxed_glyph_path("Sacrotuberous\nligament", 7.5, "right", "center", "normal"))
    assert right[:, 0].max() == pytest.approx(0.0, abs=1e-9)
    typographic = drawn(glyph_path("Sacrotuberous\nligament", 7.5, "left", "center", "normal"))
    assert (typographic[:, 1].min() + typographic[:, 1].max()) / 2 < -1  # line 2 hangs below


def test_the_anatomy_figure_draws_its_words_with_label_layers():
    drawing = AnatomyFigure(posterior_scene())
    drawing.apply(ViewState(depth="deep", zones=True, highlight="piriformis"))
    drawing.figure.canvas.draw()
    layers = (drawing.label_text, drawing.zone_text, drawing.corner_text)
    assert all(isinstance(layer, LabelLayer) for layer in layers)
    assert "Upper buttock" in drawing.zone_text.texts()
    assert drawing.title.get_text() == "Right buttock, seen from behind"
    assert drawing.labels["piriformis"].get_fontweight() == "bold"
    shown = drawing.label_text.texts()
    assert len(drawing.label_text.collection.get_paths()) == len(shown) > 5
    assert np.isfinite(drawing.label_text.collection.get_offsets()).all()


def test_boxed_labels_share_one_box_collection_under_their_glyphs(layer):
    figure, _axes, text = layer
    plain = text.add(0.2, 0.2, "plain")
    assert text.boxes is None and plain.box_path().vertices.shape == (1, 2)
    box = LabelBox(pad=0.25, facecolor="white", edgecolor="red", linewidth=1.2, alpha=0.5)
    boxed = text.add(0.5, 0.5, "10%", size=9, weight="bold", box=box)
    text.add(0.7, 0.5, "20%", box=box)
    assert text.boxes is not None and text.layers[0] is text.boxes
    assert text.boxes.get_zorder() < text.collection.get_zorder()
    figure.canvas.draw()
    assert len(text.boxes.get_paths()) == 2 and len(text.collection.get_paths()) == 3
    assert tuple(text.boxes.get_facecolor()[0]) == to_rgba("white", 0.5)
    assert tuple(text.boxes.get_edgecolor()[0]) == to_rgba("red")
    # the box surrounds the glyphs with the pad (in ems of the label's size) on every side
    glyphs, outline = drawn(boxed.path()), drawn(boxed.box_path())
    assert outline[:, 0].min() == pytest.approx(glyphs[:, 0].min() - 0.25 * 9)
    assert outline[:, 1].max() == pytest.approx(glyphs[:, 1].max() + 0.25 * 9)
    boxed.set_visible(False)
    figure.canvas.draw()
    assert len(text.boxes.get_paths()) == 1


def test_set_x_set_y_and_the_vertical_alignment_setter(layer):
    _figure, _axes, text = layer
    label = text.add(0.1, 0.2, "LR 2.0", va="center")
    label.set_x(0.4)
    label.set_y(0.6)
    assert label.get_position() == (0.4, 0.6)
    text.stale = False
    label.set_verticalalignment("top")
    assert text.stale and label.get_verticalalignment() == "top"
    assert label.path() is glyph_path("LR 2.0", 6.0, "left", "top", "normal")
    with pytest.raises(ValueError, match="alignment must be one of top"):
        label.set_verticalalignment("middle")
    with pytest.raises(ValueError, match="alignment must be one of left"):
        label.set_horizontalalignment("centre")
    with pytest.raises(ValueError, match="got 'up'"):
        text.add(0, 0, "x", va="up")


def test_layer_colour_and_clip_apply_to_all_its_collections():
    figure = new_figure(4, 3, 100)
    axes = figure.add_axes((0.1, 0.1, 0.8, 0.8))
    free = LabelLayer(figure, axes.transData, axes=axes, colour="black", clip=False)
    free.add(1.5, 0.5, "outside", box=LabelBox())
    clipped = LabelLayer(figure, axes.transData, axes=axes)
    figure.canvas.draw()
    assert tuple(free.collection.get_facecolor()[0]) == to_rgba("black")
    assert len(free.layers) == 3  # box, halo, glyphs
    assert not any(collection.get_clip_on() for collection in free.layers)
    assert all(collection.get_clip_on() for collection in clipped.layers)
