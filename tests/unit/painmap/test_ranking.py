"""The "where does it come from?" ranking: worked cases, transparent scores, clear refusals."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from course.painmap import RankingInputError, descriptors, pain_source, pain_sources, rank_sources
from course.painmap.ranking import (
    AGAINST_POINTS,
    CENTRAL_WARNING,
    FIT_POINTS,
    KEY_POINTS,
    MAP_POINTS,
)
from course.painmap.sources import KINDS


@dataclass(frozen=True)
class Case:
    """A presentation a lecturer would use, and where its source must rank."""

    expected: str
    regions: tuple[str, ...]
    descriptors: tuple[str, ...]
    within: int
    fits: tuple[str, ...]
    """Descriptors the expected source must list as fitting."""
    key: str | None = None
    """A key area the expected source must report as marked."""


CASES = [
    Case(
        "radicular_l5",
        ("posterior_thigh", "posterior_calf", "lateral_leg", "mid_buttock_medial"),
        ("shooting", "narrow_band", "neurodynamic_positive"),
        1,
        ("shooting", "narrow_band", "neurodynamic_positive", "below_knee"),
    ),
    Case(
        "radicular_s1",
        ("lower_buttock_medial", "posterior_thigh", "posterior_calf"),
        ("shooting", "narrow_band", "neurodynamic_positive"),
        3,  # L5 and S1 provoked maps overlap heavily (Furman 2019): a teaching point
        ("shooting", "neurodynamic_positive"),
    ),
    Case(
        "facet_referral",
        ("low_back", "upper_buttock_medial", "upper_buttock_lateral", "lateral_hip"),
        ("dull_ache", "diffuse", "worse_back_movement", "no_neuro_signs"),
        1,
        ("dull_ache", "diffuse", "no_neuro_signs"),
        key="low_back",
    ),
    Case(
        "disc_referral",
        ("lumbar_central", "low_back", "sacrum", "upper_buttock_medial"),
        ("dull_ache", "worse_sitting", "worse_back_movement", "no_neuro_signs"),
        1,
        ("dull_ache", "worse_sitting"),
        key="lumbar_central",
    ),
    Case(
        "sij_referral",
        ("fortin_area", "upper_buttock_medial", "mid_buttock_medial"),
        ("dull_ache", "well_localised", "no_neuro_signs", "neurodynamic_negative"),
        1,
        ("dull_ache", "well_localised", "no_neuro_signs"),
        key="fortin_area",
    ),
    Case(
        "hip_joint_referral",
        ("groin", "anterior_thigh", "mid_buttock_lateral"),
        ("dull_ache", "worse_hip_movement", "no_neuro_signs"),
        1,
        ("worse_hip_movement",),
        key="groin",
    ),
    Case(
        "superior_cluneal",
        ("upper_buttock_lateral", "upper_buttock_medial"),
        ("burning", "well_localised", "tender_nerve_point", "worse_back_movement"),
        1,
        ("tender_nerve_point", "well_localised"),
        key="upper_buttock_lateral",
    ),
    Case(
        "middle_cluneal",
        ("fortin_area", "sacrum"),
        ("burning", "tender_nerve_point", "worse_sitting"),
        1,
        ("burning", "tender_nerve_point"),
        key="fortin_area",
    ),
    Case(
        "inferior_cluneal",
        ("gluteal_fold", "lower_buttock_lateral"),
        ("burning", "worse_sitting", "pins_and_needles", "well_localised"),
        1,
        ("worse_sitting", "burning"),
        key="gluteal_fold",
    ),
    Case(
        "posterior_femoral_cutaneous",
        ("posterior_thigh", "popliteal_fossa", "gluteal_fold"),
        ("burning", "worse_sitting", "pins_and_needles", "no_neuro_signs"),
        1,
        ("worse_sitting", "burning"),
        key="posterior_thigh",
    ),
    Case(
        "sciatic_deep_gluteal",
        ("mid_buttock_medial", "lower_buttock_medial", "posterior_thigh", "posterior_calf"),
        ("worse_sitting", "burning", "tender_nerve_point"),
        1,
        ("worse_sitting", "tender_nerve_point"),
        key="mid_buttock_medial",
    ),
    Case("dermatome_l1", ("groin",), ("numbness",), 1, ("numbness",), key="groin"),
    Case(
        "dermatome_l2",
        ("anterior_thigh",),
        ("numbness", "neuro_signs"),
        1,
        ("neuro_signs",),
        key="anterior_thigh",
    ),
    Case(
        "dermatome_l3",
        ("knee_front", "medial_thigh"),
        ("numbness", "neuro_signs"),
        1,
        ("numbness",),
        key="knee_front",
    ),
    Case(
        "dermatome_l4",
        ("medial_leg", "medial_ankle"),
        ("numbness", "neuro_signs"),
        1,
        ("numbness", "neuro_signs"),
        key="medial_ankle",
    ),
    Case(
        "dermatome_l5",
        ("dorsum_foot", "lateral_leg"),
        ("numbness", "pins_and_needles", "neuro_signs"),
        1,
        ("numbness", "pins_and_needles"),
        key="dorsum_foot",
    ),
    Case(
        "dermatome_s1",
        ("heel", "lateral_foot"),
        ("numbness", "neuro_signs"),
        1,
        ("numbness",),
        key="heel",
    ),
    Case(
        "dermatome_s2",
        ("popliteal_fossa", "posterior_thigh"),
        ("numbness", "neuro_signs"),
        1,
        ("numbness",),
        key="popliteal_fossa",
    ),
    Case(
        "dermatome_s3",
        ("lower_buttock_medial", "perineum"),
        ("numbness", "neuro_signs"),
        1,
        ("numbness",),
        key="lower_buttock_medial",
    ),
]


def test_the_worked_cases_cover_every_source_and_every_kind():
    assert len(CASES) >= 12
    assert {pain_source(c.expected).kind for c in CASES} == set(KINDS)
    assert {c.expected for c in CASES} == {s.id for s in pain_sources()}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.expected)
def test_worked_case_ranks_the_expected_source_with_its_reasons(case):
    ranking = rank_sources(case.regions, case.descriptors)
    assert ranking.position(case.expected) <= case.within, [
        (c.source.id, c.score) for c in ranking.top(4)
    ]
    candidate = ranking.candidate(case.expected)
    assert set(case.fits) <= set(candidate.fits)
    assert not candidate.against, f"{case.expected} should have nothing against it here"
    labels = {d.id: d.label for d in descriptors()}
    for descriptor in case.fits:
        assert any(labels[descriptor] in reason for reason in candidate.reasons_for)
    if case.key:
        assert candidate.key_marked == (case.key,)
        assert any("key area" in reason for reason in candidate.reasons_for)
    assert candidate.overlap > 0


def test_the_same_map_ranks_differently_with_referred_or_radicular_features():
    regions = ["mid_buttock_medial", "upper_buttock_medial", "posterior_thigh"]
    referred = rank_sources(regions, ["dull_ache", "diffuse", "no_neuro_signs"])
    radicular = rank_sources(regions, ["shooting", "narrow_band", "neurodynamic_positive"])
    assert referred.position("facet_referral") < referred.position("radicular_l5")
    assert radicular.position("radicular_l5") < radicular.position("facet_referral")
    facet = radicular.candidate("facet_referral")
    assert set(facet.against) == {"shooting", "narrow_band", "neurodynamic_positive"}
    assert any("Shooting" in r and "not typical" in r for r in facet.reasons_against)


def test_the_score_is_exactly_the_sum_of_its_reported_terms():
    ranking = rank_sources(["fortin_area", "heel"], ["dull_ache", "shooting"])
    for c in ranking.candidates:
        assert c.score == pytest.approx(sum(c.points.values()), abs=1e-3)
    sij = ranking.candidate("sij_referral")
    assert sij.points == {
        "map": pytest.approx(MAP_POINTS * sij.overlap, abs=1e-3),
        "fits": FIT_POINTS,
        "against": -AGAINST_POINTS,
        "key": KEY_POINTS,
    }
    assert sij.inside == (("fortin_area", 0.94), ("heel", 0.12))


def test_overlap_is_the_weighted_jaccard_index_of_the_two_maps():
    # L1 map: groin 1.0, lower abdomen 0.35, upper buttock (outer) 0.35
    l1 = rank_sources(["groin"]).candidate("dermatome_l1")
    assert l1.overlap == pytest.approx(1.0 / (1 + 0.35 + 0.35), abs=1e-4)
    two = rank_sources(["groin", "heel"]).candidate("dermatome_l1")
    assert two.overlap == pytest.approx(1.0 / (2 + 0.35 + 0.35), abs=1e-4)
    assert two.outside == ("heel",)
    assert any("does not reach: heel" in r.lower() for r in two.reasons_against)


def test_a_region_below_the_knee_counts_as_the_below_knee_descriptor():
    ranking = rank_sources(["low_back", "lateral_leg"], ["dull_ache"])
    assert [d for d, _ in ranking.derived] == ["below_knee"]
    assert "outer lower leg" in ranking.derived[0][1]
    assert "below_knee" in ranking.candidate("facet_referral").against
    assert "below_knee" in ranking.candidate("radicular_l5").fits
    assert rank_sources(["low_back"], ["below_knee"]).derived == ()


def test_contradictory_descriptors_get_a_clear_message_naming_both():
    with pytest.raises(RankingInputError) as caught:
        rank_sources(["posterior_thigh"], ["neuro_signs", "no_neuro_signs", "shooting"])
    message = str(caught.value)
    assert "contradict" in message
    assert "Normal neurological examination" in message and "Neurological signs" in message
    with pytest.raises(RankingInputError, match="contradict"):
        rank_sources([], ["diffuse", "well_localised"])


def test_empty_and_unknown_input_get_clear_messages():
    with pytest.raises(RankingInputError, match="Nothing to rank yet"):
        rank_sources([], [])
    with pytest.raises(RankingInputError, match="did you mean 'posterior_thigh'"):
        rank_sources(["posterior_thigh", "posterior_thight"])
    with pytest.raises(RankingInputError, match="did you mean 'shooting'"):
        rank_sources(["heel"], ["shootin"])
    with pytest.raises(RankingInputError, match="unknown source kind"):
        rank_sources(["heel"], kinds=["radiculopathy"])


def test_one_sided_input_is_ranked_and_says_what_it_used():
    only_words = rank_sources([], ["shooting", "neurodynamic_positive"])
    assert "descriptors only" in only_words.notes[0]
    assert only_words.candidates[0].source.kind == "radicular"
    only_map = rank_sources(["groin"])
    assert "map only" in only_map.notes[0]


def test_both_sides_or_saddle_marks_raise_the_cauda_equina_screen():
    assert CENTRAL_WARNING in rank_sources(["posterior_thigh"], both_sides=True).notes
    assert CENTRAL_WARNING in rank_sources(["perineum"]).notes
    assert CENTRAL_WARNING not in rank_sources(["posterior_thigh"]).notes


def test_candidates_can_be_restricted_to_some_kinds():
    ranking = rank_sources(["heel"], kinds=["dermatome"])
    assert {c.source.kind for c in ranking.candidates} == {"dermatome"}
    assert ranking.candidates[0].source.id == "dermatome_s1"


def test_the_ranking_says_it_is_a_teaching_aid():
    text = str(rank_sources(["fortin_area"], ["dull_ache"]))
    assert text.startswith("A teaching aid, not a diagnosis")
    assert "1. Sacroiliac joint referred pain" in text


def test_explain_lists_each_candidates_terms_and_reasons():
    text = rank_sources(["low_back", "lateral_leg"], ["dull_ache", "shooting"]).explain(2)
    assert text.count("score") == 2
    assert "which is below the knee" in text
    assert "   + " in text and "   − " in text
    assert "map overlap" in text
