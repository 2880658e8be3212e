"""The anatomy explorer widget: peel the buttock layer by layer, pick, read, and quiz yourself.

``course.anatomy.explore()`` returns an :class:`Explorer`; display it (or its ``widget``) in a
notebook. The widget only wires controls: the view state lives in
:class:`~course.anatomy.view.ViewState`, the answers in :class:`~course.anatomy.view.Scene`, the
quiz in :class:`~course.anatomy.quiz.FindTheStructure`, and every event restyles the one figure
of :class:`~course.anatomy.drawing.AnatomyFigure` and calls ``FigureView.refresh()``.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from .. import words
from ..cards import structure_html
from ..catalogue import content
from ..figures import (
    CONTROL_CLASS,
    DESCRIPTION_CLASS,
    WIDGET_CLASS,
    FigureView,
    static_bundle,
    tag,
)
from ..html import prose
from ..records import LAYERS
from .drawing import AnatomyFigure
from .quiz import Feedback, FindTheStructure
from .view import Info, Scene, ViewState, posterior_scene


class Explorer:
    """One explorer: controls, the figure, an info panel, the text description and a quiz.

    Tests and instructors can drive it through the controls (``depth``, ``side``, ``labels``,
    ``zones``, ``picker``...) or through the methods below, which set those same controls.
    """

    def __init__(
        self,
        side: str = "right",
        depth: str = "skin_fascia",
        interactive: bool | None = None,
        quiz_seed: int | None = None,
        quiz_rounds: int = 8,
        scene: Scene | None = None,
    ):
        self.scene = scene or posterior_scene()
        self.state = ViewState(depth=Scene.check_layer(depth), side=Scene.check_side(side))
        self.quiz_seed = quiz_seed
        self.quiz_rounds = quiz_rounds
        self.quiz: FindTheStructure | None = None
        self.last_feedback: Feedback | None = None
        self._labels_before_quiz = True
        self._ids_by_name = {self.scene.names[i]: i for i in self.scene.ids}

        self.drawing = AnatomyFigure(self.scene)
        self.drawing.apply(self.state)
        self.view = FigureView(self.drawing.figure, interactive=interactive)
        self.view.on_click(self._on_click)

        self.depth = widgets.ToggleButtons(
            options=[(words.LAYER_BUTTON[layer], layer) for layer in LAYERS],
            value=self.state.depth,
            description="Peel to",
            tooltips=[words.LAYER[layer] for layer in LAYERS],
            style={"button_width": "150px"},
        )
        self.side = widgets.ToggleButtons(
            options=[("Right buttock", "right"), ("Left buttock", "left")],
            value=self.state.side,
            description="Side",
            style={"button_width": "110px"},
        )
        self.labels = widgets.Checkbox(value=True, description="Labels", indent=False)
        self.zones = widgets.Checkbox(
            value=False, description="Zones: upper / lower / lateral", indent=False
        )
        self.picker = widgets.Combobox(
            options=sorted(self._ids_by_name),
            placeholder="Type to search, or click the figure",
            description="Structure",
            ensure_option=True,
            layout=widgets.Layout(width="340px"),
        )
        self.clear = widgets.Button(description="Clear", tooltip="Clear the selection")
        self.quiz_button = widgets.Button(
            description="Quiz: find the structure",
            button_style="info",
            layout=widgets.Layout(width="200px"),
        )
        self.next_button = widgets.Button(description="Next question", disabled=True)
        self.stop_button = widgets.Button(description="End quiz", disabled=True)
        self.status = widgets.HTML()
        self.info = widgets.HTML(layout=widgets.Layout(width="340px"))
        self.caption = widgets.HTML(layout=widgets.Layout(max_width="740px"))

        self.depth.observe(lambda change: self._set(depth=change["new"]), names="value")
        self.side.observe(lambda change: self._set(side=change["new"]), names="value")
        self.labels.observe(lambda change: self._set(labels=change["new"]), names="value")
        self.zones.observe(lambda change: self._set(zones=change["new"]), names="value")
        self.picker.observe(self._on_pick, names="value")
        self.clear.on_click(lambda _: self.select(None))
        self.quiz_button.on_click(lambda _: self.start_quiz())
        self.next_button.on_click(lambda _: self.next_question())
        self.stop_button.on_click(lambda _: self.stop_quiz())

        self.widget = widgets.VBox(
            [
                self.depth,
                widgets.HBox([self.side, self.labels, self.zones]),
                widgets.HBox([self.picker, self.clear]),
                widgets.HBox([self.quiz_button, self.next_button, self.stop_button]),
                self.status,
                widgets.HBox(
                    [widgets.VBox([self.view.widget, self.caption]), self.info],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
            ]
        )
        tag(self.widget, WIDGET_CLASS, "anatomy")
        for name in ("depth", "side", "labels", "zones", "picker", "clear"):
            tag(getattr(self, name), CONTROL_CLASS, name)
        for name in ("quiz_button", "next_button", "stop_button"):
            tag(getattr(self, name), CONTROL_CLASS, name.replace("_button", ""))
        tag(self.caption, DESCRIPTION_CLASS)
        self._show_text()

    # ----------------------------------------------------------------------- controls

    def set_depth(self, layer: str) -> None:
        """Peel to ``layer`` (one of course.records.LAYERS): that layer and deeper ones show."""
        self.depth.value = Scene.check_layer(layer)

    def set_side(self, side: str) -> None:
        """Show the ``right`` or ``left`` buttock."""
        self.side.value = Scene.check_side(side)

    def show_labels(self, on: bool = True) -> None:
        self.labels.value = bool(on)

    def show_zones(self, on: bool = True) -> None:
        self.zones.value = bool(on)

    def select(self, structure: str | None) -> None:
        """Highlight a structure by id or name (None clears) and show its info panel."""
        if structure is None:
            self.picker.value = ""
            self._set(highlight=None)
            return
        ident = self.scene.check_structure(structure)
        self.picker.value = self.scene.names[ident]
        self._set(highlight=ident)

    def click(self, x: float, y: float) -> None:
        """Synthesise a mouse click at (x, y) cm in the figure, as a student would click."""
        self.view.click(self.drawing.axes, x, y)

    # ----------------------------------------------------------------------- reading back

    def describe(self) -> str:
        """The current view in words (also shown under the figure)."""
        return self.scene.describe(self.state)

    def visible_structures(self) -> list[str]:
        """Ids of the structures drawn at the current depth."""
        return self.drawing.visible_structures()

    def info_text(self) -> str:
        """The info panel as plain text ('' when nothing is selected)."""
        return self._info().text() if self.state.highlight else ""

    def _repr_mimebundle_(self, **kwargs: Any):
        """The live widget, with a PNG of the current view and its description as fallback."""
        return static_bundle(self.widget, self.drawing.figure, self.describe())

    # ----------------------------------------------------------------------- quiz

    def start_quiz(self, rounds: int | None = None, seed: int | None = None) -> FindTheStructure:
        """Start 'find the structure': labels go off and each question peels to its layer."""
        if self.quiz is None:
            self._labels_before_quiz = self.labels.value
        self.quiz = FindTheStructure(
            self.scene.ids,
            self.scene.names,
            rounds=rounds or self.quiz_rounds,
            seed=self.quiz_seed if seed is None else seed,
        )
        self.last_feedback = None
        self.labels.value = False
        self.labels.disabled = self.picker.disabled = True
        self.stop_button.disabled = False
        self._ask()
        return self.quiz

    def next_question(self) -> None:
        """Go on to the next question, or show the final score."""
        if self.quiz is None or not self.quiz.answered:
            return
        self.quiz.advance()
        self.last_feedback = None
        if self.quiz.finished:
            self._end_quiz(self.quiz.summary())
        else:
            self._ask()

    def stop_quiz(self) -> None:
        """End the quiz early, keeping the score so far."""
        if self.quiz is not None:
            self._end_quiz(self.quiz.summary())

    def _ask(self) -> None:
        target = self.quiz.current
        self.picker.value = ""
        self.next_button.disabled = True
        self._set(highlight=None)
        self.depth.value = self.scene.layers[target]
        self.status.value = prose(f"<b>{escape(self.quiz.question())}</b>")

    def _answer(self, x: float, y: float) -> None:
        if self.quiz.answered:
            return
        picked = self.scene.pick(self.state, x, y)
        feedback = self.quiz.answer(picked, self.scene.what_is_at(self.state, x, y))
        self.last_feedback = feedback
        self._set(highlight=feedback.target)
        right, done = self.quiz.score
        mark = "✔ Correct." if feedback.correct else "✘ Not this one."
        self.status.value = prose(
            f"<b>{mark}</b> {escape(feedback.message)} <i>Score: {right} of {done}.</i>"
        )
        self.next_button.disabled = False

    def _end_quiz(self, summary: str) -> None:
        self.quiz = None
        self.labels.disabled = self.picker.disabled = False
        self.next_button.disabled = self.stop_button.disabled = True
        self.labels.value = self._labels_before_quiz
        self.status.value = prose(f"<b>Quiz over.</b> {escape(summary)}")

    # ----------------------------------------------------------------------- wiring

    def _set(self, **changes: Any) -> None:
        new = self.state.but(**changes)
        if new == self.state:
            return
        highlight_changed = new.highlight != self.state.highlight
        self.state = new
        self.drawing.apply(new)
        self.view.refresh()
        self._show_text(info=highlight_changed)

    def _on_pick(self, change: dict) -> None:
        ident = self._ids_by_name.get(change["new"])
        if ident is not None or change["new"] == "":
            self._set(highlight=ident)

    def _on_click(self, _axes: Any, x: float, y: float) -> None:
        if self.quiz is not None:
            self._answer(x, y)
            return
        ident = self.scene.pick(self.state, x, y)
        if ident is None:
            what = self.scene.what_is_at(self.state, x, y)
            self.status.value = prose(
                f"You clicked the {escape(what)}, which is not one of the course's structures."
                if what
                else "Nothing to pick there."
            )
            self.select(None)
        else:
            self.status.value = ""
            self.select(ident)

    def _info(self) -> Info:
        return self.scene.info(self.state.highlight, content().all("conditions"))

    def _show_text(self, info: bool = True) -> None:
        lines = "".join(
            f"<p style='margin:0.2em 0'>{escape(line)}</p>" for line in self.describe().splitlines()
        )
        self.caption.value = prose(f"<div role='status' aria-live='polite'>{lines}</div>")
        if not info:
            return
        if not self.state.highlight:
            self.info.value = prose(
                "<p><em>Pick a structure from the list or click it on the figure to see what "
                "it is, what it does, its nerve supply and the conditions that involve it."
                "</em></p>"
            )
            return
        panel = self._info()
        if panel.conditions:
            items = "".join(f"<li>{escape(name)}</li>" for _, name in panel.conditions)
            linked = f"<p><strong>Conditions that involve it:</strong></p><ul>{items}</ul>"
        else:
            linked = "<p><strong>Conditions that involve it:</strong> none in this course.</p>"
        self.info.value = prose(
            structure_html(self.scene.structures[panel.id])
            + f"<p><strong>Where:</strong> {escape(panel.where)}.</p>"
            + linked
        )


def explore(
    side: str = "right",
    depth: str = "skin_fascia",
    interactive: bool | None = None,
    quiz_seed: int | None = None,
) -> Explorer:
    """Open the buttock anatomy explorer (posterior view), e.g. ``course.anatomy.explore()``.

    ``side`` is ``"right"`` or ``"left"``; ``depth`` the layer to start peeled to (one of
    course.records.LAYERS); ``interactive`` forces the clickable ipympl canvas (True) or a static
    PNG (False); ``quiz_seed`` makes the quiz ask the same questions in the same order each time.
    """
    return Explorer(side=side, depth=depth, interactive=interactive, quiz_seed=quiz_seed)
