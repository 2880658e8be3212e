"""The condition lessons' helpers: decks of condition cards, side-by-side comparisons, key
tests, the claims to question, and the condition explorer widget.

Everything is built from the content (``course.conditions()``...): a lesson never retypes a
clinical fact that ``course/content/`` already holds. Each helper returns a plain object that
displays as HTML in Jupyter (and as text anywhere else) and keeps the records it shows.

Taught in lessons 03, 04, 05 and 07; ``course.lessons`` re-exports every name here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape

from . import lookups, words
from . import records as r
from .cards import _names, condition_html, test_html
from .figures import DESCRIPTION_CLASS, tag
from .html import TOP_LEFT, Shown, cell_list, table
from .loading import suggest
from .style import ACCENT, BOX_STYLE
from .widgets import CourseWidget

COMPARE_FIELDS: tuple[str, ...] = (
    "regions",
    "source_category",
    "pain_character",
    "radiation",
    "aggravating",
    "easing",
    "key_history",
    "key_tests",
    "red_flags",
)
"""The rows ``compare_table`` shows unless told otherwise."""

_FIELD_TITLES: dict[str, str] = {
    "name": "Condition",
    "summary": "In short",
    "regions": "Where in the buttock",
    "source_category": "Source",
    "structures": "Structures",
    "pain_character": "Pain character",
    "radiation": "Where it spreads",
    "aggravating": "Aggravated by",
    "easing": "Eased by",
    "key_history": "Key history",
    "key_tests": "Key tests",
    "red_flags": "Red flags to screen",
    "management": "Management outline",
    "caution_claims": "Claims to treat with caution",
    "aka": "Also called",
    "sources": "Sources",
}
"""Every Condition field a comparison may show, with its row title."""

_REFERENCED = {"structures": "structures", "key_tests": "tests", "red_flags": "red_flags"}


def field_text(condition: r.Condition, field: str) -> tuple[str, ...]:
    """One field of a condition as readable lines: names for ids, words for categories."""
    value = getattr(condition, field)
    if field in _REFERENCED:
        return tuple(_names(_REFERENCED[field], value))
    if field == "regions":
        return tuple(words.REGION[v] for v in value)
    if field == "source_category":
        return (words.CATEGORY[value],)
    if field == "caution_claims":
        return tuple(c.claim for c in value)
    if field == "sources":
        return tuple(lookups.source(s).citation for s in value)
    if isinstance(value, tuple):
        return value
    return (value,) if value else ()


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (up to a full stop followed by a capital letter)."""
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z])", text)
    return text[: match.start()] if match else text


# --------------------------------------------------------------------------- condition cards


@dataclass(frozen=True)
class ConditionDeck(Shown):
    """A deck of condition cards, e.g. every condition felt in the upper buttock.

    In Jupyter each card shows as a one-line summary that opens into the full card.
    """

    conditions: tuple[r.Condition, ...]
    heading: str
    expanded: bool = False
    """Show every card open instead of as a one-line summary."""

    @property
    def ids(self) -> list[str]:
        """The ids of the conditions in the deck, in content order."""
        return [c.id for c in self.conditions]

    def description(self) -> str:
        """The deck in one sentence, for screen readers and tests."""
        if not self.conditions:
            return f"{self.heading}: none in the content."
        names = "; ".join(c.name for c in self.conditions)
        return f"{self.heading} ({len(self.conditions)}): {names}."

    def _repr_html_(self) -> str:
        parts = [
            f"<p role='status'><strong>{escape(self.heading)}</strong>: "
            f"{len(self.conditions)} condition{'s' if len(self.conditions) != 1 else ''}. "
            "Open a card to read it.</p>"
            if not self.expanded
            else f"<p role='status'><strong>{escape(self.heading)}</strong></p>"
        ]
        if not self.conditions:
            parts.append("<p><em>No condition in the content matches.</em></p>")
        for c in self.conditions:
            if self.expanded:
                parts.append(condition_html(c))
                continue
            where = ", ".join(words.REGION[g] for g in c.regions)
            kind = words.CATEGORY[c.source_category]
            line = (
                f"<strong>{escape(c.name)}</strong> · <em>{escape(kind)}"
                f"; {escape(where)}</em><br><span style='margin-left:1.4em'>"
                f"{escape(first_sentence(c.summary))}</span>"
            )
            style = BOX_STYLE.format(accent=ACCENT[c.source_category])
            parts.append(
                f"<details style='{style}'><summary style='cursor:pointer'>{line}</summary>"
                f"{condition_html(c)}</details>"
            )
        return "".join(parts)


def condition_cards(
    region: str | None = None,
    category: str | None = None,
    ids: Sequence[str] | None = None,
    expanded: bool = False,
) -> ConditionDeck:
    """The condition cards felt in one ``region`` and/or of one source ``category``,
    or exactly the conditions named in ``ids`` (in that order).

    ``region`` is ``upper``, ``lower``, ``lateral`` or ``deep_radiating``; ``category`` one of
    ``joint, soft_tissue, bone, lumbar_referred, radicular, peripheral_nerve, non_msk``.
    """
    chosen = lookups.conditions(region=region, category=category)  # checks both choices
    if ids is not None:
        named = [lookups.condition(i) for i in ids]  # an unknown id: 'did you mean'
        chosen = [c for c in named if c in chosen]
    subject = words.CATEGORY[category] + " causes" if category else "conditions"
    if ids is not None and not (region or category):
        subject = "conditions chosen for this section"
    heading = subject + (f" felt in the {words.REGION[region]}" if region else "")
    return ConditionDeck(tuple(chosen), heading[0].upper() + heading[1:], expanded)


# --------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class Comparison(Shown):
    """Several conditions side by side: one column per condition, one row per field."""

    conditions: tuple[r.Condition, ...]
    fields: tuple[str, ...]

    def cell(self, field: str, ident: str) -> tuple[str, ...]:
        """The readable lines in one cell of the table."""
        (condition,) = [c for c in self.conditions if c.id == ident]
        return field_text(condition, field)

    def rows(self) -> list[tuple[str, list[tuple[str, ...]]]]:
        """(row title, one cell per condition) for every field, in order."""
        return [
            (_FIELD_TITLES[f], [field_text(c, f) for c in self.conditions]) for f in self.fields
        ]

    def description(self) -> str:
        """The table as plain text, row by row, for screen readers and tests."""
        lines = ["Comparison of " + ", ".join(c.name for c in self.conditions) + "."]
        for title, cells in self.rows():
            for condition, lines_ in zip(self.conditions, cells, strict=True):
                lines.append(f"{title}, {condition.name}: {'; '.join(lines_) or '–'}.")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        width = f"{80 // max(1, len(self.conditions))}%"
        head = [""] + [
            f"<th scope='col' style='{TOP_LEFT};border-top:6px solid "
            f"{ACCENT[c.source_category]};width:{width}'>{escape(c.name)}<br>"
            f"<small><em>{escape(words.CATEGORY[c.source_category])}</em></small></th>"
            for c in self.conditions
        ]
        rows = [
            [escape(title)] + [cell_list(lines) for lines in cells] for title, cells in self.rows()
        ]
        names = escape(", ".join(c.name for c in self.conditions))
        return table(head, rows, f"<strong>Side by side:</strong> {names}", row_headers=True)


def compare_table(ids: Sequence[str], fields: Sequence[str] | None = None) -> Comparison:
    """Conditions side by side (2 to 6 of them), showing ``fields`` (default ``COMPARE_FIELDS``).

    An unknown condition id raises ``UnknownIdError`` with the closest valid ids; an
    unknown field raises ``ValueError`` naming the fields that can be shown.
    """
    if isinstance(ids, str):
        raise TypeError("compare_table wants a list of condition ids, e.g. ['a', 'b']")
    if not 2 <= len(ids) <= 6:
        raise ValueError(f"compare 2 to 6 conditions side by side, not {len(ids)}")
    repeated = sorted({i for i in ids if list(ids).count(i) > 1})
    if repeated:
        raise ValueError(f"condition listed twice: {', '.join(repeated)}")
    chosen = tuple(lookups.condition(i) for i in ids)
    fields = tuple(COMPARE_FIELDS if fields is None else fields)
    for f in fields:
        if f not in _FIELD_TITLES:
            raise ValueError(
                f"unknown field '{f}'; {suggest(f, _FIELD_TITLES)} "
                f"(fields: {', '.join(_FIELD_TITLES)})"
            )
    return Comparison(chosen, fields)


# --------------------------------------------------------------------------- clinical tests


@dataclass(frozen=True)
class TestDeck(Shown):
    """The cards of several clinical tests, each with its published accuracy and evidence."""

    __test__ = False  # not a pytest test class, despite the name

    tests: tuple[r.ClinicalTest, ...]
    heading: str

    def _repr_html_(self) -> str:
        cards = "".join(test_html(t) for t in self.tests) or "<p><em>No tests listed.</em></p>"
        return f"<p><strong>{escape(self.heading)}</strong></p>{cards}"

    def description(self) -> str:
        """The test names in one line."""
        return f"{self.heading}: " + "; ".join(t.name for t in self.tests)


def key_tests(condition_id: str) -> TestDeck:
    """The clinical tests a condition lists, as cards with their accuracy figures."""
    c = lookups.condition(condition_id)
    tests = tuple(lookups.clinical_test(t) for t in c.key_tests)
    return TestDeck(tests, f"Key tests for {c.name}")


# --------------------------------------------------------------------------- caution claims


@dataclass(frozen=True)
class Claim:
    """A seed claim the course teaches as a claim, with the condition it belongs to."""

    condition: r.Condition
    claim: r.CautionClaim


@dataclass(frozen=True)
class ClaimList(Shown):
    """Claims from the seed articles to treat with caution, and why."""

    claims: tuple[Claim, ...]
    heading: str

    def description(self) -> str:
        """The claims in plain text, one a line."""
        lines = [
            f"{k.condition.name}: '{k.claim.claim}' ({k.claim.why or 'no reason given'})"
            for k in self.claims
        ]
        return "\n".join([f"{self.heading}:", *lines] if lines else [f"{self.heading}: none."])

    def _repr_html_(self) -> str:
        if not self.claims:
            return f"<p><strong>{escape(self.heading)}</strong>: none recorded.</p>"
        head = ["Claim (as the article puts it)", "About", "Said in", "Why we treat it as a claim"]
        rows = [
            [
                f"“{escape(k.claim.claim)}”",
                escape(k.condition.name),
                escape(lookups.source(k.claim.seed).citation),
                escape(k.claim.why or "–"),
            ]
            for k in self.claims
        ]
        return table(head, rows, f"<strong>{escape(self.heading)}</strong>")


def caution_claims(region: str | None = None, ids: Sequence[str] | None = None) -> ClaimList:
    """The seed claims recorded on the conditions of one ``region`` (or the named ``ids``)."""
    deck = condition_cards(region=region, ids=ids)
    claims = tuple(Claim(c, k) for c in deck.conditions for k in c.caution_claims)
    where = f" ({words.REGION[region]})" if region else ""
    return ClaimList(claims, f"Claims in the seed articles to treat with caution{where}")


# --------------------------------------------------------------------------- widgets


ANY = "any"
"""The drop-down value meaning 'no filter'."""


def _chosen(value: str) -> str | None:
    return None if value == ANY else value


@dataclass(frozen=True)
class DeckFilter:
    """What the condition explorer filters by: a region and a source category (None: any)."""

    region: str | None = None
    category: str | None = None


class ConditionExplorer(CourseWidget[DeckFilter]):
    """Two drop-downs (region, source category) that filter the deck of condition cards.

    ``region`` and ``category`` are the drop-downs; ``cards`` is the HTML widget that shows the
    deck; ``deck`` the deck shown now. Events are ``("region", value)`` and
    ``("category", value)``, where ``ANY`` (or None) means no filter.
    """

    name = "condition-explorer"
    description_title = "Text description"

    def __init__(self, region: str | None = None, category: str | None = None):
        import ipywidgets as widgets

        self.deck = condition_cards(region, category)  # checks both choices first
        # "any", not None: a Dropdown whose value is None shows no selection at all.
        self.region = widgets.Dropdown(
            options=[("any region", ANY)] + [(w, k) for k, w in words.REGION.items()],
            value=region or ANY,
            description="Region",
        )
        self.category = widgets.Dropdown(
            options=[("any source", ANY)] + [(w, k) for k, w in words.CATEGORY.items()],
            value=category or ANY,
            description="Source",
        )
        self.cards = tag(widgets.HTML(), DESCRIPTION_CLASS)  # the deck is what it shows
        super().__init__(
            DeckFilter(region, category),
            controls={"region": self.region, "category": self.category},
            body=[widgets.HBox([self.region, self.category]), self.cards],
        )
        self.on_change(self.region, lambda v: ("region", v))
        self.on_change(self.category, lambda v: ("category", v))

    def apply(self, state: DeckFilter, event: object) -> DeckFilter:
        """The filter after choosing a region or a category (anything else changes nothing); an
        unknown region or category raises ValueError naming the valid ones."""
        if isinstance(event, tuple) and len(event) == 2 and event[0] in ("region", "category"):
            value = None if event[1] in (ANY, None) else str(event[1])
            chosen = replace(state, **{event[0]: value})
            condition_cards(chosen.region, chosen.category)  # a bad value raises, state kept
            return chosen
        return state

    def render(self, before: DeckFilter | None, after: DeckFilter) -> None:
        """Show the deck ``after`` selects and set both drop-downs to it."""
        self.deck = condition_cards(after.region, after.category)
        self.cards.value = self.deck._repr_html_()
        self.show(self.region, after.region or ANY)
        self.show(self.category, after.category or ANY)

    def describe_state(self, state: DeckFilter) -> str:
        """The deck ``state`` selects, in one sentence."""
        return condition_cards(state.region, state.category).description()

    def description(self) -> str:
        """What the explorer shows now, in one sentence."""
        return self.describe()

    def static_extra_html(self) -> str:
        """The cards themselves, for exported pages and the static book."""
        return self.cards.value


def explore_conditions(region: str | None = None, category: str | None = None):
    """A widget to filter the condition cards by region and source category."""
    return ConditionExplorer(region, category)
