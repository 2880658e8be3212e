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

Both the anatomy figure and the body charts draw their labels with this layer.
"""

from __future__ import annotations

import textwrap
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.path import Path
from matplotlib.transforms import Affine2D, Transform

from .figures import glyph_path
from .style import GREY

Align = Literal["text", "box"]


class Label:
    """One label of a :class:`LabelLayer`; reads like a matplotlib Text.

    ``position`` is (x, y) in the layer's coordinates; ``size`` in points; ``ha`` one of left,
    center, right; ``va`` one of baseline, center, top, bottom; ``wrap`` breaks lines at that
    many characters (0: never).
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
    ):
        self.layer = layer
        self.position = (x, y)
        self.size, self.va, self.wrap, self.align = size, va, wrap, align
        self._ha, self._weight, self._colour = ha, weight, to_rgba(colour)
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
        xy = (float(xy[0]), float(xy[1]))
        if xy != self.position:
            self.position = xy
            self.layer.stale = True

    def get_horizontalalignment(self) -> str:
        return self._ha

    def set_horizontalalignment(self, ha: str) -> None:
        if ha != self._ha:
            self._ha = ha
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


class LabelLayer:
    """A set of labels drawn as one ``PathCollection`` on an axes or a figure.

    ``coords`` is the transform the label positions are given in (``ax.transData``,
    ``ax.transAxes`` or ``figure.transFigure``); sizes are in points. ``halo`` draws a white
    outline ``halo_width`` points wide under the glyphs (readable on hatched shading).
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
    ):
        self.labels: list[Label] = []
        self.colour = colour
        """The default colour of new labels."""
        self.stale = False
        """True when a label changed since the paths were last rebuilt."""
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
            # paths are in points: points -> inches -> pixels, so a DPI change keeps their size
            collection.set_transform(Affine2D().scale(1 / 72) + figure.dpi_scale_trans)
            if axes is not None:
                axes.add_collection(collection, autolim=False)
            else:
                figure.add_artist(collection)

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
    ) -> Label:
        """A new label at (x, y) in the layer's coordinates (see :class:`Label`)."""
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
        )
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
            collection.set_paths(paths)
            collection.set_offsets(offsets)
        if shown:
            self.collection.set_facecolor([lab.get_color() for lab in shown])

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


class _LabelCollection(PathCollection):
    """A PathCollection that brings its layer's labels up to date just before drawing."""

    def __init__(self, layer: LabelLayer, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layer = layer

    def draw(self, renderer) -> None:
        if self.layer.stale:
            self.layer.refresh()
        super().draw(renderer)
