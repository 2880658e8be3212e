"""The exercise library, the treatments and the loading progressions as tables a lesson shows
(HTML in Jupyter, the same in plain words everywhere else), built from records.

Every figure and reason carries its evidence marker; every seed claim is shown as a claim.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from .. import words
from ..html import Shown, cell_list, table
from ..records.management import ConditionFit, Exercise, LoadingProgression, Treatment

ConditionName = Callable[[str], str]
"""Turns a condition id into its name (the caller reads the content; this module does not)."""


def _fits(fits: Sequence[ConditionFit], name: ConditionName) -> list[str]:
    """Each fit as 'Condition (stages): why [marker]'."""
    out = []
    for fit in fits:
        stages = f" ({', '.join(words.STAGE[s] for s in fit.stages)})" if fit.stages else ""
        out.append(words.marked(f"{name(fit.condition)}{stages}: {fit.why.strip()}", fit.evidence))
    return out


@dataclass(frozen=True)
class ExerciseTable(Shown):
    """The exercise library: what each loads, the conditions it suits and may aggravate."""

    exercises: tuple[Exercise, ...]
    condition_name: ConditionName

    def rows(self) -> list[tuple[Exercise, list[str], list[str]]]:
        """Each exercise with its suits and aggravates in words."""
        return [
            (e, _fits(e.suits, self.condition_name), _fits(e.aggravates, self.condition_name))
            for e in self.exercises
        ]

    def description(self) -> str:
        """The library in plain text, one exercise a paragraph."""
        lines = []
        for e, suits, aggravates in self.rows():
            seed = " (seed 001)" if e.from_seed else ""
            lines.append(f"{e.name}{seed}, {words.EXERCISE_KIND[e.kind]}: {e.loads.strip()}")
            lines += [f"  Suits {s}" for s in suits]
            lines += [f"  May aggravate {a}" for a in aggravates]
            lines += [f"  Seed claim: '{c.claim}' ({c.why.strip()})" for c in e.caution_claims]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        body = [
            [
                escape(e.name) + (" <em>(seed 001)</em>" if e.from_seed else ""),
                escape(words.EXERCISE_KIND[e.kind]),
                escape(e.loads.strip()),
                cell_list(suits),
                cell_list(aggravates),
                cell_list([f"'{c.claim}' {c.why.strip()}" for c in e.caution_claims]),
            ]
            for e, suits, aggravates in self.rows()
        ]
        return table(
            ["Exercise", "Kind", "Loads", "Suits", "May aggravate, and why", "Seed claim"],
            body,
            caption="The exercise library",
            row_headers=True,
        )


@dataclass(frozen=True)
class TreatmentTable(Shown):
    """Seed 001's passive treatments: what each targets, what the evidence shows, the seed's
    claim about it, and where it may do harm."""

    treatments: tuple[Treatment, ...]
    condition_name: ConditionName

    def description(self) -> str:
        """The treatments in plain text, one a paragraph."""
        lines = []
        for t in self.treatments:
            lines.append(
                f"{t.name} ({words.TREATMENT_KIND[t.kind]}): {t.targets.strip()} "
                + words.marked(f"Evidence: {t.evidence_summary.strip()}", t.evidence)
            )
            lines += [f"  May aggravate {a}" for a in _fits(t.aggravates, self.condition_name)]
            lines += [f"  Seed claim: '{c.claim}' ({c.why.strip()})" for c in t.caution_claims]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        body = [
            [
                escape(t.name),
                escape(t.targets.strip()),
                escape(words.marked(t.evidence_summary.strip(), t.evidence)),
                cell_list([f"'{c.claim}' {c.why.strip()}" for c in t.caution_claims]),
                cell_list(_fits(t.aggravates, self.condition_name)),
            ]
            for t in self.treatments
        ]
        return table(
            ["Treatment", "Targets", "What the evidence shows", "Seed claim", "May aggravate"],
            body,
            caption="Seed 001's treatments, weighed",
            row_headers=True,
        )


@dataclass(frozen=True)
class ProgressionTable(Shown):
    """One loading progression, phase by phase: stage, aim, exercises, when to move on."""

    progression: LoadingProgression
    exercise_name: ConditionName

    def description(self) -> str:
        """The progression in plain text, one phase a line."""
        p = self.progression
        lines = [words.marked(f"{p.name}: {p.summary.strip()}", p.evidence)]
        for phase in p.phases:
            fits = ", ".join(self.exercise_name(e) for e in phase.exercises)
            moving = f" Move on when: {phase.progress_when}" if phase.progress_when else ""
            lines.append(
                f"  {words.STAGE[phase.stage]}: {phase.name}. {phase.aim} "
                f"Exercises: {fits or 'none listed'}.{moving}"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        p = self.progression
        body = [
            [
                escape(words.STAGE[phase.stage]),
                escape(phase.name),
                escape(phase.aim),
                escape(", ".join(self.exercise_name(e) for e in phase.exercises) or words.DASH),
                escape(phase.progress_when or words.DASH),
            ]
            for phase in p.phases
        ]
        caption = escape(words.marked(f"{p.name}. {p.summary.strip()}", p.evidence))
        return table(
            ["Stage", "Phase", "Aim", "Exercises", "Move on when"],
            body,
            caption=caption,
            row_headers=True,
        )
