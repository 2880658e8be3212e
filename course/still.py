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
    Exact: the same pixels as drawing every artist.

    A *live* artist among the still ones (:meth:`StillLayer.add_live`: a selected structure drawn
    in its highlight look, restyled every event) is not in the kept pixels. After each paste the
    layer draws it in its own box: the kept pixels of the groups wholly under it are put back
    there, and the still artists above them that reach into the box are painted again with the
    live artist among them, in zorder, clipped to the box. So the live artist sits in its place
    in the stack (what lies over it still covers it) and restyling it never invalidates the kept
    pixels. The boxes as last drawn are kept too and put back instead while neither the live
    artists nor the pixels under them change (labels toggled over a selection). A live artist
    may *stand in* for a still artist (:meth:`StillLayer.stand_in`): that one is then left out
    wherever the figure is drawn, though the kept pixels still hold it.

    ``over=True``: artists drawn over everything else (landmark dots and names), painted once onto
    a transparent layer that each draw lays over the figure as one image (within one level of
    rounding of drawing them).

When the kept pixels are invalid
    They are kept per *key*, so that going back to an earlier look pastes again. The key holds
    the canvas size in pixels, the figure's dpi, its background colour, each axes' position and
    view limits (a mirrored view is another key), which still artists are visible (a layer
    shown or hidden is another key) and the looks named with :meth:`StillLayer.keyed` (a hatch
    mirrored with the view is another key). Any other still artist restyled in place
    (matplotlib marks it ``stale``), a label of a still :class:`~course.labels.LabelLayer` that
    changed, or :meth:`StillLayer.invalidate` drops the kept pixels of its group and of every
    group above.
    At most ``keep`` copies are kept (the oldest goes first).

Other renderers (SVG, PDF) draw every artist as usual (but a still artist a live one stands in
for). Still artists of the ``below`` kind must lie under every artist that changes (they are
painted first) but the live ones, and the axes that hold them do not paint their background
patch over them (it is hidden here).
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
        self.live: list[Artist] = []
        """The live artists among the still ones (:meth:`add_live`), drawn in their boxes."""
        self.live_paints = 0
        """How many draws painted the live artists in their boxes (rather than putting back
        their boxes as last drawn: nothing under or in them changed)."""
        self._figure = figure
        self._kept: dict[tuple, tuple[int, Any]] = {}  # key -> (group index, pixels)
        self._looks: dict[int, Hashable] = {}  # id(artist) -> its look, set by keyed()
        self._extents: dict[tuple, dict[int, Span]] = {}  # base key -> boxes of the artists
        self._stood_in: dict[int, Artist] = {}  # id(live artist) -> the still artist it replaces
        self._live_kept: tuple[tuple, list[Any]] | None = None  # the last live drawing's boxes
        self._painting_on: Any = None  # the renderer the still artists draw on now, if any
        self._drawn_by: Any = None  # the renderer whose draw pasted or painted them
        self._released = False
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
        self._live_kept = None

    def keyed(self, artist: Artist, look: Hashable) -> None:
        """Say that ``artist`` (a still artist) was just restyled to ``look``, a hashable name
        for how it looks now (``None``: as built). The look becomes part of the key instead of
        a change: pixels kept for a look are pasted again when the artist goes back to it (a
        hatch mirrored with the view)."""
        if look is None:
            self._looks.pop(id(artist), None)
        else:
            self._looks[id(artist)] = look
        artist.stale = False

    def add_live(self, artist: Artist) -> None:
        """Take ``artist``, a patch or line restyled from event to event whose zorder lies among
        the still artists' (a selected structure in its highlight look), as a live artist: it
        is never in the kept pixels, and on an Agg draw that pastes them the layer draws it in
        its box, between the still artists under and over it (see the module notes), so that
        restyling, moving, showing or hiding it never paints the still artists again. On other
        renderers it draws itself where its zorder puts it. Only a ``below`` layer has them."""
        if self.over:
            raise ValueError("a StillLayer laid over the figure (over=True) has no live artists")
        if any(artist is a for a in self.artists):
            raise ValueError(f"{artist!r} is a still artist of this layer, so it cannot be live")
        if not isinstance(artist, Patch | Line2D):
            raise TypeError(f"a live artist must be a patch or a line (its box), not {artist!r}")
        self.live.append(artist)
        self._draw[id(artist)] = artist.draw
        artist.draw = self._skipping(artist)  # type: ignore[method-assign]

    def stand_in(self, live: Artist, still: Artist | None) -> None:
        """Let the live artist ``live`` stand in for the still artist ``still`` (``None``: for
        none): while ``live`` is visible, ``still`` is left out of the drawing (an Agg draw
        paints the box of ``live``, grown to hold the box of ``still``, without it; other
        renderers skip it), though the kept pixels still hold it (the structure as built, under
        its copy in the highlight look)."""
        if not any(live is a for a in self.live):
            raise ValueError(f"{live!r} is not a live artist of this layer (add_live)")
        if still is None:
            self._stood_in.pop(id(live), None)
        elif not any(still is a for a in self.artists):
            raise ValueError(f"{still!r} is not a still artist of this layer")
        elif not isinstance(still, Patch | Line2D):
            raise TypeError(f"only a still patch or line (its box) can be stood in for: {still!r}")
        else:
            self._stood_in[id(live)] = still

    def release(self) -> None:
        """Take the layer off its figure: every still artist draws itself again (but one that
        a visible live artist stands in for: the live artist is drawn instead)."""
        self._released = True
        self.invalidate()
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
            elif self._released:
                if not self._replaced(artist):
                    draw(renderer, *args, **kwargs)
            elif self.over:
                if not isinstance(renderer, RendererAgg):
                    draw(renderer, *args, **kwargs)  # vector output
            elif renderer is not self._drawn_by and not self._replaced(artist):
                draw(renderer, *args, **kwargs)  # vector output, or no paste in this draw

        return skip_if_kept

    def _replaced(self, artist: Artist) -> bool:
        """Whether a visible live artist stands in for ``artist``."""
        return any(
            still is artist and live.get_visible()
            for live in self.live
            for still in (self._stood_in.get(id(live)),)
        )

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
        """Paste the kept pixels of the still artists, painting (and keeping) what is missing,
        then draw the live artists among them."""
        self._drawn_by = None
        if not isinstance(renderer, RendererAgg) or not self.groups:
            return  # vector output: the still artists draw themselves
        self._drop_stale()
        if self.over:
            self._lay_over(renderer)
        else:
            keys = self._keys(renderer)
            if not self._paint_under(renderer, keys):
                self._live_kept = None  # the still pixels under the live artists were painted
            self._draw_live(renderer, keys)
        self._drawn_by = renderer
        self.stale = False

    def _paint_under(self, renderer: RendererAgg, keys: list[tuple]) -> bool:
        """Paste the highest kept group, then paint (and keep) the groups above it; True where
        every still artist was pasted."""
        kept = self._kept
        top = len(keys) - 1
        exact = next((i for i in reversed(range(len(keys))) if keys[i] in kept), -1)
        if exact == top:
            self._paste(renderer, keys[top])
            self.pastes += 1
            return True
        self.paints += 1
        if exact >= 0:
            self._paste(renderer, keys[exact])
        elif self._background_draw is not None:
            self._background_draw(renderer)  # nothing kept: the background goes first
        whole = Bbox.from_extents(0, 0, renderer.width, renderer.height)  # whole pixels
        self._painting_on = renderer
        try:
            for index in range(exact + 1, len(keys)):
                for artist in sorted(self.groups[index], key=lambda a: a.get_zorder()):
                    artist.draw(renderer)
                if index == top or keys[index + 1] != keys[index]:
                    self._remember(keys[index], index, renderer.copy_from_bbox(whole))
        finally:
            self._painting_on = None
        return False

    def _paste(self, renderer: RendererAgg, key: tuple) -> None:
        renderer.restore_region(self._kept[key][1])
        self._kept[key] = self._kept.pop(key)  # most recently used

    def _draw_live(self, renderer: RendererAgg, keys: list[tuple]) -> None:
        """Draw the visible live artists over the pasted still pixels, each in its box: put
        back there the kept pixels of the groups wholly under them (or the background), then
        paint in zorder every still artist above those groups that reaches into the box (but
        the ones stood in for) with the live artists, clipped to the box."""
        live = [a for a in self.live if a.get_visible()]
        if not live:
            return
        boxes = self._boxes(renderer, keys[-1][0])
        for artist in live:
            boxes[id(artist)] = self._box_of(renderer, artist, boxes)
        regions = [self._region(renderer, boxes[id(a)]) for a in live]
        regions = [region for region in regions if region is not None]
        # the same live artists in the same boxes, none restyled since (matplotlib marks a
        # restyled artist stale), over the same pasted pixels: their boxes as drawn last time
        # are put back (an event that changes only what lies above them)
        drawing = (
            keys[-1],
            tuple(id(a) for a in live),
            tuple(map(id, self._stood_in.values())),
            tuple(tuple(region.extents) for region in regions),
        )
        kept = self._live_kept
        if kept is not None and kept[0] == drawing and not any(a.stale for a in live):
            for pixels in kept[1]:
                renderer.restore_region(pixels)
            return
        self.live_paints += 1
        replaced = {id(s) for a in live if (s := self._stood_in.get(id(a))) is not None}
        lowest = min(
            [a.get_zorder() for a in live]
            + [a.get_zorder() for a in self.artists if id(a) in replaced]
        )
        under = -1  # the highest group whose shown artists all lie under every live artist
        for index, group in enumerate(self.groups):
            shown = [a for a in group if a.get_visible()]
            if any(a.get_zorder() >= lowest or id(a) in replaced for a in shown):
                break
            under = index
        while under >= 0 and keys[under] not in self._kept:
            under -= 1  # not kept (yet): start from a lower group's pixels
        if under < 0 and not self._figure.patch.get_visible():
            under = -2  # no background to paint: start from clear pixels
        drawn = sorted(
            [
                a
                for group in self.groups[max(under, -1) + 1 :]
                for a in group
                if a.get_visible() and id(a) not in replaced
            ]
            + live,
            key=lambda a: a.get_zorder(),
        )  # stable: a live artist goes over a still one of the same zorder
        self._painting_on = renderer
        try:
            for region in regions:
                self._put_back(renderer, region, keys[under] if under >= 0 else None)
                self._paint_in(renderer, region, drawn, boxes)
        finally:
            self._painting_on = None
        for artist in live:
            artist.stale = False  # drawn as it is now (a live artist out of every box too)
        self._live_kept = (drawing, [renderer.copy_from_bbox(region) for region in regions])
        if under >= 0:
            self._kept[keys[under]] = self._kept.pop(keys[under])  # most recently used

    def _box_of(self, renderer: RendererAgg, artist: Artist, boxes: dict[int, Span]) -> Span:
        """Where live ``artist`` lies on the canvas, in pixels, padded as :meth:`_boxes` pads,
        with the box (in ``boxes``) of the still artist it stands in for."""
        pad = BOX_PAD_PT * self._figure.dpi / 72 + 2
        box = span_of(artist.get_window_extent(renderer).padded(pad))
        still = self._stood_in.get(id(artist))
        if still is not None:
            other = boxes[id(still)]
            box = (
                min(box[0], other[0]),
                min(box[1], other[1]),
                max(box[2], other[2]),
                max(box[3], other[3]),
            )
        return box

    @staticmethod
    def _region(renderer: RendererAgg, box: Span) -> Bbox | None:
        """``box`` cut to the canvas, in whole pixels; None where nothing of it is left."""
        x0, y0 = max(0, round(box[0])), max(0, round(box[1]))
        x1, y1 = min(renderer.width, round(box[2])), min(renderer.height, round(box[3]))
        return Bbox.from_extents(x0, y0, x1, y1) if x0 < x1 and y0 < y1 else None

    def _put_back(self, renderer: RendererAgg, region: Bbox, key: tuple | None) -> None:
        """Make ``region`` what it was after the group kept as ``key``; with no key, the
        figure's background, or clear pixels where the background is hidden."""
        x0, y0, x1, y1 = (int(v) for v in region.extents)
        height = renderer.height
        if key is not None:
            # the pixels [x0, x1) x [y0, y1) of the canvas, as Agg's rows from the top
            renderer.restore_region(
                self._kept[key][1], bbox=(x0, height - y1, x1 - 1, height - y0 - 1), xy=(0, 0)
            )
        elif self._figure.patch.get_visible():
            patch = self._figure.patch
            _clipped(patch, region, self._background_draw or patch.draw, renderer)
        else:
            np.asarray(renderer.buffer_rgba())[height - y1 : height - y0, x0:x1] = 0

    def _paint_in(
        self, renderer: RendererAgg, region: Bbox, artists: list[Artist], boxes: dict[int, Span]
    ) -> None:
        """Paint each of ``artists`` that reaches into ``region`` again, clipped to it."""
        reach, cuts = span_of(region), {}
        for artist in artists:
            box = boxes.get(id(artist))
            if box is None or meets(box, reach):
                _clipped(artist, region, self._draw[id(artist)], renderer, cuts)

    def _boxes(self, renderer: RendererAgg, base: tuple) -> dict[int, Span]:
        """Where each still patch and line lies on the canvas, in pixels, padded for a thick
        outline (kept per base key: they move only with the view, size or dpi). A copy: the
        caller may add to it."""
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
        return dict(boxes)

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
"""How far (points) a live artist's repainted box reaches past its outline: half the thickest
outline a look gives (a selected nerve with its casing), and some."""


def _clipped(
    artist: Artist,
    region: Bbox,
    draw: Callable[[Any], Any],
    renderer: Any,
    cuts: dict[int, Bbox | None] | None = None,
) -> None:
    """Draw ``artist`` with ``draw`` clipped to ``region`` (pixels) as well as to its own box.
    ``cuts`` keeps each clip box's overlap with ``region`` for the next artist drawn there (the
    artists of one axes share a clip box, which is slow to intersect)."""
    clipbox, clipon = artist.clipbox, artist._clipon
    if clipbox is None:
        box = region
    elif cuts is None:
        box = Bbox.intersection(clipbox, region)
    else:
        if id(clipbox) not in cuts:
            cuts[id(clipbox)] = Bbox.intersection(clipbox, region)
        box = cuts[id(clipbox)]
    if box is None:
        return
    artist.clipbox, artist._clipon = box, True  # not set_clip_box: that would mark it stale
    try:
        draw(renderer)
    finally:
        artist.clipbox, artist._clipon = clipbox, clipon
