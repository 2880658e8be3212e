"""Record types of the posterior anatomy view (``anatomy_posterior.yaml``): structure outlines,
backdrop shapes and the buttock zones, three collections of the catalogue (``outlines``,
``backdrop``, ``zones``).

Coordinates are centimetres on the right buttock seen from behind: x from the midline towards
the right hip, y upwards from the centre of the femoral head. The file keeps each collection
in its own section; its header (``units``, ``sources``) is given to every entry
(:data:`FILE_FIELDS`). The content rules of :mod:`.rules` check the points; smoothing,
hit-testing and drawing live in :mod:`course.shapes` and :mod:`course.anatomy`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal, get_args

from .core import ref

LabelPlace = Literal["medial", "lateral"]

ZoneId = Literal["upper", "lower", "lateral"]
ZONE_IDS: tuple[str, ...] = get_args(ZoneId)
"""The buttock zones the lessons use and the overlay draws (deep/radiating has no outline)."""

FILE_FIELDS: tuple[str, ...] = ("units", "sources")
"""Fields the header of ``anatomy_posterior.yaml`` gives every outline, backdrop shape and zone
that does not set them itself; a problem in one is reported once, for the file."""


Point = tuple[float, ...]


Ring = tuple[Point, ...]


@dataclass(frozen=True)
class Ellipse:
    """An elliptical part of an outline (a bursa, the femoral head), in cm."""

    centre: Point
    radii: Point
    """Half-widths along x and y before rotation, in cm."""
    angle: float = 0.0
    """Anticlockwise rotation in degrees."""


@dataclass(frozen=True)
class Outline:
    """How one structure is drawn in the posterior view of the right buttock.

    A structure is either filled (``polygons`` and/or ``ellipses``) or drawn as lines
    (``polylines``: nerves, vessels, thin joints), never both.
    """

    id: str = ref("structures")
    """The structure id (from structures.yaml)."""
    anchor: Point
    """A point on the structure where it can be seen at its own depth, in cm: the label's leader
    line ends here, the text description measures from here, the tests click here."""
    label: LabelPlace
    """Which margin column its label sits in: medial (towards the midline) or lateral."""
    order: int = 0
    """Drawing order within its layer: higher is drawn on top."""
    polygons: tuple[Ring, ...] = ()
    ellipses: tuple[Ellipse, ...] = ()
    polylines: tuple[Ring, ...] = ()
    smooth: int = 0
    """Rounds of corner cutting applied to polygons and polylines (0 keeps the corners)."""
    width: float = 2.0
    """Line width in points, for polylines."""
    reach: float = 0.5
    """How close a click must come to a polyline to pick it, in cm."""
    midline: bool = False
    """Drawn across the midline (sacrum, coccyx, lumbar spine); other outlines stay at x >= 0."""
    hidden: bool = False
    """Lies in front of the bone in this view (nerve roots, internal iliac artery): drawn dashed."""
    opening: bool = False
    """An opening (the sciatic foramina): drawn as a gap rather than as tissue."""
    fibres: str = ""
    """For muscles: a matplotlib hatch giving the fibre direction on the right side, e.g. '\\'
    for fibres running down and laterally (mirrored on the left)."""
    units: str = "cm"
    """The unit of every coordinate; only 'cm' is drawn (a rule checks it)."""
    sources: tuple[str, ...] = ref("sources", default=())
    """Where the shape and its distances come from (source ids)."""

    FILE_FIELDS: ClassVar[tuple[str, ...]] = FILE_FIELDS


@dataclass(frozen=True)
class Backdrop:
    """Context drawn for orientation but not taught as a structure (skin contour, ischium)."""

    id: str
    name: str
    """What a click there is told it hit, e.g. 'ischium and pubis'."""
    style: Literal["bone", "opening", "skin"]
    order: int = 0
    """Drawing order among the skeleton's outlines (as for Outline.order)."""
    polygons: tuple[Ring, ...] = ()
    ellipses: tuple[Ellipse, ...] = ()
    polylines: tuple[Ring, ...] = ()
    smooth: int = 0
    units: str = "cm"
    """The unit of every coordinate; only 'cm' is drawn (a rule checks it)."""
    sources: tuple[str, ...] = ref("sources", default=())
    """Where the shape and its distances come from (source ids)."""

    FILE_FIELDS: ClassVar[tuple[str, ...]] = FILE_FIELDS


@dataclass(frozen=True)
class Zone:
    """A buttock zone of the lessons (upper, lower, lateral) as an outline, in cm."""

    id: ZoneId
    polygon: Ring
    anchor: Point
    """Where the zone's name is written."""
    smooth: int = 0
    units: str = "cm"
    """The unit of every coordinate; only 'cm' is drawn (a rule checks it)."""
    sources: tuple[str, ...] = ref("sources", default=())
    """Where the shape and its distances come from (source ids)."""

    FILE_FIELDS: ClassVar[tuple[str, ...]] = FILE_FIELDS
