"""The scoring rules (pure) and the salted keys and sealed texts they are checked against."""

from __future__ import annotations

import pytest

from course.loading import _Checker
from course.quiz import keys, kinds
from course.quiz import questions as qm
from tools.quiz import authoring

# --------------------------------------------------------------------------- pure rules


def test_single_choice_is_all_or_nothing_and_ignores_case_and_spaces():
    assert qm.score_single("sacroiliac_joint_pain", "sacroiliac_joint_pain") == 1.0
    assert qm.score_single(" Sacroiliac_Joint_Pain ", "sacroiliac_joint_pain") == 1.0
    assert qm.score_single("hip_osteoarthritis", "sacroiliac_joint_pain") == 0.0


@pytest.mark.parametrize(
    ("picked", "score"),
    [
        ({"a", "b", "c"}, 1.0),  # all three right ones
        ({"a", "b"}, 2 / 3),  # two of three, nothing wrong
        ({"a"}, 1 / 3),
        ({"a", "b", "c", "x"}, 2 / 3),  # one wrong pick costs 1/n
        ({"a", "x"}, 0.0),  # +1/3 -1/3
        ({"x", "y"}, 0.0),  # floor at 0, never negative
        ({"a", "b", "c", "x", "y"}, 1 / 3),  # picking everything scores little
        (set(), 0.0),
    ],
)
def test_multiple_select_partial_credit_rule(picked, score):
    assert qm.score_multiple(picked, {"a", "b", "c"}) == pytest.approx(score)


def test_multiple_select_needs_a_key():
    with pytest.raises(ValueError, match="at least one right option"):
        qm.score_multiple({"a"}, set())


@pytest.mark.parametrize(
    ("order", "score"),
    [
        (["a", "b", "c", "d"], 1.0),
        (["d", "c", "b", "a"], 0.0),  # reversed: footrule 8 = floor(16/2)
        (["b", "a", "c", "d"], 1 - 2 / 8),  # one adjacent swap
        (["a", "b", "d", "c"], 1 - 2 / 8),
        (["d", "a", "b", "c"], 1 - 6 / 8),  # last to first moves every item
    ],
)
def test_ranking_uses_the_normalised_spearman_footrule(order, score):
    truth = ["a", "b", "c", "d"]
    assert qm.score_ranking(order, truth) == pytest.approx(score)
    assert qm.footrule(order, truth) == round((1 - score) * 8)


def test_ranking_with_odd_length_reaches_zero_when_reversed():
    assert qm.score_ranking(list("edcba"), list("abcde")) == 0.0  # footrule 12 = floor(25/2)


def test_ranking_must_place_every_option_once():
    with pytest.raises(ValueError, match="every option exactly once"):
        qm.score_ranking(["a", "a", "b"], ["a", "b", "c"])


@pytest.mark.parametrize(
    ("value", "score"),
    [(51.7, 1), (50.2, 1), (53.2, 1), (50.1, 0), (53.3, 0), (0.0, 0)],
)
def test_numeric_tolerance_is_applied_on_the_grid(value, score):
    assert qm.score_numeric(value, 51.7, tolerance=1.5, grid=0.1) == score


def test_accepted_buckets_are_exactly_those_within_tolerance():
    buckets = keys.accepted_buckets(51.7, 1.5, 0.1)
    assert (buckets[0], buckets[-1]) == (502, 532)
    assert keys.accepted_buckets(2.42, 0.1, 0.01) == range(232, 253)


# --------------------------------------------------------------------------- keys


def test_hashes_depend_on_salt_question_option_and_value():
    base = keys.option_key("s1", "q1", "opt", "1")
    assert base == keys.option_key("s1", "q1", " OPT ", "1")  # normalised
    others = {
        keys.option_key("s2", "q1", "opt", "1"),
        keys.option_key("s1", "q2", "opt", "1"),
        keys.option_key("s1", "q1", "opt2", "1"),
        keys.option_key("s1", "q1", "opt", "0"),
    }
    assert base not in others and len(others) == 4
    # length-prefixed parts: moving a character between parts changes the hash
    assert keys.digest("ab", "c") != keys.digest("a", "bc")


def test_sealed_text_opens_only_with_its_key_and_detects_tampering():
    key = keys.text_key("salt", "q1", "explanation", "right_option")
    blob = keys.seal("Because the history fits.", key)
    assert keys.is_sealed(blob) and "history" not in blob
    assert keys.open_sealed(blob, key) == "Because the history fits."
    with pytest.raises(keys.WrongKeyError, match="wrong key"):
        keys.open_sealed(blob, keys.text_key("salt", "q1", "explanation", "wrong_option"))
    damaged = blob[:-6] + ("A" if blob[-6] != "A" else "B") + blob[-5:]
    with pytest.raises(keys.WrongKeyError):
        keys.open_sealed(damaged, key)
    with pytest.raises(keys.WrongKeyError, match="not a sealed text"):
        keys.open_sealed("plain text", key)


def test_sealing_is_deterministic_and_padding_hides_length():
    key = keys.text_key("salt", "q1", "feedback", "a")
    assert keys.seal("short", key) == keys.seal("short", key)
    assert keys.seal("short", key) != keys.seal("other", key)
    padded = keys.seal("short", key, pad_to=64)
    longer = keys.seal("a much longer feedback text, still under 64", key, pad_to=64)
    assert len(padded) == len(longer)
    assert keys.open_sealed(padded, key) == "short"


# --------------------------------------------------------------------------- check()


def sealed(raw: dict) -> qm.Question:
    """A Question record built from an authoring dict, through the real sealing and loader."""
    checker = _Checker("test")
    record = checker.record(qm.Question, authoring.seal_question(raw), raw["id"], "", 1)
    assert checker.problems == []
    return record


SINGLE = {
    "id": "t_q1",
    "kind": "single_choice",
    "prompt": "Which?",
    "options": [
        {"id": "right_one", "text": "Right", "feedback": "It fits."},
        {"id": "wrong_one", "text": "Wrong", "feedback": "It does not fit."},
        {"id": "other_one", "text": "Other", "feedback": "Not this either."},
    ],
    "answer": "right_one",
    "explanation": "The worked reasoning.",
}


def test_check_single_choice_right_and_wrong():
    q = sealed(SINGLE)
    right = kinds.check(q, "right_one")
    assert (right.score, right.solved) == (1.0, True)
    assert right.feedback == (("Right", "It fits."),)
    assert right.explanation == "The worked reasoning."
    wrong = kinds.check(q, "wrong_one")
    assert (wrong.score, wrong.solved, wrong.explanation) == (0.0, False, "")
    assert wrong.feedback == (("Wrong", "It does not fit."),)


def test_check_rejects_answers_of_the_wrong_form_with_the_valid_choices():
    q = sealed(SINGLE)
    with pytest.raises(qm.AnswerError, match="pick one option"):
        kinds.check(q, None)
    with pytest.raises(qm.AnswerError, match="did you mean 'right_one'"):
        kinds.check(q, "rigth_one")


def test_check_multiple_select_reports_counts_not_which():
    q = sealed(
        {
            "id": "t_q2",
            "kind": "multiple_select",
            "prompt": "Which?",
            "options": [
                {"id": f"opt_{c}", "text": c.upper(), "feedback": f"About {c}."} for c in "abcd"
            ],
            "answer": ["opt_a", "opt_b"],
            "explanation": "A and B.",
        }
    )
    partial = kinds.check(q, ["opt_a", "opt_c"])
    assert partial.score == 0.0 and not partial.solved
    assert "1 right and 1 wrong" in partial.summary and "2 right options" in partial.summary
    assert kinds.check(q, ["opt_a"]).score == 0.5
    full = kinds.check(q, ["opt_b", "opt_a"])
    assert full.solved and full.explanation == "A and B."
    with pytest.raises(qm.AnswerError):
        kinds.check(q, "opt_a")  # a bare string is not a list of picks


def test_check_numeric_accepts_typed_text_and_opens_explanation_anywhere_in_tolerance():
    q = sealed(
        {
            "id": "t_q3",
            "kind": "numeric",
            "prompt": "How much?",
            "unit": "%",
            "tolerance": 2,
            "grid": 0.1,
            "minimum": 0,
            "maximum": 100,
            "answer": 64.8,
            "explanation": "Odds times LR.",
        }
    )
    for typed in (64.8, "63", "66.8 %", "65,1"):
        outcome = kinds.check(q, typed)
        assert outcome.solved and outcome.explanation == "Odds times LR.", typed
    assert not kinds.check(q, 67.0).solved
    with pytest.raises(qm.AnswerError, match="not a number"):
        kinds.check(q, "about sixty")
    found = kinds.reveal(q)
    assert found.answer == pytest.approx(64.8) and found.accepted == pytest.approx((62.8, 66.8))


def test_check_ranking_scores_partial_orders_and_names_right_positions():
    q = sealed(
        {
            "id": "t_q4",
            "kind": "ranking",
            "prompt": "Rank",
            "options": [{"id": f"item_{c}", "text": c} for c in "abc"],
            "answer": ["item_a", "item_b", "item_c"],
            "explanation": "A then B then C.",
        }
    )
    assert [o.id for o in q.options] != ["item_a", "item_b", "item_c"]  # never shown solved
    swap = kinds.check(q, ["item_b", "item_a", "item_c"])
    assert swap.score == pytest.approx(0.5) and "Positions already right: 3" in swap.summary
    assert kinds.check(q, ["item_c", "item_b", "item_a"]).score == 0.0
    assert kinds.check(q, ["item_a", "item_b", "item_c"]).explanation == "A then B then C."
    with pytest.raises(qm.AnswerError, match="not yet placed: item_c"):
        kinds.check(q, ["item_a", "item_b"])


def test_free_text_has_no_score_and_shows_the_checklist_after_an_attempt():
    q = sealed(
        {
            "id": "t_q5",
            "kind": "free_text",
            "prompt": "Explain.",
            "model_answer": ["point one", "point two"],
        }
    )
    with pytest.raises(qm.AnswerError, match="write your answer first"):
        kinds.check(q, "   ")
    outcome = kinds.check(q, "My reasoning.")
    assert outcome.score is None and not outcome.solved
    assert outcome.model_answer == ("point one", "point two")


def test_a_damaged_key_is_reported_not_scored():
    q = sealed(SINGLE)
    broken = qm.Question(
        **{
            **q.__dict__,
            "options": (
                q.options[0].__class__(**{**q.options[0].__dict__, "key": "0" * 64}),
                *q.options[1:],
            ),
        }
    )
    with pytest.raises(ValueError, match="damaged"):
        kinds.check(broken, broken.options[0].id)
