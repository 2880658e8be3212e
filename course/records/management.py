"""What follows a diagnosis, as records: exercises, treatments and the loading progressions the
evidence uses (``exercises.yaml``, ``treatments.yaml``, ``loading.yaml``).

Each exercise or treatment says what it loads or targets, what it asks at each stage of
recovery, the conditions it suits and those it may aggravate (each with why, its evidence
marker and its sources), and the seed claims about it that the course teaches as claims. The
course teaches; these records describe what studies and guidelines report, they prescribe
nothing to anyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .core import CautionClaim, Evidence, ref

Stage = Literal["irritable", "settled", "return_to_sport"]
"""How far a person has come, the way rehabilitation papers stage it: ``irritable`` (pain is
easily provoked and slow to settle: calm it, load gently), ``settled`` (pain settles within a
day of loading: build strength and capacity), ``return_to_sport`` (daily tasks are easy: add
speed, impact and the demands of the person's sport or work)."""

STAGES: tuple[str, ...] = Stage.__args__  # in the order a person moves through them

ExerciseKind = Literal["stretch", "isometric", "strength", "balance", "energy_storage"]
"""What an exercise mainly does: lengthens (``stretch``), holds a contraction without movement
(``isometric``), moves a load through range (``strength``), trains balance and control
(``balance``), or stores and releases energy fast, as in hopping and running
(``energy_storage``)."""

TreatmentKind = Literal["soft_tissue", "thermal", "medication", "device", "needling"]
"""What kind of passive treatment it is: hands-on or self-massage of soft tissue, heat,
medicines (which a doctor or pharmacist advises on), a device applied to the tissue, or
needles."""


@dataclass(frozen=True)
class StageDose:
    """What an exercise or treatment asks at one stage, and when to move on.

    Numbers are per session: ``sets``; ``reps`` per set; ``hold_seconds``, how long each
    repetition or stretch is held, in seconds; ``per_week``, sessions per week. A number left
    out means the sources give none for this stage (the words in ``plan`` say what to do).
    """

    stage: Stage
    plan: str
    """What to do at this stage, in a sentence (or why not to do it yet)."""
    evidence: Evidence
    sources: tuple[str, ...] = ref("sources")
    sets: int | None = None
    reps: int | None = None
    hold_seconds: float | None = None
    per_week: int | None = None
    progress_when: str = ""
    """The criteria for moving to the next stage (empty at the last stage)."""
    note: str = ""
    """Why a figure is not confirmed, or what to be careful about."""


@dataclass(frozen=True)
class ConditionFit:
    """How an exercise or treatment relates to one condition: it suits it, or it may aggravate
    it, and why."""

    condition: str = ref("conditions")
    why: str = ""
    """The reason, in a sentence or two: what the exercise does to the painful structure."""
    evidence: Evidence = "unverified"
    sources: tuple[str, ...] = ref("sources", default=())
    stages: tuple[Stage, ...] = ()
    """The stages this applies to; empty for every stage."""
    note: str = ""
    """Why the evidence is not confirmed (e.g. the course applies a principle no trial tested
    for this exercise)."""


@dataclass(frozen=True)
class Exercise:
    """One exercise of the library (seed 001's nine, and the loading exercises the evidence
    uses)."""

    id: str
    name: str
    kind: ExerciseKind
    loads: str
    """What it loads or targets: muscles, tendons, joints, positions."""
    how: str
    """How it is done, in a sentence or two."""
    doses: tuple[StageDose, ...]
    """What it asks at each stage, one entry per stage in order."""
    sources: tuple[str, ...] = ref("sources")
    structures: tuple[str, ...] = ref("structures", default=())
    suits: tuple[ConditionFit, ...] = ()
    aggravates: tuple[ConditionFit, ...] = ()
    caution_claims: tuple[CautionClaim, ...] = ()
    from_seed: bool = False
    """True for the exercises seed 001 lists (the lesson must show each)."""


@dataclass(frozen=True)
class Treatment:
    """One passive treatment seed 001 names, with what is known about it."""

    id: str
    name: str
    kind: TreatmentKind
    targets: str
    """What it acts on and what it is meant to do."""
    how: str
    evidence_summary: str
    """What the trials or guidelines show, in a few sentences."""
    evidence: Evidence
    sources: tuple[str, ...] = ref("sources")
    doses: tuple[StageDose, ...] = ()
    """Its place at each stage, where the sources give one (no medicine doses: the course does
    not prescribe)."""
    suits: tuple[ConditionFit, ...] = ()
    aggravates: tuple[ConditionFit, ...] = ()
    caution_claims: tuple[CautionClaim, ...] = ()
    note: str = ""
    from_seed: bool = True


@dataclass(frozen=True)
class LoadingPhase:
    """One phase of a published loading progression."""

    stage: Stage
    name: str
    aim: str
    progress_when: str = ""
    """The criteria for moving to the next phase (empty at the last)."""
    exercises: tuple[str, ...] = ref("exercises", default=())
    """Library exercises that fit this phase."""


@dataclass(frozen=True)
class LoadingProgression:
    """A staged loading progression the evidence uses for a condition (e.g. isometric, then
    isotonic, then energy-storage loading for a tendon)."""

    id: str
    name: str
    conditions: tuple[str, ...] = ref("conditions")
    phases: tuple[LoadingPhase, ...] = ()
    summary: str = ""
    evidence: Evidence = "unverified"
    sources: tuple[str, ...] = ref("sources", default=())
    note: str = ""
