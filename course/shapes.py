"""One shape primitive for every drawing of the course: outlines in centimetres, hit-tested.

Both the posterior anatomy view (``anatomy_posterior.yaml``) and the body charts
(``body_chart.yaml``) are drawn from outlines given in centimetres on the patient's right side,
with x measured from the midline (x = 0) and y upwards. A :class:`Shape` is such an outline
ready to draw and to click on: one or more :class:`Part` (a closed ring or an open line of
points), built from polygons, polylines and ellipses, with optional corner-cutting smoothing.

The mirror rule is the same everywhere: a shape given for the right side is drawn on the left
as ``(-x, y)`` (:meth:`Shape.mirrored`). Hit-testing is the same everywhere too: a filled shape
contains the points inside any of its rings; a line shape contains the points within its
``reach`` (cm); :func:`hit` returns the first shape (topmost, when the list is ordered top first)
that contains a point.

Everything here is pure geometry (numpy, and ``matplotlib.path`` when a shape is built): no
figure, no widget.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from .records import plane

if TYPE_CHECKING:
    from matplotlib.path import Path as MplPath

Points = Sequence[Sequence[float]]
"""A sequence of ``[x, y]`` pairs in centimetres."""


@dataclass(frozen=True, eq=False)
class Part:
    """One drawable piece of a shape: an (n, 2) array of points in cm, a ring or an open line."""

    points: np.ndarray
    closed: bool

    def path(self) -> MplPath:
        """The part as a matplotlib path (closed rings end with CLOSEPOLY)."""
        from matplotlib.path import Path as MplPath

        return MplPath(self.points, closed=True) if self.closed else MplPath(self.points)


@dataclass(frozen=True, eq=False)
class Shape:
    """An outline in cm ready to draw and to hit-test.

    ``parts`` are its rings and lines after smoothing; ``reach`` is how close (cm) a point must
    come to a line shape to count as on it; ``record`` is whatever the shape was built from
    (an anatomy outline, a body-chart region), kept for the drawing code.
    """

    parts: tuple[Part, ...]
    reach: float = 0.5
    record: Any = None
    paths: tuple[MplPath, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        from matplotlib.path import Path as MplPath  # here, so that importing shapes stays light

        object.__setattr__(
            self, "paths", tuple(MplPath(p.points, closed=p.closed) for p in self.parts)
        )

    @property
    def id(self) -> str:
        """The id of the record the shape draws."""
        return self.record.id

    @property
    def outline(self) -> Any:
        """The record the shape draws (for anatomy shapes, their ``Outline`` or ``Backdrop``)."""
        return self.record

    @property
    def filled(self) -> bool:
        """True when every part is a closed ring (an area, not a line)."""
        return all(p.closed for p in self.parts)

    def contains(self, x: float, y: float) -> bool:
        """True if (x, y) in cm lies inside a filled part or within ``reach`` of a line."""
        if self.filled:
            return any(path.contains_point((x, y)) for path in self.paths)
        return self.distance(x, y) <= self.reach

    def distance(self, x: float, y: float) -> float:
        """Distance in cm from (x, y) to the nearest edge or line of this shape."""
        return min(_distance_to_polyline(p.points, x, y, p.closed) for p in self.parts)

    def nearest_point(self, x: float, y: float) -> tuple[float, float]:
        """The point of this shape closest to (x, y) in cm: (x, y) itself when inside."""
        if self.filled and self.contains(x, y):
            return (x, y)
        best = (math.inf, (x, y))
        for part in self.parts:
            candidate = _nearest_on_polyline(part.points, x, y, part.closed)
            gap = math.dist(candidate, (x, y))
            if gap < best[0]:
                best = (gap, candidate)
        return best[1]

    def bounds(self) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) in cm."""
        stacked = np.vstack([p.points for p in self.parts])
        (x0, y0), (x1, y1) = stacked.min(axis=0), stacked.max(axis=0)
        return float(x0), float(y0), float(x1), float(y1)

    @property
    def area(self) -> float:
        """Area of the closed parts in square centimetres (lines have none)."""
        return sum(abs(_signed_area(p.points)) for p in self.parts if p.closed)

    @property
    def centroid(self) -> tuple[float, float]:
        """The area centroid of the first part in cm (its mean point when it has no area);
        used to place labels and to synthesise clicks."""
        return centroid(self.parts[0].points)

    def compound_path(self) -> MplPath:
        """Every part as one matplotlib path (one artist per shape)."""
        from matplotlib.path import Path as MplPath

        return MplPath.make_compound_path(*(p.path() for p in self.parts))

    def line_data(self) -> tuple[np.ndarray, np.ndarray]:
        """All parts as one x, y pair with NaN breaks (one Line2D per shape)."""
        xs: list[float] = []
        ys: list[float] = []
        for part in self.parts:
            xs += [*part.points[:, 0], np.nan]
            ys += [*part.points[:, 1], np.nan]
        return np.array(xs), np.array(ys)

    def mirrored(self, record: Any = None) -> Shape:
        """The same shape on the other side of the midline: every point (x, y) becomes (-x, y)."""
        flip = np.array([-1.0, 1.0])
        parts = tuple(Part(p.points * flip, p.closed) for p in self.parts)
        return Shape(parts, self.reach, self.record if record is None else record)


def polygon(points: Points, smooth: int = 0) -> Part:
    """A closed ring through ``points`` (cm), corner-cut ``smooth`` times.

    As in matplotlib's ``Path(closed=True)``, the last point is where the ring closes (the
    anatomy outlines are written and were always drawn that way); see :func:`ring`.
    """
    return Part(_array(plane.chaikin(points, smooth, True)), True)


def ring(points: Points) -> Part:
    """A closed ring through every one of ``points`` (cm) given without repeating the first.

    Unlike :func:`polygon` (matplotlib's convention: the last point of a closed ring is where
    it closes, and is not itself drawn), every point here is a corner of the ring, as body-chart
    regions are written.
    """
    corners = np.asarray(points, dtype=float)
    return Part(np.vstack([corners, corners[:1]]), True)


def polyline(points: Points, smooth: int = 0) -> Part:
    """An open line through ``points`` (cm), corner-cut ``smooth`` times (ends kept)."""
    return Part(_array(plane.chaikin(points, smooth, False)), False)


def ellipse(
    centre: Sequence[float], radii: Sequence[float], angle: float = 0.0, count: int = 40
) -> Part:
    """A closed ring of ``count`` points around an ellipse: centre and half-widths in cm,
    ``angle`` its anticlockwise rotation in degrees."""
    return Part(_array(plane.ellipse_points(centre, radii, angle, count)), True)


def _array(points: Points) -> np.ndarray:
    """Points in cm as an (n, 2) array of floats."""
    return np.array(points, dtype=float).reshape(-1, 2)


def mirror_points(points: Iterable[Sequence[float]]) -> tuple[tuple[float, float], ...]:
    """The mirror rule on plain points: (x, y) in cm on the right becomes (-x, y) on the left."""
    return tuple((-float(x), float(y)) for x, y in points)


def centroid(points: Points) -> tuple[float, float]:
    """The area centroid of a ring of points in cm (the mean point when it has no area)."""
    pts = [(float(p[0]), float(p[1])) for p in points]
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        xs, ys = zip(*pts, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    return cx / (3 * area), cy / (3 * area)


def ring_area(points: Points) -> float:
    """Area in square centimetres of a ring of points (shoelace formula)."""
    return abs(_signed_area(points))


ShapeT = TypeVar("ShapeT")


def hit(shapes: Iterable[ShapeT], x: float, y: float, *, of: Any = None) -> ShapeT | None:
    """The first of ``shapes`` that contains (x, y) in cm, or None.

    Give the shapes top first and this is what a click picks. ``of`` turns an item into its
    :class:`Shape` when the items are something else (e.g. ``of=lambda item: item.shape``).
    """
    for item in shapes:
        shape = of(item) if of is not None else item
        if shape.contains(x, y):
            return item
    return None


def _signed_area(points: Points) -> float:
    pts = [(float(p[0]), float(p[1])) for p in points]
    total = sum(
        x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True)
    )
    return total / 2


def _nearest_on_polyline(
    points: np.ndarray, x: float, y: float, closed: bool
) -> tuple[float, float]:
    """:func:`course.records.plane.nearest_on_polyline` vectorised with numpy, for clicks: the
    rules check a few anchors once, a click tests every shown line (``tests/unit/records/
    test_plane.py`` holds the two to the same answers)."""
    ends = np.roll(points, -1, axis=0) if closed else points[1:]
    starts = points if closed else points[:-1]
    d = ends - starts
    length2 = np.maximum((d**2).sum(axis=1), 1e-12)
    t = np.clip(((x - starts[:, 0]) * d[:, 0] + (y - starts[:, 1]) * d[:, 1]) / length2, 0, 1)
    near = starts + d * t[:, None]
    gaps = np.hypot(near[:, 0] - x, near[:, 1] - y)
    best = int(np.argmin(gaps))
    return float(near[best, 0]), float(near[best, 1])


def _distance_to_polyline(points: np.ndarray, x: float, y: float, closed: bool) -> float:
    nx, ny = _nearest_on_polyline(points, x, y, closed)
    return math.hypot(nx - x, ny - y)
