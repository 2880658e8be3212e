"""The book's script core in Chromium: a page from file:// starts the handler registered for
each interactive widget, once, with the widget's spec."""

from __future__ import annotations

import pytest

from course.widgets import BOOK_MIME
from tools import bookweb

from .conftest import write_page

pytestmark = pytest.mark.slow


def test_the_core_starts_each_registered_handler_once_with_its_spec(
    tmp_path, book_page, monkeypatch
):
    monkeypatch.setitem(
        bookweb.RENDERERS,
        "test-widget",
        lambda spec, html: bookweb.widget_html("test-widget", spec, html),
    )
    bundle = {
        "text/plain": "x",
        "text/html": "<p>static</p>",
        BOOK_MIME: {"widget": "test-widget", "n": 7},
    }
    page = write_page(
        tmp_path,
        [bundle, dict(bundle, **{BOOK_MIME: {"widget": "test-widget", "n": 8}})],
    )
    errors = []
    book_page.on("pageerror", lambda error: errors.append(str(error)))
    book_page.add_init_script(
        "window.__seen = []; document.addEventListener('DOMContentLoaded', () =>"
        " CourseBook.register('test-widget', (element, spec) => window.__seen.push(spec.n)));"
    )
    book_page.goto(page.as_uri())
    book_page.wait_for_function("document.querySelectorAll('[data-course-ready]').length === 2")
    assert book_page.evaluate("window.__seen") == [7, 8]
    assert errors == []
