"""The body chart and the pain maps as data: valid, on the chart, honest about their evidence."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
from matplotlib.path import Path

from course import ContentError, UnknownIdError
from course.catalogue import Catalogue
from course.painmap import body_regions, descriptors, pain_source, pain_sources, region_at
from course.painmap.regions import CHART_LIMITS, VIEWS, body_region, place
from course.painmap.sources import KINDS

REGIONS = body_regions()
SOURCES = pain_sources()
OUTLINES = {s.view: Path(s.points) for r in body_regions("outline") for s in place(r)}
BUTTOCK = {
    "fortin_area",
    "upper_buttock_medial",
    "upper_buttock_lateral",
    "mid_buttock_medial",
    "mid_buttock_lateral",
    "lower_buttock_medial",
    "lower_buttock_lateral",
    "gluteal_fold",
}


def test_the_required_sources_are_all_there():
    ids = {s.id for s in SOURCES}
    dermatomes = {f"dermatome_{level}" for level in ("l1", "l2", "l3", "l4", "l5", "s1", "s2")}
    assert dermatomes | {"dermatome_s3"} <= ids
    assert {
        "facet_referral",
        "disc_referral",
        "sij_referral",
        "hip_joint_referral",
        "superior_cluneal",
        "middle_cluneal",
        "inferior_cluneal",
        "posterior_femoral_cutaneous",
        "sciatic_deep_gluteal",
        "radicular_l5",
        "radicular_s1",
    } <= ids
    assert {s.kind for s in SOURCES} == set(KINDS)


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.id)
def test_every_map_names_valid_regions_with_frequencies_in_range(source):
    region_ids = {r.id for r in REGIONS}
    assert source.regions, f"{source.id} has an empty map"
    named = [share.region for share in source.regions]
    assert len(named) == len(set(named)), f"{source.id} names a region twice"
    for share in source.regions:
        assert share.region in region_ids, f"{source.id}: '{share.region}' is not a region"
        assert 0 < share.frequency <= 1, f"{source.id}: {share.region} frequency out of range"
    assert source.sources and source.quality and source.localisation
    assert source.neuro_signs and source.neurodynamic
    assert set(source.fits).isdisjoint(source.does_not_fit), f"{source.id} fits and misfits"


@pytest.mark.parametrize("region", REGIONS, ids=lambda r: r.id)
def test_every_region_has_geometry_lying_on_the_chart(region):
    assert region.zone is not None
    assert region.shapes
    xmin, xmax = CHART_LIMITS["x"]
    ymin, ymax = CHART_LIMITS["y"]
    for shape in place(region):
        assert len(shape.points) >= 3
        for x, y in shape.points:
            assert xmin <= x <= xmax and ymin <= y <= ymax
        assert shape.area > 0.5, f"{region.id} is degenerate"
        # the region lies on the silhouette: its centroid and (nearly) all of its vertices
        outline = OUTLINES[shape.view]
        assert outline.contains_point(shape.centroid)
        for point in shape.points:
            assert outline.contains_point(point, radius=0.05) or outline.contains_point(
                point, radius=-0.05
            ), f"{region.id} vertex {point} is off the body"
        # clicking the middle of the region finds it (the point-in-polygon the widget uses)
        assert region_at(shape.view, *shape.centroid) == (region.id, shape.side)


@pytest.mark.parametrize("view", VIEWS)
def test_regions_tile_the_silhouette_without_overlapping(view):
    shapes = [Path(s.points) for r in REGIONS for s in place(r) if s.view == view]
    outline = OUTLINES[view]
    xs = np.arange(-20.75, 21, 0.5) + 0.0137  # off the round numbers region edges use
    ys = np.arange(-7.75, 128, 0.5) + 0.0091
    grid = np.array([(x, y) for x in xs for y in ys])
    inside_body = outline.contains_points(grid)
    hits = sum(path.contains_points(grid).astype(int) for path in shapes)
    assert hits.max() == 1, "two regions overlap"
    covered = (hits[inside_body] == 1).mean()
    assert covered > 0.95, f"only {covered:.0%} of the {view} silhouette belongs to a region"


def test_fortins_area_is_a_three_by_ten_centimetre_strip_below_the_psis():
    landmark = next(r for r in body_regions("landmark") if r.id == "psis")
    px, py = landmark.shapes[0].points[0]
    right = next(s for s in place(body_region("fortin_area")) if s.side == "right")
    xs = [x for x, _ in right.points]
    ys = [y for _, y in right.points]
    assert max(ys) == pytest.approx(py)
    assert max(ys) - min(ys) == pytest.approx(10, abs=0.5)
    assert right.area / 10 == pytest.approx(3, abs=0.6)  # mean width in cm
    assert min(xs) <= px <= max(xs)


def test_sacroiliac_and_hip_maps_carry_the_checked_study_figures():
    sij = pain_source("sij_referral")
    assert all(sij.weight(r) == pytest.approx(0.94) for r in BUTTOCK)  # Slipman 2000 buttock
    assert sij.weight("low_back") == pytest.approx(0.72)
    assert sij.weight("groin") == pytest.approx(0.14)
    assert sij.weight("posterior_thigh") == pytest.approx(0.5)
    assert sij.weight("posterior_calf") == pytest.approx(0.28)
    assert sij.weight("heel") == pytest.approx(0.12)  # 6 of 50, not the abstract's 14.0%
    assert sij.key_regions == ("fortin_area",)
    assert sij.measure == "proportion" and "slipman_2000" in sij.sources
    hip = pain_source("hip_joint_referral")
    assert all(hip.weight(r) == pytest.approx(0.71) for r in BUTTOCK)  # Lesher 2008
    assert hip.weight("groin") == pytest.approx(0.55)
    assert hip.weight("low_back") == 0 and hip.weight("lumbar_central") == 0
    assert hip.key_regions == ("groin",)


def test_dermatome_key_points_follow_the_isncsci_standard():
    expected = {
        "dermatome_l1": "groin",
        "dermatome_l2": "anterior_thigh",
        "dermatome_l3": "knee_front",
        "dermatome_l4": "medial_ankle",
        "dermatome_l5": "dorsum_foot",
        "dermatome_s1": "heel",
        "dermatome_s2": "popliteal_fossa",
        "dermatome_s3": "lower_buttock_medial",
    }
    for ident, key in expected.items():
        source = pain_source(ident)
        assert source.key_regions == (key,)
        assert "kirshblum_2011" in source.sources and "lee_2008" in source.sources


def test_figures_not_confirmed_are_marked_and_explained():
    for source in SOURCES:
        if source.evidence != "confirmed":
            assert source.evidence_note, source.id
        for share in source.regions:
            if share.evidence == "unverified":
                assert share.note, f"{source.id}/{share.region}: say why it is unverified"
    upper_buttock = pain_source("dermatome_l1").regions[2]
    assert upper_buttock.evidence == "unverified"  # the brief's UNVERIFIED Lee et al. claim


def test_descriptor_opposites_are_symmetric_and_every_descriptor_is_used():
    table = {d.id: d for d in descriptors()}
    for d in table.values():
        if d.opposite:
            assert table[d.opposite].opposite == d.id
    used = {d for s in SOURCES for d in (*s.fits, *s.does_not_fit)}
    assert used == set(table)


def test_unknown_ids_name_the_closest_valid_ones():
    with pytest.raises(UnknownIdError, match="did you mean 'sij_referral'"):
        pain_source("sij_refferal")
    with pytest.raises(KeyError, match="did you mean 'fortin_area'"):
        body_region("fortin_aera")
    with pytest.raises(ValueError, match="choose one of: posterior, anterior"):
        region_at("lateral", 0, 0)
    with pytest.raises(ValueError, match="choose one of"):
        pain_sources("radiculopathy")


def test_a_map_naming_an_unknown_region_fails_with_file_entry_and_field(tmp_path):
    (tmp_path / "body_chart.yaml").write_text(
        textwrap.dedent(
            """\
            - id: heel
              name: Heel
              kind: region
              zone: foot
              shapes: [{view: posterior, points: [[6, 0], [9, 0], [9, 8]]}]
              sources: [grays_anatomy]
            """
        )
    )
    (tmp_path / "pain_sources.yaml").write_text(
        textwrap.dedent(
            """\
            - id: made_up
              name: Made up
              short: Made up
              kind: dermatome
              summary: A test entry.
              measure: consistency
              regions: [{region: heal, frequency: 1.0}]
              quality: q
              localisation: l
              neuro_signs: n
              neurodynamic: d
              evidence: unverified
              evidence_note: test
              sources: [grays_anatomy]
            """
        )
    )
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "s.yaml").write_text(
        "- id: grays_anatomy\n  citation: Gray's Anatomy\n  kind: reference\n"
    )
    with pytest.raises(ContentError) as caught:
        Catalogue.load(tmp_path, required=False)
    message = str(caught.value)
    assert "pain_sources.yaml:1" in message
    assert "entry 'made_up'" in message and "field 'regions[0].region'" in message
    assert "did you mean 'heel'" in message
