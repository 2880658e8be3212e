"""The hypothesis-testing widget: a presentation, test results to toggle, a Fagan nomogram.

Pick a presentation (a published pre-test probability from ``pretest.yaml``) or move the
pre-test slider; set each offered test or cluster to *not done*, *positive* or *negative* (a
cluster offers its count bands); watch the post-test probability, the nomogram line and the
threshold bar follow. Figures that are not confirmed carry their evidence marker wherever they
are shown. A cluster and one of its own tests cannot both be used: the second is disabled,
because multiplying both LRs would count the same examination twice.

The widget stands on :class:`course.widgets.CourseWidget`: what the student has chosen is one
frozen :class:`Choices` value; :meth:`HypothesisExplorer.apply` turns an event into the next
value; :meth:`HypothesisExplorer.render` moves the nomogram's existing artists
(:meth:`.nomogram.Nomogram.show`) and sets the text and the controls. The reasoning itself
(:func:`.findings.assess`) is computed from the value alone, by :meth:`HypothesisExplorer.reading`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from html import escape
from typing import Any

import ipywidgets as widgets

from ..cards import _sources as sources_html
from ..catalogue import content
from ..figures import FigureView
from ..html import prose
from ..loading import suggest
from ..records import Evidence
from ..style import MUTED_TEXT
from ..widgets import CourseWidget
from ..words import EVIDENCE, percent, percent_range, pretest_figure, ratio
from ..words import outcome as outcome_words
from . import nomogram as fagan
from .findings import (
    NOT_DONE,
    Assessment,
    Finding,
    assess,
    for_presentation,
    overlapping,
    weakest,
)
from .pretest import PretestProbability
from .probability import post_test_probability

__all__ = ["Choices", "HypothesisExplorer", "Reading"]

PRETEST_RANGE = (0.1, 99.9)
"""The pre-test slider's ends, in percent (the nomogram's scales end at 0.1 % and 99.9 %)."""
MIN_THRESHOLD_GAP = 1.0
"""The narrowest middle ('test further') zone the threshold slider allows, in percentage points."""
STEP_PX = 4
"""The least width of one one-point step of the threshold slider's track, in CSS pixels: a
small drag moves a threshold by a point or two, never by tens of points."""
THRESHOLD_TRACK_PX = STEP_PX * 100
"""The least width of the threshold slider's track (0 to 100 % in one-point steps), in px."""
CONTROLS_MIN_PX = 320
"""The least width of the controls column beside the nomogram, in CSS pixels (the test
buttons and the pre-test slider with its typed box fit in it)."""
LAPTOP_OUTPUT_PX = 934
"""The width of a notebook output in JupyterLab 4 at 1366×900 with the file browser open
(JupyterLab's default), in CSS pixels, as measured in Chromium (issue 17's laptop size): the
nomogram's column and the controls column must fit in it side by side."""


@dataclass(frozen=True)
class Choices:
    """Everything the student has chosen in the explorer: the widget's state.

    Percentages are as the sliders show them (0-100); ``results`` holds one (finding id, outcome
    key) pair for every finding the presentation offers, in the order they are offered, with
    ``not done`` for a finding not examined.
    """

    presentation: str
    """The ``pretest.yaml`` id of the presentation."""
    pretest: float
    """Pre-test probability in percent, to one decimal (0.1 to 99.9)."""
    thresholds: tuple[float, float]
    """Testing and treatment thresholds in percent, at least 1 point apart."""
    results: tuple[tuple[str, str], ...]
    """(finding id, outcome key) for each finding offered."""

    def result(self, finding_id: str) -> str:
        """The outcome key chosen for one finding (``not done`` if it is not offered)."""
        return dict(self.results).get(finding_id, NOT_DONE)


@dataclass(frozen=True)
class Reading:
    """What a :class:`Choices` value means: the reasoning the text and the nomogram show."""

    entry: PretestProbability
    pretest: float
    """The pre-test probability as a proportion."""
    published: bool
    """True while the pre-test slider stands on the presentation's published figure."""
    assessment: Assessment | None
    """The combined result, or None when the chosen results count one examination twice."""
    refusal: str | None
    """Why the results were not combined (None when they were)."""
    lr: float
    """The combined likelihood ratio the line runs through (1 when nothing is combined)."""
    evidence: Evidence
    """The weakest evidence level among the figures used."""
    span: tuple[float, float] | None
    """The published pre-test range (proportions) while the published figure is in use."""
    thresholds: tuple[float, float]
    """Testing and treatment thresholds as proportions."""

    @property
    def post_test(self) -> float:
        """The post-test probability as a proportion."""
        return post_test_probability(self.pretest, self.lr)


class HypothesisExplorer(CourseWidget[Choices]):
    """Controls, text and a Fagan nomogram for one presentation at a time.

    Attributes a test (or a curious student) can drive: ``presentation`` (Dropdown of ids),
    ``pretest_slider`` (percent), ``toggles`` (finding id -> ToggleButtons), ``thresholds``
    (FloatRangeSlider, percent), and read: ``state`` (:class:`Choices`), ``result`` (HTML),
    ``description`` (HTML), ``nomogram`` (its artists) and ``assessment``.

    Events (what :meth:`apply` understands): ``("presentation", id)``, ``("pretest", percent)``,
    ``("thresholds", (low, high))`` in percent and ``("result", presentation id, finding id,
    outcome key)``; anything else leaves the state as it is.
    """

    name = "hypothesis"
    description_open = True  # unfolded, as it opened before descriptions folded

    def __init__(
        self,
        start: str = "pgp_in_pregnancy",
        thresholds: tuple[float, float] = (0.10, 0.70),
        interactive: bool | None = False,  # nothing is clicked: the PNG view updates faster
    ):
        """Open on presentation ``start`` (a ``pretest.yaml`` id) with the testing and treatment
        ``thresholds`` (proportions, 0 <= test < treat <= 1); ``interactive`` picks the ipympl
        canvas (True), the PNG view (False) or whichever is installed (None)."""
        entries = content().all("pretest")
        self._entries: dict[str, PretestProbability] = {e.id: e for e in entries}
        if start not in self._entries:
            raise ValueError(f"no presentation called '{start}'; {suggest(start, self._entries)}")
        self._offered: dict[str, dict[str, Finding]] = {}
        self._rows: dict[str, tuple[dict, dict, list]] = {}
        self._readings: dict[Choices, Reading] = {}
        test, treat = thresholds
        # draw() checks the thresholds; the first state is drawn before the view shows it
        first = self._opening(start, (round(test * 100, 1), round(treat * 100, 1)))
        self.nomogram = fagan.draw(
            first.pretest / 100, thresholds=thresholds, width=5.6, height=6.8
        )
        self.presentation = widgets.Dropdown(
            options=[(e.name, e.id) for e in entries],
            value=start,
            description="Presentation",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),  # the output's width, margins inside it
        )
        self.published = widgets.HTML()
        self.pretest_slider = widgets.FloatSlider(
            value=first.pretest,
            min=PRETEST_RANGE[0],
            max=PRETEST_RANGE[1],
            step=0.1,
            description="Pre-test %",
            readout=False,  # the typed box beside it shows the value
            continuous_update=False,
            layout=widgets.Layout(width="auto", flex="1 1 auto"),
        )
        self.pretest_box = _typed_percent(first.pretest, "or type", PRETEST_RANGE, 0.1, "9em")
        """The pre-test probability, typed (percent, to one decimal like the slider)."""
        self.thresholds = widgets.FloatRangeSlider(
            value=first.thresholds,
            min=0.0,
            max=100.0,
            step=1.0,
            description="Thresholds",
            readout=False,  # the typed boxes beside it show the two values
            continuous_update=False,
            layout=widgets.Layout(
                width="auto", min_width=f"{THRESHOLD_TRACK_PX + 90}px", flex="1 1 auto"
            ),
        )
        self.test_box = _typed_percent(first.thresholds[0], "Test from %", (0.0, 100.0), 1.0)
        """The testing threshold, typed (percent): below it, set the diagnosis aside."""
        self.act_box = _typed_percent(first.thresholds[1], "act from %", (0.0, 100.0), 1.0)
        """The treatment threshold, typed (percent): from it, act (treat or refer)."""
        self.findings_box = widgets.VBox()
        self.result = widgets.HTML()
        self.on_change(self.presentation, lambda ident: ("presentation", ident))
        self.on_change(self.pretest_slider, lambda value: ("pretest", value))
        self.on_change(self.pretest_box, lambda value: ("pretest", value))
        self.on_change(self.thresholds, lambda value: ("thresholds", value))
        self.on_change(self.test_box, lambda low: ("thresholds", (low, self.state.thresholds[1])))
        self.on_change(self.act_box, lambda high: ("thresholds", (self.state.thresholds[0], high)))
        controls = widgets.VBox(
            [
                self.published,
                widgets.HBox([self.pretest_slider, self.pretest_box]),
                widgets.HTML("<b>Test results</b>"),
                self.findings_box,
                self.result,
            ],
            # the controls take what the nomogram leaves
            layout=widgets.Layout(
                flex=f"1 1 {CONTROLS_MIN_PX}px",
                min_width=f"{CONTROLS_MIN_PX}px",
                margin="0 1em 0 0",
            ),
        )
        view = FigureView(self.nomogram.figure, interactive=interactive)
        view.widget.layout.margin = "0"  # the picture fills its column exactly (no 2 px rims)
        self.figure_column = widgets.VBox(
            [view.widget, _threshold_grid(self.test_box, self.thresholds, self.act_box)],
            layout=_figure_column_layout(self.nomogram.figure.bbox.width),
        )
        """The figure with the threshold control under it."""
        row = widgets.HBox(
            [controls, self.figure_column],
            layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
        )
        caption = widgets.HTML(
            prose(
                "<p><em>A teaching aid: it shows how test results move a probability in a paper "
                "case. The testing and treatment thresholds (10% and 70% by default) are "
                "illustrative, not published values, and it does not tell you what to do for "
                "a real person: any red flag means acting at its tier whatever the bar "
                "shows.</em></p>"
            )
        )
        super().__init__(
            first,
            controls={
                "presentation": self.presentation,
                "pretest": self.pretest_slider,
                "pretest-typed": self.pretest_box,
                "thresholds": self.thresholds,
                "test-threshold": self.test_box,
                "act-threshold": self.act_box,
            },
            body=[caption, self.presentation, row],
            view=view,
        )

    # ------------------------------------------------------------------ what a student reads

    @property
    def entry(self) -> PretestProbability:
        """The presentation now selected."""
        return self._entries[self.state.presentation]

    @property
    def findings(self) -> dict[str, Finding]:
        """The findings the selected presentation offers, by id."""
        return self.offered(self.state.presentation)

    @property
    def toggles(self) -> dict[str, widgets.ToggleButtons]:
        """One result control per offered finding of the selected presentation, by finding id."""
        return self._controls_for(self.state.presentation)[0]

    @property
    def _names(self) -> dict[str, widgets.HTML]:
        """The name (and any 'disabled' note) shown above each finding's control."""
        return self._controls_for(self.state.presentation)[1]

    @property
    def assessment(self) -> Assessment | None:
        """The combined result now shown (None while the results chosen overlap)."""
        return self.reading(self.state).assessment

    @property
    def redraws(self) -> int:
        """How many times the figure was refreshed (each change of state refreshes once)."""
        return self.events_applied

    def set_result(self, finding_id: str, outcome: str) -> None:
        """Set one finding to an outcome key ('positive', 'negative', '3+ of 6', 'not done')."""
        offered = self.findings
        if finding_id not in offered:
            raise ValueError(
                f"'{finding_id}' is not offered for this presentation; "
                f"{suggest(finding_id, offered)}"
            )
        finding = offered[finding_id]
        if outcome not in finding.keys:
            raise ValueError(
                f"'{outcome}' is not a result of {finding.name}; {suggest(outcome, finding.keys)}"
            )
        self.send(("result", self.state.presentation, finding_id, outcome))

    def book_spec(self) -> dict[str, Any]:
        """The state now, for the offline book (``tools.bookweb.figures``): the presentation,
        the pre-test probability and the thresholds in percent, and each finding's result."""
        state = self.state
        return {
            "presentation": state.presentation,
            "pretest": state.pretest,
            "thresholds": list(state.thresholds),
            "results": [list(pair) for pair in state.results],
        }

    # ------------------------------------------------------------------ state and events

    def offered(self, ident: str) -> dict[str, Finding]:
        """The findings presentation ``ident`` offers, by id (built once from the content)."""
        if ident not in self._offered:
            entry = self._entries[ident]
            self._offered[ident] = {f.id: f for f in for_presentation(entry)}
        return self._offered[ident]

    def _opening(self, ident: str, thresholds: tuple[float, float]) -> Choices:
        """The state a presentation opens in: its published figure, nothing examined yet."""
        entry = self._entries[ident]
        return Choices(
            presentation=ident,
            pretest=round(entry.typical * 100, 1),
            thresholds=thresholds,
            results=tuple((fid, NOT_DONE) for fid in self.offered(ident)),
        )

    def apply(self, state: Choices, event: Any) -> Choices:
        """The state after ``event`` (see the class docstring); pure."""
        match event:
            case ("presentation", str(ident)) if ident in self._entries:
                if ident == state.presentation:
                    return state
                return self._opening(ident, state.thresholds)
            case ("pretest", value) if _finite(value):
                low, high = PRETEST_RANGE
                return replace(state, pretest=round(min(high, max(low, float(value))), 1))
            case ("thresholds", (low, high)) if _finite(low) and _finite(high):
                return replace(state, thresholds=_thresholds(float(low), float(high)))
            case ("result", str(ident), str(finding_id), str(key)):
                finding = self.offered(state.presentation).get(finding_id)
                if ident != state.presentation or finding is None or key not in finding.keys:
                    return state
                results = tuple(
                    (fid, key if fid == finding_id else old) for fid, old in state.results
                )
                return replace(state, results=results)
        return state

    def reading(self, state: Choices) -> Reading:
        """What ``state`` means: the assessment, the line's LR, evidence and published range."""
        if state in self._readings:
            return self._readings[state]
        entry = self._entries[state.presentation]
        offered = self.offered(state.presentation)
        pre = state.pretest / 100
        published = abs(pre - entry.typical) < 0.0005
        span = entry.span if published else None
        thresholds = (state.thresholds[0] / 100, state.thresholds[1] / 100)
        try:
            assessment = assess(pre, [(offered[fid], key) for fid, key in state.results])
        except ValueError as error:  # only reachable by setting a disabled toggle in code
            reading = Reading(
                entry, pre, published, None, str(error), 1.0, "confirmed", span, thresholds
            )
        else:
            used = [o.evidence for _, o in assessment.chosen]
            if published:
                used.append(entry.evidence)
            reading = Reading(
                entry, pre, published, assessment, None, assessment.combined_lr, weakest(used),
                span, thresholds,
            )  # fmt: skip
        if len(self._readings) > 512:
            self._readings.clear()
        self._readings[state] = reading
        return reading

    # ------------------------------------------------------------------ drawing a state

    def render(self, before: Choices | None, after: Choices) -> None:
        """Set the controls, move the nomogram's artists and write the result for ``after``."""
        reading = self.reading(after)
        toggles, names, rows = self._controls_for(after.presentation)
        if before is None or before.presentation != after.presentation:
            self.findings_box.children = rows
            self.published.value = _published_html(reading.entry)
        self.show(self.presentation, after.presentation)
        self.show(self.pretest_slider, after.pretest)
        self.show(self.pretest_box, after.pretest)
        self.show(self.thresholds, after.thresholds)
        self.show(self.test_box, after.thresholds[0])
        self.show(self.act_box, after.thresholds[1])
        offered = self.offered(after.presentation)
        used = [offered[fid] for fid, key in after.results if key != NOT_DONE]
        for fid, key in after.results:
            self.show(toggles[fid], key)
            finding = offered[fid]
            blockers = [] if key != NOT_DONE else overlapping(finding, used)
            if toggles[fid].disabled != bool(blockers):
                toggles[fid].disabled = bool(blockers)
            note = (
                prose(
                    f"<i>Disabled: {escape(blockers[0].name)} already counts this examination "
                    "(results would not be independent).</i>"
                )
                if blockers
                else ""
            )
            self.show(names[fid], _finding_html(finding) + note)
        if before is None or before.thresholds != after.thresholds:
            self.nomogram.set_thresholds(*reading.thresholds)
        self.nomogram.show(
            reading.pretest, reading.lr, span=reading.span, evidence=reading.evidence
        )
        self.show(self.result, self._result_html(reading))

    def describe_state(self, state: Choices) -> str:
        """The state in words: presentation, reasoning and the figure."""
        r = self.reading(state)
        entry = r.entry
        reasoning = (
            r.assessment.describe() if r.assessment is not None else f"Not combined: {r.refusal}"
        )
        figure = fagan.describe(r.pretest, r.lr, r.span, r.evidence, r.thresholds)
        return (
            f"Presentation: {entry.name}; published pre-test probability {pretest_figure(entry)} "
            f"({entry.population}). {reasoning} {figure}"
        )

    def _controls_for(self, ident: str) -> tuple[dict, dict, list]:
        """The toggles, name labels and rows of one presentation, made the first time it shows."""
        if ident in self._rows:
            return self._rows[ident]
        toggles: dict[str, widgets.ToggleButtons] = {}
        names: dict[str, widgets.HTML] = {}
        rows: list[Any] = []
        for finding in self.offered(ident).values():
            toggle = widgets.ToggleButtons(
                options=list(finding.keys),
                value=NOT_DONE,
                tooltips=["not examined", *(outcome_words(o) for o in finding.outcomes)],
                style={"button_width": "auto"},
            )
            self.on_change(toggle, lambda key, i=ident, f=finding.id: ("result", i, f, key))
            name = widgets.HTML(_finding_html(finding))
            toggles[finding.id], names[finding.id] = toggle, name
            rows.append(widgets.VBox([name, toggle]))
        if not rows:
            rows.append(
                widgets.HTML(
                    "<i>No test for this presentation has published accuracy figures, so "
                    "the examination cannot move this probability by a measured amount. "
                    "See the note above.</i>"
                )
            )
        self._rows[ident] = (toggles, names, rows)
        return self._rows[ident]

    def _result_html(self, r: Reading) -> str:
        if r.assessment is None:
            return f"<p role='alert'><b>Not combined:</b> {escape(str(r.refusal))}</p>"
        a, entry = r.assessment, r.entry
        marker = EVIDENCE[entry.evidence]
        if not r.published:
            pre_note = "set by hand"
        elif entry.span is not None:
            pre_note = f"middle of the published range {percent_range(*entry.span)}{marker}"
        else:
            pre_note = f"published figure for this presentation{marker}"
        lines = [
            f"<p style='font-size:1.15em'><b>Pre-test {percent(a.pretest)}</b> ({pre_note}) "
            f"&rarr; <b>post-test {percent(a.post_test)}</b></p>"
        ]
        if a.chosen:
            items = "".join(
                f"<li>{escape(f.name)}: {escape(outcome_words(o))}</li>" for f, o in a.chosen
            )
            lines.append(f"<ul>{items}</ul>")
            if len(a.chosen) > 1:
                lines.append(
                    f"<p>Combined LR {ratio(a.combined_lr)}: the LRs are multiplied, which assumes "
                    "the results are conditionally independent.</p>"
                )
        else:
            lines.append(
                "<p>No result chosen yet: the line runs through LR 1 and the probability "
                "is unchanged.</p>"
            )
        zone = fagan.zone_name(fagan.zone_of(a.post_test, r.thresholds))
        lines.append(f"<p>Zone on the threshold bar: <b>{escape(zone)}</b>.</p>")
        if r.published and entry.span is not None:
            low, high = (post_test_probability(p, a.combined_lr) for p in entry.span)
            lines.append(
                f"<p>Across the published range {percent_range(*entry.span)} the post-test "
                f"probability runs from {percent(low)} to {percent(high)}.</p>"
            )
        return prose("".join(lines))


def _figure_column_layout(figure_px: float) -> widgets.Layout:
    """The nomogram's column: as wide as the figure's picture (``figure_px``, CSS pixels at
    100 % zoom), neither grown nor shrunk, so its text shows at the size it is drawn (at least
    10 px). At 1366×900 with JupyterLab's file browser open (:data:`LAPTOP_OUTPUT_PX`) the
    figure and the controls beside it (:data:`CONTROLS_MIN_PX`) fit on one row, so the nomogram
    is on screen with whichever control moves it. In a narrower output the column wraps under the
    controls and shrinks to the output's width."""
    return widgets.Layout(width=f"{round(figure_px)}px", max_width="100%", flex="0 0 auto")


def _threshold_grid(
    test_box: widgets.Widget, slider: widgets.Widget, act_box: widgets.Widget
) -> widgets.GridBox:
    """The threshold control under the nomogram: the slider across the figure's width, right
    under the bar it moves, and under the slider the two typed boxes, the testing threshold's
    at the left end (the slider's low handle) and the treatment threshold's at the right end
    (its high handle). The children keep the reading order test, slider, act (Tab follows it)."""
    test_box.layout.grid_area = "test"
    slider.layout.grid_area = "slider"
    act_box.layout.grid_area = "act"
    act_box.layout.margin = "2px 2px 2px auto"  # to the right end of its cell
    return widgets.GridBox(
        [test_box, slider, act_box],
        layout=widgets.Layout(
            grid_template_areas='"slider slider" "test act"',
            grid_template_columns="max-content 1fr",
            align_items="center",
            grid_gap="0.2em 1em",
            width="100%",
        ),
    )


def _typed_percent(
    value: float, label: str, bounds: tuple[float, float], step: float, width: str = "9.5em"
) -> widgets.BoundedFloatText:
    """A box to type a percentage in (``bounds`` in percent), labelled ``label``."""
    return widgets.BoundedFloatText(
        value=value,
        min=bounds[0],
        max=bounds[1],
        step=step,
        description=label,
        style={"description_width": "initial"},
        layout=widgets.Layout(width=width),
    )


def _finite(value: Any) -> bool:
    """True for a real, finite number (not a bool, not NaN)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _thresholds(low: float, high: float) -> tuple[float, float]:
    """Slider thresholds (percent) in order, inside 0-100, the middle zone at least 1 point wide."""
    low, high = sorted((min(100.0, max(0.0, low)), min(100.0, max(0.0, high))))
    low, high = round(low, 1), round(high, 1)
    if high - low < MIN_THRESHOLD_GAP:  # keep the middle zone visible
        if low + MIN_THRESHOLD_GAP <= 100.0:
            high = low + MIN_THRESHOLD_GAP
        else:
            low = high - MIN_THRESHOLD_GAP
    return (low, high)


def _finding_html(finding: Finding) -> str:
    figures = "; ".join(escape(outcome_words(o)) for o in finding.outcomes)
    return prose(
        f"<b>{escape(finding.name)}</b> "
        f"<span style='color:{MUTED_TEXT}'>({escape(finding.kind)})</span>"
        f"<br><small>{figures}</small>"
    )


def _published_html(entry: PretestProbability) -> str:
    note = f"<p>{escape(entry.note)}</p>" if entry.note else ""
    return prose(
        f"<b>Published pre-test probability: {escape(pretest_figure(entry))}</b><br>"
        f"<small>{escape(entry.population)}</small>"
        f"<details><summary>About this figure and its sources</summary>{note}"
        f"{sources_html(entry.sources)}</details>"
    )
