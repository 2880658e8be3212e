"""The plane geometry the content rules check outlines with agrees with the shapes that are
drawn and clicked (:mod:`course.shapes`, hit-tested by matplotlib)."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from course.anatomy import posterior
from course.records import plane, rules
from course.records.anatomy import Outline

GEOMETRY = posterior()


def test_a_square_has_an_inside_and_an_outside():
    # as drawn: the last point closes the ring and is no corner of it
    square = np.array([[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]], dtype=float)
    assert plane.inside_ring(square, 1, 1)
    assert not plane.inside_ring(square, 3, 1) and not plane.inside_ring(square, 1, -0.5)
    assert plane.distance_to_polyline(square, 1, 3, closed=False) == pytest.approx(1.0)
    assert plane.nearest_on_polyline(square, 3, 1, closed=True) == pytest.approx((2.0, 1.0))


def test_smoothing_cuts_corners_and_keeps_the_ends_of_lines():
    points = np.array([(0.0, 0.0), (2.0, 0.0), (2.0, 2.0)])
    smoothed = plane.chaikin(points, 2, closed=False)
    assert len(smoothed) > len(points)
    assert tuple(smoothed[0]) == (0.0, 0.0) and tuple(smoothed[-1]) == (2.0, 2.0)
    assert len(plane.chaikin(points, 1, closed=True)) == 2 * len(points)


@pytest.mark.parametrize("ident", sorted(GEOMETRY.shapes))
def test_the_rules_and_a_click_agree_on_every_shipped_outline(ident):
    """Random points around each outline: inside by the rule's numpy test exactly when the
    drawn shape's matplotlib test says so (what a click picks)."""
    shape = GEOMETRY.shapes[ident]
    x0, y0, x1, y1 = shape.bounds()
    rng = np.random.default_rng(zlib.crc32(ident.encode()))
    points = rng.uniform((x0 - 1, y0 - 1), (x1 + 1, y1 + 1), size=(300, 2))
    parts = [(part.points, part.closed) for part in shape.parts]
    for x, y in points:
        assert rules._on(parts, shape.reach, x, y) == shape.contains(x, y), (ident, x, y)


def test_an_anchor_off_its_smoothed_outline_is_found():
    # corner (0, 3) of the square is cut away by smoothing: an anchor there misses the outline
    square = ((0.0, 0.0), (3.0, 0.0), (3.0, 3.0), (0.0, 3.0))
    outline = Outline("psis", (0.1, 2.9), "medial", polygons=(square,), smooth=2)
    assert ("anchor", "[0.1, 2.9] does not lie on the outline") in list(rules.shape_flaws(outline))
    centred = Outline("psis", (1.5, 1.5), "medial", polygons=(square,), smooth=2)
    assert list(rules.shape_flaws(centred)) == []


def test_the_vectorised_nearest_point_of_a_click_is_the_rules_nearest_point():
    from course import shapes

    rng = np.random.default_rng(7)
    for shape in GEOMETRY.shapes.values():
        for part in shape.parts:
            for x, y in rng.uniform(-10, 20, size=(20, 2)):
                fast = shapes._nearest_on_polyline(part.points, x, y, part.closed)
                assert fast == pytest.approx(
                    plane.nearest_on_polyline(part.points, x, y, part.closed)
                )
