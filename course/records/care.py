"""What comes after the diagnosis, as records: management, outcome measures, reassessment,
imaging choice, the hip- or spine-first screen, yellow flags and psychosocial screens.

Each type mirrors one YAML file in ``course/content/`` (``management.yaml``,
``outcome_measures.yaml``, ``reassessment.yaml``, ``imaging.yaml``, ``pathways.yaml``,
``yellow_flags.yaml``, ``screens.yaml``). Every statement a student reads carries its sources and
an evidence level, the same ``Evidence`` vocabulary the accuracy figures use; the rules in
:mod:`.rules` ask a reason of every statement that is not ``confirmed``. The course teaches
these; it does not diagnose anyone or prescribe for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .core import CautionClaim, Evidence, Urgency, ref

Better = Literal["higher", "lower"]
"""Which way an outcome measure's score moves when the person is better."""

ReassessmentStage = Literal["immediate", "follow_up"]
"""When a reassessment step happens: ``immediate`` within the session, right after a test or
treatment (seed 004's "immediate checks"); ``follow_up`` at later visits."""


@dataclass(frozen=True)
class CareItem:
    """One statement about managing a condition (a principle, a thing to avoid and why, or an
    open question), with its support."""

    text: str
    evidence: Evidence
    """How far the statement was checked: ``confirmed`` against a trial, review or guideline;
    ``secondary`` from a secondary summary; ``unverified`` a claim without support found."""
    sources: tuple[str, ...] = ref("sources")
    note: str = ""
    """Why the statement is not confirmed, or what to be careful about."""


@dataclass(frozen=True)
class Referral:
    """When to send the person to a doctor or another service, and how fast."""

    when: str
    """The finding or course that calls for the referral."""
    to: str
    """Who receives it (the patient's doctor, the emergency department, a specialist)."""
    urgency: Urgency
    """How fast, as an ``urgency.yaml`` tier. A referral for a red flag uses that flag's tier."""
    sources: tuple[str, ...] = ref("sources")
    red_flag: str | None = ref("red_flags", default=None)
    """The red flag the referral answers, when it answers one."""


@dataclass(frozen=True)
class ManagementPlan:
    """The management principles of one condition, as a physiotherapy course teaches them.

    ``id`` is the condition's id. The condition's own ``management:`` list stays its one-line
    summary on the card; this record holds each statement with its evidence."""

    id: str = ref("conditions")
    principles: tuple[CareItem, ...] = ()
    """What management rests on: education, load management, exercise, what trials show."""
    avoid: tuple[CareItem, ...] = ()
    """What to avoid, each with why."""
    refer: tuple[Referral, ...] = ()
    unknown: tuple[CareItem, ...] = ()
    """What is not known: open questions, weak or missing trials."""

    @property
    def items(self) -> tuple[CareItem, ...]:
        """Every statement of the plan: principles, things to avoid, open questions."""
        return self.principles + self.avoid + self.unknown

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source the plan cites, in order of first citation."""
        cited = [s for item in (*self.items, *self.refer) for s in item.sources]
        return tuple(dict.fromkeys(cited))


@dataclass(frozen=True)
class ChangeFigure:
    """A published minimal important change (MIC, the smallest change people notice as
    mattering) of an outcome measure, in the measure's own units."""

    value: float
    """The change, in ``units`` (points of the scale, or percent of the baseline score)."""
    units: str
    population: str
    """Who the figure was measured in (chronic low back pain, hip osteoarthritis...)."""
    evidence: Evidence
    sources: tuple[str, ...] = ref("sources")
    note: str = ""


@dataclass(frozen=True)
class OutcomeMeasure:
    """A questionnaire or rating a clinician repeats to see whether a person is improving."""

    id: str
    name: str
    abbreviation: str
    measures: str
    """What the score stands for (pain intensity, back-related disability...)."""
    for_whom: str
    """The people it was built for and is used with."""
    scale: str
    """How it is scored, in words: items, answers, how they add up."""
    minimum: float
    maximum: float
    """The range of the score, in ``units``."""
    units: str
    better: Better
    sources: tuple[str, ...] = ref("sources")
    change: tuple[ChangeFigure, ...] = ()
    """Published minimal important changes; empty where none is published (``note`` says so)."""
    note: str = ""


@dataclass(frozen=True)
class ReassessmentStep:
    """One step of reassessment and follow-up (seed 004's "immediate checks" and
    "follow-up")."""

    id: str
    stage: ReassessmentStage
    name: str
    what: str
    """What the clinician checks or asks."""
    why: str
    """What the answer changes."""
    sources: tuple[str, ...] = ref("sources")
    measures: tuple[str, ...] = ref("outcome_measures", default=())
    """Outcome measures that record this step."""


@dataclass(frozen=True)
class IncidentalFinding:
    """How often an imaging finding is seen in people without pain: a proportion in 0..1."""

    finding: str
    population: str
    """Who was scanned (age band, athletes...)."""
    proportion: float
    evidence: Evidence
    sources: tuple[str, ...] = ref("sources")
    note: str = ""


@dataclass(frozen=True)
class ImagingChoice:
    """One imaging option, "no imaging" included, and when it helps or does not."""

    id: str
    name: str
    shows: str
    """What it shows well."""
    misses: str
    """What it shows poorly or not at all, and its costs (radiation, time, operator)."""
    helps_when: tuple[CareItem, ...]
    """When the choice changes management."""
    not_when: tuple[CareItem, ...]
    """When it does not help, or harms."""
    sources: tuple[str, ...] = ref("sources")
    incidental: tuple[IncidentalFinding, ...] = ()
    """Findings common in people without pain, which a report may name."""
    caution_claims: tuple[CautionClaim, ...] = ()


@dataclass(frozen=True)
class PathwayStep:
    """One step of a stepwise screen: what to examine, and where each answer leads."""

    id: str
    ask: str
    """The question the step answers."""
    examine: str
    """What the clinician does, in words."""
    if_positive: str
    if_negative: str
    sources: tuple[str, ...] = ref("sources")
    tests: tuple[str, ...] = ref("tests", default=())
    clusters: tuple[str, ...] = ref("clusters", default=())


@dataclass(frozen=True)
class Pathway:
    """A stepwise screen, e.g. the hip- vs spine-focused pathway (clinical review F21)."""

    id: str
    name: str
    purpose: str
    steps: tuple[PathwayStep, ...]
    sources: tuple[str, ...] = ref("sources")
    note: str = ""


@dataclass(frozen=True)
class YellowFlag:
    """A psychosocial factor that predicts a slower recovery or long-term disability; it asks
    the clinician to adapt how they explain and manage, not to diagnose."""

    id: str
    name: str
    domain: str
    """Beliefs, emotions, behaviour, work, or social setting."""
    listen_for: tuple[str, ...]
    """What a person may say or do that shows it."""
    why: str
    """What it predicts, and why it matters to the plan."""
    respond: str
    """How a physiotherapist responds within their role."""
    evidence: Evidence
    sources: tuple[str, ...] = ref("sources")
    note: str = ""


@dataclass(frozen=True)
class ScreenItem:
    """One item of a screening questionnaire, in the course's own words (the licensed wording is
    in the source)."""

    id: str
    about: str
    scores: str
    """Which answers score, and how many points."""
    points: int = 1
    """The most the item can score."""
    subscale: bool = False
    """True when the item belongs to the screen's subscale (STarT Back's psychosocial items)."""


@dataclass(frozen=True)
class ScreenBand:
    """One risk group of a screen and the score rule that places a person in it (bounds
    inclusive; None where the rule has no bound)."""

    id: str
    name: str
    rule: str
    """The rule in words, as the source states it."""
    meaning: str
    """What the group means for care, in the source's terms."""
    total_min: int | None = None
    total_max: int | None = None
    subscale_min: int | None = None
    subscale_max: int | None = None

    def holds(self, total: int, subscale: int = 0) -> bool:
        """True when a total score and a subscale score (points) fall in this band."""
        return (
            (self.total_min is None or total >= self.total_min)
            and (self.total_max is None or total <= self.total_max)
            and (self.subscale_min is None or subscale >= self.subscale_min)
            and (self.subscale_max is None or subscale <= self.subscale_max)
        )


@dataclass(frozen=True)
class Screen:
    """A validated psychosocial screening questionnaire (STarT Back, Örebro short form)."""

    id: str
    name: str
    purpose: str
    for_whom: str
    items: tuple[ScreenItem, ...]
    bands: tuple[ScreenBand, ...]
    sources: tuple[str, ...] = ref("sources")
    evidence: Evidence = "confirmed"
    note: str = ""

    @property
    def most(self) -> tuple[int, int]:
        """The highest possible (total, subscale) scores, in points."""
        return (
            sum(i.points for i in self.items),
            sum(i.points for i in self.items if i.subscale),
        )

    def bands_for(self, total: int, subscale: int = 0) -> list[ScreenBand]:
        """The bands a (total, subscale) score falls in: exactly one in valid content."""
        return [b for b in self.bands if b.holds(total, subscale)]
