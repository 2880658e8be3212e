"""A self-check in a book page follows the kernel widget's rules, step by step: the same attempt
count, hints shown one at a time and folded once solved, the same buttons resting, "Show the
answer" only after every hint and two tries, the same feedback words, and the same progress
records (``CourseBook.progress``, named as ``ProgressFile``'s methods)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from course import quiz
from course.quiz import kinds
from course.quiz.kinds import KIND
from course.quiz.progress import ProgressFile
from course.quiz.questions import Question
from course.quiz.widget import QuestionWidget, SelfCheck

from .conftest import write_page

pytestmark = pytest.mark.slow

ASKED = ["case_01_q1", "case_01_q3", "lesson07_q2", "lesson08_q1", "lesson01_q4", "lesson02_q3"]
"""One question of each kind in the quiz files, each with hints: single choice (3 hints),
multiple select, ranking, numeric, pick site, free text."""

SPY = """document.addEventListener("DOMContentLoaded", () => {
  const calls = [];
  window.progressCalls = calls;
  CourseBook.progress = {
    recordAttempt: (...a) => calls.push(["record_attempt", ...a]),
    recordHint: (...a) => calls.push(["record_hint", ...a]),
    recordReveal: (...a) => calls.push(["record_reveal", ...a]),
    items: () => ({}),
  };
});"""
"""Stands in for js/10_progress.js (another part of the book): records what the page calls."""


class RecordingProgress(ProgressFile):
    """A progress file that also lists the calls the kernel widget makes."""

    def __init__(self, path: Path):
        super().__init__(path)
        self.calls: list[list[Any]] = []

    def record_attempt(self, question_id: str, score: float | None, solved: bool) -> Any:
        self.calls.append(["record_attempt", question_id, score, solved])
        return super().record_attempt(question_id, score, solved)

    def record_hint(self, question_id: str, shown: int) -> Any:
        self.calls.append(["record_hint", question_id, shown])
        return super().record_hint(question_id, shown)

    def record_reveal(self, question_id: str) -> Any:
        self.calls.append(["record_reveal", question_id])
        return super().record_reveal(question_id)


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def wrong_answers(q: Question) -> list[Any]:
    """Two wrong (or unfinished) answers to ``q``: one checked and counted, one not."""
    if q.kind == "free_text":
        return ["", "The nerve, I think."]
    right = kinds.reveal(q).answer
    if q.kind in ("single_choice", "pick_site"):
        other = next(o.id for o in q.options if o.id != right)
        return [other, None]  # None: nothing picked yet (radios cannot be unpicked)
    if q.kind == "multiple_select":
        return [[o.id for o in q.options if o.id not in right][:1], []]
    if q.kind == "ranking":
        return [list(reversed(right)), [""] * len(right)]
    if q.kind == "numeric":
        return [q.maximum + 10 * q.tolerance, "about ten"]
    raise AssertionError(q.kind)


def steps(q: Question) -> list[Any]:
    """A student's way through ``q``: wrong tries, hints, asking for the answer too early and in
    time, the right answer, and another answer after it."""
    first, unfinished = wrong_answers(q)
    right = "My answer: the sciatic nerve." if q.kind == "free_text" else kinds.reveal(q).answer
    return [
        ("answer", unfinished),
        "check",
        ("answer", first),
        "check",
        "reveal",
        "hint",
        "check",
        *["hint"] * len(q.hints),
        "reveal",
        ("answer", right),
        "check",
        "hint",
        ("answer", first),
        "check",
        "reveal",
    ]


def enter(panel: Any, q: Question, value: Any) -> None:
    """Enter ``value`` in the page's controls of ``q`` as a student would."""
    kind = q.kind
    if kind in ("single_choice", "pick_site"):
        if value:
            panel.locator(f'input[value="{value}"]').check()
    elif kind == "multiple_select":
        for option in q.options:
            panel.locator(f'input[value="{option.id}"]').set_checked(option.id in value)
    elif kind == "ranking":
        for place, ident in enumerate(value):
            panel.locator("select").nth(place).select_option(ident or "")
    else:
        panel.locator("input[type=text], textarea").fill(str(value))


def page_state(panel: Any) -> dict[str, Any]:
    buttons = panel.locator("button[data-action]")
    return {
        "buttons": {
            b.get_attribute("data-action"): (b.inner_text(), b.is_disabled()) for b in buttons.all()
        },
        "attempts": panel.locator('[data-role="attempts"]').inner_text(),
        "hints": " ".join(panel.locator(".course-book-hints").text_content().split()),
        "feedback": " ".join(panel.locator(".course-book-feedback").text_content().split()),
    }


def kernel_state(widget: QuestionWidget) -> dict[str, Any]:
    shown = {"check": widget.check_button}
    if widget.question.hints:
        shown["hint"] = widget.hint_button
    if widget.kind.revealable:
        shown["reveal"] = widget.reveal_button
    return {
        "buttons": {name: (b.description, b.disabled) for name, b in shown.items()},
        "attempts": widget.describe_state(widget.state),
        "hints": text(widget.hints_html.value),
        "feedback": text(widget.feedback.value),
    }


@pytest.fixture
def rules_page(tmp_path: Path, book_page: Any) -> Any:
    bundles = [SelfCheck(i, progress_path=tmp_path / "p.json")._repr_mimebundle_() for i in ASKED]
    book_page.add_init_script(SPY)
    errors: list[str] = []
    book_page.on("pageerror", lambda error: errors.append(str(error)))
    book_page.goto(write_page(tmp_path / "book", bundles).as_uri())
    book_page.wait_for_function(
        f"document.querySelectorAll('[data-course-ready]').length === {len(ASKED)}"
    )
    yield book_page
    assert errors == []


def test_each_kind_follows_the_kernel_widgets_rules_step_by_step(rules_page, tmp_path):
    assert {quiz.item(i).kind for i in ASKED} == set(KIND) - {"identify_structure"}
    for ident in ASKED:
        q = quiz.item(ident)
        progress = RecordingProgress(tmp_path / f"{ident}.json")
        widget = QuestionWidget(q, progress)
        panel = rules_page.locator(f'.course-book-selfcheck[data-question="{ident}"]')
        assert page_state(panel) == kernel_state(widget), ident
        for number, step in enumerate(steps(q)):
            where = (ident, number, step)
            if isinstance(step, tuple):
                widget.answer(step[1])
                enter(panel, q, step[1])
            else:
                button = panel.locator(f'button[data-action="{step}"]')
                if not button.count() or button.is_disabled():
                    continue  # a student cannot press it: nothing happens on either side
                kernel_button = getattr(widget, f"{step}_button")
                assert not kernel_button.disabled, where
                kernel_button.click()
                button.click()
                rules_page.wait_for_function(
                    "(p) => !p.hasAttribute('aria-busy')", arg=panel.element_handle()
                )
            assert page_state(panel) == kernel_state(widget), where
        calls = rules_page.evaluate("window.progressCalls.splice(0)")
        assert calls == progress.calls, ident
        assert widget.solved or q.kind == "free_text", ident


def test_a_question_solved_before_opens_as_the_kernel_opens_it(tmp_path, book_page):
    q = quiz.item("case_01_q1")
    earlier = f"""document.addEventListener("DOMContentLoaded", () => {{
      CourseBook.progress = {{ items: () => ({{"{q.id}": {{attempts: 3, hints: 9, solved: true}}}}),
        recordAttempt() {{}}, recordHint() {{}}, recordReveal() {{}} }};
    }});"""
    progress = ProgressFile(tmp_path / "p.json")
    progress.record_attempt(q.id, 1.0, True)
    progress.record_attempt(q.id, 1.0, True)
    progress.record_attempt(q.id, 1.0, True)
    progress.record_hint(q.id, 9)
    book_page.add_init_script(earlier)
    bundle = SelfCheck(q.id, progress_path=tmp_path / "p.json")._repr_mimebundle_()
    book_page.goto(write_page(tmp_path / "book", [bundle]).as_uri())
    book_page.wait_for_function("document.querySelector('[data-course-ready]') !== null")
    panel = book_page.locator(f'.course-book-selfcheck[data-question="{q.id}"]')
    assert page_state(panel) == kernel_state(QuestionWidget(q, progress))
    assert "You solved this one before" in page_state(panel)["feedback"]


def test_with_scripts_off_the_static_questions_stay(tmp_path, book_chromium):
    bundle = SelfCheck("case_03", progress_path=tmp_path / "p.json")._repr_mimebundle_()
    page_file = write_page(tmp_path, [bundle])
    context = book_chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(page_file.as_uri())
        static = page.locator(".course-selfcheck-question")
        assert static.count() == 3 and all(block.is_visible() for block in static.all())
        assert page.locator(".course-book-selfcheck").count() == 0
        assert page.locator(".course-selfcheck-note").is_visible()  # points to JupyterLab
        assert page.get_by_text("Examination").first.is_visible()  # the case is there too
    finally:
        context.close()


def test_with_scripts_on_the_case_stays_and_the_questions_become_controls(tmp_path, book_page):
    bundle = SelfCheck("case_03", progress_path=tmp_path / "p.json")._repr_mimebundle_()
    book_page.goto(write_page(tmp_path, [bundle]).as_uri())
    book_page.wait_for_function("document.querySelector('[data-course-ready]') !== null")
    assert book_page.get_by_text("Examination").first.is_visible()
    assert not any(b.is_visible() for b in book_page.locator(".course-selfcheck-question").all())
    assert not book_page.locator(".course-selfcheck-note").is_visible()
    panels = book_page.locator(".course-book-selfcheck")
    assert [p.get_attribute("data-question") for p in panels.all()] == [
        q.id for q in quiz.quiz_set("case_03")[1]
    ]
    assert panels.first.inner_text().startswith("Question 1. ")
