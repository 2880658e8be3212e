"""Paint the still parts of a figure once: the one cache every widget's figure uses.

A widget restyles a few artists per event, yet an Agg draw repaints all of them: the scales and
tick labels of the nomogram, the silhouette and landmarks of a body chart, the bones and muscles
of the anatomy view. A :class:`StillLayer` paints such still artists once, keeps the pixels and
on later Agg draws puts them back instead (a copy of a few megabytes: well under a millisecond).

What it caches
    ``below`` (the default): the figure's background and the still artists, painted bottom-up
    in ``groups`` (lowest first), with the pixels kept after each group. A draw restores the
    highest group whose pixels are still valid and paints only the groups above it, so a change
    in the top group (a superficial muscle) keeps the pixels of the groups under it (the bones).
    Exact: the same pixels as drawing every artist. When the only difference from kept pixels
    is the look of a few artists named with :meth:`StillLayer.keyed` (a selected structure),
    and that is cheaper than painting the groups, the kept pixels are pasted and only each such
    artist's box is painted again, background first, every still artist there clipped to it
    (the same pixels but for one level of rounding at the edge of a box). And where the kept
    pixels of every still artist differ from those wanted only in such looks, and the pixels of
    the groups under the restyled artists are kept too, the first are pasted and in each box
    the second are put back and only the groups above them painted, clipped to the box (a
    structure selected after another: its layer and the ones above, in two small boxes). The
    figure's background is painted first, with the still artists, so a paste covers it and it
    is not painted under the paste.

    ``over=True``: artists drawn over everything else (landmark dots and names), painted once onto
    a transparent layer that each draw lays over the figure as one image (within one level of
    rounding of drawing them).

When the kept pixels are invalid
    They are kept per *key*, so that going back to an earlier look pastes again. The key holds
    the canvas size in pixels, the figure's dpi, its background colour, each axes' position and
    view limits (a mirrored view is another key), which still artists are visible (a layer
    shown or hidden is another key) and the looks named with :meth:`StillLayer.keyed` (a
    selected structure is another key). Any other still artist restyled in place (matplotlib
    marks it ``stale``), a label of a still :class:`~course.labels.LabelLayer` that changed, or
    :meth:`StillLayer.invalidate` drops the kept pixels of its group and of every group above.
    At most ``keep`` copies are kept (the oldest goes first).

Other renderers (SVG, PDF) draw every artist as usual. Still artists of the ``below`` kind must
lie under every artist that changes (they are painted first), and the axes that hold them do not
paint their background patch over them (it is hidden here).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import Bbox

__all__ = ["StillLayer"]

Span = tuple[float, float, float, float]
"""A box on the canvas as plain numbers, (x0, y0, x1, y1) in pixels with x0 <= x1 and y0 <= y1:
what the repaint planning compares thousands of times per event (a ``Bbox`` comparison costs
about 20 times as much)."""


def span_of(box: Bbox) -> Span:
    """``box`` as a :data:`Span` (its corners in order, whichever way the box was given)."""
    x0, y0, x1, y1 = box.extents
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def meets(a: Span, b: Span) -> bool:
    """Whether two spans overlap, boxes that only touch included (as ``Bbox.overlaps``)."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


class StillLayer(Artist):
    """Still artists of one figure, painted once per key and then pasted back on each Agg draw.

    ``groups`` are lists of artists (or one flat list, one group), lowest first; ``over=True``
    lays them over everything else instead of under; ``keep`` is how many copies of the pixels
    (keys) are kept. See the module notes for what is cached and when it is painted again.
    """

    def __init__(
        self,
        figure: Figure,
        groups: Iterable[Artist] | Iterable[Iterable[Artist]],
        *,
        over: bool = False,
        keep: int = 2,
    ):
        super().__init__()
        groups = list(groups)
        if groups and isinstance(groups[0], Artist):
            groups = [groups]
        self.groups: list[list[Artist]] = [
            sorted(group, key=lambda a: a.get_zorder()) for group in groups
        ]
        """The still artists by group, lowest group first, each in the order it is painted."""
        self.over = over
        """True: laid over everything else; False: painted under everything else."""
        self.keep = max(1, keep)
        self.paints = 0
        """How many draws painted still artists (rather than only pasting kept pixels)."""
        self.pastes = 0
        """How many draws pasted kept pixels (for tests and benchmarks)."""
        self.lifts = 0
        """How many of the painting draws painted only the boxes of restyled artists, over
        kept pixels of the groups under them (see :meth:`_plan_lift`)."""
        self._figure = figure
        self._kept: dict[tuple, tuple[int, Any]] = {}  # key -> (group index, pixels)
        self._looks: dict[int, Hashable] = {}  # id(artist) -> its look, set by keyed()
        self._extents: dict[tuple, dict[int, Span]] = {}  # base key -> boxes of the artists
        self._painting_on: Any = None  # the renderer the still artists draw on now, if any
        self._drawn_by: Any = None  # the renderer whose draw pasted or painted them
        self._draw: dict[int, Callable[..., Any]] = {}
        for artist in self.artists:
            self._draw[id(artist)] = artist.draw
            artist.draw = self._skipping(artist)  # type: ignore[method-assign]
            artist.set_visible = self._keyed_visibility(artist)  # type: ignore[method-assign]
        self._axes = list({id(a.axes): a.axes for a in self.artists if a.axes is not None}.values())
        self._background_draw: Callable[..., Any] | None = None
        if not over:
            for axes in self._axes:
                axes.patch.set_visible(False)
            if not any(isinstance(a, StillLayer) and not a.over for a in figure.artists):
                # the figure's background is painted under the still artists, so it is in
                # their kept pixels: a paste covers the whole canvas and it is not painted again
                self._background_draw = figure.patch.draw
                figure.patch.draw = self._background  # type: ignore[method-assign]
        self.set_zorder(float("inf") if over else -1)
        figure.add_artist(self)

    @property
    def artists(self) -> list[Artist]:
        """Every still artist, lowest group first."""
        return [artist for group in self.groups for artist in group]

    def invalidate(self) -> None:
        """Drop every kept copy: the still artists are painted again at the next draw."""
        self._kept.clear()

    def keyed(self, artist: Artist, look: Hashable) -> None:
        """Say that ``artist`` (a still artist) was just restyled to ``look``, a hashable name
        for how it looks now (``None``: as built). The look becomes part of the key instead of
        a change: pixels kept for a look are pasted again when the artist goes back to it (a
        structure selected and unselected, a hatch mirrored with the view)."""
        if look is None:
            self._looks.pop(id(artist), None)
        else:
            self._looks[id(artist)] = look
        artist.stale = False

    def release(self) -> None:
        """Take the layer off its figure: every still artist draws itself again."""
        for artist in self.artists:
            del artist.draw  # back to the class's own draw and set_visible
            del artist.set_visible
        if self._background_draw is not None:
            del self._figure.patch.draw
            self._background_draw = None
        self.remove()

    # ------------------------------------------------------------------- drawing

    def _skipping(self, artist: Artist) -> Callable[..., None]:
        draw = self._draw[id(artist)]

        def skip_if_kept(renderer: Any, *args: Any, **kwargs: Any) -> None:
            if renderer is self._painting_on:
                draw(renderer, *args, **kwargs)  # the layer itself paints it
            elif self.over:
                if not isinstance(renderer, RendererAgg):
                    draw(renderer, *args, **kwargs)  # vector output
            elif renderer is not self._drawn_by:
                draw(renderer, *args, **kwargs)  # vector output, or no paste in this draw

        return skip_if_kept

    def _background(self, renderer: Any, *args: Any, **kwargs: Any) -> None:
        """The figure background's draw: on an Agg canvas where the layer will paste or paint
        (it paints the background first, :meth:`_paint_under`), nothing; else as usual."""
        if not (isinstance(renderer, RendererAgg) and self.groups and self.get_visible()):
            self._background_draw(renderer, *args, **kwargs)  # type: ignore[misc]

    @staticmethod
    def _keyed_visibility(artist: Artist) -> Callable[[bool], None]:
        """``artist.set_visible`` that leaves the artist's ``stale`` flag as it was: being shown
        or hidden is part of the key, not a change of look (the figure still redraws)."""
        set_visible = type(artist).set_visible

        def set_visible_keyed(visible: bool) -> None:
            stale = artist._stale
            set_visible(artist, visible)
            artist._stale = stale

        return set_visible_keyed

    def _base_key(self, renderer: RendererAgg) -> tuple:
        figure = self._figure
        return (
            self.over,
            renderer.width,
            renderer.height,
            figure.dpi,
            tuple(figure.patch.get_facecolor()),
            figure.patch.get_visible(),
            tuple((ax.get_position().bounds, tuple(ax.viewLim.bounds)) for ax in self._axes),
        )

    def _keys(self, renderer: RendererAgg) -> list[tuple]:
        """The key of the pixels after each group: (base key, the ids of the still artists shown
        up to it, the looks named among them). A group that shows nothing leaves the pixels, and
        so the key, as they were."""
        base, looks = self._base_key(renderer), self._looks
        keys, shown, named = [], (), ()
        for group in self.groups:
            ids = tuple(id(a) for a in group if a.get_visible())
            shown += ids
            named += tuple((i, looks[i]) for i in ids if i in looks)
            keys.append((base, shown, named))
        return keys

    def _drop_stale(self) -> None:
        """Forget the pixels of every group from the lowest one holding a changed artist up."""
        changed = [i for i, group in enumerate(self.groups) if any(a.stale for a in group)]
        if not changed:
            return
        for group in self.groups[changed[0] :]:
            for artist in group:
                artist.stale = False  # a hidden artist does not draw, so never clears it
        self._kept = {k: v for k, v in self._kept.items() if v[0] < changed[0]}

    def _remember(self, key: tuple, index: int, pixels: Any) -> None:
        self._kept.pop(key, None)
        while len(self._kept) >= self.keep:
            self._kept.pop(next(iter(self._kept)))
        self._kept[key] = (index, pixels)

    def draw(self, renderer: Any) -> None:
        """Paste the kept pixels of the still artists, painting (and keeping) what is missing."""
        self._drawn_by = None
        if not isinstance(renderer, RendererAgg) or not self.groups:
            return  # vector output: the still artists draw themselves
        self._drop_stale()
        if self.over:
            self._lay_over(renderer)
        else:
            self._paint_under(renderer)
        self._drawn_by = renderer
        self.stale = False

    def _paint_under(self, renderer: RendererAgg) -> None:
        """Paste the highest kept group, then make the rest the cheaper way: paint the groups
        above it, or paste pixels that differ only in a few looks and paint those boxes again
        (see :meth:`_plan_looks`); cost is counted in artists drawn."""
        keys, kept = self._keys(renderer), self._kept
        top = len(keys) - 1
        exact = next((i for i in reversed(range(len(keys))) if keys[i] in kept), -1)
        if exact == top:
            self._paste(renderer, keys[top])
            self.pastes += 1
            return
        self.paints += 1
        shown = [sum(1 for a in group if a.get_visible()) for group in self.groups]
        start, cost, plan = exact + 1, sum(shown[exact + 1 :]), None
        for index in range(exact + 1, len(keys)):
            found = self._plan_looks(renderer, keys[index], index)
            if found is not None and found[0] + sum(shown[index + 1 :]) < cost:
                start, cost, plan = index + 1, found[0] + sum(shown[index + 1 :]), found
        lift = self._plan_lift(renderer, keys, exact)
        if lift is not None and lift[0] < cost:
            self._lift(renderer, lift, keys[top], keys[exact], exact)
            self.lifts += 1
            return
        if plan is not None:
            self._repaint_looks(renderer, plan, keys[start - 1], start - 1)
        elif exact >= 0:
            self._paste(renderer, keys[exact])
        elif self._background_draw is not None:
            self._background_draw(renderer)  # nothing kept: the background goes first
        whole = Bbox.from_extents(0, 0, renderer.width, renderer.height)  # whole pixels
        self._painting_on = renderer
        try:
            for index in range(start, len(keys)):
                for artist in sorted(self.groups[index], key=lambda a: a.get_zorder()):
                    artist.draw(renderer)  # in zorder now: a look may have moved an artist
                if index == top or keys[index + 1] != keys[index]:
                    self._remember(keys[index], index, renderer.copy_from_bbox(whole))
        finally:
            self._painting_on = None

    def _paste(self, renderer: RendererAgg, key: tuple) -> None:
        renderer.restore_region(self._kept[key][1])
        self._kept[key] = self._kept.pop(key)  # most recently used

    def _shown_up_to(self, index: int) -> list[Artist]:
        """The visible still artists of the groups up to ``index``, in the order they paint."""
        return [
            a
            for group in self.groups[: index + 1]
            for a in sorted(group, key=lambda a: a.get_zorder())
            if a.get_visible()
        ]

    def _nearest_look(self, key: tuple) -> tuple[set[int], tuple] | None:
        """The kept key with the base and shown artists of ``key`` whose looks differ from it
        in the fewest artists, with the ids of those artists; None if no kept key is such."""
        base, shown, named = key
        wanted, best = dict(named), None
        for kept_key in self._kept:
            if kept_key[0] == base and kept_key[1] == shown:
                had = dict(kept_key[2])
                changed = {i for i in wanted.keys() | had.keys() if wanted.get(i) != had.get(i)}
                if best is None or len(changed) < len(best[0]):
                    best = (changed, kept_key)
        return best

    def _regions(self, renderer: RendererAgg, base: tuple, changed: set[int]) -> list | None:
        """The boxes (whole pixels, on the canvas) of the still artists ``changed``, or None
        if one of them has no box (only patches and lines have one)."""
        boxes = self._boxes(renderer, base)
        if not changed <= boxes.keys():
            return None
        canvas = Bbox.from_extents(0, 0, renderer.width, renderer.height)
        regions = []
        for ident in changed:
            region = Bbox.intersection(Bbox.from_extents(*boxes[ident]), canvas)
            if region is not None:
                regions.append(Bbox.from_extents(*np.round(region.extents)))  # whole pixels
        return regions

    def _plan_lift(self, renderer: RendererAgg, keys: list[tuple], exact: int) -> tuple | None:
        """How to make the pixels of the top key from kept pixels of all the still artists
        that differ from them only in a few looks, and the kept pixels of group ``exact``: paste
        the first, then in each changed artist's box put back the second and paint the groups
        above ``exact`` clipped to the box. (cost in artists drawn, the kept key, the boxes), or
        None where there are no such pixels. Cheaper than :meth:`_plan_looks` in the same boxes
        (the groups up to ``exact`` are not painted again) and than painting the groups above
        ``exact`` where the boxes are small (a nerve, a bursa, a small muscle selected)."""
        if exact < 0 or not self._figure.patch.get_visible():
            return None
        found = self._nearest_look(keys[-1])
        if found is None:
            return None
        changed, kept_key = found
        regions = self._regions(renderer, keys[-1][0], changed)
        if regions is None:
            return None
        above = [a for group in self.groups[exact + 1 :] for a in group if a.get_visible()]
        return self._box_cost(renderer, keys[-1][0], regions, above), kept_key, regions

    def _lift(
        self, renderer: RendererAgg, plan: tuple, key: tuple, below_key: tuple, exact: int
    ) -> None:
        """Carry out a plan of :meth:`_plan_lift` (``below_key`` is the kept key of group
        ``exact``) and keep the result as ``key``, the top key."""
        _cost, kept_key, regions = plan
        below = self._kept[below_key][1]
        self._paste(renderer, kept_key)
        boxes = self._boxes(renderer, key[0])
        above = [
            a
            for group in self.groups[exact + 1 :]
            for a in sorted(group, key=lambda a: a.get_zorder())
            if a.get_visible()
        ]
        height = renderer.height
        self._painting_on = renderer
        try:
            for region in regions:
                x0, y0, x1, y1 = (int(v) for v in region.extents)
                if x1 <= x0 or y1 <= y0:
                    continue
                # the pixels [x0, x1) x [y0, y1) of the canvas, as Agg's rows from the top
                renderer.restore_region(
                    below, bbox=(x0, height - y1, x1 - 1, height - y0 - 1), xy=(0, 0)
                )
                self._paint_in(renderer, region, above, boxes)
        finally:
            self._painting_on = None
        self._remember_whole(renderer, key, len(self.groups) - 1)

    def _paint_in(
        self, renderer: RendererAgg, region: Bbox, artists: list[Artist], boxes: dict[int, Span]
    ) -> None:
        """Paint each of ``artists`` that reaches into ``region`` again, clipped to it."""
        reach = span_of(region)
        for artist in artists:
            box = boxes.get(id(artist))
            if box is None or meets(box, reach):
                _clipped(artist, region, self._draw[id(artist)], renderer)

    def _remember_whole(self, renderer: RendererAgg, key: tuple, index: int) -> None:
        """Keep the whole canvas as the pixels of ``key`` (after group ``index``)."""
        whole = Bbox.from_extents(0, 0, renderer.width, renderer.height)
        self._remember(key, index, renderer.copy_from_bbox(whole))

    def _plan_looks(self, renderer: RendererAgg, key: tuple, index: int) -> tuple | None:
        """How to make the pixels of ``key`` (after group ``index``) from kept pixels that
        differ from them only in the looks of a few artists: (cost in artists drawn, the kept
        key, the boxes to paint again), or None if no kept pixels differ only so."""
        if not self._figure.patch.get_visible():
            return None  # a transparent background cannot be painted again in a box
        found = self._nearest_look(key)
        regions = None if found is None else self._regions(renderer, key[0], found[0])
        if found is None or regions is None:
            return None
        return (
            self._box_cost(renderer, key[0], regions, self._shown_up_to(index)),
            found[1],
            regions,
        )

    def _box_cost(
        self, renderer: RendererAgg, base: tuple, regions: list, drawn: list[Artist]
    ) -> int:
        """How many artists painting ``drawn`` again in ``regions`` draws (each region also
        paints the background once)."""
        boxes = self._boxes(renderer, base)
        cost = 0
        for region in regions:
            reach = span_of(region)
            cost += 1 + sum(1 for a in drawn if id(a) not in boxes or meets(boxes[id(a)], reach))
        return cost

    def _repaint_looks(self, renderer: RendererAgg, plan: tuple, key: tuple, index: int) -> None:
        """Carry out a plan of :meth:`_plan_looks`: paste the kept pixels, then in each box
        paint the background and every still artist there, clipped to the box, and keep the
        result as ``key``."""
        _cost, kept_key, regions = plan
        self._paste(renderer, kept_key)
        boxes = self._boxes(renderer, key[0])
        drawn = self._shown_up_to(index)
        patch = self._figure.patch
        background = self._background_draw or patch.draw
        self._painting_on = renderer
        try:
            for region in regions:
                _clipped(patch, region, background, renderer)
                self._paint_in(renderer, region, drawn, boxes)
        finally:
            self._painting_on = None
        self._remember_whole(renderer, key, index)

    def _boxes(self, renderer: RendererAgg, base: tuple) -> dict[int, Span]:
        """Where each still patch and line lies on the canvas, in pixels, padded for a thick
        outline (kept per base key: they move only with the view, size or dpi)."""
        boxes = self._extents.get(base)
        if boxes is None:
            pad = BOX_PAD_PT * self._figure.dpi / 72 + 2
            boxes = {
                id(a): span_of(a.get_window_extent(renderer).padded(pad))
                for a in self.artists
                if isinstance(a, Patch | Line2D)
            }
            if len(self._extents) >= 4:
                self._extents.pop(next(iter(self._extents)))
            self._extents[base] = boxes
        return boxes

    def _lay_over(self, renderer: RendererAgg) -> None:
        key = self._keys(renderer)[-1]
        kept = self._kept.get(key)
        if kept is None:
            layer = RendererAgg(renderer.width, renderer.height, renderer.dpi)
            self._painting_on = layer
            try:
                for artist in sorted(self.artists, key=lambda a: a.get_zorder()):
                    artist.draw(layer)
            finally:
                self._painting_on = None
            image = np.asarray(layer.buffer_rgba())[::-1].copy()
            self._remember(key, 0, image)
            self.paints += 1
        else:
            image = kept[1]
            self.pastes += 1
        gc = renderer.new_gc()
        renderer.draw_image(gc, 0, 0, image)
        gc.restore()

    def __repr__(self) -> str:
        kind = "over" if self.over else "below"
        sizes: Sequence[int] = [len(g) for g in self.groups]
        return f"StillLayer({kind}, groups of {list(sizes)} artists, {len(self._kept)} kept)"


BOX_PAD_PT = 6.0
"""How far (points) a restyled artist's repainted box reaches past its outline: half the
thickest outline a look gives (a selected nerve with its casing), and some."""


def _clipped(artist: Artist, region: Bbox, draw: Callable[[Any], Any], renderer: Any) -> None:
    """Draw ``artist`` with ``draw`` clipped to ``region`` (pixels) as well as to its own box."""
    clipbox, clipon = artist.clipbox, artist._clipon
    box = region if clipbox is None else Bbox.intersection(clipbox, region)
    if box is None:
        return
    artist.clipbox, artist._clipon = box, True  # not set_clip_box: that would mark it stale
    try:
        draw(renderer)
    finally:
        artist.clipbox, artist._clipon = clipbox, clipon
