"""The body chart as data: regions, the silhouette and landmarks, with hit-testing.

Geometry lives in ``course/content/body_chart.yaml`` in centimetres: ``x`` is the distance from
the midline towards the patient's right, ``y`` the height above the sole. A shape marked
``mirror`` is given for the right side and also drawn, mirrored, on the left (the mirror rule
and the hit-test are :mod:`course.shapes`, shared with the anatomy view). The posterior
view is drawn as seen from behind (patient's right on the viewer's right); the anterior view as
seen from the front (patient's right on the viewer's left), which is why its x axis is inverted
when drawn, while the data keep one convention.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property

from .. import shapes
from ..catalogue import Catalogue, content
from ..loading import suggest

# The record types live in course.records.painmap; they are re-exported here for old imports.
from ..records.painmap import (  # noqa: F401
    BELOW_KNEE_ZONES,
    CHART_LIMITS,
    VIEWS,
    BodyRegion,
    BodyZone,
    ChartPartKind,
    ChartShape,
    ChartView,
    Side,
)


@dataclass(frozen=True)
class PlacedShape:
    """One drawn copy of a region's shape: its view, side and vertices in cm (after mirroring)."""

    region: str
    view: str
    side: Side
    points: tuple[tuple[float, float], ...]

    @property
    def centroid(self) -> tuple[float, float]:
        """The polygon's area centroid (cm), used to place labels and synthesise clicks."""
        return shapes.centroid(self.points)

    @property
    def area(self) -> float:
        """Area in square centimetres."""
        return shapes.ring_area(self.points)

    @cached_property
    def shape(self) -> shapes.Shape:
        """This copy as the course's one shape type (a closed ring), for hit-testing."""
        return shapes.Shape((shapes.ring(self.points),), record=self)

    def contains(self, x: float, y: float) -> bool:
        """True if (x, y) in cm of this copy's view lies inside it."""
        return self.shape.contains(x, y)


def place(region: BodyRegion) -> list[PlacedShape]:
    """Every drawn copy of ``region``'s shapes: mirrored shapes give a right and a left copy."""
    placed = []
    for shape in region.shapes:
        points = tuple((float(p[0]), float(p[1])) for p in shape.points)
        if shape.mirror:
            placed.append(PlacedShape(region.id, shape.view, "right", points))
            placed.append(PlacedShape(region.id, shape.view, "left", shapes.mirror_points(points)))
        else:
            placed.append(PlacedShape(region.id, shape.view, "midline", points))
    return placed


def body_regions(kind: str = "region") -> list[BodyRegion]:
    """The body-chart entries of one ``kind`` (``region``, ``outline`` or ``landmark``)."""
    valid = typing.get_args(ChartPartKind)
    if kind not in valid:
        raise ValueError(f"unknown body-chart kind '{kind}'; choose one of: {', '.join(valid)}")
    return [r for r in content().all("body_regions") if r.kind == kind]


def body_region(ident: str) -> BodyRegion:
    """One body-chart region by id, e.g. ``"fortin_area"``; unknown ids name the closest."""
    regions = {r.id: r for r in body_regions()}
    if ident not in regions:
        raise KeyError(f"no body-chart region called '{ident}'; {suggest(ident, regions)}")
    return regions[ident]


def check_region_ids(idents: Iterable[str]) -> list[str]:
    """Return ``idents`` as a list, or raise ValueError naming the first unknown region id."""
    valid = {r.id for r in body_regions()}
    found = list(idents)
    for ident in found:
        if ident not in valid:
            raise ValueError(f"unknown body-chart region '{ident}'; {suggest(ident, valid)}")
    return found


@cache
def _placed_regions(catalogue: Catalogue) -> tuple[PlacedShape, ...]:
    """Every drawn copy of the catalogue's regions, in file order (built once per catalogue)."""
    regions = [r for r in catalogue.all("body_regions") if r.kind == "region"]
    return tuple(shape for r in regions for shape in place(r))


def region_at(view: str, x: float, y: float) -> tuple[str, Side] | None:
    """The region (id, side) under point (x, y) in centimetres of ``view``, or None.

    This is the point-in-polygon test behind clicking on the chart (:func:`course.shapes.hit`).
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view '{view}'; choose one of: {', '.join(VIEWS)}")
    mine = (s for s in _placed_regions(content()) if s.view == view)
    found = shapes.hit(mine, x, y, of=lambda placed: placed.shape)
    return (found.region, found.side) if found is not None else None
