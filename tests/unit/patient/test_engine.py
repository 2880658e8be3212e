"""The reasoning engine: worked cases with their reasons, monotonicity of published LRs, red flags
raising the tier they define, clusters replacing their own tests, and random cases nobody wrote
(the engine must work on any case in the content vocabulary)."""

from __future__ import annotations

import math
import random

import pytest

import course
from course.hypothesis.findings import finding_of_test
from course.patient import engine as eng
from course.patient.engine import Engine, Observation, observe
from course.records.patient import CaseAnswer, PatientCase, PatientItem
from course.records.quiz import Patient

CATALOGUE = course.content()
ITEMS = {item.id: item for item in CATALOGUE.all("patient_items")}
TIER_ORDER = [t.id for t in CATALOGUE.all("urgency")] + ["none"]


def found(item_id: str, **answer) -> Observation:
    """A finding of a shipped item with a hand-written answer."""
    answer.setdefault("says", "as scripted")
    return Observation(ITEMS[item_id], CaseAnswer(item=item_id, **answer))


def with_lr_plus() -> list[str]:
    """Test items whose test has a usable LR+ above 1."""
    out = []
    for item in ITEMS.values():
        if item.test:
            try:
                study = finding_of_test(CATALOGUE.get("tests", item.test))
            except ValueError:
                continue
            if study.outcome("positive").lr > 1:
                out.append(item.id)
    return out


def random_finding(rng: random.Random, item_id: str) -> Observation:
    """Any answer the content rules allow for an item, chosen at random."""
    item = ITEMS[item_id]
    kind = item.kind
    answer: dict = {}
    if kind in ("flag", "test"):
        answer["result"] = rng.choice(["positive", "negative"])
    elif kind == "cluster":
        rule = CATALOGUE.get("clusters", item.cluster)
        count = rng.randint(0, len(rule.items))
        cut = min(t.min_positive for t in rule.thresholds)
        answer.update(count=count, result="positive" if count >= cut else "negative")
    elif kind == "map":
        regions = [r.id for r in CATALOGUE.all("body_regions") if r.kind == "region"]
        answer["regions"] = tuple(rng.sample(regions, rng.randint(1, 4)))
    elif kind == "descriptors":
        answer["descriptors"] = tuple(
            rng.sample(item.descriptors, rng.randint(0, min(2, len(item.descriptors))))
        )
    elif kind == "investigation":
        conditions = CATALOGUE.ids("conditions")
        picked = rng.sample(conditions, 3)
        answer.update(shows=(picked[0],), excludes=(picked[1],))
    if rng.random() < 0.3 and kind not in ("flag", "test", "cluster"):
        return Observation(item, None)
    return found(item_id, **answer)


def test_the_formula_and_the_aid_are_stated():
    assert "prior odds" in eng.FORMULA and "teaching" in eng.FORMULA
    assert "not a diagnosis" in eng.TEACHING_AID


def test_an_sij_picture_ranks_the_sij_first_for_the_published_cluster():
    findings = [
        found("hx_where", regions=("fortin_area",), descriptors=("well_localised",)),
        found("hx_quality", descriptors=("dull_ache",)),
        found("ts_laslett", result="positive", count=4),
        found("ts_slr", result="negative"),
    ]
    differential = Engine(CATALOGUE).rank(findings)
    first = differential.top(1)[0]
    assert first.condition.id == "sacroiliac_joint_pain"
    kinds = {t.kind: t for t in first.reasons_for}
    assert kinds["cluster"].basis == "published"
    assert kinds["cluster"].factor == pytest.approx(4.27, abs=0.01)
    assert "3+ of 6" in kinds["cluster"].words
    assert kinds["map"].basis == "teaching"
    assert differential.tier == "none" and not differential.flags


def test_a_radicular_picture_ranks_the_nerve_root_in_the_top_three():
    findings = [
        found("hx_where", regions=("posterior_thigh", "posterior_calf", "lateral_foot")),
        found("hx_quality", descriptors=("shooting", "pins_and_needles")),
        found("ts_slr", result="positive"),
    ]
    differential = Engine(CATALOGUE).rank(findings)
    top = [s.condition.id for s in differential.top(3)]
    assert "lumbar_radicular_pain" in top
    standing = differential.standing("lumbar_radicular_pain")
    assert any(t.kind == "test" and t.item == "ts_slr" for t in standing.reasons_for)


def test_saddle_numbness_raises_cauda_equina_and_makes_it_an_emergency():
    findings = [
        found("hx_where", regions=("posterior_thigh", "perineum")),
        found("rf_saddle_bladder", result="positive"),
    ]
    differential = Engine(CATALOGUE).rank(findings)
    assert differential.tier == "emergency"
    assert [f.id for f in differential.flags] == ["cauda_equina"]
    assert "cauda_equina_syndrome" in [s.condition.id for s in differential.top(3)]
    flag_terms = differential.standing("cauda_equina_syndrome").reasons_for
    assert any(t.kind == "flag" and t.basis == "teaching" for t in flag_terms)


def test_a_shipped_case_reveals_its_script_and_neutral_answers_elsewhere():
    case = course.patient.case("vp_01")
    scripted = {a.item for a in case.answers}
    for item in ITEMS.values():
        finding = observe(case, item)
        assert finding.scripted == (item.id in scripted)
        if not finding.scripted:
            assert finding.says == item.neutral
            assert finding.result in (None, "negative")
            assert not (finding.regions or finding.descriptors or finding.shows)


def test_priors_come_from_the_setting_and_otherwise_the_stated_default():
    case = course.patient.case("vp_01")
    differential = course.patient.engine_for(case, CATALOGUE).rank([])
    sij = differential.standing("sacroiliac_joint_pain")
    assert sij.prior == pytest.approx(0.20) and sij.prior_basis == "pretest:pgp_in_pregnancy"
    other = differential.standing("hip_osteoarthritis")
    assert other.prior == eng.DEFAULT_PRIOR and other.prior_basis == "default"
    assert sij.probability == pytest.approx(0.20)


@pytest.mark.parametrize("seed", range(40))
def test_a_positive_test_never_lowers_its_target_condition(seed):
    rng = random.Random(seed)
    engine = Engine(CATALOGUE)
    candidates = with_lr_plus()
    assert candidates
    others = rng.sample(sorted(ITEMS), rng.randint(0, 12))
    base = [random_finding(rng, i) for i in others]
    asked_clusters = [CATALOGUE.get("clusters", f.item.cluster) for f in base if f.item.cluster]
    for item_id in candidates:
        if item_id in others:
            continue
        test = CATALOGUE.get("tests", ITEMS[item_id].test)
        before = engine.rank(base)
        after = engine.rank([*base, found(item_id, result="positive")])
        for condition in test.target_conditions:
            assert after.standing(condition).probability >= before.standing(condition).probability
            inside = any(
                test.id in r.member_tests and r.condition == condition for r in asked_clusters
            )
            if not inside:
                assert (
                    after.standing(condition).probability > before.standing(condition).probability
                )


@pytest.mark.parametrize("seed", range(20))
def test_a_red_flag_always_raises_the_tier_it_defines(seed):
    rng = random.Random(seed)
    engine = Engine(CATALOGUE)
    flags = [i for i in ITEMS.values() if i.flag]
    base = [random_finding(rng, i) for i in rng.sample(sorted(ITEMS), rng.randint(0, 10))]
    for item in flags:
        kept = [f for f in base if f.item.id != item.id]
        after = engine.rank([*kept, found(item.id, result="positive")])
        tier = CATALOGUE.get("red_flags", item.flag).urgency
        assert TIER_ORDER.index(after.tier) <= TIER_ORDER.index(tier)
        assert item.flag in [f.id for f in after.flags]
        for condition in item.suggests:
            assert (
                after.standing(condition).probability
                > engine.rank(kept).standing(condition).probability
            )


def test_no_red_flag_means_no_referral_tier():
    findings = [found(i.id, result="negative") for i in ITEMS.values() if i.flag]
    differential = Engine(CATALOGUE).rank(findings)
    assert differential.tier == "none" and differential.flags == ()


def test_a_cluster_replaces_its_own_tests_for_its_condition():
    rule = CATALOGUE.get("clusters", "laslett_sij_3_of_6")
    members = [
        PatientItem(f"own_{t}", "tests", t, "negative", 1.0, ("laslett_2005",), test=t)
        for t in sorted(rule.member_tests)
    ]
    engine = Engine(CATALOGUE)
    findings = [found("ts_laslett", result="positive", count=4)]
    findings += [Observation(m, CaseAnswer(m.id, "positive", result="positive")) for m in members]
    alone = engine.rank(findings[1:]).standing(rule.condition)
    assert len([t for t in alone.terms if t.kind == "test"]) >= 2
    standing = engine.rank(findings).standing(rule.condition)
    assert [t.kind for t in standing.terms if t.kind in ("test", "cluster")] == ["cluster"]
    assert any("cluster already asked" in n for n in engine.rank(findings).notes)


def test_an_item_asked_twice_counts_once():
    engine = Engine(CATALOGUE)
    once = engine.rank([found("ts_slr", result="positive")])
    twice = engine.rank([found("ts_slr", result="positive"), found("ts_slr", result="positive")])
    assert once.standings == twice.standings


def test_investigations_show_and_exclude_with_teaching_weights():
    engine = Engine(CATALOGUE)
    differential = engine.rank(
        [found("iv_mri", shows=("sacral_insufficiency_fracture",), excludes=("malignancy",))]
    )
    shown = differential.standing("sacral_insufficiency_fracture")
    assert shown.terms[0].factor == eng.SHOWS_FACTOR and shown.terms[0].basis == "teaching"
    assert differential.standing("malignancy").probability < eng.DEFAULT_PRIOR
    assert differential.position("sacral_insufficiency_fracture") == 1


def test_an_unknown_condition_names_the_valid_ones():
    with pytest.raises(KeyError, match="sacroiliac_joint_pain"):
        Engine(CATALOGUE).rank([]).position("piriformis_sindrome")


def test_replay_gives_the_differential_before_and_after_each_finding():
    engine = Engine(CATALOGUE)
    findings = [found("ts_laslett", result="positive", count=3), found("ts_slr", result="negative")]
    steps = engine.replay(findings)
    assert len(steps) == 3
    assert steps[0] == engine.rank([]) and steps[-1] == engine.rank(findings)
    sij = [s.standing("sacroiliac_joint_pain").probability for s in steps]
    assert sij[1] > sij[0]


@pytest.mark.parametrize("seed", range(60))
def test_any_case_in_the_vocabulary_is_ranked(seed):
    """Random cases nobody wrote: every condition ranked once, probabilities in (0, 1), every
    term finite and explained, the tier that of the most urgent flag present."""
    rng = random.Random(1000 + seed)
    picked = rng.sample(sorted(ITEMS), rng.randint(1, len(ITEMS)))
    findings = [random_finding(rng, i) for i in picked]
    answers = tuple(f.answer for f in findings if f.answer is not None)
    case = PatientCase(
        id=f"random_{seed}",
        title="A random patient",
        setting="a test",
        patient=Patient(age=40, sex="female", context="random"),
        story="random",
        answers=answers,
        salt="0" * 32,
        expert="sealed:",
        sources=("seed_003",),
        priors=tuple(rng.sample(CATALOGUE.ids("pretest"), rng.randint(0, 2))),
    )
    engine = course.patient.engine_for(case, CATALOGUE)
    differential = engine.rank([observe(case, ITEMS[i]) for i in picked])
    ids = [s.condition.id for s in differential.standings]
    assert sorted(ids) == sorted(CATALOGUE.ids("conditions"))
    probabilities = [s.probability for s in differential.standings]
    assert probabilities == sorted(probabilities, reverse=True)
    for standing in differential.standings:
        assert 0 < standing.probability < 1
        for term in standing.terms:
            assert math.isfinite(term.factor) and term.factor > 0 and term.words
    present = [
        CATALOGUE.get("red_flags", f.item.flag).urgency
        for f in findings
        if f.item.flag and f.result == "positive"
    ]
    expected = min(present, key=TIER_ORDER.index) if present else "none"
    assert differential.tier == expected


@pytest.mark.parametrize("seed", range(10))
def test_a_red_flag_outweighs_any_pain_map(seed):
    """A condition a red-flag yes suggests (default prior, nothing else) ranks above every
    condition whose only support is where the pain is felt."""
    rng = random.Random(500 + seed)
    engine = Engine(CATALOGUE)
    regions = [r.id for r in CATALOGUE.all("body_regions") if r.kind == "region"]
    flag = rng.choice([i for i in ITEMS.values() if i.flag])
    differential = engine.rank(
        [
            found("hx_where", regions=tuple(rng.sample(regions, rng.randint(1, 5)))),
            found(flag.id, result="positive"),
        ]
    )
    for suggested in flag.suggests:
        flagged = differential.standing(suggested)
        if any(t.kind == "map" for t in flagged.terms):
            continue
        for standing in differential.standings:
            if standing.terms and {t.kind for t in standing.terms} == {"map"}:
                assert flagged.probability > standing.probability
