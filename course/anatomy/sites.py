"""The buttock as a procedure site, as geometry: injection sites and pressure-injury zones.

``course/content/procedure_sites.yaml`` holds each site's outline in the posterior view's
centimetres (:mod:`course.records.procedures`). This module turns the records into
:class:`course.shapes.Shape` outlines, answers which site a click at a point lands in, measures
how far each injection site keeps from the sciatic nerve, and checks the outlines against the
bones they are derived from (:func:`check_sites`, run by ``python -m course validate``).

Pure geometry, like :mod:`.geometry`: no figure, no widget.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from .. import shapes
from ..loading import Problem
from ..records.procedures import SITE_KINDS, ProcedureSite
from ..shapes import Shape
from .geometry import Geometry

SITES_FILE = "procedure_sites.yaml"

LANDMARK_REACH_CM = 1.0
"""How close (cm) a site's outline must come to each bone it says it is derived from."""

NERVE_KEPT_CLEAR = "sciatic_nerve"
"""The structure no injection site may overlap (sciatic nerve injury from gluteal injection)."""


@dataclass(frozen=True)
class SiteShapes:
    """Every procedure site with its outline, in file order, and lookups by kind."""

    records: dict[str, ProcedureSite]
    shapes: dict[str, Shape]

    def of_kind(self, kind: str) -> list[str]:
        """The ids of the sites of one kind (``injection`` or ``pressure``), in file order."""
        if kind not in SITE_KINDS:
            raise ValueError(f"unknown site kind '{kind}'; choose one of: {', '.join(SITE_KINDS)}")
        return [i for i, r in self.records.items() if r.kind == kind]

    def at(self, kind: str, x: float, y: float) -> str | None:
        """The site of ``kind`` under a click at (x, y) cm, or None. The explorer draws the left
        buttock by flipping the axes, so clicks on either side arrive in these coordinates."""
        return shapes.hit(self.of_kind(kind), x, y, of=self.shapes.__getitem__)


def site_shape(site: ProcedureSite) -> Shape:
    """The outline of one site as a filled shape, smoothed as the record asks. Every point of
    the record is a corner (the ring closes back to the first point)."""
    corners = [*site.polygon, site.polygon[0]]
    return Shape((shapes.polygon(corners, site.smooth),), record=site)


def site_shapes(sites: Iterable[ProcedureSite]) -> SiteShapes:
    """Shapes for every well-formed site (a malformed outline is reported by the content rules
    and skipped here)."""
    records, built = {}, {}
    for site in sites:
        if len(site.polygon) >= 3 and all(len(p) == 2 for p in site.polygon):
            records[site.id], built[site.id] = site, site_shape(site)
    return SiteShapes(records, built)


def overlaps(a: Shape, b: Shape) -> bool:
    """Whether two outlines share any area or line: a point of one (its outline points, densely
    sampled) lies inside the other. Filled or line shapes."""

    def samples(shape: Shape) -> np.ndarray:
        points = []
        for part in shape.parts:
            pts = part.points
            closed = np.vstack([pts, pts[:1]]) if part.closed else pts
            for p, q in itertools.pairwise(closed):
                for t in np.linspace(0.0, 1.0, 8, endpoint=False):
                    points.append(p + (q - p) * t)
            points.append(closed[-1])
        return np.array(points)

    return any(b.contains(x, y) for x, y in samples(a)) or any(
        a.contains(x, y) for x, y in samples(b)
    )


def clearance(site: Shape, structure: Shape) -> float:
    """The smallest distance in cm between a site's outline and a structure (0 when they
    overlap): how far the site keeps from, say, the sciatic nerve."""
    if overlaps(site, structure):
        return 0.0
    best = np.inf
    for part in site.parts:
        for x, y in part.points:
            best = min(best, structure.distance(x, y))
    for part in structure.parts:
        for x, y in part.points:
            best = min(best, site.distance(x, y))
    return float(best)


def check_sites(
    sites: Iterable[ProcedureSite],
    geometry: Geometry,
    file: str = SITES_FILE,
    lines: Mapping[str, int | None] | None = None,
) -> list[Problem]:
    """What is wrong with the sites' outlines against the drawn anatomy (empty when all is
    well): the anchor lies inside the outline; the outline stays right of the midline unless the
    site is a midline one; it touches every landmark bone (within :data:`LANDMARK_REACH_CM`); a
    pressure zone covers each landmark's own anchor; no injection site overlaps the sciatic
    nerve; the first-choice injection site overlaps nothing it lists ``at_risk``. ``lines`` gives
    each entry's line in ``file``, for the messages."""
    lines = lines or {}
    problems: list[Problem] = []
    for site in sites:

        def fail(field: str, message: str, site: ProcedureSite = site) -> None:
            problems.append(Problem(file, lines.get(site.id), site.id, field, message))

        if len(site.polygon) < 3 or any(len(p) != 2 for p in site.polygon):
            continue  # the content rules report it
        shape = site_shape(site)
        if len(site.anchor) == 2 and not shape.contains(*site.anchor):
            fail("anchor", f"{list(site.anchor)} does not lie inside the outline")
        if not site.midline and shape.bounds()[0] < -1e-6:
            fail("polygon", "crosses the midline (x < 0); draw the right side or set midline")
        for index, landmark in enumerate(site.landmarks):
            bone = geometry.shapes.get(landmark)
            if bone is None:
                fail(f"landmarks[{index}]", f"'{landmark}' has no outline in the anatomy view")
                continue
            if site.kind == "pressure":
                if not shape.contains(*bone.outline.anchor):
                    fail(f"landmarks[{index}]", f"the zone does not cover the {landmark}")
            elif clearance(shape, bone) > LANDMARK_REACH_CM:
                gap = clearance(shape, bone)
                fail(
                    f"landmarks[{index}]",
                    f"the outline is {gap:.1f} cm from the {landmark}; an outline derived from "
                    f"a bone touches it (within {LANDMARK_REACH_CM:g} cm)",
                )
        if site.kind != "injection":
            continue
        nerve = geometry.shapes.get(NERVE_KEPT_CLEAR)
        if nerve is not None and overlaps(shape, nerve):
            fail("polygon", "an injection site must not lie over the sciatic nerve")
        if site.choice == "first":
            for index, ident in enumerate(site.at_risk):
                other = geometry.shapes.get(ident)
                if other is not None and overlaps(shape, other):
                    fail(
                        f"at_risk[{index}]",
                        f"the first-choice site lies over the {ident} it warns about",
                    )
    return problems


def clearances(
    sites: SiteShapes, geometry: Geometry, structure: str = NERVE_KEPT_CLEAR
) -> Mapping[str, float]:
    """How far (cm) each injection site keeps from ``structure`` (the sciatic nerve)."""
    target = geometry.shape(structure)
    return {i: clearance(sites.shapes[i], target) for i in sites.of_kind("injection")}
