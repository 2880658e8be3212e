"""The virtual-patient widget: take a history, examine, test, investigate, then decide.

The stages follow a real consultation (history, examination, tests, investigations, decision);
a stage selector moves between them and the student may go back. In each stage the student picks
one item at a time from the stage's menu (``patient_items.yaml``, the same for every case) and
reads what the patient says or the test shows (:func:`.engine.observe`); three counters add up
the items asked, the consultation's minutes and the investigations' cost. The student keeps a
ranked differential (at most :data:`MAX_DIFFERENTIAL` conditions from all the course's
conditions) and may link a revealed finding to a condition as supporting or weakening it (the
reasoning map). The engine's ranking (its top five with probability and the reasons for and
against each, and a bar chart) shows or hides at the instructor's choice (``show_engine``).

In the decision stage the student commits the differential, an urgency (the course's four tiers,
or none) and a next step. The commit is final: the run is saved (:func:`.runs.save_run`), scored,
counted in the progress file (entry ``patient_<case id>``) and answered with feedback: the
ranking and the map against the expert's, the red-flag questions never asked, the low-yield
tests with their likelihood ratios, and a replay figure of how the engine's leading conditions
moved with each finding.

The widget stands on :class:`course.widgets.CourseWidget`: what the student has done is one
frozen :class:`Consultation`; :meth:`VirtualPatient.apply` is pure. What reaches beyond the
widget (the run's recorder, fed the wall-clock second of each new item; the saved file; the
progress file) happens in :meth:`VirtualPatient.applied`. Undo takes back what the screen shows,
never what was asked: the saved run keeps every item the patient was asked, in order.

A teaching aid with fictional patients: it does not diagnose.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape
from itertools import pairwise
from pathlib import Path
from textwrap import fill
from typing import Any, get_args

import ipywidgets as widgets

from ..catalogue import Catalogue, content
from ..controls import RadioGroup
from ..figures import MIN_TEXT_PT, FigureView, new_figure
from ..html import prose, widget_css
from ..quiz.progress import ProgressFile
from ..records import Condition
from ..records.patient import (
    NEXT_STEPS,
    STAGES,
    TRIAGE,
    Effect,
    PatientCase,
    PatientItem,
    ReasoningLink,
)
from ..style import (
    GREY,
    HATCHES,
    OKABE_ITO,
    PATIENT_COUNTERS_CLASS,
    PATIENT_CSS,
    PATIENT_ENGINE_CLASS,
    PATIENT_FEEDBACK_CLASS,
    PATIENT_FOUND_CLASS,
    PATIENT_MENU_CLASS,
    PATIENT_STAGES_CLASS,
    STATIC_CLASS,
    STATIC_DESCRIPTION_CLASS,
)
from ..widgets import CourseWidget
from ..words import CONSULTATION_STAGE, EFFECT, NEXT_STEP, percent
from ..words import TRIAGE as TRIAGE_WORDS
from .engine import FORMULA, TEACHING_AID, Differential, Observation, engine_for, observe
from .runs import (
    MAX_DIFFERENTIAL,
    Debrief,
    Decision,
    PatientRun,
    Recorder,
    Verdict,
    debrief,
    save_run,
    verify,
)

__all__ = ["MAX_DIFFERENTIAL", "STEPS", "Consultation", "VirtualPatient", "play"]

DECISION = "decision"
"""The last stage, where the student commits (not an item stage of the menu)."""
STEPS: tuple[str, ...] = (*STAGES, DECISION)
"""Every stage of the widget, in the order of a consultation."""
STEP_WORDS: dict[str, str] = {**CONSULTATION_STAGE, DECISION: "Decision"}
ENGINE_TOP = 5
"""How many of the engine's conditions the ranking, its chart and the replay show."""
RANK_CACHE = 256
"""How many differentials the widget keeps computed (one per set of items asked)."""
RANK_COLOURS = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["vermillion"],
)
"""The colour of each rank in the engine's bar chart and of each line of the replay; a hatch
(bars) or a marker (lines) and a written name go with each, so colour is never the only cue."""
RANK_HATCHES = HATCHES[:ENGINE_TOP]
RANK_MARKERS = ("o", "s", "^", "D", "v")
FONT_PT = max(MIN_TEXT_PT, 9.0)
"""The size of every text in the widget's figures, in points."""

CAPTION = (
    "A fictional patient for practice. " + TEACHING_AID + " The course teaches; it does not "
    "diagnose anyone."
)
"""Shown over the widget and on its static page."""

LAB_NOTE = (
    "The interactive virtual patient needs JupyterLab: open this lesson with `make lab` (or on "
    "Binder) and run its cells to take the history, examine, test and decide."
)
"""What the static page says about the live widget."""


@dataclass(frozen=True)
class Consultation:
    """What the student has done with one patient: the widget's state."""

    stage: str = STAGES[0]
    """One of :data:`STEPS`."""
    asked: tuple[str, ...] = ()
    """Item ids in the order they were asked or done."""
    differential: tuple[str, ...] = ()
    """The student's differential: condition ids, most likely first (at most five)."""
    links: tuple[ReasoningLink, ...] = ()
    """The student's reasoning map, in the order the links were made."""
    urgency: str | None = None
    """The urgency chosen (one of ``records.patient.TRIAGE``), None before a choice."""
    next_step: str | None = None
    """The next step chosen (one of ``records.patient.NEXT_STEPS``), None before a choice."""
    committed: bool = False
    """True once the answer is committed: the run is saved and nothing changes any more."""
    problem: str = ""
    """Why the last action was refused ('' when it was not)."""


@dataclass(frozen=True)
class Outcome:
    """What a commit produced beyond the widget: the saved run and what was made of it."""

    run: PatientRun
    path: Path
    """Where the run was saved."""
    verdict: Verdict
    """The run checked as a grader checks it (it verifies unless the case changed meanwhile)."""
    debrief: Debrief | None
    """Score, the expert's answer and the comparison, red flags never asked, low-yield tests
    and the replay (:func:`.runs.debrief`); None when the widget gives no feedback (graded
    work: the instructor marks the run and the expert's answer stays sealed)."""

    @property
    def solved(self) -> bool:
        """The expert's first diagnosis in the student's top three and the urgency right (what
        the progress file counts as solved); False without feedback."""
        if self.debrief is None:
            return False
        return self.debrief.score.top3 and self.debrief.score.urgency_ok


class VirtualPatient(CourseWidget[Consultation]):
    """One virtual patient, worked through the stages of a consultation to a committed answer.

    Controls a test (or a curious student) can drive: ``stages`` (RadioGroup of :data:`STEPS`),
    ``menu`` (RadioGroup of the stage's items not yet asked) with ``ask_button``;
    ``condition_pick`` (Dropdown of every condition) with ``add_button``, ``ranked`` (Select of
    the differential) with ``up_button``, ``down_button``, ``remove_button``; ``finding_pick``
    (Dropdown of the findings revealed), ``link_condition`` (Dropdown), ``effect`` (RadioGroup)
    with ``link_button``, ``links_list`` (Select) with ``unlink_button``; ``urgency`` and
    ``next_step`` (RadioGroups) with ``commit_button``; ``undo_button`` and ``reset_button``.

    Events (what :meth:`apply` understands): ``("stage", stage)``, ``("ask", item id)``,
    ``("add" | "remove" | "up" | "down", condition id)``, ``("link", item id, condition id,
    effect)``, ``("unlink", item id, condition id)``, ``("urgency", tier)``, ``("next_step",
    step)`` and ``"commit"``; anything else (or anything after the commit) leaves the state.
    """

    name = "patient"

    def __init__(
        self,
        case: PatientCase,
        *,
        show_engine: bool = True,
        save_to: str | Path | None = None,
        feedback: bool = True,
        catalogue: Catalogue | None = None,
        progress_path: str | Path | None = None,
        interactive: bool | None = False,
    ) -> None:
        """Open ``case`` at the start of the history. ``show_engine`` shows the engine's
        ranking while the student works (the instructor's choice); the committed run is saved to
        ``save_to`` (default ``<case id>.run.json`` in the working directory) and counted in the
        progress file at ``progress_path`` (default: the course's). ``feedback=False`` (graded
        work) saves the run and says so, but opens no expert answer, shows no score or replay
        and writes no progress; ``interactive`` picks the
        ipympl canvas (True), the PNG view (False) or whichever is installed (None)."""
        self.case = case
        self.catalogue = catalogue if catalogue is not None else content()
        self.show_engine = bool(show_engine)
        self.feedback = bool(feedback)
        self.save_to = Path(save_to) if save_to is not None else Path.cwd() / f"{case.id}.run.json"
        self.progress = ProgressFile(progress_path)
        self.items: dict[str, PatientItem] = {
            item.id: item for item in self.catalogue.all("patient_items")
        }
        self.conditions: dict[str, Condition] = {
            c.id: c for c in sorted(self.catalogue.all("conditions"), key=lambda c: c.name.lower())
        }
        self.engine = engine_for(case, self.catalogue)
        self.recorder = Recorder(case, self.catalogue)
        """Records each new item with its second since the widget opened (fed in
        :meth:`applied`), and makes the run on commit."""
        self.recorded: list[str] = []
        """The items the recorder holds, in order (an undone item stays asked)."""
        self.outcome: Outcome | None = None
        """What the commit produced (None before it)."""
        self._opened = time.monotonic()
        self._observations: dict[str, Observation] = {}
        self._ranks: dict[tuple[str, ...], Differential] = {}
        self._engine_text: dict[tuple[str, ...], tuple[str, str]] = {}
        self._drawn_bars: list[tuple[str, float]] | None = None

        self.header = widgets.HTML(self._header_html())
        self.stages = RadioGroup(
            options=[(STEP_WORDS[s], s) for s in STEPS],
            value=STEPS[0],
            label="Stage of the consultation",
        )
        stage_box = widgets.Box([self.stages])
        stage_box.add_class(PATIENT_STAGES_CLASS)
        self.counters = widgets.HTML()
        self.counters.add_class(PATIENT_COUNTERS_CLASS)
        self.menu_title = widgets.HTML()
        self.menu = RadioGroup(options=(), label="Items of this stage")
        self.menu.add_class(PATIENT_MENU_CLASS)
        self.ask_button = _button(
            description="Ask or do this", tooltip="Ask the question or do the item chosen"
        )
        self.menu_box = widgets.VBox([self.menu_title, self.menu, self.ask_button])
        self.urgency = RadioGroup(options=[(TRIAGE_WORDS[t], t) for t in TRIAGE], label="Urgency")
        self.next_step = RadioGroup(
            options=[(NEXT_STEP[s], s) for s in NEXT_STEPS], label="Next step"
        )
        self.commit_button = _button(
            description="Commit my answer",
            button_style="primary",
            tooltip="Commit the differential, urgency and next step (final: the run is saved)",
        )
        self.decision_box = widgets.VBox(
            [
                widgets.HTML(
                    prose(
                        "<b>Decision.</b> Commit your differential (below), an urgency and a "
                        "next step. The commit is final: the run is saved and scored."
                    )
                ),
                widgets.HTML("<b>Urgency</b>"),
                self.urgency,
                widgets.HTML("<b>Next step</b>"),
                self.next_step,
                self.commit_button,
            ]
        )
        self.found = widgets.HTML()
        self.found.add_class(PATIENT_FOUND_CLASS)
        self.message = widgets.HTML()

        names = [(c.name, c.id) for c in self.conditions.values()]
        self.condition_pick = widgets.Dropdown(
            options=names, description="Condition", layout=widgets.Layout(width="auto")
        )
        self.add_button = _button(
            description="Add to my differential", tooltip="Add the condition at the bottom"
        )
        self.ranked = widgets.Select(
            options=[], rows=MAX_DIFFERENTIAL, description="My differential",
            style={"description_width": "initial"}, layout=widgets.Layout(width="auto"),
        )  # fmt: skip
        self.up_button = _button(description="Move up", tooltip="One place higher")
        self.down_button = _button(description="Move down", tooltip="One place lower")
        self.remove_button = _button(description="Remove", tooltip="Take it off the list")
        self.finding_pick = widgets.Dropdown(
            options=[], description="Finding", layout=widgets.Layout(width="auto")
        )
        self.link_condition = widgets.Dropdown(
            options=names, description="Condition", layout=widgets.Layout(width="auto")
        )
        self.effect = RadioGroup(
            options=[(EFFECT[e], e) for e in get_args(Effect)],
            value="supports",
            label="What the finding does to the condition",
        )
        self.link_button = _button(description="Link", tooltip="Add to my reasoning map")
        self.links_list = widgets.Select(
            options=[], rows=4, description="My reasoning map",
            style={"description_width": "initial"}, layout=widgets.Layout(width="auto"),
        )  # fmt: skip
        self.unlink_button = _button(description="Remove link")
        self.undo_button = _button(description="Undo", tooltip="Undo the last change")
        self.reset_button = _button(
            description="Start again", tooltip="Back to the start (what was asked stays asked)"
        )
        differential_box = widgets.VBox(
            [
                widgets.HTML("<b>My differential</b> (most likely first, at most five)"),
                widgets.HBox([self.condition_pick, self.add_button]),
                self.ranked,
                widgets.HBox([self.up_button, self.down_button, self.remove_button]),
            ]
        )
        map_box = widgets.VBox(
            [
                widgets.HTML("<b>My reasoning map</b> (link a finding to a condition)"),
                self.finding_pick,
                self.link_condition,
                self.effect,
                self.link_button,
                self.links_list,
                self.unlink_button,
            ]
        )
        self.engine_html = widgets.HTML()
        self.engine_chart = _EngineChart()
        self.engine_view = FigureView(self.engine_chart.figure, interactive=interactive)
        self.engine_box = widgets.VBox([self.engine_html, self.engine_view.widget])
        self.engine_box.add_class(PATIENT_ENGINE_CLASS)
        if not self.show_engine:
            self.engine_box.layout.display = "none"
        self.feedback_html = widgets.HTML()
        self.replay_chart = _ReplayChart()
        self.replay_view = FigureView(self.replay_chart.figure, interactive=interactive)
        self.feedback_box = widgets.VBox([self.feedback_html, self.replay_view.widget])
        self.feedback_box.add_class(PATIENT_FEEDBACK_CLASS)
        self.feedback_box.layout.display = "none"

        self.on_change(self.stages, lambda value: ("stage", value))
        self.on_change(self.urgency, lambda value: ("urgency", value))
        self.on_change(self.next_step, lambda value: ("next_step", value))
        self.ask_button.on_click(lambda _: self.send(("ask", self.menu.value)))
        self.add_button.on_click(lambda _: self.send(("add", self.condition_pick.value)))
        self.up_button.on_click(lambda _: self.send(("up", self.ranked.value)))
        self.down_button.on_click(lambda _: self.send(("down", self.ranked.value)))
        self.remove_button.on_click(lambda _: self.send(("remove", self.ranked.value)))
        self.link_button.on_click(
            lambda _: self.send(
                ("link", self.finding_pick.value, self.link_condition.value, self.effect.value)
            )
        )
        self.unlink_button.on_click(
            lambda _: self.send(("unlink", *(self.links_list.value or ("", ""))))
        )
        self.commit_button.on_click(lambda _: self.send("commit"))
        self.undo_button.on_click(lambda _: self.undo())
        self.reset_button.on_click(lambda _: self.reset())
        super().__init__(
            Consultation(),
            controls={
                "stage": self.stages,
                "menu": self.menu,
                "ask": self.ask_button,
                "condition": self.condition_pick,
                "add": self.add_button,
                "differential": self.ranked,
                "up": self.up_button,
                "down": self.down_button,
                "remove": self.remove_button,
                "finding": self.finding_pick,
                "link-condition": self.link_condition,
                "effect": self.effect,
                "link": self.link_button,
                "links": self.links_list,
                "unlink": self.unlink_button,
                "urgency": self.urgency,
                "next-step": self.next_step,
                "commit": self.commit_button,
                "undo": self.undo_button,
                "reset": self.reset_button,
            },
            body=[
                widgets.HTML(widget_css() + f"<style>{PATIENT_CSS}</style>"),
                widgets.HTML(prose(f"<p><em>{escape(CAPTION)}</em></p>")),
                self.header,
                stage_box,
                self.counters,
                self.menu_box,
                self.decision_box,
                self.message,
                self.found,
                widgets.HBox(
                    [differential_box, map_box],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
                ),
                widgets.HBox([self.undo_button, self.reset_button]),
                self.engine_box,
                self.feedback_box,
            ],
        )

    # ------------------------------------------------------------------ what a student reads

    def observation(self, item_id: str) -> Observation:
        """What asking item ``item_id`` reveals for this patient (scripted or neutral)."""
        if item_id not in self._observations:
            self._observations[item_id] = observe(self.case, self.items[item_id])
        return self._observations[item_id]

    def ranking(self, state: Consultation | None = None) -> Differential:
        """The engine's differential for the items asked in ``state`` (now by default)."""
        asked = (state or self.state).asked
        if asked not in self._ranks:
            if len(self._ranks) >= RANK_CACHE:
                self._ranks.clear()
                self._engine_text.clear()
            self._ranks[asked] = self.engine.rank([self.observation(i) for i in asked])
        return self._ranks[asked]

    def engine_text(self, state: Consultation) -> tuple[str, str]:
        """The engine's ranking for ``state`` as (words, HTML), computed once per set of items
        asked."""
        differential = self.ranking(state)
        if state.asked not in self._engine_text:
            self._engine_text[state.asked] = (
                self._engine_words(differential),
                self._engine_html(differential),
            )
        return self._engine_text[state.asked]

    def menu_items(self, stage: str) -> list[PatientItem]:
        """The items of ``stage`` in menu order (none for the decision stage)."""
        return [item for item in self.items.values() if item.stage == stage]

    @staticmethod
    def counts(items: Sequence[PatientItem]) -> tuple[int, float, float]:
        """(items asked, consultation minutes, investigation cost in course units)."""
        return len(items), sum(i.minutes for i in items), sum(i.cost for i in items)

    # ------------------------------------------------------------------ checked actions

    def ask(self, item_id: str) -> bool:
        """Ask item ``item_id`` (going to its stage first); an unknown id names valid ones."""
        item = self.catalogue.get("patient_items", item_id)
        self.send(("stage", item.stage))
        return self.send(("ask", item_id))

    def add(self, condition_id: str) -> bool:
        """Put a condition at the bottom of the differential; an unknown id names valid ones."""
        self.catalogue.get("conditions", condition_id)
        return self.send(("add", condition_id))

    def link(self, item_id: str, condition_id: str, effect: str = "supports") -> bool:
        """Link a revealed finding to a condition in the reasoning map."""
        self.catalogue.get("patient_items", item_id)
        self.catalogue.get("conditions", condition_id)
        if effect not in get_args(Effect):
            raise ValueError(f"effect must be one of {', '.join(get_args(Effect))}, not {effect!r}")
        return self.send(("link", item_id, condition_id, effect))

    def decide(self, urgency: str, next_step: str) -> None:
        """Choose the urgency and the next step (the decision stage's two choices)."""
        if urgency not in TRIAGE:
            raise ValueError(f"urgency must be one of {', '.join(TRIAGE)}, not {urgency!r}")
        if next_step not in NEXT_STEPS:
            raise ValueError(f"next step must be one of {', '.join(NEXT_STEPS)}, not {next_step!r}")
        self.send(("stage", DECISION))
        self.send(("urgency", urgency))
        self.send(("next_step", next_step))

    def commit(self) -> Outcome | None:
        """Commit the answer; the outcome, or None when refused (the reason is shown)."""
        self.send("commit")
        return self.outcome

    # ------------------------------------------------------------------ state and events

    def apply(self, state: Consultation, event: Any) -> Consultation:
        """The state after ``event`` (see the class docstring); pure."""
        if state.committed:
            return state
        new = self._apply(state, event)
        if new is state or new == state:
            return state
        # a refusal shows until the next action that changes something
        return replace(new, problem="") if new.problem == state.problem else new

    def _apply(self, state: Consultation, event: Any) -> Consultation:
        match event:
            case ("stage", str(stage)) if stage in STEPS:
                return replace(state, stage=stage)
            case ("ask", str(ident)) if ident in self.items and ident not in state.asked:
                if self.items[ident].stage != state.stage:
                    return state
                return replace(state, asked=(*state.asked, ident))
            case ("add", str(ident)) if ident in self.conditions:
                if ident in state.differential:
                    return state
                if len(state.differential) >= MAX_DIFFERENTIAL:
                    return replace(
                        state,
                        problem=f"Your differential holds {MAX_DIFFERENTIAL} conditions: "
                        "remove one before adding another.",
                    )
                return replace(state, differential=(*state.differential, ident))
            case ("remove", str(ident)) if ident in state.differential:
                return replace(
                    state, differential=tuple(c for c in state.differential if c != ident)
                )
            case ("up" | "down" as way, str(ident)) if ident in state.differential:
                order = list(state.differential)
                at = order.index(ident)
                to = at - 1 if way == "up" else at + 1
                if not 0 <= to < len(order):
                    return state
                order[at], order[to] = order[to], order[at]
                return replace(state, differential=tuple(order))
            case ("link", str(item), str(cond), str(effect)):
                if item not in state.asked or cond not in self.conditions:
                    return state
                if effect not in get_args(Effect):
                    return state
                kept = tuple(x for x in state.links if (x.item, x.condition) != (item, cond))
                return replace(state, links=(*kept, ReasoningLink(item, cond, effect)))
            case ("unlink", str(item), str(cond)):
                kept = tuple(x for x in state.links if (x.item, x.condition) != (item, cond))
                return replace(state, links=kept)
            case ("urgency", str(tier)) if tier in TRIAGE:
                return replace(state, urgency=tier)
            case ("next_step", str(step)) if step in NEXT_STEPS:
                return replace(state, next_step=step)
            case "commit":
                missing = [
                    words
                    for words, absent in (
                        ("at least one condition in your differential", not state.differential),
                        ("an urgency", state.urgency is None),
                        ("a next step", state.next_step is None),
                    )
                    if absent
                ]
                if missing:
                    return replace(
                        state, problem="Not committed yet: choose " + " and ".join(missing) + "."
                    )
                return replace(state, committed=True, stage=DECISION, problem="")
        return state

    def applied(self, before: Consultation, after: Consultation) -> None:
        """Feed the recorder each newly asked item with its wall-clock second; on commit, make
        the run, save it, score it and count it in the progress file."""
        seconds = round(time.monotonic() - self._opened, 3)
        for ident in after.asked:
            if ident not in self.recorded:
                self.recorder.ask(ident, at=seconds)
                self.recorded.append(ident)
        if after.committed and not before.committed:
            self.outcome = self._commit(after)

    def _commit(self, state: Consultation) -> Outcome:
        assert state.urgency is not None and state.next_step is not None  # apply checked
        decision = Decision(state.differential, state.urgency, state.next_step, state.links)
        run = self.recorder.commit(decision)
        path = save_run(run, self.save_to)
        report = debrief(run, self.case, self.catalogue) if self.feedback else None
        outcome = Outcome(run, path, verify(run, self.case, self.catalogue), report)
        if report is not None:
            self.progress.record_patient(self.case.id, report.score.total, outcome.solved)
        return outcome

    @property
    def can_undo(self) -> bool:
        """True when there is an earlier state to go back to and the answer is not committed."""
        return super().can_undo and not self.state.committed

    def undo(self) -> bool:
        """Go back one change; nothing after the commit (the run is saved and final)."""
        if self.state.committed:
            return False
        return super().undo()

    def reset(self) -> None:
        """Back to the opening screen (undoable); nothing after the commit. What was asked
        stays in the run: a patient cannot be un-asked."""
        if not self.state.committed:
            super().reset()

    def close(self) -> None:
        """Close every front-end widget of this patient (their comms to the browser): call it
        before dropping a patient that will not be shown again."""
        todo: list[Any] = [self.widget]
        while todo:
            part = todo.pop()
            todo.extend(getattr(part, "children", ()))
            for extra in ("layout", "style"):
                sub = getattr(part, extra, None)
                if isinstance(sub, widgets.Widget):
                    sub.close()
            part.close()

    # ------------------------------------------------------------------ drawing a state

    def render(self, before: Consultation | None, after: Consultation) -> None:
        """Set the controls and the text for ``after``, restyle the engine's chart and, after
        the commit, show the feedback and the replay."""
        done = after.committed
        self.show(self.stages, after.stage)
        in_menu = after.stage != DECISION
        self.menu_box.layout.display = None if in_menu and not done else "none"
        self.decision_box.layout.display = None if after.stage == DECISION else "none"
        if in_menu:
            offered = [i for i in self.menu_items(after.stage) if i.id not in after.asked]
            options = tuple((_menu_label(i), i.id) for i in offered)
            if tuple(self.menu.options) != options:
                self.menu.options = options
            back = [i for i in (before.asked if before else ()) if i not in after.asked]
            if back and back[-1] in self.menu.values:
                self.menu.value = back[-1]  # an undone item is the one chosen again
            elif self.menu.value is None and options:
                self.menu.value = options[0][1]
            self.ask_button.disabled = done or not options
            self.menu_title.value = prose(
                f"<b>{escape(STEP_WORDS[after.stage])}</b>: "
                + (
                    "pick one item, then <i>Ask or do this</i>."
                    if options
                    else "everything on this stage's menu has been asked."
                )
            )
        self.show(self.urgency, after.urgency)
        self.show(self.next_step, after.next_step)
        self.counters.value = self._counters_html(after)
        self.found.value = self._found_html(after)
        self.message.value = (
            f"<p role='alert'><b>{escape(after.problem)}</b></p>" if after.problem else ""
        )
        ranked = tuple(
            (f"{n}. {self.conditions[c].name}", c) for n, c in enumerate(after.differential, 1)
        )
        if tuple(self.ranked.options) != ranked:
            keep = self.ranked.value
            self.ranked.options = ranked
            came = [
                c for c in after.differential if c not in (before.differential if before else ())
            ]
            self.ranked.value = came[-1] if came else keep if keep in after.differential else None
        first = [(self.conditions[c].name, c) for c in after.differential]
        rest = [(c.name, c.id) for c in self.conditions.values() if c.id not in after.differential]
        link_options = tuple(first + rest)
        if tuple(self.link_condition.options) != link_options:
            keep = self.link_condition.value
            self.link_condition.options = link_options
            self.link_condition.value = keep
        findings = tuple((self.items[i].label, i) for i in after.asked)
        if tuple(self.finding_pick.options) != findings:
            keep = self.finding_pick.value
            self.finding_pick.options = findings
            self.finding_pick.value = (
                keep if keep in after.asked else (findings[-1][1] if findings else None)
            )
        links = tuple((self._link_words(x), (x.item, x.condition)) for x in after.links)
        if tuple(self.links_list.options) != links:
            keep = self.links_list.value
            self.links_list.options = links
            came = [x for x in after.links if x not in (before.links if before else ())]
            values = [v for _, v in links]
            self.links_list.value = (
                (came[-1].item, came[-1].condition) if came else keep if keep in values else None
            )
        for control in (
            self.add_button, self.up_button, self.down_button, self.remove_button,
            self.link_button, self.unlink_button, self.commit_button, self.reset_button,
        ):  # fmt: skip
            control.disabled = done
        self.link_button.disabled = done or not after.asked
        self.undo_button.disabled = done or not self.can_undo
        self.commit_button.disabled = done
        if self.show_engine:
            self.engine_chart.show(_bars(self.ranking(after), self._name))
            self.show(self.engine_html, self.engine_text(after)[1])
        if done and self.outcome is not None:
            self.feedback_box.layout.display = None
            if self.outcome.debrief is not None:
                self.replay_chart.show(
                    self.outcome.debrief.replay,
                    self._name,
                    [self.items[i].label for i in self.outcome.run.asked],
                )
            else:
                self.replay_view.widget.layout.display = "none"
            self.feedback_html.value = self._feedback_html()

    def refresh_figures(self, before: Consultation | None, after: Consultation) -> None:
        """Redraw the engine's chart when its bars changed, the replay on commit."""
        if self.show_engine and self.engine_chart.shown != self._drawn_bars:
            self.engine_view.refresh()
            self._drawn_bars = list(self.engine_chart.shown)
        committed = after.committed and (before is None or not before.committed)
        if committed and self.outcome is not None and self.outcome.debrief is not None:
            self.replay_view.refresh()

    def describe_state(self, state: Consultation) -> str:
        """The state in words: the patient, the stage, the counters, what was found, the
        differential and map, the engine's ranking (when shown) and, after the commit, the
        feedback and the replay."""
        case = self.case
        patient = case.patient
        asked = [self.items[i] for i in state.asked]
        n, minutes, cost = self.counts(asked)
        lines = [
            f"Virtual patient {case.id}: {case.title}. Seen in a {case.setting}; "
            f"{patient.age}-year-old {patient.sex}, {patient.context}.",
            f"The patient says: {case.story}",
            f"Stage: {STEP_WORDS[state.stage]} ({STEPS.index(state.stage) + 1} of {len(STEPS)}).",
            _counter_words(n, minutes, cost) + ".",
        ]
        if asked:
            lines.append("Found so far:")
            lines += [f"- {item.label} {self.observation(item.id).says}" for item in asked]
        else:
            lines.append("Nothing asked yet.")
        lines.append(self._differential_words(state))
        if state.links:
            lines.append(
                "My reasoning map: " + "; ".join(self._link_words(x) for x in state.links) + "."
            )
        if state.stage == DECISION or state.urgency or state.next_step:
            urgency = TRIAGE_WORDS[state.urgency] if state.urgency else "not chosen"
            step = NEXT_STEP[state.next_step] if state.next_step else "not chosen"
            lines.append(f"Urgency: {urgency}. Next step: {step}.")
        if state.problem:
            lines.append(state.problem)
        if self.show_engine:
            lines.append(self.engine_text(state)[0])
        if state.committed and self.outcome is not None:
            lines.append(self._feedback_words())
        return "\n".join(lines)

    # ------------------------------------------------------------------ the static page

    def static_html(self) -> str:
        """The page without a kernel: the opening story, each stage's menu as a printed list,
        the counters at the start and a note that the live patient needs JupyterLab. No
        answer the patient gives and nothing of the expert's answer is in it."""
        case, patient = self.case, self.case.patient
        stages = "".join(
            f"<li><b>{escape(STEP_WORDS[stage])}</b><ul>"
            + "".join(f"<li>{escape(_menu_label(item))}</li>" for item in self.menu_items(stage))
            + "</ul></li>"
            for stage in STAGES
        )
        stages += (
            f"<li><b>{escape(STEP_WORDS[DECISION])}</b>: commit a ranked differential (at most "
            f"{MAX_DIFFERENTIAL} conditions), an urgency tier and a next step.</li>"
        )
        return (
            f'<div class="{STATIC_CLASS}">'
            f"<p><em>{escape(CAPTION)}</em></p>"
            f"<h4>Virtual patient {escape(case.id)}: {escape(case.title)}</h4>"
            f"<p>Seen in a {escape(case.setting)}: {patient.age}-year-old {escape(patient.sex)}, "
            f"{escape(patient.context)}.</p>"
            f"<blockquote>{escape(case.story)}</blockquote>"
            f'<p class="{STATIC_DESCRIPTION_CLASS}">{escape(_counter_words(0, 0, 0))}.</p>'
            "<p>The menu, the same for every patient; pick one item at a time:</p>"
            f"<ol>{stages}</ol>"
            f"<p><strong>{escape(LAB_NOTE)}</strong></p></div>"
        )

    # ------------------------------------------------------------------ pieces of text

    def _name(self, condition_id: str) -> str:
        return self.conditions[condition_id].name

    def _header_html(self) -> str:
        case, patient = self.case, self.case.patient
        return prose(
            f"<h4 style='margin:0.2em 0'>{escape(case.title)}</h4>"
            f"<p>Seen in a {escape(case.setting)}: {patient.age}-year-old "
            f"{escape(patient.sex)}, {escape(patient.context)}.</p>"
            f"<blockquote style='margin:0.3em 1em'>{escape(case.story)}</blockquote>"
        )

    def _counters_html(self, state: Consultation) -> str:
        n, minutes, cost = self.counts([self.items[i] for i in state.asked])
        return prose(f"<b>{escape(_counter_words(n, minutes, cost))}</b>")

    def _found_html(self, state: Consultation) -> str:
        if not state.asked:
            return prose("<p><i>Nothing asked yet: pick an item from the stage's menu.</i></p>")
        parts = []
        for stage in STAGES:
            rows = [i for i in state.asked if self.items[i].stage == stage]
            if rows:
                lis = "".join(
                    f"<li><b>{escape(self.items[i].label)}</b><br>"
                    f"{escape(self.observation(i).says)}</li>"
                    for i in rows
                )
                parts.append(f"<p><b>{escape(STEP_WORDS[stage])}</b></p><ul>{lis}</ul>")
        return prose("".join(parts))

    def _differential_words(self, state: Consultation) -> str:
        if not state.differential:
            return "My differential: empty."
        return (
            "My differential: "
            + ", ".join(f"{n}. {self._name(c)}" for n, c in enumerate(state.differential, 1))
            + "."
        )

    def _link_words(self, link: ReasoningLink) -> str:
        return f"{self.items[link.item].label} {EFFECT[link.effect]} {self._name(link.condition)}"

    def _engine_words(self, differential: Differential) -> str:
        lines = ["The engine's ranking (a teaching aid):"]
        for n, standing in enumerate(differential.top(ENGINE_TOP), 1):
            pro = "; ".join(t.words for t in standing.reasons_for) or "none"
            con = "; ".join(t.words for t in standing.reasons_against) or "none"
            lines.append(
                f"{n}. {standing.condition.name}: {percent(standing.probability)} "
                f"(for: {pro}. Against: {con}.)"
            )
        tier = TRIAGE_WORDS[differential.tier]
        lines.append(f"Urgency the red flags found so far demand: {tier}.")
        lines.append(_EngineChart.describe(_bars(differential, self._name)))
        return "\n".join(lines)

    def _engine_html(self, differential: Differential) -> str:
        rows = []
        for n, standing in enumerate(differential.top(ENGINE_TOP), 1):
            pro = "".join(f"<li>{escape(t.words)}</li>" for t in standing.reasons_for)
            con = "".join(f"<li>{escape(t.words)}</li>" for t in standing.reasons_against)
            rows.append(
                f"<tr><td>{n}</td><td>{escape(standing.condition.name)}</td>"
                f"<td>{percent(standing.probability)}</td>"
                f"<td><ul>{pro or '<li>none</li>'}</ul></td>"
                f"<td><ul>{con or '<li>none</li>'}</ul></td></tr>"
            )
        notes = "".join(f"<li>{escape(note)}</li>" for note in differential.notes)
        return prose(
            "<p><b>The engine's ranking</b> (a teaching aid; every term below)</p>"
            "<table><tr><th>#</th><th>Condition</th><th>Probability</th><th>For</th>"
            f"<th>Against</th></tr>{''.join(rows)}</table>"
            f"<p>Urgency the red flags found so far demand: "
            f"<b>{escape(TRIAGE_WORDS[differential.tier])}</b>.</p>"
            f"<details><summary>How the engine scores</summary><p>{escape(FORMULA)}</p>"
            f"<ul>{notes}</ul></details>"
        )

    def feedback_sections(self) -> list[tuple[str, list[str]]]:
        """The feedback after the commit as (heading, lines) pairs, in reading order (empty
        before the commit): score, the expert's answer, ranking and map against the expert's,
        red-flag questions never asked, low-yield tests and the expert's reasoning."""
        if self.outcome is None:
            return []
        report = self.outcome.debrief
        if report is None:
            return [
                (
                    "Handed in for marking",
                    [
                        "Your instructor marks this run: no score or expert answer is shown "
                        "here. Keep the saved file next to the notebook and submit both."
                    ],
                )
            ]
        s, expert = report.score, report.expert
        solved = "solved" if self.outcome.solved else "not solved"
        sections = [
            (
                "Your score",
                [
                    f"{percent(s.total)} ({solved}): the expert's first diagnosis "
                    f"{'is' if s.top3 else 'is not'} in your top three; the urgency is "
                    f"{'right' if s.urgency_ok else 'not right'}; the next step is "
                    f"{'right' if s.next_step_ok else 'not right'}.",
                    f"Red-flag questions this patient needed: {len(s.flags_asked)} of "
                    f"{len(s.flags_asked) + len(s.flags_missed)} asked. Efficiency "
                    f"{percent(s.efficiency)} of your items mattered for this patient; "
                    f"{s.minutes:g} min, {s.cost:g} cost units.",
                ],
            ),
            (
                "The expert's answer",
                [
                    "Differential: "
                    + ", ".join(
                        f"{n}. {self._name(c)}" for n, c in enumerate(expert.differential, 1)
                    )
                    + ".",
                    f"Urgency: {TRIAGE_WORDS[expert.urgency]}. Next step: "
                    f"{NEXT_STEP[expert.next_step]}.",
                ],
            ),
            ("Your ranking against the expert's", list(report.ranking)),
            (
                "Your reasoning map against the expert's",
                [f"Matches: {self._link_words(x)}." for x in report.links_matched]
                + [f"Opposite to the expert: {self._link_words(x)}." for x in report.links_contrary]
                + [f"The expert also links: {self._link_words(x)}." for x in report.links_missed]
                + [f"Not in the expert's map: {self._link_words(x)}." for x in report.links_extra],
            ),
            (
                "Red-flag questions you never asked",
                [f"{self.items[i].label} (this patient needed it)" for i in s.flags_missed]
                + [
                    label
                    for label in report.flags_never_asked
                    if label not in {self.items[i].label for i in s.flags_missed}
                ],
            ),
            ("Low-yield tests for this patient", list(report.low_yield)),
            ("The expert's reasoning", [expert.reasoning]),
        ]
        return [(title, lines or ["None."]) for title, lines in sections]

    def _feedback_words(self) -> str:
        outcome = self.outcome
        assert outcome is not None
        lines = [f"Committed; the run is saved to {outcome.path}. {self._verdict_words()}"]
        for title, rows in self.feedback_sections():
            lines.append(f"{title}:")
            lines += [f"- {row}" for row in rows]
        if outcome.debrief is not None:
            lines.append(self.replay_chart.describe())
        return "\n".join(lines)

    def _verdict_words(self) -> str:
        verdict = self.outcome.verdict if self.outcome else None
        if verdict is None or verdict.ok:
            return "The run verifies as a grader would check it."
        return "The run does not verify: " + "; ".join(verdict.problems) + "."

    def _feedback_html(self) -> str:
        outcome = self.outcome
        assert outcome is not None
        parts = [
            f"<p role='status'><b>Committed.</b> Your run is saved to "
            f"<code>{escape(str(outcome.path))}</code>. {escape(self._verdict_words())}</p>"
        ]
        for title, rows in self.feedback_sections():
            lis = "".join(f"<li>{escape(row)}</li>" for row in rows)
            parts.append(f"<p><b>{escape(title)}</b></p><ul>{lis}</ul>")
        if outcome.debrief is not None:
            parts.append(
                "<p><b>Replay</b>: how the engine's leading conditions moved with each finding "
                "(the text description says it in words).</p>"
            )
        return prose("".join(parts))


# ---------------------------------------------------------------------------- figures


BAR_OFFSET = 0.25
"""How far below its line of words each bar of the engine chart sits, in rows."""


class _EngineChart:
    """The engine's top conditions as horizontal bars of probability (built once)."""

    def __init__(self) -> None:
        self.figure = new_figure(6.4, 3.2)
        ax = self.axes = self.figure.add_subplot()
        self.figure.subplots_adjust(left=0.06, right=0.98, top=0.88, bottom=0.17)
        rows = list(range(ENGINE_TOP))
        # Each row is a line of words (the condition and its probability) with its bar under
        # it, so a long name never covers a bar or runs off the figure.
        self.bars = ax.barh(
            [row + BAR_OFFSET for row in rows], [0.0] * ENGINE_TOP, height=0.4,
            color=RANK_COLOURS, hatch=None, edgecolor=GREY[20], linewidth=0.8,
        )  # fmt: skip
        for bar, hatch in zip(self.bars, RANK_HATCHES, strict=True):
            bar.set_hatch(hatch)
        self.labels = [
            ax.text(0.0, row - 0.2, "", va="center", ha="left", fontsize=FONT_PT) for row in rows
        ]
        ax.set_yticks(
            [row + BAR_OFFSET for row in rows],
            [str(n) for n in range(1, ENGINE_TOP + 1)],
            fontsize=FONT_PT,
        )
        ax.set_ylim(ENGINE_TOP - 1 + BAR_OFFSET + 0.35, -0.6)
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
        ax.tick_params(labelsize=FONT_PT)
        ax.set_title("The engine's top conditions (a teaching aid)", fontsize=FONT_PT + 1)
        ax.set_xlabel("engine probability", fontsize=FONT_PT)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        self.shown: list[tuple[str, float]] = []

    def show(self, bars: list[tuple[str, float]]) -> None:
        """Set each bar's length and label to (name, probability) pairs, top first."""
        self.shown = list(bars)
        for row, bar in enumerate(self.bars):
            label = self.labels[row]
            if row < len(self.shown):
                text, p = self.shown[row]
                bar.set_width(p)
                label.set_text(f"{text}: {percent(p)}")
            else:
                bar.set_width(0)
                label.set_text("")

    @staticmethod
    def describe(shown: Sequence[tuple[str, float]]) -> str:
        """The chart showing ``shown`` (name, probability) pairs, in words."""
        if not shown:
            return "The bar chart is empty."
        bars = "; ".join(f"{n}. {text} {percent(p)}" for n, (text, p) in enumerate(shown, 1))
        return f"The bar chart shows the engine's top conditions by probability: {bars}."


class _ReplayChart:
    """How the engine's leading conditions moved with each finding: one line per condition,
    each with its colour, its marker and its rank number at the line's end, named in the key
    beside the plot; x counts the findings in the order asked."""

    def __init__(self) -> None:
        self.figure = new_figure(7.6, 3.6)
        ax = self.axes = self.figure.add_subplot()
        self.figure.subplots_adjust(left=0.09, right=0.56, top=0.88, bottom=0.16)
        self.lines = [
            ax.plot([], [], color=colour, marker=marker, markersize=6, linewidth=1.8)[0]
            for colour, marker in zip(RANK_COLOURS, RANK_MARKERS, strict=True)
        ]
        self.ends = [
            ax.text(0, 0, str(n), fontsize=FONT_PT, va="center", ha="left", clip_on=False)
            for n in range(1, ENGINE_TOP + 1)
        ]
        self.key = ax.legend(
            self.lines,
            [" "] * ENGINE_TOP,
            loc="upper left",
            bbox_to_anchor=(1.06, 1.0),
            fontsize=FONT_PT,
            frameon=False,
            title="At the end (engine probability)",
            title_fontsize=FONT_PT,
        )
        ax.set_ylim(0, 1)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
        ax.tick_params(labelsize=FONT_PT)
        ax.set_xlabel("findings in the order asked (0: before any)", fontsize=FONT_PT)
        ax.set_ylabel("engine probability", fontsize=FONT_PT)
        ax.set_title("Replay: the engine's leading conditions", fontsize=FONT_PT + 1)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        self.series: list[tuple[str, list[float]]] = []
        self.steps: list[str] = []

    def show(self, replay: Sequence[Differential], name: Any, steps: Sequence[str] = ()) -> None:
        """Draw the final top conditions' probability after 0, 1, ..., n findings (``steps``
        names each finding, for the description)."""
        self.steps = list(steps)
        final = replay[-1]
        ids = [s.condition.id for s in final.top(ENGINE_TOP)]
        xs = list(range(len(replay)))
        self.series = [(name(c), [d.standing(c).probability for d in replay]) for c in ids]
        ends = _spread([ys[-1] for _, ys in self.series], gap=0.06)
        right = max(1, len(xs) - 1)
        for row, line in enumerate(self.lines):
            end, entry = self.ends[row], self.key.get_texts()[row]
            if row < len(self.series):
                text, ys = self.series[row]
                line.set_data(xs, ys)
                line.set_visible(True)
                end.set_position((xs[-1] + 0.04 * right + 0.15, ends[row]))
                end.set_text(str(row + 1))
                entry.set_text(fill(f"{row + 1}. {text}: {percent(ys[-1])}", 34))
            else:
                line.set_visible(False)
                end.set_text("")
                entry.set_text(" ")
        self.axes.set_xlim(-0.3, right + 0.3)
        step = max(1, len(xs) // 10)
        self.axes.set_xticks(xs[::step])

    def describe(self) -> str:
        """The replay in words: each line's start, end and largest single move."""
        if not self.series:
            return "The replay is empty."
        parts = []
        for n, (text, ys) in enumerate(self.series, 1):
            moves = [b - a for a, b in pairwise(ys)]
            biggest = max(range(len(moves)), key=lambda i: abs(moves[i]), default=None)
            move = (
                f", moving most at finding {biggest + 1}{_step_name(self.steps, biggest)} "
                f"({'+' if moves[biggest] >= 0 else '−'}{percent(abs(moves[biggest]))})"
                if biggest is not None
                else ""
            )
            parts.append(f"{n}. {text} from {percent(ys[0])} to {percent(ys[-1])}{move}")
        return (
            f"The replay figure shows the engine's {len(self.series)} leading conditions over "
            f"{len(self.series[0][1]) - 1} findings: " + "; ".join(parts) + "."
        )


def _button(**kwargs: Any) -> widgets.Button:
    """A button as wide as its words (ipywidgets' fixed width would cut "Add to my
    differential" short)."""
    return widgets.Button(layout=widgets.Layout(width="max-content", max_width="100%"), **kwargs)


def _bars(differential: Differential, name: Any) -> list[tuple[str, float]]:
    """The engine chart's bars for ``differential``: (condition name, probability), top first."""
    return [(name(s.condition.id), s.probability) for s in differential.top(ENGINE_TOP)]


def _step_name(steps: Sequence[str], index: int) -> str:
    return f" ({steps[index]})" if index < len(steps) else ""


def _spread(values: list[float], gap: float) -> list[float]:
    """``values`` moved apart so that no two are closer than ``gap`` (for line-end labels)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = list(values)
    for k in range(1, len(order)):
        below, here = order[k - 1], order[k]
        out[here] = max(out[here], out[below] + gap)
    return out


# ---------------------------------------------------------------------------- words


def _menu_label(item: PatientItem) -> str:
    cost = f", cost {item.cost:g} units" if item.cost else ""
    return f"{item.label} ({item.minutes:g} min{cost})"


def _counter_words(n: int, minutes: float, cost: float) -> str:
    return (
        f"Questions asked and tests done: {n} · Consultation time: {minutes:g} min · "
        f"Investigation cost: {cost:g} units"
    )


def play(
    case_id: str,
    *,
    show_engine: bool = True,
    save_to: str | Path | None = None,
    feedback: bool = True,
) -> VirtualPatient:
    """Open the virtual patient ``case_id`` (``"vp_01"``): take the history, examine, test,
    investigate and commit a differential, an urgency and a next step. ``show_engine`` shows the
    engine's ranking as you go (an instructor may hide it); the committed run is saved to
    ``save_to`` (default ``<case_id>.run.json`` here). ``feedback=False`` is for graded work:
    the run is saved for the instructor and no score or expert answer is shown. An unknown id
    names the valid ones."""
    case = content().get("patients", case_id)
    return VirtualPatient(case, show_engine=show_engine, save_to=save_to, feedback=feedback)
