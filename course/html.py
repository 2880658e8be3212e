"""The few HTML shapes the course builds, written once: a box, a table, prose, a list.

Cards, decks, notes, feedback and widget panels are all made of these. The HTML is plain (no
script, no external resource) so it survives export to a static book; colours and class names
come from :mod:`course.style`. Callers pass HTML: escape text with ``html.escape`` first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from .style import ACCENT, BOX_STYLE, WIDGET_CSS

TOP_LEFT = "text-align:left;vertical-align:top"
"""The inline style of a table cell: words read from the top left."""


def box(kind: str, body: str, role: str | None = None) -> str:
    """``body`` (HTML) in a bordered box whose left edge has the accent of ``kind``.

    ``kind`` is a key of ``course.style.ACCENT``: a source category, a record card (``test``,
    ``structure``...), ``note``/``problem``, or an answer state (``right``, ``wrong``...).
    ``role`` is the ARIA role (``note``, ``status``, ``alert``) where the box has one.
    """
    if kind not in ACCENT:
        raise ValueError(f"no box accent for {kind!r}; known: {', '.join(sorted(ACCENT))}")
    aria = f" role='{role}'" if role else ""
    return f"<div style='{BOX_STYLE.format(accent=ACCENT[kind])}'{aria}>{body}</div>"


def table(
    head: Sequence[str],
    rows: Iterable[Sequence[str]],
    caption: str = "",
    row_headers: bool = False,
) -> str:
    """An HTML table; cells and ``caption`` are HTML (already escaped), top-left aligned.

    Head cells are plain text (escaped here) or ready ``<th ...>`` markup. With ``row_headers``
    the first cell of each row is that row's header.
    """
    heads = "".join(
        h if h.startswith("<th") else f"<th scope='col' style='{TOP_LEFT}'>{escape(h)}</th>"
        for h in head
    )
    first, close = ("th scope='row'", "th") if row_headers else ("td", "td")
    body = "".join(
        f"<tr><{first} style='{TOP_LEFT}'>{row[0]}</{close}>"
        + "".join(f"<td style='{TOP_LEFT}'>{cell}</td>" for cell in row[1:])
        + "</tr>"
        for row in rows
    )
    title = f"<caption style='text-align:left'>{caption}</caption>" if caption else ""
    return (
        "<table style='border-collapse:collapse;max-width:70em;font-size:95%'>"
        f"{title}<tr>{heads}</tr>{body}</table>"
    )


def widget_css() -> str:
    """The course's widget stylesheet as a ``<style>`` element (for an ``ipywidgets.HTML``).

    JupyterLab loads no stylesheet of the course's own, so each widget carries this one; the
    browser applies identical rules once however many widgets repeat it.
    """
    return f"<style>{WIDGET_CSS}</style>"


def prose(html: str) -> str:
    """HTML for an ``ipywidgets.HTML`` value at normal line spacing ("" stays "").

    The widget sets a 28 px line height, which spreads sentences apart; this is the one fix.
    """
    return f"<div style='line-height:1.35;margin:0.2em 0'>{html}</div>" if html else ""


def folded(summary: str, body: str, *, open_: bool = False) -> str:
    """``body`` (HTML) in a ``<details>`` block a reader opens and folds by its ``summary``
    (plain text, escaped here, shown bold); ``open_`` starts it unfolded."""
    state = " open" if open_ else ""
    return f"<details{state}><summary><b>{escape(summary)}</b></summary>{body}</details>"


def items(title: str, values: Iterable[object]) -> str:
    """A bold title over a bulleted list of ``values`` (escaped); "" when there are none."""
    lis = "".join(f"<li>{escape(str(v))}</li>" for v in values)
    return f"<p><strong>{escape(title)}</strong></p><ul>{lis}</ul>" if lis else ""


def cell_list(lines: Sequence[str]) -> str:
    """Plain-text ``lines`` (escaped here) as one table cell: the line itself when there is one,
    a bulleted list when there are several, an italic dash when there are none."""
    if not lines:
        return "<em>–</em>"
    if len(lines) == 1:
        return escape(lines[0])
    return (
        "<ul style='margin:0;padding-left:1.1em'>"
        + "".join(f"<li>{escape(x)}</li>" for x in lines)
        + "</ul>"
    )


def line(title: str, value: str) -> str:
    """'**Title:** value' as a paragraph (both escaped); "" when there is no value."""
    return f"<p><strong>{escape(title)}:</strong> {escape(value)}</p>" if value else ""


class Shown:
    """Something a lesson displays: HTML in Jupyter, its ``description()`` everywhere else."""

    def description(self) -> str:
        """What the object shows, as plain text."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.description()
