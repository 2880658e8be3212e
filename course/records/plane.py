"""Plane geometry on outlines given as points in centimetres, in plain Python.

The content rules (:mod:`.rules`) need it to check an anatomy outline when the content loads
(does the anchor lie on the outline once its corners are cut? does it stay right of the
midline?), and :mod:`course.shapes` builds its drawable shapes with the same functions, so that a
rule and a click agree. It imports nothing heavy, so that looking up a condition stays cheap.
Points are sequences of ``(x, y)`` pairs in cm.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

XY = tuple[float, float]
"""A point (x, y) in cm."""


def chaikin(points: Sequence[Sequence[float]], rounds: int, closed: bool) -> list[XY]:
    """Cut corners ``rounds`` times so that a few control points give an organic outline.

    Each round replaces every edge by the points a quarter and three quarters along it; an open
    line keeps its two ends.
    """
    pts = [(float(x), float(y)) for x, y in points]
    for _ in range(rounds):
        cut: list[XY] = []
        for (x0, y0), (x1, y1) in _edges(pts, closed):
            cut.append((0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1))
            cut.append((0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1))
        pts = cut if closed else [pts[0], *cut, pts[-1]]
    return pts


def ellipse_points(
    centre: Sequence[float], radii: Sequence[float], angle: float = 0.0, count: int = 40
) -> list[XY]:
    """``count`` points around an ellipse: centre and half-widths in cm, ``angle`` its
    anticlockwise rotation in degrees."""
    a = math.radians(angle)
    found = []
    for i in range(count):
        t = i * (2 * math.pi / count)
        x, y = radii[0] * math.cos(t), radii[1] * math.sin(t)
        rx, ry = x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a)
        found.append((rx + centre[0], ry + centre[1]))
    return found


def inside_ring(points: Sequence[Sequence[float]], x: float, y: float) -> bool:
    """True if (x, y) in cm lies inside the closed ring through ``points`` (even-odd rule).

    As in matplotlib's ``Path(closed=True)``, which draws and hit-tests the course's rings, the
    last point is where the ring closes and is not itself a corner.
    """
    inside = False
    for (x0, y0), (x1, y1) in _edges(list(points[:-1]), closed=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def nearest_on_polyline(points: Sequence[Sequence[float]], x: float, y: float, closed: bool) -> XY:
    """The point of the line (a ring when ``closed``) through ``points`` nearest (x, y), in cm."""
    pts = [(float(px), float(py)) for px, py in points]
    best, found = math.inf, (x, y)
    for (x0, y0), (x1, y1) in _edges(pts, closed):
        dx, dy = x1 - x0, y1 - y0
        t = ((x - x0) * dx + (y - y0) * dy) / max(dx * dx + dy * dy, 1e-12)
        t = min(max(t, 0.0), 1.0)
        near = (x0 + dx * t, y0 + dy * t)
        gap = math.hypot(near[0] - x, near[1] - y)
        if gap < best:
            best, found = gap, near
    return found


def distance_to_polyline(
    points: Sequence[Sequence[float]], x: float, y: float, closed: bool
) -> float:
    """Distance in cm from (x, y) to the line (a ring when ``closed``) through ``points``."""
    nx, ny = nearest_on_polyline(points, x, y, closed)
    return math.hypot(nx - x, ny - y)


def _edges(pts: list[XY], closed: bool) -> list[tuple[XY, XY]]:
    """Consecutive pairs of points: every edge of a ring (last back to first) or of a line."""
    ends = pts[1:] + pts[:1] if closed else pts[1:]
    return list(zip(pts[: len(ends)], ends, strict=True))
