"""Pre-test probabilities from published prevalence (``course/content/pretest.yaml``).

A pre-test probability is where reasoning starts: how common the condition is among people
like this patient, before the examination. Each entry names the population it was measured in,
because a figure from one population (chronic low back pain referred for injections) does not
carry over unchanged to another (a first visit to a physiotherapist). Each entry also lists the
tests and clusters the widget offers for that presentation. Taught in lesson 08.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Evidence, ref
from ..words import pretest_figure

__all__ = [
    "FindingChoice",
    "PretestProbability",
    "presentation",
    "presentations",
    "problems",
    "table",
]


@dataclass(frozen=True)
class FindingChoice:
    """A test or a cluster offered for a presentation (give exactly one of the two).

    ``source`` picks the study where the test or cluster has several accuracy entries, e.g. the
    straight leg raise as studied by Martin 2014 (sciatic nerve entrapment) rather than Devillé
    2000 (disc herniation). Without it the first entry with usable figures is used.
    """

    test: str | None = ref("tests", default=None)
    cluster: str | None = ref("clusters", default=None)
    source: str | None = ref("sources", default=None)


@dataclass(frozen=True)
class PretestProbability:
    """How common a condition is in a stated population: a point value or a range (0..1)."""

    id: str
    name: str
    """The presentation as the widget lists it, e.g. 'Pelvic girdle pain in pregnancy'."""
    condition: str = ref("conditions")
    population: str
    """Who was counted, and how the condition was confirmed."""
    evidence: Evidence
    sources: tuple[str, ...] = ref("sources")
    value: float | None = None
    low: float | None = None
    high: float | None = None
    findings: tuple[FindingChoice, ...] = ()
    note: str = ""

    @property
    def typical(self) -> float:
        """The value to start from: the point value, else the middle of the range."""
        if self.value is not None:
            return self.value
        if self.low is None or self.high is None:
            raise ValueError(f"pre-test entry '{self.id}' gives neither a value nor a range")
        return (self.low + self.high) / 2

    @property
    def span(self) -> tuple[float, float] | None:
        """The published range (low, high), or None for a single value."""
        if self.low is None or self.high is None:
            return None
        return (self.low, self.high)


def presentations() -> list[PretestProbability]:
    """Every presentation with a published pre-test probability."""
    from ..catalogue import shipped

    return shipped().all("pretest")


def presentation(ident: str) -> PretestProbability:
    """One presentation by id; an unknown id names the closest ids."""
    from ..catalogue import shipped

    return shipped().get("pretest", ident)


def table(ids: list[str] | None = None) -> PretestTable:
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
                f"<b>{escape(pretest_figure(e))}</b>",
                escape(e.population),
                escape(", ".join(e.sources)),
            )
            for e in self.entries
        ]
        return table(head, rows)

    def __repr__(self) -> str:
        return "\n".join(f"{e.name}: {pretest_figure(e)} ({e.population})" for e in self.entries)


def problems(entries: list[PretestProbability] | None = None) -> list[str]:
    """What is wrong with pre-test entries beyond what the loader checks (empty if nothing).

    A value or a low-high range (not both, not neither), every figure strictly between 0 and 1,
    low below high, and each finding naming exactly one test or cluster.
    """
    found = []
    for entry in presentations() if entries is None else entries:
        where = f"pretest.yaml, entry '{entry.id}'"
        has_value = entry.value is not None
        has_range = entry.low is not None or entry.high is not None
        if has_value == has_range:
            found.append(f"{where}: give either value or low and high, not both or neither")
        if has_range and (entry.low is None or entry.high is None):
            found.append(f"{where}: a range needs both low and high")
        for name in ("value", "low", "high"):
            figure = getattr(entry, name)
            if figure is not None and not 0 < figure < 1:
                found.append(
                    f"{where}: {name} {figure} must be a proportion strictly between 0 and 1 "
                    "(20% is 0.2)"
                )
        if entry.low is not None and entry.high is not None and entry.low >= entry.high:
            found.append(f"{where}: low {entry.low} must be below high {entry.high}")
        for index, choice in enumerate(entry.findings):
            if (choice.test is None) == (choice.cluster is None):
                found.append(f"{where}: findings[{index}] must name either a test or a cluster")
    return found
