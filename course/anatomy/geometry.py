"""The posterior view of the buttock as data: outlines per structure, loaded and checked.

``course/content/anatomy_posterior.yaml`` holds the drawing of the right buttock seen from
behind, in centimetres: x runs from the midline (x = 0) towards the right hip, y runs upwards
with y = 0 at the centre of the femoral head (about the tip of the greater trochanter). The left
side is the same drawing mirrored. Each outline names a structure id from ``structures.yaml``;
an unknown id, a malformed point or an anchor that misses its own outline fails with the file,
the line, the entry and the field, like every other content file.

Everything here is pure geometry: no figure, no widget. The drawing and the explorer use it to
draw, to pick what was clicked and to say where a structure lies.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .. import shapes
from ..catalogue import CONTENT_DIR, content
from ..loading import LINE_KEY, ContentError, Problem, read_yaml, suggest
from ..loading import _Checker as Checker

# The record types live in course.records.anatomy; they are re-exported here for old imports.
from ..records.anatomy import (  # noqa: F401
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

GEOMETRY_FILE = CONTENT_DIR / "anatomy_posterior.yaml"

ZONES: tuple[str, ...] = ("upper", "lower", "lateral")
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


# --------------------------------------------------------------------------- loading


def load_geometry(
    path: Path | str = GEOMETRY_FILE,
    structure_ids: Iterable[str] | None = None,
    source_ids: Iterable[str] | None = None,
) -> Geometry:
    """Read and check a geometry file; raise ContentError listing every problem found.

    ``structure_ids`` and ``source_ids`` are the valid ids to check against; by default those
    of the shipped catalogue.
    """
    path = Path(path)
    if structure_ids is None or source_ids is None:
        catalogue = content()
        structure_ids = catalogue.ids("structures") if structure_ids is None else structure_ids
        source_ids = catalogue.ids("sources") if source_ids is None else source_ids
    valid_structures, valid_sources = set(structure_ids), set(source_ids)
    label = path.name
    data = read_yaml(path)
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise ContentError([Problem(label, 1, "", "", "expected a mapping with 'outlines'")])
    known = {"units", "sources", "outlines", "backdrop", "zones"}
    for key in sorted(k for k in data if k not in known and k != LINE_KEY):
        problems.append(Problem(label, None, "", key, f"unknown section; {suggest(key, known)}"))
    if data.get("units") != "cm":
        problems.append(Problem(label, None, "", "units", "must be 'cm'"))

    sources = data.get("sources") or []
    if not sources:
        problems.append(Problem(label, None, "", "sources", "cite at least one source"))
    for index, ident in enumerate(sources):
        if ident not in valid_sources:
            message = f"'{ident}' names no source; {suggest(str(ident), valid_sources)}"
            problems.append(Problem(label, None, "", f"sources[{index}]", message))

    outlines = _records(data, "outlines", Outline, label, problems)
    backdrop = _records(data, "backdrop", Backdrop, label, problems)
    zones = _records(data, "zones", Zone, label, problems)

    shapes: dict[str, Shape] = {}
    for outline, line in outlines:
        fail = _failer(problems, label, line, outline.id)
        if outline.id not in valid_structures:
            fail(
                "id",
                f"'{outline.id}' names no structure in structures.yaml; "
                f"{suggest(outline.id, valid_structures)}",
            )
        if outline.id in shapes:
            fail("id", "duplicate outline; one entry per structure")
            continue
        shape = _shape(outline, fail)
        if shape is None:
            continue
        if not outline.midline and shape.bounds()[0] < -1e-6:
            fail("polygons", "crosses the midline (x < 0); draw the right side or set midline")
        if not shape.contains(*outline.anchor):
            fail("anchor", f"{list(outline.anchor)} does not lie on the outline")
        shapes[outline.id] = shape

    backdrop_shapes = []
    for item, line in backdrop:
        shape = _shape(item, _failer(problems, label, line, item.id))
        if shape is not None:
            backdrop_shapes.append(shape)

    zone_shapes: dict[str, Shape] = {}
    zone_records: dict[str, Zone] = {}
    for zone, line in zones:
        fail = _failer(problems, label, line, zone.id)
        outline = Backdrop(zone.id, zone.id, "skin", polygons=(zone.polygon,), smooth=zone.smooth)
        shape = _shape(outline, fail)
        if shape is not None:
            zone_shapes[zone.id] = shape
            zone_records[zone.id] = zone
    missing = [z for z in ZONES if z not in zone_shapes]
    if zones and missing:
        problems.append(Problem(label, None, "", "zones", f"missing zones: {', '.join(missing)}"))

    if problems:
        raise ContentError(problems)
    return Geometry(
        shapes, tuple(backdrop_shapes), zone_shapes, zone_records, tuple(sources), label
    )


@cache
def posterior() -> Geometry:
    """The shipped posterior view, loaded and checked once per kernel."""
    return load_geometry()


def _records(data: dict, section: str, cls: type, label: str, problems: list[Problem]):
    """Build the records of one section, collecting problems; yields (record, line)."""
    items = data.get(section) or []
    if not isinstance(items, list):
        problems.append(Problem(label, data.get(LINE_KEY), "", section, "expected a list"))
        return []
    built = []
    for index, item in enumerate(items):
        line = item.get(LINE_KEY) if isinstance(item, dict) else None
        entry = item.get("id") if isinstance(item, dict) else None
        if not isinstance(entry, str) or not entry:
            problems.append(Problem(label, line, "", f"{section}[{index}].id", "needs an id"))
            continue
        checker = Checker(label)
        record = checker.record(cls, item, entry, "", line)
        problems += checker.problems
        if record is not None:
            built.append((record, line))
    return built


def _failer(problems: list[Problem], label: str, line: int | None, entry: str):
    def fail(field_name: str, message: str) -> None:
        problems.append(Problem(label, line, entry, field_name, message))

    return fail


def _shape(outline: Outline | Backdrop, fail) -> Shape | None:
    """Check the points of an outline and turn them into a smoothed shape; None if malformed."""
    parts: list[Part] = []
    ok = True
    for kind, rings, make, least in (
        ("polygons", outline.polygons, shapes.polygon, 3),
        ("polylines", outline.polylines, shapes.polyline, 2),
    ):
        for index, ring in enumerate(rings):
            where = f"{kind}[{index}]"
            if len(ring) < least:
                fail(where, f"needs at least {least} points, has {len(ring)}")
                ok = False
                continue
            bad = [i for i, p in enumerate(ring) if len(p) != 2]
            if bad:
                fail(f"{where}[{bad[0]}]", "each point is [x, y] in cm")
                ok = False
                continue
            parts.append(make(ring, outline.smooth))
    for index, oval in enumerate(outline.ellipses):
        if len(oval.centre) != 2 or len(oval.radii) != 2 or min(oval.radii) <= 0:
            fail(f"ellipses[{index}]", "needs centre [x, y] and two positive radii in cm")
            ok = False
            continue
        parts.append(shapes.ellipse(oval.centre, oval.radii, oval.angle))
    if outline.polylines and (outline.polygons or outline.ellipses):
        fail("polylines", "an outline is either filled (polygons/ellipses) or lines, not both")
        ok = False
    if ok and not parts:
        fail("polygons", "give polygons, ellipses or polylines")
        ok = False
    if not ok:
        return None
    return Shape(tuple(parts), reach=getattr(outline, "reach", 0.5), record=outline)


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
