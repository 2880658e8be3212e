"""The self-check widget: a question with Check, progressive hints, an attempt count and feedback.

``SelfCheck("case_03")`` shows the vignette (patient, history, examination) and one
:class:`QuestionWidget` per question; ``SelfCheck("lesson03_q1")`` shows one question. Each
widget checks answers in the kernel against the sealed keys (its kind's ``check``, see
:mod:`course.quiz.kinds`), writes attempts, hints and results to the progress file, and on
creation picks up the counts already there, so re-running a notebook continues where the student
left off.

Both stand on :class:`course.widgets.CourseWidget`. A question's state is a
:class:`QuestionState` (the answer entered, attempts, hints shown, whether it is solved, what the
feedback shows); its events are ``("enter", i, value)`` (the student set input ``i`` of the
control), ``("answer", entry)`` (a whole answer at once), ``"check"``, ``"hint"`` and
``"reveal"``. Progress is written when an event is applied (:meth:`QuestionWidget.applied`), never
when a state is shown, so undo never erases a recorded attempt. A self-check's state is the tuple
of its questions' states.

After a right answer the question settles: the hints fold away, Check and the hint button are
disabled, and the answer and its explanation stay to be read (entering another answer opens Check
again). A button pressed into rest hands the keyboard focus to a control that stays (the answer's
input; :meth:`QuestionWidget.kept_control`), so a keyboard user keeps their place. The answer
can be shown ("Show the answer") only after every hint has been seen and at least
:data:`REVEAL_AFTER` attempts: the student should try first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path
from typing import Any, Literal

import ipywidgets as widgets

from ..figures import DESCRIPTION_CLASS, tag
from ..html import box, prose, table
from ..style import ANSWER_CLASS, PANEL_BORDER
from ..widgets import CourseWidget
from ..words import FEEDBACK_MARK
from . import questions as qm
from .kinds import KIND
from .progress import ProgressFile
from .sets import _catalogue, quiz_set, vignettes

REVEAL_AFTER = 2
"""Checked attempts needed (after all hints) before the answer can be shown."""


def _box(state: str, html: str) -> str:
    # each state has its accent colour (course.style.ACCENT) and is also written with a symbol
    return box(state, f"{FEEDBACK_MARK[state]} {html}", role="status")


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p.strip())


Shown = Literal["", "before", "outcome", "notice", "answer"]
"""What a question's feedback box shows: nothing, 'solved before', the last checked answer's
outcome, a note (an answer that cannot be checked yet, the answer not yet available), or the
answer itself."""


@dataclass(frozen=True)
class QuestionState:
    """Everything a student has done with one question, as a value."""

    entry: tuple[Any, ...]
    """The answer entered: one value per input of the kind's control (``Kind.entry``)."""
    attempts: int = 0
    """Checked answers (an answer of the wrong form is not one)."""
    hints: int = 0
    """How many hints are shown (0 to the question's number of hints)."""
    solved: bool = False
    """Answered right at least once, here or before (the progress file)."""
    settled: bool = False
    """A right answer was checked here and is still entered: the hints fold away, Check and the
    hint button rest (entering another answer opens Check again)."""
    revealed: bool = False
    """The answer has been shown here."""
    shown: Shown = ""
    """What the feedback box shows."""
    outcome: qm.Outcome | None = None
    """The last checked answer's outcome."""
    notice: str = ""
    """The note the feedback box shows when ``shown`` is 'notice'."""


def can_reveal(question: qm.Question, state: QuestionState) -> bool:
    """Whether 'Show the answer' is open: every hint seen and :data:`REVEAL_AFTER` tries made
    (or already solved); never for a kind a person marks."""
    if not KIND[question.kind].revealable:
        return False
    return state.solved or (state.hints >= len(question.hints) and state.attempts >= REVEAL_AFTER)


def answer_question(question: qm.Question, state: QuestionState, event: Any) -> QuestionState:
    """The state of ``question`` after ``event`` (see the module docstring); pure: checking an
    answer hashes it against the sealed key and reads nothing else."""
    kind = KIND[question.kind]
    if isinstance(event, tuple) and len(event) == 3 and event[0] == "enter":
        _, index, value = event
        if not 0 <= index < len(state.entry):
            return state
        return _entered(state, (*state.entry[:index], value, *state.entry[index + 1 :]))
    if isinstance(event, tuple) and len(event) == 2 and event[0] == "answer":
        entry = tuple(event[1])
        return _entered(state, entry) if len(entry) == len(state.entry) else state
    if event == "check":
        if state.settled:
            return state
        answer = kind.answer_of(question, state.entry)
        unfinished = kind.incomplete(answer)
        if unfinished:
            return replace(state, shown="notice", notice=unfinished)
        try:
            outcome = kind.check(question, answer)
        except qm.AnswerError as error:
            return replace(state, shown="notice", notice=str(error).capitalize())
        return replace(
            state,
            attempts=state.attempts + 1,
            solved=state.solved or outcome.solved,
            settled=outcome.solved,
            shown="outcome",
            outcome=outcome,
            notice="",
        )
    if event == "hint":
        if state.settled or state.hints >= len(question.hints):
            return state
        return replace(state, hints=state.hints + 1)
    if event == "reveal":
        if not can_reveal(question, state):
            notice = (
                f"Try the hints and at least {REVEAL_AFTER} answers first; the answer is shown "
                "after that."
            )
            return replace(state, shown="notice", notice=notice)
        return replace(state, revealed=True, shown="answer", notice="")
    return state


def _entered(state: QuestionState, entry: tuple[Any, ...]) -> QuestionState:
    # another answer entered after a right one: Check opens again for it
    if entry == state.entry:
        return state
    return replace(state, entry=entry, settled=False)


class QuestionWidget(CourseWidget[QuestionState]):
    """One question: its control, Check / hint / Show-the-answer buttons, hints and feedback.

    Tests and notebooks drive it as a student would: set ``control``'s value (or call
    :meth:`answer`), then ``check_button.click()``; the text shown is in ``feedback.value``,
    ``hints_html.value`` and ``attempts_label.value`` (the widget's one-line description).
    """

    name = "question"
    description_title = None  # a one-line status, shown as it is (never folded)

    def __init__(self, question: qm.Question, progress: ProgressFile):
        self.question = question
        self.kind = KIND[question.kind]
        """The question's kind: its control, checking and reveal (course.quiz.kinds)."""
        self.progress = progress
        self._owner: tuple[SelfCheck, int] | None = None

        self.prompt = widgets.HTML(prose(f"<p><strong>{escape(question.prompt)}</strong></p>"))
        self.control, self.parts = self.kind.control(question)
        """The answer control and its parts (tick boxes, rank drop-downs), from the kind."""
        self._ranks = self.parts  # the earlier name of ``parts``
        self.check_button = widgets.Button(
            description=self.kind.check_label,
            button_style="primary",
            tooltip="Check this answer",
        )
        self.hint_button = widgets.Button(description="Show hint", tooltip="Show the next hint")
        self.reveal_button = widgets.Button(
            description="Show the answer", tooltip="After every hint and two tries"
        )
        self.attempts_label = widgets.HTML()
        self.hints_html = widgets.HTML()
        self.feedback = widgets.HTML()
        self.check_button.on_click(lambda button: self._press(button, "check"))
        self.hint_button.on_click(lambda button: self._press(button, "hint"))
        self.reveal_button.on_click(lambda button: self._press(button, "reveal"))
        # the inputs a student can set (a tick box, a drop-down); a click on the anatomy figure
        # comes through answer() instead
        self._inputs = self.kind.inputs(self.control, self.parts)
        for index, item in enumerate(self._inputs):
            if hasattr(item, "observe"):
                self.on_change(item, lambda value, index=index: ("enter", index, value))
        buttons = [self.check_button]
        if question.hints:
            buttons.append(self.hint_button)
        if self.kind.revealable:
            buttons.append(self.reveal_button)
        self._buttons = buttons
        root = widgets.VBox(
            [
                self.prompt,
                self.control,
                widgets.HBox([*buttons, self.attempts_label]),
                self.hints_html,
                self.feedback,
            ],
            layout=widgets.Layout(
                border=PANEL_BORDER, padding="0.5em", margin="0.5em 0", max_width="52em"
            ),
        )
        # stable hooks for the real-browser tests (course.figures conventions)
        self.control.add_class(ANSWER_CLASS)  # not a course-control: it alone changes no text
        tag(self.feedback, DESCRIPTION_CLASS)
        tag(self.attempts_label, DESCRIPTION_CLASS, "attempts")
        saved = progress.get(question.id)
        entry = self.kind.entry(question, self.kind.value(question, self.control, self.parts))
        state = QuestionState(
            entry=entry,
            attempts=saved.attempts,
            hints=min(saved.hints, len(question.hints)),
            solved=saved.solved,
            shown="before" if saved.solved else "",
        )
        super().__init__(
            state,
            controls={"check": self.check_button, "hint": self.hint_button},
            description=self.attempts_label,
            root=root,
        )

    # -- the widget contract

    def apply(self, state: QuestionState, event: Any) -> QuestionState:
        """The state after ``event``: :func:`answer_question` for this question."""
        return answer_question(self.question, state, event)

    def applied(self, before: QuestionState, after: QuestionState) -> None:
        """Write to the progress file what the event did: an attempt, a hint, the answer shown."""
        qid = self.question.id
        if after.attempts > before.attempts and after.outcome is not None:
            self.progress.record_attempt(qid, after.outcome.score, after.outcome.solved)
        if after.hints > before.hints:
            self.progress.record_hint(qid, after.hints)
        if after.revealed and not before.revealed and not after.solved:
            self.progress.record_reveal(qid)

    def render(self, before: QuestionState | None, after: QuestionState) -> None:
        """Set the control, buttons, hints and feedback to show ``after``."""
        answer = self.kind.answer_of(self.question, after.entry)
        if self.kind.entry(self.question, self.value) != after.entry:
            self.kind.enter(self.question, self.control, self.parts, answer)
        total = len(self.question.hints)
        self.check_button.disabled = after.settled
        self.hint_button.disabled = after.settled or after.hints >= total
        if after.hints >= total:
            self.hint_button.description = "No more hints"
        else:
            self.hint_button.description = f"Show hint {after.hints + 1} of {total}"
        self.hint_button.tooltip = (
            "Solved: the hints you saw are folded below" if after.settled else "Show the next hint"
        )
        self.reveal_button.disabled = not can_reveal(self.question, after)
        self.hints_html.value = self._hints_html(after)
        self.feedback.value = self._feedback_html(after)
        if self._owner is not None:
            # the set's state is its questions' states; this covers send, undo and reset alike
            owner, index = self._owner
            owner.send(("question", index, after))

    def describe_state(self, state: QuestionState) -> str:
        """The attempt count and where the student is, on one line: '2 attempts · solved'."""
        word = "attempt" if state.attempts == 1 else "attempts"
        parts = [f"{state.attempts} {word}"]
        if state.solved:
            parts.append("solved")
        elif state.revealed:
            parts.append("answer shown")
        return " · ".join(parts)

    def static_html(self) -> str:
        """The question as a page without a kernel shows it: prompt and blank options, no answer."""
        from .static import selfcheck_html

        return selfcheck_html("", [self.question])

    # -- keeping the keyboard user's place

    def _press(self, button: widgets.Button, event: str) -> None:
        """A student pressed ``button`` (a click, or Enter or Space on it): send ``event``. When
        the event rests the button (a right answer rests Check, the last hint the hint button),
        the browser would drop the focus to the page; it goes to :meth:`kept_control` instead."""
        self.send(event)
        if button.disabled:
            kept = self.kept_control()
            if kept is not None:
                kept.focus()

    def kept_control(self) -> Any:
        """The control that takes the focus when the focused button rests: the first enabled
        input of the answer (a radio group, a tick box, a rank drop-down, a text box), else
        the first enabled button; None when every control rests."""
        inputs = [i for i in self.kind.inputs(self.control, self.parts) if hasattr(i, "focus")]
        if not inputs and hasattr(self.control, "focus"):
            inputs = [self.control]
        return next(
            (c for c in [*inputs, *self._buttons] if not getattr(c, "disabled", False)), None
        )

    # -- what notebooks and tests call

    @property
    def attempts(self) -> int:
        """Checked answers so far (including those in the progress file when it opened)."""
        return self.state.attempts

    @property
    def hints_shown(self) -> int:
        """How many hints are shown."""
        return self.state.hints

    @property
    def solved(self) -> bool:
        """Answered right at least once."""
        return self.state.solved

    @property
    def last(self) -> qm.Outcome | None:
        """The last checked answer's outcome, or None."""
        return self.state.outcome

    @property
    def value(self) -> Any:
        """The answer currently entered, in the form :func:`course.quiz.kinds.check` takes."""
        return self.kind.value(self.question, self.control, self.parts)

    def answer(self, value: Any) -> None:
        """Enter an answer as a student would (option id, list of ids, order, number, text or a
        :class:`~course.quiz.kinds.Click`)."""
        self.send(("answer", self.kind.entry(self.question, value)))

    def check(self) -> qm.Outcome | None:
        """Check the entered answer (as the Check button does); the outcome, or None when the
        answer could not be checked (incomplete, of the wrong form, or already settled)."""
        attempts = self.state.attempts
        self.send("check")
        return self.state.outcome if self.state.attempts > attempts else None

    def hint(self) -> str:
        """Show the next hint (they accumulate); returns the last hint now shown."""
        self.send("hint")
        return self.question.hints[self.state.hints - 1] if self.state.hints else ""

    @property
    def can_reveal(self) -> bool:
        """Every hint seen and enough tries made (or already solved)."""
        return can_reveal(self.question, self.state)

    def show_answer(self) -> qm.Revealed | None:
        """Show the answer and its explanation, if allowed yet (noted in the progress file)."""
        self.send("reveal")
        return self.kind.reveal(self.question) if self.state.shown == "answer" else None

    def show_state(self, state: QuestionState) -> None:
        """Show ``state`` without recording anything (the self-check's undo and reset)."""
        if state != self.state:
            self._move_to(state)

    # -- display

    def _hints_html(self, state: QuestionState) -> str:
        total = len(self.question.hints)
        lines = "".join(
            f"<p><em>Hint {i} of {total}:</em> {escape(h)}</p>"
            for i, h in enumerate(self.question.hints[: state.hints], start=1)
        )
        if state.settled and lines:
            seen = f"{state.hints} of {total}"
            return f"<details><summary>Hints you saw ({seen})</summary>{lines}</details>"
        return lines

    def _feedback_html(self, state: QuestionState) -> str:
        if state.shown == "before":
            return _box("right", "You solved this one before. Try it again!")
        if state.shown == "notice":
            return _box("info", escape(state.notice))
        if state.shown == "answer":
            return _box("shown", self._revealed_html(self.kind.reveal(self.question)))
        if state.shown == "outcome" and state.outcome is not None:
            return self._outcome_html(state.outcome, state)
        return ""

    def _outcome_html(self, outcome: qm.Outcome, state: QuestionState) -> str:
        parts = [f"<strong>{escape(outcome.summary)}</strong>"]
        for text, note in outcome.feedback:
            if note:
                parts.append(f"<p><em>{escape(text)}</em>: {escape(note)}</p>")
        if outcome.model_answer:
            items = "".join(f"<li>{escape(p)}</li>" for p in outcome.model_answer)
            parts.append(f"<p>A good answer covers:</p><ul>{items}</ul>")
        if outcome.explanation:
            parts.append("<p><strong>Why</strong></p>" + _paragraphs(outcome.explanation))
        if outcome.score is None:
            mark = "info"
        elif outcome.solved:
            mark = "right"
        elif outcome.score > 0:
            mark = "partial"
        else:
            mark = "wrong"
            if state.hints < len(self.question.hints):
                parts.append("<p>Stuck? Take a hint.</p>")
        return _box(mark, "".join(parts))

    def _revealed_html(self, found: qm.Revealed) -> str:
        answer = self.kind.revealed_html(self.question, found)
        return f"<strong>The answer:</strong> {answer}" + _paragraphs(found.explanation)


def _findings_table(vignette: qm.Vignette, catalogue: Any = None) -> str:
    tests = _catalogue(catalogue)
    rows = []
    for finding in vignette.examination:
        name = tests.get("tests", finding.test).name if finding.test else finding.observation
        rows.append(
            (escape(name), f"<strong>{escape(finding.result)}</strong>", escape(finding.detail))
        )
    return table(["Examined", "Result", "Detail"], rows)


def vignette_html(vignette: qm.Vignette, catalogue: Any = None) -> str:
    """The case as the student reads it: patient, complaint, history, examination."""
    p = vignette.patient
    history = "".join(f"<li>{escape(h)}</li>" for h in vignette.history)
    setting = f" · {escape(vignette.setting)}" if vignette.setting else ""
    return box(
        "case",
        f"<h4 style='margin:0'>{escape(vignette.id.replace('_', ' ').title())}: "
        f"{escape(vignette.title)}</h4>"
        f"<p><em>{p.age}-year-old {p.sex} · {escape(p.context)}{setting}</em></p>"
        f"<p><strong>Presents with:</strong> {escape(vignette.complaint)}</p>"
        f"<p><strong>History</strong></p><ul>{history}</ul>"
        f"<p><strong>Examination</strong></p>{_findings_table(vignette, catalogue)}",
    )


class SelfCheck(CourseWidget[tuple[QuestionState, ...]]):
    """A vignette or lesson set with its questions, or a single question, as one widget.

    Its state is the tuple of its questions' states (each question tells the set when it
    changes), so the set's undo and reset step its questions back; its description sums up
    where the student is.
    """

    name = "selfcheck"
    description_title = None  # a one-line status, shown as it is (never folded)

    def __init__(self, ident: str, progress_path: Path | str | None = None, catalogue: Any = None):
        self.set, selected = quiz_set(ident, catalogue)
        self.progress = ProgressFile(progress_path)
        self.questions = [QuestionWidget(q, self.progress) for q in selected]
        header = []
        if isinstance(self.set, qm.Vignette):
            header.append(vignette_html(self.set, catalogue))
        elif len(selected) > 1:
            header.append(f"<h4>Self-check: {escape(self.set.title)}</h4>")
        if self.progress.problem:
            header.append(_box("info", escape(self.progress.problem)))
        self.header_html = "".join(header)
        """The case (or the set's title) and any note above the questions, as HTML."""
        super().__init__(
            tuple(w.state for w in self.questions),
            body=[*(widgets.HTML(h) for h in header), *(w.widget for w in self.questions)],
        )
        for index, w in enumerate(self.questions):
            w._owner = (self, index)

    def apply(self, state: tuple[QuestionState, ...], event: Any) -> tuple[QuestionState, ...]:
        """The states after ``("question", i, state)``: question ``i`` now shows ``state``."""
        if isinstance(event, tuple) and len(event) == 3 and event[0] == "question":
            _, index, changed = event
            if 0 <= index < len(state) and isinstance(changed, QuestionState):
                return (*state[:index], changed, *state[index + 1 :])
        return state

    def render(
        self, before: tuple[QuestionState, ...] | None, after: tuple[QuestionState, ...]
    ) -> None:
        """Bring each question to its state in ``after`` (after an undo or a reset of the set)."""
        if before is None:
            return
        for w, state in zip(self.questions, after, strict=True):
            w.show_state(state)

    def describe_state(self, state: tuple[QuestionState, ...]) -> str:
        """How many of the questions are solved, tried and not tried yet, on one line (each
        question shows its own attempts; the prompts are on the page already)."""
        solved = sum(s.solved for s in state)
        tried = sum(bool(s.attempts or s.hints or s.revealed) and not s.solved for s in state)
        questions = "1 question" if len(state) == 1 else f"{len(state)} questions"
        return (
            f"{questions} here: {solved} solved, {tried} tried, "
            f"{len(state) - solved - tried} not tried yet."
        )

    def book_spec(self) -> dict[str, Any]:
        """The set's id and the ids of the questions shown, for the offline book, which loads
        the sealed questions itself (``tools.bookweb.selfcheck``)."""
        return {"set": self.set.id, "questions": [w.question.id for w in self.questions]}

    def static_html(self) -> str:
        """The case and the questions without their answers, for exported pages and the book."""
        from .static import selfcheck_html

        return selfcheck_html(self.header_html, [w.question for w in self.questions])

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        # the base's bundle; its plain text gives the questions and options, as a terminal needs
        from .static import selfcheck_text

        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = selfcheck_text(self.set.title, [w.question for w in self.questions])
        return bundle

    def question(self, ident: str) -> QuestionWidget:
        """The widget of one question by id (``case_03_q2``) or number (``2``)."""
        for number, w in enumerate(self.questions, start=1):
            if ident in (w.question.id, str(number)):
                return w
        raise KeyError(f"no question '{ident}' here; {[w.question.id for w in self.questions]}")

    def text(self) -> str:
        """A plain-text description: which set, each question, attempts and state."""
        lines = [f"{self.set.id}: {self.set.title}"]
        for w in self.questions:
            state = "solved" if w.solved else f"{w.attempts} attempts"
            lines.append(f"- {w.question.id} ({w.question.kind}): {state}")
        return "\n".join(lines)


class CaseBrowser(CourseWidget[str]):
    """Pick any vignette from a list (neutral id and title) and work through it below.

    The state is the id of the case shown; the event ``("case", id)`` picks another (an id
    that is not offered changes nothing). ``current`` is the :class:`SelfCheck` shown now,
    made afresh from the progress file whenever the case changes.

    ``worked`` names the cases a lesson has already worked above the browser (their ids, or the
    :class:`SelfCheck` widgets that show them): the browser opens on the first case that is not
    one of them, so a student does not meet the worked case twice.
    """

    name = "case-browser"
    description_title = None  # a one-line status, shown as it is (never folded)

    def __init__(
        self,
        progress_path: Path | str | None = None,
        catalogue: Any = None,
        worked: Iterable[str | SelfCheck] = (),
    ):
        self._progress_path = progress_path
        self._catalogue = catalogue
        cases = vignettes(catalogue)
        self._titles = {c.id: c.title for c in cases}
        self.worked = tuple(w.set.id if isinstance(w, SelfCheck) else str(w) for w in worked)
        """The ids of the cases worked above the browser."""
        unknown = [w for w in self.worked if w not in self._titles]
        if unknown:
            raise ValueError(
                f"case_browser(worked=...): no case {', '.join(map(repr, unknown))}; "
                f"the cases are {', '.join(self._titles)}"
            )
        fresh = [c.id for c in cases if c.id not in self.worked]
        opening = fresh[0] if fresh else cases[0].id
        self.picker = widgets.Dropdown(
            options=[(f"{c.id.replace('_', ' ').title()}: {c.title}", c.id) for c in cases],
            description="Case:",
            value=opening,
            layout=widgets.Layout(width="44em"),
        )
        self.area = widgets.VBox()
        self.current: SelfCheck | None = None
        status = widgets.HTML()
        super().__init__(
            opening,
            controls={"case": self.picker},
            description=status,
            root=widgets.VBox([self.picker, status, self.area]),
        )
        self.on_change(self.picker, lambda v: ("case", v))

    def apply(self, state: str, event: Any) -> str:
        """The case after picking ``("case", id)``."""
        if isinstance(event, tuple) and len(event) == 2 and event[0] == "case":
            return event[1] if event[1] in self._titles else state
        return state

    def render(self, before: str | None, after: str) -> None:
        """Set the picker and show the self-check of the case picked."""
        self.show(self.picker, after)
        if before != after or self.current is None:
            self.current = SelfCheck(after, self._progress_path, self._catalogue)
            self.area.children = (self.current.widget,)

    def describe_state(self, state: str) -> str:
        """Which case is open, of how many."""
        number = list(self._titles).index(state) + 1
        return f"Case {number} of {len(self._titles)} open: {self._titles[state]}."

    def static_html(self) -> str:
        """The list of cases offered (neutral titles, no answers), for exported pages."""
        from .static import case_browser_bundle

        return case_browser_bundle(self)["text/html"]

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        # The widget where a widget front end runs; the list of cases elsewhere.
        from .static import case_browser_bundle

        return case_browser_bundle(self)
