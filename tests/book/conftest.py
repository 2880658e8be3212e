"""Fixtures for the offline book's pages in Chromium, without executing any lesson.

``write_page`` turns display bundles made in this process (a widget's ``_repr_mimebundle_()``)
into one book page, as :func:`tools.book.build` would from an executed lesson, with the book's
script beside it; ``book_page`` is a fresh Chromium tab (of ``book_chromium``, in
tests/conftest.py, which the full book's tests in tests/lessons share). Tests open the page
from ``file://``, as a reader who downloaded the book would. These fixtures are not the
JupyterLab browser fixtures, so a book test joins no browser shard: its module is a group of
its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import nbformat
import pytest

from tools import book
from tools.bookweb import write_scripts


def write_page(
    folder: Path, bundles: Sequence[Mapping[str, Any]], name: str = "99_test", title: str = "Test"
) -> Path:
    """One book page holding ``bundles`` (one output cell each) in ``folder``, with the book's
    script beside it; returns the page's path."""
    cells = []
    for bundle in bundles:
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [nbformat.v4.new_output("display_data", data=dict(bundle))]
        cells.append(cell)
    notebook = nbformat.v4.new_notebook(cells=cells)
    book.static_outputs(notebook)
    folder.mkdir(parents=True, exist_ok=True)
    page = book.Page(int(name[:2]), title, folder / f"{name}.ipynb")
    target = folder / page.file
    target.write_text(book.page_html(notebook, page, [page]), encoding="utf-8")
    write_scripts(folder)
    return target


@pytest.fixture
def book_page(book_chromium: Any) -> Iterator[Any]:
    """A Playwright page in a fresh browser context (its own local storage)."""
    context = book_chromium.new_context()
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
