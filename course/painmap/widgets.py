"""The two pain-map widgets: compare two sources, and "where does it come from?".

Both are thin: they hold ipywidgets controls, call the pure ranking in :mod:`.ranking`, restyle
the artists a :class:`~course.painmap.drawing.BodyChart` built once, and call
:meth:`course.figures.FigureView.refresh` (a new PNG, or the ipympl image). Each has ``describe()``,
the plain-text state of its chart, which is also shown under the figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

import ipywidgets as widgets

from .. import words
from ..catalogue import content
from ..figures import (
    CONTROL_CLASS,
    DESCRIPTION_CLASS,
    WIDGET_CLASS,
    FigureView,
    png_bytes,
    static_bundle,
    tag,
)
from ..html import box, prose, table
from ..style import BAR_FILL, BAR_TRACK, STATIC_DESCRIPTION_CLASS
from .drawing import (
    DERMATOME_FOOTNOTE,
    DERMATOME_NOTE,
    SIDE_NOTE,
    chart_figure,
    describe_map,
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


class CompareWidget:
    """One or two pain maps side by side, with the contrast table underneath.

    ``first`` and ``second`` are pain-source ids (``second=None`` shows one map). Nothing on
    these maps is clicked, so they show as PNG images by default: in the browser that updates
    in about 70 ms against about 110 ms for the ipympl canvas (benchmarks/browser_latency.py);
    ``interactive=True`` (or None: ipympl where installed) gives the zoomable canvas.
    """

    def __init__(
        self,
        first: str = "facet_referral",
        second: str | None = "radicular_l5",
        interactive: bool | None = False,
    ):
        pain_source(first)  # unknown ids fail here, naming the closest valid ones
        if second:
            pain_source(second)
        self.panels = [chart_figure(), chart_figure()]
        """Map A and map B: each its own figure, so that changing one redraws only that one."""
        self.views = [FigureView(panel.figure, interactive) for panel in self.panels]
        self._painted: list[str | None] = ["?", "?"]
        options = source_choices()
        self.first = widgets.Dropdown(options=options, value=first, description="Map A")
        self.second = widgets.Dropdown(
            options=[("(none)", ""), *options], value=second or "", description="Map B"
        )
        for control in (self.first, self.second):
            control.layout = widgets.Layout(width="26em")
            control.observe(self._update, names="value")
            tag(control, CONTROL_CLASS)
        self.description = tag(widgets.HTML(), DESCRIPTION_CLASS)
        self.table = widgets.HTML()
        self.widget = tag(
            widgets.VBox(
                [
                    widgets.HBox([self.first, self.second]),
                    widgets.HBox([view.widget for view in self.views]),
                    self.description,
                    self.table,
                ]
            ),
            WIDGET_CLASS,
            "painmap-compare",
        )
        self._update()

    @property
    def selected(self) -> list[PainSource]:
        """The sources shown, A first."""
        chosen = [pain_source(self.first.value)]
        if self.second.value:
            chosen.append(pain_source(self.second.value))
        return chosen

    def select(self, first: str, second: str | None = None) -> None:
        """Show ``first`` as map A and ``second`` (or nothing) as map B."""
        pain_source(first)
        if second:
            pain_source(second)
        with self.first.hold_trait_notifications(), self.second.hold_trait_notifications():
            self.first.value = first
            self.second.value = second or ""
        self._update()

    def describe(self) -> str:
        """The figure's state in words (what each panel shows, with every region's figure)."""
        shown = self.selected
        parts = [f"Map A: {describe_map(shown[0])}"]
        parts.append(f"Map B: {describe_map(shown[1])}" if len(shown) > 1 else "Map B: none.")
        if any(s.kind == "dermatome" for s in shown):
            parts.append(DERMATOME_NOTE)
        return " ".join(parts)

    def _update(self, change=None) -> None:
        shown = self.selected
        for index, (panel, view) in enumerate(zip(self.panels, self.views, strict=True)):
            source = shown[index] if index < len(shown) else None
            if self._painted[index] == (source.id if source else None):
                continue  # this map did not change: leave its figure alone
            self._painted[index] = source.id if source else None
            panel.chart.paint(source)
            panel.legend.show(source, empty_text="Choose a second source to compare")
            letter = "AB"[index]
            panel.title.set_text(f"{letter}: {source.short}" if source else f"{letter}: –")
            notes = [SIDE_NOTE] if source else []
            if source is not None and source.kind == "dermatome":
                notes.append(DERMATOME_FOOTNOTE)
            panel.footer.set_text(" ".join(notes))
            view.refresh()
        self.description.value = _note(self.describe())
        self.table.value = contrast_table(shown)

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, with a static form (both maps, description, contrast table)."""
        bundle = static_bundle(self.widget, self.panels[0].figure, self.describe())
        if self.second.value:
            second = _img(self.panels[1].figure, describe_map(self.selected[1]))
            marker = f'<p class="{STATIC_DESCRIPTION_CLASS}">'  # the picture goes above it
            bundle["text/html"] = bundle["text/html"].replace(marker, second + marker, 1)
        bundle["text/html"] += self.table.value
        return bundle


TOP = "__top__"
"""Overlay choice meaning 'the top-ranked source'."""


def _img(figure, alt: str) -> str:
    """A figure as an inline PNG image with its description as alternative text."""
    import base64

    encoded = base64.b64encode(png_bytes(figure)).decode("ascii")
    return f'<img src="data:image/png;base64,{encoded}" alt="{escape(alt)}">'


def _mark_label(region_id: str, side: str) -> str:
    name = body_region(region_id).name
    return name if side == "midline" else f"{name} ({side})"


class WhereFromExercise:
    """The inverse exercise: mark the pain, pick descriptors, see the ranked sources and why.

    Mark regions by clicking the chart or in the checklist; both stay in step. The figure shows
    the student's marks (vermillion cross-hatch) over the map of the top-ranked source, or of
    any source chosen in "Show the map of".
    """

    def __init__(self, interactive: bool | None = None, show: int = 6):
        self.panel = chart_figure(marks=True)
        self.figure, self.chart, self.legend = (
            self.panel.figure,
            self.panel.chart,
            self.panel.legend,
        )
        self.panel.footer.set_text(f"{SIDE_NOTE} Your marks: vermillion, cross-hatched.")
        self.view = FigureView(self.figure, interactive)
        self.view.on_click(self._on_click)
        self.show_count = show
        self.marked: dict[tuple[str, str], None] = {}
        self.ranking: Ranking | None = None
        self.message = ""
        self._syncing = False
        choices = []
        seen = set()
        for region in body_regions():
            for shape in place(region):
                key = (region.id, shape.side)
                if key not in seen:
                    seen.add(key)
                    choices.append((_mark_label(*key), key))
        self.checklist = widgets.SelectMultiple(
            options=choices, rows=12, description="Where", layout=widgets.Layout(width="30em")
        )
        self.checklist.observe(self._from_checklist, names="value")
        tag(self.checklist, CONTROL_CLASS)
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
                    layout=widgets.Layout(width="24em"),
                )
                box.observe(self._update, names="value")
                self.boxes[d.id] = tag(box, CONTROL_CLASS)
                items.append(box)
            columns.append(widgets.VBox(items))
        self.overlay = widgets.Dropdown(
            options=[("Top-ranked source", TOP), *source_choices()],
            value=TOP,
            description="Show the map of",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="32em"),
        )
        self.overlay.observe(self._update, names="value")
        tag(self.overlay, CONTROL_CLASS)
        self.clear_button = widgets.Button(description="Clear all")
        self.clear_button.on_click(lambda _button: self.clear())
        self.description = tag(widgets.HTML(), DESCRIPTION_CLASS)
        self.ranking_html = widgets.HTML()
        self.widget = widgets.VBox(
            [
                widgets.HTML(_note(TEACHING_AID)),
                widgets.HBox([self.view.widget, widgets.VBox([self.checklist, self.overlay])]),
                widgets.HBox(columns[:2]),
                widgets.HBox(columns[2:]),
                self.clear_button,
                self.description,
                self.ranking_html,
            ]
        )
        tag(self.widget, WIDGET_CLASS, "painmap-where-from")
        self._update()

    # -- what the student does -----------------------------------------------------------------

    def mark(self, region: str, side: str = "right") -> None:
        """Mark a region (on ``side``: right, left, or midline for midline regions)."""
        self._check_key(region, side)
        self.marked[(region, side)] = None
        self._changed_marks()

    def unmark(self, region: str, side: str = "right") -> None:
        """Remove a mark, if present."""
        self.marked.pop((region, side), None)
        self._changed_marks()

    def toggle(self, region: str, side: str) -> None:
        """Mark or unmark a region, as a click does."""
        if (region, side) in self.marked:
            self.unmark(region, side)
        else:
            self.mark(region, side)

    def set_descriptors(self, chosen: Iterable[str]) -> None:
        """Tick exactly the descriptors in ``chosen`` (ids); unknown ids raise ValueError."""
        chosen = set(chosen)
        unknown = chosen - set(self.boxes)
        if unknown:
            from ..loading import suggest

            first = sorted(unknown)[0]
            raise ValueError(f"unknown descriptor '{first}'; {suggest(first, self.boxes)}")
        self._syncing = True
        try:
            for ident, box in self.boxes.items():
                box.value = ident in chosen
        finally:
            self._syncing = False
        self._update()

    def click(self, view: str, x: float, y: float) -> None:
        """Synthesise a mouse click at (x, y) cm on ``view``, as a student would click."""
        self.view.click(self.chart.axes[view], x, y)

    def clear(self) -> None:
        """Remove every mark and descriptor."""
        self.marked.clear()
        self.set_descriptors(())
        self._changed_marks()

    # -- what the widget shows -----------------------------------------------------------------

    @property
    def picked(self) -> list[str]:
        """The ticked descriptor ids."""
        return [ident for ident, box in self.boxes.items() if box.value]

    @property
    def shown_source(self) -> PainSource | None:
        """The source whose map is drawn under the marks."""
        if self.overlay.value != TOP:
            return pain_source(self.overlay.value)
        if self.ranking is not None:
            return self.ranking.candidates[0].source
        return None

    def describe(self) -> str:
        """The chart's state in words: the marks, the map shown and how they overlap."""
        marks = ", ".join(lower_first(_mark_label(*k)) for k in self.marked) or "nothing"
        text = [f"You marked: {marks}."]
        source = self.shown_source
        text.append(f"Map shown: {describe_map(source)}")
        if source is not None and self.ranking is not None:
            c = self.ranking.candidate(source.id)
            text.append(f"Overlap with your marks: {c.overlap:.0%}.")
        return " ".join(text)

    def _check_key(self, region: str, side: str) -> None:
        keys = {value for _label, value in self.checklist.options}
        if (region, side) not in keys:
            body_region(region)  # unknown region: names the closest ids
            sides = sorted(s for r, s in keys if r == region)
            raise ValueError(f"region '{region}' has no '{side}' copy; use one of: {sides}")

    def _on_click(self, ax, x: float, y: float) -> None:
        view = self.chart.view_of(ax)
        hit = region_at(view, x, y) if view else None
        if hit is not None:
            self.toggle(*hit)

    def _from_checklist(self, change) -> None:
        if self._syncing:
            return
        self.marked = dict.fromkeys(change["new"])
        self._update()

    def _changed_marks(self) -> None:
        self._syncing = True
        try:
            self.checklist.value = tuple(self.marked)
        finally:
            self._syncing = False
        self._update()

    def _update(self, change=None) -> None:
        if self._syncing and change is not None:
            return
        regions = list(dict.fromkeys(region for region, _side in self.marked))
        sides = {side for _region, side in self.marked}
        try:
            self.ranking = rank_sources(regions, self.picked, both_sides={"left", "right"} <= sides)
            self.message = ""
        except RankingInputError as problem:
            self.ranking = None
            self.message = str(problem)
        source = self.shown_source
        self.chart.paint(source)
        self.chart.show_marks(set(self.marked))
        self.legend.show(source, empty_text="No map shown yet")
        self.panel.title.set_text(f"Your marks over: {source.short}" if source else "Your marks")
        self.description.value = _note(self.describe())
        self.ranking_html.value = self.ranking_table()
        self.view.refresh()

    def ranking_table(self) -> str:
        """The ranking (or the problem with the input) as HTML."""
        if self.ranking is None:
            return box("problem", prose(escape(self.message)), role="alert")
        ranking = self.ranking
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

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, with a static form (chart, description, ranking or message)."""
        bundle = static_bundle(self.widget, self.figure, self.describe())
        bundle["text/html"] += self.ranking_table()
        return bundle
