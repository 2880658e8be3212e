"""Readable cards for records in Jupyter: a condition shows as a card, not a dataclass repr.

Each card is plain HTML with no script and no external resource, so it survives export to a
static book. Text is escaped; colour never carries meaning alone (evidence markers are words).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from . import records as r
from .catalogue import content

_CARD = (
    "border:1px solid #999;border-left:6px solid {accent};border-radius:4px;"
    "padding:0.6em 1em;margin:0.4em 0;max-width:52em"
)
# Okabe-Ito accents per source category; the category is also written out in words.
_ACCENT = {
    "joint": "#0072B2",
    "soft_tissue": "#009E73",
    "bone": "#56B4E9",
    "lumbar_referred": "#E69F00",
    "radicular": "#D55E00",
    "peripheral_nerve": "#CC79A7",
    "non_msk": "#000000",
}
EVIDENCE_LABEL = {
    "confirmed": "",
    "secondary": " [secondary source only]",
    "unverified": " [UNVERIFIED]",
}
"""How a figure's evidence level is written next to it wherever it is shown."""


@dataclass(frozen=True)
class Callout:
    """A short boxed note, e.g. the course's 'teaches, does not diagnose' statement."""

    text: str

    def _repr_html_(self) -> str:
        style = _CARD.format(accent="#E69F00")
        return f'<div style="{style}" role="note"><strong>Note.</strong> {escape(self.text)}</div>'

    def _repr_markdown_(self) -> str:
        return f"> **Note.** {self.text}"

    def __str__(self) -> str:
        return f"Note. {self.text}"


def _items(title: str, values) -> str:
    if not values:
        return ""
    lis = "".join(f"<li>{escape(str(v))}</li>" for v in values)
    return f"<p><strong>{escape(title)}</strong></p><ul>{lis}</ul>"


def _line(title: str, value: str) -> str:
    return f"<p><strong>{escape(title)}:</strong> {escape(value)}</p>" if value else ""


def _names(collection: str, ids) -> list[str]:
    catalogue = content()
    out = []
    for ident in ids:
        record = catalogue.get(collection, ident)
        out.append(getattr(record, "name", None) or getattr(record, "term", ident))
    return out


def _sources(ids) -> str:
    cites = [content().get("sources", i).citation for i in ids]
    return _items("Sources", cites)


def percent(value: float | None) -> str:
    """A proportion as a whole-number percentage, or an en dash when not published."""
    return "–" if value is None else f"{value * 100:.0f}%"


def ratio(value: float | None) -> str:
    """A likelihood ratio to two decimals, or an en dash when not published."""
    return "–" if value is None else f"{value:.2f}"


def condition_html(c: r.Condition) -> str:
    """A condition as an HTML card."""
    category = c.source_category.replace("_", " ")
    regions = ", ".join(g.replace("_", "/") for g in c.regions)
    cautions = [f"{k.claim} (why: {k.why})" if k.why else k.claim for k in c.caution_claims]
    body = (
        f"<h4 style='margin:0'>{escape(c.name)}</h4>"
        f"<p><em>{escape(category)} · {escape(regions)} buttock</em></p>"
        f"<p>{escape(c.summary)}</p>"
        + _line("Pain character", c.pain_character)
        + _line("Where it spreads", c.radiation)
        + _items("Structures", _names("structures", c.structures))
        + _items("Aggravated by", c.aggravating)
        + _items("Eased by", c.easing)
        + _items("Key history", c.key_history)
        + _items("Key tests", _names("tests", c.key_tests))
        + _items("Red flags to screen", _names("red_flags", c.red_flags))
        + _items("Management outline", c.management)
        + _items("Claims to treat with caution", cautions)
        + _sources(c.sources)
    )
    return f'<div style="{_CARD.format(accent=_ACCENT[c.source_category])}">{body}</div>'


def test_html(t: r.ClinicalTest) -> str:
    """A clinical test as an HTML card with its accuracy table."""
    rows = "".join(
        "<tr>"
        f"<td>{escape(a.reference_standard)}</td><td>{percent(a.sensitivity)}</td>"
        f"<td>{percent(a.specificity)}</td><td>{ratio(a.lr_positive)}</td>"
        f"<td>{ratio(a.lr_negative)}</td>"
        f"<td>{escape(EVIDENCE_LABEL[a.evidence].strip() or a.evidence)}</td></tr>"
        for a in t.accuracy
    )
    table = (
        "<table><tr><th>Reference standard</th><th>Sens</th><th>Spec</th><th>LR+</th>"
        f"<th>LR−</th><th>Evidence</th></tr>{rows}</table>"
        if rows
        else "<p><em>No published accuracy figures.</em></p>"
    )
    body = (
        f"<h4 style='margin:0'>{escape(t.name)}</h4>"
        + _line("Purpose", t.purpose)
        + _line("How", t.procedure)
        + _line("Positive when", t.positive)
        + table
        + _line("Note", t.note)
        + _sources(t.sources)
    )
    return f'<div style="{_CARD.format(accent="#009E73")}">{body}</div>'


def structure_html(s: r.Structure) -> str:
    """An anatomical structure as an HTML card."""
    body = (
        f"<h4 style='margin:0'>{escape(s.name)}</h4>"
        f"<p><em>{escape(s.kind)} · layer: {escape(s.layer.replace('_', ' '))}</em></p>"
        f"<p>{escape(s.description)}</p>"
        + _line("Function", s.function)
        + _line("Innervation", s.innervation)
        + _sources(s.sources)
    )
    return f'<div style="{_CARD.format(accent="#56B4E9")}">{body}</div>'


def red_flag_html(f: r.RedFlag) -> str:
    """A red flag as an HTML card."""
    body = (
        f"<h4 style='margin:0'>Red flag: {escape(f.name)}</h4>"
        + _line("Raises", f.suspect)
        + _items("Features", f.features)
        + _line(f"Action ({f.urgency})", f.action)
        + _line("Note", f.note)
        + _sources(f.sources)
    )
    return f'<div style="{_CARD.format(accent="#D55E00")}" role="note">{body}</div>'


def term_html(g: r.GlossaryTerm) -> str:
    """A glossary term as an HTML card."""
    body = f"<strong>{escape(g.term)}</strong>: {escape(g.definition)}" + _sources(g.sources)
    return f'<div style="{_CARD.format(accent="#999999")}">{body}</div>'


def source_html(s: r.Source) -> str:
    """A source as one line of HTML."""
    return f"<p>{escape(s.citation)} <em>({escape(s.kind)})</em></p>"


_RENDERERS = {
    r.Condition: condition_html,
    r.ClinicalTest: test_html,
    r.Structure: structure_html,
    r.RedFlag: red_flag_html,
    r.GlossaryTerm: term_html,
    r.Source: source_html,
}


def _repr_html_(self) -> str:
    return _RENDERERS[type(self)](self)


for _cls in _RENDERERS:
    _cls._repr_html_ = _repr_html_  # records stay plain data; display is attached here


def table(records_: list, columns: list[str]) -> str:
    """A compact HTML table of several records, one row each, with the named attributes."""
    head = "".join(f"<th>{escape(c.replace('_', ' '))}</th>" for c in columns)
    rows = []
    for rec in records_:
        cells = []
        for c in columns:
            value = getattr(rec, c)
            text = ", ".join(value) if isinstance(value, tuple) else str(value)
            cells.append(f"<td>{escape(text.replace('_', ' '))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"
