"""Checking a practice exercise programme against a condition and a stage: pure functions on
records.

A student picks a condition, a stage (``irritable``, ``settled``, ``return_to_sport``) and
exercises from the library; :func:`check_programme` returns, for each chosen exercise, its dose
at that stage, the reason it may aggravate the condition (a conflict) or the evidence that it
suits it, and the published loading progression's phase for that stage with the library
exercises that fit it. Nothing here reads the content in use or builds a widget: callers pass
records, and :mod:`course.words` turns the values into text.

It teaches how the sources match exercises to a condition; it does not prescribe.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..records.core import Condition
from ..records.management import (
    STAGES,
    ConditionFit,
    Exercise,
    LoadingPhase,
    LoadingProgression,
    StageDose,
)


class ProgrammeInputError(ValueError):
    """A stage or exercise choice the programme check cannot use (the message lists what is
    allowed)."""


def check_stage(stage: str) -> str:
    """``stage`` unchanged when it is a stage; otherwise ProgrammeInputError listing them."""
    if stage not in STAGES:
        raise ProgrammeInputError(f"unknown stage '{stage}'; choose one of: {', '.join(STAGES)}")
    return stage


def applies(fit: ConditionFit, condition_id: str, stage: str) -> bool:
    """True when ``fit`` is about ``condition_id`` and holds at ``stage`` (a fit that names no
    stages holds at every stage)."""
    return fit.condition == condition_id and (not fit.stages or stage in fit.stages)


def fit_for(fits: Iterable[ConditionFit], condition_id: str, stage: str) -> ConditionFit | None:
    """The first of ``fits`` that applies to the condition at the stage, or None."""
    return next((f for f in fits if applies(f, condition_id, stage)), None)


def dose_at(exercise: Exercise, stage: str) -> StageDose | None:
    """The exercise's dose at ``stage``, or None when the sources give none."""
    return next((d for d in exercise.doses if d.stage == stage), None)


def phase_at(progression: LoadingProgression, stage: str) -> LoadingPhase | None:
    """The progression's phase for ``stage``, or None when it has none."""
    return next((p for p in progression.phases if p.stage == stage), None)


@dataclass(frozen=True)
class ProgrammeEntry:
    """One chosen exercise, checked: its dose at the stage, and either the reason it may
    aggravate the condition (``conflict``), the evidence that it suits it (``support``), or
    neither (no source links it to this condition)."""

    exercise: Exercise
    dose: StageDose | None
    conflict: ConditionFit | None
    support: ConditionFit | None

    @property
    def verdict(self) -> str:
        """``conflict``, ``supported`` or ``neutral``."""
        if self.conflict is not None:
            return "conflict"
        return "supported" if self.support is not None else "neutral"


@dataclass(frozen=True)
class ProgrammeCheck:
    """A whole programme checked against one condition at one stage."""

    condition: Condition
    stage: str
    entries: tuple[ProgrammeEntry, ...]
    phases: tuple[tuple[LoadingProgression, LoadingPhase], ...]
    """The published progressions for this condition, each with its phase for the stage."""
    suggested: tuple[Exercise, ...]
    """Library exercises not chosen that suit the condition at this stage without conflict."""

    @property
    def conflicts(self) -> tuple[ProgrammeEntry, ...]:
        """The chosen exercises that may aggravate the condition at this stage."""
        return tuple(e for e in self.entries if e.verdict == "conflict")

    @property
    def supported(self) -> tuple[ProgrammeEntry, ...]:
        """The chosen exercises a source says suit the condition at this stage."""
        return tuple(e for e in self.entries if e.verdict == "supported")


def check_programme(
    condition: Condition,
    stage: str,
    chosen: Sequence[Exercise],
    library: Sequence[Exercise] = (),
    progressions: Sequence[LoadingProgression] = (),
) -> ProgrammeCheck:
    """Check ``chosen`` exercises against ``condition`` at ``stage``.

    Each exercise gets its dose at the stage and a verdict: a conflict (one of its
    ``aggravates`` applies, with the reason and evidence), supported (one of its ``suits``
    applies) or neutral. ``library`` gives the exercises to suggest (those that suit the
    condition at this stage, do not conflict, and are not chosen); ``progressions`` the
    published progressions, of which those naming the condition are returned with their phase
    for the stage. An exercise chosen twice raises ProgrammeInputError.
    """
    check_stage(stage)
    ids = [e.id for e in chosen]
    doubled = sorted({i for i in ids if ids.count(i) > 1})
    if doubled:
        raise ProgrammeInputError(f"exercise chosen twice: {', '.join(doubled)}")
    entries = tuple(
        ProgrammeEntry(
            exercise=e,
            dose=dose_at(e, stage),
            conflict=fit_for(e.aggravates, condition.id, stage),
            support=fit_for(e.suits, condition.id, stage),
        )
        for e in chosen
    )
    phases = tuple(
        (p, phase)
        for p in progressions
        if condition.id in p.conditions and (phase := phase_at(p, stage)) is not None
    )
    suggested = tuple(
        e
        for e in library
        if e.id not in ids
        and fit_for(e.suits, condition.id, stage) is not None
        and fit_for(e.aggravates, condition.id, stage) is None
    )
    return ProgrammeCheck(condition, stage, entries, phases, suggested)
