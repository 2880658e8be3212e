"""What the book's figure tests share: a page opened in Chromium that must raise no error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any


def opened(book_page: Any, path: Path, root: str) -> Iterator[Any]:
    """Open ``path`` from file:// in ``book_page``, wait until the script has started the
    widget ``root`` (a selector), hand the page over, and fail if the page raised an error."""
    errors: list[str] = []
    book_page.on("pageerror", lambda error: errors.append(str(error)))
    book_page.goto(path.as_uri())
    book_page.wait_for_selector(f"{root}[data-course-ready]")
    yield book_page
    assert errors == [], errors
