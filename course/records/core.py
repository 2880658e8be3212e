"""The course's knowledge as typed, immutable records.

Each record type mirrors one YAML file in ``course/content/``. Field types are what the loader
checks; a field whose metadata carries ``ref`` must hold ids of that collection (checked after
every file is loaded). Clinicians edit the YAML; nobody builds these records by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Region = Literal["upper", "lower", "lateral", "deep_radiating"]
"""Where in the buttock a structure lies or a condition is felt: upper, lower, lateral, or deep
and radiating into the leg (the grouping the lessons use)."""

SourceCategory = Literal[
    "joint",
    "soft_tissue",
    "bone",
    "lumbar_referred",
    "radicular",
    "peripheral_nerve",
    "non_msk",
]
"""Which kind of tissue or system produces the pain."""

Layer = Literal["skin_fascia", "superficial_muscle", "intermediate", "deep", "skeleton"]
"""Depth, from the skin down: skin and fascia (with cutaneous nerves), gluteus maximus,
the intermediate layer (gluteus medius, TFL), the deep layer (gluteus minimus, deep rotators,
sciatic nerve) and the skeleton with its joints and ligaments."""

LAYERS: tuple[str, ...] = Layer.__args__  # superficial first

StructureKind = Literal[
    "bone",
    "landmark",
    "joint",
    "disc",
    "muscle",
    "tendon",
    "nerve",
    "bursa",
    "ligament",
    "fascia",
    "vessel",
    "organ",
]

Evidence = Literal["confirmed", "secondary", "unverified"]
"""How far a figure was checked: ``confirmed`` against the original paper or its abstract;
``secondary`` found only in a secondary summary (the brief's [2°]); ``unverified`` not confirmed
at all. The widgets show anything but ``confirmed`` with a marker."""

SourceKind = Literal["seed", "primary", "review", "guideline", "secondary", "reference"]

Urgency = Literal["emergency", "same_day", "urgent", "soon"]
"""How fast a finding must reach a doctor, most urgent first: ``emergency`` now (ambulance or
emergency department), ``same_day`` seen by a doctor today, ``urgent`` within days, ``soon`` at
the next medical review. Their words and meaning are content: ``course/content/urgency.yaml``."""


def ref(collection: str, **kwargs):
    """A field that holds ids from another collection (``structures``, ``sources``...)."""
    return field(metadata={"ref": collection}, **kwargs)


@dataclass(frozen=True)
class Source:
    """A publication or seed article that content cites, by id (e.g. ``laslett_2005``)."""

    id: str
    citation: str
    """Authors, year, title or journal: enough to find it."""
    kind: SourceKind
    note: str = ""
    """What we took from it, or what to be careful about."""


@dataclass(frozen=True)
class Structure:
    """An anatomical structure of the buttock region: bone, joint, muscle, nerve..."""

    id: str
    name: str
    kind: StructureKind
    layer: Layer
    regions: tuple[Region, ...]
    description: str
    """What and where it is, in a sentence or two."""
    sources: tuple[str, ...] = ref("sources")
    function: str = ""
    innervation: str = ""
    """Nerve supply in words, with root levels, where relevant."""
    innervated_by: tuple[str, ...] = ref("structures", default=())
    """The nerves (structure ids) that supply it."""
    aka: tuple[str, ...] = ()


@dataclass(frozen=True)
class Accuracy:
    """One study's diagnostic accuracy for a clinical test. Proportions in 0..1."""

    reference_standard: str
    evidence: Evidence
    sources: tuple[str, ...] = ref("sources")
    sensitivity: float | None = None
    specificity: float | None = None
    lr_positive: float | None = None
    lr_negative: float | None = None
    population: str = ""
    note: str = ""


@dataclass(frozen=True)
class ClinicalTest:
    """A physical test or criteria set a clinician uses to raise or lower a hypothesis."""

    id: str
    name: str
    purpose: str
    """What it is meant to detect."""
    procedure: str
    positive: str
    """What counts as a positive result."""
    sources: tuple[str, ...] = ref("sources")
    target_conditions: tuple[str, ...] = ref("conditions", default=())
    accuracy: tuple[Accuracy, ...] = ()
    """Published sensitivity/specificity, one entry per study; empty where none is published."""
    note: str = ""


@dataclass(frozen=True)
class CautionClaim:
    """A claim in a seed article that the course teaches as a claim, not a fact."""

    claim: str
    seed: str = ref("sources")
    why: str = ""


@dataclass(frozen=True)
class Condition:
    """A cause of buttock pain, with what a clinician needs to consider it."""

    id: str
    name: str
    regions: tuple[Region, ...]
    source_category: SourceCategory
    summary: str
    structures: tuple[str, ...] = ref("structures")
    pain_character: str = ""
    radiation: str = ""
    aggravating: tuple[str, ...] = ()
    easing: tuple[str, ...] = ()
    key_history: tuple[str, ...] = ()
    key_tests: tuple[str, ...] = ref("tests", default=())
    red_flags: tuple[str, ...] = ref("red_flags", default=())
    management: tuple[str, ...] = ()
    caution_claims: tuple[CautionClaim, ...] = ()
    sources: tuple[str, ...] = ref("sources", default=())
    aka: tuple[str, ...] = ()


@dataclass(frozen=True)
class UrgencyTier:
    """One urgency tier: how fast a finding must reach a doctor, in words a student reads."""

    id: Urgency
    name: str
    when: str
    """The time frame in two or three words (``Now``, ``Today``, ``Within days``...)."""
    meaning: str
    """What the tier asks of the clinician or the person, in a sentence or two."""
    words: tuple[str, ...]
    """Phrases that say this tier in course text (lower-case matching); no phrase may belong to
    two tiers. The urgency-consistency test reads them."""
    sources: tuple[str, ...] = ref("sources")


@dataclass(frozen=True)
class RedFlag:
    """A finding that points to serious pathology and changes what the physio does next."""

    id: str
    name: str
    suspect: str
    """The serious pathology it raises."""
    features: tuple[str, ...]
    action: str
    urgency: Urgency
    sources: tuple[str, ...] = ref("sources")
    note: str = ""
    signs: tuple[str, ...] = ()
    """Short phrases that name this flag's sign in prose (``foot drop``, ``saddle``): where one
    appears in a sentence of course text with urgency words, those words must say this flag's
    tier (tests/content/test_urgency.py)."""


@dataclass(frozen=True)
class Objective:
    """One thing a student should be able to do after a lesson, and the scored questions that
    check it."""

    id: str
    text: str
    """The objective as the lesson's notebook shows it, word for word."""
    assessed_by: tuple[str, ...]
    """Ids of scored self-check or vignette questions (``lesson03_q2``, ``case_13_q1``); the
    catalogue checks each exists and is not free text."""


@dataclass(frozen=True)
class LessonObjectives:
    """A lesson's objectives, in the order its notebook lists them."""

    id: str
    lesson: int
    """The lesson number, 0-12."""
    objectives: tuple[Objective, ...]
    sources: tuple[str, ...] = ref("sources")


@dataclass(frozen=True)
class GlossaryTerm:
    """A term the lessons use, defined once."""

    id: str
    term: str
    definition: str
    sources: tuple[str, ...] = ref("sources")
    see_also: tuple[str, ...] = ref("glossary", default=())


@dataclass(frozen=True)
class MapLesson:
    """One lesson on the course map (``course_map.yaml``): its number in teaching order, the
    title its notebook's first heading carries, what it teaches in one line, and the file name
    of its notebook in ``notebooks/``."""

    id: str
    number: int
    title: str
    about: str
    notebook: str
