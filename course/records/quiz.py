"""Record types of the self-check content: questions and options (keys sealed), case
vignettes (``vignettes/``) and lesson self-check sets (``selfchecks/``).

Scoring, checking and the widgets live in :mod:`course.quiz`; the salted-hash format of the
sealed fields is :mod:`course.records.keys`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .core import ref

QuestionKind = Literal[
    "single_choice", "multiple_select", "numeric", "ranking", "free_text", "pick_site"
]


KINDS: tuple[str, ...] = QuestionKind.__args__


@dataclass(frozen=True)
class KindShape:
    """What the shipped fields of one question kind must look like: the one declaration that the
    content rules (:func:`course.records.rules.question`) and the kind classes
    (:class:`course.quiz.kinds.Kind`) both read."""

    min_options: int = 0
    """The fewest options a question of this kind has; 0 means it carries no options."""
    feedback: bool = False
    """Every option carries (sealed) feedback."""
    numeric: bool = False
    """The question carries tolerance, grid, minimum, maximum and answer_keys (and only then)."""
    explanation: bool = True
    """The question carries a sealed explanation."""
    model_answer: bool = False
    """The question carries a sealed model answer (marked by a person)."""
    opens: Literal["one", "some", "ranking", ""] = ""
    """How the option keys open together: exactly one right option, at least one right option, a
    full ranking 1..n; '' when the keys are not checked this way."""


SHAPES: dict[str, KindShape] = {
    "single_choice": KindShape(min_options=2, feedback=True, opens="one"),
    "multiple_select": KindShape(min_options=2, feedback=True, opens="some"),
    "ranking": KindShape(min_options=2, opens="ranking"),
    "numeric": KindShape(numeric=True),
    "free_text": KindShape(explanation=False, model_answer=True),
    "identify_structure": KindShape(min_options=1, explanation=False, opens="one"),
    "pick_site": KindShape(min_options=2, feedback=True, opens="one"),
}
"""The shape of every question kind by name (the kinds a quiz file may use and those built from
other content); a kind class added outside this table declares its own :class:`KindShape`."""


Focus = Literal[
    "anatomy",
    "history",
    "examination",
    "diagnosis",
    "differential",
    "red_flags",
    "probability",
    "management",
    "reasoning",
]
"""What a question practises; the progress summary groups results by it."""


FindingResult = Literal["positive", "negative", "equivocal", "normal", "abnormal", "reduced"]
"""The result of one examination item: positive/negative/equivocal for provocation and
neurodynamic tests, normal/abnormal/reduced for observations, ranges and neurology."""


@dataclass(frozen=True)
class Option:
    """One answer option. Every option carries the same fields, right or wrong."""

    id: str
    """Identifier the student's answer uses (a condition or test id where it names one)."""
    text: str
    """What the student sees."""
    key: str = ""
    """Salted hash saying whether this option is right (or its rank); see course.quiz.keys."""
    feedback: str = ""
    """Sealed feedback shown once the student has picked this option."""
    condition: str | None = ref("conditions", default=None)
    """The condition this option names, when it names one (cross-checked on load)."""
    test: str | None = ref("tests", default=None)
    """The clinical test this option names, when it names one (cross-checked on load)."""


@dataclass(frozen=True)
class Question:
    """One self-check question, as shipped: prompt, options and hints in plain text, key sealed."""

    id: str
    """Unique across the course, ``<set id>_q<n>``, e.g. ``case_03_q1`` or ``lesson08_q1``."""
    kind: QuestionKind
    prompt: str
    salt: str
    """Random per question; mixed into every hash so that equal answers hash differently."""
    focus: Focus = "reasoning"
    options: tuple[Option, ...] = ()
    hints: tuple[str, ...] = ()
    """Shown one at a time, gentlest first; none gives the answer away."""
    explanation: str = ""
    """Sealed worked explanation; opens with the complete correct answer."""
    unit: str = ""
    """Numeric questions: the unit of the answer, e.g. 'percentage points' or '%'."""
    tolerance: float | None = None
    """Numeric questions: how far (in ``unit``) an answer may be from the key and still count."""
    grid: float | None = None
    """Numeric questions: the resolution answers are rounded to before hashing (in ``unit``)."""
    minimum: float | None = None
    """Numeric questions: the smallest sensible answer (also bounds the instructor's reveal)."""
    maximum: float | None = None
    """Numeric questions: the largest sensible answer."""
    answer_keys: tuple[str, ...] = ()
    """Numeric questions: sorted hashes of every accepted grid bucket."""
    model_answer: str = ""
    """Free-text questions: the sealed checklist of points a good answer makes."""
    sources: tuple[str, ...] = ref("sources", default=())


@dataclass(frozen=True)
class Patient:
    """Who the vignette is about (fictional)."""

    age: int
    """Years."""
    sex: Literal["female", "male"]
    context: str
    """Work, sport, life situation: one line."""


@dataclass(frozen=True)
class ExaminationResult:
    """One examination item: a catalogued clinical test or another observation, with its result."""

    result: FindingResult
    test: str | None = ref("tests", default=None)
    observation: str = ""
    """What was examined, when no catalogued test applies (e.g. 'Hip internal rotation')."""
    detail: str = ""
    """What exactly was found (side, angle, what was reproduced)."""


@dataclass(frozen=True)
class Vignette:
    """A fictional patient presenting with buttock pain, and questions about them.

    The correct condition is the answer to the vignette's ``diagnosis`` question; the other
    options of that question are the distractors, and their sealed feedback says why each is
    less likely.
    """

    id: str
    """Neutral, never naming the diagnosis: ``case_01``, ``case_02``..."""
    title: str
    """A neutral one-line title (who and what they complain of, not what they have)."""
    patient: Patient
    complaint: str
    history: tuple[str, ...]
    examination: tuple[ExaminationResult, ...]
    questions: tuple[Question, ...]
    sources: tuple[str, ...] = ref("sources")
    setting: str = ""
    """Where the patient is seen, e.g. 'first-contact physiotherapy clinic'."""


@dataclass(frozen=True)
class LessonSelfCheck:
    """The self-check questions of one lesson, e.g. ``lesson03`` with ``lesson03_q1``..."""

    id: str
    lesson: int
    title: str
    questions: tuple[Question, ...]
    sources: tuple[str, ...] = ref("sources")


QuizSet = Vignette | LessonSelfCheck


Finding = ExaminationResult
"""The old name of :class:`ExaminationResult`, kept for the notebooks and callers that use it."""
