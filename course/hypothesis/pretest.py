"""Pre-test probabilities from published prevalence (``course/content/pretest.yaml``).

A pre-test probability is where reasoning starts: how common the condition is among people
like this patient, before the examination. Each entry names the population it was measured in,
because a figure from one population (chronic low back pain referred for injections) does not
carry over unchanged to another (a first visit to a physiotherapist). Each entry also lists the
tests and clusters the widget offers for that presentation. Taught in lesson 08.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalogue import content
from ..records import rules as content_rules
from ..records.hypothesis import FindingChoice, PretestProbability
from ..words import pretest_figure as figure

__all__ = [
    "FindingChoice",
    "PretestProbability",
    "figure",
    "presentation",
    "presentations",
    "pretest_flaws",
    "table",
]


def presentations() -> list[PretestProbability]:
    """Every presentation with a published pre-test probability."""
    return content().all("pretest")


def presentation(ident: str) -> PretestProbability:
    """One presentation by id; an unknown id names the closest ids."""
    return content().get("pretest", ident)


def pretest_table(ids: list[str] | None = None) -> PretestTable:
    """The presentations (or those with ``ids``) as a table: figure, population, sources."""
    entries = presentations() if ids is None else [presentation(i) for i in ids]
    return PretestTable(tuple(entries))


@dataclass(frozen=True, repr=False)
class PretestTable:
    """Pre-test probabilities shown as an HTML table in a notebook (plain text elsewhere)."""

    entries: tuple[PretestProbability, ...]

    def _repr_html_(self) -> str:
        from html import escape

        from ..html import table

        head = ["Presentation (id)", "Pre-test probability", "Population", "Sources"]
        rows = [
            (
                f"{escape(e.name)}<br><code>{escape(e.id)}</code>",
                f"<b>{escape(figure(e))}</b>",
                escape(e.population),
                escape(", ".join(e.sources)),
            )
            for e in self.entries
        ]
        return table(head, rows)

    def __repr__(self) -> str:
        return "\n".join(f"{e.name}: {figure(e)} ({e.population})" for e in self.entries)


def pretest_flaws(entries: list[PretestProbability] | None = None) -> list[str]:
    """What :func:`course.records.rules.pretest` finds wrong with pre-test entries, as lines.

    The same rule runs whenever content loads (and in ``python -m course validate``); this
    wrapper checks records built by hand. Empty when nothing is wrong.
    """
    found = presentations() if entries is None else entries
    return content_rules.lines("pretest.yaml", found, content_rules.pretest)


table = pretest_table
"""The name the lessons call (``pretest.table()``); :func:`course.html.table` is the HTML
primitive."""
