"""The two pain-map widgets: compare two sources, and "where does it come from?".

Both stand on :class:`course.widgets.CourseWidget`: the state is a frozen value (a
:class:`Pair` of source ids; an :class:`Answer` of marks, descriptors and overlay), ``apply``
is pure, and ``render`` restyles the artists a :class:`~course.painmap.drawing.BodyChart`
built once, then the base refreshes the figure (a new PNG, or the ipympl image). Each has
``describe()``, the plain-text state of its chart, which is also shown under the figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from html import escape
from typing import Any

import ipywidgets as widgets

from .. import words
from ..catalogue import Catalogue, content
from ..figures import FigureView
from ..html import box, prose, table
from ..style import BAR_FILL, BAR_TRACK
from ..widgets import CourseWidget
from .drawing import (
    DERMATOME_FOOTNOTE,
    DERMATOME_NOTE,
    SIDE_NOTE,
    chart_figure,
    describe_map,
    scale_note,
    source_choices,
)
from .ranking import TEACHING_AID, Ranking, RankingInputError, lower_first, rank_sources
from .regions import body_region, body_regions, place, region_at
from .sources import GROUPS, PainSource, descriptors, pain_source


def _note(text: str) -> str:
    return box("note", _line(text))


def _line(text: str) -> str:
    return prose(escape(text))


CONTRAST_ROWS: tuple[tuple[str, str], ...] = (
    ("Kind", "kind"),
    ("What it is", "summary"),
    ("Quality", "quality"),
    ("Where, and how well localised", "localisation"),
    ("Neurological signs", "neuro_signs"),
    ("Neurodynamic tests", "neurodynamic"),
    ("Map shading", "measure"),
    ("Evidence", "evidence"),
    ("Tests in this course", "tests"),
    ("Sources", "sources"),
)
"""The rows of the contrast table: (heading, what to show)."""


def contrast_value(source: PainSource, row: str) -> str:
    """The text of one contrast-table cell for ``source``."""
    catalogue = content()
    if row == "kind":
        return words.PAIN_SOURCE_KIND[source.kind]
    if row == "measure":
        return words.MEASURE[source.measure]
    if row == "evidence":
        return f"{words.evidence_named(source.evidence)}. {source.evidence_note}"
    if row == "tests":
        return "; ".join(catalogue.get("tests", t).name for t in source.tests) or "–"
    if row == "sources":
        return "; ".join(catalogue.get("sources", s).citation for s in source.sources)
    return getattr(source, row)


def contrast_table(sources: list[PainSource]) -> str:
    """The contrast table of one or two sources as HTML (quality, localisation, signs, tests)."""
    head = ["", *(s.name for s in sources)]
    rows = [
        [escape(title), *(escape(contrast_value(s, key)) for s in sources)]
        for title, key in CONTRAST_ROWS
    ]
    return table(head, rows, row_headers=True)


@dataclass(frozen=True)
class Pair:
    """What the compare widget shows: pain-source ids of map A and map B (None: no map B)."""

    first: str
    second: str | None = None


class CompareWidget(CourseWidget[Pair]):
    """One or two pain maps side by side, with the contrast table underneath.

    ``first`` and ``second`` are pain-source ids (``second=None`` shows one map). Nothing on
    these maps is clicked, so they show as PNG images by default: in the browser that updates
    in about 70 ms against about 110 ms for the ipympl canvas (benchmarks/browser_latency.py);
    ``interactive=True`` (or None: ipympl where installed) gives the zoomable canvas.

    The state is a :class:`Pair`; the drop-downs send ``("first", id)`` and ``("second", id)``
    (``""`` for no map B) and :meth:`select` sends ``("select", first, second)``.
    """

    name = "painmap-compare"

    def __init__(
        self,
        first: str = "facet_referral",
        second: str | None = "radicular_l5",
        interactive: bool | None = False,
    ):
        state = self.apply(Pair(first), ("select", first, second))  # unknown ids fail here
        self.panels = [chart_figure(), chart_figure()]
        """Map A and map B: each its own figure, so that changing one redraws only that one."""
        self.views = [FigureView(panel.figure, interactive) for panel in self.panels]
        options = source_choices()
        self.first = widgets.Dropdown(options=options, value=state.first, description="Map A")
        self.second = widgets.Dropdown(
            options=[("(none)", ""), *options], value=state.second or "", description="Map B"
        )
        for control in (self.first, self.second):
            control.layout = widgets.Layout(width="26em")
        self.on_change(self.first, lambda value: ("first", value))
        self.on_change(self.second, lambda value: ("second", value))
        self.table = widgets.HTML()
        description = widgets.HTML()
        super().__init__(
            state,
            controls={"first": self.first, "second": self.second},
            body=[
                widgets.HBox([self.first, self.second]),
                widgets.HBox([view.widget for view in self.views]),
                description,
                self.table,
            ],
            view=self.views[0],
            description=description,
        )

    # -- the contract ----------------------------------------------------------------------

    def apply(self, state: Pair, event: Any) -> Pair:
        """The pair after ``event``; an unknown source id raises, naming the closest ids."""
        match event:
            case ("first", str(first)):
                return replace(state, first=pain_source(first).id)
            case ("second", str() | None as second):
                return replace(state, second=pain_source(second).id if second else None)
            case ("select", str(first), str() | None as second):
                return Pair(pain_source(first).id, pain_source(second).id if second else None)
        return state

    def render(self, before: Pair | None, after: Pair) -> None:
        """Restyle the map whose source changed, write each footer (with the note that the two
        maps' scales differ, when they do) and set the drop-downs and the table."""
        shown = [pain_source(i) if i else None for i in (after.first, after.second)]
        mixed = scale_note(tuple(s.measure for s in shown if s is not None))
        self._redraw = set()
        for index, source in enumerate(shown):
            panel = self.panels[index]
            if before is None or (before.first, before.second)[index] != (source and source.id):
                self._redraw.add(index)
                panel.chart.paint(source)
                panel.legend.show(source, empty_text="Choose a second source to compare")
                letter = "AB"[index]
                panel.title.set_text(f"{letter}: {source.short}" if source else f"{letter}: –")
            notes = [SIDE_NOTE, mixed] if source else []
            if source is not None and source.kind == "dermatome":
                notes.append(DERMATOME_FOOTNOTE)
            footer = " ".join(note for note in notes if note)
            if footer != panel.footer.get_text():
                panel.footer.set_text(footer)
                self._redraw.add(index)  # the other map's note changed: redraw it too
        self.show(self.first, after.first)
        self.show(self.second, after.second or "")
        self.table.value = contrast_table(_sources(after))

    def refresh_figures(self, before: Pair | None, after: Pair) -> None:
        """Redraw only the maps that changed (a new source, or a new note under it)."""
        for index, view in enumerate(self.views):
            if before is None or index in self._redraw:
                view.refresh()

    def describe_state(self, state: Pair) -> str:
        """The figure's state in words (what each panel shows, with every region's figure)."""
        shown = _sources(state)
        parts = [f"Map A: {describe_map(shown[0])}"]
        parts.append(f"Map B: {describe_map(shown[1])}" if len(shown) > 1 else "Map B: none.")
        if any(s.kind == "dermatome" for s in shown):
            parts.append(DERMATOME_NOTE)
        return " ".join(parts)

    def static_figures(self) -> list[tuple[Any, str]]:
        """Map A, and map B when one is chosen, each described in words."""
        shown = _sources(self.state)
        return [
            (panel.figure, describe_map(source))
            for panel, source in zip(self.panels, shown, strict=False)
        ]

    def static_extra_html(self) -> str:
        """The contrast table."""
        return self.table.value

    def book_spec(self) -> dict[str, Any]:
        """The pair shown now, for the offline book (``tools.bookweb.figures``): source ids of
        map A and map B (None: no map B)."""
        return {"first": self.state.first, "second": self.state.second}

    # -- what lessons and tests call -------------------------------------------------------

    @property
    def selected(self) -> list[PainSource]:
        """The sources shown, A first."""
        return _sources(self.state)

    def select(self, first: str, second: str | None = None) -> None:
        """Show ``first`` as map A and ``second`` (or nothing) as map B."""
        self.send(("select", first, second))


def _sources(pair: Pair) -> list[PainSource]:
    """The sources a pair names, A first (one when there is no map B)."""
    return [pain_source(ident) for ident in (pair.first, pair.second) if ident]


TOP = "__top__"
"""Overlay choice meaning 'the top-ranked source'."""

Mark = tuple[str, str]
"""A student's mark: (body-chart region id, side: right, left or midline)."""


@dataclass(frozen=True)
class Answer:
    """What the student has entered in the "where does it come from?" exercise."""

    marks: frozenset[Mark] = frozenset()
    """The marked region copies, as (region id, side)."""
    descriptors: frozenset[str] = frozenset()
    """The ticked pain-descriptor ids."""
    overlay: str = TOP
    """Whose map is drawn under the marks: a pain-source id, or :data:`TOP` (the top-ranked)."""


def _mark_label(region_id: str, side: str) -> str:
    name = body_region(region_id).name
    return name if side == "midline" else f"{name} ({side})"


@lru_cache(maxsize=256)
def _ranked(
    catalogue: Catalogue, regions: tuple[str, ...], picked: tuple[str, ...], both_sides: bool
) -> tuple[Ranking | None, str]:
    """The ranking for one input over ``catalogue``'s sources, or None and the reason it cannot
    be ranked. Cached, so that undo and a second look at the same input cost nothing; the
    catalogue is part of the key, so content swapped with ``course.using`` is never stale."""
    try:
        return rank_sources(regions, picked, both_sides=both_sides, catalogue=catalogue), ""
    except RankingInputError as problem:
        return None, str(problem)


def _beside_the_ranking(columns: list[Any], ranking: Any) -> Any:
    """The descriptor boxes with the ranking a tick changes beside them: the four groups in two
    columns of at least 13 em, the ranking in the rest of the row (at least 26 em). At 1366×900
    with JupyterLab's file browser open the two sit side by side, so the top of the ranking is
    in view whichever box was ticked; in a narrower output the ranking wraps to right under the
    boxes."""
    grid = widgets.GridBox(
        columns,
        layout=widgets.Layout(
            grid_template_columns="repeat(2, minmax(13em, 1fr))",
            grid_gap="0.3em 1em",
            flex="0 1 30em",
            margin="0 1em 0 0",
        ),
    )
    ranking.layout = widgets.Layout(flex="1 1 26em", min_width="0")
    return widgets.HBox([grid, ranking], layout=widgets.Layout(align_items="flex-start"))


class WhereFromExercise(CourseWidget[Answer]):
    """The inverse exercise: mark the pain, pick descriptors, see the ranked sources and why.

    Mark regions by clicking the chart or a row of the list; either adds the region if it is
    not marked and removes it if it is, leaving every other mark alone (in the list, a click
    with Ctrl or Shift held adds or removes the rows it changes). The figure shows the
    student's marks (vermillion cross-hatch) over the map of the top-ranked source, or of any
    source chosen in "Show the map of". Undo steps back one change; Clear all removes every
    mark and descriptor.

    The state is an :class:`Answer`. Events: ``("toggle" | "mark" | "unmark", region, side)``,
    ``("list", rows)`` (the list's new value), ``("descriptor", id, ticked)``,
    ``("descriptors", ids)``, ``("overlay", id or TOP)`` and ``"clear"``.
    """

    name = "painmap-where-from"

    def __init__(self, interactive: bool | None = None, show: int = 6):
        self.panel = chart_figure(marks=True)
        self.chart, self.legend = self.panel.chart, self.panel.legend
        self.panel.footer.set_text(f"{SIDE_NOTE} Your marks: vermillion, cross-hatched.")
        self.show_count = show
        """How many candidates the ranking table lists."""
        keys: dict[Mark, None] = {}
        for region in body_regions():
            for shape in place(region):
                keys[(region.id, shape.side)] = None
        self.keys: tuple[Mark, ...] = tuple(keys)
        """Every region copy a student can mark, in body-chart order."""
        self._order = {key: index for index, key in enumerate(self.keys)}
        self._labels = {key: _mark_label(*key) for key in self.keys}
        self.descriptor_ids: tuple[str, ...] = tuple(d.id for g in GROUPS for d in descriptors(g))
        """Every descriptor id, in the order of the boxes."""
        view = FigureView(self.panel.figure, interactive)
        view.on_click(self._on_click)
        self.checklist = widgets.SelectMultiple(
            options=[(label, key) for key, label in self._labels.items()],
            rows=12,
            description="Where",
            layout=widgets.Layout(width="auto"),  # as wide as its longest entry (WIDGET_CSS)
        )
        self.on_change(self.checklist, lambda rows: ("list", tuple(rows)))
        self.boxes: dict[str, widgets.Checkbox] = {}
        columns = []
        for group in GROUPS:
            items = [widgets.HTML(f"<b>{escape(words.DESCRIPTOR_GROUP[group].capitalize())}</b>")]
            for d in descriptors(group):
                box = widgets.Checkbox(
                    value=False,
                    description=d.label,
                    tooltip=d.explanation,
                    indent=False,
                    layout=widgets.Layout(width="auto"),  # the width of its column
                )
                self.on_change(box, lambda ticked, ident=d.id: ("descriptor", ident, ticked))
                self.boxes[d.id] = box
                items.append(box)
            columns.append(widgets.VBox(items, layout=widgets.Layout(min_width="0")))
        self.overlay = widgets.Dropdown(
            options=[("Top-ranked source", TOP), *source_choices()],
            value=TOP,
            description="Show the map of",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="32em"),
        )
        self.on_change(self.overlay, lambda value: ("overlay", value))
        self.undo_button = widgets.Button(description="Undo", disabled=True)
        self.undo_button.on_click(lambda _button: self.undo())
        self.clear_button = widgets.Button(description="Clear all")
        self.clear_button.on_click(lambda _button: self.clear())
        self.ranking_html = widgets.HTML()
        description = widgets.HTML()
        self._shown: PainSource | str | None = "?"  # what the chart is painted with now
        super().__init__(
            Answer(),
            controls={
                "where": self.checklist,
                "overlay": self.overlay,
                "undo": self.undo_button,
                "clear": self.clear_button,
            }
            | {f"descriptor-{ident}": box for ident, box in self.boxes.items()},
            body=[
                widgets.HTML(_note(TEACHING_AID)),
                # the chart a click or the list marks, with the list beside it
                widgets.HBox(
                    [
                        view.widget,
                        widgets.VBox(
                            [
                                self.checklist,
                                self.overlay,
                                widgets.HBox([self.undo_button, self.clear_button]),
                            ]
                        ),
                    ]
                ),
                _beside_the_ranking(columns, self.ranking_html),
                description,
            ],
            view=view,
            description=description,
        )

    # -- the contract ----------------------------------------------------------------------

    def apply(self, state: Answer, event: Any) -> Answer:
        """The answer after ``event``. Unknown regions, sides, descriptors and sources raise
        an error naming the closest valid ids; anything else unknown changes nothing."""
        match event:
            case ("toggle", str(region), str(side)):
                return replace(state, marks=state.marks ^ {self._key(region, side)})
            case ("mark", str(region), str(side)):
                return replace(state, marks=state.marks | {self._key(region, side)})
            case ("unmark", str(region), str(side)):
                return replace(state, marks=state.marks - {(region, side)})
            case ("list", tuple(rows)):
                return replace(state, marks=self._from_list(state.marks, rows))
            case ("descriptor", str(ident), bool(ticked)):
                self._check_descriptors({ident})
                chosen = state.descriptors | {ident} if ticked else state.descriptors - {ident}
                return replace(state, descriptors=chosen)
            case ("descriptors", chosen):
                chosen = frozenset(chosen)
                self._check_descriptors(chosen)
                return replace(state, descriptors=chosen)
            case ("overlay", str(overlay)):
                return replace(
                    state, overlay=overlay if overlay == TOP else pain_source(overlay).id
                )
            case "clear":
                return replace(state, marks=frozenset(), descriptors=frozenset())
        return state

    def render(self, before: Answer | None, after: Answer) -> None:
        """Restyle the map and the marks where they changed; set the controls and the table."""
        ranking, message = self._outcome(after)
        source = self._source(after, ranking)
        if source is not self._shown:  # records are shared objects: identity is enough
            self._shown = source
            self.chart.paint(source)
            self.legend.show(source, empty_text="No map shown yet")
            self.panel.title.set_text(
                f"Your marks over: {source.short}" if source else "Your marks"
            )
        if before is None or before.marks != after.marks:
            self.chart.show_marks(set(after.marks))
        self.show(self.checklist, self._ordered(after.marks))
        for ident, tick in self.boxes.items():
            self.show(tick, ident in after.descriptors)
        self.show(self.overlay, after.overlay)
        self.undo_button.disabled = not self.can_undo
        earlier = self._outcome(before) if before is not None else None
        if earlier is None or earlier[0] is not ranking or earlier[1] != message:
            self.ranking_html.value = self._ranking_table(ranking, message)

    def describe_state(self, state: Answer) -> str:
        """The chart's state in words: the marks, the map shown and how they overlap."""
        marks = ", ".join(lower_first(self._labels[k]) for k in self._ordered(state.marks))
        text = [f"You marked: {marks or 'nothing'}."]
        ranking, _message = self._outcome(state)
        source = self._source(state, ranking)
        text.append(f"Map shown: {describe_map(source)}")
        if source is not None and ranking is not None:
            text.append(f"Overlap with your marks: {ranking.candidate(source.id).overlap:.0%}.")
        return " ".join(text)

    def static_extra_html(self) -> str:
        """The ranking, or the problem with the input."""
        return self.ranking_table()

    # -- what the student does -------------------------------------------------------------

    def mark(self, region: str, side: str = "right") -> None:
        """Mark a region (on ``side``: right, left, or midline for midline regions)."""
        self.send(("mark", region, side))

    def unmark(self, region: str, side: str = "right") -> None:
        """Remove a mark, if present."""
        self.send(("unmark", region, side))

    def toggle(self, region: str, side: str) -> None:
        """Mark or unmark a region, as a click does."""
        self.send(("toggle", region, side))

    def set_descriptors(self, chosen: Iterable[str]) -> None:
        """Tick exactly the descriptors in ``chosen`` (ids); unknown ids raise ValueError."""
        self.send(("descriptors", frozenset(chosen)))

    def click(self, view: str, x: float, y: float) -> None:
        """Synthesise a mouse click at (x, y) cm on ``view``, as a student would click."""
        self.view.click(self.chart.axes[view], x, y)

    def clear(self) -> None:
        """Remove every mark and descriptor (the map choice stays; Undo brings them back)."""
        self.send("clear")

    # -- what the widget shows -------------------------------------------------------------

    @property
    def marked(self) -> tuple[Mark, ...]:
        """The marks, as (region id, side) in body-chart order."""
        return self._ordered(self.state.marks)

    @property
    def picked(self) -> list[str]:
        """The ticked descriptor ids, in the order of the boxes."""
        return [ident for ident in self.descriptor_ids if ident in self.state.descriptors]

    @property
    def ranking(self) -> Ranking | None:
        """The ranking of the current answer, or None when it cannot be ranked."""
        return self._outcome(self.state)[0]

    @property
    def message(self) -> str:
        """Why the current answer cannot be ranked ("" when it can)."""
        return self._outcome(self.state)[1]

    @property
    def shown_source(self) -> PainSource | None:
        """The source whose map is drawn under the marks."""
        return self._source(self.state, self.ranking)

    def ranking_table(self) -> str:
        """The ranking (or the problem with the input) as HTML."""
        return self._ranking_table(*self._outcome(self.state))

    # -- internals -------------------------------------------------------------------------

    def _key(self, region: str, side: str) -> Mark:
        """``(region, side)`` if the chart draws that copy; else a clear error."""
        if (region, side) not in self._order:
            body_region(region)  # unknown region: names the closest ids
            sides = sorted(s for r, s in self.keys if r == region)
            raise ValueError(f"region '{region}' has no '{side}' copy; use one of: {sides}")
        return (region, side)

    def _check_descriptors(self, chosen: Iterable[str]) -> None:
        unknown = sorted(set(chosen) - set(self.descriptor_ids))
        if unknown:
            from ..loading import suggest

            raise ValueError(
                f"unknown descriptor '{unknown[0]}'; {suggest(unknown[0], self.descriptor_ids)}"
            )

    def _from_list(self, marks: frozenset[Mark], rows: tuple[Mark, ...]) -> frozenset[Mark]:
        """The marks after the list's value became ``rows``.

        The list always shows the marks, so a plain click on a row makes ``rows`` that one row:
        it toggles that row, as a click on the chart does. A Ctrl- or Shift-click changes
        several rows: the rows it added are marked, or (when it only removed rows) the rows it
        removed are unmarked. No list click removes a mark it did not touch.
        """
        chosen = frozenset(self._key(*row) for row in rows)
        if chosen == marks:
            return marks
        if len(chosen) == 1:
            return marks ^ chosen
        added = chosen - marks
        return marks | added if added else chosen

    def _ordered(self, marks: frozenset[Mark]) -> tuple[Mark, ...]:
        return tuple(sorted(marks, key=self._order.__getitem__))

    def _outcome(self, state: Answer) -> tuple[Ranking | None, str]:
        marks = self._ordered(state.marks)
        regions = tuple(dict.fromkeys(region for region, _side in marks))
        picked = tuple(ident for ident in self.descriptor_ids if ident in state.descriptors)
        sides = {side for _region, side in marks}
        return _ranked(content(), regions, picked, {"left", "right"} <= sides)

    @staticmethod
    def _source(state: Answer, ranking: Ranking | None) -> PainSource | None:
        if state.overlay != TOP:
            return pain_source(state.overlay)
        return ranking.candidates[0].source if ranking is not None else None

    def _on_click(self, ax, x: float, y: float) -> None:
        view = self.chart.view_of(ax)
        hit = region_at(view, x, y) if view else None
        if hit is not None:
            self.send(("toggle", *hit))

    def _ranking_table(self, ranking: Ranking | None, message: str) -> str:
        """``ranking`` as an HTML table, or ``message`` as an alert when it is None."""
        if ranking is None:
            return box("problem", prose(escape(message)), role="alert")
        notes = [*ranking.notes, *(why for _d, why in ranking.derived)]
        head = "".join(_note(n) for n in notes)
        rows = []
        for index, c in enumerate(ranking.top(self.show_count), start=1):
            pts = c.points
            terms = (
                f"map {pts['map']:.2f} + fits {pts['fits']:.1f} − against "
                f"{-pts['against']:.1f} + key {pts['key']:.1f}"
            )
            marker = words.evidence_named(c.source.evidence)
            bar = (
                f"<div style='background:{BAR_TRACK};width:6em;height:0.7em'>"
                f"<div style='background:{BAR_FILL};width:{c.overlap * 100:.0f}%;height:0.7em'>"
                "</div></div>"
            )
            why_for = "".join(_line("+ " + r) for r in c.reasons_for) or _line("–")
            why_against = "".join(_line("− " + r) for r in c.reasons_against) or _line("–")
            kind = words.PAIN_SOURCE_KIND[c.source.kind]
            rows.append(
                [
                    str(index),
                    f"<b>{escape(c.source.name)}</b><br>"
                    f"<small>{escape(kind)}; evidence: {escape(marker)}</small>",
                    f"{c.score:.2f}<br><small>{escape(terms)}</small>",
                    f"{c.overlap:.0%}{bar}",
                    why_for,
                    why_against,
                ]
            )
        ranked = table(["#", "Source", "Score", "Map overlap", "For", "Against"], rows)
        return head + ranked
