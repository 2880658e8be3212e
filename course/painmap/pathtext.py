"""Chart labels drawn as glyph outlines, many in one artist, so that redrawing stays fast.

A matplotlib ``Text`` costs about 0.4 ms per artist plus 0.05 ms per glyph on *every* Agg draw,
because FreeType renders each glyph again each time. A body chart with a title, view names,
landmark names, percentages and a legend spends most of its redraw time on text (measured: 18 ms
of 33 ms). Here each string becomes a ``TextPath`` once (cached) and all the labels of one layer
are drawn as a single ``PathCollection``: about 1 ms however many labels there are. The glyphs
are the same font at the same point size. Labels are sized in points, placed in the layer's
coordinates (data, axes or figure), and can be changed at any time with ``set_text``,
``set_position`` and the alignment setters. A label can sit in a box (a rounded rectangle, as a
matplotlib ``bbox=`` would draw it); a layer's boxes are one more collection under its glyphs.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import BoxStyle
from matplotlib.path import Path
from matplotlib.transforms import Affine2D, Transform

from ..figures import glyph_path
from ..style import GREY


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


@lru_cache(maxsize=1024)
def _box_path(text: str, style: tuple, box: LabelBox) -> Path:
    """A rounded box around the glyphs of ``text``, in the same points as its glyph path."""
    size, ha, va, weight, _wrap = style
    path = glyph_path(text, size, ha, va, weight)
    # the control points' bounds: as good as Path.get_extents for a box, and 100 times cheaper
    points = path.vertices if path.codes is None else path.vertices[path.codes != Path.CLOSEPOLY]
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    return BoxStyle.Round(pad=box.pad)(x0, y0, x1 - x0, y1 - y0, size)


class PathText:
    """One label of a :class:`PathTextLayer`; reads like a matplotlib Text (get/set text)."""

    def __init__(
        self,
        layer: PathTextLayer,
        x: float,
        y: float,
        text: str,
        style: tuple,
        box: LabelBox | None = None,
    ):
        self.layer = layer
        self.position = (x, y)
        self._style = style  # (size, ha, va, weight, wrap)
        self.box = box
        """The box drawn behind the label, or None."""
        self._text: str | None = None  # nothing set yet
        self._visible = True
        self._lines = ""
        self.set_text(text)

    def get_text(self) -> str:
        """The label's text as set (before wrapping)."""
        return self._text or ""

    def set_text(self, text: str) -> None:
        """Change the label; the layer's artist picks it up when it is next drawn."""
        if text == self._text:
            return
        wrap = self._style[4]
        self._text = text
        self._lines = "\n".join(textwrap.wrap(text, wrap)) if wrap else text
        self.layer.stale = True

    def get_visible(self) -> bool:
        return self._visible

    def set_visible(self, visible: bool) -> None:
        self._visible = bool(visible)
        self.layer.stale = True

    def get_position(self) -> tuple[float, float]:
        """Where the label is anchored, in its layer's coordinates."""
        return self.position

    def set_position(self, xy: tuple[float, float]) -> None:
        """Move the label's anchor to ``xy`` (the layer's coordinates)."""
        xy = (float(xy[0]), float(xy[1]))
        if xy != self.position:
            self.position = xy
            self.layer.stale = True

    def set_x(self, x: float) -> None:
        """Move the label's anchor sideways to ``x``."""
        self.set_position((x, self.position[1]))

    def set_y(self, y: float) -> None:
        """Move the label's anchor up or down to ``y``."""
        self.set_position((self.position[0], y))

    def get_horizontalalignment(self) -> str:
        return self._style[1]

    def get_verticalalignment(self) -> str:
        return self._style[2]

    def set_horizontalalignment(self, ha: str) -> None:
        """Which side of the text sits on the anchor: 'left', 'center' or 'right'."""
        self._restyle(1, ha, ("left", "center", "right"))

    def set_verticalalignment(self, va: str) -> None:
        """Which height of the text sits on the anchor: 'top', 'center', 'bottom', 'baseline'."""
        self._restyle(2, va, ("top", "center", "bottom", "baseline"))

    def _restyle(self, index: int, value: str, allowed: tuple[str, ...]) -> None:
        if value not in allowed:
            raise ValueError(f"alignment must be one of {', '.join(allowed)}; got {value!r}")
        if self._style[index] != value:
            style = list(self._style)
            style[index] = value
            self._style = tuple(style)
            self.layer.stale = True

    def path(self) -> Path:
        size, ha, va, weight, _wrap = self._style
        return glyph_path(self._lines, size, ha, va, weight)

    def box_path(self) -> Path:
        """The label's box outline in points (around its glyphs), or an empty path."""
        if self.box is None:
            return Path(np.zeros((1, 2)))
        return _box_path(self._lines, self._style, self.box)


class PathTextLayer:
    """A set of labels drawn as one ``PathCollection`` on an axes or a figure.

    ``coords`` is the transform the label positions are given in (``ax.transData``,
    ``ax.transAxes`` or ``figure.transFigure``); sizes are in points. ``colour`` is the glyphs'
    colour (a dark grey when None); ``clip=False`` lets labels on an axes show outside it (as a
    matplotlib Text does).
    """

    def __init__(
        self,
        figure: Figure,
        coords: Transform,
        *,
        axes=None,
        zorder: float = 5,
        halo: bool = True,
        colour: str | None = None,
        clip: bool = True,
    ):
        self.labels: list[PathText] = []
        self.stale = False
        """True when a label changed since the paths were last rebuilt."""
        self._figure, self._axes, self._coords, self._zorder = figure, axes, coords, zorder
        self._clip = clip
        self.boxes: PathCollection | None = None
        """The boxes of boxed labels (one collection under the glyphs), made by the first one."""
        self.collection = _LabelCollection(
            self, [], offsets=np.zeros((0, 2)), offset_transform=coords, zorder=zorder
        )
        self.collection.set_facecolor(GREY[10] if colour is None else colour)
        self.collection.set_edgecolor("none")
        self.layers = [self.collection]
        if halo:  # a white outline under the glyphs keeps them readable on hatched shading
            self.halo = _LabelCollection(
                self, [], offsets=np.zeros((0, 2)), offset_transform=coords, zorder=zorder - 0.01
            )
            self.halo.set_facecolor("white")
            self.halo.set_edgecolor("white")
            self.halo.set_linewidth(1.6)
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
        box: LabelBox | None = None,
    ) -> PathText:
        """A new label at (x, y) in the layer's coordinates; ``wrap`` breaks lines at that width;
        ``box`` draws a box behind it."""
        label = PathText(self, x, y, text, (size, ha, va, weight, wrap), box)
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
        """Rebuild the collection's paths and offsets from the labels (cheap: paths are cached).

        Called by the layer's artists just before they draw, so that many label changes in one
        event cost one rebuild.
        """
        self.stale = False
        shown = [lab for lab in self.labels if lab.get_visible() and lab.get_text()]
        paths = [lab.path() for lab in shown]
        offsets = np.array([lab.position for lab in shown]).reshape(-1, 2)
        for collection in self.layers:
            if collection is not self.boxes:
                collection.set_paths(paths)
                collection.set_offsets(offsets)
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


class _LabelCollection(PathCollection):
    """A PathCollection that brings its layer's labels up to date just before drawing."""

    def __init__(self, layer: PathTextLayer, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layer = layer

    def draw(self, renderer) -> None:
        if self.layer.stale:
            self.layer.refresh()
        super().draw(renderer)
