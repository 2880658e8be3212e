"""The one fast label layer: many text labels drawn as glyph outlines in one artist.

A matplotlib ``Text`` costs about 0.4 ms per artist plus 0.05 ms per glyph on *every* Agg draw,
because FreeType renders each glyph again each time (a body chart spent 18 ms of a 33 ms redraw
on text; an anatomy label about 1 ms). Here each string becomes a glyph outline once (cached by
:func:`course.figures.glyph_path`) and all the labels of one :class:`LabelLayer` are drawn as a
single ``PathCollection``: about 1 ms however many labels there are, in the same font at the same
point size. Labels are sized in points and placed in the layer's coordinates (data, axes or
figure), so they never mirror or stretch with an inverted axis.

Each :class:`Label` reads like a matplotlib ``Text`` (``get_text``/``set_text``, position,
horizontal alignment, weight, visibility) and has its own colour. Alignment comes in two kinds:

* ``"text"`` (the default): typographic, as :func:`course.figures.glyph_path` aligns: ``va``
  puts the first line's cap-height centre, top or descender at y (the body charts);
* ``"box"``: the outlines' bounding box is aligned, so a multi-line label is centred as a block
  (the anatomy margin labels, which are laid out by block height).

A label can sit in a box (a rounded rectangle, as a matplotlib ``bbox=`` would draw it, see
:class:`LabelBox`); a layer's boxes are one more collection under its glyphs, made when the
first boxed label is added.

The anatomy figure, the body charts and the Fagan nomogram draw all their labels with this layer.
What text a figure shows, these labels included, is measured in one place:
:func:`course.figures.shown_texts` (and ``figure_texts``, the same in CSS pixels).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import BoxStyle
from matplotlib.path import Path
from matplotlib.transforms import Affine2D, Bbox, Transform

from .figures import glyph_path
from .style import GREY

Align = Literal["text", "box"]

HORIZONTAL = ("left", "center", "right")
"""The horizontal alignments a label accepts."""
VERTICAL = ("top", "center", "bottom", "baseline")
"""The vertical alignments a label accepts."""


@dataclass(frozen=True)
class LabelBox:
    """The box drawn behind a boxed label, like matplotlib's ``bbox={"boxstyle": "round"}``."""

    pad: float = 0.25
    """Space between the glyphs and the box edge, in ems (multiples of the label's size)."""
    facecolor: str = "white"
    edgecolor: str = "none"
    linewidth: float = 1.0
    """Width of the box edge, in points."""
    alpha: float = 1.0
    """Opacity of the box's fill (the edge stays opaque)."""


def _check(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"alignment must be one of {', '.join(allowed)}; got {value!r}")
    return value


class Label:
    """One label of a :class:`LabelLayer`; reads like a matplotlib Text.

    ``position`` is (x, y) in the layer's coordinates; ``size`` in points; ``ha`` one of left,
    center, right; ``va`` one of baseline, center, top, bottom; ``wrap`` breaks lines at that
    many characters (0: never); ``box`` is the box drawn behind the label, or None.
    """

    def __init__(
        self,
        layer: LabelLayer,
        x: float,
        y: float,
        text: str,
        *,
        size: float,
        ha: str,
        va: str,
        weight: str,
        wrap: int,
        colour: Any,
        align: Align,
        visible: bool,
        box: LabelBox | None = None,
    ):
        self.layer = layer
        self.position = (x, y)
        self.size, self.wrap, self.align = size, wrap, align
        self.va = _check(va, VERTICAL)
        self._ha, self._weight, self._colour = _check(ha, HORIZONTAL), weight, to_rgba(colour)
        self.box = box
        """The box drawn behind the label, or None."""
        self._text: str | None = None  # nothing set yet
        self._visible = bool(visible)
        self._lines = ""
        self.set_text(text)

    def get_text(self) -> str:
        """The label's text as set (before wrapping)."""
        return self._text or ""

    def set_text(self, text: str) -> None:
        """Change the label; the layer's artist picks it up when it is next drawn."""
        if text == self._text:
            return
        self._text = text
        self._lines = "\n".join(textwrap.wrap(text, self.wrap)) if self.wrap else text
        self.layer.stale = True

    def get_visible(self) -> bool:
        return self._visible

    def set_visible(self, visible: bool) -> None:
        if bool(visible) != self._visible:
            self._visible = bool(visible)
            self.layer.stale = True

    def get_position(self) -> tuple[float, float]:
        """(x, y) in the layer's coordinates."""
        return self.position

    def set_position(self, xy: tuple[float, float]) -> None:
        """Move the label's anchor to ``xy`` (the layer's coordinates)."""
        xy = (float(xy[0]), float(xy[1]))
        if xy != self.position:
            self.position = xy
            self.layer.stale = True

    def set_x(self, x: float) -> None:
        """Move the label's anchor sideways to ``x`` (the layer's coordinates)."""
        self.set_position((x, self.position[1]))

    def set_y(self, y: float) -> None:
        """Move the label's anchor up or down to ``y`` (the layer's coordinates)."""
        self.set_position((self.position[0], y))

    def get_horizontalalignment(self) -> str:
        return self._ha

    def set_horizontalalignment(self, ha: str) -> None:
        """Which side of the text sits on the anchor: 'left', 'center' or 'right'."""
        if _check(ha, HORIZONTAL) != self._ha:
            self._ha = ha
            self.layer.stale = True

    def get_verticalalignment(self) -> str:
        return self.va

    def set_verticalalignment(self, va: str) -> None:
        """Which height of the text sits on the anchor: 'top', 'center', 'bottom', 'baseline'."""
        if _check(va, VERTICAL) != self.va:
            self.va = va
            self.layer.stale = True

    def get_fontweight(self) -> str:
        return self._weight

    def set_fontweight(self, weight: str) -> None:
        if weight != self._weight:
            self._weight = weight
            self.layer.stale = True

    def get_color(self) -> tuple[float, float, float, float]:
        """The glyphs' fill colour as RGBA."""
        return self._colour

    def path(self) -> Path:
        """The label's glyph outlines in points, aligned on (0, 0) (cached)."""
        if self.align == "box":
            return boxed_glyph_path(self._lines, self.size, self._ha, self.va, self._weight)
        return glyph_path(self._lines, self.size, self._ha, self.va, self._weight)

    def window_extent(self) -> Bbox:
        """Where the label's glyphs (and its box, if any) fall on the figure, in display
        pixels; a null box when it is hidden or empty (for overlap tests and layout)."""
        if not (self.get_visible() and self.get_text().strip()):
            return Bbox.null()  # overlaps nothing: see Bbox.overlaps on a null box
        paths = [self.path()] + ([self.box_path()] if self.box is not None else [])
        points = np.concatenate([p.vertices for p in paths]) * self.layer._figure.dpi / 72
        anchor = self.layer._coords.transform(self.position)
        return Bbox([points.min(axis=0) + anchor, points.max(axis=0) + anchor])

    def box_path(self) -> Path:
        """The label's box outline in points (around its glyphs), or an empty path."""
        if self.box is None:
            return Path(np.zeros((1, 2)))
        style = (self.size, self._ha, self.va, self._weight, self.align)
        return _box_path(self._lines, style, self.box)


class LabelLayer:
    """A set of labels drawn as one ``PathCollection`` on an axes or a figure.

    ``coords`` is the transform the label positions are given in (``ax.transData``,
    ``ax.transAxes`` or ``figure.transFigure``); sizes are in points. ``halo`` draws a white
    outline ``halo_width`` points wide under the glyphs (readable on hatched shading).
    ``colour`` is the default glyph colour of new labels; ``clip=False`` lets labels on an axes
    show outside it (as a matplotlib Text does).
    """

    def __init__(
        self,
        figure: Figure,
        coords: Transform,
        *,
        axes=None,
        zorder: float = 5,
        halo: bool = True,
        halo_width: float = 1.6,
        colour: Any = GREY[10],
        clip: bool = True,
    ):
        self.labels: list[Label] = []
        self.colour = colour
        """The default colour of new labels."""
        self.stale = False
        """True when a label changed since the paths were last rebuilt."""
        self._figure, self._axes, self._coords, self._zorder = figure, axes, coords, zorder
        self._clip = clip
        self.boxes: PathCollection | None = None
        """The boxes of boxed labels (one collection under the glyphs), made by the first one."""
        self.collection = _LabelCollection(
            self, [], offsets=np.zeros((0, 2)), offset_transform=coords, zorder=zorder
        )
        self.collection.set_facecolor(colour)
        self.collection.set_edgecolor("none")
        self.layers = [self.collection]
        if halo:
            self.halo = _LabelCollection(
                self, [], offsets=np.zeros((0, 2)), offset_transform=coords, zorder=zorder - 0.01
            )
            self.halo.set_facecolor("white")
            self.halo.set_edgecolor("white")
            self.halo.set_linewidth(halo_width)
            self.layers.insert(0, self.halo)
        for collection in self.layers:
            self._attach(collection)

    def _attach(self, collection: PathCollection) -> None:
        # paths are in points: points -> inches -> pixels, so a DPI change keeps their size
        collection.set_transform(Affine2D().scale(1 / 72) + self._figure.dpi_scale_trans)
        if self._axes is not None:
            self._axes.add_collection(collection, autolim=False)
            collection.set_clip_on(self._clip)
        else:
            self._figure.add_artist(collection)

    def add(
        self,
        x: float,
        y: float,
        text: str = "",
        *,
        size: float = 6.0,
        ha: str = "left",
        va: str = "center",
        weight: str = "normal",
        wrap: int = 0,
        colour: Any = None,
        align: Align = "text",
        visible: bool = True,
        box: LabelBox | None = None,
    ) -> Label:
        """A new label at (x, y) in the layer's coordinates (see :class:`Label`); ``box`` draws
        a box behind it."""
        label = Label(
            self,
            x,
            y,
            text,
            size=size,
            ha=ha,
            va=va,
            weight=weight,
            wrap=wrap,
            colour=self.colour if colour is None else colour,
            align=align,
            visible=visible,
            box=box,
        )
        if box is not None and self.boxes is None:
            self.boxes = _LabelCollection(
                self, [], offsets=np.zeros((0, 2)), offset_transform=self._coords,
                zorder=self._zorder - 0.02,
            )  # fmt: skip
            self.layers.insert(0, self.boxes)
            self._attach(self.boxes)
        self.labels.append(label)
        self.stale = True
        return label

    def refresh(self) -> None:
        """Rebuild the collection's paths, offsets and colours from the labels (cheap: paths
        are cached). Called by the layer's artists just before they draw, so that many label
        changes in one event cost one rebuild."""
        self.stale = False
        shown = [lab for lab in self.labels if lab.get_visible() and lab.get_text()]
        paths = [lab.path() for lab in shown]
        offsets = np.array([lab.position for lab in shown]).reshape(-1, 2)
        for collection in self.layers:
            if collection is not self.boxes:
                collection.set_paths(paths)
                collection.set_offsets(offsets)
        if shown:
            self.collection.set_facecolor([lab.get_color() for lab in shown])
        if self.boxes is not None:
            boxed = [lab for lab in shown if lab.box is not None]
            self.boxes.set_paths([lab.box_path() for lab in boxed])
            self.boxes.set_offsets(np.array([lab.position for lab in boxed]).reshape(-1, 2))
            self.boxes.set_facecolor([to_rgba(lab.box.facecolor, lab.box.alpha) for lab in boxed])
            self.boxes.set_edgecolor([lab.box.edgecolor for lab in boxed])
            self.boxes.set_linewidth([lab.box.linewidth for lab in boxed])

    def texts(self) -> list[str]:
        """The visible labels' texts, in the order they were added."""
        return [lab.get_text() for lab in self.labels if lab.get_visible() and lab.get_text()]


@lru_cache(maxsize=4096)
def boxed_glyph_path(text: str, size: float, ha: str, va: str, weight: str) -> Path:
    """``text`` as outlines in points with their bounding box aligned on (0, 0) as ``ha`` and
    ``va`` say (lines stacked downwards; ``va`` is bottom, center or top of the block)."""
    path = glyph_path(text, size, "left", "baseline", weight)
    # the control points' box: close enough for alignment, far cheaper than exact extents
    drawn = path.vertices if path.codes is None else path.vertices[path.codes != Path.CLOSEPOLY]
    (x0, y0), (x1, y1) = drawn.min(axis=0), drawn.max(axis=0)
    ox = {"left": x0, "center": (x0 + x1) / 2, "right": x1}[ha]
    oy = {"bottom": y0, "center": (y0 + y1) / 2, "top": y1, "baseline": 0.0}[va]
    return path.transformed(Affine2D().translate(-ox, -oy))


@lru_cache(maxsize=1024)
def _box_path(text: str, style: tuple, box: LabelBox) -> Path:
    """A rounded box around the glyphs of ``text``, in the same points as its glyph path;
    ``style`` is (size, ha, va, weight, align) as the label has them."""
    size, ha, va, weight, align = style
    aligned = boxed_glyph_path if align == "box" else glyph_path
    path = aligned(text, size, ha, va, weight)
    # the control points' bounds: as good as Path.get_extents for a box, and 100 times cheaper
    points = path.vertices if path.codes is None else path.vertices[path.codes != Path.CLOSEPOLY]
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    return BoxStyle.Round(pad=box.pad)(x0, y0, x1 - x0, y1 - y0, size)


class _LabelCollection(PathCollection):
    """A PathCollection that brings its layer's labels up to date just before drawing."""

    def __init__(self, layer: LabelLayer, *args, **kwargs):
        self.layer = layer
        super().__init__(*args, **kwargs)

    @property
    def stale(self) -> bool:
        """Stale as matplotlib says, or when a label of its layer changed since the last draw
        (so that a cache of still pixels, :class:`course.still.StillLayer`, sees the change)."""
        return self._stale or self.layer.stale

    @stale.setter
    def stale(self, value: bool) -> None:
        PathCollection.stale.fset(self, value)

    def draw(self, renderer) -> None:
        if self.layer.stale:
            self.layer.refresh()
        super().draw(renderer)
