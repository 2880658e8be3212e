"""Record types of the virtual patient: what a student may ask or do (``patient_items.yaml``)
and the cases (``patients/*.yaml``), with the expert's answer sealed.

A case scripts what each item reveals for that patient; an item the case does not script gives
the item's ``neutral`` answer (a test comes back negative, a red-flag question is answered no,
an investigation shows nothing of note). Findings are written in the course's own vocabulary:
red flags (``red_flags.yaml``), clinical tests (``tests.yaml``), cluster rules
(``clusters.yaml``), pain descriptors and body-chart regions (the pain map), and the
conditions an investigation shows or rules out. The reasoning engine
(:mod:`course.patient.engine`) reads only that vocabulary, so it runs on any case written in it.

The expert's answer (ranked differential, urgency, next step, the red-flag questions that had
to be asked, the reasoning map and its explanation) is stored as one sealed text
(:mod:`.keys`): it opens with a key made from the case's id and salt. Like the self-checks'
seals this keeps the answer out of sight in files, diffs and the book; it is not a secret, and
graded work keeps its key in nbgrader's hidden tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any, Literal, get_args

from . import keys
from .core import ref
from .quiz import Patient

ConsultationStage = Literal["history", "examination", "tests", "investigations"]
"""The stages of a consultation, in the order a student meets them."""

STAGES: tuple[ConsultationStage, ...] = get_args(ConsultationStage)

Result = Literal["positive", "negative"]
"""A test's or cluster's result; for a red-flag question, positive means the feature is there."""

Triage = Literal["emergency", "same_day", "urgent", "soon", "none"]
"""The urgency a student commits: one of the course's tiers (``urgency.yaml``), or ``none``
when no medical referral is needed now (physiotherapy care goes on)."""

TRIAGE: tuple[Triage, ...] = get_args(Triage)

NextStep = Literal[
    "emergency_department",
    "doctor_today",
    "urgent_referral",
    "routine_referral",
    "imaging",
    "physiotherapy",
    "reassure",
]
"""What happens next: send to the emergency department now; a doctor today; an urgent
referral (within days); a routine referral (next medical review); imaging before deciding;
start physiotherapy care; reassure, advise and let it settle (with safety-netting)."""

NEXT_STEPS: tuple[NextStep, ...] = get_args(NextStep)

Effect = Literal["supports", "weakens"]
"""What a finding does to a diagnosis in a reasoning map."""


@dataclass(frozen=True)
class PatientItem:
    """One thing a student may ask, examine, test or order, the same for every case.

    At most one of ``flag``, ``test``, ``cluster``, ``imaging`` says what kind of finding it
    yields; ``descriptors`` and ``map`` say what a history question can reveal; an item with
    none of them only tells the story (work, sport, worries) and moves no diagnosis.
    """

    id: str
    stage: ConsultationStage
    label: str
    """What the student picks, as a question or an action ("Any numbness in the saddle area?")."""
    neutral: str
    """What the patient says, or the test shows, when the case does not script this item."""
    minutes: float
    """Consultation time the item takes, in minutes."""
    sources: tuple[str, ...] = ref("sources")
    cost: float = 0.0
    """What an investigation costs, in the course's cost units (1 unit = a plain X-ray's cost,
    a teaching scale, not a price list); 0 for history and examination."""
    flag: str | None = ref("red_flags", default=None)
    """A red-flag screening question: the flag whose feature it asks about."""
    suggests: tuple[str, ...] = ref("conditions", default=())
    """For a red-flag question: the conditions a yes points to (a teaching judgement)."""
    test: str | None = ref("tests", default=None)
    cluster: str | None = ref("clusters", default=None)
    imaging: str | None = ref("imaging", default=None)
    """An investigation that is imaging: its entry in ``imaging.yaml``."""
    descriptors: tuple[str, ...] = ref("pain_descriptors", default=())
    """Descriptors this question can bring out (what makes it worse, what it feels like)."""
    map: bool = False
    """True for the question that brings out the pain map ("show me where it hurts")."""

    @property
    def kind(self) -> str:
        """``flag``, ``test``, ``cluster``, ``investigation``, ``map``, ``descriptors`` or
        ``story``."""
        if self.flag:
            return "flag"
        if self.test:
            return "test"
        if self.cluster:
            return "cluster"
        if self.stage == "investigations":
            return "investigation"
        if self.map:
            return "map"
        if self.descriptors:
            return "descriptors"
        return "story"


@dataclass(frozen=True)
class CaseAnswer:
    """What one item reveals for one patient."""

    item: str = ref("patient_items")
    says: str
    """The patient's words, or what the examiner sees, in a sentence or two."""
    result: Result | None = None
    """For a test, a cluster or a red-flag question."""
    count: int | None = None
    """For a cluster: how many of its items were positive (picks the cluster's band)."""
    descriptors: tuple[str, ...] = ref("pain_descriptors", default=())
    """Descriptors the answer reveals."""
    regions: tuple[str, ...] = ref("body_regions", default=())
    """For the pain-map question: the body-chart regions the patient marks."""
    shows: tuple[str, ...] = ref("conditions", default=())
    """For an investigation: conditions it shows."""
    excludes: tuple[str, ...] = ref("conditions", default=())
    """For an investigation: conditions it makes very unlikely."""


@dataclass(frozen=True)
class ReasoningLink:
    """One edge of a reasoning map: a finding (an item's answer) and what it does to a
    condition."""

    item: str
    condition: str
    effect: Effect


@dataclass(frozen=True)
class ExpertAnswer:
    """The expert's answer to a case (kept sealed in the case file)."""

    differential: tuple[str, ...]
    """Condition ids, most likely first (one to five)."""
    urgency: Triage
    next_step: NextStep
    must_ask: tuple[str, ...]
    """The red-flag questions (item ids) this patient must be asked."""
    links: tuple[ReasoningLink, ...]
    """The expert's reasoning map."""
    reasoning: str
    """The expert's explanation, a paragraph the student reads after committing."""
    both: bool = False
    """True when two sources act at once: the first two of the differential are both right."""

    @classmethod
    def from_mapping(cls, data: Any) -> ExpertAnswer:
        """Build from parsed JSON; a ValueError names the first field that is wrong."""
        if not isinstance(data, dict):
            raise ValueError("expected a mapping")
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise ValueError(f"unknown field(s): {', '.join(unknown)}")
        for name in ("differential", "urgency", "next_step", "must_ask", "links", "reasoning"):
            if name not in data:
                raise ValueError(f"{name}: missing")

        def ids(name: str) -> tuple[str, ...]:
            value = data[name]
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise ValueError(f"{name}: expected a list of ids")
            return tuple(value)

        differential = ids("differential")
        if not 1 <= len(differential) <= 5 or len(set(differential)) != len(differential):
            raise ValueError("differential: expected one to five different condition ids")
        if data["urgency"] not in TRIAGE:
            raise ValueError(f"urgency: {data['urgency']!r} is not one of {', '.join(TRIAGE)}")
        if data["next_step"] not in NEXT_STEPS:
            raise ValueError(
                f"next_step: {data['next_step']!r} is not one of {', '.join(NEXT_STEPS)}"
            )
        links = []
        for index, link in enumerate(data["links"] if isinstance(data["links"], list) else [0]):
            if not isinstance(link, dict) or set(link) != {"item", "condition", "effect"}:
                raise ValueError(f"links[{index}]: expected item, condition and effect")
            if link["effect"] not in get_args(Effect):
                raise ValueError(f"links[{index}].effect: expected supports or weakens")
            links.append(ReasoningLink(link["item"], link["condition"], link["effect"]))
        if not isinstance(data["reasoning"], str) or not data["reasoning"].strip():
            raise ValueError("reasoning: expected non-empty text")
        both = data.get("both", False)
        if not isinstance(both, bool):
            raise ValueError("both: expected true or false")
        return cls(
            differential,
            data["urgency"],
            data["next_step"],
            ids("must_ask"),
            tuple(links),
            data["reasoning"].strip(),
            both,
        )

    def to_mapping(self) -> dict[str, Any]:
        """The JSON-able form (what gets sealed)."""
        return {
            "differential": list(self.differential),
            "urgency": self.urgency,
            "next_step": self.next_step,
            "must_ask": list(self.must_ask),
            "links": [
                {"item": x.item, "condition": x.condition, "effect": x.effect} for x in self.links
            ],
            "reasoning": self.reasoning,
            "both": self.both,
        }


@dataclass(frozen=True)
class PatientCase:
    """A fictional patient the student interviews, examines and triages."""

    id: str
    """Neutral, never naming the diagnosis: ``vp_01``, ``vp_02``..."""
    title: str
    """A neutral one-line title (who and what they complain of)."""
    setting: str
    """Where the patient is seen, e.g. 'first-contact physiotherapy clinic'."""
    patient: Patient
    story: str
    """What the patient says first, before any question."""
    answers: tuple[CaseAnswer, ...]
    salt: str
    expert: str
    """The sealed JSON of an :class:`ExpertAnswer` (open it with :func:`open_expert`)."""
    sources: tuple[str, ...] = ref("sources")
    priors: tuple[str, ...] = ref("pretest", default=())
    """Pre-test entries (``pretest.yaml``) that fit this setting: each gives its condition's
    prior; every other condition starts from the engine's stated default."""
    source_category: tuple[str, ...] = ()
    """The source categories (``conditions.yaml``) the case teaches, for coverage checks."""


def expert_key(case_id: str, salt: str) -> bytes:
    """The key that opens a case's sealed expert answer."""
    return keys.text_key(salt, case_id, "expert")


def seal_expert(case_id: str, salt: str, answer: ExpertAnswer) -> str:
    """The sealed text of an expert answer, padded so its length says little."""
    text = json.dumps(answer.to_mapping(), sort_keys=True)
    return keys.seal(text, expert_key(case_id, salt), pad_to=4096)


def open_expert(case: PatientCase) -> ExpertAnswer:
    """The expert answer of a case; ValueError if the seal does not open or the JSON is wrong."""
    try:
        text = keys.open_sealed(case.expert, expert_key(case.id, case.salt))
    except keys.WrongKeyError as error:
        raise ValueError(f"the expert answer of {case.id} does not open: {error}") from None
    return ExpertAnswer.from_mapping(json.loads(text))
