"""The self-check widget: a question with Check, progressive hints, an attempt count and feedback.

``SelfCheck("case_03")`` shows the vignette (patient, history, examination) and one
:class:`QuestionWidget` per question; ``SelfCheck("lesson03_q1")`` shows one question. Each
widget checks answers in the kernel against the sealed keys (its kind's ``check``, see
:mod:`course.quiz.kinds`), writes attempts, hints and results to the progress file, and on
creation picks up the counts already there, so re-running a notebook continues where the student
left off.

The answer can be shown ("Show the answer") only after every hint has been seen and at least
:data:`REVEAL_AFTER` attempts: the student should try first.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..figures import CONTROL_CLASS, DESCRIPTION_CLASS, WIDGET_CLASS, tag
from ..html import box, prose, table
from ..style import ANSWER_CLASS, PANEL_BORDER
from ..widgets import CourseWidget
from . import questions as qm
from .kinds import KIND
from .progress import ProgressFile
from .sets import _catalogue, quiz_set, vignettes

REVEAL_AFTER = 2
"""Checked attempts needed (after all hints) before the answer can be shown."""

# Each state has its accent colour (course.style.ACCENT) and is also written with a symbol.
_SYMBOLS = {"right": "✔ ", "partial": "◐ ", "wrong": "✘ ", "info": "ℹ ", "shown": "◆ "}


def _box(state: str, html: str) -> str:
    return box(state, _SYMBOLS[state] + html, role="status")


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p.strip())


class QuestionWidget:
    """One question: its control, Check / Hint / Show-the-answer buttons, hints and feedback.

    Tests and notebooks drive it as a student would: set ``control``'s value (or call
    :meth:`answer`), then ``check_button.click()``; the text shown is in ``feedback.value``,
    ``hints_html.value`` and ``attempts_label.value``.
    """

    def __init__(self, question: qm.Question, progress: ProgressFile):
        self.question = question
        self.kind = KIND[question.kind]
        """The question's kind: its control, checking and reveal (course.quiz.kinds)."""
        self.progress = progress
        saved = progress.get(question.id)
        self.attempts = saved.attempts
        self.hints_shown = min(saved.hints, len(question.hints))
        self.solved = saved.solved
        self.last: qm.Outcome | None = None

        self.prompt = widgets.HTML(prose(f"<p><strong>{escape(question.prompt)}</strong></p>"))
        self.control, self.parts = self.kind.control(question)
        """The answer control and its parts (tick boxes, rank drop-downs), from the kind."""
        self._ranks = self.parts  # the earlier name of ``parts``
        self.check_button = widgets.Button(
            description=self.kind.check_label,
            button_style="primary",
            tooltip="Check this answer",
        )
        self.hint_button = widgets.Button(description="Hint", tooltip="Show the next hint")
        self.reveal_button = widgets.Button(
            description="Show the answer", tooltip="After every hint and two tries"
        )
        self.attempts_label = widgets.HTML()
        self.hints_html = widgets.HTML()
        self.feedback = widgets.HTML()
        self.check_button.on_click(lambda _: self.check())
        self.hint_button.on_click(lambda _: self.hint())
        self.reveal_button.on_click(lambda _: self.show_answer())
        buttons = [self.check_button]
        if question.hints:
            buttons.append(self.hint_button)
        if self.kind.revealable:
            buttons.append(self.reveal_button)
        self.widget = widgets.VBox(
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
        tag(self.widget, WIDGET_CLASS, "question")
        self.control.add_class(ANSWER_CLASS)  # not a course-control: it alone changes no text
        tag(self.check_button, CONTROL_CLASS, "check")
        tag(self.hint_button, CONTROL_CLASS, "hint")
        tag(self.feedback, DESCRIPTION_CLASS)
        tag(self.attempts_label, DESCRIPTION_CLASS, "attempts")
        self._refresh_labels()
        if self.solved:
            self.feedback.value = _box("right", "You solved this one before. Try it again!")

    # -- controls

    @property
    def value(self) -> Any:
        """The answer currently entered, in the form :func:`course.quiz.kinds.check` takes."""
        return self.kind.value(self.question, self.control, self.parts)

    def answer(self, value: Any) -> None:
        """Enter an answer as a student would (option id, list of ids, order, number or text)."""
        self.kind.enter(self.question, self.control, self.parts, value)

    # -- actions

    def check(self) -> qm.Outcome | None:
        """Check the entered answer: count the attempt, save progress, show feedback."""
        answer = self.value
        unfinished = self.kind.incomplete(answer)
        if unfinished:
            self.feedback.value = _box("info", escape(unfinished))
            return None
        try:
            outcome = self.kind.check(self.question, answer)
        except qm.AnswerError as error:
            self.feedback.value = _box("info", escape(str(error)).capitalize())
            return None
        self.last = outcome
        self.attempts += 1
        self.solved = self.solved or outcome.solved
        self.progress.record_attempt(self.question.id, outcome.score, outcome.solved)
        self.feedback.value = self._outcome_html(outcome)
        self._refresh_labels()
        return outcome

    def hint(self) -> str:
        """Show the next hint (they accumulate); returns the hint now shown."""
        if self.hints_shown < len(self.question.hints):
            self.hints_shown += 1
            self.progress.record_hint(self.question.id, self.hints_shown)
        self._refresh_labels()
        return self.question.hints[self.hints_shown - 1] if self.hints_shown else ""

    @property
    def can_reveal(self) -> bool:
        """Every hint seen and enough tries made (or already solved)."""
        if not self.kind.revealable:
            return False
        return self.solved or (
            self.hints_shown >= len(self.question.hints) and self.attempts >= REVEAL_AFTER
        )

    def show_answer(self) -> qm.Revealed | None:
        """Show the answer and its explanation, if allowed yet; note it in the progress file."""
        if not self.can_reveal:
            self.feedback.value = _box(
                "info",
                "Try the hints and at least "
                f"{REVEAL_AFTER} answers first; the answer is shown after that.",
            )
            return None
        found = self.kind.reveal(self.question)
        if not self.solved:
            self.progress.record_reveal(self.question.id)
        self.feedback.value = _box("shown", self._revealed_html(found))
        self._refresh_labels()
        return found

    # -- display

    def _refresh_labels(self) -> None:
        n = self.attempts
        word = "attempt" if n == 1 else "attempts"
        solved = " · solved" if self.solved else ""
        self.attempts_label.value = f"<span>{n} {word}{solved}</span>"
        hints = self.question.hints[: self.hints_shown]
        self.hints_html.value = "".join(
            f"<p><em>Hint {i} of {len(self.question.hints)}:</em> {escape(h)}</p>"
            for i, h in enumerate(hints, start=1)
        )
        self.hint_button.disabled = self.hints_shown >= len(self.question.hints)
        self.hint_button.description = (
            "No more hints" if self.hint_button.disabled else f"Hint {self.hints_shown + 1}"
        )
        self.reveal_button.disabled = not self.can_reveal

    def _outcome_html(self, outcome: qm.Outcome) -> str:
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
            state = "info"
        elif outcome.solved:
            state = "right"
        elif outcome.score > 0:
            state = "partial"
        else:
            state = "wrong"
            if self.hints_shown < len(self.question.hints):
                parts.append("<p>Stuck? Take a hint.</p>")
        return _box(state, "".join(parts))

    def _revealed_html(self, found: qm.Revealed) -> str:
        answer = self.kind.revealed_html(self.question, found)
        return f"<strong>The answer:</strong> {answer}" + _paragraphs(found.explanation)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


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


class SelfCheck:
    """A vignette or lesson set with its questions, or a single question, as one widget."""

    def __init__(self, ident: str, progress_path: Path | str | None = None, catalogue: Any = None):
        self.set, selected = quiz_set(ident, catalogue)
        self.progress = ProgressFile(progress_path)
        self.questions = [QuestionWidget(q, self.progress) for q in selected]
        header = []
        if isinstance(self.set, qm.Vignette):
            header.append(widgets.HTML(vignette_html(self.set, catalogue)))
        elif len(selected) > 1:
            header.append(widgets.HTML(f"<h4>Self-check: {escape(self.set.title)}</h4>"))
        if self.progress.problem:
            header.append(widgets.HTML(_box("info", escape(self.progress.problem))))
        self.widget = widgets.VBox([*header, *(w.widget for w in self.questions)])

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

    def _repr_mimebundle_(self, **kwargs):
        # The widget where a widget front end runs; the questions, without answers, elsewhere.
        from .static import selfcheck_bundle

        return selfcheck_bundle(self)


class CaseBrowser(CourseWidget[str]):
    """Pick any vignette from a list (neutral id and title) and work through it below.

    The state is the id of the case shown; the event ``("case", id)`` picks another (an id
    that is not offered changes nothing). ``current`` is the :class:`SelfCheck` shown now,
    made afresh from the progress file whenever the case changes.
    """

    name = "case-browser"

    def __init__(self, progress_path: Path | str | None = None, catalogue: Any = None):
        self._progress_path = progress_path
        self._catalogue = catalogue
        cases = vignettes(catalogue)
        self._titles = {c.id: c.title for c in cases}
        self.picker = widgets.Dropdown(
            options=[(f"{c.id.replace('_', ' ').title()}: {c.title}", c.id) for c in cases],
            description="Case:",
            layout=widgets.Layout(width="44em"),
        )
        self.area = widgets.VBox()
        self.current: SelfCheck | None = None
        status = widgets.HTML()
        super().__init__(
            self.picker.value,
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
