"""The hypothesis-testing widget: a presentation, test results to toggle, a Fagan nomogram.

Pick a presentation (a published pre-test probability from ``pretest.yaml``) or move the
pre-test slider; set each offered test or cluster to *not done*, *positive* or *negative* (a
cluster offers its count bands); watch the post-test probability, the nomogram line and the
threshold bar follow. Figures that are not confirmed carry their evidence marker wherever they
are shown. A cluster and one of its own tests cannot both be used: the second is disabled,
because multiplying both LRs would count the same examination twice.

The widget only wires controls to :mod:`.findings` and :mod:`.nomogram`; each change moves the
existing artists and calls :meth:`course.figures.FigureView.refresh`.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ..cards import _sources as sources_html
from ..catalogue import content
from ..figures import (
    CONTROL_CLASS,
    DESCRIPTION_CLASS,
    WIDGET_CLASS,
    FigureView,
    static_bundle,
    tag,
)
from ..html import prose
from ..loading import suggest
from ..style import MUTED_TEXT
from ..words import EVIDENCE, percent, percent_range, pretest_figure, ratio
from ..words import outcome as outcome_words
from .findings import (
    NOT_DONE,
    Assessment,
    Finding,
    assess,
    for_presentation,
    overlapping,
    weakest,
)
from .nomogram import draw
from .pretest import PretestProbability, presentation
from .probability import post_test_probability

__all__ = ["HypothesisExplorer"]


class HypothesisExplorer:
    """Controls, text and a Fagan nomogram for one presentation at a time.

    Attributes a test (or a curious student) can drive: ``presentation`` (Dropdown of ids),
    ``pretest_slider`` (percent), ``toggles`` (finding id -> ToggleButtons), ``thresholds``
    (FloatRangeSlider, percent), and read: ``result`` (HTML), ``description`` (HTML),
    ``nomogram`` (its artists) and ``assessment``.
    """

    def __init__(
        self,
        start: str = "pgp_in_pregnancy",
        thresholds: tuple[float, float] = (0.10, 0.70),
        interactive: bool | None = False,  # nothing is clicked: the PNG view updates faster
    ):
        entries = content().all("pretest")
        ids = [e.id for e in entries]
        if start not in ids:
            raise ValueError(f"no presentation called '{start}'; {suggest(start, ids)}")
        test, treat = thresholds
        self.nomogram = draw(0.5, thresholds=thresholds, width=5.6, height=6.8)
        self.view = FigureView(self.nomogram.figure, interactive=interactive)
        self.presentation = widgets.Dropdown(
            options=[(e.name, e.id) for e in entries],
            value=start,
            description="Presentation",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        self.published = widgets.HTML()
        self.pretest_slider = widgets.FloatSlider(
            value=50.0,
            min=0.1,
            max=99.9,
            step=0.1,
            description="Pre-test %",
            readout_format=".1f",
            continuous_update=False,
            layout=widgets.Layout(width="100%"),
        )
        self.thresholds = widgets.FloatRangeSlider(
            value=(test * 100, treat * 100),
            min=0.0,
            max=100.0,
            step=1.0,
            description="Test / act thresholds %",
            style={"description_width": "initial"},
            continuous_update=False,
            layout=widgets.Layout(width="100%"),
        )
        self.findings_box = widgets.VBox()
        self.result = widgets.HTML()
        self.description = widgets.HTML()
        self.toggles: dict[str, widgets.ToggleButtons] = {}
        self.findings: dict[str, Finding] = {}
        self._names: dict[str, widgets.HTML] = {}
        self.assessment: Assessment | None = None
        self._quiet = False
        self.redraws = 0
        """How many times the figure was refreshed (each control change refreshes once)."""

        self.presentation.observe(self._on_presentation, names="value")
        self.pretest_slider.observe(self._on_change, names="value")
        self.thresholds.observe(self._on_thresholds, names="value")
        self._load(start)

        controls = widgets.VBox(
            [
                self.presentation,
                self.published,
                self.pretest_slider,
                widgets.HTML("<b>Test results</b>"),
                self.findings_box,
                self.thresholds,
                self.result,
            ],
            layout=widgets.Layout(width="44%", min_width="320px", margin="0 1em 0 0"),
        )
        row = widgets.HBox(
            [controls, self.view.widget], layout=widgets.Layout(flex_flow="row wrap")
        )
        self.widget = widgets.VBox([row, self.description])
        tag(self.widget, WIDGET_CLASS, "hypothesis")
        tag(self.presentation, CONTROL_CLASS, "presentation")
        tag(self.pretest_slider, CONTROL_CLASS, "pretest")
        tag(self.description, DESCRIPTION_CLASS)

    # ------------------------------------------------------------------ wiring

    @property
    def entry(self) -> PretestProbability:
        """The presentation now selected."""
        return presentation(self.presentation.value)

    def set_result(self, finding_id: str, outcome: str) -> None:
        """Set one finding to an outcome key ('positive', 'negative', '3+ of 6', 'not done')."""
        if finding_id not in self.toggles:
            raise ValueError(
                f"'{finding_id}' is not offered for this presentation; "
                f"{suggest(finding_id, self.toggles)}"
            )
        finding = self.findings[finding_id]
        if outcome not in finding.keys:
            raise ValueError(
                f"'{outcome}' is not a result of {finding.name}; {suggest(outcome, finding.keys)}"
            )
        self.toggles[finding_id].value = outcome

    def _load(self, ident: str) -> None:
        """Build the rows for one presentation and move the slider to its published figure."""
        entry = presentation(ident)
        self._quiet = True
        try:
            for old in (*self.toggles.values(), *self._names.values()):
                old.close()  # the previous presentation's controls leave the front end
            self.findings = {f.id: f for f in for_presentation(entry)}
            self.toggles, self._names, rows = {}, {}, []
            for finding in self.findings.values():
                toggle = widgets.ToggleButtons(
                    options=list(finding.keys),
                    value=NOT_DONE,
                    tooltips=["not examined", *(outcome_words(o) for o in finding.outcomes)],
                    style={"button_width": "auto"},
                )
                toggle.observe(self._on_change, names="value")
                name = widgets.HTML(_finding_html(finding))
                self.toggles[finding.id] = toggle
                self._names[finding.id] = name
                rows.append(widgets.VBox([name, toggle]))
            if not rows:
                rows.append(
                    widgets.HTML(
                        "<i>No test for this presentation has published accuracy figures, so "
                        "the examination cannot move this probability by a measured amount. "
                        "See the note above.</i>"
                    )
                )
            self.findings_box.children = rows
            self.published.value = _published_html(entry)
            self.pretest_slider.value = round(entry.typical * 100, 1)
        finally:
            self._quiet = False
        self._update()

    def _on_presentation(self, change) -> None:
        self._load(change["new"])

    def _on_change(self, _change) -> None:
        if not self._quiet:
            self._update()

    def _on_thresholds(self, change) -> None:
        low, high = change["new"]
        if high - low < 1:  # keep the middle zone visible
            high = min(100.0, low + 1)
        self.nomogram.set_thresholds(low / 100, high / 100)
        self._update()

    def _update(self) -> None:
        entry = self.entry
        chosen = [(self.findings[i], t.value) for i, t in self.toggles.items()]
        self._disable_overlaps()
        pre = self.pretest_slider.value / 100
        published = abs(pre - entry.typical) < 0.0005
        try:
            self.assessment = assess(pre, chosen)
        except ValueError as error:  # only reachable by setting a disabled toggle in code
            self.result.value = f"<p role='alert'><b>Not combined:</b> {escape(str(error))}</p>"
            return
        used = [o.evidence for _, o in self.assessment.chosen]
        if published:
            used.append(entry.evidence)
        evidence = weakest(used)
        span = entry.span if published else None
        self.nomogram.show(pre, self.assessment.combined_lr, span=span, evidence=evidence)
        self.result.value = self._result_html(entry, published)
        self.description.value = prose(
            "<details open><summary><b>Text description</b></summary>"
            f"<p>{escape(self.describe())}</p></details>"
        )
        self.view.refresh()
        self.redraws += 1

    def _disable_overlaps(self) -> None:
        used = [self.findings[i] for i, t in self.toggles.items() if t.value != NOT_DONE]
        for ident, toggle in self.toggles.items():
            finding = self.findings[ident]
            blockers = [] if toggle.value != NOT_DONE else overlapping(finding, used)
            toggle.disabled = bool(blockers)
            note = (
                prose(
                    f"<i>Disabled: {escape(blockers[0].name)} already counts this examination "
                    "(results would not be independent).</i>"
                )
                if blockers
                else ""
            )
            self._names[ident].value = _finding_html(finding) + note

    # ------------------------------------------------------------------ text

    def _result_html(self, entry: PretestProbability, published: bool) -> str:
        a = self.assessment
        marker = EVIDENCE[entry.evidence]
        if not published:
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
        zone = self.nomogram.zone_name
        lines.append(f"<p>Zone on the threshold bar: <b>{escape(zone)}</b>.</p>")
        if published and entry.span is not None:
            low, high = (post_test_probability(p, a.combined_lr) for p in entry.span)
            lines.append(
                f"<p>Across the published range {percent_range(*entry.span)} the post-test "
                f"probability runs from {percent(low)} to {percent(high)}.</p>"
            )
        return prose("".join(lines))

    def describe(self) -> str:
        """The current state in words: presentation, reasoning and the figure."""
        entry = self.entry
        return (
            f"Presentation: {entry.name}; published pre-test probability {pretest_figure(entry)} "
            f"({entry.population}). {self.assessment.describe()} {self.nomogram.describe()}"
        )

    def _repr_mimebundle_(self, **kwargs):
        # the live widget where widgets run; the nomogram and its description elsewhere
        return static_bundle(self.widget, self.nomogram.figure, self.describe())


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
