"""Draw the posterior view once and restyle it: the explorer never rebuilds the figure.

:class:`AnatomyFigure` builds one ``matplotlib.figure.Figure`` from the geometry and keeps a
handle on every artist by structure id. :meth:`AnatomyFigure.apply` takes a
:class:`~course.anatomy.view.ViewState` and changes only what differs from the last state
(visibility, colour, outline width, label position), so an event costs a redraw, not a rebuild.

Colour is never the only cue: each kind of tissue has an Okabe-Ito tint *and* a hatch or line
style, the selected structure gets a thick outline as well as the highlight colour, and labels
name what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import matplotlib.patheffects as path_effects
import numpy as np
from matplotlib.artist import Artist
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex, to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from ..figures import glyph_path, new_figure
from ..labels import LabelLayer
from ..records import LAYERS
from ..still import StillLayer
from ..style import BLACK, GREY, HIGHLIGHT, OKABE_ITO, WHITE
from .geometry import Outline, Shape, z_order
from .view import Scene, ViewState, label_text, site_role


def tint(colour: str, white: float) -> str:
    """``colour`` mixed with ``white`` (0..1) parts of white: a paler shade of a palette colour."""
    rgb = np.array(to_rgb(colour))
    return to_hex(rgb + (1 - rgb) * white)


def shade(colour: str, black: float) -> str:
    """``colour`` mixed with ``black`` (0..1) parts of black."""
    return to_hex(np.array(to_rgb(colour)) * (1 - black))


@dataclass(frozen=True)
class Look:
    """How one kind of tissue is drawn: fill, hatch (the non-colour cue), edge and opacity."""

    face: str
    hatch: str = ""
    edge: str = BLACK
    alpha: float = 1.0
    linewidth: float = 0.7
    legend: str = ""
    """The legend's words for this look (empty: not in the legend)."""


OI = OKABE_ITO
LOOKS: dict[str, Look] = {
    "bone": Look(tint(OI["orange"], 0.78), legend="bone"),
    "landmark": Look(tint(OI["orange"], 0.5), ".", legend="bony landmark (dots)"),
    "opening": Look(tint(OI["black"], 0.72), "", edge=GREY[25], legend="opening (grey)"),
    "joint": Look(tint(OI["blue"], 0.45), "||", alpha=0.55, legend="joint (vertical lines)"),
    "ligament": Look(tint(OI["bluish_green"], 0.45), "//", legend="ligament (diagonal lines)"),
    "muscle": Look(tint(OI["reddish_purple"], 0.45), legend="muscle (fibre lines)"),
    "tendon": Look(tint(OI["sky_blue"], 0.4), "--", legend="tendon (dashes)"),
    "bursa": Look(tint(OI["sky_blue"], 0.1), "o", legend="bursa (rings)"),
    "fascia": Look(tint(OI["blue"], 0.7), ".", alpha=0.35, legend="fascia (see-through)"),
    "nerve": Look(OI["yellow"], legend="nerve (yellow, black edge)"),
    "vessel": Look(shade(OI["reddish_purple"], 0.25), legend="artery (purple line)"),
    "disc": Look(tint(OI["sky_blue"], 0.5)),
    "organ": Look(tint(OI["reddish_purple"], 0.7)),
}
"""One look per structure kind (records.StructureKind)."""

MUSCLE_TINTS = {"superficial_muscle": 0.42, "intermediate": 0.3, "deep": 0.55}
"""Deeper muscles are drawn paler so that peeled layers read as layers."""

SKIN_Z = 65.0
ZONE_Z, LABEL_Z, OVERLAY_Z = 60.0, 80.0, 70.0
LABEL_PT = 7.5
"""Label size in points (view.LABEL_LINE_CM is one such line in cm at the figure's scale)."""
ZONE_LOOK = {
    "upper": (OI["blue"], (0, (7, 3))),
    "lower": (OI["bluish_green"], (0, (7, 2, 1.5, 2))),
    "lateral": (OI["orange"], (0, (1.5, 2))),
}
"""Colour and border dash pattern of each zone overlay (the name is written on it too)."""
SITE_Z = ZONE_Z + 2.0
"""Procedure-site overlays sit over the zones, under the selection's dashed outline."""
SITE_LOOK: dict[str, tuple[str, str]] = {
    "first": (OI["bluish_green"], "//"),
    "second": (OI["orange"], "xx"),
    "pressure": (OI["blue"], ".."),
}
"""Colour and hatch of each role of procedure site (first- or second-choice injection site,
pressure zone); :data:`course.anatomy.view.SITE_LOOK_WORDS` says them in words."""
BLIND_LOOK: tuple[str, str] = (GREY[48], "//")
"""The one look of every site while a pick-the-site question waits for its answer."""
SITE_NAME_ROOM_CM = 4.0
"""A site narrower than this (cm) has its name written beside it rather than on it."""
SITE_KEY_WORDS: dict[str, str] = {
    "first": "first-choice injection site (green, diagonal lines)",
    "second": "second-choice injection site (orange, crosses)",
    "pressure": "pressure-injury zone (blue, dots)",
}
"""The key's entry for each role of procedure site."""
LABEL_COLUMNS = {"medial": -6.4, "lateral": 19.8}
"""x (cm) where each label column starts, for the right side; mirrored for the left."""
X_RANGE = (-16.0, 30.0)
Y_RANGE = (-22.6, 19.6)
MIRRORED_HATCH = str.maketrans({"\\": "/", "/": "\\"})
STRUCTURE_GID = "anatomy/"
"""The prefix of each structure artist's ``gid``: ``anatomy/<structure id>`` is its element id
in an SVG export (the offline book restyles those elements, ``tools.bookweb.figures``)."""
ZONE_GID = "anatomy-zone/"
"""The prefix of each buttock zone's outline ``gid`` (``anatomy-zone/upper``...)."""
SITE_GID = "anatomy-site/"
"""The prefix of each procedure site's outline ``gid`` (``anatomy-site/<site id>``)."""
SITE_KEY_GID = "anatomy-site-key/"
"""The prefix of each procedure-site overlay's key ``gid`` (``anatomy-site-key/injection``)."""
ZONE_NAMES_GID = "anatomy-zone-names"
"""The ``gid`` prefix of the zones' names (one glyph layer for all three: ``/0``, ``/1``...)."""
STILL_KEPT = 2 * len(LAYERS) + 2
"""Copies of the still pixels an explorer keeps (about 2 MB each at 100 dpi): the pixels after
each layer on both sides (every peel depth of both sides: a selection changes none of them) and
two more (an export size), so peeling and turning back paste instead of paint."""


def look_of(kind: str, layer: str, outline: Outline) -> Look:
    """The look of one structure: its kind's look, adjusted for openings and muscle depth."""
    if outline.opening:
        return LOOKS["opening"]
    look = LOOKS[kind]
    if kind == "muscle":
        face = tint(OI["reddish_purple"], MUSCLE_TINTS.get(layer, 0.45))
        look = Look(face, outline.fibres, legend=look.legend)
    return look


@cache
def _key_image(kinds: frozenset[str], dpi: int) -> np.ndarray:
    """The colour/hatch key, rendered once to an RGBA array (it never changes)."""
    handles = [
        Patch(
            facecolor=look.face,
            edgecolor=BLACK,
            hatch=look.hatch,
            alpha=look.alpha,
            label=look.legend,
        )
        for kind, look in LOOKS.items()
        if look.legend and kind in kinds
    ]
    handles.append(
        Patch(
            facecolor=HIGHLIGHT,
            edgecolor=BLACK,
            linewidth=2.5,
            label="selected (thick outline)",
        )
    )
    return _legend_image(tuple(handles), dpi, ncol=4)


@cache
def _site_key_image(roles: tuple[str, ...], dpi: int) -> np.ndarray:
    """The key of one procedure-site overlay (its roles' colours and hatches), rendered once."""
    handles = []
    for role in roles:
        colour, hatch = SITE_LOOK[role]
        handles.append(
            Patch(
                facecolor=(*to_rgb(colour), 0.3),
                edgecolor=shade(colour, 0.2),
                hatch=hatch,
                label=SITE_KEY_WORDS[role],
            )
        )
    return _legend_image(tuple(handles), dpi, ncol=len(handles))


def _legend_image(handles: tuple[Patch, ...], dpi: int, ncol: int) -> np.ndarray:
    """A legend of ``handles`` rendered alone and cropped to its frame, as an RGBA array."""
    figure = new_figure(8, 1, dpi)
    legend = figure.legend(
        handles=list(handles),
        loc="center",
        fontsize=7.5,
        frameon=True,
        ncol=ncol,
        handlelength=1.8,
        columnspacing=1.2,
    )
    figure.canvas.draw()
    box = legend.get_window_extent().padded(1)
    image = np.asarray(figure.canvas.buffer_rgba())
    height = image.shape[0]
    rows = slice(int(height - box.y1), int(height - box.y0))
    return image[rows, int(box.x0) : int(box.x1)].copy()


class Stamp(Artist):
    """A fixed RGBA image copied onto the canvas at pixel (x, y) from the bottom left.

    Unlike ``figimage`` it is never resampled, so drawing it is a plain copy. It assumes the
    figure is rendered at its own dpi, as the explorer always does.
    """

    def __init__(self, image: np.ndarray, x: int, y: int, zorder: float = 0.0):
        super().__init__()
        self.image, self.x, self.y = image, x, y
        self.set_zorder(zorder)

    def draw(self, renderer: Any) -> None:
        if not self.get_visible():
            return
        renderer.open_group("stamp", gid=self.get_gid())  # the gid names it in an SVG
        gc = renderer.new_gc()
        renderer.draw_image(gc, self.x, self.y, self.image[::-1])
        gc.restore()
        renderer.close_group("stamp")


class AnatomyFigure:
    """The posterior view as one figure with an artist per structure, restyled in place.

    ``artists[id]`` is a PathPatch (filled outlines) or a Line2D (nerves, vessels, the iliac
    crest and the sacroiliac joint line); ``labels[id]`` its label. The lines from the shown
    labels to their anchors are one collection (:attr:`leaders`) and their anchor dots one
    marker line (:attr:`leader_dots`), so a redraw draws two artists for them, not one per label.
    """

    def __init__(self, scene: Scene, width: float = 7.4, height: float = 6.8, dpi: int = 100):
        self.scene = scene
        self.geometry = geometry = scene.geometry
        self.structures = scene.structures
        self.figure = new_figure(width, height, dpi)
        self.axes = self.figure.add_axes((0.0, 0.0, 1.0, 1.0))
        ax = self.axes
        ax.set_aspect("equal")
        ax.set_axis_off()
        ax.set_xlim(*X_RANGE)
        ax.set_ylim(*Y_RANGE)
        self.looks: dict[str, Look] = {}
        self.artists: dict[str, Any] = {}
        self.labels: dict[str, Any] = {}
        self.zones: dict[str, tuple[PathPatch, Any]] = {}
        self._state: ViewState | None = None
        self._draw_backdrop()
        for ident, shape in geometry.shapes.items():
            self._draw_structure(ident, shape)
        self._draw_zones()
        self._draw_sites()
        self._draw_labels()
        self.overlay = PathPatch(
            MplPath([(0, 0)]),
            fill=False,
            edgecolor=BLACK,
            linewidth=2.0,
            linestyle=(0, (4, 2)),
            zorder=OVERLAY_Z,
            visible=False,
        )
        ax.add_patch(self.overlay)
        self.corner_text = LabelLayer(
            self.figure, ax.transAxes, axes=ax, zorder=LABEL_Z, halo=False, colour=BLACK
        )
        self.title = self.corner_text.add(
            0.01, 0.985, " ", size=10, va="top", weight="bold", align="box"
        )
        self.compass = self.corner_text.add(
            0.99, 0.985, " ", size=8.5, ha="right", va="top", align="box"
        )
        self._draw_key()
        self.selection = (
            ax.add_patch(PathPatch(MplPath([(0, 0)]), visible=False)),
            ax.add_line(Line2D([], [], visible=False)),
        )
        """The selected structure in its highlight look: a live copy of its patch or line
        (the other one hidden), drawn where the structure lies in the stack, in its place."""
        self.still = StillLayer(self.figure, self._still_groups(), keep=STILL_KEPT)
        """The structures and backdrop bones, painted once per side and depth (see
        :meth:`_still_groups`) and never restyled on selection: the selection is a live artist
        among them (:attr:`selection`), and the zones, skin line, overlay, leaders and labels
        draw on top. An overlay added later (a layer of markers, say) is one more live artist
        above them, restyled like the zones, or one more live artist among the structures."""
        for live in self.selection:
            self.still.add_live(live)

    # ----------------------------------------------------------------------- building

    def _still_groups(self) -> list[list[Artist]]:
        """What :attr:`still` paints once, bottom up: one group per layer, from the skeleton
        (with the backdrop bones) to the skin and fascia. Peeling shows or hides whole groups,
        so the pixels under the shown layers are pasted; selecting a structure changes none of
        them (:meth:`_apply_selection`)."""
        groups: dict[str, list[Artist]] = {layer: [] for layer in reversed(LAYERS)}
        groups["skeleton"] += self.bones
        for ident, artist in self.artists.items():
            groups[self.structures[ident].layer].append(artist)
        return list(groups.values())

    def _draw_backdrop(self) -> None:
        self.bones: list[PathPatch] = []
        """The backdrop's bone shapes (ischium, femoral neck...), never restyled."""
        self.skin: list[Line2D] = []
        """The skin line over everything (dashed)."""
        for shape in self.geometry.backdrop:
            style = shape.outline.style
            if style == "skin":
                xs, ys = shape.line_data()
                self.skin += self.axes.plot(
                    xs, ys, color=GREY[48], linewidth=1.0, linestyle=(0, (5, 3)), zorder=SKIN_Z
                )
                continue
            look = LOOKS[style]
            self.bones.append(
                PathPatch(
                    shape.compound_path(),
                    facecolor=look.face,
                    edgecolor=look.edge,
                    linewidth=0.7,
                    hatch=look.hatch,
                    zorder=z_order("skeleton", shape.outline.order) - 0.05,
                )
            )
            self.axes.add_patch(self.bones[-1])

    def _draw_structure(self, ident: str, shape: Shape) -> None:
        record = self.structures[ident]
        outline = shape.outline
        look = look_of(record.kind, record.layer, outline)
        self.looks[ident] = look
        z = z_order(record.layer, outline.order)
        if shape.filled:
            artist = PathPatch(
                shape.compound_path(),
                facecolor=look.face,
                edgecolor=look.edge,
                hatch=look.hatch,
                linewidth=look.linewidth,
                alpha=look.alpha,
                zorder=z,
                hatchcolor=shade(look.face, 0.35) if record.kind == "muscle" else look.edge,
            )
            artist.set_hatch_linewidth(0.5)
            self.axes.add_patch(artist)
        else:
            xs, ys = shape.line_data()
            colour = self._line_colour(ident)
            (artist,) = self.axes.plot(
                xs,
                ys,
                color=colour,
                linewidth=outline.width,
                zorder=z,
                solid_capstyle="round",
                linestyle=(0, (3, 1.5)) if outline.hidden else "-",
            )
            artist.set_path_effects(self._casing(outline.width))
        artist.set_gid(f"{STRUCTURE_GID}{ident}")  # the element's id in an SVG export
        self.artists[ident] = artist

    def _line_colour(self, ident: str) -> str:
        kind = self.structures[ident].kind
        if kind in ("nerve", "vessel"):
            return self.looks[ident].face
        if kind == "joint":
            return OI["blue"]
        return shade(OI["orange"], 0.35)  # bony rims such as the iliac crest

    @staticmethod
    def _casing(width: float) -> list:
        return [
            path_effects.Stroke(linewidth=width + 1.6, foreground=BLACK),
            path_effects.Normal(),
        ]

    def _draw_zones(self) -> None:
        self.zone_text = LabelLayer(
            self.figure, self.axes.transData, axes=self.axes, zorder=ZONE_Z + 1, halo_width=2.5
        )
        for ident, shape in self.geometry.zones.items():
            colour, dashes = ZONE_LOOK[ident]
            # an outline only, over the tissues: a tint would recolour them and the key would
            # no longer match; a white edge under the dashes keeps it visible on any tissue
            patch = PathPatch(
                shape.compound_path(),
                facecolor="none",
                edgecolor=shade(colour, 0.2),
                linewidth=2.4,
                linestyle=dashes,
                zorder=ZONE_Z,
                visible=False,
            )
            patch.set_path_effects(
                [path_effects.Stroke(linewidth=4.4, foreground=WHITE), path_effects.Normal()]
            )
            patch.set_gid(f"{ZONE_GID}{ident}")
            self.axes.add_patch(patch)
            x, y = self._zone_label_place(ident, shape.compound_path())
            text = self.zone_text.add(
                x,
                y,
                f"{ident.capitalize()} buttock",
                size=9,
                ha="center",
                weight="bold",
                colour=shade(colour, 0.45),
                align="box",
                visible=False,
            )
            self.zones[ident] = (patch, text)
        for number, collection in enumerate(self.zone_text.layers):
            collection.set_gid(f"{ZONE_NAMES_GID}/{number}")  # its halo, then its glyphs

    def _draw_sites(self) -> None:
        """One hatched, tinted patch and a name per procedure site, hidden until its overlay is
        chosen (``sites[id]`` is the (patch, label) pair)."""
        self.sites: dict[str, tuple[PathPatch, Any]] = {}
        self.blind_names: dict[str, Any] = {}
        """Each site's name in a neutral colour, shown instead while the sites are drawn blind
        (a pick-the-site question waits: no colour may tell which site is preferred)."""
        self.site_text = LabelLayer(
            self.figure, self.axes.transData, axes=self.axes, zorder=SITE_Z + 1, halo_width=2.5
        )
        for ident, shape in self.scene.sites.shapes.items():
            site = shape.record
            colour, hatch = SITE_LOOK[site_role(site)]
            patch = PathPatch(
                shape.compound_path(),
                facecolor=(*to_rgb(colour), 0.22),
                edgecolor=shade(colour, 0.2),
                hatch=hatch,
                linewidth=2.0,
                zorder=SITE_Z,
                visible=False,
            )
            patch.set_hatch_linewidth(0.8)
            patch.set_gid(f"{SITE_GID}{ident}")
            self.axes.add_patch(patch)
            x, y = site.anchor
            text = self.site_text.add(
                x,
                y,
                label_text(site.name),
                size=9,
                ha="left" if self._beside(shape) else "center",
                weight="bold",
                colour=shade(colour, 0.45),
                align="box",
                visible=False,
            )
            self.sites[ident] = (patch, text)
            self.blind_names[ident] = self.site_text.add(
                x,
                y,
                label_text(site.name),
                size=9,
                ha=text.get_horizontalalignment(),
                weight="bold",
                colour=BLACK,
                align="box",
                visible=False,
            )

    @staticmethod
    def _beside(shape: Shape) -> bool:
        """Whether a site is too narrow to carry its name: then the name starts at its anchor
        and runs outwards (lateral), instead of being centred on it."""
        x0, _, x1, _ = shape.bounds()
        return x1 - x0 < SITE_NAME_ROOM_CM

    def _zone_label_place(self, ident: str, zone: MplPath) -> tuple[float, float]:
        """Where a zone's name goes (cm): crossing as few lines (nerves, vessels, the iliac
        crest) as it can, on the zone (at least part of the name inside its outline, near the
        outline where lines fill the zone), and of those places the nearest to the zone's
        anchor; so the name does not sit on a line where there is room beside the lines."""
        ax, name = self.axes, f"{ident.capitalize()} buttock"
        ax0, ay0 = self.geometry.zone_records[ident].anchor
        glyphs = glyph_path(name, 9, "center", "center", "bold").vertices
        cm = abs(ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0])
        half = (np.ptp(glyphs, axis=0) / 2 * self.figure.dpi / 72 + 3) / cm  # cm, 3 px margin
        lines = [
            MplPath(piece)
            for artist in self.artists.values()
            if isinstance(artist, Line2D)
            for piece in _pieces(np.asarray(artist.get_xydata(), dtype=float))
        ]
        (x_low, y_low), (x_high, y_high) = zone.vertices.min(axis=0), zone.vertices.max(axis=0)
        medial, lateral = LABEL_COLUMNS["medial"], LABEL_COLUMNS["lateral"]
        best: tuple[int, int, float, float, float] | None = None
        for x in np.arange(x_low - half[0], x_high + half[0], 0.5):
            for y in np.arange(y_low - half[1], y_high + half[1], 0.5):
                corners = [(x + sx * half[0], y + sy * half[1]) for sx in (-1, 1) for sy in (-1, 1)]
                inside = sum(zone.contains_point(c) for c in corners)
                if not zone.contains_point((x, y)) and inside < 2:
                    continue
                if not (medial <= x - half[0] and x + half[0] <= lateral):
                    continue  # clear of the columns of structure names
                box = Bbox.from_extents(x - half[0], y - half[1], x + half[0], y + half[1])
                crossed = sum(line.intersects_bbox(box, filled=False) for line in lines)
                score = (crossed, 4 - inside, float(np.hypot(x - ax0, y - ay0)), x, y)
                best = score if best is None or score < best else best
        return (ax0, ay0) if best is None else (best[3], best[4])

    def _draw_labels(self) -> None:
        self.label_text = LabelLayer(
            self.figure, self.axes.transData, axes=self.axes, zorder=LABEL_Z, halo=False
        )
        for ident, shape in self.geometry.shapes.items():
            outline = shape.outline
            x = LABEL_COLUMNS[outline.label]
            text = self.label_text.add(
                x,
                outline.anchor[1],
                label_text(self.structures[ident].name),
                size=LABEL_PT,
                ha="right" if outline.label == "medial" else "left",
                colour=BLACK,
                align="box",
                visible=False,
            )
            self.labels[ident] = text
        self.leaders = LineCollection(
            [], colors=GREY[20], linewidths=0.6, zorder=LABEL_Z - 1, visible=False
        )
        """One segment per shown label, from the label (x at its column, y where the layout put
        it, in cm) to its structure's anchor."""
        self.axes.add_collection(self.leaders, autolim=False)
        (self.leader_dots,) = self.axes.plot(
            [], [], linestyle="none", marker="o", markersize=2.5, color=GREY[20]
        )
        """A dot at the anchor end of each leader."""
        self.leader_dots.set_zorder(LABEL_Z - 1)
        self.leader_dots.set_visible(False)
        self._leader_ends: tuple[tuple[float, float, float, float], ...] = ()
        """The (label x, label y, anchor x, anchor y) in cm of the leaders drawn now."""

    def _draw_key(self) -> None:
        """The key to colours and hatches, as a fixed image centred at the bottom."""
        kinds = {self.structures[i].kind for i in self.geometry.shapes} | {"opening"}
        image = _key_image(frozenset(kinds), int(self.figure.dpi))
        left = (self.figure.bbox.width - image.shape[1]) / 2
        self.key = Stamp(image, int(left), 2, zorder=LABEL_Z)
        self.figure.add_artist(self.key)
        self.site_keys: dict[str, Stamp] = {}
        """The key of each procedure-site overlay, shown above the main key with its overlay."""
        for kind in ("injection", "pressure"):
            ids = self.scene.sites.of_kind(kind)
            roles = tuple(dict.fromkeys(site_role(self.scene.sites.records[i]) for i in ids))
            if not roles:
                continue
            extra = _site_key_image(roles, int(self.figure.dpi))
            x = (self.figure.bbox.width - extra.shape[1]) / 2
            stamp = Stamp(extra, int(x), 4 + image.shape[0], zorder=LABEL_Z)
            stamp.set_visible(False)
            stamp.set_gid(f"{SITE_KEY_GID}{kind}")
            self.figure.add_artist(stamp)
            self.site_keys[kind] = stamp

    # ----------------------------------------------------------------------- restyling

    def apply(self, state: ViewState) -> None:
        """Restyle the existing artists to show ``state``; only what changed is touched."""
        prev = self._state
        if prev is None or prev.side != state.side:
            self._apply_side(state.side)
        if prev is None or prev.depth != state.depth:
            cut = LAYERS.index(state.depth)
            for ident, artist in self.artists.items():
                _set(artist, "visible", LAYERS.index(self.structures[ident].layer) >= cut)
        if prev is None or (prev.side, prev.depth, prev.highlight) != (
            state.side,
            state.depth,
            state.highlight,
        ):
            self._apply_selection(state.highlight)
        if prev is None or prev.zones != state.zones:
            for patch, text in self.zones.values():
                _set(patch, "visible", state.zones)
                _set(text, "visible", state.zones)
        if prev is None or (prev.overlay, prev.blind) != (state.overlay, state.blind):
            self._apply_sites(state.overlay, state.blind)
        self._apply_overlay(state)
        self._apply_labels(state)
        self._state = state

    def _apply_side(self, side: str) -> None:
        left = side == "left"
        self.axes.set_xlim(*(X_RANGE[::-1] if left else X_RANGE))
        for ident, text in self.labels.items():
            medial = self.geometry.shapes[ident].outline.label == "medial"
            text.set_horizontalalignment("right" if medial != left else "left")
            fibres = self.looks[ident].hatch if self.structures[ident].kind == "muscle" else ""
            if fibres:
                artist = self.artists[ident]
                artist.set_hatch(fibres.translate(MIRRORED_HATCH) if left else fibres)
                self.still.keyed(artist, "mirrored" if left else None)
        for ident, (_, text) in self.sites.items():
            if self._beside(self.scene.sites.shapes[ident]):
                text.set_horizontalalignment("right" if left else "left")
                self.blind_names[ident].set_horizontalalignment("right" if left else "left")
        self.title.set_text(f"{side.capitalize()} buttock, seen from behind")
        self.compass.set_text("lateral  ←  midline" if left else "midline  →  lateral")

    def _apply_sites(self, overlay: str, blind: bool = False) -> None:
        """Show the procedure sites of ``overlay`` ('' hides them all) and that overlay's key;
        ``blind`` draws them all alike (grey, one hatch, black names) with no key."""
        for ident, (patch, text) in self.sites.items():
            site = self.scene.sites.records[ident]
            on = site.kind == overlay
            _set(patch, "visible", on)
            _set(text, "visible", on and not blind)
            _set(self.blind_names[ident], "visible", on and blind)
            colour, hatch = BLIND_LOOK if blind else SITE_LOOK[site_role(site)]
            _set(patch, "hatch", hatch)
            face = (*to_rgb(colour), 0.22)
            if tuple(patch.get_facecolor()) != face:
                patch.set_facecolor(face)
                patch.set_edgecolor(shade(colour, 0.2))
        for kind, stamp in self.site_keys.items():
            _set(stamp, "visible", kind == overlay and not blind)

    def visible_sites(self) -> list[str]:
        """The procedure-site ids whose overlays are drawn now, in file order."""
        return [i for i, (patch, _) in self.sites.items() if patch.get_visible()]

    def _apply_selection(self, ident: str | None) -> None:
        """Show structure ``ident`` selected (``None``: nothing): its live copy in
        :attr:`selection`, in the highlight look (highlight fill, thick outline, a wider nerve),
        stands in for it in the still layer, whose pixels stay as they are. Nothing is drawn
        for a selection peeled away (the dashed overlay outlines it)."""
        target = self.artists.get(ident) if ident else None
        patch, line = self.selection
        shown = target is not None and target.get_visible()
        live = patch if isinstance(target, PathPatch) else line
        for artist in self.selection:
            _set(artist, "visible", shown and artist is live)
        if not shown:
            self.still.stand_in(live, None)
            return
        live.update_from(target)  # the structure's look as built, hatch mirrored with the side
        if isinstance(target, PathPatch):
            live.set_path(target.get_path())
            live.set_hatch_linewidth(target.get_hatch_linewidth())
            live.set_facecolor(HIGHLIGHT)
            live.set_alpha(1.0)
            live.set_linewidth(3.0)
        else:
            live.set_data(*target.get_data())
            width = self.geometry.shapes[ident].outline.width + 2.0
            live.set_color(HIGHLIGHT)
            live.set_linewidth(width)
            live.set_path_effects(self._casing(width))
        live.set_zorder(target.get_zorder() + 0.09)  # over its neighbours of the same order
        self.still.stand_in(live, target)

    def _apply_overlay(self, state: ViewState) -> None:
        """A dashed outline of the selection where it is peeled away or hidden under others."""
        ident = state.highlight
        show = bool(ident) and (
            ident not in self.scene.shown(state.depth)
            or bool(self.scene.hidden_by(ident, state.depth))
        )
        if show and self.overlay.get_path() is not self._overlay_path(ident):
            self.overlay.set_path(self._overlay_path(ident))
        _set(self.overlay, "visible", show)

    def _overlay_path(self, ident: str) -> MplPath:
        cache = self.__dict__.setdefault("_overlay_paths", {})
        if ident not in cache:
            cache[ident] = self.geometry.shapes[ident].compound_path()
        return cache[ident]

    def _apply_labels(self, state: ViewState) -> None:
        wanted = self.scene.labelled(state)
        placed = self.scene.layout(wanted)
        ends = []
        for ident, text in self.labels.items():
            on = ident in wanted
            _set(text, "visible", on)
            if on:
                x, y = text.get_position()[0], placed[ident]
                if text.get_position()[1] != y:
                    text.set_position((x, y))
                ends.append((x, y, *self.geometry.shapes[ident].outline.anchor))
                text.set_fontweight("bold" if ident == state.highlight else "normal")
        if tuple(ends) != self._leader_ends:
            self._leader_ends = tuple(ends)
            self.leaders.set_segments([[(x, y), (ax, ay)] for x, y, ax, ay in ends])
            self.leader_dots.set_data([e[2] for e in ends], [e[3] for e in ends])
        _set(self.leaders, "visible", bool(ends))
        _set(self.leader_dots, "visible", bool(ends))

    # ----------------------------------------------------------------------- reading back

    def drawn_as(self, ident: str) -> Any:
        """The artist that draws structure ``ident`` now: its live copy in :attr:`selection`
        while it is selected and shown (in the highlight look), else its own in :attr:`artists`
        (as built)."""
        if self._state is not None and self._state.highlight == ident:
            for live in self.selection:
                if live.get_visible():
                    return live
        return self.artists[ident]

    def visible_structures(self) -> list[str]:
        """The structure ids whose artists are drawn now, in file order."""
        return [i for i, a in self.artists.items() if a.get_visible()]

    def artist_count(self) -> int:
        """How many artists the figure holds (constant for the figure's life)."""
        return len(self.figure.findobj())


def _set(artist: Any, prop: str, value: Any) -> None:
    """Set a property only if it changes (keeps an event's cost proportional to its effect)."""
    if getattr(artist, f"get_{prop}")() != value:
        getattr(artist, f"set_{prop}")(value)


def _pieces(points: np.ndarray) -> list[np.ndarray]:
    """The runs of a polyline between its NaN breaks, each with two points or more."""
    good = ~np.isnan(points).any(axis=1)
    edges = np.flatnonzero(np.diff(np.r_[0, good.astype(int), 0]))
    return [points[a:b] for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a > 1]
