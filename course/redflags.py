"""The red-flag helpers: the checklist, ``flags_for`` (findings to red flags) and the
red-flag screen widget.

Built from ``course.red_flags()``; most urgent first everywhere, in the order the ``Urgency``
literal lists the tiers. Taught in lesson 07; ``course.lessons`` re-exports every name here.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from . import lookups, words
from . import records as r
from .figures import DESCRIPTION_CLASS, tag
from .html import Shown, box, table
from .loading import suggest
from .style import STATIC_CLASS
from .widgets import CourseWidget

URGENCY_ORDER: tuple[str, ...] = typing.get_args(r.Urgency)
"""Most urgent first: emergency (now), same_day (today), urgent (within days), soon (next
medical review). Their meaning lives in ``course/content/urgency.yaml``; ``words.URGENCY``
holds how each reads, and tests/content/test_urgency.py checks the two agree."""

# --------------------------------------------------------------------------- red flags


def by_urgency(flags: Iterable[r.RedFlag]) -> list[r.RedFlag]:
    """Red flags most urgent first; equal urgency keeps content order."""
    return sorted(flags, key=lambda f: URGENCY_ORDER.index(f.urgency))


@dataclass(frozen=True)
class RedFlagChecklist(Shown):
    """Every red flag in the content, most urgent first, with what to ask and what to do."""

    flags: tuple[r.RedFlag, ...]

    def screened_in(self, flag_id: str) -> list[str]:
        """Names of the conditions whose cards list this red flag."""
        return [c.name for c in lookups.conditions() if flag_id in c.red_flags]

    def description(self) -> str:
        """The checklist as plain text."""
        lines = []
        for f in self.flags:
            lines.append(
                f"{f.name} ({words.URGENCY[f.urgency]}): ask about {'; '.join(f.features)}. "
                f"Raises {f.suspect}. {f.action}"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = [
            "Red flag",
            "Ask about / look for",
            "Raises",
            "What to do",
            "Listed on the cards of",
        ]
        rows = [
            [
                escape(f.name),
                "<ul style='list-style:none;padding-left:0;margin:0'>"
                + "".join(f"<li>☐ {escape(x)}</li>" for x in f.features)
                + "</ul>",
                escape(f.suspect),
                f"<strong>{escape(words.URGENCY[f.urgency].upper())}</strong><br>"
                f"{escape(f.action)}",
                escape(", ".join(self.screened_in(f.id)) or "–"),
            ]
            for f in self.flags
        ]
        caption = "<strong>Red-flag checklist</strong>, most urgent first"
        return table(head, rows, caption, row_headers=True)


def red_flag_checklist() -> RedFlagChecklist:
    """Every red flag the course teaches, most urgent first."""
    return RedFlagChecklist(tuple(by_urgency(lookups.red_flags())))


def features() -> list[str]:
    """Every red-flag feature in the content, once each, in alphabetical order."""
    return sorted({x for f in lookups.red_flags() for x in f.features}, key=str.lower)


def flags_for(findings: Iterable[str]) -> list[r.RedFlag]:
    """The red flags raised by ``findings`` (feature texts from ``features()``), most urgent
    first. An unknown finding raises ValueError with the closest features."""
    findings = list(findings)
    valid = features()
    for x in findings:
        if x not in valid:
            raise ValueError(f"unknown red-flag feature '{x}'; {suggest(x, valid)}")
    chosen = set(findings)
    return by_urgency(f for f in lookups.red_flags() if chosen.intersection(f.features))


SCREEN_CAPTION = (
    "Practice on paper cases: the tiers say how fast a clinician refers, and this screen does not "
    "assess anyone. If you have any of these symptoms yourself, do not rely on it: the start page "
    "(lesson 00) says when to call an ambulance or go to the emergency department, and when to "
    "see a doctor today."
)
"""Shown with every red-flag screen, in the widget, its exported copy and its text."""


@dataclass(frozen=True)
class Findings:
    """The findings ticked on a red-flag screen (feature texts from ``features()``)."""

    ticked: frozenset[str] = frozenset()


class RedFlagScreen(CourseWidget[Findings]):
    """Practice: tick the findings present in a case; see which red flags they raise and what
    to do, most urgent first. ``boxes`` maps each feature text to its checkbox; ``clear``
    unticks them all (the base's reset, so it can be undone).

    Events are ``(feature, True/False)`` for one tick box; an unknown feature raises
    ValueError naming the closest features.
    """

    name = "red-flag-screen"
    description_open = True  # unfolded, as it opened before descriptions folded

    def __init__(self, case: str = ""):
        import ipywidgets as widgets

        self.case = case
        # each box carries its finding as its label: clicking the words ticks it, and a
        # screen reader names the box by them
        self.boxes = {
            x: widgets.Checkbox(value=False, description=x, indent=False, layout={"width": "auto"})
            for x in features()
        }
        rows = list(self.boxes.values())
        self.result = tag(widgets.HTML(), DESCRIPTION_CLASS)  # the live result
        self.clear = widgets.Button(description="Clear", tooltip="Untick every finding")
        intro = (
            "<p>Tick every finding present. The list mixes the features of all red flags.</p>"
            f"<p><em>{escape(SCREEN_CAPTION)}</em></p>"
        )
        grid = {"grid_template_columns": "repeat(2, minmax(0, 1fr))", "width": "100%"}
        controls = {f"finding-{i}": box for i, box in enumerate(self.boxes.values())}
        super().__init__(
            Findings(),
            controls={**controls, "clear": self.clear},
            body=[
                widgets.HTML(self._case_html() + intro),
                # the result sits beside the checklist (under it where the output is narrow), so
                # what a tick raises is on the screen with the tick box (issue 17, layout)
                widgets.HBox(
                    [
                        widgets.GridBox(
                            rows, layout={**grid, "width": "auto", "flex": "2 1 440px"}
                        ),
                        widgets.VBox([self.clear, self.result], layout={"flex": "1 1 280px"}),
                    ],
                    layout={"flex_flow": "row wrap", "align_items": "flex-start"},
                ),
            ],
        )
        for x, tick in self.boxes.items():
            self.on_change(tick, lambda v, x=x: (x, bool(v)))
        self.clear.on_click(lambda _: self.reset())

    def apply(self, state: Findings, event: object) -> Findings:
        """The findings after ticking (``(feature, True)``) or unticking one."""
        if not (isinstance(event, tuple) and len(event) == 2 and isinstance(event[0], str)):
            return state
        feature, present = event
        flags_for([feature])  # an unknown feature: ValueError with the closest ones
        if present:
            return Findings(state.ticked | {feature})
        return Findings(state.ticked - {feature})

    def render(self, before: Findings | None, after: Findings) -> None:
        """Set the tick boxes to ``after`` and list the red flags they raise."""
        for x, tick in self.boxes.items():
            self.show(tick, x in after.ticked)
        flags = self._raised(after)
        if not flags:
            self.result.value = (
                "<p role='status'><em>No red flag ticked: keep screening as the history "
                "unfolds.</em></p>"
            )
            return
        items = "".join(
            f"<li><strong>{escape(f.name)}</strong> ({escape(words.URGENCY[f.urgency])}): "
            f"raises {escape(f.suspect)}. {escape(f.action)}</li>"
            for f in flags
        )
        self.result.value = box(
            "problem",
            f"<p><strong>Red flags raised, most urgent first</strong></p><ol>{items}</ol>",
            role="status",
        )

    def _case_html(self) -> str:
        return f"<p><strong>Case.</strong> {escape(self.case)}</p>" if self.case else ""

    def _ticked(self, state: Findings) -> list[str]:
        return [x for x in self.boxes if x in state.ticked]

    def _raised(self, state: Findings) -> list[r.RedFlag]:
        return flags_for(self._ticked(state))

    def ticked(self) -> list[str]:
        """The findings ticked now, in the order the screen lists them."""
        return self._ticked(self.state)

    def raised(self) -> list[r.RedFlag]:
        """The red flags the ticked findings raise, most urgent first."""
        return self._raised(self.state)

    def describe_state(self, state: Findings) -> str:
        """The result in words, ending with the screen's safety caption."""
        flags = self._raised(state)
        if not flags:
            return f"No red flag ticked: keep screening as the history unfolds.\n{SCREEN_CAPTION}"
        top = flags[0]
        lines = [f"Most urgent: {top.name} ({words.URGENCY[top.urgency]}). {top.action}"]
        lines += [
            f"Also raised: {f.name} ({words.URGENCY[f.urgency]}). {f.action}" for f in flags[1:]
        ]
        return "\n".join([*lines, SCREEN_CAPTION])

    def description(self) -> str:
        """The result in words (what :meth:`describe` says)."""
        return self.describe()

    def static_html(self) -> str:
        """The case, the caption, the findings (ticked ones marked) and the result, for
        exported pages and the static book."""
        marks = "".join(
            f"<li>{'☑' if x in self.state.ticked else '☐'} {escape(x)}</li>" for x in self.boxes
        )
        return (
            f'<div class="{STATIC_CLASS}">'
            + self._case_html()
            + f"<p><em>{escape(SCREEN_CAPTION)}</em></p>"
            + f"<ul style='list-style:none;columns:2;padding-left:0'>{marks}</ul>"
            + self.result.value
            + "</div>"
        )


def red_flag_screen(case: str = "") -> RedFlagScreen:
    """A practice widget: tick findings, see the red flags raised and the action to take."""
    return RedFlagScreen(case)
