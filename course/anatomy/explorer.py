"""The anatomy explorer widget: peel the buttock layer by layer, pick, read, and quiz yourself.

``course.anatomy.explore()`` returns an :class:`Explorer`; display it (or its ``widget``) in a
notebook. It stands on :class:`course.widgets.CourseWidget`: what the student has chosen is one
frozen :class:`ExplorerState`, every control and click becomes an event (a mapping of the fields
it changes) applied by the pure :meth:`Explorer.apply`, and :meth:`Explorer.render` restyles the
one figure of :class:`~course.anatomy.drawing.AnatomyFigure` and sets the controls and the info
panel to match. The answers come from :class:`~course.anatomy.view.Scene`, the quiz from
:class:`~course.anatomy.quiz.FindTheStructure`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from html import escape
from pathlib import Path
from typing import Any, Literal

import ipywidgets as widgets

from .. import words
from ..cards import structure_html
from ..catalogue import content
from ..figures import FigureView
from ..html import prose
from ..quiz.kinds import KIND, Click
from ..quiz.progress import ProgressFile
from ..quiz.questions import AnswerError, Outcome, Question
from ..records import LAYERS
from ..widgets import CourseWidget
from .drawing import AnatomyFigure
from .quiz import Feedback, FindTheStructure
from .view import OVERLAYS, Info, Scene, ViewState, posterior_scene

SITE_QUESTION = "lesson01_q4"
"""The pick-the-site question the explorer's check asks by default (lesson 01's)."""
SITE_KINDS_OF_QUESTION = "injection"
"""The overlay the pick-the-site check shows: the injection sites."""

QuizStep = Literal["", "asking", "answered"]
"""Where the find-the-structure quiz is: off, waiting for a click, or showing the answer."""


@dataclass(frozen=True)
class ExplorerState(ViewState):
    """Everything the explorer shows: the view (the fields of :class:`ViewState`), the status
    line and the quiz step."""

    status: str = ""
    """The HTML of the line above the figure (what a click hit, the quiz question or score)."""
    quiz: QuizStep = ""

    @property
    def view(self) -> ViewState:
        """The part of the state the figure and the description show."""
        return ViewState(**{f.name: getattr(self, f.name) for f in fields(ViewState)})


_FIELDS = frozenset(f.name for f in fields(ExplorerState))


@dataclass(frozen=True)
class Session:
    """Which quiz or check a state of the explorer belongs to, and where it stood then: what
    :meth:`Explorer.undo` and :meth:`Explorer.reset` bring back with the state, so that the
    question a student sees is always the one a click answers."""

    quiz: FindTheStructure | None = None
    """The find-the-structure run, or None."""
    index: int = 0
    """The run's question number (from 0) in that state."""
    answered: int = 0
    """How many of the run's questions had been answered in that state."""
    site_question: Question | None = None
    """The pick-the-site question waiting for its answer, or None."""


NO_SESSION = Session()
SESSIONS_KEPT = 512
"""How many states' sessions are kept before those no undo can reach are forgotten."""

Event = Mapping[str, Any]
"""An explorer event: the state fields it sets, e.g. ``{"depth": "deep"}``."""

NO_SELECTION = prose(
    "<p><em>Pick a structure from the list or click it on the figure to see what it is, what it "
    "does, its nerve supply and the conditions that involve it.</em></p>"
)


class Explorer(CourseWidget[ExplorerState]):
    """One explorer: controls, the figure, an info panel, the text description and a quiz.

    Tests and instructors can drive it through the controls (``depth``, ``side``, ``labels``,
    ``zones``, ``overlay``, ``picker``...), through :meth:`send` with an event, or through the
    methods below.
    """

    name = "anatomy"

    def __init__(
        self,
        side: str = "right",
        depth: str = "skin_fascia",
        interactive: bool | None = None,
        quiz_seed: int | None = None,
        quiz_rounds: int = 8,
        scene: Scene | None = None,
        progress_path: Path | str | None = None,
    ):
        self.scene = scene or posterior_scene()
        self.progress = ProgressFile(progress_path)
        """Where quiz answers are recorded (the self-checks' progress file, by default)."""
        start = ExplorerState(depth=Scene.check_layer(depth), side=Scene.check_side(side))
        self.quiz_seed = quiz_seed
        self.quiz_rounds = quiz_rounds
        self.quiz: FindTheStructure | None = None
        self.site_question: Question | None = None
        """The pick-the-site question being asked (None when none is)."""
        self.last_feedback: Feedback | None = None
        self._labels_before_quiz = True
        self._ids_by_name = {self.scene.names[i]: i for i in self.scene.ids}
        self._panels: dict[str, Info] = {}
        self._sessions: dict[ExplorerState, Session] = {start: NO_SESSION}
        """The quiz or check each state reached by an event belongs to (see :class:`Session`)."""

        self.drawing = AnatomyFigure(self.scene)
        view = FigureView(self.drawing.figure, interactive=interactive)
        view.on_click(self._on_click)

        self.depth = widgets.ToggleButtons(
            options=[(words.LAYER_BUTTON[layer], layer) for layer in LAYERS],
            value=start.depth,
            tooltips=[words.LAYER[layer] for layer in LAYERS],
            style={"button_width": "150px"},
        )
        self.side = widgets.ToggleButtons(
            options=[("Right buttock", "right"), ("Left buttock", "left")],
            value=start.side,
            tooltips=["Show the right buttock", "Show the left buttock"],
            style={"button_width": "110px"},
        )
        self.labels = widgets.Checkbox(value=True, description="Labels", indent=False)
        self.zones = widgets.Checkbox(
            value=False, description="Zones: upper / lower / lateral", indent=False
        )
        self.overlay = widgets.ToggleButtons(
            options=[("Off", ""), *((words.SITE_KIND[k].capitalize(), k) for k in OVERLAYS if k)],
            value="",
            tooltips=[
                "No procedure-site overlay",
                "Intramuscular injection sites: ventrogluteal and dorsogluteal",
                "Where pressure injuries form: sacrum, ischial tuberosities, trochanters",
            ],
            style={"button_width": "170px", "description_width": "initial"},
        )
        self.picker = widgets.Combobox(
            options=sorted(self._ids_by_name),
            placeholder="Type part of a name, or click the figure",
            ensure_option=False,  # part of a name is allowed: Enter picks its match
            layout=widgets.Layout(width="340px"),
        )
        self.matches = widgets.HTML()
        """What the text in the structure box matches (names, or that nothing does)."""
        self.clear = widgets.Button(description="Clear", tooltip="Clear the selection")
        self.quiz_button = widgets.Button(
            description="Quiz: find the structure",
            button_style="info",
            layout=widgets.Layout(width="200px"),
        )
        self.site_button = widgets.Button(
            description="Check: pick the safer injection site",
            button_style="info",
            layout=widgets.Layout(width="280px"),
        )
        self.next_button = widgets.Button(description="Next question", disabled=True)
        self.stop_button = widgets.Button(description="End quiz", disabled=True)
        self.status = widgets.HTML()
        # under the picker, at most about six lines tall (it scrolls), so that the figure a peel
        # or a pick changes stays in view on a laptop screen too, with the control bar's five rows
        # (1366x900 with the file browser open, a control looked at mid-screen)
        self.info = widgets.HTML(
            layout=widgets.Layout(max_width="740px", max_height="8em", overflow="auto")
        )
        self.caption = widgets.HTML(layout=widgets.Layout(max_width="740px"))

        for name in ("depth", "side", "labels", "zones", "overlay"):
            self.on_change(getattr(self, name), lambda value, name=name: {name: value})
        self.on_change(self.picker, self._picked)
        self.picker.on_msg(self._on_picker_message)  # Enter in the box sends 'submit'
        self.clear.on_click(lambda _: self.select(None))
        self.quiz_button.on_click(lambda _: self.start_quiz())
        self.site_button.on_click(lambda _: self.start_site_check())
        self.next_button.on_click(lambda _: self.next_question())
        self.stop_button.on_click(lambda _: self.stop_quiz())

        root = widgets.VBox(
            [
                control_grid(
                    [
                        ("Peel to", [self.depth]),
                        ("Side", [self.side, self.labels, self.zones]),
                        ("Procedure sites", [self.overlay]),
                        ("Structure", [self.picker, self.clear, self.matches]),
                        (
                            "Quiz",
                            [
                                self.quiz_button,
                                self.site_button,
                                self.next_button,
                                self.stop_button,
                            ],
                        ),
                    ]
                ),
                self.status,
                # the card sits right under the picker, so what a pick shows is in view at
                # laptop width (beside the figure it wrapped a screen below the controls)
                self.info,
                widgets.HBox(
                    [widgets.VBox([view.widget, self.caption])],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
            ]
        )
        controls = {
            name: getattr(self, name)
            for name in ("depth", "side", "labels", "zones", "overlay", "picker")
        }
        controls |= {"clear": self.clear, "quiz": self.quiz_button, "site": self.site_button}
        controls |= {"next": self.next_button, "stop": self.stop_button}
        super().__init__(start, controls=controls, view=view, description=self.caption, root=root)

    # ----------------------------------------------------------------------- the base contract

    def apply(self, state: ExplorerState, event: Event) -> ExplorerState:
        """The state after ``event`` (a mapping of fields to new values); pure.

        Layers, sides and structures are checked, so a bad event raises a ValueError naming
        the valid choices; an unknown field raises a KeyError.
        """
        unknown = set(event) - _FIELDS
        if unknown:
            raise KeyError(f"unknown explorer field(s) {sorted(unknown)}; use {sorted(_FIELDS)}")
        changes = dict(event)
        if "depth" in changes:
            Scene.check_layer(changes["depth"])
        if "side" in changes:
            Scene.check_side(changes["side"])
        if "overlay" in changes:
            self.scene.check_overlay(changes["overlay"])
        if changes.get("highlight") is not None:
            changes["highlight"] = self.scene.check_structure(changes["highlight"])
        after = replace(state, **changes)
        if after.blind and after.overlay != SITE_KINDS_OF_QUESTION:
            # a pick-the-site check keeps its sites in view until it is answered or ended
            after = replace(after, overlay=SITE_KINDS_OF_QUESTION)
        return after

    def applied(self, before: ExplorerState, after: ExplorerState) -> None:
        """Note which quiz or check the new state belongs to, and where it stands (the quiz
        methods set both before they send their event)."""
        quiz = self.quiz
        self._sessions[after] = Session(
            quiz,
            quiz.index if quiz else 0,
            len(quiz.answers) if quiz else 0,
            self.site_question,
        )
        if len(self._sessions) > SESSIONS_KEPT:
            reachable = {*self._history, before, after, self.initial}
            self._sessions = {k: v for k, v in self._sessions.items() if k in reachable}

    def render(self, before: ExplorerState | None, after: ExplorerState) -> None:
        """Restyle the figure and set the controls, the status line and the info panel; bring
        back the quiz or check ``after`` belongs to (after an event it is the one running; after
        undo or reset, the one that state was in, at the question it showed)."""
        self._resume(self._sessions.get(after, NO_SESSION))
        self.drawing.apply(after.view)
        for name in ("depth", "side", "labels", "zones", "overlay"):
            self.show(getattr(self, name), getattr(after, name))
        if before is None or before.highlight != after.highlight:
            # only a new selection rewrites the box, so a part typed in it is not lost
            self.show(self.picker, self.scene.names[after.highlight] if after.highlight else "")
            self.matches.value = ""
        quizzing = bool(after.quiz)
        self.labels.disabled = self.picker.disabled = quizzing
        self.overlay.disabled = after.blind  # the check's sites stay until it is over
        self.next_button.disabled = after.quiz != "answered"
        self.stop_button.disabled = not quizzing
        self.show(self.status, after.status)
        if before is None or before.highlight != after.highlight:
            self.info.value = self._panel_html(after.highlight)

    def describe_state(self, state: ExplorerState) -> str:
        """The view in words (also shown under the figure)."""
        return self.scene.describe(state.view)

    def book_spec(self) -> dict[str, Any]:
        """The view the explorer shows now, for the offline book (``tools.bookweb.figures``):
        side, depth, the selected structure (or None), labels, zones, the procedure-site overlay
        ('' for none) and whether a quiz or check is running (``quiz``). Nothing of the quiz's
        questions or answers: they run only in the notebook."""
        state = self.state
        return {
            "side": state.side,
            "depth": state.depth,
            "highlight": state.highlight,
            "labels": state.labels,
            "zones": state.zones,
            "overlay": state.overlay,
            "quiz": bool(state.quiz),
        }

    # ----------------------------------------------------------------------- controls

    def set_depth(self, layer: str) -> None:
        """Peel to ``layer`` (one of course.records.LAYERS): that layer and deeper ones show."""
        self.send({"depth": Scene.check_layer(layer)})

    def set_side(self, side: str) -> None:
        """Show the ``right`` or ``left`` buttock."""
        self.send({"side": Scene.check_side(side)})

    def set_overlay(self, overlay: str) -> None:
        """Overlay the procedure sites: ``"injection"`` (intramuscular injection sites),
        ``"pressure"`` (pressure-injury zones) or ``""`` (none)."""
        self.send({"overlay": self.scene.check_overlay(overlay)})

    def visible_sites(self) -> list[str]:
        """Ids of the procedure sites overlaid now (course/content/procedure_sites.yaml)."""
        return self.drawing.visible_sites()

    def select(self, structure: str | None) -> None:
        """Highlight a structure by id or name (None clears) and show its info panel."""
        ident = None if structure is None else self.scene.check_structure(structure)
        self.send({"highlight": ident})

    def click(self, x: float, y: float) -> None:
        """Synthesise a mouse click at (x, y) cm in the figure, as a student would click."""
        self.view.click(self.drawing.axes, x, y)

    # ----------------------------------------------------------------------- reading back

    def visible_structures(self) -> list[str]:
        """Ids of the structures drawn at the current depth."""
        return self.drawing.visible_structures()

    def info_text(self) -> str:
        """The info panel as plain text ('' when nothing is selected)."""
        return self._panel(self.state.highlight).text() if self.state.highlight else ""

    # ----------------------------------------------------------------------- quiz

    def start_quiz(self, rounds: int | None = None, seed: int | None = None) -> FindTheStructure:
        """Start 'find the structure': labels go off and each question peels to its layer.

        Every answer is recorded in the progress file, so lesson 12's summary shows it."""
        if self.quiz is None:
            self._labels_before_quiz = self.state.labels
        self.site_question = None
        self.quiz = FindTheStructure(
            self.scene.ids,
            self.scene.names,
            rounds=rounds or self.quiz_rounds,
            seed=self.quiz_seed if seed is None else seed,
            progress=self.progress,
        )
        self.last_feedback = None
        self._ask(labels=False, blind=False)
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
        """End the quiz (keeping the score so far) or the pick-the-site check."""
        if self.quiz is not None:
            self._end_quiz(self.quiz.summary())
        elif self.site_question is not None:
            self.site_question = None
            self.send({"quiz": "", "blind": False, "status": prose("<b>Check ended.</b>")})

    def start_site_check(self, question: str = SITE_QUESTION) -> Question:
        """Ask a ``pick_site`` self-check question (lesson 01's by default) on the figure: the
        injection sites are overlaid in one neutral look, without their key, and the next click
        inside a site answers. A wrong site shows its feedback and the question stays open; the
        right one shows the sites' real colours, the feedback and the explanation. Every answer
        is recorded in the progress file, as the lesson's other self-checks are."""
        found = self._site_question(question)
        if self.quiz is not None:
            self._end_quiz(self.quiz.summary())
        self.site_question = found
        self.last_feedback = None
        status = prose(f"<b>{escape(found.prompt)}</b>")
        self.send(
            {
                "quiz": "asking",
                "overlay": SITE_KINDS_OF_QUESTION,
                "blind": True,
                "highlight": None,
                "status": status,
            }
        )
        return found

    def answer_site(self, site: str | None, clicked: str = "") -> Outcome | None:
        """Answer the pick-the-site question with ``site`` (a procedure-site id; None when the
        click missed every site, ``clicked`` naming what it hit). Returns the outcome, or None
        when the answer was not counted (no question asked, already answered, missed)."""
        question = self.site_question
        if question is None:
            return None
        try:
            outcome = KIND[question.kind].check(question, Click(site, clicked))
        except AnswerError as problem:
            status = prose(
                f"<b>{escape(question.prompt)}</b> <i>{escape(str(problem).capitalize())}.</i>"
            )
            self.send({"status": status})
            return None
        self.progress.record_attempt(question.id, outcome.score, outcome.solved)
        mark = "✔ Correct." if outcome.solved else "✘ Not this one."
        said = " ".join(escape(text) for _, text in outcome.feedback if text)
        html = f"<b>{mark}</b> {said}"
        if outcome.explanation:
            html += f"<br>{escape(outcome.explanation)}"
        if outcome.solved:
            self.site_question = None
            self.send({"quiz": "", "blind": False, "status": prose(html)})
        else:
            self.send({"status": prose(html + " <i>Try the other site.</i>")})
        return outcome

    def _site_question(self, ident: str) -> Question:
        """A ``pick_site`` question of the content in use, by id (a clear error otherwise)."""
        for quiz in content().all("selfchecks"):
            for question in quiz.questions:
                if question.id == ident:
                    if question.kind != "pick_site":
                        raise ValueError(f"{ident} is a {question.kind} question, not pick_site")
                    return question
        raise ValueError(f"no self-check question called '{ident}'")

    def _resume(self, session: Session) -> None:
        """Make ``session`` the quiz or check running. Going back to a question takes back the
        answers given since (they stay in the progress file as attempts), so that it can be
        answered again."""
        self.quiz, self.site_question = session.quiz, session.site_question
        if session.quiz is not None:
            session.quiz.index = session.index
            del session.quiz.answers[session.answered :]

    def _ask(self, **more: Any) -> None:
        target = self.quiz.current
        status = prose(f"<b>{escape(self.quiz.question())}</b>")
        depth = self.scene.layers[target]
        self.send({"quiz": "asking", "highlight": None, "depth": depth, "status": status, **more})

    def _answer(self, picked: str | None, what: str) -> None:
        if self.quiz.answered:
            return
        feedback = self.quiz.answer(picked, what)
        self.last_feedback = feedback
        right, done = self.quiz.score
        # one verdict: the mark, then the kind's own sentence ("Correct: ...", "Not quite: ...")
        mark = words.FEEDBACK_MARK["right" if feedback.correct else "wrong"]
        status = prose(f"<b>{mark} {escape(feedback.message)}</b> <i>Score: {right} of {done}.</i>")
        self.send({"quiz": "answered", "highlight": feedback.target, "status": status})

    def _end_quiz(self, summary: str) -> None:
        self.quiz = None
        status = prose(f"<b>Quiz over.</b> {escape(summary)}")
        self.send({"quiz": "", "labels": self._labels_before_quiz, "status": status})

    # ----------------------------------------------------------------------- wiring

    def matching(self, text: str) -> list[str]:
        """The structure names (of this view) that ``text`` is part of, in any case, sorted.

        A name equal to ``text`` (in any case) is the only match, so that a whole name is never
        ambiguous ("Sacrum" against "Sacrum ..." names)."""
        wanted = " ".join(text.split()).casefold()
        if not wanted:
            return []
        exact = [name for name in self._ids_by_name if name.casefold() == wanted]
        if exact:
            return exact
        return sorted(name for name in self._ids_by_name if wanted in name.casefold())

    def search(self, text: str) -> None:
        """Pick the structure ``text`` names, as typing it in the box and pressing Enter does.

        Part of a name in any case picks its one match; when several names match, or none,
        nothing is picked and the box lists the matches or says that none matched."""
        self.picker.value = text
        self.send(self._submitted(text))

    def _picked(self, name: str) -> Event:
        """The event for a value typed or chosen in the box: a whole name (any case) picks
        that structure; part of a name only lists its matches until Enter (see
        :meth:`_submitted`), so typing selects nothing on the way."""
        if name.strip() == "":
            self.matches.value = ""
            return {"highlight": None}
        found = self.matching(name)
        exact = [n for n in found if n.casefold() == " ".join(name.split()).casefold()]
        if exact:
            ident = self._ids_by_name[exact[0]]
            return {} if ident == self.state.highlight else {"highlight": ident, "status": ""}
        self.matches.value = self._matches_html(name, found)
        return {}

    def _submitted(self, text: str) -> Event:
        """The event for Enter in the box: one match picks it; otherwise the matches show."""
        found = self.matching(text)
        if len(found) == 1:
            ident = self._ids_by_name[found[0]]
            self.matches.value = ""
            if ident == self.state.highlight:
                self.show(self.picker, found[0])
                return {}
            return {"highlight": ident, "status": ""}
        self.matches.value = self._matches_html(text, found)
        return {}

    def _on_picker_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            self.send(self._submitted(self.picker.value))

    def _matches_html(self, text: str, found: list[str]) -> str:
        """The line beside the box: the names ``text`` matches, or that none does."""
        if not found:
            return prose(
                f"<span role='status'>No structure's name contains “{escape(text.strip())}”; "
                "the selection is unchanged.</span>"
            )
        if len(found) == 1:
            return prose(f"<span role='status'>Press Enter to pick {escape(found[0])}.</span>")
        listed = ", ".join(escape(name) for name in found)
        return prose(
            f"<span role='status'>{len(found)} structures match: {listed}. "
            "Type more of the name, or choose one from the list.</span>"
        )

    def _on_click(self, _axes: Any, x: float, y: float) -> None:
        """One hit-test per click: the quiz scores it, or it selects what was hit."""
        if self.site_question is not None:
            site = self.scene.site_at(self.state.view, x, y)
            self.answer_site(site, "" if site else self.scene.what_is_at(self.state.view, x, y))
            return
        picked, what = self.scene.hit(self.state.view, x, y)
        if self.quiz is not None:
            self._answer(picked, what)
        elif picked is not None:
            self.send({"highlight": picked, "status": ""})
        else:
            status = (
                f"You clicked the {escape(what)}, which is not one of the course's structures."
                if what
                else "Nothing to pick there."
            )
            self.send({"highlight": None, "status": prose(status)})

    def _panel(self, ident: str) -> Info:
        """The info panel's content for one structure, worked out once per structure."""
        if ident not in self._panels:
            self._panels[ident] = self.scene.info(ident, content().all("conditions"))
        return self._panels[ident]

    def _panel_html(self, ident: str | None) -> str:
        if not ident:
            return NO_SELECTION
        panel = self._panel(ident)
        if panel.conditions:
            items = "".join(f"<li>{escape(name)}</li>" for _, name in panel.conditions)
            linked = f"<p><strong>Conditions that involve it:</strong></p><ul>{items}</ul>"
        else:
            linked = "<p><strong>Conditions that involve it:</strong> none in this course.</p>"
        return prose(
            structure_html(self.scene.structures[panel.id])
            + f"<p><strong>Where:</strong> {escape(panel.where)}.</p>"
            + linked
        )


def control_grid(rows: list[tuple[str, list[Any]]]) -> Any:
    """One grid for a control bar: each row's label in the first column, its controls in the
    second, so that every label sits on the row of its own controls and the controls of all
    rows start at the same place. ``rows`` is (label, controls) from top to bottom."""
    children = []
    for label, controls in rows:
        children.append(widgets.HTML(f"<b>{escape(label)}</b>"))
        children.append(
            widgets.HBox(
                controls, layout=widgets.Layout(flex_flow="row wrap", align_items="center")
            )
        )
    return widgets.GridBox(
        children,
        layout=widgets.Layout(
            grid_template_columns="max-content minmax(0, 1fr)",
            grid_gap="0.3em 0.8em",
            align_items="center",
            width="100%",
        ),
    )


def explore(
    side: str = "right",
    depth: str = "skin_fascia",
    interactive: bool | None = None,
    quiz_seed: int | None = None,
    progress_path: Path | str | None = None,
) -> Explorer:
    """Open the buttock anatomy explorer (posterior view), e.g. ``course.anatomy.explore()``.

    ``side`` is ``"right"`` or ``"left"``; ``depth`` the layer to start peeled to (one of
    course.records.LAYERS); ``interactive`` forces the clickable ipympl canvas (True) or a static
    PNG (False); ``quiz_seed`` makes the quiz ask the same questions in the same order each time;
    ``progress_path`` is where quiz answers are recorded (by default the self-checks' progress
    file, see :func:`course.quiz.progress.default_path`).
    """
    return Explorer(
        side=side,
        depth=depth,
        interactive=interactive,
        quiz_seed=quiz_seed,
        progress_path=progress_path,
    )
