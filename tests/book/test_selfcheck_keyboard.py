"""A self-check in a book page answered with the keyboard alone (Tab, arrows, Enter, Space), its
feedback read from the live region, as a screen reader would announce it."""

from __future__ import annotations

from typing import Any

import pytest

from course import quiz
from course.quiz import kinds
from course.quiz.widget import SelfCheck

from .conftest import write_page

pytestmark = pytest.mark.slow

QUESTION = "lesson03_q1"
"""A single-choice question with a hint."""


def focused(page: Any) -> dict[str, Any]:
    """What has the keyboard focus: its tag, type, value, action and whether it is ticked."""
    return page.evaluate(
        """() => { const e = document.activeElement;
          return {tag: e.tagName, type: e.type || "", value: e.value || "", checked: !!e.checked,
                  action: e.getAttribute("data-action") || "",
                  inside: !!e.closest(".course-book-selfcheck")}; }"""
    )


def tab_until(page: Any, wanted: Any, limit: int = 60) -> dict[str, Any]:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"Tab never reached the control wanted; last focus {now}")


def announced(page: Any) -> str:
    """The text of the question's live region, once it has something to say."""
    page.wait_for_function(
        "() => !document.querySelector('.course-book-selfcheck[aria-busy]')"
        " && document.querySelector('.course-book-feedback').textContent.trim() !== ''"
    )
    (region,) = page.get_by_role("status").all()  # the one live region of the page
    return " ".join(region.text_content().split())


def test_a_self_check_answered_with_tab_arrows_enter_and_space(tmp_path, book_page):
    q = quiz.item(QUESTION)
    ids = [o.id for o in q.options]
    right = ids.index(kinds.reveal(q).answer)
    wrong = (right + 1) % len(ids)
    bundle = SelfCheck(QUESTION, progress_path=tmp_path / "p.json")._repr_mimebundle_()
    book_page.goto(write_page(tmp_path, [bundle]).as_uri())
    book_page.wait_for_function("document.querySelector('[data-course-ready]') !== null")

    # what a screen reader finds: a named group of radios and a polite, atomic status region
    group = book_page.get_by_role("radiogroup", name=kinds.KIND[q.kind].ask)
    assert group.get_by_role("radio").count() == len(ids)
    region = book_page.locator(".course-book-feedback")
    assert region.get_attribute("role") == "status"
    assert region.get_attribute("aria-live") == "polite"
    assert region.get_attribute("aria-atomic") == "true"
    panel = book_page.get_by_role("group", name=q.prompt)
    assert panel.count() == 1

    first = tab_until(book_page, lambda f: f["inside"] and f["type"] == "radio")
    assert first["value"] == ids[0] and not first["checked"]
    book_page.keyboard.press("Space")
    for _ in range(wrong):
        book_page.keyboard.press("ArrowDown")
    assert focused(book_page) == {**first, "value": ids[wrong], "checked": True}

    tab_until(book_page, lambda f: f["action"] == "check")
    book_page.keyboard.press("Enter")
    assert announced(book_page).startswith("✘ Not this one.")
    assert "Stuck? Take a hint." in announced(book_page)

    tab_until(book_page, lambda f: f["action"] == "hint")
    book_page.keyboard.press("Space")
    book_page.wait_for_function("document.querySelector('.course-book-hints').textContent !== ''")
    hints = book_page.locator(".course-book-hints").text_content()
    assert f"Hint 1 of {len(q.hints)}: {q.hints[0]}" in " ".join(hints.split())
    assert focused(book_page)["type"] == "radio"  # the hint button rested: focus kept in place

    steps = (right - wrong) % len(ids)
    for _ in range(steps):
        book_page.keyboard.press("ArrowDown")
    assert focused(book_page)["value"] == ids[right]
    tab_until(book_page, lambda f: f["action"] == "check")
    book_page.keyboard.press("Enter")
    said = announced(book_page)
    assert said.startswith("✔ Right.") and "Why" in said
    assert book_page.locator('[data-role="attempts"]').inner_text() == "2 attempts · solved"
    # Check rested with the right answer; the focus went back to the answer, not to the page
    assert focused(book_page) == {**first, "value": ids[right], "checked": True}
