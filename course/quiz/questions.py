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

The ``score_*`` functions are pure and take plain answers. Each kind of question is a class in
:mod:`course.quiz.kinds` (``KIND[question.kind]``) that applies them to a sealed question by
recovering, with the salted hashes of :mod:`course.quiz.keys`, only what it needs; its ``reveal``
recovers the whole key the same way (which is why the keys only deter). ``check`` and ``reveal``
are :mod:`course.quiz.kinds`'s (and :mod:`course.quiz`'s); this module holds the records and the
pieces every kind shares. A sixth kind, ``identify_structure`` (find a structure on the anatomy
figure), is built from the anatomy content, not from quiz files.
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


def find_option(question: Question, ident: str) -> Option:
    """The option of ``question`` called ``ident`` (case and spaces ignored)."""
    for option in question.options:
        if keys.normalise(option.id) == keys.normalise(ident):
            return option
    raise AnswerError(
        f"'{ident}' is not an option of {question.id}; {suggest(ident, option_ids(question))}"
    )


def is_right(question: Question, option: Option) -> bool:
    """Whether a choice option is one of the right ones, by its sealed key."""
    if option.key == keys.option_key(question.salt, question.id, option.id, "1"):
        return True
    if option.key == keys.option_key(question.salt, question.id, option.id, "0"):
        return False
    raise ValueError(f"{question.id}: the key of option '{option.id}' is damaged; re-seal it")


def true_rank(question: Question, option: Option) -> int:
    """The true rank (1 = most likely) of a ranking option, by its sealed key."""
    for rank in range(1, len(question.options) + 1):
        if option.key == keys.option_key(question.salt, question.id, option.id, str(rank)):
            return rank
    raise ValueError(f"{question.id}: the key of option '{option.id}' is damaged; re-seal it")


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


def accepted_range(question: Question, index: int) -> tuple[int, int]:
    """The contiguous run of accepted buckets around an accepted ``index``."""
    accepted = set(question.answer_keys)
    low = high = index
    while keys.bucket_key(question.salt, question.id, low - 1) in accepted:
        low -= 1
    while keys.bucket_key(question.salt, question.id, high + 1) in accepted:
        high += 1
    return low, high


@dataclass(frozen=True)
class Revealed:
    """A question's complete key, recovered from its hashes (instructor tools, 'show answer')."""

    answer: object
    """Option id; sorted list of ids; order of ids; the numeric answer (bucket centre); or None."""
    explanation: str
    accepted: tuple[float, float] | None = None
    """Numeric: the lowest and highest accepted bucket centres."""
