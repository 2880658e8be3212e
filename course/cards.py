"""Readable cards for records in Jupyter: a condition shows as a card, not a dataclass repr.

Each card is plain HTML with no script and no external resource, so it survives export to a
static book. Text is escaped; colour never carries meaning alone (evidence markers are words).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from . import records as r
from . import words
from .catalogue import content
from .html import box, items, line, table


@dataclass(frozen=True)
class Callout:
    """A short boxed note, e.g. the course's 'teaches, does not diagnose' statement."""

    text: str

    def _repr_html_(self) -> str:
        return box("note", f"<strong>Note.</strong> {escape(self.text)}", role="note")

    def _repr_markdown_(self) -> str:
        return f"> **Note.** {self.text}"

    def __str__(self) -> str:
        return f"Note. {self.text}"


def _names(collection: str, ids) -> list[str]:
    catalogue = content()
    out = []
    for ident in ids:
        record = catalogue.get(collection, ident)
        out.append(getattr(record, "name", None) or getattr(record, "term", ident))
    return out


def _sources(ids) -> str:
    cites = [content().get("sources", i).citation for i in ids]
    return items("Sources", cites)


def condition_html(c: r.Condition) -> str:
    """A condition as an HTML card."""
    category = words.CATEGORY[c.source_category]
    regions = ", ".join(words.REGION[g] for g in c.regions)
    cautions = [f"{k.claim} (why: {k.why})" if k.why else k.claim for k in c.caution_claims]
    body = (
        f"<h4 style='margin:0'>{escape(c.name)}</h4>"
        f"<p><em>{escape(category)} · {escape(regions)}</em></p>"
        f"<p>{escape(c.summary)}</p>"
        + line("Pain character", c.pain_character)
        + line("Where it spreads", c.radiation)
        + items("Structures", _names("structures", c.structures))
        + items("Aggravated by", c.aggravating)
        + items("Eased by", c.easing)
        + items("Key history", c.key_history)
        + items("Key tests", _names("tests", c.key_tests))
        + items("Red flags to screen", _names("red_flags", c.red_flags))
        + items("Management outline", c.management)
        + items("Claims to treat with caution", cautions)
        + _sources(c.sources)
    )
    return box(c.source_category, body)


def test_html(t: r.ClinicalTest) -> str:
    """A clinical test as an HTML card with its accuracy table."""
    rows = [
        (
            escape(a.reference_standard),
            words.percent(a.sensitivity),
            words.percent(a.specificity),
            words.ratio(a.lr_positive),
            words.ratio(a.lr_negative),
            escape(words.evidence_cell(a.evidence)),
        )
        for a in t.accuracy
    ]
    accuracy = (
        table(["Reference standard", "Sens", "Spec", "LR+", "LR−", "Evidence"], rows)
        if rows
        else "<p><em>No published accuracy figures.</em></p>"
    )
    body = (
        f"<h4 style='margin:0'>{escape(t.name)}</h4>"
        + line("Purpose", t.purpose)
        + line("How", t.procedure)
        + line("Positive when", t.positive)
        + accuracy
        + line("Note", t.note)
        + _sources(t.sources)
    )
    return box("test", body)


def structure_html(s: r.Structure) -> str:
    """An anatomical structure as an HTML card."""
    kind, layer = words.STRUCTURE_KIND[s.kind], words.LAYER[s.layer]
    body = (
        f"<h4 style='margin:0'>{escape(s.name)}</h4>"
        f"<p><em>{escape(kind)} · layer: {escape(layer)}</em></p>"
        f"<p>{escape(s.description)}</p>"
        + line("Function", s.function)
        + line("Innervation", s.innervation)
        + _sources(s.sources)
    )
    return box("structure", body)


def red_flag_html(f: r.RedFlag) -> str:
    """A red flag as an HTML card."""
    body = (
        f"<h4 style='margin:0'>Red flag: {escape(f.name)}</h4>"
        + line("Raises", f.suspect)
        + items("Features", f.features)
        + line(f"Action ({words.URGENCY[f.urgency]})", f.action)
        + line("Note", f.note)
        + _sources(f.sources)
    )
    return box("red_flag", body, role="note")


def term_html(g: r.GlossaryTerm) -> str:
    """A glossary term as an HTML card."""
    body = f"<strong>{escape(g.term)}</strong>: {escape(g.definition)}" + _sources(g.sources)
    return box("term", body)


def source_html(s: r.Source) -> str:
    """A source as one line of HTML."""
    return f"<p>{escape(s.citation)} <em>({escape(words.SOURCE_KIND[s.kind])})</em></p>"


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
