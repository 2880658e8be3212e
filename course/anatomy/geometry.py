"""The posterior view of the buttock as shapes: outlines per structure, ready to pick and draw.

``course/content/anatomy_posterior.yaml`` holds the drawing of the right buttock seen from
behind, in centimetres: x runs from the midline (x = 0) towards the right hip, y runs upwards
with y = 0 at the centre of the femoral head (about the tip of the greater trochanter). The left
side is the same drawing mirrored. The catalogue loads it like every other content file (the
collections ``outlines``, ``backdrop`` and ``zones``, checked by
:func:`course.records.rules.shape_flaws`); :func:`geometry_of` turns those records into shapes.

Everything here is pure geometry: no figure, no widget. The drawing and the explorer use it to
draw, to pick what was clicked and to say where a structure lies.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from .. import shapes
from ..catalogue import COLLECTIONS, CONTENT_DIR, Catalogue, content
from ..loading import suggest

# The record types live in course.records.anatomy; they are re-exported here for old imports.
from ..records.anatomy import (  # noqa: F401
    ZONE_IDS,
    Backdrop,
    Ellipse,
    LabelPlace,
    Outline,
    Point,
    Ring,
    Zone,
)
from ..records.core import LAYERS
from ..shapes import Part, Shape

GEOMETRY_FILE = CONTENT_DIR / next(c.path for c in COLLECTIONS if c.name == "outlines")
"""The shipped anatomy view: the file the ``outlines``, ``backdrop`` and ``zones`` collections
are read from."""

ZONES: tuple[str, ...] = ZONE_IDS
"""The buttock zones the lessons use and the overlay draws (deep/radiating has no outline)."""


@dataclass(frozen=True)
class Geometry:
    """The whole posterior view: structure shapes in file order, backdrop and zones."""

    shapes: dict[str, Shape]
    backdrop: tuple[Shape, ...]
    zones: dict[str, Shape]
    zone_records: dict[str, Zone]
    sources: tuple[str, ...]
    file: str

    def shape(self, ident: str) -> Shape:
        """The shape of one structure; an id with no outline raises a KeyError naming choices."""
        if ident not in self.shapes:
            raise KeyError(
                f"no outline for '{ident}' in {self.file}; {suggest(ident, self.shapes)}"
            )
        return self.shapes[ident]

    def zones_at(self, x: float, y: float) -> list[str]:
        """The buttock zones (upper, lower, lateral) that contain the point (x, y) in cm."""
        return [z for z, shape in self.zones.items() if shape.contains(x, y)]

    def backdrop_at(self, x: float, y: float) -> Shape | None:
        """The topmost backdrop shape (ischium, femoral neck...) under a point, if any."""
        return shapes.hit((b for b in reversed(self.backdrop) if b.filled), x, y)


# --------------------------------------------------------------------------- from the records


@cache
def geometry_of(catalogue: Catalogue) -> Geometry:
    """The posterior view of a loaded catalogue's content, its shapes built once per catalogue.

    The catalogue has already checked every outline (points, anchors, the midline), so each
    record becomes its shape here without further checks.
    """
    outlines: list[Outline] = catalogue.all("outlines")
    zones: list[Zone] = catalogue.all("zones")
    sources = dict.fromkeys(
        s for collection in ("outlines", "backdrop", "zones")
        for record in catalogue.all(collection) for s in record.sources
    )  # fmt: skip
    return Geometry(
        shapes={o.id: shape_of(o) for o in outlines},
        backdrop=tuple(shape_of(b) for b in catalogue.all("backdrop")),
        zones={z.id: shape_of(z) for z in zones},
        zone_records={z.id: z for z in zones},
        sources=tuple(sources),
        file=GEOMETRY_FILE.name,
    )


def posterior() -> Geometry:
    """The posterior view of the content in use (:func:`course.catalogue.content`)."""
    return geometry_of(content())


def shape_of(record: Outline | Backdrop | Zone) -> Shape:
    """One checked outline, backdrop shape or zone as a smoothed :class:`~course.shapes.Shape`
    (polygons, then ellipses, then lines; a zone is its one polygon)."""
    rings = (record.polygon,) if isinstance(record, Zone) else record.polygons
    parts: list[Part] = [shapes.polygon(ring, record.smooth) for ring in rings]
    parts += [shapes.ellipse(o.centre, o.radii, o.angle) for o in getattr(record, "ellipses", ())]
    parts += [shapes.polyline(line, record.smooth) for line in getattr(record, "polylines", ())]
    return Shape(tuple(parts), reach=getattr(record, "reach", 0.5), record=record)


# --------------------------------------------------------------------------- depth and picking

TRANSLUCENT_KINDS = frozenset({"fascia", "joint", "nerve", "vessel"})
"""Kinds drawn see-through or as lines: they never hide what lies beneath them."""


def z_order(layer: str, order: int) -> float:
    """Matplotlib zorder for a structure: deeper layers lower, ``order`` breaks ties."""
    return 10.0 * (len(LAYERS) - LAYERS.index(layer)) + order / 10.0


def shown_ids(geometry: Geometry, layers: Mapping[str, str], depth: str) -> list[str]:
    """The structures drawn when peeled down to ``depth``: that layer and every deeper one."""
    cut = LAYERS.index(depth)
    return [i for i in geometry.shapes if LAYERS.index(layers[i]) >= cut]


def stacking(geometry: Geometry, layers: Mapping[str, str]) -> list[str]:
    """Every structure id from the top of the drawing (most superficial) to the bottom."""
    return sorted(
        geometry.shapes,
        key=lambda i: z_order(layers[i], geometry.shapes[i].outline.order),
        reverse=True,
    )


def pick(
    geometry: Geometry, layers: Mapping[str, str], shown: Iterable[str], x: float, y: float
) -> str | None:
    """The structure a click at (x, y) in cm hits: the topmost shown shape there, or None."""
    visible = set(shown)
    top_first = (i for i in stacking(geometry, layers) if i in visible)
    return shapes.hit(top_first, x, y, of=geometry.shapes.__getitem__)


def covering(
    geometry: Geometry,
    layers: Mapping[str, str],
    kinds: Mapping[str, str],
    shown: Iterable[str],
    ident: str,
) -> list[str]:
    """The shown, opaque structures drawn over ``ident``'s anchor (what hides it), top first."""
    visible = set(shown)
    x, y = geometry.shape(ident).outline.anchor
    own = z_order(layers[ident], geometry.shapes[ident].outline.order)
    return [
        other
        for other in stacking(geometry, layers)
        if other in visible
        and other != ident
        and kinds[other] not in TRANSLUCENT_KINDS
        and z_order(layers[other], geometry.shapes[other].outline.order) > own
        and geometry.shapes[other].contains(x, y)
    ]


LANDMARKS: tuple[str, ...] = (
    "iliac_crest",
    "psis",
    "sacrum",
    "coccyx",
    "ischial_tuberosity",
    "greater_trochanter",
)
"""The bony points the text description measures from: what a clinician palpates."""


@dataclass(frozen=True)
class Relation:
    """Where a point lies relative to one landmark, in cm (lateral and up are positive)."""

    landmark: str
    lateral: float
    up: float
    inside: bool

    @property
    def distance(self) -> float:
        return math.hypot(self.lateral, self.up)


def relations(geometry: Geometry, ident: str, count: int = 2) -> list[Relation]:
    """The ``count`` nearest landmarks to a structure's anchor, with offsets to each."""
    x, y = geometry.shape(ident).outline.anchor
    found = []
    for landmark in LANDMARKS:
        if landmark == ident or landmark not in geometry.shapes:
            continue
        shape = geometry.shapes[landmark]
        nx, ny = shape.nearest_point(x, y)
        inside = shape.filled and shape.contains(x, y)
        found.append(Relation(landmark, x - nx, y - ny, inside))
    found.sort(key=lambda r: r.distance)
    return found[:count]


def phrase(relation: Relation, names: Mapping[str, str]) -> str:
    """A relation in words: 'about 3 cm below and 2 cm lateral to the PSIS'."""
    name = names.get(relation.landmark, relation.landmark)
    if relation.inside or relation.distance < 0.75:
        return f"over the {name}"
    vertical = horizontal = ""
    if abs(relation.up) >= 0.75:
        vertical = f"{abs(relation.up):.0f} cm {'above' if relation.up > 0 else 'below'}"
    if abs(relation.lateral) >= 0.75:
        side = "lateral" if relation.lateral > 0 else "medial"
        horizontal = f"{abs(relation.lateral):.0f} cm {side} to"
    if vertical and horizontal:
        return f"about {vertical} and {horizontal} the {name}"
    return f"about {vertical or horizontal} the {name}"


def layer_defaults(structures: Iterable[Any]) -> tuple[dict[str, str], dict[str, str]]:
    """(layer by id, kind by id) from structure records."""
    layers, kinds = {}, {}
    for s in structures:
        layers[s.id], kinds[s.id] = s.layer, s.kind
    return layers, kinds
