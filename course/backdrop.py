"""Paint a figure's unchanging layers once and reuse their pixels on later draws.

A widget restyles a few artists per event, but every redraw also paints what never changes:
the figure's background and, in a body chart, the silhouette and the white regions under the
shading, and the landmark dots and names over it. Two helpers keep those pixels:

* :class:`CachedBackdrop` (:func:`cache_backdrop`): artists under everything else. The first
  Agg draw paints them after the figure's background patch and copies the pixels; later Agg
  draws of the same size paste the copy back and skip them.
* :class:`Foreground`: artists over everything else. The first Agg draw paints them onto a
  transparent layer of the figure's size; every Agg draw lays that layer over the figure as one
  image (about 0.3 ms) instead of drawing them (same pixels within one level of rounding).

Other renderers (SVG, PDF) and any change of size, dpi, background colour or axes position draw
the artists as usual. An artist that changes must not be in either layer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

KEPT = 2
"""How many pixel copies (sizes) a backdrop keeps: the canvas's and one PNG export size."""


class CachedBackdrop:
    """The unchanging bottom layer of one figure and its kept pixels (see the module notes)."""

    def __init__(self, figure: Figure, artists: Iterable[Artist]):
        self.figure = figure
        self.artists: list[Artist] = sorted(artists, key=lambda a: a.get_zorder())
        """The artists painted once, in the order they are drawn (lowest zorder first)."""
        self.pastes = 0
        """How many draws pasted the kept pixels instead of drawing (for tests and benchmarks)."""
        self._kept: dict[tuple, Any] = {}
        self._painted_on: Any = None  # the renderer the layer is on in the draw under way
        self._draw_patch = figure.patch.draw
        self._draw = {id(a): a.draw for a in self.artists}
        figure.patch.draw = self._draw_layer
        for artist in self.artists:
            artist.draw = self._skipper(artist)

    def forget(self) -> None:
        """Drop the kept pixels (call after restyling an artist of the backdrop)."""
        self._kept.clear()

    def _key(self, renderer: RendererAgg) -> tuple:
        axes = {id(a.axes): a.axes for a in self.artists if a.axes is not None}
        return (
            renderer.width,
            renderer.height,
            self.figure.dpi,
            tuple(self.figure.patch.get_facecolor()),
            self.figure.patch.get_visible(),
            tuple((ax.get_position().bounds, ax.viewLim.bounds) for ax in axes.values()),
        )

    def _draw_layer(self, renderer: Any) -> None:
        """Replaces the figure patch's ``draw``: the patch, then the backdrop (or its pixels)."""
        if not isinstance(renderer, RendererAgg):
            self._painted_on = None
            self._draw_patch(renderer)
            return
        key = self._key(renderer)
        kept = self._kept.get(key)
        if kept is not None:
            renderer.restore_region(kept)
            self.pastes += 1
        else:
            self._draw_patch(renderer)
            for artist in self.artists:
                self._draw[id(artist)](renderer)
            if len(self._kept) >= KEPT:
                self._kept.pop(next(iter(self._kept)))
            whole = Bbox.from_extents(0, 0, renderer.width, renderer.height)  # whole pixels
            self._kept[key] = renderer.copy_from_bbox(whole)
        self._painted_on = renderer

    def _skipper(self, artist: Artist):
        draw = self._draw[id(artist)]

        def skip_if_painted(renderer: Any, *args: Any, **kwargs: Any) -> None:
            if renderer is not self._painted_on:
                draw(renderer, *args, **kwargs)

        return skip_if_painted


def cache_backdrop(figure: Figure, artists: Iterable[Artist]) -> CachedBackdrop:
    """Make ``artists`` (which never change) the cached bottom layer of ``figure``."""
    return CachedBackdrop(figure, artists)


class Foreground(Artist):
    """The unchanging top layer of one figure, painted once per size onto a transparent layer
    and laid over each later Agg draw as one image (see the module notes).

    Only artists drawn *over* everything else belong in it (landmark dots and names, say): the
    layer is laid down after every other artist of the figure.
    """

    def __init__(self, figure: Figure, artists: Iterable[Artist]):
        super().__init__()
        self.figure_ = figure
        self.artists: list[Artist] = sorted(artists, key=lambda a: a.get_zorder())
        """The artists painted once, in the order they are drawn (lowest zorder first)."""
        self.pastes = 0
        """How many draws laid the kept layer instead of drawing (for tests and benchmarks)."""
        self._kept: dict[tuple, Any] = {}
        self._layer: RendererAgg | None = None  # the transparent renderer being painted
        self._draw = {id(a): a.draw for a in self.artists}
        for artist in self.artists:
            artist.draw = self._skipper(artist)
        self.set_zorder(float("inf"))
        figure.add_artist(self)

    def draw(self, renderer: Any) -> None:
        """Lay the kept layer over ``renderer`` (painting it first if this size is new)."""
        if not isinstance(renderer, RendererAgg):
            return
        axes = {id(a.axes): a.axes for a in self.artists if a.axes is not None}
        key = (
            renderer.width,
            renderer.height,
            self.figure_.dpi,
            tuple((ax.get_position().bounds, ax.viewLim.bounds) for ax in axes.values()),
        )
        image = self._kept.get(key)
        if image is None:
            self._layer = RendererAgg(renderer.width, renderer.height, renderer.dpi)
            try:
                for artist in self.artists:
                    self._draw[id(artist)](self._layer)
            finally:
                layer, self._layer = self._layer, None
            image = np.asarray(layer.buffer_rgba())[::-1].copy()
            if len(self._kept) >= KEPT:
                self._kept.pop(next(iter(self._kept)))
            self._kept[key] = image
        else:
            self.pastes += 1
        gc = renderer.new_gc()
        renderer.draw_image(gc, 0, 0, image)
        gc.restore()

    def _skipper(self, artist: Artist):
        draw = self._draw[id(artist)]

        def skip_on_agg(renderer: Any, *args: Any, **kwargs: Any) -> None:
            if renderer is self._layer or not isinstance(renderer, RendererAgg):
                draw(renderer, *args, **kwargs)

        return skip_on_agg
