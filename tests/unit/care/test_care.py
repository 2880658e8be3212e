"""The care tables (``course.care``) and the screen's score: what a student reads is the
content, with its markers, tiers and sources, and the STarT Back rule places every possible
answer in the band the source defines."""

from __future__ import annotations

import itertools

import pytest

import course
from course import care, words
from course.records.care import Screen, ScreenBand, ScreenItem

START_BACK = course.screen("start_back")
SUBSCALE = [i.id for i in START_BACK.items if i.subscale]
PHYSICAL = [i.id for i in START_BACK.items if not i.subscale]


def source_band(total: int, subscale: int) -> str:
    """The STarT Back rule as Hill 2008 states it, written out independently of the content."""
    if subscale >= 4:
        return "high"
    return "low" if total <= 3 else "medium"


def test_start_back_has_nine_items_five_in_the_psychosocial_subscale():
    assert len(START_BACK.items) == 9
    assert SUBSCALE == ["fear", "worry", "catastrophising", "mood", "bothersomeness"]
    assert START_BACK.most == (9, 5)


def test_every_answer_pattern_lands_in_the_band_the_source_defines():
    ids = [i.id for i in START_BACK.items]
    for pattern in itertools.product((0, 1), repeat=len(ids)):
        answers = dict(zip(ids, pattern, strict=True))
        result = care.screen_result(START_BACK, answers)
        subscale = sum(answers[i] for i in SUBSCALE)
        assert (result.total, result.subscale) == (sum(pattern), subscale)
        assert result.band.id == source_band(sum(pattern), subscale), answers


def test_the_lessons_worked_answers():
    four_physical = dict.fromkeys(PHYSICAL, 1)
    assert care.screen_result(START_BACK, four_physical).band.id == "medium"
    assert care.screen_result(START_BACK, {"leg_pain": 1, "fear": 1}).band.id == "low"
    worried = {"leg_pain": 1, "fear": 1, "worry": 1, "catastrophising": 1, "mood": 1}
    result = care.screen_result(START_BACK, worried)
    assert result.band.id == "high"
    assert result.description() == (
        "Total 5, subscale 4: High risk (Psychosocial subscale (items 5-9) 4 or 5.)"
    )


def test_orebro_cut_off_is_fifty():
    orebro = course.screen("orebro_short")
    ids = [i.id for i in orebro.items]
    assert orebro.most == (100, 0)
    just_below = dict(zip(ids, (5, 5, 5, 5, 5, 5, 5, 5, 5, 4), strict=True))
    assert care.screen_result(orebro, just_below).band.id == "lower"
    assert care.screen_result(orebro, {**just_below, "stop_work": 5}).band.id == "higher"


def test_bad_answers_are_named():
    with pytest.raises(ValueError, match="start_back has no item 'feer'; items: leg_pain"):
        care.screen_result(START_BACK, {"feer": 1})
    with pytest.raises(ValueError, match="item 'fear' scores 0 to 1, not 2"):
        care.screen_result(START_BACK, {"fear": 2})


def test_a_screen_whose_bands_leave_a_gap_fails_the_rule():
    from course.records import rules

    gap = Screen(
        "gappy",
        "Gappy",
        "p",
        "w",
        (ScreenItem("a", "a", "1"), ScreenItem("b", "b", "1")),
        (ScreenBand("low", "Low", "0", "m", total_max=0), ScreenBand("hi", "Hi", "2", "m", 2)),
        ("hill_2008",),
    )
    assert list(rules.screen_bands(gap)) == [
        ("bands", "total 1, subscale 0 falls in no band; exactly one")
    ]


def test_management_plan_shows_markers_tiers_and_sources():
    plan = care.plan_table("gluteal_tendinopathy")
    text = plan.description()
    assert text.startswith("Managing gluteal tendinopathy")
    assert "51 of 66 against 20 of 68" in text  # LEAP, confirmed: no marker
    assert "greater trochanter. [secondary source only]" in text
    assert f"Refer ({words.URGENCY['soon']})" in text
    assert text.endswith(care.CARE_CAPTION)
    assert repr(plan) == text  # the plain-text form a notebook shows outside HTML
    html = plan._repr_html_()
    assert "Mellor R" in html and "Sources" in html
    assert "<th scope='row'" in html


def test_red_flag_referrals_print_the_flags_tier_and_name():
    text = care.plan_table("lumbar_radicular_pain").description()
    assert f"Refer ({words.URGENCY['emergency']})" in text
    assert f"(red flag: {course.red_flag('cauda_equina').name})" in text
    for referral in course.management_plan("lumbar_radicular_pain").refer:
        if referral.red_flag:
            assert referral.urgency == course.red_flag(referral.red_flag).urgency


@pytest.mark.parametrize("condition", course.ids("conditions"))
def test_every_condition_has_a_plan_that_renders(condition):
    plan = care.plan_table(condition)
    kinds = {row[0].split(" (")[0] for row in plan.rows}
    assert {"Principle", "Refer"} <= kinds
    assert plan.sources, condition


def test_outcome_measures_show_the_mic_or_why_not():
    table = care.outcome_measure_table()
    rows = {row[0].split(":")[0]: row for row in table.rows}
    issue = ["NPRS", "ODI", "RMDQ", "HOOS", "HAGOS", "VISA-G", "VISA-H", "PSFS", "GROC"]
    assert list(rows) == issue
    assert rows["NPRS"][4].startswith("2 points")
    assert "10 points" in rows["ODI"][4]
    assert rows["PSFS"][4].startswith("2.3 points")
    assert rows["VISA-G"][4].startswith("None shown.")
    assert "Range 0-24 points; a lower score is better." in rows["RMDQ"][3]
    chosen = care.outcome_measure_table(["visa_g", "psfs"])
    assert [r[0].split(":")[0] for r in chosen.rows] == ["VISA-G", "PSFS"]
    with pytest.raises(course.UnknownIdError, match="no outcome measure called 'visa'"):
        care.outcome_measure_table(["visa"])


def test_reassessment_separates_immediate_checks_from_follow_up():
    immediate = care.reassessment_table("immediate")
    assert [r[0] for r in immediate.rows] == ["Pain response", "Neurological status"]
    later = {r[0] for r in care.reassessment_table("follow_up").rows}
    assert {"Walking tolerance", "Stairs", "Sitting tolerance"} <= later
    with pytest.raises(ValueError, match="unknown stage 'later'"):
        course.reassessment_steps("later")


def test_imaging_no_imaging_first_and_the_seed_claim_taught_as_a_claim():
    table = care.imaging_table()
    assert table.rows[0][0].startswith("No imaging")
    ultrasound = next(r for r in table.rows if r[0].startswith("Ultrasound"))
    assert "Claim (seed): Dynamic musculoskeletal ultrasound" in ultrasound[3]
    findings = care.incidental_findings()
    cells = [r[3] for r in findings.rows]
    assert cells[:2] == ["37%", "96%"]
    assert "54% [secondary source only]" in cells


def test_pathway_screens_the_spine_first_then_hip_then_sij():
    rows = care.pathway_table().rows
    assert [r[0] for r in rows] == [
        "1. Is the lumbar spine the source?",
        "2. Is the hip the source?",
        "3. Is the sacroiliac joint the source?",
    ]
    steps = course.pathway("hip_or_spine").steps
    assert "repeated_movement_centralisation" in steps[0].tests
    assert steps[2].clusters == ("laslett_sij_3_of_6",)


def test_yellow_flags_and_screens_say_they_do_not_diagnose():
    flags = care.yellow_flag_table()
    assert "not diagnoses" in flags.description()
    assert len(flags.rows) == len(course.yellow_flags()) >= 5
    screen = care.screen_table("start_back").description()
    assert "it does not diagnose" in screen
    assert "Band: High risk" in screen
    assert care.screen_table("orebro_short").caption.endswith("[secondary source only]")
