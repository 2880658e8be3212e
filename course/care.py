"""After the diagnosis: the tables lesson 10 shows, and the psychosocial screen's score.

Each helper reads the content in use (``management.yaml``, ``outcome_measures.yaml``,
``reassessment.yaml``, ``imaging.yaml``, ``pathways.yaml``, ``yellow_flags.yaml``,
``screens.yaml``) and returns a :class:`CareTable`: an HTML table in Jupyter, the same rows as
plain text everywhere else. Every statement carries its evidence marker (``words.EVIDENCE``) and
every table its sources. :func:`screen_result` is pure: it takes a screen record and answers and
returns the total, the subscale and the band. The course teaches; these tables do not diagnose
anyone or prescribe for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from . import lookups, words
from .html import Shown, items, table
from .records.care import CareItem, Screen, ScreenBand

CARE_CAPTION = (
    "Teaching material: principles as the sources state them, not a plan for any one person."
)
"""Said under every care table: the course teaches management, it does not prescribe."""


@dataclass(frozen=True, repr=False)
class CareTable(Shown):
    """A table of course content: a caption, a head, rows of plain-text cells, and the
    sources the rows cite (ids)."""

    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    sources: tuple[str, ...] = ()
    note: str = CARE_CAPTION

    def description(self) -> str:
        """The table as plain text: the caption, then one line per row (``head: cell``)."""
        lines = [self.caption]
        for row in self.rows:
            lines.append("; ".join(f"{h}: {c}" for h, c in zip(self.head, row, strict=True)))
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.description()

    def _repr_html_(self) -> str:
        rows = [[escape(cell).replace("\n", "<br>") for cell in row] for row in self.rows]
        cites = [lookups.source(i).citation for i in self.sources]
        note = f"<p><em>{escape(self.note)}</em></p>" if self.note else ""
        caption = f"<strong>{escape(self.caption)}</strong>"
        return table(self.head, rows, caption, row_headers=True) + note + items("Sources", cites)


def _cited(groups: Iterable[Iterable[str]]) -> tuple[str, ...]:
    """Source ids in order of first citation, each once."""
    return tuple(dict.fromkeys(i for group in groups for i in group))


def _statement(item: CareItem) -> str:
    """A statement with its evidence marker."""
    return words.marked(item.text, item.evidence)


# --------------------------------------------------------------------------- management


def plan_table(condition: str) -> CareTable:
    """The management principles of one condition: what management rests on, what to avoid
    and why, when to refer and how fast, and what is not known."""
    found = lookups.condition(condition)
    plan = lookups.management_plan(condition)
    rows = [("Principle", _statement(i)) for i in plan.principles]
    rows += [("Avoid", _statement(i)) for i in plan.avoid]
    for referral in plan.refer:
        flag = (
            f" (red flag: {lookups.red_flag(referral.red_flag).name})" if referral.red_flag else ""
        )
        rows.append(
            (
                f"Refer ({words.URGENCY[referral.urgency]})",
                f"{referral.when} To {referral.to}.{flag}",
            )
        )
    rows += [("Not known", _statement(i)) for i in plan.unknown]
    return CareTable(
        f"Managing {found.name.lower()}: principles and evidence",
        ("Kind", "Statement"),
        tuple(rows),
        plan.sources,
    )


# --------------------------------------------------------------------------- outcome measures


def outcome_measure_table(ids: Sequence[str] | None = None) -> CareTable:
    """Outcome measures: what each measures, for whom, its scale, and its published minimal
    important change with its marker (or why none is shown)."""
    measures = (
        lookups.outcome_measures() if ids is None else [lookups.outcome_measure(i) for i in ids]
    )
    rows = []
    for m in measures:
        span = f"{_number(m.minimum)}-{_number(m.maximum)} {m.units}; {words.BETTER[m.better]}"
        changes = [
            words.marked(f"{_number(c.value)} {c.units} ({c.population})", c.evidence)
            for c in m.change
        ]
        rows.append(
            (
                f"{m.abbreviation}: {m.name}",
                m.measures,
                m.for_whom,
                f"{m.scale} Range {span}.",
                "\n".join(changes) or f"None shown. {m.note}",
            )
        )
    cited = _cited([m.sources for m in measures] + [c.sources for m in measures for c in m.change])
    return CareTable(
        "Outcome measures and their minimal important change (MIC)",
        ("Measure", "Measures", "For whom", "Scale", "Minimal important change"),
        tuple(rows),
        cited,
    )


def _number(value: float) -> str:
    """A figure without a trailing '.0' (2.0 -> '2', 2.3 -> '2.3')."""
    return f"{value:g}"


def reassessment_table(stage: str | None = None) -> CareTable:
    """Reassessment and follow-up (seed 004): what to check, why, and the measures that
    record it; optionally only the ``immediate`` or the ``follow_up`` steps."""
    steps = lookups.reassessment_steps(stage)
    rows = tuple(
        (
            step.name,
            words.REASSESSMENT_STAGE[step.stage],
            step.what,
            step.why,
            ", ".join(lookups.outcome_measure(i).abbreviation for i in step.measures) or "–",
        )
        for step in steps
    )
    return CareTable(
        "Reassessment: immediate checks and follow-up",
        ("Step", "When", "What to check", "Why", "Measures"),
        rows,
        _cited(s.sources for s in steps),
    )


# --------------------------------------------------------------------------- imaging


def imaging_table() -> CareTable:
    """Each imaging choice ("no imaging" first): what it shows, what it misses, when it helps
    and when it does not, each statement with its marker; seed claims taught as claims."""
    choices = lookups.imaging_choices()
    rows = []
    for c in choices:
        claims = [f"Claim (seed): {k.claim} Why be careful: {k.why}" for k in c.caution_claims]
        rows.append(
            (
                c.name,
                f"{c.shows}\nMisses: {c.misses}",
                "\n".join(_statement(i) for i in c.helps_when),
                "\n".join([_statement(i) for i in c.not_when] + claims),
            )
        )
    cited = _cited(
        [c.sources for c in choices]
        + [i.sources for c in choices for i in (*c.helps_when, *c.not_when)]
    )
    return CareTable(
        "Imaging choice: what each shows, and when it helps",
        ("Choice", "Shows / misses", "Helps when", "Does not help when"),
        tuple(rows),
        cited,
    )


def incidental_findings() -> CareTable:
    """How often scans show findings in people without pain, with each figure's marker."""
    found = [(c, f) for c in lookups.imaging_choices() for f in c.incidental]
    rows = tuple(
        (f.finding, c.name, f.population, words.marked(words.percent(f.proportion), f.evidence))
        for c, f in found
    )
    return CareTable(
        "Findings in people WITHOUT pain",
        ("Finding", "Imaging", "Who was scanned", "How many had it"),
        rows,
        _cited(f.sources for _, f in found),
        "A finding on a scan is not the source of pain until the history and examination agree.",
    )


def pathway_table(ident: str = "hip_or_spine") -> CareTable:
    """A stepwise screen, one row per step: the question, what to examine, and where each
    answer leads."""
    path = lookups.pathway(ident)
    rows = tuple(
        (
            f"{number}. {step.ask}",
            step.examine,
            step.if_positive,
            step.if_negative,
        )
        for number, step in enumerate(path.steps, start=1)
    )
    return CareTable(
        path.name,
        ("Step", "Examine", "If positive", "If negative"),
        rows,
        _cited([path.sources] + [s.sources for s in path.steps]),
        path.note,
    )


# --------------------------------------------------------------------------- psychosocial


def yellow_flag_table() -> CareTable:
    """The yellow flags: what to listen for, why each matters, and how a physiotherapist
    responds within their role."""
    flags = lookups.yellow_flags()
    rows = tuple(
        (
            words.marked(f.name, f.evidence),
            f.domain,
            "\n".join(f.listen_for),
            f.why,
            f.respond,
        )
        for f in flags
    )
    return CareTable(
        "Yellow flags: psychosocial factors that slow recovery",
        ("Yellow flag", "Domain", "Listen for", "Why it matters", "How to respond"),
        rows,
        _cited(f.sources for f in flags),
        "Yellow flags change how care is explained and paced; they are not diagnoses.",
    )


def screen_table(ident: str) -> CareTable:
    """A screening questionnaire's items (in the course's words) and its bands."""
    found = lookups.screen(ident)
    rows = [
        (
            f"Item {number}" + (" (subscale)" if item.subscale else ""),
            f"{item.about} {item.scores}",
        )
        for number, item in enumerate(found.items, start=1)
    ]
    rows += [(f"Band: {b.name}", f"{b.rule} {b.meaning}") for b in found.bands]
    return CareTable(
        words.marked(found.name, found.evidence),
        ("Part", "What it asks or means"),
        tuple(rows),
        found.sources,
        f"{found.note} A screen sorts risk to match care; it does not diagnose.".strip(),
    )


@dataclass(frozen=True, repr=False)
class ScreenResult:
    """What a screen's answers add up to: total and subscale scores (points) and the band."""

    total: int
    subscale: int
    band: ScreenBand

    def description(self) -> str:
        """The result in a sentence."""
        return f"Total {self.total}, subscale {self.subscale}: {self.band.name} ({self.band.rule})"

    def __repr__(self) -> str:
        return self.description()


def screen_result(screen: Screen, answers: Mapping[str, int]) -> ScreenResult:
    """Score a screen: ``answers`` maps item ids to the points each scored (0 up to the item's
    ``points``); items not given score 0. Raises ValueError naming an unknown item or a score
    out of range."""
    known = {item.id: item for item in screen.items}
    for ident, points in answers.items():
        if ident not in known:
            raise ValueError(f"{screen.id} has no item '{ident}'; items: {', '.join(known)}")
        if not 0 <= points <= known[ident].points:
            raise ValueError(
                f"{screen.id} item '{ident}' scores 0 to {known[ident].points}, not {points}"
            )
    total = sum(answers.values())
    subscale = sum(p for i, p in answers.items() if known[i].subscale)
    (band,) = screen.bands_for(total, subscale)
    return ScreenResult(total, subscale, band)
