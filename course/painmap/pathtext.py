"""Chart labels drawn as glyph outlines, many in one artist, so that redrawing stays fast.

A matplotlib ``Text`` costs about 0.4 ms per artist plus 0.05 ms per glyph on *every* Agg draw,
because FreeType renders each glyph again each time. A body chart with a title, view names,
landmark names, percentages and a legend spends most of its redraw time on text (measured: 18 ms
of 33 ms). Here each string becomes a ``TextPath`` once (cached) and all the labels of one layer
are drawn as a single ``PathCollection``: about 1 ms however many labels there are. The glyphs
are the same font at the same point size. Labels are sized in points, placed in the layer's
coordinates (data, axes or figure), and can be changed at any time with ``set_text``.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.path import Path
from matplotlib.transforms import Affine2D, Transform

from ..figures import glyph_path
from ..style import GREY


class PathText:
    """One label of a :class:`PathTextLayer`; reads like a matplotlib Text (get/set text)."""

    def __init__(self, layer: PathTextLayer, x: float, y: float, text: str, style: tuple):
        self.layer = layer
        self.position = (x, y)
        self._style = style  # (size, ha, va, weight, wrap)
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

    def path(self) -> Path:
        size, ha, va, weight, _wrap = self._style
        return glyph_path(self._lines, size, ha, va, weight)


class PathTextLayer:
    """A set of labels drawn as one ``PathCollection`` on an axes or a figure.

    ``coords`` is the transform the label positions are given in (``ax.transData``,
    ``ax.transAxes`` or ``figure.transFigure``); sizes are in points.
    """

    def __init__(
        self, figure: Figure, coords: Transform, *, axes=None, zorder: float = 5, halo: bool = True
    ):
        self.labels: list[PathText] = []
        self.stale = False
        """True when a label changed since the paths were last rebuilt."""
        self.collection = _LabelCollection(
            self, [], offsets=np.zeros((0, 2)), offset_transform=coords, zorder=zorder
        )
        self.collection.set_facecolor(GREY[10])
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
    ) -> PathText:
        """A new label at (x, y) in the layer's coordinates; ``wrap`` breaks lines at that width."""
        label = PathText(self, x, y, text, (size, ha, va, weight, wrap))
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
            collection.set_paths(paths)
            collection.set_offsets(offsets)

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
