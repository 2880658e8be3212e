"""The offline book's interactive parts: course widgets rebuilt as HTML plus one small script.

A course widget that can live in the book says how it opened in its display bundle
(:data:`course.widgets.BOOK_MIME`, from :meth:`course.widgets.CourseWidget.book_spec`): its
name under ``"widget"`` and JSON-able ids and state. When the book turns an executed lesson
into a page (:func:`tools.book.static_outputs`), each such output goes through
:func:`interactive_html`, which hands the spec and the widget's static page to the renderer
registered for that widget name. A renderer returns the HTML of the interactive part; it keeps
the static page inside it, so a reader with scripts off still sees the picture and the
description. A widget name with no renderer keeps its static page.

The page's behaviour is plain script in ``tools/bookweb/js/`` (no framework, no network):
:func:`write_scripts` joins the files, in name order, into ``course-book.js`` beside the
pages, which every page loads. Each file registers its handlers on the ``CourseBook`` object
that ``00_core.js`` defines; the data a handler works on sits in the page as
``<script type="application/json">`` inside the element it enhances.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from html import escape
from pathlib import Path
from typing import Any

SCRIPT_FILE = "course-book.js"
"""The name of the book's one script, written beside the pages by :func:`write_scripts`."""

JS_DIR = Path(__file__).parent / "js"
"""Where the script's parts live, one file per concern, joined in name order."""

Renderer = Callable[[Mapping[str, Any], str], str]
"""``renderer(spec, static_html) -> html``: the interactive part of one widget output."""

RENDERERS: dict[str, Renderer] = {}
"""Widget name (``CourseWidget.name``) to the renderer that makes it interactive in the book."""


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    """Register the decorated function as the book renderer of widget ``name``."""

    def register(function: Renderer) -> Renderer:
        if name in RENDERERS:
            raise ValueError(f"two book renderers for widget {name!r}")
        RENDERERS[name] = function
        return function

    return register


def _load_renderers() -> None:
    # The modules register themselves on import; imported here so that callers need only this.
    from . import renderers  # noqa: F401


def interactive_html(spec: Mapping[str, Any], static_html: str) -> str:
    """The book's HTML for one widget output: the registered renderer's, or ``static_html``
    unchanged when the widget has none."""
    _load_renderers()
    make = RENDERERS.get(str(spec.get("widget")))
    return static_html if make is None else make(spec, static_html)


def json_island(data: Any, role: str) -> str:
    """``data`` as a ``<script type="application/json">`` block a page script reads by its
    ``data-role``. ``</`` is escaped so that no text in the data can end the block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" data-role="{escape(role)}">{text}</script>'


def widget_html(name: str, data: Any, body: str) -> str:
    """The element the page script enhances: ``body`` (the widget's HTML, its static page
    inside) with ``data`` as its ``spec`` island, found by the handler registered as ``name``."""
    from course.style import BOOK_WIDGET_CLASS

    return (
        f'<div class="{BOOK_WIDGET_CLASS}" data-course-widget="{escape(name)}">'
        f"{json_island(data, 'spec')}{body}</div>"
    )


def script_text() -> str:
    """The book's script: every ``js/*.js`` file, in name order, in one text."""
    parts = sorted(JS_DIR.glob("*.js"))
    return "\n".join(f"/* {part.name} */\n{part.read_text(encoding='utf-8')}" for part in parts)


def write_scripts(outdir: Path) -> Path:
    """Write :data:`SCRIPT_FILE` into ``outdir``; returns its path."""
    target = Path(outdir) / SCRIPT_FILE
    target.write_text(script_text(), encoding="utf-8")
    return target
