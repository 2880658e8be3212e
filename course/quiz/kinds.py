"""Question kinds as types: one class per kind, looked up through the registry :data:`KIND`.

Each kind owns everything that differs between kinds:

* ``check`` (score an answer and collect the feedback earned) and ``reveal`` (recover the key);
* ``material``: what of the complete correct answer opens the sealed explanation;
* ``seal`` / ``unseal``: the shipped form of an authoring question and back;
* ``problems``: what is structurally wrong with a shipped question of this kind;
* ``right_option_ids``: which option ids the answer-leak scans look for;
* ``control`` / ``inputs`` / ``entry`` / ``answer_of`` / ``value`` / ``enter`` /
  ``revealed_html``: its ipywidgets control in the self-check, the values a student sets in it
  (the hashable form the widget's state keeps), read and set as a student would, and the answer
  as "Show the answer" prints it;
* ``ask`` / ``mark`` / ``lists_options`` / ``box_height``: its static page (exported notebook,
  book), which :mod:`course.quiz.static` draws;
* ``page_data``: the question as a book page checks it in the browser (``tools.bookweb.selfcheck``
  and ``tools/bookweb/js/30_selfcheck.js``, whose table of kinds names every kind here).

:func:`check`, :func:`reveal`, :func:`seal_question` and :func:`unseal_question` are short loops
over the registry, and so are the self-check widget and the static page. Adding a kind means one
class here (registered with :func:`register`) plus its content.

The kinds a quiz file under ``content/vignettes`` or ``content/selfchecks`` may use are
:data:`course.quiz.questions.KINDS`; :class:`IdentifyStructure` is a kind whose questions are
built from the anatomy content (:mod:`course.anatomy.quiz`, :mod:`course.quiz.structures`),
not written in a quiz file.
"""

from __future__ import annotations

import json
import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from html import escape
from typing import Any, ClassVar

from ..records import keys, rules
from ..records.quiz import SHAPES, KindShape
from .questions import (
    AnswerError,
    Option,
    Outcome,
    Question,
    Revealed,
    accepted_range,
    feedback_key,
    find_option,
    is_right,
    model_answer,
    model_answer_key,
    open_feedback,
    option_ids,
    parse_number,
    score_multiple,
    score_ranking,
    true_rank,
)

MIN_ID_LENGTH = 4
"""Option ids are at least this long, so that a leak test searching for their base64 or hex
cannot be fooled by chance matches inside the random-looking hashes."""

BOOK_LIST_ASK = (
    "Pick the {what} from the list: this page has no figure to click (the notebook's has)."
)
"""What a book page asks for a question answered on the anatomy figure in the notebook."""

RANK_WORDS = ("1st (most likely)", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th")
"""Labels of the ranking drop-downs, first place first."""


class AuthoringError(ValueError):
    """An authoring question is inconsistent (answer not among its options, no tolerance...)."""


def _fail(where: str, message: str) -> AuthoringError:
    return AuthoringError(f"{where}: {message}")


@dataclass
class Sealing:
    """One authoring question on its way to the shipped form: what a kind's ``seal`` reads.

    ``raw`` holds the fields not yet consumed; a kind pops the ones it uses, and whatever is left
    at the end is reported as unknown.
    """

    qid: str
    salt: str
    answer: Any
    model: Any
    options: list[dict[str, Any]]
    raw: dict[str, Any]


@dataclass
class Sealed:
    """What a kind's ``seal`` returns: sealed options, its own fields, and the explanation key's
    material (see :meth:`Kind.material`)."""

    options: list[dict[str, Any]] | None = None
    """Sealed options in display order (None for kinds without options)."""
    fields: dict[str, Any] = field(default_factory=dict)
    """Fields written after the hints (numeric grid and bucket keys)."""
    material: Any = None
    """The complete correct answer in the form :meth:`Kind.material` takes."""
    closing: dict[str, Any] = field(default_factory=dict)
    """Fields written after the salt and explanation (the free-text model answer)."""


# --------------------------------------------------------------------------- the base


class Kind(ABC):
    """One kind of question. Instances are stateless; :data:`KIND` holds one of each."""

    name: ClassVar[str] = ""
    ask: ClassVar[str] = ""
    """What the static page asks the student to do, in words."""
    mark: ClassVar[str] = ""
    """The empty box the static page prints in front of each option ('' for no options)."""
    shape: ClassVar[KindShape] = KindShape()
    """The fields a shipped question of this kind carries (:data:`course.records.quiz.SHAPES`):
    the one declaration the content rules read too."""
    check_label: ClassVar[str] = "Check"
    revealable: ClassVar[bool] = True
    """Whether 'Show the answer' exists for this kind (not for free text: a person marks it)."""
    joiner: ClassVar[str] = ""
    """What joins the options of an answer made of several ('' when the answer is one option)."""
    box_height: ClassVar[str] = "1.6em"
    """Height of the static page's empty answer box (kinds without options)."""
    lists_options: ClassVar[bool] = True
    """Whether the static page lists the options (not when the figure is the answer area)."""

    @property
    def has_options(self) -> bool:
        """Whether questions of this kind carry options."""
        return self.shape.min_options > 0

    @property
    def min_options(self) -> int:
        """The fewest options a question of this kind has (0: none)."""
        return self.shape.min_options

    @property
    def needs_feedback(self) -> bool:
        """Whether every option carries feedback."""
        return self.shape.feedback

    @property
    def needs_explanation(self) -> bool:
        """Whether the question carries a sealed explanation."""
        return self.shape.explanation

    # -- checking
    def material(self, answer: Any) -> tuple[str, ...]:
        """The parts of the complete correct ``answer`` that derive the explanation's key."""
        return ()

    @abstractmethod
    def check(self, question: Question, answer: Any) -> Outcome:
        """Score ``answer``; raise AnswerError when it has the wrong form."""

    @abstractmethod
    def reveal(self, question: Question) -> Revealed:
        """Recover the complete key by trying every option (or bucket)."""

    def right_option_ids(self, question: Question) -> list[str]:
        """The option ids whose appearance marked up apart would give the answer away."""
        raise ValueError(f"{question.id} is a {question.kind} question, not a choice question")

    # -- sealing
    def seal(self, job: Sealing) -> Sealed:
        """The shipped fields of one authoring question of this kind."""
        if job.options:
            raise _fail(job.qid, f"a {self.name} question has no options")
        return Sealed()

    def unseal(self, question: Question, found: Revealed) -> dict[str, Any]:
        """The authoring fields that carry the key: ``answer`` (or ``model_answer``) and
        ``explanation``."""
        return {"answer": found.answer, "explanation": found.explanation}

    def problems(self, question: Question) -> list[str]:
        """What is wrong with a shipped question of this kind (empty when all is well): the
        content rules of :func:`course.records.rules.question`, read from :attr:`shape`."""
        return [message for _, message in rules.question(question, self.shape)]

    # -- the self-check control
    @abstractmethod
    def control(self, question: Question) -> tuple[Any, list[Any]]:
        """The ipywidget the student answers with, and its parts (boxes, drop-downs)."""

    def inputs(self, control: Any, parts: list[Any]) -> list[Any]:
        """What the student sets, in order, each holding one value: the parts (tick boxes,
        rank drop-downs), or the control itself when it has none."""
        return list(parts) or [control]

    def entry(self, question: Question, answer: Any) -> tuple[Any, ...]:
        """``answer`` (in the form :meth:`check` takes) as the values of :meth:`inputs`, one
        each: the hashable form a self-check's state keeps."""
        return (answer,)

    def answer_of(self, question: Question, entry: tuple[Any, ...]) -> Any:
        """The answer the input values ``entry`` make, in the form :meth:`check` takes (the
        inverse of :meth:`entry`)."""
        return entry[0]

    def value(self, question: Question, control: Any, parts: list[Any]) -> Any:
        """The answer entered in ``control``, in the form :meth:`check` takes."""
        return self.answer_of(question, tuple(i.value for i in self.inputs(control, parts)))

    def enter(self, question: Question, control: Any, parts: list[Any], value: Any) -> None:
        """Enter ``value`` in ``control`` as a student would (an input already showing its
        value is left alone)."""
        inputs = self.inputs(control, parts)
        for item, wanted in zip(inputs, self.entry(question, value), strict=True):
            if item.value != wanted:
                item.value = wanted

    def incomplete(self, answer: Any) -> str:
        """Why an entered answer cannot be checked yet ('' when it can); such a try is not
        counted."""
        return ""

    def revealed_html(self, question: Question, found: Revealed) -> str:
        """The answer as 'Show the answer' prints it (HTML, escaped): the option's text, or the
        texts of several options joined by :attr:`joiner`."""
        names = {o.id: o.text for o in question.options}
        if self.joiner:
            return self.joiner.join(escape(names[a]) for a in found.answer)
        return escape(names[found.answer])

    # -- the static page
    def ask_for(self, question: Question) -> str:
        """What the static page asks, for this question."""
        return self.ask

    # -- the offline book
    def page_data(self, question: Question) -> dict[str, Any]:
        """What a book page needs to check this question in the browser (JSON-able): the
        question exactly as its quiz file ships it (prompt, options in display order with their
        salted keys and sealed feedback, hints, salt, sealed explanation), plus how the page asks
        for the answer. Nothing in it is readable answer material: keys are hashes and texts
        sealed, as in the file (:mod:`course.records.keys`)."""
        data: dict[str, Any] = {
            "id": question.id,
            "kind": self.name,
            "prompt": question.prompt,
            "ask": self.ask_for(question),
            "check_label": self.check_label,
            "revealable": self.revealable,
            "salt": question.salt,
            "hints": list(question.hints),
        }
        if question.options:
            data["options"] = [
                {"id": o.id, "text": o.text, "key": o.key, "feedback": o.feedback}
                for o in question.options
            ]
        if question.explanation:
            data["explanation"] = question.explanation
        return data


KIND: dict[str, Kind] = {}
"""Every question kind by name: ``KIND[question.kind]``."""


def register(cls: type[Kind]) -> type[Kind]:
    """Class decorator: put one instance of a kind into :data:`KIND`."""
    KIND[cls.name] = cls()
    return cls


def kind_of(question: Question) -> Kind:
    """The kind of ``question``; a clear error for a kind nobody registered."""
    try:
        return KIND[question.kind]
    except KeyError:
        raise ValueError(
            f"{question.id}: unknown question kind {question.kind!r}; one of {', '.join(KIND)}"
        ) from None


# --------------------------------------------------------------------------- helpers


def explanation_key(question: Question, answer: Any) -> bytes:
    """The key that opens ``question.explanation``, derived from the complete correct answer."""
    material = kind_of(question).material(answer)
    return keys.text_key(question.salt, question.id, "explanation", *material)


def open_explanation(question: Question, answer: Any) -> str:
    """The plain explanation, opened with the complete correct ``answer`` ('' when none)."""
    if not question.explanation:
        return ""
    return keys.open_sealed(question.explanation, explanation_key(question, answer))


def _order(salt: str, ids: list[str]) -> list[str]:
    """The display order: sorted by a salted hash, so position says nothing about correctness."""
    return sorted(ids, key=lambda i: keys.digest("order", salt, i))


def feedback_key_for(salt: str, qid: str, option_id: str) -> bytes:
    """The feedback key of an option before any Question record exists."""
    return feedback_key(Question(id=qid, kind="single_choice", prompt="", salt=salt), option_id)


class _Options(Kind):
    """The shared part of kinds whose answer is made of options, each with a sealed key."""

    def option_value(self, answer: Any, option_id: str) -> str:
        """The value hashed into one option's key: '1'/'0' (right or not) or its rank."""
        return "1" if option_id in self.right_set(answer) else "0"

    def right_set(self, answer: Any) -> set[str]:
        return set()

    @abstractmethod
    def validate(self, job: Sealing, ids: list[str]) -> Any:
        """Check the authoring answer against the option ids; return the explanation material."""

    def seal(self, job: Sealing) -> Sealed:
        if len(job.options) < self.min_options:
            raise _fail(job.qid, "a choice or ranking question needs at least two options")
        ids = [o["id"] for o in job.options]
        material = self.validate(job, ids)
        order = self.display_order(job.salt, ids, job.answer)
        by_id = {o["id"]: o for o in job.options}
        longest = max(len(o.get("feedback", "").strip().encode()) for o in job.options)
        pad_to = -(-longest // 32) * 32  # every option's feedback seals to the same length
        sealed_options = []
        for option_id in order:
            option = by_id[option_id]
            sealed = {"id": option_id, "text": option["text"]}
            for ref in ("condition", "test"):
                if option.get(ref):
                    sealed[ref] = option[ref]
            value = self.option_value(job.answer, option_id)
            sealed["key"] = keys.option_key(job.salt, job.qid, option_id, value)
            plain = option.get("feedback", "")
            if self.needs_feedback and not plain:
                raise _fail(job.qid, f"option '{option_id}' needs feedback")
            if plain:
                key = feedback_key_for(job.salt, job.qid, option_id)
                sealed["feedback"] = keys.seal(plain.strip(), key, pad_to)
            sealed_options.append(sealed)
        return Sealed(options=sealed_options, material=material)

    def display_order(self, salt: str, ids: list[str], answer: Any) -> list[str]:
        return _order(salt, ids)


class _OneRight(_Options):
    """The shared part of kinds whose answer is one option id (a choice, a structure)."""

    def material(self, answer: Any) -> tuple[str, ...]:
        return (keys.canonical_answer(answer),)

    def right_set(self, answer: Any) -> set[str]:
        return {answer}


# --------------------------------------------------------------------------- the kinds


@register
class SingleChoice(_OneRight):
    """1 for the right option, else 0."""

    name = "single_choice"
    shape = SHAPES["single_choice"]
    ask = "Pick one."
    mark = "○"

    def validate(self, job: Sealing, ids: list[str]) -> Any:
        if job.answer not in ids:
            raise _fail(job.qid, f"answer {job.answer!r} is not an option id; options: {ids}")
        return job.answer

    def check(self, question: Question, answer: Any) -> Outcome:
        if answer is None or not str(answer).strip():
            raise AnswerError("pick one option first")
        option = find_option(question, str(answer))
        solved = is_right(question, option)
        feedback = ((option.text, open_feedback(question, option)),)
        summary = "Right." if solved else "Not this one."
        explanation = open_explanation(question, option.id) if solved else ""
        return Outcome(float(solved), solved, summary, feedback, explanation)

    def reveal(self, question: Question) -> Revealed:
        (right,) = [o.id for o in question.options if is_right(question, o)]
        return Revealed(right, open_explanation(question, right))

    def right_option_ids(self, question: Question) -> list[str]:
        return [self.reveal(question).answer]

    def control(self, question: Question) -> tuple[Any, list[Any]]:
        """A named group of radio buttons named by the prompt: arrow keys move between this
        question's options only (:class:`course.controls.RadioGroup`)."""
        import ipywidgets as widgets

        from ..controls import RadioGroup

        choices = [(o.text, o.id) for o in question.options]
        return RadioGroup(
            options=choices, value=None, label=question.prompt, layout=widgets.Layout(width="auto")
        ), []


@register
class MultipleSelect(_Options):
    """+1/n per right pick, −1/n per wrong pick, floor 0 (n = number of right options)."""

    name = "multiple_select"
    shape = SHAPES["multiple_select"]
    joiner = "; "
    ask = "Pick every option that applies."
    mark = "☐"

    def material(self, answer: Any) -> tuple[str, ...]:
        return tuple(sorted(keys.canonical_answer(a) for a in answer))

    def right_set(self, answer: Any) -> set[str]:
        return set(answer)

    def validate(self, job: Sealing, ids: list[str]) -> Any:
        answer = job.answer
        if not isinstance(answer, list) or not answer or not set(answer) <= set(ids):
            raise _fail(job.qid, f"answer must be a non-empty list of option ids from {ids}")
        return answer

    def check(self, question: Question, answer: Any) -> Outcome:
        if isinstance(answer, str) or answer is None:
            raise AnswerError("pick options from the list (a list of option ids)")
        picked = [find_option(question, str(a)) for a in answer]
        if not picked:
            raise AnswerError("pick at least one option first")
        right = [o.id for o in question.options if is_right(question, o)]
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
        explanation = open_explanation(question, right) if solved else ""
        return Outcome(score, solved, summary, feedback, explanation)

    def reveal(self, question: Question) -> Revealed:
        right = sorted(o.id for o in question.options if is_right(question, o))
        return Revealed(right, open_explanation(question, right))

    def right_option_ids(self, question: Question) -> list[str]:
        return list(self.reveal(question).answer)

    def control(self, question: Question) -> tuple[Any, list[Any]]:
        import ipywidgets as widgets

        boxes = [
            widgets.Checkbox(
                value=False, description=o.text, indent=False, layout=widgets.Layout(width="auto")
            )
            for o in question.options
        ]
        return widgets.VBox(boxes), boxes

    def entry(self, question: Question, answer: Any) -> tuple[Any, ...]:
        chosen = set(answer or ())
        return tuple(o.id in chosen for o in question.options)

    def answer_of(self, question: Question, entry: tuple[Any, ...]) -> Any:
        return [o.id for o, ticked in zip(question.options, entry, strict=True) if ticked]


@register
class RankingKind(_Options):
    """1 − footrule / floor(n²/2): 1 for the true order, 0 for its reverse."""

    name = "ranking"
    shape = SHAPES["ranking"]
    joiner = " → "
    ask = "Put the options in order, most likely first."
    mark = "▭"

    def material(self, answer: Any) -> tuple[str, ...]:
        return tuple(keys.canonical_answer(a) for a in answer)

    def option_value(self, answer: Any, option_id: str) -> str:
        return str(answer.index(option_id) + 1)

    def validate(self, job: Sealing, ids: list[str]) -> Any:
        answer = job.answer
        if not isinstance(answer, list) or sorted(answer) != sorted(ids):
            raise _fail(job.qid, f"answer must order every option exactly once: {ids}")
        return answer

    def display_order(self, salt: str, ids: list[str], answer: Any) -> list[str]:
        order = _order(salt, ids)
        if order == answer:
            order = order[1:] + order[:1]  # never show a ranking already in the right order
        return order

    def _truth(self, question: Question) -> list[str]:
        ranked = sorted(question.options, key=lambda o: true_rank(question, o))
        return [o.id for o in ranked]

    def check(self, question: Question, answer: Any) -> Outcome:
        if isinstance(answer, str) or answer is None:
            raise AnswerError("give the complete order of options, most likely first")
        order = [find_option(question, str(a)) for a in answer]
        if sorted(o.id for o in order) != sorted(option_ids(question)):
            missing = sorted(set(option_ids(question)) - {o.id for o in order})
            raise AnswerError(
                "rank every option exactly once"
                + (f"; not yet placed: {', '.join(missing)}" if missing else "")
            )
        truth_ids = self._truth(question)
        score = score_ranking([o.id for o in order], truth_ids)
        placed = [i + 1 for i, o in enumerate(order) if o.id == truth_ids[i]]
        solved = score == 1.0
        if solved:
            summary = "Right: every option is in its place."
        else:
            where = ", ".join(str(p) for p in placed) if placed else "none"
            summary = f"Score {score:.2f}. Positions already right: {where}."
        feedback = tuple((o.text, open_feedback(question, o)) for o in order if o.feedback)
        explanation = open_explanation(question, truth_ids) if solved else ""
        return Outcome(score, solved, summary, feedback if solved else (), explanation)

    def reveal(self, question: Question) -> Revealed:
        truth = self._truth(question)
        return Revealed(truth, open_explanation(question, truth))

    def right_option_ids(self, question: Question) -> list[str]:
        return [self.reveal(question).answer[0]]  # the first place is what matters most

    def control(self, question: Question) -> tuple[Any, list[Any]]:
        import ipywidgets as widgets

        choices = [(o.text, o.id) for o in question.options]
        ranks = [
            widgets.Dropdown(
                # "" rather than None: a Dropdown valued None shows a blank, not the prompt
                options=[("— choose —", ""), *choices],
                value="",
                description=RANK_WORDS[i] if i < len(RANK_WORDS) else f"{i + 1}th",
                style={"description_width": "9em"},
                layout=widgets.Layout(width="36em"),
            )
            for i in range(len(choices))
        ]
        return widgets.VBox(ranks), ranks

    def entry(self, question: Question, answer: Any) -> tuple[Any, ...]:
        # "" is the drop-down's "— choose —", an empty place
        return tuple(ident or "" for ident in answer)

    def answer_of(self, question: Question, entry: tuple[Any, ...]) -> Any:
        return [ident or None for ident in entry]

    def incomplete(self, answer: Any) -> str:
        if None in answer:
            return "Place an option in every position first."
        if len(set(answer)) != len(answer):
            return "Each option can take one position only."
        return ""


@register
class Numeric(Kind):
    """1 when the typed number's grid bucket has its centre within the tolerance, else 0."""

    name = "numeric"
    shape = SHAPES["numeric"]
    ask = "Answer with a number."

    def material(self, answer: Any) -> tuple[str, ...]:
        low, high = answer
        return (str(low), str(high))

    def seal(self, job: Sealing) -> Sealed:
        super().seal(job)
        raw, answer, qid = job.raw, job.answer, job.qid
        for name in ("tolerance", "grid", "minimum", "maximum"):
            if not isinstance(raw.get(name), int | float):
                raise _fail(qid, f"a numeric question needs a number for '{name}'")
        if not isinstance(answer, int | float):
            raise _fail(qid, "a numeric question needs a number as its answer")
        tolerance, grid = float(raw["tolerance"]), float(raw["grid"])
        if grid <= 0 or tolerance < grid:
            raise _fail(qid, "grid must be positive and no larger than the tolerance")
        if not raw["minimum"] <= answer <= raw["maximum"]:
            raise _fail(qid, "the answer lies outside minimum..maximum")
        buckets = keys.accepted_buckets(float(answer), tolerance, grid)
        fields = {
            n: raw.pop(n) for n in ("unit", "tolerance", "grid", "minimum", "maximum") if n in raw
        }
        fields["answer_keys"] = sorted(keys.bucket_key(job.salt, qid, i) for i in buckets)
        return Sealed(fields=fields, material=(buckets[0], buckets[-1]))

    def check(self, question: Question, answer: Any) -> Outcome:
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            raise AnswerError("type a number first")
        value = parse_number(answer)
        index = keys.bucket(value, question.grid)
        solved = keys.bucket_key(question.salt, question.id, index) in set(question.answer_keys)
        unit = f" {question.unit}" if question.unit else ""
        if solved:
            summary = f"Right: {value:g}{unit} is within ±{question.tolerance:g}{unit}."
            explanation = open_explanation(question, accepted_range(question, index))
        else:
            summary = f"Not within ±{question.tolerance:g}{unit} of the expected answer."
            explanation = ""
        return Outcome(float(solved), solved, summary, (), explanation)

    def reveal(self, question: Question) -> Revealed:
        accepted = set(question.answer_keys)
        first = math.floor(question.minimum / question.grid)
        last = math.ceil(question.maximum / question.grid)
        for index in range(first, last + 1):
            if keys.bucket_key(question.salt, question.id, index) in accepted:
                low, high = accepted_range(question, index)
                centre = round((low + high) / 2 * question.grid, 10)
                explanation = open_explanation(question, (low, high))
                return Revealed(centre, explanation, (low * question.grid, high * question.grid))
        raise ValueError(f"{question.id}: no accepted answer between minimum and maximum")

    def control(self, question: Question) -> tuple[Any, list[Any]]:
        import ipywidgets as widgets

        unit = f" ({question.unit})" if question.unit else ""
        return widgets.Text(
            placeholder="a number, e.g. 42.5",
            description=f"Answer{unit}:",
            style={"description_width": "initial"},
        ), []

    def entry(self, question: Question, answer: Any) -> tuple[Any, ...]:
        return ("" if answer is None else str(answer),)

    def revealed_html(self, question: Question, found: Revealed) -> str:
        unit = f" {question.unit}" if question.unit else ""
        low, high = found.accepted
        return f"{found.answer:g}{unit} (accepted {low:g} to {high:g})"

    def ask_for(self, question: Question) -> str:
        return f"Answer with a number ({question.unit})." if question.unit else self.ask

    def page_data(self, question: Question) -> dict[str, Any]:
        """The common data plus the unit, tolerance, grid and bounds (in the unit) and the sorted
        hashes of the accepted grid buckets."""
        data = super().page_data(question)
        for name in ("unit", "tolerance", "grid", "minimum", "maximum"):
            if getattr(question, name) not in (None, ""):
                data[name] = getattr(question, name)
        data["answer_keys"] = list(question.answer_keys)
        return data


@register
class FreeText(Kind):
    """Marked by a person: no score; after any answer the model checklist is shown."""

    name = "free_text"
    shape = SHAPES["free_text"]
    ask = "Write a short answer."
    check_label = "Save and compare"
    revealable = False
    box_height = "5em"

    def seal(self, job: Sealing) -> Sealed:
        super().seal(job)
        if not isinstance(job.model, list) or not job.model:
            raise _fail(job.qid, "a free-text question needs a model_answer list")
        if job.answer is not None:
            raise _fail(job.qid, "a free-text question has no answer key (a person marks it)")
        probe = Question(id=job.qid, kind="free_text", prompt="", salt=job.salt)
        model = keys.seal(json.dumps(job.model), model_answer_key(probe))
        return Sealed(closing={"model_answer": model})

    def unseal(self, question: Question, found: Revealed) -> dict[str, Any]:
        return {"model_answer": [line[2:] for line in found.explanation.splitlines()]}

    def check(self, question: Question, answer: Any) -> Outcome:
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

    def reveal(self, question: Question) -> Revealed:
        return Revealed(None, "\n".join(f"- {point}" for point in model_answer(question)))

    def page_data(self, question: Question) -> dict[str, Any]:
        """The common data plus the sealed model-answer checklist (a JSON list once opened)."""
        return {**super().page_data(question), "model_answer": question.model_answer}

    def control(self, question: Question) -> tuple[Any, list[Any]]:
        import ipywidgets as widgets

        return widgets.Textarea(
            placeholder="Write your answer here", layout=widgets.Layout(width="100%", height="8em")
        ), []


@dataclass(frozen=True)
class Click:
    """An answer to an ``identify_structure`` question: where the student clicked."""

    structure: str | None
    """The structure id the click picked (the anatomy scene's ``pick``), None for no structure."""
    clicked: str = ""
    """What lies there when it is not a course structure (e.g. 'ischium and pubis'), else ''."""


@register
class IdentifyStructure(_OneRight):
    """Find a structure on the anatomy figure: 1 when the click picks it, else 0.

    Its options are the structures of the scene (id, and the name as it reads mid-sentence:
    'gluteus medius', 'PSIS'); the answer is a click, resolved
    to a structure id (or None) by the anatomy scene's ``pick``. Questions of this kind are built
    from the anatomy content by :func:`course.anatomy.quiz.structure_question`.
    """

    name = "identify_structure"
    shape = SHAPES["identify_structure"]
    ask = "Click the structure on the figure."
    lists_options = False
    revealable = True

    def validate(self, job: Sealing, ids: list[str]) -> Any:
        if job.answer not in ids:
            raise _fail(job.qid, f"answer {job.answer!r} is not a structure of the figure")
        return job.answer

    def seal(self, job: Sealing) -> Sealed:
        if len(job.options) < self.min_options:
            raise _fail(job.qid, "an identify_structure question needs its structures as options")
        return super().seal(job)

    def display_order(self, salt: str, ids: list[str], answer: Any) -> list[str]:
        return list(ids)  # the figure, not a list, is what the student sees

    def _target(self, question: Question) -> Option:
        (right,) = [o for o in question.options if is_right(question, o)]
        return right

    def check(self, question: Question, answer: Any) -> Outcome:
        click = answer if isinstance(answer, Click) else Click(answer)
        target = self._target(question)
        wanted = target.text
        picked = find_option(question, click.structure) if click.structure else None
        solved = picked is not None and picked.id == target.id
        if solved:
            summary = f"Correct: that is the {wanted}."
        else:
            if picked is not None:
                what = f"the {picked.text}"
            elif click.clicked:
                what = f"the {click.clicked}, which is not one of the course's structures"
            else:
                what = "an empty spot"
            summary = f"Not quite: you clicked {what}. The {wanted} is now highlighted."
        explanation = open_explanation(question, target.id) if solved else ""
        return Outcome(float(solved), solved, summary, (), explanation)

    def reveal(self, question: Question) -> Revealed:
        target = self._target(question)
        return Revealed(target.id, open_explanation(question, target.id))

    def right_option_ids(self, question: Question) -> list[str]:
        return [self._target(question).id]

    def control(self, question: Question) -> tuple[Any, list[Any]]:
        """A read-only readout of the structure the last click picked; the click itself comes
        from the anatomy figure (:class:`course.anatomy.explorer.Explorer`). The one part is a
        :class:`ClickHolder` keeping the whole click (what lies there when it is no structure)."""
        import ipywidgets as widgets

        readout = widgets.Dropdown(
            options=[("— click the figure —", ""), *((o.text, o.id) for o in question.options)],
            value="",
            description="You clicked",
            disabled=True,
        )
        return readout, [ClickHolder()]

    def entry(self, question: Question, answer: Any) -> tuple[Any, ...]:
        return (answer if isinstance(answer, Click) else Click(answer),)

    def page_data(self, question: Question) -> dict[str, Any]:
        """The common data; a book page offers the structures as a list, having no figure."""
        return {**super().page_data(question), "ask": BOOK_LIST_ASK.format(what="structure")}

    def enter(self, question: Question, control: Any, parts: list[Any], value: Any) -> None:
        super().enter(question, control, parts, value)
        (holder,) = parts
        shown = holder.value.structure or ""
        if control.value != shown:
            control.value = shown


@register
class PickSite(SingleChoice):
    """Pick a procedure site (an injection site, a pressure zone) on the anatomy figure: 1 for
    the right site, else 0, with each site's sealed feedback and the explanation once right.

    Its options are procedure-site ids (``course/content/procedure_sites.yaml``). The explorer
    (:meth:`course.anatomy.explorer.Explorer.start_site_check`) answers with a :class:`Click`
    whose ``structure`` is the site the click landed in; the self-check and the static page
    offer the same sites as a list, for anyone who cannot click the figure.
    """

    name = "pick_site"
    shape = SHAPES["pick_site"]
    ask = "Click the site on the figure, or pick it from the list."

    def check(self, question: Question, answer: Any) -> Outcome:
        if isinstance(answer, Click):
            if answer.structure is None:
                where = f" (you clicked the {answer.clicked})" if answer.clicked else ""
                raise AnswerError(f"click inside one of the outlined sites{where}")
            answer = answer.structure
        return super().check(question, answer)

    def entry(self, question: Question, answer: Any) -> tuple[Any, ...]:
        """A click on the figure enters the site it landed in, as choosing it from the list
        would (the list is the self-check's control)."""
        return (answer.structure if isinstance(answer, Click) else answer,)

    def page_data(self, question: Question) -> dict[str, Any]:
        """The common data; a book page offers the sites as a list, having no figure."""
        return {**super().page_data(question), "ask": BOOK_LIST_ASK.format(what="site")}


class ClickHolder:
    """The last click on the figure, kept beside the readout control of an identify_structure
    question (a drop-down can show a structure, not 'the ischium, not a course structure').

    It is set by the figure (or a test), never by the student typing, so a self-check does not
    observe it."""

    def __init__(self) -> None:
        self.value = Click(None)
        """The whole click: the structure picked, or what lies there when it is none."""


# --------------------------------------------------------------------------- the loops


def check(question: Question, answer: Any) -> Outcome:
    """Score ``answer`` against the sealed key and collect the feedback the student has earned.

    ``answer`` is an option id (single choice), an iterable of option ids (multiple select),
    the complete order of option ids (ranking), a number (numeric), text (free text) or a
    :class:`Click` (identify structure). Raises AnswerError when the answer has the wrong form;
    such an attempt does not count.
    """
    return kind_of(question).check(question, answer)


def reveal(question: Question) -> Revealed:
    """Recover the key by trying every option (or every bucket between minimum and maximum).

    This is exactly what a determined student can do; the self-check uses it for 'show the
    answer' after the hints run out, and ``python -m tools.quiz unseal`` for editing.
    """
    return kind_of(question).reveal(question)


def _plain_options(qid: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    options = []
    for item in items:
        option = dict(item)
        option.setdefault("id", option.get("condition") or option.get("test"))
        if not option.get("id") or len(option["id"]) < MIN_ID_LENGTH:
            raise _fail(qid, f"option ids need at least {MIN_ID_LENGTH} characters: {option}")
        options.append(option)
    ids = [o["id"] for o in options]
    if len(set(ids)) != len(ids):
        raise _fail(qid, f"option ids repeat: {ids}")
    return options


def seal_question(raw: dict[str, Any], salt: str | None = None) -> dict[str, Any]:
    """The shipped form of one authoring question (``salt`` reused when re-sealing).

    The common fields are handled here; what differs by kind is the kind's ``seal``.
    """
    raw = dict(raw)
    qid = raw.get("id") or "?"
    kind = KIND.get(raw.get("kind"))
    if kind is None:
        raise _fail(qid, f"kind must be one of {', '.join(KIND)}, not {raw.get('kind')!r}")
    salt = salt or keys.new_salt()
    job = Sealing(
        qid=qid,
        salt=salt,
        answer=raw.pop("answer", None),
        model=raw.pop("model_answer", None),
        options=_plain_options(qid, raw.pop("options", []) or []),
        raw=raw,
    )
    explanation = raw.pop("explanation", "")
    out: dict[str, Any] = {k: raw.pop(k) for k in ("id", "kind", "focus", "prompt") if k in raw}
    sealed = kind.seal(job)
    if sealed.options is not None:
        out["options"] = sealed.options
    if raw.get("hints"):
        out["hints"] = raw.pop("hints")
    out.update(sealed.fields)
    out["salt"] = salt
    if explanation:
        probe = Question(id=qid, kind=kind.name, prompt="", salt=salt)
        out["explanation"] = keys.seal(explanation.strip(), explanation_key(probe, sealed.material))
    elif kind.needs_explanation:
        raise _fail(qid, "write an explanation (shown once the answer is found)")
    out.update(sealed.closing)
    if raw.get("sources"):
        out["sources"] = raw.pop("sources")
    leftover = sorted(k for k in raw if k not in ("hints", "sources"))
    if leftover:
        raise _fail(qid, f"unknown fields: {', '.join(leftover)}")
    return out


def unseal_question(question: Question) -> dict[str, Any]:
    """The authoring form of one shipped question, recovered by trying every option."""
    kind = kind_of(question)
    found = kind.reveal(question)
    out: dict[str, Any] = {"id": question.id, "kind": question.kind, "focus": question.focus}
    out["prompt"] = question.prompt
    if question.options:
        out["options"] = []
        for option in question.options:
            plain = {"id": option.id, "text": option.text}
            for ref in ("condition", "test"):
                if getattr(option, ref):
                    plain[ref] = getattr(option, ref)
            if option.feedback:
                plain["feedback"] = open_feedback(question, option)
            out["options"].append(plain)
    key_fields = kind.unseal(question, found)
    out.update({k: v for k, v in key_fields.items() if k != "explanation"})
    if question.hints:
        out["hints"] = list(question.hints)
    for name in ("unit", "tolerance", "grid", "minimum", "maximum"):
        value = getattr(question, name)
        if value not in (None, ""):
            out[name] = int(value) if isinstance(value, float) and value.is_integer() else value
    if "explanation" in key_fields:
        out["explanation"] = key_fields["explanation"]
    if question.sources:
        out["sources"] = list(question.sources)
    return out


def question_record(sealed: dict[str, Any]) -> Question:
    """A :class:`Question` from a sealed dict as :func:`seal_question` returns it (for questions
    built at run time rather than loaded from a quiz file)."""
    fields = dict(sealed)
    fields["options"] = tuple(Option(**o) for o in fields.get("options", ()))
    for name in ("hints", "answer_keys", "sources"):
        if name in fields:
            fields[name] = tuple(fields[name])
    return Question(**fields)


def question_flaws(question: Question) -> list[str]:
    """Everything structurally wrong with one shipped question: the content rules of
    :func:`course.records.rules.question` (sealed option keys and feedback, option ids, salt, keys
    that open) for the shape its kind class declares."""
    if question.kind not in KIND:
        return [f"unknown question kind {question.kind!r}; one of {', '.join(KIND)}"]
    return KIND[question.kind].problems(question)


Ranking = RankingKind
"""The old name of :class:`RankingKind` (``course.painmap.ranking.Ranking`` is the pain-source
ranking)."""
