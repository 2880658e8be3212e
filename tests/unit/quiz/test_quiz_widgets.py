"""The self-check widgets and the progress summary, driven as a student would drive them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import course.quiz as quiz
from course.quiz import kinds, questions, widget
from course.quiz.progress import ProgressFile, summarise
from course.quiz.summary import ProgressView


@pytest.fixture
def progress(tmp_path: Path) -> Path:
    return tmp_path / "progress.json"


def answers(ident: str):
    """(right answer, a wrong answer) for a question, recovered from its hashes."""
    q = quiz.item(ident)
    right = kinds.reveal(q).answer
    if q.kind == "single_choice":
        return right, next(o.id for o in q.options if o.id != right)
    if q.kind == "multiple_select":
        return right, [o.id for o in q.options if o.id not in right][:1]
    if q.kind == "ranking":
        return right, list(reversed(right))
    return right, (q.maximum if abs(q.maximum - right) > q.tolerance else q.minimum)


def test_selfcheck_of_a_vignette_shows_the_case_and_every_question(progress):
    check = quiz.selfcheck("case_03", progress_path=progress)
    case = quiz.vignette("case_03")
    header = check.widget.children[0].value
    assert case.title in header and "Straight leg raise" in header  # test names, not ids
    assert "positive" in header and case.history[0] in header
    assert [w.question.id for w in check.questions] == [q.id for q in case.questions]
    assert "case_03_q1 (single_choice): 0 attempts" in check.text()


def test_wrong_then_right_single_choice(progress):
    check = quiz.selfcheck("case_03", progress_path=progress)
    widget = check.question("case_03_q1")
    right, wrong = answers("case_03_q1")
    widget.control.value = wrong  # as a click on the radio button would
    widget.check_button.click()
    assert "✘" in widget.feedback.value and "Not this one" in widget.feedback.value
    assert "1 attempt" in widget.attempts_label.value and not widget.solved
    assert "Why" not in widget.feedback.value  # the explanation stays sealed
    widget.control.value = right
    widget.check_button.click()
    assert "✔" in widget.feedback.value and "Why" in widget.feedback.value
    assert "2 attempts · solved" in widget.attempts_label.value


def test_checking_nothing_is_not_an_attempt(progress):
    widget = quiz.selfcheck("case_03_q1", progress_path=progress).questions[0]
    widget.check_button.click()
    assert "Pick one option first" in widget.feedback.value
    assert widget.attempts == 0 and "0 attempts" in widget.attempts_label.value
    assert not progress.exists()


def test_hints_come_one_at_a_time_and_then_run_out(progress):
    widget = quiz.selfcheck("case_04_q1", progress_path=progress).questions[0]
    hints = widget.question.hints
    # the button names the hint it will show (issue 17, finding 15: not "Hint 1", as if shown)
    assert widget.hints_html.value == ""
    assert widget.hint_button.description == f"Show hint 1 of {len(hints)}"
    widget.hint_button.click()
    assert hints[0] in widget.hints_html.value and hints[1] not in widget.hints_html.value
    assert f"Hint 1 of {len(hints)}" in widget.hints_html.value
    for _ in hints[1:]:
        widget.hint_button.click()
    assert all(h in widget.hints_html.value for h in hints)
    assert widget.hint_button.disabled and widget.hint_button.description == "No more hints"
    assert ProgressFile(progress).get("case_04_q1").hints == len(hints)


def test_the_answer_can_be_shown_only_after_hints_and_tries(progress):
    widget = quiz.selfcheck("lesson08_q1", progress_path=progress).questions[0]
    right, wrong = answers("lesson08_q1")
    assert widget.reveal_button.disabled
    assert widget.show_answer() is None and "Try the hints" in widget.feedback.value
    for _ in widget.question.hints:
        widget.hint_button.click()
    widget.control.value = str(wrong)
    widget.check_button.click()
    widget.check_button.click()
    assert not widget.reveal_button.disabled
    widget.reveal_button.click()
    assert "The answer:" in widget.feedback.value and f"{right:g}" in widget.feedback.value
    assert "accepted" in widget.feedback.value
    saved = ProgressFile(progress).get("lesson08_q1")
    assert saved.revealed and not saved.solved and saved.attempts == 2


def test_numeric_widget_accepts_a_typed_comma_decimal(progress):
    widget = quiz.selfcheck("lesson08_q1", progress_path=progress).questions[0]
    right, _ = answers("lesson08_q1")
    widget.answer(f"{right:.1f}".replace(".", ","))
    widget.check_button.click()
    assert widget.solved and "Right" in widget.feedback.value
    widget.control.value = "about half"
    widget.check_button.click()
    assert "is not a number" in widget.feedback.value and widget.attempts == 1


def test_multiple_select_partial_credit_shows_counts(progress):
    widget = quiz.selfcheck("case_14_q3", progress_path=progress).questions[0]
    right, wrong = answers("case_14_q3")
    widget.answer([right[0], *wrong])  # one right, one wrong
    widget.check_button.click()
    assert "1 right and 1 wrong" in widget.feedback.value and "◐" not in widget.feedback.value
    widget.answer(right[:2])
    widget.check_button.click()
    assert "◐" in widget.feedback.value and "Score 0.67" in widget.feedback.value
    widget.answer(right)
    widget.check_button.click()
    assert widget.solved and ProgressFile(progress).get("case_14_q3").best == 1.0


def test_ranking_widget_needs_every_place_then_scores(progress):
    widget = quiz.selfcheck("case_02_q2", progress_path=progress).questions[0]
    right, wrong = answers("case_02_q2")
    widget._ranks[0].value = right[0]
    widget.check_button.click()
    assert "every position" in widget.feedback.value and widget.attempts == 0
    widget.answer([right[0], right[0], right[1]])
    widget.check_button.click()
    assert "one position only" in widget.feedback.value
    widget.answer(wrong)
    widget.check_button.click()
    assert "Score 0.00" in widget.feedback.value and "✘" in widget.feedback.value
    widget.answer(right)
    widget.check_button.click()
    assert widget.solved and "every option is in its place" in widget.feedback.value


def test_free_text_shows_the_checklist_only_after_an_attempt(progress):
    widget = quiz.selfcheck("case_02_q3", progress_path=progress).questions[0]
    checklist = questions.model_answer(widget.question)
    assert checklist[0] not in widget.widget.children[0].value
    assert widget.reveal_button not in widget.widget.children[2].children
    widget.control.value = "Radicular pain shoots in a band; this is a deep ache."
    widget.check_button.click()
    assert all(point in widget.feedback.value for point in checklist)
    saved = ProgressFile(progress).get("case_02_q3")
    assert saved.answered and saved.done and saved.best is None


def test_progress_is_saved_and_reloaded_by_a_new_widget(progress):
    first = quiz.selfcheck("case_05", progress_path=progress)
    widget = first.question("case_05_q1")
    right, wrong = answers("case_05_q1")
    widget.answer(wrong)
    widget.check_button.click()
    widget.hint_button.click()
    data = json.loads(progress.read_text())
    assert data["items"]["case_05_q1"]["attempts"] == 1
    assert right not in progress.read_text()  # no answers in the progress file
    # a new kernel / re-run notebook picks the counts up again
    again = quiz.selfcheck("case_05", progress_path=progress).question("1")
    assert again.attempts == 1 and again.hints_shown == 1
    assert "1 attempt" in again.attempts_label.value
    assert widget.question.hints[0] in again.hints_html.value
    again.answer(right)
    again.check_button.click()
    reloaded = quiz.selfcheck("case_05_q1", progress_path=progress).questions[0]
    assert reloaded.solved and "solved this one before" in reloaded.feedback.value


def test_two_widgets_sharing_a_file_keep_each_others_updates(progress):
    a = quiz.selfcheck("lesson03_q1", progress_path=progress).questions[0]
    b = quiz.selfcheck("lesson03_q2", progress_path=progress).questions[0]
    a.hint_button.click()
    b.hint_button.click()
    assert set(ProgressFile(progress).load()) == {"lesson03_q1", "lesson03_q2"}


def test_a_damaged_progress_file_is_set_aside_not_lost(progress):
    progress.write_text("{ not json")
    check = quiz.selfcheck("lesson01", progress_path=progress)
    assert "unreadable" in check.widget.children[1].value
    assert (progress.parent / "progress.json.damaged").read_text() == "{ not json"
    check.questions[0].hint_button.click()
    assert "lesson01_q1" in ProgressFile(progress).load()


def test_default_progress_path_is_configurable(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COURSE_PROGRESS_FILE", raising=False)
    assert ProgressFile().path == tmp_path / ".course-progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "elsewhere.json"))
    assert ProgressFile().path == tmp_path / "elsewhere.json"


def test_progress_view_restyles_its_bars_on_refresh(progress):
    view = ProgressView(progress_path=progress, interactive=False)
    chart = view.chart
    row = chart.ids.index("case_07")
    done_bar = chart.bars["done"][row]
    first_png = view.view.widget.value
    assert done_bar.get_width() == 0 and chart.labels[row].get_text() == "0/3"
    assert "Progress: 0 of" in view.describe()
    # the student solves one question of case_07 and tries another
    widget = quiz.selfcheck("case_07", progress_path=progress).question("1")
    widget.answer(answers("case_07_q1")[0])
    widget.check_button.click()
    other = quiz.selfcheck("case_07", progress_path=progress).question("2")
    other.answer(answers("case_07_q2")[1])
    other.check_button.click()
    view.refresh_button.click()
    assert chart.bars["done"][row] is done_bar  # same artist, restyled
    assert done_bar.get_width() == pytest.approx(1 / 3)
    assert chart.bars["started"][row].get_x() == pytest.approx(1 / 3)
    assert chart.bars["started"][row].get_width() == pytest.approx(1 / 3)
    assert chart.labels[row].get_text() == "1/3"
    assert view.view.widget.value != first_png
    assert "case_07 (" in view.describe() and "1/3 done, 0 shown, 1 tried" in view.describe()
    assert "1 of" in view.text.value


def test_refresh_always_answers_even_when_nothing_is_new(progress):
    view = ProgressView(progress_path=progress, interactive=False)
    before = view.text.value
    view.refresh_button.click()
    assert "nothing new since the last look" in view.text.value and view.text.value != before
    quiz.selfcheck("lesson02_q1", progress_path=progress).questions[0].hint_button.click()
    view.refresh_button.click()
    assert "the chart shows the new counts" in view.text.value


def test_progress_reset_needs_confirmation(progress):
    quiz.selfcheck("lesson02_q1", progress_path=progress).questions[0].hint_button.click()
    view = ProgressView(progress_path=progress, interactive=False)
    view.reset_button.click()
    assert progress.exists() and "Tick the box first" in view.text.value
    view.confirm.value = True
    view.reset_button.click()
    assert not progress.exists() and not view.confirm.value


def test_summary_counts_done_revealed_started():
    sets = quiz.lesson_checks()
    from course.quiz.progress import ItemProgress

    items = {
        "lesson07_q1": ItemProgress(attempts=1, solved=True),
        "lesson07_q2": ItemProgress(revealed=True, attempts=2),
        "lesson07_q3": ItemProgress(hints=1),
    }
    (lesson7,) = [s for s in summarise(sets, items) if s.id == "lesson07"]
    assert (lesson7.done, lesson7.revealed, lesson7.started, lesson7.untouched) == (1, 1, 1, 0)


def test_reveal_after_constant_is_documented():
    assert widget.REVEAL_AFTER == 2 and "REVEAL_AFTER" in widget.__doc__


def test_selfcheck_stays_a_function_after_the_widget_module_loads(progress):
    import course.quiz.widget  # noqa: F401  (a submodule of the same name would shadow it)

    assert callable(quiz.selfcheck)
    assert quiz.selfcheck("lesson01_q1", progress_path=progress).questions


def test_case_browser_swaps_the_case_when_another_is_picked(progress):
    browser = quiz.case_browser(progress_path=progress)
    assert browser.current.set.id == "case_01"
    browser.picker.value = "case_12"
    assert browser.current.set.id == "case_12"
    assert quiz.vignette("case_12").title in browser.area.children[0].children[0].value
    assert all(label.startswith("Case ") for label, _ in browser.picker.options)


def test_progress_view_on_the_widget_base(progress):
    view = ProgressView(progress_path=progress, interactive=False)
    assert "course-widget-progress" in view.widget._dom_classes
    assert view.state.summaries == tuple(view.chart.summaries)
    chart, patients = view.describe().split("\nVirtual patients: ")
    assert chart == view.chart.describe()  # the chart in words, then the virtual patients
    assert patients.startswith("0 of ") and patients.endswith(" solved, 0 tried.")
    png = view.view.widget.value
    assert view.send(("loaded", view.state.summaries, "")), "a refresh always answers"
    assert view.view.widget.value is png, "same counts: the chart is not redrawn"
    assert "nothing new" in view.state.reread
    quiz.selfcheck("lesson02_q1", progress_path=progress).questions[0].hint_button.click()
    before = view.view.widget.value
    view.refresh()
    (lesson2,) = [s for s in view.state.summaries if s.id == "lesson02"]
    assert lesson2.started == 1
    assert view.view.widget.value != before
    assert "lesson02 (" in view.description_view.value
    page = view.static_html()
    assert "<table>" in page and "<td>lesson02</td>" in page and "data:image/png" in page
    assert not view.forget() and "Tick the box first" in view.text.value
    view.confirm.value = True
    assert view.state.confirmed
    assert view.undo() and not view.confirm.value, "undo unticks the confirmation"
    view.confirm.value = True
    assert view.forget() and not progress.exists()
    assert not view.confirm.value and "Tick the box first" not in view.text.value
    assert all(s.done == s.started == s.revealed == 0 for s in view.state.summaries)


def test_case_browser_on_the_widget_base(progress):
    browser = quiz.case_browser(progress_path=progress)
    assert "course-widget-case-browser" in browser.widget._dom_classes
    assert browser.state == "case_01" and "Case 1 of" in browser.description_view.value
    first = browser.current
    assert browser.send(("case", "case_12"))
    assert browser.picker.value == "case_12" and browser.current.set.id == "case_12"
    assert quiz.vignette("case_12").title in browser.describe()
    assert not browser.send(("case", "no_such_case")) and browser.state == "case_12"
    assert browser.undo() and browser.picker.value == "case_01"
    assert browser.current is not first, "a case is opened afresh from the progress file"
    page = browser.static_html()
    assert page == browser._repr_mimebundle_()["text/html"] and "pick any of these" in page
