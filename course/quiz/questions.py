"""Question records, the scoring rules, and checking a student's answer against the sealed keys.

Five kinds of question, each with one stated scoring rule (a score is a fraction 0..1):

* ``single_choice`` — 1 for the right option, else 0.
* ``multiple_select`` — with ``n`` right options: +1/n for each right option picked, −1/n for
  each wrong option picked, never below 0. Picking everything therefore scores little.
* ``numeric`` — 1 when the typed number's grid bucket (``round(value / grid)``) has its centre
  within ``tolerance`` of the answer, else 0. Tolerance and unit are shown with the question.
* ``ranking`` — order every option from most to least likely. Score = 1 − F / F_max, where F is
  the Spearman footrule (the sum over options of |student's rank − true rank|) and F_max =
  floor(n²/2) its largest possible value for n options; the exact order scores 1, the reversed
  order 0.
* ``free_text`` — graded by a person: no score; once the student has written something, the
  model-answer checklist is shown so they can mark their own answer.

The ``score_*`` functions are pure and take plain answers. :func:`check` applies them to a
sealed question by recovering, with the salted hashes of :mod:`course.quiz.keys`, only what it
needs; :func:`reveal` recovers the whole key the same way (which is why the keys only deter).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..loading import suggest
from ..records import keys

# The record types live in course.records.quiz; they are re-exported here for old imports.
from ..records.quiz import (  # noqa: F401
    KINDS,
    Finding,
    FindingResult,
    Focus,
    LessonSelfCheck,
    Option,
    Patient,
    Question,
    QuestionKind,
    QuizSet,
    Vignette,
)

# --------------------------------------------------------------------------- records


# --------------------------------------------------------------------------- pure scoring


def score_single(choice: str, correct: str) -> float:
    """1.0 when ``choice`` is the correct option id, else 0.0."""
    return 1.0 if keys.normalise(choice) == keys.normalise(correct) else 0.0


def score_multiple(picked: Iterable[str], correct: Iterable[str]) -> float:
    """+1/n per right pick, −1/n per wrong pick, floor 0 (n = number of right options)."""
    picked_set = {keys.normalise(p) for p in picked}
    correct_set = {keys.normalise(c) for c in correct}
    if not correct_set:
        raise ValueError("a multiple-select question needs at least one right option")
    right = len(picked_set & correct_set)
    wrong = len(picked_set - correct_set)
    return max(0.0, (right - wrong) / len(correct_set))


def footrule(order: Sequence[str], truth: Sequence[str]) -> int:
    """Spearman footrule: the sum over items of |rank in ``order`` − rank in ``truth``|."""
    position = {keys.normalise(item): i for i, item in enumerate(truth)}
    return sum(abs(i - position[keys.normalise(item)]) for i, item in enumerate(order))


def score_ranking(order: Sequence[str], truth: Sequence[str]) -> float:
    """1 − footrule / floor(n²/2): 1 for the true order, 0 for its reverse."""
    if sorted(map(keys.normalise, order)) != sorted(map(keys.normalise, truth)):
        raise ValueError("a ranking must order every option exactly once")
    worst = len(truth) ** 2 // 2
    return 1.0 if worst == 0 else 1.0 - footrule(order, truth) / worst


def score_numeric(value: float, answer: float, tolerance: float, grid: float) -> float:
    """1.0 when ``value``'s grid bucket is among those within ``tolerance`` of ``answer``."""
    accepted = keys.accepted_buckets(answer, tolerance, grid)
    return 1.0 if keys.bucket(value, grid) in accepted else 0.0


# --------------------------------------------------------------------------- checking


class AnswerError(ValueError):
    """The answer has the wrong form for its question (nothing picked, unknown option...)."""


@dataclass(frozen=True)
class Outcome:
    """What checking one answer found."""

    score: float | None
    """0..1 by the question's rule; None for free text (graded by a person)."""
    solved: bool
    """True when the answer is completely right."""
    summary: str
    """One friendly sentence about the attempt (never names the missing right options)."""
    feedback: tuple[tuple[str, str], ...] = ()
    """(option text, its feedback) for each option the student picked, in their order."""
    explanation: str = ""
    """The worked explanation, opened only when solved."""
    model_answer: tuple[str, ...] = ()
    """Free text: the checklist a good answer covers, shown after any attempt."""


def option_ids(question: Question) -> list[str]:
    """The option ids of a question, in the order shown."""
    return [o.id for o in question.options]


def _option(question: Question, ident: str) -> Option:
    for option in question.options:
        if keys.normalise(option.id) == keys.normalise(ident):
            return option
    raise AnswerError(
        f"'{ident}' is not an option of {question.id}; {suggest(ident, option_ids(question))}"
    )


def _is_right(question: Question, option: Option) -> bool:
    if option.key == keys.option_key(question.salt, question.id, option.id, "1"):
        return True
    if option.key == keys.option_key(question.salt, question.id, option.id, "0"):
        return False
    raise ValueError(f"{question.id}: the key of option '{option.id}' is damaged; re-seal it")


def _true_rank(question: Question, option: Option) -> int:
    for rank in range(1, len(question.options) + 1):
        if option.key == keys.option_key(question.salt, question.id, option.id, str(rank)):
            return rank
    raise ValueError(f"{question.id}: the key of option '{option.id}' is damaged; re-seal it")


def explanation_key(question: Question, answer: object) -> bytes:
    """The key that opens ``question.explanation``, derived from the complete correct answer."""
    if question.kind == "single_choice":
        material: tuple[str, ...] = (keys.normalise(answer),)
    elif question.kind == "multiple_select":
        material = tuple(sorted(keys.normalise(a) for a in answer))
    elif question.kind == "ranking":
        material = tuple(keys.normalise(a) for a in answer)
    elif question.kind == "numeric":
        low, high = answer
        material = (str(low), str(high))
    else:
        material = ()
    return keys.text_key(question.salt, question.id, "explanation", *material)


def feedback_key(question: Question, option_id: str) -> bytes:
    """The key that opens one option's feedback: it derives from that option's id alone."""
    return keys.text_key(question.salt, question.id, "feedback", keys.normalise(option_id))


def model_answer_key(question: Question) -> bytes:
    """The key of a free-text model answer (hidden from casual reading, not protected)."""
    return keys.text_key(question.salt, question.id, "model")


def open_feedback(question: Question, option: Option) -> str:
    """The plain feedback of one option ('' when it has none)."""
    if not option.feedback:
        return ""
    return keys.open_sealed(option.feedback, feedback_key(question, option.id))


def model_answer(question: Question) -> tuple[str, ...]:
    """The free-text checklist, as a tuple of points."""
    if not question.model_answer:
        return ()
    return tuple(json.loads(keys.open_sealed(question.model_answer, model_answer_key(question))))


def _open_explanation(question: Question, answer: object) -> str:
    if not question.explanation:
        return ""
    return keys.open_sealed(question.explanation, explanation_key(question, answer))


def parse_number(value: object) -> float:
    """A typed number: accepts ints, floats and text such as '51.7', '51,7' or '51.7 %'."""
    if isinstance(value, bool):
        raise AnswerError("type a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().rstrip("%").strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise AnswerError(f"'{value}' is not a number; type e.g. 42.5") from None
    if not math.isfinite(number):
        raise AnswerError("type a finite number")
    return number


def _accepted_range(question: Question, index: int) -> tuple[int, int]:
    """The contiguous run of accepted buckets around an accepted ``index``."""
    accepted = set(question.answer_keys)
    low = high = index
    while keys.bucket_key(question.salt, question.id, low - 1) in accepted:
        low -= 1
    while keys.bucket_key(question.salt, question.id, high + 1) in accepted:
        high += 1
    return low, high


def check(question: Question, answer: object) -> Outcome:
    """Score ``answer`` against the sealed key and collect the feedback the student has earned.

    ``answer`` is an option id (single choice), an iterable of option ids (multiple select),
    the complete order of option ids (ranking), a number (numeric) or text (free text).
    Raises AnswerError when the answer has the wrong form; such an attempt does not count.
    """
    kind = question.kind
    if kind == "single_choice":
        if answer is None or not str(answer).strip():
            raise AnswerError("pick one option first")
        option = _option(question, str(answer))
        solved = _is_right(question, option)
        feedback = ((option.text, open_feedback(question, option)),)
        summary = "Right." if solved else "Not this one."
        explanation = _open_explanation(question, option.id) if solved else ""
        return Outcome(float(solved), solved, summary, feedback, explanation)

    if kind == "multiple_select":
        if isinstance(answer, str) or answer is None:
            raise AnswerError("pick options from the list (a list of option ids)")
        picked = [_option(question, str(a)) for a in answer]
        if not picked:
            raise AnswerError("pick at least one option first")
        right = [o.id for o in question.options if _is_right(question, o)]
        score = score_multiple([o.id for o in picked], right)
        solved = {o.id for o in picked} == set(right)
        hits = sum(o.id in right for o in picked)
        misses = len(picked) - hits
        if solved:
            summary = f"Right: all {len(right)} correct options and nothing else."
        else:
            picks = "pick" if len(picked) == 1 else "picks"
            options = "option" if len(right) == 1 else "options"
            summary = (
                f"Your {len(picked)} {picks}: {hits} right and {misses} wrong; the question has "
                f"{len(right)} right {options}. Score {score:.2f}."
            )
        feedback = tuple((o.text, open_feedback(question, o)) for o in picked)
        explanation = _open_explanation(question, right) if solved else ""
        return Outcome(score, solved, summary, feedback, explanation)

    if kind == "ranking":
        if isinstance(answer, str) or answer is None:
            raise AnswerError("give the complete order of options, most likely first")
        order = [_option(question, str(a)) for a in answer]
        if sorted(o.id for o in order) != sorted(option_ids(question)):
            missing = sorted(set(option_ids(question)) - {o.id for o in order})
            raise AnswerError(
                "rank every option exactly once"
                + (f"; not yet placed: {', '.join(missing)}" if missing else "")
            )
        truth = sorted(question.options, key=lambda o: _true_rank(question, o))
        truth_ids = [o.id for o in truth]
        score = score_ranking([o.id for o in order], truth_ids)
        placed = [i + 1 for i, o in enumerate(order) if o.id == truth_ids[i]]
        solved = score == 1.0
        if solved:
            summary = "Right: every option is in its place."
        else:
            where = ", ".join(str(p) for p in placed) if placed else "none"
            summary = f"Score {score:.2f}. Positions already right: {where}."
        feedback = tuple((o.text, open_feedback(question, o)) for o in order if o.feedback)
        explanation = _open_explanation(question, truth_ids) if solved else ""
        return Outcome(score, solved, summary, feedback if solved else (), explanation)

    if kind == "numeric":
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            raise AnswerError("type a number first")
        value = parse_number(answer)
        index = keys.bucket(value, question.grid)
        solved = keys.bucket_key(question.salt, question.id, index) in set(question.answer_keys)
        unit = f" {question.unit}" if question.unit else ""
        if solved:
            summary = f"Right: {value:g}{unit} is within ±{question.tolerance:g}{unit}."
            explanation = _open_explanation(question, _accepted_range(question, index))
        else:
            summary = f"Not within ±{question.tolerance:g}{unit} of the expected answer."
            explanation = ""
        return Outcome(float(solved), solved, summary, (), explanation)

    text = "" if answer is None else str(answer).strip()
    if not text:
        raise AnswerError("write your answer first; then compare it with the checklist")
    return Outcome(
        None,
        False,
        "Saved. This one is marked by a person: compare your answer with the checklist.",
        (),
        "",
        model_answer(question),
    )


@dataclass(frozen=True)
class Revealed:
    """A question's complete key, recovered from its hashes (instructor tools, 'show answer')."""

    answer: object
    """Option id; sorted list of ids; order of ids; the numeric answer (bucket centre); or None."""
    explanation: str
    accepted: tuple[float, float] | None = None
    """Numeric: the lowest and highest accepted bucket centres."""


def reveal(question: Question) -> Revealed:
    """Recover the key by trying every option (or every bucket between minimum and maximum).

    This is exactly what a determined student can do; the self-check uses it for 'show the
    answer' after the hints run out, and ``python -m tools.quiz unseal`` for editing.
    """
    kind = question.kind
    if kind == "single_choice":
        (right,) = [o.id for o in question.options if _is_right(question, o)]
        return Revealed(right, _open_explanation(question, right))
    if kind == "multiple_select":
        right = sorted(o.id for o in question.options if _is_right(question, o))
        return Revealed(right, _open_explanation(question, right))
    if kind == "ranking":
        truth = [o.id for o in sorted(question.options, key=lambda o: _true_rank(question, o))]
        return Revealed(truth, _open_explanation(question, truth))
    if kind == "numeric":
        accepted = set(question.answer_keys)
        first = math.floor(question.minimum / question.grid)
        last = math.ceil(question.maximum / question.grid)
        for index in range(first, last + 1):
            if keys.bucket_key(question.salt, question.id, index) in accepted:
                low, high = _accepted_range(question, index)
                centre = round((low + high) / 2 * question.grid, 10)
                explanation = _open_explanation(question, (low, high))
                return Revealed(centre, explanation, (low * question.grid, high * question.grid))
        raise ValueError(f"{question.id}: no accepted answer between minimum and maximum")
    return Revealed(None, "\n".join(f"- {point}" for point in model_answer(question)))
