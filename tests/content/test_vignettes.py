"""The case vignettes and lesson self-checks as content: complete, covering, consistent."""

from __future__ import annotations

import re

import course
import course.quiz as quiz
from course.quiz import questions

VIGNETTES = quiz.vignettes()
RED_FLAG_AND_NON_MSK = {
    "cauda_equina_syndrome",
    "sacral_fatigue_fracture",
    "sacral_insufficiency_fracture",
    "pelvic_infection",
    "malignancy",
    "axial_spondyloarthritis",
    "gluteal_claudication",
    "endometriosis",
    "pelvic_organ_pain",
}


def diagnosis(case: quiz.Vignette) -> questions.Question:
    (question,) = [q for q in case.questions if q.focus == "diagnosis"]
    return question


def test_quiz_content_has_no_structural_problem():
    assert quiz.quiz_flaws() == []


def test_at_least_twenty_vignettes_with_neutral_ids():
    assert len(VIGNETTES) >= 20
    assert [c.id for c in VIGNETTES] == [f"case_{n:02d}" for n in range(1, len(VIGNETTES) + 1)]
    condition_words = {w for c in course.conditions() for w in c.id.split("_") if len(w) > 6}
    for case in VIGNETTES:
        assert not condition_words & set(re.findall(r"[a-z]+", case.title.lower())), case.title


def test_every_condition_is_the_answer_of_some_vignette():
    answers = [quiz.reveal(diagnosis(c)).answer for c in VIGNETTES]
    assert set(answers) == set(course.ids("conditions"))
    assert set(answers) >= RED_FLAG_AND_NON_MSK


def test_every_condition_also_appears_as_a_distractor():
    distractors = set()
    for case in VIGNETTES:
        q = diagnosis(case)
        right = quiz.reveal(q).answer
        distractors |= {o.condition for o in q.options if o.condition != right}
    missing = set(course.ids("conditions")) - distractors
    assert not missing, missing


def test_each_vignette_is_complete():
    for case in VIGNETTES:
        assert 16 <= case.patient.age <= 90 and case.patient.context
        assert len(case.history) >= 3, case.id
        assert len(case.examination) >= 3, case.id
        assert sum(bool(f.test) for f in case.examination) >= 2, case.id
        q = diagnosis(case)
        assert len(q.options) >= 3, case.id
        assert all(questions.open_feedback(q, o) for o in q.options), case.id
        assert q.hints and q.sources and case.sources, case.id
        assert len(case.questions) >= 2, case.id


FIGURE_KINDS = {"pick_site"}
"""Kinds answered on the anatomy figure: lesson self-checks use them; a vignette shows no
figure."""


def test_every_question_kind_is_used_and_every_choice_question_has_hints():
    kinds = {q.kind for c in VIGNETTES for q in c.questions}
    assert kinds == set(questions.KINDS) - FIGURE_KINDS
    in_lessons = {
        q.kind for s in quiz.quiz_sets() if s.id.startswith("lesson") for q in s.questions
    }
    assert in_lessons >= FIGURE_KINDS
    for s in quiz.quiz_sets():
        for q in s.questions:
            assert q.hints or q.kind == "free_text", q.id
            assert quiz.reveal(q).explanation, q.id  # every key and explanation opens


def test_numeric_answers_lie_inside_their_stated_range():
    for s in quiz.quiz_sets():
        for q in s.questions:
            if q.kind == "numeric":
                found = quiz.reveal(q)
                assert q.minimum <= found.answer <= q.maximum
                low, high = found.accepted
                assert high - low <= 2 * q.tolerance + 1e-9


def test_post_test_probabilities_follow_from_the_stated_numbers():
    """The numeric keys are the odds-LR arithmetic their prompts describe."""

    def post(pre: float, lr: float) -> float:
        odds = pre / (1 - pre) * lr
        return 100 * odds / (1 + odds)

    expected = {
        "case_01_q2": post(0.30, 4.29),
        "case_04_q2": post(0.20, 4.57),
        "case_08_q2": post(0.20, 24.3),
        "case_11_q2": post(0.10, 0.796 / (1 - 0.724)),
        "lesson08_q1": post(0.25, 0.08),
        "case_03_q2": 0.29 / (1 - 0.88),
        "case_16_q2": 0.40 / (1 - 0.94),
        "lesson08_q2": post(0.20, 24.3),
    }
    for ident, value in expected.items():
        q = quiz.item(ident)
        assert abs(quiz.reveal(q).answer - value) <= q.tolerance / 4, ident
        assert quiz.check(q, round(value, 2)).solved, ident


def test_lesson_self_checks_cover_lessons_one_to_eight():
    by_lesson = {s.lesson: s for s in quiz.lesson_checks()}
    assert set(range(1, 9)) <= set(by_lesson)
    for lesson in range(1, 9):
        # up to 6 since every objective needs a scored question (clinical review F25)
        assert 1 <= len(by_lesson[lesson].questions) <= 6
    assert any(q.kind == "numeric" for q in by_lesson[8].questions)
    assert quiz.item("lesson03_q1").id == "lesson03_q1"


def test_item_ids_are_unique_and_listed_for_the_graders():
    ids = quiz.all_item_ids()
    assert ids == sorted(set(ids))
    assert all(re.fullmatch(r"(case_\d\d|lesson\d\d)_q\d+", i) for i in ids)
    assert {"case_03_q1", "lesson08_q1"} <= set(ids)
    assert len(ids) == sum(len(s.questions) for s in quiz.quiz_sets())


def test_unknown_ids_get_a_helpful_error():
    import pytest

    with pytest.raises(KeyError, match="did you mean .*'case_03'"):
        quiz.selfcheck("case_3")
    with pytest.raises(KeyError, match="no self-check question called 'lesson03_q9'"):
        quiz.item("lesson03_q9")
