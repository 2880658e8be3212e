"""The exercise-programme widget: pick a condition and a stage, build a practice programme from
the exercise library, and see each exercise's dose and progression, the conflicts with the
condition (with the reason) and the evidence behind the rest.

The widget stands on :class:`course.widgets.CourseWidget`: what the student has chosen is one
frozen :class:`ProgrammeChoice`; :meth:`ExerciseProgramme.apply` turns an event into the next
choice; :meth:`ExerciseProgramme.render` sets the controls and the programme table. The check
itself is :func:`.programme.check_programme`, on records. A conflict is shown in the Okabe–Ito
vermillion *and* with a warning sign and the word "Conflict", so colour never carries it alone.

It is practice in matching exercises to a condition as the sources do; it prescribes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from html import escape
from typing import Any

import ipywidgets as widgets

from .. import words
from ..catalogue import content
from ..html import box, table
from ..loading import suggest
from ..records.core import Condition
from ..records.management import STAGES, Exercise, LoadingProgression
from ..style import ACCENT_TEXT
from ..widgets import CourseWidget
from .programme import ProgrammeCheck, ProgrammeEntry, ProgrammeInputError, check_programme

__all__ = ["PROGRAMME_CAPTION", "VERDICT_ACCENT", "ExerciseProgramme", "ProgrammeChoice"]

PROGRAMME_CAPTION = (
    "Practice in matching exercises to a condition as the sources do. It checks a paper "
    "programme against the course's content; it does not assess or prescribe for anyone."
)
"""Shown with every programme, in the widget, its text and its static page."""

VERDICT_ACCENT: dict[str, str] = {"conflict": "wrong", "supported": "right", "neutral": "info"}
"""The box accent (a ``course.style.ACCENT`` key) that repeats each verdict of
``course.words.VERDICT`` in colour."""


@dataclass(frozen=True)
class ProgrammeChoice:
    """What the student has chosen: the widget's state."""

    condition: str
    """The condition's id."""
    stage: str
    """One of ``STAGES``."""
    exercises: tuple[str, ...] = ()
    """Exercise ids in the order they were added."""


class ExerciseProgramme(CourseWidget[ProgrammeChoice]):
    """Build a practice exercise programme for a condition and a stage.

    Events: ``("condition", id)``, ``("stage", stage)``, ``("add", exercise id)`` and
    ``("remove", exercise id)``; one exercise is added or removed at a time. An unknown
    condition, stage or exercise raises :class:`ProgrammeInputError` naming the closest ones.
    Undo and reset come from the base (the Undo and Start again buttons).
    """

    name = "exercise-programme"
    description_open = True  # unfolded, as it opened before descriptions folded

    def __init__(
        self,
        condition: str = "gluteal_tendinopathy",
        stage: str = "irritable",
        exercises: tuple[str, ...] | list[str] = (),
    ) -> None:
        catalogue = content()
        self.conditions: dict[str, Condition] = {
            c.id: c for c in sorted(catalogue.all("conditions"), key=lambda c: c.name.lower())
        }
        self.library: dict[str, Exercise] = {e.id: e for e in catalogue.all("exercises")}
        self.progressions: tuple[LoadingProgression, ...] = tuple(
            catalogue.all("loading_progressions")
        )
        initial = ProgrammeChoice(condition, stage)
        for ident in exercises:
            initial = self.apply(initial, ("add", ident))
        self._check_condition(condition)
        self.apply(initial, ("stage", stage))

        self.condition_menu = widgets.Dropdown(
            options=[(c.name, c.id) for c in self.conditions.values()],
            value=condition,
            description="Condition",
            layout={"width": "28em"},
        )
        self.stage_buttons = widgets.ToggleButtons(
            options=[(words.STAGE[s], s) for s in STAGES],
            value=stage,
            description="Stage",
        )
        self.pick = widgets.Dropdown(
            options=[(e.name, e.id) for e in self.library.values()],
            description="Exercise",
            layout={"width": "28em"},
        )
        self.add_button = widgets.Button(description="Add", tooltip="Add the exercise picked")
        self.remove_button = widgets.Button(
            description="Remove", tooltip="Remove the exercise picked from the programme"
        )
        self.undo_button = widgets.Button(description="Undo", tooltip="Undo the last change")
        self.reset_button = widgets.Button(
            description="Start again", tooltip="Back to the programme the widget opened with"
        )
        self.programme_view = widgets.HTML()
        super().__init__(
            initial,
            controls={
                "condition": self.condition_menu,
                "stage": self.stage_buttons,
                "exercise": self.pick,
                "add": self.add_button,
                "remove": self.remove_button,
                "undo": self.undo_button,
                "reset": self.reset_button,
            },
            body=[
                widgets.HTML(f"<p><em>{escape(PROGRAMME_CAPTION)}</em></p>"),
                self.condition_menu,
                self.stage_buttons,
                widgets.HBox([self.pick, self.add_button, self.remove_button]),
                widgets.HBox([self.undo_button, self.reset_button]),
                self.programme_view,
            ],
        )
        self.on_change(self.condition_menu, lambda v: ("condition", v))
        self.on_change(self.stage_buttons, lambda v: ("stage", v))
        self.add_button.on_click(lambda _: self.send(("add", self.pick.value)))
        self.remove_button.on_click(lambda _: self.send(("remove", self.pick.value)))
        self.undo_button.on_click(lambda _: self.undo())
        self.reset_button.on_click(lambda _: self.reset())

    # ------------------------------------------------------------------ the widget contract

    def apply(self, state: ProgrammeChoice, event: Any) -> ProgrammeChoice:
        """The choice after one event; an event of another shape leaves it as it is."""
        if not (isinstance(event, tuple) and len(event) == 2 and isinstance(event[1], str)):
            return state
        kind, value = event
        if kind == "condition":
            self._check_condition(value)
            return replace(state, condition=value)
        if kind == "stage":
            if value not in STAGES:
                raise ProgrammeInputError(
                    f"unknown stage '{value}'; choose one of: {', '.join(STAGES)}"
                )
            return replace(state, stage=value)
        if kind in ("add", "remove"):
            if value not in self.library:
                raise ProgrammeInputError(
                    f"no exercise called '{value}' in the library; {suggest(value, self.library)}"
                )
            if kind == "add" and value not in state.exercises:
                return replace(state, exercises=(*state.exercises, value))
            if kind == "remove" and value in state.exercises:
                return replace(state, exercises=tuple(e for e in state.exercises if e != value))
        return state

    def render(self, before: ProgrammeChoice | None, after: ProgrammeChoice) -> None:
        """Set the controls to ``after`` and show the checked programme."""
        self.show(self.condition_menu, after.condition)
        self.show(self.stage_buttons, after.stage)
        self.undo_button.disabled = not self.can_undo
        self.remove_button.disabled = not after.exercises
        self.programme_view.value = self.programme_html(after)

    def describe_state(self, state: ProgrammeChoice) -> str:
        """The programme in words: condition and stage, each exercise with its verdict, dose and
        progression, the published progression's phase, what else suits, and the caption."""
        result = self.checked(state)
        lines = [
            f"Condition: {result.condition.name}. Stage: {words.STAGE[state.stage]}.",
        ]
        if not result.entries:
            lines.append("The programme is empty: add exercises from the library.")
        for entry in result.entries:
            lines.append(self._entry_words(entry))
        if result.conflicts:
            lines.append(
                f"{len(result.conflicts)} of {len(result.entries)} exercises conflict with "
                f"{result.condition.name} at this stage."
            )
        lines += [self._phase_words(p, phase) for p, phase in result.phases]
        if result.suggested:
            names = ", ".join(e.name for e in result.suggested)
            lines.append(f"Also suits this condition at this stage: {names}.")
        lines.append(PROGRAMME_CAPTION)
        return "\n".join(lines)

    def static_extra_html(self) -> str:
        """The programme table under the description on the static page."""
        return self.programme_html(self.state)

    # ------------------------------------------------------------------ what the widget shows

    def checked(self, state: ProgrammeChoice | None = None) -> ProgrammeCheck:
        """The programme of ``state`` (the current one by default), checked."""
        state = state or self.state
        return check_programme(
            self.conditions[state.condition],
            state.stage,
            [self.library[i] for i in state.exercises],
            library=list(self.library.values()),
            progressions=self.progressions,
        )

    def programme_html(self, state: ProgrammeChoice) -> str:
        """The checked programme as HTML: one row per exercise (verdict sign, word and colour;
        dose; when to progress; the reason and its evidence), then the published progression."""
        result = self.checked(state)
        parts = []
        if result.entries:
            rows = [self._entry_row(entry) for entry in result.entries]
            parts.append(
                table(
                    ["Exercise", "Verdict", "Dose at this stage", "Move on when", "Why"],
                    rows,
                    caption=escape(
                        f"{result.condition.name}, {words.STAGE[state.stage]} stage: "
                        f"{len(result.conflicts)} conflict(s) in {len(result.entries)} exercise(s)"
                    ),
                    row_headers=True,
                )
            )
        else:
            parts.append("<p>The programme is empty: add exercises from the library.</p>")
        for progression, phase in result.phases:
            parts.append(box("info", f"<p>{escape(self._phase_words(progression, phase))}</p>"))
        if result.suggested:
            names = ", ".join(escape(e.name) for e in result.suggested)
            parts.append(
                f"<p><strong>Also suits this condition at this stage:</strong> {names}</p>"
            )
        return "".join(parts)

    # ------------------------------------------------------------------ internals

    def _check_condition(self, ident: str) -> None:
        if ident not in self.conditions:
            raise ProgrammeInputError(
                f"no condition called '{ident}'; {suggest(ident, self.conditions)}"
            )

    @staticmethod
    def _dose_words(entry: ProgrammeEntry) -> str:
        dose = entry.dose
        if dose is None:
            return "The sources give no dose at this stage."
        numbers = words.dose(dose.sets, dose.reps, dose.hold_seconds, dose.per_week)
        text = f"{dose.plan} ({numbers})" if numbers else dose.plan
        return words.marked(text, dose.evidence)

    @staticmethod
    def _reason(entry: ProgrammeEntry) -> str:
        fit = entry.conflict or entry.support
        if fit is None:
            return (
                "Judge it by what it loads: none of the course's sources ties it to this condition."
            )
        cited = ", ".join(words.source_label(s) for s in fit.sources)
        return words.marked(f"{fit.why.strip()} ({cited})", fit.evidence)

    def _entry_words(self, entry: ProgrammeEntry) -> str:
        sign, word = words.VERDICT[entry.verdict]
        progress = entry.dose.progress_when if entry.dose and entry.dose.progress_when else ""
        moving = f" Move on when: {progress}" if progress else ""
        return (
            f"{sign} {word}: {entry.exercise.name}. Why: {self._reason(entry)} "
            f"Dose: {self._dose_words(entry)}{moving}"
        )

    def _entry_row(self, entry: ProgrammeEntry) -> list[str]:
        sign, word = words.VERDICT[entry.verdict]
        accent = VERDICT_ACCENT[entry.verdict]
        colour = ACCENT_TEXT[accent]  # the verdict's accent, dark enough for words
        verdict = f"<span style='color:{colour};font-weight:bold'>{sign} {escape(word)}</span>"
        progress = entry.dose.progress_when if entry.dose else ""
        return [
            escape(entry.exercise.name),
            verdict,
            escape(self._dose_words(entry)),
            escape(progress or "–"),
            escape(self._reason(entry)),
        ]

    @staticmethod
    def _phase_words(progression: LoadingProgression, phase: Any) -> str:
        text = f"{progression.name}, this stage's phase: {phase.name}. {phase.aim}"
        if phase.progress_when:
            text += f" Move on when: {phase.progress_when}"
        return words.marked(text, progression.evidence)
