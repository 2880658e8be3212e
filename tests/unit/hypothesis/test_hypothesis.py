"""Likelihood ratios, post-test probability, cluster counting and findings, as pure functions."""

from __future__ import annotations

import math

import pytest

import course
from course import words
from course.hypothesis import clusters, findings, probability
from course.hypothesis.probability import (
    InfiniteLikelihoodRatio,
    lr_negative,
    lr_positive,
    odds,
    post_test_probability,
    probability_from_odds,
    rules_in_better,
    rules_out_better,
    sn_n_out,
    sp_p_in,
)

# ---------------------------------------------------------------------------- worked examples


def test_the_issue_example_20_percent_with_lr_4_29_gives_about_51_7_percent():
    assert post_test_probability(0.20, 4.29) == pytest.approx(0.5175, abs=5e-4)
    # by hand: odds 0.25 x 4.29 = 1.0725; 1.0725 / 2.0725 = 0.5175
    assert odds(0.2) == pytest.approx(0.25)
    assert probability_from_odds(1.0725) == pytest.approx(1.0725 / 2.0725)


def test_laslett_cluster_from_sensitivity_and_specificity():
    plus, minus = lr_positive(0.94, 0.78), lr_negative(0.94, 0.78)
    assert plus == pytest.approx(4.27, abs=0.01)
    assert minus == pytest.approx(0.077, abs=0.001)
    assert post_test_probability(0.20, minus) == pytest.approx(0.0189, abs=5e-4)


def test_worked_examples_of_lesson_08():
    # seated piriformis stretch (Martin 2014): LR+ 5.22 at the study's 70 %, and at 10 %
    assert post_test_probability(0.70, 5.22) == pytest.approx(0.924, abs=1e-3)
    assert post_test_probability(0.10, 5.22) == pytest.approx(0.367, abs=1e-3)
    # the same positive result moves a low pre-test probability further, in percentage points
    assert probability.shift(0.10, 5.22) > probability.shift(0.70, 5.22)


def test_several_lrs_multiply_the_odds_in_any_order():
    one_by_one = post_test_probability(post_test_probability(0.3, 2.0), 0.5)
    assert post_test_probability(0.3, 2.0, 0.5) == pytest.approx(one_by_one)
    assert post_test_probability(0.3, 0.5, 2.0) == pytest.approx(0.3)
    assert probability.combined_lr([2.0, 3.0, 0.5]) == pytest.approx(3.0)
    assert probability.combined_lr([]) == 1.0


def test_the_independence_assumption_is_stated_where_lrs_are_combined():
    doc = post_test_probability.__doc__.lower()
    assert "conditionally independent" in doc and "cluster" in doc


def test_an_lr_of_1_changes_nothing_and_bigger_lrs_move_further():
    assert post_test_probability(0.37, 1.0) == pytest.approx(0.37)
    previous = 0.0
    for lr in (0.1, 0.5, 1, 2, 10):
        now = post_test_probability(0.37, lr)
        assert now > previous
        previous = now


# ---------------------------------------------------------------------------- SnNout / SpPin


def test_snnout_a_sensitive_test_rules_out_more_than_it_rules_in():
    # straight leg raise for disc herniation (Deville 2000): sensitivity 0.91, specificity 0.26
    fall, rise = sn_n_out(0.91, 0.26, pretest=0.5)
    assert fall > rise > 0
    assert fall == pytest.approx(0.5 - post_test_probability(0.5, lr_negative(0.91, 0.26)))
    assert rules_out_better(0.91, 0.26) and not rules_in_better(0.91, 0.26)


def test_sppin_a_specific_test_rules_in_more_than_it_rules_out():
    # crossed straight leg raise (Deville 2000): sensitivity 0.29, specificity 0.88
    rise, fall = sp_p_in(0.29, 0.88, pretest=0.5)
    assert rise > fall > 0
    assert rules_in_better(0.29, 0.88) and not rules_out_better(0.29, 0.88)


def test_snnout_holds_at_any_pretest_for_a_sensitive_test():
    for pretest in (0.1, 0.3, 0.5, 0.7, 0.9):
        post_negative = post_test_probability(pretest, lr_negative(0.95, 0.60))
        post_positive = post_test_probability(pretest, lr_positive(0.95, 0.60))
        # in log-odds, which does not depend on where you start
        assert abs(math.log(odds(post_negative) / odds(pretest))) > abs(
            math.log(odds(post_positive) / odds(pretest))
        )


def test_the_limit_of_the_mnemonics_a_sensitive_but_unspecific_test_barely_rules_out():
    """SnNout needs specificity too (Pewsner 2004): sens 0.95 with spec 0.10 gives LR- 0.5."""
    assert rules_out_better(0.95, 0.10)
    assert lr_negative(0.95, 0.10) == pytest.approx(0.5)
    assert lr_negative(0.95, 0.10) > lr_negative(0.91, 0.78)  # a balanced test rules out better


# ---------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_a_probability_outside_0_to_1_is_refused(bad):
    with pytest.raises(ValueError, match="between 0 and 1"):
        post_test_probability(bad, 2.0)


def test_a_percentage_given_as_probability_gets_a_hint():
    with pytest.raises(ValueError, match=r"a percentage\? divide it by 100: 20 % is 0\.2"):
        post_test_probability(20, 2.0)


@pytest.mark.parametrize(("bad", "word"), [(0.0, "zero"), (1.0, "infinite")])
def test_certainty_is_refused_because_its_odds_are_zero_or_infinite(bad, word):
    with pytest.raises(ValueError, match=f"certainty: its odds are {word}"):
        odds(bad)


def test_non_numbers_are_refused():
    with pytest.raises(TypeError, match="must be a number"):
        post_test_probability("0.2", 2.0)
    with pytest.raises(TypeError):
        post_test_probability(True, 2.0)


@pytest.mark.parametrize("bad", [0, -1.0, float("inf"), float("nan")])
def test_a_likelihood_ratio_must_be_finite_and_positive(bad):
    with pytest.raises(ValueError, match="finite number above 0"):
        post_test_probability(0.3, bad)


def test_specificity_1_makes_lr_plus_infinite_and_says_so():
    with pytest.raises(InfiniteLikelihoodRatio, match=r"specificity 1\.0 makes LR\+.*infinite"):
        lr_positive(0.38, 1.0)


def test_sensitivity_1_makes_lr_minus_zero_and_says_so():
    with pytest.raises(InfiniteLikelihoodRatio, match=r"sensitivity 1\.0 makes LR- .*zero"):
        lr_negative(1.0, 0.973)


def test_sensitivity_0_and_specificity_0_are_refused_with_their_reason():
    with pytest.raises(InfiniteLikelihoodRatio, match="sensitivity 0 makes LR\\+ zero"):
        lr_positive(0.0, 0.8)
    with pytest.raises(InfiniteLikelihoodRatio, match="specificity 0 makes LR- .* infinite"):
        lr_negative(0.9, 0.0)


def test_sensitivity_as_a_percentage_is_refused():
    with pytest.raises(ValueError, match="sensitivity must be between 0 and 1.*divide it by 100"):
        lr_positive(94, 78)


def test_study_lr_prefers_the_published_lr_and_explains_what_is_missing():
    assert probability.study_lr("positive", 0.94, 0.78, 4.29) == 4.29
    assert probability.study_lr("negative", 0.94, 0.78) == pytest.approx(0.0769, abs=1e-4)
    with pytest.raises(ValueError, match="neither that LR nor both"):
        probability.study_lr("negative", 0.84, None)
    with pytest.raises(ValueError, match="'positive' or 'negative'"):
        probability.study_lr("pos", 0.9, 0.9)


# ---------------------------------------------------------------------------- clusters


def test_laslett_three_of_six_in_the_postpartum_vignette():
    """Vignette 1: thigh thrust, compression and Gaenslen positive; the rule stops at three."""
    result = clusters.evaluate(
        clusters.rule("laslett_sij_3_of_6"),
        {"thigh_thrust": True, "compression": True, "gaenslen_left": True},
    )
    assert result.positive == ("thigh_thrust", "compression", "gaenslen_left")
    assert result.band.result == "positive" and result.lr == pytest.approx(4.27)
    assert post_test_probability(0.20, result.lr) == pytest.approx(0.516, abs=1e-3)
    assert "3 or more of 6 positive (LR+ 4.27)" in result.describe()


def test_a_cluster_stays_undecided_while_untested_items_could_change_the_band():
    result = clusters.evaluate(
        clusters.rule("laslett_sij_3_of_6"), {"distraction": True, "thigh_thrust": False}
    )
    assert result.band is None and result.lr is None
    assert "Undecided" in result.describe()
    # with only one item left, 1 positive can reach at most 2: negative already
    done = {"distraction": True, "thigh_thrust": False, "compression": False}
    done |= {"sacral_thrust": False, "gaenslen_left": False}
    result = clusters.evaluate(clusters.rule("laslett_sij_3_of_6"), done)
    assert result.band.result == "negative" and result.lr == pytest.approx(0.08)


def test_sutlive_bands_use_the_highest_cut_off_met():
    rule = clusters.rule("sutlive_hip_oa")
    keys = [band.key for band in clusters.bands(rule)]
    assert keys == ["4+ of 5", "3 of 5", "0-2 of 5"]
    four = dict.fromkeys(rule.item_ids[:4], True) | {rule.item_ids[4]: False}
    assert clusters.evaluate(rule, four).lr == pytest.approx(24.3)
    three = dict.fromkeys(rule.item_ids[:3], True) | dict.fromkeys(rule.item_ids[3:], False)
    band = clusters.evaluate(rule, three).band
    assert band.lr == pytest.approx(5.2) and band.approximate
    assert "approximate" in words.band(band)
    two = dict.fromkeys(rule.item_ids[:2], True) | dict.fromkeys(rule.item_ids[2:], False)
    assert clusters.evaluate(rule, two).lr == pytest.approx(0.34)


def test_asas_workshop_and_validation_figures_differ_and_both_are_kept():
    workshop, validation = (clusters.bands(clusters.rule("asas_ibp"), study)[0] for study in (0, 1))
    assert workshop.lr == pytest.approx(9.28) and validation.lr == pytest.approx(2.88)
    assert clusters.study_index(clusters.rule("asas_ibp"), "sieper_2009") == 0


def test_cluster_items_must_be_known_and_results_boolean():
    with pytest.raises(ValueError, match="'thigh_trust' is not an item.*mean 'thigh_thrust'"):
        clusters.evaluate(clusters.rule("laslett_sij_3_of_6"), {"thigh_trust": True})
    with pytest.raises(ValueError, match="must be True .*False .*None"):
        clusters.evaluate(clusters.rule("laslett_sij_3_of_6"), {"thigh_thrust": "yes"})
    with pytest.raises(course.UnknownIdError, match="no cluster rule called 'laslet_sij_3_of_6'"):
        clusters.rule("laslet_sij_3_of_6")
    with pytest.raises(TypeError, match=r"clusters\.rule"):
        clusters.evaluate("laslett_sij_3_of_6", {})  # logic takes records, not ids


def test_cluster_problems_are_found(tmp_path):
    rule = clusters.rule("sutlive_hip_oa")
    broken = type(rule)(
        id="broken",
        name="Broken",
        condition=rule.condition,
        purpose="x",
        items=rule.items[:2] + rule.items[:1],
        thresholds=(type(rule.thresholds[0])(min_positive=4, accuracy=()),),
        sources=("sutlive_2008",),
    )
    found = clusters.cluster_flaws([broken])
    assert any("used twice" in p for p in found)
    assert any("between 1 and the 3 items" in p for p in found)
    assert any("no accuracy entry" in p for p in found)


# ---------------------------------------------------------------------------- findings


def test_a_test_finding_offers_positive_and_negative_with_the_study_lrs():
    finding = findings.from_test("seated_piriformis_stretch")
    assert finding.keys == ("not done", "positive", "negative")
    assert finding.outcome("positive").lr == pytest.approx(5.22)
    assert finding.outcome("negative").lr == pytest.approx(0.53)


def test_source_picks_the_study_of_a_test_with_several():
    disc = findings.from_test("straight_leg_raise")
    nerve = findings.from_test("straight_leg_raise", source="martin_2014")
    assert disc.outcome("negative").lr == pytest.approx(0.35)
    assert nerve.outcome("positive").lr == pytest.approx(3.2)
    assert "sciatic nerve entrapment" in nerve.study


def test_unknown_test_ids_offer_the_closest():
    with pytest.raises(course.UnknownIdError, match="did you mean 'thigh_thrust'"):
        findings.from_test("thigh_thurst")


def test_a_test_without_figures_or_with_infinite_lrs_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="no published accuracy figures.*tests with figures"):
        findings.from_test("faber_test")
    with pytest.raises(ValueError, match=r"sensitivity 1\.0 makes LR- .*zero"):
        findings.from_test("single_leg_stance_30s", source="lequesne_2008")
    with pytest.raises(ValueError, match="cites 'martin_2041'.*did you mean 'martin_2014'"):
        findings.from_test("straight_leg_raise", source="martin_2041")


def test_evidence_markers_travel_with_the_figures():
    thrust = findings.from_test("thigh_thrust")  # single-test figures seen only in a review table
    assert thrust.evidence == "secondary"
    assert "[secondary source only]" in words.outcome(thrust.outcome("positive"))
    two_of_four = findings.from_cluster("laslett_sij_2_of_4")
    assert two_of_four.evidence == "unverified"
    assert "[UNVERIFIED]" in words.outcome(two_of_four.outcomes[0])


def test_assess_combines_results_and_refuses_to_count_a_test_twice():
    cluster = findings.from_cluster("laslett_sij_3_of_6")
    aslr = findings.from_test("active_straight_leg_raise")
    thrust = findings.from_test("thigh_thrust")
    result = findings.assess(0.2, [(cluster, "3+ of 6"), (aslr, "positive"), (thrust, "not done")])
    assert result.combined_lr == pytest.approx(4.27 * 4.5)
    assert result.post_test == pytest.approx(post_test_probability(0.2, 4.27, 4.5))
    assert "conditionally independent" in result.describe()
    with pytest.raises(ValueError, match="both count thigh_thrust.*twice"):
        findings.assess(0.2, [(cluster, "3+ of 6"), (thrust, "positive")])
    with pytest.raises(ValueError, match="'maybe' is not a result.*valid ids|'maybe' is not a"):
        findings.assess(0.2, [(thrust, "maybe")])
