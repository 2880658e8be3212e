"""A settled question keeps the keyboard user's place (issue 17, lesson 09's open finding).

A right answer rests Check (and the last hint rests the hint button); a focused button that
rests would drop the focus to the page body, so the next Tab starts from the top of the notebook.
The question hands the focus to a control that stays: the answer's first input, else a button
still open. The focus is a message to the front end (``{"do": "focus"}``), recorded here.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest

import course.quiz as quiz
from course.anatomy.quiz import structure_question
from course.anatomy.view import posterior_scene
from course.quiz import kinds
from course.quiz.widget import QuestionWidget


@pytest.fixture
def focused(monkeypatch) -> list[object]:
    """The widgets the kernel asked the front end to focus, in order."""
    asked: list[object] = []
    send = widgets.Widget.send

    def recording(self, content, buffers=None):
        if content == {"do": "focus"}:
            asked.append(self)
        return send(self, content, buffers)

    monkeypatch.setattr(widgets.Widget, "send", recording)
    return asked


def every_kind(progress: Path) -> list[QuestionWidget]:
    """One question of every kind, as the fuzz test opens them."""
    check = quiz.selfcheck("case_02", progress_path=progress)
    lone = [
        quiz.selfcheck(ident, progress_path=progress).questions[0]
        for ident in ("case_14_q3", "lesson08_q1", "lesson01_q4")
    ]
    lone.append(
        QuestionWidget(structure_question("piriformis", posterior_scene().names), check.progress)
    )
    found = [*check.questions, *lone]
    assert {w.question.kind for w in found} >= set(quiz.questions.KINDS) | {"identify_structure"}
    return found


def right_answer(widget: QuestionWidget) -> object:
    found = kinds.reveal(widget.question).answer
    return f"{found:g}" if widget.question.kind == "numeric" else found


def test_a_right_answer_hands_the_focus_from_check_to_a_control_that_stays(tmp_path, focused):
    settled = 0
    for widget in every_kind(tmp_path / "progress.json"):
        if not widget.kind.revealable:
            continue  # free text: a person marks it, it never settles
        focused.clear()
        widget.answer(right_answer(widget))
        widget.check_button.click()  # Enter or Space on the focused Check comes here too
        assert widget.state.settled and widget.check_button.disabled, widget.question.id
        settled += 1
        kept = widget.kept_control()
        assert focused == [kept], f"{widget.question.kind}: the focus went to {focused}"
        assert not kept.disabled
        inputs = widget.kind.inputs(widget.control, widget.parts)
        enabled = [i for i in inputs if hasattr(i, "focus") and not i.disabled]
        if enabled:  # the answer's own input, where the student answered
            assert kept is enabled[0], widget.question.kind
        else:  # find-the-structure: the answer is a click on the figure
            assert kept is widget.reveal_button
    assert settled >= 5


def test_the_last_hint_hands_the_focus_to_a_control_that_stays(tmp_path, focused):
    widget = quiz.selfcheck("case_02_q1", progress_path=tmp_path / "p.json").questions[0]
    for _ in widget.question.hints[:-1]:
        widget.hint_button.click()
    assert focused == [], "a hint button that stays open keeps the focus itself"
    widget.hint_button.click()
    assert widget.hint_button.disabled
    assert focused == [widget.control], "the radio group takes the focus from the rested button"


def test_checking_from_code_moves_no_focus(tmp_path, focused):
    """A notebook cell that answers and checks (``widget.check()``) must not pull the page to
    the question: only a press on the button that rests moves the focus."""
    widget = quiz.selfcheck("case_02_q1", progress_path=tmp_path / "p.json").questions[0]
    widget.answer(right_answer(widget))
    assert widget.check() is not None and widget.state.settled
    assert focused == []


def test_a_wrong_answer_leaves_the_focus_on_check(tmp_path, focused):
    widget = quiz.selfcheck("case_02_q1", progress_path=tmp_path / "p.json").questions[0]
    right = right_answer(widget)
    widget.answer(next(o.id for o in widget.question.options if o.id != right))
    widget.check_button.click()
    assert not widget.check_button.disabled and focused == []
