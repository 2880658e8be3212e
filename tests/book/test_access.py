"""Accessibility of a book page in Chromium: one page holding every course widget (each made
interactive where the book has a renderer for it, so whatever renderers exist are audited) has
no serious or critical axe-core violation once the book's script has started; the skip link is
the first stop of the Tab key, shows when focused and jumps past the navigation; a focused link
shows a focus ring. (The full built book is audited page by page in tests/lessons/test_book.py.)
"""

from __future__ import annotations

import pytest

from course.style import BOOK_CONTENT_ID, BOOK_NAV_CLASS, BOOK_SKIP_CLASS
from tools import axe, book

from ..unit.widgets.test_no_input_lost import factories
from .conftest import write_page

pytestmark = pytest.mark.slow

STARTED = """() => [...document.querySelectorAll('[data-course-widget]')]
  .every(el => el.hasAttribute('data-course-ready'))"""
"""True once the book's script has enhanced every widget it has a handler for (those without
one keep their static page and never become ready: see ``_wait_for_script``)."""


@pytest.fixture(scope="module")
def every_widget_page(tmp_path_factory):
    """A book page with one of each course widget, as the book would show it."""
    folder = tmp_path_factory.mktemp("every-widget")
    bundles = [make()._repr_mimebundle_() for make in factories(folder).values()]
    return write_page(folder, bundles, title="Every widget")


def _open(book_page, path):
    errors: list[str] = []
    book_page.on("pageerror", lambda error: errors.append(str(error)))
    book_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    book_page.goto(path.as_uri())
    _wait_for_script(book_page)
    return errors


def _wait_for_script(book_page) -> None:
    """Wait until every widget the script has a handler for is started (none: at once)."""
    book_page.wait_for_function(
        """() => typeof CourseBook === 'object' && document.readyState === 'complete'"""
    )
    book_page.evaluate("() => CourseBook.start()")  # idempotent: started elements are skipped
    book_page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )


def test_a_page_with_every_widget_has_no_serious_or_critical_violation(
    book_page, every_widget_page, axe_script
):
    errors = _open(book_page, every_widget_page)
    shown = book_page.evaluate("() => document.querySelectorAll('.jp-OutputArea-output').length")
    assert shown == len(factories(every_widget_page.parent)), "a widget is missing from the page"
    violations = axe.audit(book_page, script=axe_script)
    assert violations == [], f"{every_widget_page.name}:\n" + "\n".join(map(str, violations))
    assert errors == []


def test_the_skip_link_comes_first_shows_and_jumps_past_the_navigation(
    book_page, every_widget_page
):
    _open(book_page, every_widget_page)
    book_page.keyboard.press("Tab")
    focused = book_page.evaluate(
        """() => { const el = document.activeElement; const box = el.getBoundingClientRect();
          return {cls: el.className, text: el.textContent, width: box.width, height: box.height,
                  top: box.top, left: box.left, outline: getComputedStyle(el).outlineStyle}; }"""
    )
    assert focused["cls"] == BOOK_SKIP_CLASS and focused["text"] == book.SKIP_TEXT, focused
    assert focused["width"] > 40 and focused["height"] > 10, (
        f"the skip link is not shown: {focused}"
    )
    assert focused["top"] >= 0 and focused["left"] >= 0, f"the skip link is off screen: {focused}"
    book_page.keyboard.press("Enter")
    assert book_page.evaluate("() => document.activeElement.id") == BOOK_CONTENT_ID
    book_page.keyboard.press("Tab")
    assert book_page.evaluate(
        f"() => !document.activeElement.closest('nav.{BOOK_NAV_CLASS}')"
        " && document.activeElement !== document.body"
    ), "Tab after the skip link should land in the lesson, past the navigation"
    # and unfocused, the skip link takes no room on the page
    box = book_page.locator(f"a.{BOOK_SKIP_CLASS}").bounding_box()
    assert box is None or box["width"] <= 1 or box["x"] < -1000, box


def test_a_focused_link_shows_a_focus_ring(book_page, every_widget_page):
    _open(book_page, every_widget_page)
    book_page.keyboard.press("Tab")  # the skip link
    book_page.keyboard.press("Tab")  # the first link of the navigation
    ring = book_page.evaluate(
        """() => { const el = document.activeElement; const style = getComputedStyle(el);
          return {tag: el.tagName, style: style.outlineStyle, width: parseFloat(style.outlineWidth),
                  inNav: !!el.closest('nav')}; }"""
    )
    assert ring["tag"] == "A" and ring["inNav"], ring
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
