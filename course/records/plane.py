"""Plane geometry on outlines given as points in centimetres: pure numpy, no figure.

The content rules (:mod:`.rules`) need it to check an anatomy outline before anything is drawn
(does the anchor lie on the outline once its corners are cut? does it stay right of the
midline?), and :mod:`course.shapes` builds its drawable shapes with the same functions, so that a
rule and a click agree. Points are ``(n, 2)`` arrays of ``[x, y]`` in cm.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def chaikin(points: np.ndarray, rounds: int, closed: bool) -> np.ndarray:
    """Cut corners ``rounds`` times so that a few control points give an organic outline."""
    for _ in range(rounds):
        nxt = np.roll(points, -1, axis=0) if closed else points[1:]
        cur = points if closed else points[:-1]
        q = 0.75 * cur + 0.25 * nxt
        r = 0.25 * cur + 0.75 * nxt
        cut = np.empty((2 * len(cur), 2))
        cut[0::2], cut[1::2] = q, r
        points = cut if closed else np.vstack([points[:1], cut, points[-1:]])
    return points


def ellipse_points(
    centre: Sequence[float], radii: Sequence[float], angle: float = 0.0, count: int = 40
) -> np.ndarray:
    """``count`` points around an ellipse: centre and half-widths in cm, ``angle`` its
    anticlockwise rotation in degrees."""
    t = np.linspace(0, 2 * np.pi, count, endpoint=False)
    x, y = radii[0] * np.cos(t), radii[1] * np.sin(t)
    a = math.radians(angle)
    rx, ry = x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a)
    return np.column_stack([rx + centre[0], ry + centre[1]])


def inside_ring(points: np.ndarray, x: float, y: float) -> bool:
    """True if (x, y) in cm lies inside the closed ring through ``points`` (even-odd rule).

    As in matplotlib's ``Path(closed=True)``, which draws and hit-tests the course's rings, the
    last point is where the ring closes and is not itself a corner.
    """
    corners = points[:-1]
    x0, y0 = corners[:, 0], corners[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    crosses = (y0 > y) != (y1 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
    return bool(np.count_nonzero(crosses & (x < at)) % 2)


def nearest_on_polyline(
    points: np.ndarray, x: float, y: float, closed: bool
) -> tuple[float, float]:
    """The point of the line (a ring when ``closed``) through ``points`` nearest (x, y), in cm."""
    ends = np.roll(points, -1, axis=0) if closed else points[1:]
    starts = points if closed else points[:-1]
    d = ends - starts
    length2 = np.maximum((d**2).sum(axis=1), 1e-12)
    t = np.clip(((x - starts[:, 0]) * d[:, 0] + (y - starts[:, 1]) * d[:, 1]) / length2, 0, 1)
    near = starts + d * t[:, None]
    gaps = np.hypot(near[:, 0] - x, near[:, 1] - y)
    best = int(np.argmin(gaps))
    return float(near[best, 0]), float(near[best, 1])


def distance_to_polyline(points: np.ndarray, x: float, y: float, closed: bool) -> float:
    """Distance in cm from (x, y) to the line (a ring when ``closed``) through ``points``."""
    nx, ny = nearest_on_polyline(points, x, y, closed)
    return math.hypot(nx - x, ny - y)
