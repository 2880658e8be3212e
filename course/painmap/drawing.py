"""Body charts and pain maps drawn on matplotlib Figures, restyled in place.

A :class:`BodyChart` draws the silhouette, every region (one patch per drawn copy) and the
landmarks once. Showing a pain source, or a student's marks, only changes the existing patches'
colours, transparency, hatching and outlines and the existing texts — nothing is added or
removed afterwards, so a widget can redraw with ``draw_idle()`` in a few milliseconds.

Encoding, so that colour never carries meaning alone:

- a source's *kind* sets its Okabe-Ito colour, and each source also has its own hatch;
- how often or how consistently a region is involved sets the fill's opacity, and maps given as
  proportions of patients also print the percentage on the region;
- the key area has a thick black outline;
- the student's own marks are a vermillion outline with cross-hatching.

Maps are drawn on the patient's right side only; the left mirrors it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Polygon, Rectangle
from matplotlib.path import Path

from .. import words
from ..figures import MIN_TEXT_PT, new_figure
from ..labels import Label, LabelLayer
from ..still import StillLayer
from ..style import GREY, HATCHES, HIGHLIGHT, OKABE_ITO, WHITE
from .regions import CHART_LIMITS, VIEWS, PlacedShape, body_regions, place
from .sources import KINDS, PainSource, pain_sources

KIND_COLOUR: dict[str, str] = {
    "dermatome": OKABE_ITO["bluish_green"],
    "somatic_referral": OKABE_ITO["orange"],
    "radicular": OKABE_ITO["blue"],
    "cutaneous_nerve": OKABE_ITO["reddish_purple"],
    "nerve_entrapment": OKABE_ITO["sky_blue"],
}
"""Okabe-Ito colour per source kind; vermillion is kept for the student's own marks."""

REGION_FACE = WHITE
REGION_EDGE = GREY[63]
OUTLINE_FACE = GREY[86]
KEY_EDGE = OKABE_ITO["black"]
VIEW_TITLE = {"posterior": "Back view", "anterior": "Front view"}
SCALE_WEIGHTS = (0.15, 0.35, 0.7, 1.0)
SCALE_WORDS = {
    "proportion": ("15%", "35%", "70%", "100%"),
    "consistency": ("rare", "some", "usual", "core"),
}
DERMATOME_NOTE = (
    "Dermatomes: only the most consistent area of each is shaded (after Lee et al. 2008). "
    "Unshaded skin is not 'no supply': neighbouring dermatomes overlap and vary between people."
)
LABEL_MIN_CM = (3.5, 2.5)
"""Smallest region (mean width, height in cm) that gets a printed percentage; the text description
and the legend give every figure."""
SIDE_NOTE = "Shaded on the patient's right; the left mirrors it."
DERMATOME_FOOTNOTE = "Dermatomes: consistent areas only (Lee 2008); they overlap and vary."
"""The short form of DERMATOME_NOTE printed in the figure; the full note goes under it."""
SCALE_UNIT = {"proportion": "% of patients:", "consistency": "teaching weight:"}


def scale_note(measures: tuple[str, ...]) -> str:
    """The note printed under two maps shown side by side whose shading measures differ ("" when
    they share one): their shades then say different things and must not be compared.

    Maps of the same measure share one scale by construction (:func:`fill_alpha` of
    :data:`SCALE_WEIGHTS`), so only a mixed pair needs the note."""
    if len(set(measures)) < 2:
        return ""
    units = " / ".join(SCALE_UNIT[m].rstrip(":") for m in measures)
    return f"A and B shade different measures ({units}): compare where, not how dark."


def source_style(source: PainSource) -> tuple[str, str]:
    """The (colour, hatch) pair that identifies a source in every figure."""
    same_kind = [s.id for s in pain_sources(source.kind)]
    hatches = HATCHES[1:]  # the first entry is 'no hatch'
    return KIND_COLOUR[source.kind], hatches[same_kind.index(source.id) % len(hatches)]


def fill_alpha(weight: float) -> float:
    """Opacity of a region's fill for a map weight in 0..1 (0 stays fully transparent)."""
    return 0.0 if weight <= 0 else 0.1 + 0.8 * min(weight, 1.0)


HATCH_RGBA = (0.15, 0.15, 0.15, 0.55)
"""Hatch lines: dark and half transparent, the same on every region of a map (the hatch says
*which* source; the fill's opacity says *how often*)."""


def describe_map(source: PainSource | None) -> str:
    """A plain-text description of one source's map, for screen readers and tests."""
    if source is None:
        return "No source shown."
    from .regions import body_region

    parts = ", ".join(
        f"{body_region(s.region).name} {source.weight_words(s.frequency)}"
        + (" [key area]" if s.key else "")
        + (f" [{s.evidence}]" if s.evidence and s.evidence != source.evidence else "")
        for s in sorted(source.regions, key=lambda s: -s.frequency)
    )
    return (
        f"{source.name} ({words.PAIN_SOURCE_KIND[source.kind]}). "
        f"Shading: {words.MEASURE[source.measure]}. "
        f"Evidence: {words.evidence_named(source.evidence)}. Regions: {parts}."
    )


def _fits_label(shape: PlacedShape) -> bool:
    """True where a percentage fits inside the region without running into its neighbours."""
    ys = [y for _, y in shape.points]
    height = max(ys) - min(ys)
    return height >= LABEL_MIN_CM[1] and shape.area / height >= LABEL_MIN_CM[0]


def _setup_axes(ax: Axes, view: str) -> LabelLayer:
    """Limits, orientation and the view's name; returns the axes' label layer."""
    ax.set_xlim(*CHART_LIMITS["x"])
    ax.set_ylim(*CHART_LIMITS["y"])
    if view == "anterior":
        ax.invert_xaxis()  # seen from the front: the patient's right is on the viewer's left
    ax.set_aspect("equal")
    ax.set_axis_off()
    layer = LabelLayer(ax.figure, ax.transData, axes=ax, zorder=7)
    left, right = ("L", "R") if view == "posterior" else ("R", "L")  # as the viewer sees them
    title = f"{left}    {VIEW_TITLE[view]}    {right}"
    layer.add(0, CHART_LIMITS["y"][1], title, size=8, ha="center", va="top")
    return layer


class BodyChart:
    """A posterior and an anterior body chart on two axes, built once and restyled after.

    Per view the chart holds a fixed set of artists: the silhouette, a collection of every
    region copy (white), a collection for the shaded map, one for key-area outlines, one for the
    student's marks (``marks=True``) and a percentage text per labelled region copy. Painting a
    map or showing marks only replaces the vertices and colours of those collections and the
    texts' strings.
    """

    def __init__(self, posterior: Axes, anterior: Axes, *, marks: bool = False):
        self.axes: dict[str, Axes] = {"posterior": posterior, "anterior": anterior}
        self.text: dict[str, LabelLayer] = {v: _setup_axes(ax, v) for v, ax in self.axes.items()}
        self.backdrop: list[Artist] = []
        """The artists that never change and lie under all others: the silhouette and the
        white regions (a figure can paint them once, see :mod:`course.still`)."""
        for outline in body_regions("outline"):
            for shape in place(outline):
                poly = Polygon(shape.points, closed=True, facecolor=OUTLINE_FACE)
                poly.set_edgecolor(GREY[33])
                poly.set_linewidth(0.8)
                self.axes[shape.view].add_patch(poly)
                self.backdrop.append(poly)
        self.shapes: list[PlacedShape] = [s for r in body_regions() for s in place(r)]
        self.shade: dict[str, PolyCollection] = {}
        self.keys: dict[str, PolyCollection] = {}
        self.marks: dict[str, PolyCollection] = {}
        self.hatch: dict[str, PathPatch] = {}
        self.mark_hatch: dict[str, PathPatch] = {}
        self.labels: dict[tuple[str, str, str], Label] = {}
        """Percentage texts by (view, region, side), for region copies big enough to hold one."""
        self._label_area: dict[tuple[str, str, str], float] = {}
        self._zone = {r.id: r.zone for r in body_regions()}
        self.percent: dict[str, LabelLayer] = {
            v: LabelLayer(ax.figure, ax.transData, axes=ax, zorder=7) for v, ax in self.axes.items()
        }
        """The percentage labels of each view (the view's names and landmarks are in ``text``)."""
        for view, ax in self.axes.items():
            mine = [s for s in self.shapes if s.view == view]
            base = PolyCollection([s.points for s in mine], facecolors=REGION_FACE, zorder=1)
            base.set_edgecolor(REGION_EDGE)
            base.set_linewidth(0.4)
            ax.add_collection(base, autolim=False)
            self.backdrop.append(base)
            self.shade[view] = _collection(ax, zorder=1.5, edgecolor=REGION_EDGE, linewidth=0.4)
            self.keys[view] = _collection(ax, zorder=2, edgecolor=KEY_EDGE, linewidth=2.0)
            self.keys[view].set_facecolor("none")
            # Hatching is drawn as one compound path per layer: Agg renders a hatch tile for
            # every hatched path, so one path instead of twenty saves most of the cost.
            self.hatch[view] = _hatch_layer(ax, zorder=1.6, colour=HATCH_RGBA)
            if marks:
                mark = _collection(ax, zorder=4, edgecolor=HIGHLIGHT, linewidth=2.0)
                mark.set_facecolor("none")
                self.marks[view] = mark
                self.mark_hatch[view] = _hatch_layer(ax, zorder=4.1, colour=HIGHLIGHT, hatch="xx")
            for s in mine:
                if s.side != "left" and _fits_label(s):
                    cx, cy = s.centroid
                    label = self.percent[view].add(cx, cy, size=MIN_TEXT_PT, ha="center")
                    self.labels[(view, s.region, s.side)] = label
                    self._label_area[(view, s.region, s.side)] = s.area
        self.foreground: list[Artist] = [c for layer in self.text.values() for c in layer.layers]
        """The artists that never change and lie over all others: the view names, landmark
        dots and landmark names (a figure can paint them once, see :mod:`course.still`)."""
        self._draw_landmarks()
        self.source: PainSource | None = None
        self.shaded: dict[str, list[tuple[PlacedShape, float]]] = {v: [] for v in VIEWS}
        """What the shade collections hold now: per view, (region copy, weight) in order."""
        self.keyed: dict[str, list[PlacedShape]] = {v: [] for v in VIEWS}
        self.marked: dict[str, list[PlacedShape]] = {v: [] for v in VIEWS}

    def _draw_landmarks(self) -> None:
        """Bony points as one marker line per view, bony lines as one collection per view."""
        points: dict[str, list[tuple[float, float]]] = {v: [] for v in VIEWS}
        lines: dict[str, list] = {v: [] for v in VIEWS}
        for landmark in body_regions("landmark"):
            for shape in place(landmark):
                if len(shape.points) > 1:
                    lines[shape.view].append(shape.points)
                    continue
                points[shape.view].append(shape.points[0])
                if shape.side == "left":  # maps are shaded on the right: label the left
                    x, y = shape.points[0]
                    outward = abs(x) < 15  # near the body's edge, label towards the midline
                    ha = "right" if (shape.view == "posterior") == outward else "left"
                    dx = -1.4 if outward else 1.4
                    self.text[shape.view].add(x + dx, y, landmark.name, size=MIN_TEXT_PT, ha=ha)
        for view, ax in self.axes.items():
            xs, ys = zip(*points[view], strict=True)
            self.foreground += ax.plot(
                xs, ys, "o", color=GREY[20], markersize=2.5, linestyle="none", zorder=6
            )
            bony = LineCollection(lines[view], colors=GREY[33], linewidths=0.8, zorder=3)
            ax.add_collection(bony, autolim=False)

    def view_of(self, ax: Axes) -> str | None:
        """Which view an axes shows (``posterior``/``anterior``), or None if not this chart's."""
        for view, mine in self.axes.items():
            if mine is ax:
                return view
        return None

    def paint(self, source: PainSource | None) -> None:
        """Shade ``source``'s map on the right side (None clears the chart)."""
        self.source = source
        weights = {s.region: s.frequency for s in source.regions} if source else {}
        keys = set(source.key_regions) if source else set()
        colour, hatch = source_style(source) if source else (REGION_FACE, "")
        for view in VIEWS:
            shaded = [
                (s, weights[s.region])
                for s in self.shapes
                if s.view == view and s.side != "left" and weights.get(s.region, 0) > 0
            ]
            collection = self.shade[view]
            collection.set_verts([s.points for s, _w in shaded])
            collection.set_facecolor([to_rgba(colour, fill_alpha(w)) for _s, w in shaded])
            self.hatch[view].set_path(_compound([s for s, _w in shaded]))
            self.hatch[view].set_hatch(hatch)
            self.hatch[view].set_visible(bool(shaded))  # Agg draws a hatch tile even for nothing
            self.shaded[view] = shaded
            keyed = [s for s, _w in shaded if s.region in keys]
            self.keys[view].set_verts([s.points for s in keyed])
            self.keyed[view] = keyed
        shown = self._labelled(weights) if source and source.measure == "proportion" else set()
        for key, label in self.labels.items():
            label.set_text(words.percent(weights[key[1]]) if key in shown else "")

    def _labelled(self, weights: dict[str, float]) -> set[tuple[str, str, str]]:
        """Which labels to print: one per view, zone and figure (on its largest region copy).

        A study zone such as 'buttock' gives many regions the same figure; printing it once keeps
        the chart readable and quick to redraw. The text description lists every region.
        """
        best: dict[tuple[str, str, float], tuple[float, tuple[str, str, str]]] = {}
        for key, area in self._label_area.items():
            weight = weights.get(key[1], 0.0)
            if weight > 0:
                group = (key[0], self._zone[key[1]], weight)
                if group not in best or area > best[group][0]:
                    best[group] = (area, key)
        return {key for _area, key in best.values()}

    def show_marks(self, marked: set[tuple[str, str]]) -> None:
        """Show the student's marks: a set of (region id, side) pairs."""
        for view, collection in self.marks.items():
            chosen = [s for s in self.shapes if s.view == view and (s.region, s.side) in marked]
            collection.set_verts([s.points for s in chosen])
            self.mark_hatch[view].set_path(_compound(chosen))
            self.mark_hatch[view].set_visible(bool(chosen))
            self.marked[view] = chosen

    def shading(self) -> dict[tuple[str, str, str], float]:
        """The fill opacity now shown per (view, region, side), read back from the artists."""
        found = {}
        for view, shaded in self.shaded.items():
            colours = self.shade[view].get_facecolor()
            for (shape, _weight), rgba in zip(shaded, colours, strict=True):
                found[(view, shape.region, shape.side)] = float(rgba[3])
        return found

    def copies(self, region: str, side: str | None = None, view: str | None = None):
        """The drawn copies of one region, optionally of one side and view."""
        return [
            s
            for s in self.shapes
            if s.region == region
            and (side is None or s.side == side)
            and (view is None or s.view == view)
        ]


def _compound(shapes: list[PlacedShape]) -> Path:
    """All the shapes as one closed compound path (an empty path for no shapes)."""
    if not shapes:
        return Path(np.zeros((1, 2)))
    return Path.make_compound_path(*(Path(s.points, closed=True) for s in shapes))


def _hatch_layer(ax: Axes, *, zorder: float, colour, hatch: str = "") -> PathPatch:
    """A patch that only draws hatching, over whatever compound path it is given."""
    patch = PathPatch(_compound([]), facecolor="none", edgecolor="none", hatch=hatch, zorder=zorder)
    patch.set_hatchcolor(colour)
    patch.set_visible(False)  # shown once it has shapes to hatch
    ax.add_patch(patch)
    return patch


def _collection(ax: Axes, *, zorder: float, edgecolor: str, linewidth: float) -> PolyCollection:
    collection = PolyCollection([], zorder=zorder)
    collection.set_edgecolor(edgecolor)
    collection.set_linewidth(linewidth)
    ax.add_collection(collection, autolim=False)
    return collection


class MapLegend:
    """A legend on its own axes: the source's swatch and name, its evidence, the shading scale."""

    def __init__(self, ax: Axes):
        self.ax = ax
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_axis_off()
        self.swatch = Rectangle((0.0, 0.62), 0.07, 0.3, facecolor=REGION_FACE, edgecolor=GREY[20])
        ax.add_patch(self.swatch)
        self.text = LabelLayer(ax.figure, ax.transData, axes=ax, halo=False)
        self.name = self.text.add(0.09, 0.77, size=7.5, weight="bold")
        self.details = self.text.add(0.0, 0.43, size=MIN_TEXT_PT)
        self.unit = self.text.add(0.0, 0.11, size=MIN_TEXT_PT)
        xs = [0.23 + i * 0.15 for i in range(len(SCALE_WEIGHTS))]
        self.boxes = PolyCollection(
            [[(x, 0.02), (x + 0.05, 0.02), (x + 0.05, 0.2), (x, 0.2)] for x in xs]
        )
        self.boxes.set_edgecolor(REGION_EDGE)
        ax.add_collection(self.boxes, autolim=False)
        self.scale: list[Label] = [self.text.add(x + 0.06, 0.11, size=MIN_TEXT_PT) for x in xs]
        self.key = Rectangle((0.85, 0.02), 0.05, 0.18, facecolor=REGION_FACE, edgecolor=KEY_EDGE)
        self.key.set_linewidth(2.0)
        ax.add_patch(self.key)
        self.key_text = self.text.add(0.91, 0.11, "key", size=MIN_TEXT_PT)

    def show(self, source: PainSource | None, empty_text: str = "No source chosen") -> None:
        """Restyle the legend for ``source`` (None shows ``empty_text``)."""
        visible = source is not None
        self.boxes.set_visible(visible)
        for text in self.scale:
            text.set_visible(visible)
        self.key.set_visible(visible)
        self.key_text.set_visible(visible)
        self.unit.set_text(SCALE_UNIT[source.measure] if source else "")
        if source is None:
            self.swatch.set_facecolor(REGION_FACE)
            self.swatch.set_hatch("")
            self.name.set_text(empty_text)
            self.details.set_text("")
            return
        colour, hatch = source_style(source)
        self.swatch.set_facecolor(to_rgba(colour, fill_alpha(1.0)))
        self.swatch.set_hatch(hatch)
        self.swatch.set_hatchcolor(HATCH_RGBA)
        self.name.set_text(f"{source.short} — {words.PAIN_SOURCE_KIND[source.kind]}")
        self.details.set_text(f"Evidence: {words.evidence_named(source.evidence)}")
        # the scale shows opacity only: the hatch is the source's, shown on the swatch
        self.boxes.set_facecolor([to_rgba(colour, fill_alpha(w)) for w in SCALE_WEIGHTS])
        for text, word in zip(self.scale, SCALE_WORDS[source.measure], strict=True):
            text.set_text(word)


@dataclass
class ChartFigure:
    """A figure holding one body chart (back and front view), its legend, title and footer."""

    figure: Figure
    chart: BodyChart
    legend: MapLegend
    title: Label
    footer: Label
    backdrop: StillLayer | None = None
    """The chart's unchanging bottom layer, painted once per size on the Agg canvas."""
    foreground: StillLayer | None = None
    """The chart's unchanging top layer (landmarks, view names), laid over each Agg draw."""


def chart_figure(*, marks: bool = False, width: float = 4.6, height: float = 7.0) -> ChartFigure:
    """A new figure with a body chart, a legend below it, a title and a footer note.

    The compare widget uses two, side by side (so that changing one map redraws one figure);
    the exercise uses one with ``marks=True``.
    """
    figure = new_figure(width, height)
    posterior = figure.add_axes((0.02, 0.19, 0.47, 0.73))
    anterior = figure.add_axes((0.51, 0.19, 0.47, 0.73))
    legend = MapLegend(figure.add_axes((0.04, 0.082, 0.93, 0.102)))  # room for 3 footer lines
    layer = LabelLayer(figure, figure.transFigure, halo=False)
    title = layer.add(0.5, 0.975, size=9, ha="center", va="top", weight="bold")
    footer = layer.add(0.5, 0.008, SIDE_NOTE, size=MIN_TEXT_PT, ha="center", va="bottom", wrap=78)
    chart = BodyChart(posterior, anterior, marks=marks)
    backdrop = StillLayer(figure, chart.backdrop)
    foreground = StillLayer(figure, chart.foreground, over=True)
    return ChartFigure(figure, chart, legend, title, footer, backdrop, foreground)


def owned_artists(figure: Figure) -> int:
    """How many artists a chart figure owns: its own artists and axes, and each axes' patches,
    collections, texts and lines. Restyling must keep this constant (matplotlib's own tick
    objects come and go with drawing and are not counted)."""
    return (
        len(figure.artists)
        + len(figure.texts)
        + sum(
            1 + len(ax.patches) + len(ax.collections) + len(ax.texts) + len(ax.lines)
            for ax in figure.axes
        )
    )


def source_choices() -> list[tuple[str, str]]:
    """Dropdown options (label, id) for every source: the name first, then its kind.

    An ipywidgets drop-down has no option groups, so the options are grouped by order: kind by
    kind (in ``KINDS`` order), names alphabetical inside a kind, each label ending in its kind
    ("Facet joint (referred) — somatic referred pain"). One drop-down per map keeps a choice to
    one click and lets a student type the start of a name to jump to it; a closed drop-down
    that cuts its label still shows the name.
    """
    options = []
    for kind in KINDS:
        for s in sorted(pain_sources(kind), key=lambda source: source.short.casefold()):
            options.append((f"{s.short} — {words.PAIN_SOURCE_KIND[kind]}", s.id))
    return options


__all__ = [
    "KIND_COLOUR",
    "VIEWS",
    "BodyChart",
    "ChartFigure",
    "MapLegend",
    "chart_figure",
    "describe_map",
    "owned_artists",
    "scale_note",
    "source_choices",
    "source_style",
]
