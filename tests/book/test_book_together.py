"""The book's parts working together in one page, as a reader uses them: a self-check answered
in the page is counted at once by the progress page's summary, and by a reload."""

from __future__ import annotations

import pytest

from course import quiz
from course.quiz import kinds
from course.quiz.summary import ProgressView
from course.quiz.widget import SelfCheck

from .conftest import write_page

pytestmark = pytest.mark.slow

QUESTION = "lesson03_q1"
"""A single-choice question."""


def solved_count(page) -> int:
    """How many questions the progress store in the page holds as solved."""
    return page.evaluate(
        "() => Object.values(CourseBook.progress.items()).filter(i => i.solved).length"
    )


def test_a_self_check_answered_in_the_page_shows_on_the_progress_page(tmp_path, book_page):
    q = quiz.item(QUESTION)
    right = kinds.reveal(q).answer
    check = SelfCheck(QUESTION, progress_path=tmp_path / "p.json")._repr_mimebundle_()
    progress = ProgressView(progress_path=tmp_path / "p.json")._repr_mimebundle_()
    page = write_page(tmp_path, [check, progress])
    errors: list[str] = []
    book_page.on("pageerror", lambda error: errors.append(str(error)))
    book_page.goto(page.as_uri())
    book_page.wait_for_function("document.querySelectorAll('[data-course-ready]').length === 2")
    summary = book_page.locator('[data-course-widget="progress"]')
    before = summary.inner_text()
    assert solved_count(book_page) == 0

    book_page.locator(f'input[type="radio"][value="{right}"]').check()
    book_page.locator('[data-action="check"]').first.click()
    book_page.wait_for_function(
        "() => Object.values(CourseBook.progress.items()).some(i => i.solved)"
    )
    book_page.wait_for_function(
        "([el, before]) => el.innerText !== before", arg=[summary.element_handle(), before]
    )
    assert solved_count(book_page) == 1
    assert QUESTION in book_page.evaluate("() => Object.keys(CourseBook.progress.items())")

    book_page.reload()
    book_page.wait_for_function("document.querySelectorAll('[data-course-ready]').length === 2")
    assert solved_count(book_page) == 1
    assert summary.inner_text() != before
    assert errors == []
