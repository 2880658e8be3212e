"""The self-check's flow (issue 17, findings 14–16) and its place on the widget base, driven as a
student drives it: change a control, press a button, read what the widget shows."""

from __future__ import annotations

from pathlib import Path

import pytest

import course.quiz as quiz
from course.anatomy import explore
from course.quiz import kinds
from course.quiz.progress import ProgressFile
from course.quiz.widget import QuestionState, SelfCheck
from course.words import FEEDBACK_MARK
from tools.leaks import leaks


@pytest.fixture
def progress(tmp_path: Path) -> Path:
    return tmp_path / "progress.json"


def right_and_wrong(ident: str) -> tuple[str, str]:
    """The right option of a single-choice question (recovered from its hashes) and a wrong one."""
    q = quiz.item(ident)
    right = kinds.reveal(q).answer
    return right, next(o.id for o in q.options if o.id != right)


# --------------------------------------------------------------------------- finding 15


def test_the_hint_button_names_the_hint_it_will_show(progress):
    widget = quiz.selfcheck("case_02_q1", progress_path=progress).questions[0]
    hints = widget.question.hints
    total = len(hints)
    labels = [widget.hint_button.description]
    shown = [widget.hints_html.value]
    for _ in hints:
        widget.hint_button.click()
        labels.append(widget.hint_button.description)
        shown.append(widget.hints_html.value)
    expected = [f"Show hint {n} of {total}" for n in range(1, total + 1)] + ["No more hints"]
    assert labels == expected
    # a label never names a hint that is already on the page
    for n, html in enumerate(shown):
        assert html.count("<em>Hint ") == n
        assert f"Show hint {n + 1} of" not in html


def test_a_right_answer_folds_the_hints_and_rests_check_and_hint(progress):
    widget = quiz.selfcheck("case_02_q1", progress_path=progress).questions[0]
    right, wrong = right_and_wrong("case_02_q1")
    first_hint = widget.question.hints[0]
    widget.hint_button.click()
    widget.control.value = wrong
    widget.check_button.click()
    assert FEEDBACK_MARK["wrong"] in widget.feedback.value
    assert first_hint in widget.hints_html.value and "<details" not in widget.hints_html.value
    assert not widget.check_button.disabled and not widget.hint_button.disabled

    widget.control.value = right
    widget.check_button.click()
    assert widget.state.settled and widget.solved
    # the hint folds away: still there to reread, in a closed <details>
    html = widget.hints_html.value
    assert html.startswith("<details><summary>") and "<details open" not in html
    assert "Hints you saw (1 of" in html and first_hint in html
    assert widget.check_button.disabled and widget.hint_button.disabled
    assert "Solved" in widget.hint_button.tooltip
    # the answer stays to be reviewed: feedback, the explanation, and Show the answer
    assert FEEDBACK_MARK["right"] in widget.feedback.value and "Why" in widget.feedback.value
    assert not widget.reveal_button.disabled
    widget.check_button.click()  # a press on the resting button changes nothing
    assert widget.attempts == 2 and ProgressFile(progress).get("case_02_q1").attempts == 2

    # entering another answer opens Check again (and the hints unfold)
    widget.control.value = wrong
    assert not widget.check_button.disabled and not widget.state.settled
    assert "<details" not in widget.hints_html.value
    widget.check_button.click()
    assert widget.attempts == 3 and FEEDBACK_MARK["wrong"] in widget.feedback.value


def test_a_question_solved_before_can_be_tried_again(progress):
    right, _ = right_and_wrong("case_03_q1")
    first = quiz.selfcheck("case_03_q1", progress_path=progress).questions[0]
    first.answer(right)
    first.check_button.click()
    again = quiz.selfcheck("case_03_q1", progress_path=progress).questions[0]
    assert "solved this one before" in again.feedback.value
    assert not again.check_button.disabled, "a new run may try the question again"


# --------------------------------------------------------------------------- finding 14


def test_the_case_browser_opens_on_a_case_not_worked_above(progress):
    cases = [c.id for c in quiz.vignettes()]
    worked = quiz.selfcheck(cases[0], progress_path=progress)
    browser = quiz.case_browser(progress_path=progress, worked=[worked])
    assert browser.state == cases[1] and browser.picker.value == cases[1]
    assert browser.current.set.id == cases[1]
    # ids do as well; several worked cases skip them all
    browser = quiz.case_browser(progress_path=progress, worked=[cases[1], cases[0]])
    assert browser.state == cases[2]
    # nothing worked above: the first case, as before
    assert quiz.case_browser(progress_path=progress).state == cases[0]
    with pytest.raises(ValueError, match="no case 'case_999'"):
        quiz.case_browser(progress_path=progress, worked=["case_999"])


# --------------------------------------------------------------------------- finding 16


def test_the_find_the_structure_quiz_gives_one_verdict(progress):
    explorer = explore(interactive=False, quiz_seed=3, progress_path=progress)
    quiz_run = explorer.start_quiz(rounds=2)
    target = quiz_run.current
    wrong = next(i for i in explorer.visible_structures() if i != target)
    explorer.click(*explorer.scene.geometry.shapes[wrong].outline.anchor)
    status = explorer.status.value
    assert f"{FEEDBACK_MARK['wrong']} Not quite: you clicked" in status
    assert "Not this one" not in status and status.count(FEEDBACK_MARK["wrong"]) == 1
    explorer.next_button.click()
    explorer.click(*explorer.scene.geometry.shapes[quiz_run.current].outline.anchor)
    status = explorer.status.value
    assert f"{FEEDBACK_MARK['right']} Correct: that is the" in status
    assert status.count("Correct") == 1 and "Yes" not in status


# --------------------------------------------------------------------------- the widget base


def test_the_question_is_a_course_widget_with_state_as_a_value(progress):
    widget = quiz.selfcheck("case_14_q3", progress_path=progress).questions[0]
    assert "course-widget-question" in widget.widget._dom_classes
    assert "course-control-check" in widget.check_button._dom_classes
    state = widget.state
    assert isinstance(state, QuestionState) and hash(state) is not None
    assert state.entry == (False,) * len(widget.question.options)
    widget.parts[0].value = True  # ticking a box is an event on the state
    assert widget.state.entry[0] is True and widget.state.entry[1:] == state.entry[1:]
    assert widget.apply(widget.state, ("enter", 0, True)) == widget.state
    assert widget.apply(widget.state, "no such event") == widget.state
    assert widget.describe() == "0 attempts" and "0 attempts" in widget.attempts_label.value


def test_undo_steps_back_but_never_erases_a_recorded_attempt(progress):
    widget = quiz.selfcheck("case_03_q1", progress_path=progress).questions[0]
    _, wrong = right_and_wrong("case_03_q1")
    widget.control.value = wrong
    widget.check_button.click()
    widget.hint_button.click()
    assert widget.attempts == 1 and widget.hints_shown == 1
    assert widget.undo() and widget.hints_shown == 0 and widget.hints_html.value == ""
    assert widget.undo() and widget.attempts == 0 and "0 attempts" in widget.attempts_label.value
    assert widget.feedback.value == ""
    saved = ProgressFile(progress).get("case_03_q1")
    assert saved.attempts == 1 and saved.hints == 1, "undo changes the view, not the record"
    widget.undo()
    assert widget.control.value is None, "the control follows the state back"
    widget.reset()
    assert widget.state == widget.initial
    assert ProgressFile(progress).get("case_03_q1").attempts == 1


def test_the_self_check_holds_its_questions_states(progress):
    check = quiz.selfcheck("case_05", progress_path=progress)
    assert isinstance(check, SelfCheck) and "course-widget-selfcheck" in check.widget._dom_classes
    assert check.state == tuple(w.state for w in check.questions)
    first = check.question("1")
    right, _ = right_and_wrong("case_05_q1")
    first.answer(right)
    first.check_button.click()
    assert check.state[0] == first.state and check.state[0].solved
    n = len(check.questions)
    assert check.describe() == f"{n} questions here: 1 solved, 0 tried, {n - 1} not tried yet."
    assert "1 solved" in check.description_view.value
    # the set's undo steps its question back; the progress file keeps the attempt
    assert check.undo() and not first.state.solved and first.attempts == 0
    assert check.state[0] == first.state
    assert ProgressFile(progress).get("case_05_q1").solved
    check.reset()
    assert all(w.state == s for w, s in zip(check.questions, check.initial, strict=True))


def test_static_pages_show_the_questions_and_no_answer(progress):
    check = quiz.selfcheck("case_05", progress_path=progress)
    bundle = check._repr_mimebundle_()
    assert bundle["text/html"] == check.static_html()
    assert bundle["text/plain"].startswith(f"Self-check: {check.set.title}")
    for w in check.questions:
        assert w.question.prompt in bundle["text/plain"]
        assert leaks(bundle["text/plain"], w.question) == []
    assert quiz.vignette("case_05").title in bundle["text/html"]
    for w in check.questions:
        assert leaks(bundle["text/html"], w.question) == []
        page = w._repr_mimebundle_()["text/html"]
        assert w.question.prompt in page and leaks(page, w.question) == []
        assert "interactive version" in page
