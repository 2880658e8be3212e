"""The one shape primitive (course.shapes): rings, lines, ellipses, mirroring and hit-testing."""

from __future__ import annotations

import math

import pytest

from course import shapes
from course.anatomy.geometry import posterior
from course.painmap.regions import body_regions, place, region_at

SQUARE = [(0.0, 0.0), (4.0, 0.0), (4.0, 2.0), (0.0, 2.0)]


def test_a_ring_keeps_every_corner_and_has_the_shoelace_area_and_centroid():
    square = shapes.Shape((shapes.ring(SQUARE),))
    assert square.filled
    assert square.area == pytest.approx(8.0)
    assert shapes.ring_area(SQUARE) == pytest.approx(8.0)
    assert shapes.centroid(SQUARE) == pytest.approx((2.0, 1.0))
    assert square.contains(3.9, 1.9) and not square.contains(4.1, 1.0)
    assert square.bounds() == (0.0, 0.0, 4.0, 2.0)


def test_a_degenerate_ring_has_its_mean_point_as_centroid():
    assert shapes.centroid([(0, 0), (2, 0), (4, 0)]) == pytest.approx((2.0, 0.0))


def test_a_line_contains_what_lies_within_its_reach():
    line = shapes.Shape((shapes.polyline([(0, 0), (10, 0)]),), reach=0.5)
    assert not line.filled
    assert line.contains(5, 0.4) and not line.contains(5, 0.6)
    assert line.distance(12, 0) == pytest.approx(2.0)
    assert line.nearest_point(5, 3) == pytest.approx((5.0, 0.0))
    assert line.area == 0


def test_an_ellipse_is_a_closed_ring_around_its_centre():
    oval = shapes.Shape((shapes.ellipse((1.0, 2.0), (3.0, 1.0), angle=90),))
    assert oval.contains(1.0, 4.5) and not oval.contains(3.5, 2.0)


def test_mirroring_swaps_sides_and_keeps_area():
    right = shapes.Shape((shapes.ring(SQUARE),), record="r")
    left = right.mirrored()
    assert left.contains(-3.0, 1.0) and not left.contains(3.0, 1.0)
    assert left.area == pytest.approx(right.area)
    assert left.record == "r"
    assert shapes.mirror_points([(1, 2), (-3, 4)]) == ((-1.0, 2.0), (3.0, 4.0))


def test_hit_returns_the_first_shape_containing_the_point():
    big = shapes.Shape((shapes.ring([(0, 0), (10, 0), (10, 10), (0, 10)]),), record="big")
    small = shapes.Shape((shapes.ring([(1, 1), (3, 1), (3, 3), (1, 3)]),), record="small")
    assert shapes.hit([small, big], 2, 2) is small
    assert shapes.hit([big, small], 2, 2) is big
    assert shapes.hit([small, big], 20, 20) is None
    assert shapes.hit(["a"], 2, 2, of=lambda _: small) == "a"


def test_both_drawings_use_the_one_shape_type():
    geometry = posterior()
    assert all(isinstance(s, shapes.Shape) for s in geometry.shapes.values())
    assert all(isinstance(s, shapes.Shape) for s in geometry.backdrop)
    region = body_regions()[0]
    for copy in place(region):
        assert isinstance(copy.shape, shapes.Shape)
        assert copy.shape.area == pytest.approx(copy.area)
        assert copy.contains(*copy.centroid)
        assert region_at(copy.view, *copy.centroid) == (region.id, copy.side)


def test_mirrored_region_copies_follow_the_mirror_rule():
    for region in body_regions():
        copies = {c.side: c for c in place(region) if c.side != "midline"}
        if "right" in copies:
            right, left = copies["right"], copies["left"]
            assert left.points == shapes.mirror_points(right.points)
            assert math.isclose(left.area, right.area)
