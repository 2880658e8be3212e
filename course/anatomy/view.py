"""What the explorer shows, as plain data: the view state and everything derived from it.

A :class:`ViewState` says how deep the view is peeled, which side is shown, what is selected
and whether labels and zones are on. :class:`Scene` answers the questions the drawing, the
widget and the tests ask about a state (what is drawn, what hides what, what a click at a point
hits, where the labels go, and the text description) without touching a figure.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache, cached_property
from typing import Any, Literal

from .. import words
from ..catalogue import content
from ..loading import suggest
from ..records import LAYERS
from .geometry import (
    ZONES,
    Geometry,
    covering,
    geometry_of,
    phrase,
    pick,
    relations,
    shown_ids,
)
from .sites import SiteShapes, clearances, site_shapes

Side = Literal["right", "left"]
SIDES: tuple[str, ...] = ("right", "left")


@dataclass(frozen=True)
class ViewState:
    """Everything the student has set in the explorer."""

    depth: str = "skin_fascia"
    """The most superficial layer shown (one of course.records.LAYERS); deeper layers show too."""
    side: str = "right"
    highlight: str | None = None
    """The selected structure id, or None."""
    labels: bool = True
    zones: bool = False
    """Whether the upper / lower / lateral buttock zones are overlaid."""
    overlay: str = ""
    """Which procedure sites are overlaid: '' (none), 'injection' (the intramuscular injection
    sites) or 'pressure' (the pressure-injury zones); see course.records.procedures."""
    blind: bool = False
    """Draw and describe the overlaid sites without their roles (while a pick-the-site
    question waits for its answer)."""

    def but(self, **changes: Any) -> ViewState:
        """A copy with some fields changed."""
        return replace(self, **changes)


def in_text(name: str) -> str:
    """A structure name as it reads mid-sentence: 'the gluteus medius' but 'the PSIS'."""
    first = name.split()[0]
    if first.isupper() or any(ch.isdigit() for ch in first):
        return name
    return name[0].lower() + name[1:]


@dataclass(frozen=True)
class Info:
    """What the info panel says about one structure (plain text; the widget renders it)."""

    id: str
    name: str
    kind: str
    layer: str
    description: str
    function: str
    innervation: str
    where: str
    """Its position measured from bony landmarks, in words."""
    conditions: tuple[tuple[str, str], ...]
    """(condition id, condition name) for every condition whose structures include it."""

    def text(self) -> str:
        """The whole panel as plain text."""
        lines = [
            f"{self.name} ({self.kind}; {words.LAYER[self.layer]})",
            self.description,
            f"Where: {self.where}.",
        ]
        if self.function:
            lines.append(f"Function: {self.function}")
        if self.innervation:
            lines.append(f"Innervation: {self.innervation}")
        if self.conditions:
            lines.append(
                "Conditions that involve it: " + ", ".join(name for _, name in self.conditions)
            )
        else:
            lines.append("Conditions that involve it: none in this course.")
        return "\n".join(lines)


def label_text(name: str) -> str:
    """A structure's name wrapped for the margin columns (at most 22 characters a line)."""
    return "\n".join(textwrap.wrap(name, 22))


LABEL_LINE_CM = 0.78
"""Height of one label line in cm at the figure's scale (7.5 pt text)."""
LABEL_GAP_CM = 0.22
LABEL_TOP, LABEL_BOTTOM = 16.6, -16.5
"""The y range (cm) of the label columns; the key sits below the medial column."""


class Scene:
    """The posterior view's geometry joined to the structure records, with derived answers."""

    def __init__(
        self,
        geometry: Geometry,
        structures: Mapping[str, Any],
        sites: Iterable[Any] = (),
    ):
        self.geometry = geometry
        self.sites: SiteShapes = site_shapes(sites)
        """The procedure sites (injection sites, pressure-injury zones) and their outlines."""
        self.structures = {i: structures[i] for i in geometry.shapes}
        self.layers = {i: s.layer for i, s in self.structures.items()}
        self.kinds = {i: s.kind for i, s in self.structures.items()}
        self.names = {i: s.name for i, s in structures.items()}
        self._hidden: dict[tuple[str, str], list[str]] = {}
        self._shown: dict[str, tuple[str, ...]] = {}
        self._exposed: dict[str, frozenset[str]] = {}
        self._layouts: dict[frozenset, dict[str, float]] = {}
        self._where: dict[str, str] = {}

    def prepare(self) -> Scene:
        """Work out what hides what at every depth now, so that no event pays for it later."""
        for depth in LAYERS:
            for ident in self.ids:
                self.hidden_by(ident, depth)
            self.layout(self.exposed(depth))
        if self.sites.shapes and "sciatic_nerve" in self.geometry.shapes:
            self.sciatic_clearances  # noqa: B018 (worked out now, not on the first event)
        return self

    # ----------------------------------------------------------------------- choices

    @cached_property
    def ids(self) -> list[str]:
        """Every structure with an outline, in file order."""
        return list(self.geometry.shapes)

    def check_structure(self, ident: str) -> str:
        """Return ``ident`` if it has an outline, else raise a ValueError naming the choices."""
        if ident in self.geometry.shapes:
            return ident
        by_name = {s.name.lower(): i for i, s in self.structures.items()}
        if ident.lower() in by_name:
            return by_name[ident.lower()]
        extra = ""
        if ident in self.names:
            extra = " (it lies outside this posterior view)"
        raise ValueError(
            f"no structure '{ident}' in the posterior view{extra}; "
            f"{suggest(ident, self.geometry.shapes)}"
        )

    @staticmethod
    def check_layer(layer: str) -> str:
        """Return ``layer`` if valid, else raise a ValueError naming the layers."""
        if layer not in LAYERS:
            raise ValueError(f"unknown layer '{layer}'; choose one of: {', '.join(LAYERS)}")
        return layer

    @staticmethod
    def check_side(side: str) -> str:
        """Return ``side`` if valid, else raise a ValueError naming the sides."""
        if side not in SIDES:
            raise ValueError(f"unknown side '{side}'; choose one of: {', '.join(SIDES)}")
        return side

    @staticmethod
    def check_overlay(overlay: str) -> str:
        """Return ``overlay`` (one of :data:`OVERLAYS`) or raise a ValueError naming them."""
        if overlay not in OVERLAYS:
            raise ValueError(
                f"unknown overlay '{overlay}'; choose one of: '' (none), "
                + ", ".join(o for o in OVERLAYS if o)
            )
        return overlay

    def site_at(self, state: ViewState, x: float, y: float) -> str | None:
        """The procedure site of the overlay shown in ``state`` under a click at (x, y) cm, or
        None (also when no overlay is shown)."""
        if not state.overlay:
            return None
        return self.sites.at(state.overlay, x, y)

    # ----------------------------------------------------------------------- depth

    def shown(self, depth: str) -> list[str]:
        """Structures drawn when peeled to ``depth`` (worked out once per depth)."""
        if depth not in self._shown:
            self._shown[depth] = tuple(shown_ids(self.geometry, self.layers, depth))
        return list(self._shown[depth])

    def hidden_by(self, ident: str, depth: str) -> list[str]:
        """The shown opaque structures that cover ``ident``'s anchor at ``depth``, top first."""
        key = (ident, depth)
        if key not in self._hidden:
            self._hidden[key] = covering(
                self.geometry, self.layers, self.kinds, self.shown(depth), ident
            )
        return self._hidden[key]

    def exposed(self, depth: str) -> frozenset[str]:
        """Shown structures that nothing opaque hides (at their anchor) at ``depth`` (worked
        out once per depth)."""
        if depth not in self._exposed:
            self._exposed[depth] = frozenset(
                i for i in self.shown(depth) if not self.hidden_by(i, depth)
            )
        return self._exposed[depth]

    def pick(self, state: ViewState, x: float, y: float) -> str | None:
        """The structure a click at (x, y) cm hits in ``state``: the topmost drawn there."""
        return pick(self.geometry, self.layers, self.shown(state.depth), x, y)

    def hit(self, state: ViewState, x: float, y: float) -> tuple[str | None, str]:
        """One hit-test for a click at (x, y) cm: (the structure picked or None, words for what
        lies there: the structure's name, a backdrop's name such as 'ischium and pubis', or '')."""
        ident = self.pick(state, x, y)
        if ident:
            return ident, self.names[ident]
        backdrop = self.geometry.backdrop_at(x, y)
        return None, backdrop.outline.name if backdrop else ""

    def what_is_at(self, state: ViewState, x: float, y: float) -> str:
        """Words for what lies at (x, y): a structure's name, a backdrop's name, or ''."""
        return self.hit(state, x, y)[1]

    # ----------------------------------------------------------------------- labels

    def labelled(self, state: ViewState) -> set[str]:
        """Structures whose labels show: those exposed at this depth, plus the selection."""
        if not state.labels:
            return set()
        wanted = set(self.exposed(state.depth))
        if state.highlight and state.highlight in self.shown(state.depth):
            wanted.add(state.highlight)
        return wanted

    def layout(self, labelled: Iterable[str]) -> dict[str, float]:
        """The y (cm) of each label: near its anchor, in anchor order, never overlapping."""
        key = frozenset(labelled)
        if key not in self._layouts:
            placed: dict[str, float] = {}
            for column in ("medial", "lateral"):
                items = [
                    (self.geometry.shapes[i].outline.anchor[1], i)
                    for i in key
                    if self.geometry.shapes[i].outline.label == column
                ]
                placed.update(self._stack(sorted(items, reverse=True)))
            self._layouts[key] = placed
        return self._layouts[key]

    def _stack(self, items: list[tuple[float, str]]) -> dict[str, float]:
        heights = [
            label_text(self.names[i]).count("\n") * LABEL_LINE_CM + LABEL_LINE_CM for _, i in items
        ]
        ys: list[float] = []
        for (anchor_y, _), h in zip(items, heights, strict=True):
            y = min(anchor_y, LABEL_TOP - h / 2)
            if ys:
                prev_h = heights[len(ys) - 1]
                y = min(y, ys[-1] - (prev_h + h) / 2 - LABEL_GAP_CM)
            ys.append(y)
        # push back up from the bottom if the column overran it
        for k in range(len(ys) - 1, -1, -1):
            floor = LABEL_BOTTOM + heights[k] / 2
            if k < len(ys) - 1:
                floor = max(floor, ys[k + 1] + (heights[k] + heights[k + 1]) / 2 + LABEL_GAP_CM)
            ys[k] = max(ys[k], floor)
        return {i: y for (_, i), y in zip(items, ys, strict=True)}

    # ----------------------------------------------------------------------- words

    def where(self, ident: str) -> str:
        """Where a structure lies, measured from the two nearest bony landmarks."""
        if ident not in self._where:
            found = relations(self.geometry, ident)
            names = {i: in_text(n) for i, n in self.names.items()}
            words = " and ".join(phrase(r, names) for r in found)
            x, y = self.geometry.shapes[ident].outline.anchor
            zones = self.geometry.zones_at(x, y)
            if zones:
                words += f", in the {' and '.join(zones)} buttock"
            self._where[ident] = words
        return self._where[ident]

    def info(self, ident: str, conditions: Iterable[Any]) -> Info:
        """The info panel's content for one structure; ``conditions`` are Condition records."""
        s = self.structures[self.check_structure(ident)]
        linked = tuple((c.id, c.name) for c in conditions if s.id in c.structures)
        return Info(
            s.id,
            s.name,
            s.kind,
            s.layer,
            s.description,
            s.function,
            s.innervation,
            self.where(s.id),
            linked,
        )

    def describe(self, state: ViewState) -> str:
        """The current view in words, for screen readers and for the caption under the figure."""
        shown_layers = LAYERS[LAYERS.index(state.depth) :]
        lines = [
            f"Posterior view of the {state.side} buttock, seen from behind, with the midline on "
            f"the {'left' if state.side == 'right' else 'right'} of the picture. "
            f"Peeled to: {words.LAYER[state.depth]}. Layers shown: "
            + ", ".join(words.LAYER[layer].split(" (")[0] for layer in shown_layers)
            + "."
        ]
        exposed = self.exposed(state.depth)
        on_top = [
            i for i in self.ids if i in exposed and not self.geometry.shapes[i].outline.hidden
        ]
        lines.append(
            "Seen from the surface: " + ", ".join(in_text(self.names[i]) for i in on_top) + "."
        )
        if state.highlight:
            ident = state.highlight
            record = self.structures[ident]
            text = f"Selected: {record.name} ({words.LAYER[record.layer].split(' (')[0]}), "
            text += f"{self.where(ident)}."
            if self.geometry.shapes[ident].outline.hidden:
                text += " It lies in front of the bone in this view, so it is drawn dashed."
            if ident not in self.shown(state.depth):
                text += " Its layer is peeled away at this depth: its outline is dashed."
            else:
                over = self.hidden_by(ident, state.depth)
                if over:
                    names = ", ".join(in_text(self.names[i]) for i in over)
                    text += (
                        f" At this depth it lies under {names}: its outline is dashed; peel to "
                        f"'{record.layer}' to see it."
                    )
            lines.append(text)
        else:
            lines.append("Nothing selected.")
        extras = []
        extras.append("labels on" if state.labels else "labels off")
        if state.zones:
            extras.append("zones shown: " + ", ".join(f"{z} buttock" for z in ZONES))
        lines.append(", ".join(extras).capitalize() + ".")
        if state.overlay:
            lines += self.describe_overlay(state.overlay, state.blind)
        lines.append(
            "A schematic drawing with the proportions of an average adult; distances are "
            "approximate and real anatomy varies between people."
        )
        return "\n".join(lines)

    @cached_property
    def sciatic_clearances(self) -> dict[str, float]:
        """How far (cm) each injection site keeps from the sciatic nerve in this drawing."""
        return dict(clearances(self.sites, self.geometry))

    def describe_overlay(self, kind: str, blind: bool = False) -> list[str]:
        """The procedure-site overlay of ``kind`` in words: each site, how it is drawn, where it
        is and what it means (injection sites with their distance from the sciatic nerve).
        ``blind`` (a pick-the-site question is waiting) says only each site's name and how it is
        found, nothing that ranks them."""
        ids = self.sites.of_kind(kind)
        if blind:
            lines = [
                f"Overlay: {words.SITE_KIND[kind]} ({len(ids)}), all drawn alike in grey until "
                "the question is answered."
            ]
            for ident in ids:
                site = self.sites.records[ident]
                lines.append(f"{site.name}: {site.description}")
            return lines
        lines = [f"Overlay: {words.SITE_KIND[kind]} ({len(ids)}), each drawn with its name."]
        gaps = self.sciatic_clearances if kind == "injection" else {}
        for ident in ids:
            site = self.sites.records[ident]
            look = SITE_LOOK_WORDS[site_role(site)]
            text = f"{site.name} ({look}"
            if site.choice:
                text += f"; {words.SITE_CHOICE[site.choice]}"
            if site.posture:
                text += f"; loaded by {site.posture}"
            text += f"): {site.description} {site.meaning}"
            if ident in gaps:
                text += (
                    f" In this drawing it keeps about {gaps[ident]:.0f} cm from the sciatic nerve."
                )
            if site.cautions:
                text += " Cautions: " + " ".join(site.cautions)
            lines.append(text)
        lines.append(
            "The course teaches where these sites are and why; it does not teach anyone to give "
            "injections or to care for wounds."
        )
        return lines


OVERLAYS: tuple[str, ...] = ("", "injection", "pressure")
"""The procedure-site overlays of the explorer: none, the injection sites, the pressure zones."""

SITE_LOOK_WORDS: dict[str, str] = {
    "first": "green with diagonal lines",
    "second": "orange with crossed lines",
    "pressure": "blue with dots",
}
"""How each role of site is drawn, in words (the drawing's SITE_LOOK, for the caption)."""


def site_role(site: Any) -> str:
    """How a site is drawn: 'first' or 'second' (injection sites by choice) or 'pressure'."""
    return site.choice if site.kind == "injection" else "pressure"


def posterior_scene() -> Scene:
    """The shipped posterior view joined to the structures of the content in use (built once
    per catalogue and kernel)."""
    return _scene(content())


@cache
def _scene(catalogue: Any) -> Scene:
    structures = {s.id: s for s in catalogue.all("structures")}
    sites = catalogue.all("procedure_sites")
    return Scene(geometry_of(catalogue), structures, sites).prepare()
