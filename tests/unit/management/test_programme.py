"""The programme check on records built here: doses by stage, conflicts with their reason,
support, suggestions and the progression's phase; and the content rules for the new records."""

from __future__ import annotations

import pytest

from course.management.programme import (
    ProgrammeInputError,
    applies,
    check_programme,
    dose_at,
    phase_at,
)
from course.records import rules
from course.records.core import Condition
from course.records.management import (
    STAGES,
    ConditionFit,
    Exercise,
    LoadingPhase,
    LoadingProgression,
    StageDose,
    Treatment,
)


def condition(ident: str = "tendon_pain") -> Condition:
    return Condition(ident, ident.replace("_", " "), ("lateral",), "soft_tissue", "s", ())


def doses(**override) -> tuple[StageDose, ...]:
    base = {
        stage: StageDose(
            stage, f"plan {stage}", "confirmed", ("src",), sets=3, reps=10, progress_when="ok"
        )
        for stage in STAGES
    }
    base.update(override)
    last = base[STAGES[-1]]
    base[STAGES[-1]] = StageDose(
        last.stage, last.plan, last.evidence, last.sources, last.sets, last.reps
    )
    return tuple(base[s] for s in STAGES)


def fit(cond: str, *stages: str, why: str = "because", evidence: str = "confirmed") -> ConditionFit:
    return ConditionFit(cond, why, evidence, ("src",), tuple(stages))


def exercise(ident: str, suits=(), aggravates=(), dose_set=None) -> Exercise:
    return Exercise(
        ident,
        ident.title(),
        "strength",
        "loads",
        "how",
        dose_set or doses(),
        ("src",),
        suits=tuple(suits),
        aggravates=tuple(aggravates),
    )


# --------------------------------------------------------------------------- the pure check


def test_a_fit_without_stages_holds_at_every_stage_and_only_for_its_condition():
    every = fit("a")
    early = fit("a", "irritable")
    assert all(applies(every, "a", s) for s in STAGES)
    assert not applies(every, "b", "irritable")
    assert [s for s in STAGES if applies(early, "a", s)] == ["irritable"]


def test_dose_at_each_stage_is_that_stages_dose():
    ex = exercise("lift")
    assert [dose_at(ex, s).plan for s in STAGES] == [f"plan {s}" for s in STAGES]
    partial = Exercise("x", "X", "stretch", "l", "h", doses()[:1], ("src",))
    assert dose_at(partial, "settled") is None


def test_a_conflict_carries_its_reason_and_stops_at_the_stages_it_names():
    ex = exercise("deep_stretch", aggravates=[fit("tendon_pain", "irritable", why="compresses")])
    early = check_programme(condition(), "irritable", [ex])
    later = check_programme(condition(), "settled", [ex])
    assert [e.verdict for e in early.entries] == ["conflict"]
    assert early.conflicts[0].conflict.why == "compresses"
    assert [e.verdict for e in later.entries] == ["neutral"]
    assert later.conflicts == ()


def test_support_and_neutral_verdicts_and_other_conditions_ignored():
    good = exercise("good", suits=[fit("tendon_pain")])
    elsewhere = exercise("elsewhere", aggravates=[fit("other_pain")])
    result = check_programme(condition(), "settled", [good, elsewhere])
    assert [e.verdict for e in result.entries] == ["supported", "neutral"]
    assert result.supported[0].support.why == "because"


def test_a_conflict_outranks_support_at_the_same_stage():
    both = exercise("both", suits=[fit("tendon_pain", "settled")], aggravates=[fit("tendon_pain")])
    entry = check_programme(condition(), "settled", [both]).entries[0]
    assert entry.verdict == "conflict"


def test_suggestions_are_unchosen_library_exercises_that_suit_without_conflict():
    a = exercise("a", suits=[fit("tendon_pain")])
    b = exercise("b", suits=[fit("tendon_pain", "return_to_sport")])
    c = exercise("c", suits=[fit("tendon_pain")], aggravates=[fit("tendon_pain", "irritable")])
    d = exercise("d")
    result = check_programme(condition(), "irritable", [a], library=[a, b, c, d])
    assert [e.id for e in result.suggested] == []
    result = check_programme(condition(), "return_to_sport", [], library=[a, b, c, d])
    assert [e.id for e in result.suggested] == ["a", "b", "c"]


def test_the_progression_phase_for_the_stage_is_returned_for_its_conditions_only():
    phases = (
        LoadingPhase("irritable", "Isometric", "calm", "easy", ("a",)),
        LoadingPhase("return_to_sport", "Fast", "speed"),
    )
    mine = LoadingProgression("p", "P", ("tendon_pain",), phases, evidence="confirmed")
    theirs = LoadingProgression("q", "Q", ("other_pain",), phases, evidence="confirmed")
    result = check_programme(condition(), "irritable", [], progressions=[mine, theirs])
    assert [(p.id, ph.name) for p, ph in result.phases] == [("p", "Isometric")]
    assert check_programme(condition(), "settled", [], progressions=[mine]).phases == ()
    assert phase_at(mine, "return_to_sport").name == "Fast"


def test_bad_input_is_named():
    with pytest.raises(ProgrammeInputError, match="unknown stage 'acute'.*irritable"):
        check_programme(condition(), "acute", [])
    ex = exercise("twice")
    with pytest.raises(ProgrammeInputError, match="chosen twice: twice"):
        check_programme(condition(), "settled", [ex, ex])


# --------------------------------------------------------------------------- content rules


def flaws(record) -> list[str]:
    check = {Exercise: rules.exercise_entry, Treatment: rules.treatment_entry}.get(
        type(record), rules.loading_progression
    )
    return [f"{field}: {message}" for field, message in check(record)]


def test_a_sound_exercise_passes():
    assert flaws(exercise("fine", suits=[fit("a")], aggravates=[fit("b")])) == []


def test_an_exercise_needs_a_dose_for_every_stage_in_order():
    missing = exercise("x", dose_set=doses()[:2])
    assert any("missing: return_to_sport" in f for f in flaws(missing))
    backwards = exercise("x", dose_set=tuple(reversed(doses())))
    assert any("in order" in f for f in flaws(backwards))


def test_dose_numbers_and_unconfirmed_doses_are_checked():
    bad = StageDose("irritable", "p", "unverified", ("src",), sets=0, hold_seconds=-5, per_week=30)
    found = flaws(exercise("x", dose_set=doses(irritable=bad)))
    assert any(f.startswith("doses[0].sets: sets 0") for f in found)
    assert any(f.startswith("doses[0].hold_seconds") for f in found)
    assert any(f.startswith("doses[0].per_week: 30 sessions") for f in found)
    assert "doses[0].note: say why this dose is unverified" in found
    assert any(f.startswith("doses[0].progress_when") for f in found)


def test_a_fit_needs_a_reason_and_unconfirmed_fits_a_note():
    found = flaws(exercise("x", aggravates=[fit("b", why=" ", evidence="secondary")]))
    assert "aggravates[0].why: say why it aggravate b" in found
    assert "aggravates[0].note: say why this is secondary" in found


def test_one_condition_both_suited_and_aggravated_at_one_stage_is_a_flaw():
    ex = exercise("x", suits=[fit("a", "settled")], aggravates=[fit("a", "settled", "irritable")])
    assert "aggravates: a is both suited and aggravated at settled" in flaws(ex)
    apart = exercise("x", suits=[fit("a", "settled")], aggravates=[fit("a", "irritable")])
    assert flaws(apart) == []


def test_a_treatment_may_skip_stages_but_needs_a_note_when_not_confirmed():
    t = Treatment("t", "T", "thermal", "t", "h", "s", "unverified", ("src",), doses=doses()[:1])
    found = flaws(t)
    assert "note: say why the evidence is unverified" in found
    assert not any("missing" in f for f in found)


def test_a_progression_needs_two_phases_in_order_with_criteria():
    one = LoadingProgression("p", "P", ("a",), (LoadingPhase("settled", "S", "aim"),))
    assert "phases: a progression needs at least two phases" in flaws(one)
    backwards = LoadingProgression(
        "p",
        "P",
        ("a",),
        (LoadingPhase("settled", "S", "aim"), LoadingPhase("irritable", "I", "aim")),
        evidence="confirmed",
    )
    found = flaws(backwards)
    assert any(f.startswith("phases: list the phases in stage order") for f in found)
    assert "phases[0].progress_when: say when to move on to the next phase" in found
