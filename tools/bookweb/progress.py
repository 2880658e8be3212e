"""The progress page in the offline book: the reader's progress kept in the browser.

The notebooks keep progress in ``.course-progress.json`` (:mod:`course.quiz.progress`); the book
keeps the same JSON in the browser's local storage (``js/10_progress.js``, which the book's
self-checks write to), so a reader moves between the two by exporting and importing that file.
The progress widget (:class:`course.quiz.summary.ProgressView`, name ``"progress"``) becomes a
live summary per set, with the same counts and words as :meth:`ProgressView.describe`, an HTML
bar chart, and Export, Import and Reset buttons. The spec carries the sets and their question
ids (no answer); this renderer adds the chart's segments (labels and CSS classes) and the
page's words. The static page stays inside for a reader with scripts off.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from course.quiz.summary import SEGMENTS, ProgressView
from course.style import (
    BOOK_PROGRESS_BAR_CLASS,
    BOOK_PROGRESS_BUTTONS_CLASS,
    BOOK_PROGRESS_CHART_CLASS,
    BOOK_PROGRESS_CLASS,
    BOOK_PROGRESS_MESSAGE_CLASS,
    BOOK_PROGRESS_SEGMENT_CLASSES,
)

from . import renderer, widget_html

CONFIRM_LABEL = "yes, forget all my progress"
"""The box a reader ticks before Reset forgets the progress kept in the browser (the same
words as the notebook widget's)."""

STATIC_NOTE = (
    "With scripts on, this page shows the progress this browser keeps from the book's "
    "self-checks, and lets you export it as {file} for JupyterLab or import one from there."
)
"""Said above the static picture, which shows the build's empty progress."""


def _segments() -> list[dict[str, str]]:
    """The chart's segments, left to right: the count's name, its legend words and its class."""
    return [
        {"name": name, "label": label, "class": BOOK_PROGRESS_SEGMENT_CLASSES[name]}
        for name, label, _colour, _hatch in SEGMENTS
    ]


@renderer("progress")
def progress_html(spec: Mapping[str, Any], static_html: str) -> str:
    """The progress page's live part (hidden until the script shows it) over the static page."""
    data = {**spec, "segments": _segments(), "bar_class": BOOK_PROGRESS_BAR_CLASS}
    file = escape(str(spec["file"]))
    title = ProgressView.description_title or "Text description"
    legend = "".join(
        f'<li><span class="{BOOK_PROGRESS_BAR_CLASS}"><span class="{s["class"]}"></span></span>'
        f"{escape(s['label'])}</li>"
        for s in data["segments"]
    )
    live = f"""<div class="{BOOK_PROGRESS_CLASS}" data-role="live" hidden>
<p>Your progress is kept in this browser, on no server. To carry it to JupyterLab, export it
and save it as <code>{file}</code> in the folder the notebooks run from; to carry it back, import
that file here (its progress is added to what this browser holds).</p>
<div class="{BOOK_PROGRESS_BUTTONS_CLASS}" role="group" aria-label="Progress file">
<button type="button" data-role="export">Export progress file</button>
<button type="button" data-role="import">Import progress file…</button>
<input type="file" accept=".json,application/json" data-role="import-file" hidden>
<button type="button" data-role="reset">Reset</button>
<label><input type="checkbox" data-role="confirm"> {escape(CONFIRM_LABEL)}</label>
</div>
<p class="{BOOK_PROGRESS_MESSAGE_CLASS}" role="status" aria-live="polite" data-role="message"></p>
<div data-role="summary">
<p role="status" aria-live="polite"><strong data-role="totals"></strong></p>
<p data-role="problem" hidden></p>
</div>
<ul aria-hidden="true" data-role="legend">{legend}</ul>
<div class="{BOOK_PROGRESS_CHART_CLASS}" aria-hidden="true" data-role="chart"></div>
<div data-role="table"></div>
<details open data-role="description"><summary><b>{escape(title)}</b></summary>
<div data-role="lines"></div></details>
</div>"""
    note = f"<p><em>{escape(STATIC_NOTE.format(file=spec['file']))}</em></p>"
    return widget_html("progress", data, f'{live}<div data-role="static">{note}{static_html}</div>')
