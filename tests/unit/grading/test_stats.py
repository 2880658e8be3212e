"""Item analysis checked against a small class whose every figure was worked out by hand.

Six students, four questions: i1 and i2 right or wrong (1 point), i3 partial credit (2 points),
i4 partial credit (3 points). The figures below were computed on paper from these marks, with
the working in the comments; the code is never asked to check itself.

    student  i1  i2  i3  i4  total
    s1        1   0   2   3    6
    s2        0   0   2   2    4
    s3        0   1   1   1    3
    s4        1   0   1   2    4
    s5        1   1   0   0    2
    s6        0   1   0   0    1
"""

from __future__ import annotations

import math

import pytest

from course.grading import stats

MARKS = {
    "s1": (1, 0, 2, 3),
    "s2": (0, 0, 2, 2),
    "s3": (0, 1, 1, 1),
    "s4": (1, 0, 1, 2),
    "s5": (1, 1, 0, 0),
    "s6": (0, 1, 0, 0),
}
MAXIMA = {"i1": 1.0, "i2": 1.0, "i3": 2.0, "i4": 3.0}
SCORES = {s: dict(zip(MAXIMA, marks, strict=True)) for s, marks in MARKS.items()}

# Totals 6, 4, 3, 4, 2, 1: sum 20, mean 20/6 = 10/3.
# Sum of squares about the mean: 82 - 6 * (10/3)^2 = 82 - 200/3 = 46/3; sample variance 46/15.
MEAN = 10 / 3
VARIANCE = 46 / 15
SD = math.sqrt(46 / 15)  # 1.7512

# Facility = mean points / max points.
FACILITY = {
    "i1": 3 / 6,  # s1, s4, s5 right
    "i2": 3 / 6,  # s3, s5, s6 right
    "i3": (2 + 2 + 1 + 1) / 6 / 2,  # mean 1 of 2
    "i4": (3 + 2 + 1 + 2) / 6 / 3,  # mean 4/3 of 3 = 4/9
}

# Corrected item-total r = Sxy / sqrt(Sxx * Syy), x the item's points, y the rest (total - x).
# i1: x 1,0,0,1,1,0 (Sxx 1.5); y 5,4,3,3,1,1 (mean 17/6; Syy 61 - 289/6 = 77/6);
#     Sxy = (5+3+1) - 6 * 1/2 * 17/6 = 9 - 8.5 = 0.5; r = 0.5 / sqrt(1.5 * 77/6) = 1/sqrt(77).
# i2: x 0,0,1,0,1,1 (Sxx 1.5); y 6,4,2,4,1,0 (Syy 73 - 289/6 = 149/6);
#     Sxy = (2+1+0) - 8.5 = -5.5; r = -5.5 / sqrt(1.5 * 149/6) = -11/sqrt(149).
# i3: x 2,2,1,1,0,0 (mean 1, Sxx 4); y 4,2,2,3,2,1 (mean 7/3; Syy 38 - 98/3 = 16/3);
#     Sxy = (8+4+2+3) - 6 * 1 * 7/3 = 17 - 14 = 3; r = 3 / sqrt(4 * 16/3) = 3 sqrt(3) / 8.
# i4: x 3,2,1,2,0,0 (mean 4/3, Sxx 18 - 32/3 = 22/3); y 3,2,2,2,2,1 (mean 2, Syy 26 - 24 = 2);
#     Sxy = (9+4+2+4) - 6 * 4/3 * 2 = 19 - 16 = 3; r = 3 / sqrt(44/3) = sqrt(27/44).
DISCRIMINATION = {
    "i1": 1 / math.sqrt(77),  # 0.1140: weak
    "i2": -11 / math.sqrt(149),  # -0.9012: negative
    "i3": 3 * math.sqrt(3) / 8,  # 0.6495
    "i4": math.sqrt(27 / 44),  # 0.7833
}

# Ranked by total then id: s1 (6), s2 (4), s4 (4), s3 (3), s5 (2), s6 (1); 27% of 6 rounds to 2:
# upper {s1, s2}, lower {s5, s6}. D = facility(upper) - facility(lower).
UPPER_LOWER = {
    "i1": (1 + 0) / 2 - (1 + 0) / 2,  # 0
    "i2": (0 + 0) / 2 - (1 + 1) / 2,  # -1
    "i3": (1 + 1) / 2 - (0 + 0) / 2,  # 1
    "i4": (3 / 3 + 2 / 3) / 2 - 0,  # 5/6
}

# Cronbach's alpha = k/(k-1) * (1 - sum of item variances / variance of totals), sample variances:
# i1 1.5/5 = 0.3, i2 0.3, i3 4/5 = 0.8, i4 (22/3)/5 = 22/15; sum 43/15.
# alpha = 4/3 * (1 - (43/15)/(46/15)) = 4/3 * 3/46 = 2/23.
ALPHA = 2 / 23  # 0.0870: the negative i2 pulls it down
# SEM = SD * sqrt(1 - alpha) = sqrt(46/15 * 21/23) = sqrt(2.8).
SEM = math.sqrt(2.8)  # 1.6733 points


def test_facility_discrimination_and_upper_lower_by_hand():
    found = {s.item: s for s in stats.item_analysis(SCORES, MAXIMA)}
    for item in MAXIMA:
        assert found[item].facility == pytest.approx(FACILITY[item]), item
        assert found[item].discrimination_index == pytest.approx(DISCRIMINATION[item]), item
        assert found[item].upper_lower == pytest.approx(UPPER_LOWER[item]), item
        assert (found[item].n, found[item].ungraded) == (6, 0)
    assert found["i1"].flags == ("weak",)
    assert found["i2"].flags == ("negative",)
    assert found["i3"].flags == found["i4"].flags == ()


def test_assignment_summary_by_hand():
    summary = stats.assignment_summary(SCORES, MAXIMA)
    assert (summary.students, summary.questions, summary.max_score) == (6, 4, 7.0)
    assert summary.mean == pytest.approx(MEAN)
    assert summary.sd == pytest.approx(SD)
    assert summary.sd**2 == pytest.approx(VARIANCE)
    assert summary.alpha == pytest.approx(ALPHA)
    assert summary.sem == pytest.approx(SEM)
    assert not summary.dichotomous
    assert summary.why_not == {}


def test_alpha_of_right_or_wrong_questions_is_kr20():
    # Five students, three 1-point questions. KR-20 = k/(k-1) * (1 - sum p q / population var):
    #   q1 1,1,1,0,0 p .6; q2 1,1,0,1,0 p .6; q3 1,0,0,0,0 p .2 -> sum pq = .24 + .24 + .16 = .64
    #   totals 3,2,1,1,0: mean 1.4, population variance (2.56+.36+.16+.16+1.96)/5 = 5.2/5 = 1.04
    #   KR-20 = 3/2 * (1 - .64/1.04) = 1.5 * .4/1.04 = 0.6/1.04 = 15/26
    scores = {
        "a": {"q1": 1, "q2": 1, "q3": 1},
        "b": {"q1": 1, "q2": 1, "q3": 0},
        "c": {"q1": 1, "q2": 0, "q3": 0},
        "d": {"q1": 0, "q2": 1, "q3": 0},
        "e": {"q1": 0, "q2": 0, "q3": 0},
    }
    summary = stats.assignment_summary(scores, {"q1": 1, "q2": 1, "q3": 1})
    assert summary.dichotomous
    assert summary.alpha == pytest.approx(15 / 26)


def test_distractors_by_hand():
    # i1's key is B: s1, s4, s5 chose it; s2 and s6 chose A; s3 chose C (written " c ").
    # Upper group {s1, s2}, lower group {s5, s6}.
    chosen = {"s1": "B", "s2": "A", "s3": " c ", "s4": "B", "s5": "b", "s6": "A"}
    found = {o.option: o for o in stats.distractors("i1", chosen, SCORES, MAXIMA)}
    assert list(found) == ["B", "A", "c"]  # most chosen first; "b" joins "B"
    b, a, c = found["B"], found["A"], found["c"]
    assert (b.chosen, b.share, b.upper_share, b.lower_share) == (3, 0.5, 0.5, 0.5)
    assert b.mean_total == pytest.approx((6 + 4 + 2) / 3)  # 4
    assert b.mean_credit == 1.0  # the key
    assert (a.chosen, a.upper_share, a.lower_share) == (2, 0.5, 0.5)  # s2 upper, s6 lower
    assert a.mean_total == pytest.approx((4 + 1) / 2)
    assert a.mean_credit == 0.0
    assert (c.chosen, c.upper_share, c.lower_share, c.mean_total) == (1, 0.0, 0.0, 3.0)


def test_distractors_count_unreadable_choices_and_keep_everyone():
    chosen = {"s1": "sij", "s2": "sij", "s4": "sij", "s3": "cluneal", "s5": "cluneal"}
    found = {o.option: o for o in stats.distractors("i2", chosen, SCORES, MAXIMA)}
    assert sum(o.chosen for o in found.values()) == 6
    assert found[stats.NO_CHOICE].chosen == 1  # s6: no plain answer read
    assert found[stats.NO_CHOICE].lower_share == 0.5
    # The wrong answer drew the strong students: (6 + 4 + 4) / 3.
    assert found["sij"].upper_share == 1.0
    assert found["sij"].mean_total == pytest.approx(14 / 3)


def test_flags_at_their_thresholds():
    assert stats.item_flags(0.95, 0.5) == ("too_easy",)
    assert stats.item_flags(0.1, 0.5) == ("too_hard",)
    assert stats.item_flags(0.9, 0.2) == ()  # the thresholds themselves are not flagged
    assert stats.item_flags(0.5, -0.01) == ("negative",)
    assert stats.item_flags(0.5, 0.19) == ("weak",)
    assert stats.item_flags(None, None) == ()
    assert set(stats.FLAGS) == {"negative", "weak", "too_easy", "too_hard"}


def test_one_student_gives_reasons_not_nan():
    summary = stats.assignment_summary({"s": {"q1": 1, "q2": 0}}, {"q1": 1, "q2": 1})
    assert summary.mean == 1.0
    assert (summary.sd, summary.alpha, summary.sem) == (None, None, None)
    assert set(summary.why_not) == {"sd", "alpha", "sem"}
    assert "at least two" in summary.why_not["sd"]
    (item, _) = stats.item_analysis({"s": {"q1": 1, "q2": 0}}, {"q1": 1, "q2": 1})
    assert (item.facility, item.discrimination_index, item.upper_lower) == (1.0, None, None)


def test_everyone_with_the_same_total_gives_a_reason():
    scores = {"a": {"q1": 1, "q2": 0}, "b": {"q1": 0, "q2": 1}}
    summary = stats.assignment_summary(scores, {"q1": 1, "q2": 1})
    assert summary.sd == 0.0
    assert summary.alpha is None and "same total" in summary.why_not["alpha"]
    assert summary.sem is None and "alpha" in summary.why_not["sem"]
    one = stats.assignment_summary(scores, {"q1": 1})
    assert one.alpha is None and "at least two" in one.why_not["alpha"]
    assert stats.distractors("q1", {}, {}, {"q1": 1}) == []


def test_ungraded_marks_are_left_out_of_the_question_and_zero_in_totals():
    scores = {**SCORES, "s6": {**SCORES["s6"], "i3": None}}
    found = {s.item: s for s in stats.item_analysis(scores, MAXIMA)}
    assert (found["i3"].n, found["i3"].ungraded) == (5, 1)
    assert found["i3"].facility == pytest.approx(6 / 5 / 2)
    assert stats.assignment_summary(scores, MAXIMA).ungraded == 1


def test_item_analysis_refuses_nonsense():
    with pytest.raises(ValueError, match="max score 0"):
        stats.item_analysis({"s": {"q": 0}}, {"q": 0})
    with pytest.raises(ValueError, match="group_fraction"):
        stats.item_analysis({"s": {"q": 1}}, {"q": 1}, group_fraction=0.7)


def test_pearson_matches_the_definition():
    # x 1,0,1 (mean 2/3), y 3,1,2 (mean 2): Sxy = 1/3*1 + (-2/3)(-1) + 1/3*0 = 1; Sxx = 2/3;
    # Syy = 2; r = 1 / sqrt(4/3) = sqrt(3)/2.
    assert stats.pearson([1.0, 0.0, 1.0], [3.0, 1.0, 2.0]) == pytest.approx(math.sqrt(3) / 2)
    assert stats.pearson([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]) is None  # a constant item: undefined
    with pytest.raises(ValueError, match="differ in length"):
        stats.pearson([1.0], [1.0, 2.0])
