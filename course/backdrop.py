"""Draw a figure's unchanging bottom layer once and paste its pixels on later draws.

A widget restyles a few artists per event, but every redraw also paints what never changes:
the figure's background and, in a body chart, the silhouette and the white regions under the
shading. :func:`cache_backdrop` makes those artists a *backdrop*: the first Agg draw of the
figure paints them (after the figure's own background patch) and keeps a copy of the pixels;
each later Agg draw of the same size pastes the copy back and skips them. Other renderers (SVG,
PDF) and any change of size, dpi, background colour or axes position draw them as usual, so
exported files are the same as without the cache.

Only artists drawn *under* everything else belong in a backdrop (they are painted before every
other artist of the figure); an artist that changes must not be in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

KEPT = 2
"""How many pixel copies (sizes) a backdrop keeps: the canvas's and one PNG export size."""


class Backdrop:
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


def cache_backdrop(figure: Figure, artists: Iterable[Artist]) -> Backdrop:
    """Make ``artists`` (which never change) the cached bottom layer of ``figure``."""
    return Backdrop(figure, artists)
