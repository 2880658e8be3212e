"""The Fagan nomogram (Fagan 1975) and a bar of the test and treatment thresholds.

Three vertical scales: pre-test probability on the left (0.1 % at the top, 99.9 % at the
bottom), likelihood ratio in the middle (logarithmic, 1000 at the top) and post-test probability
on the right (99.9 % at the top). A straight line from the pre-test probability through the LR
lands on the post-test probability. It works because every scale is a log-odds scale:

    left   y = -log10(pre-test odds)
    middle y =  log10(LR) / 2
    right  y =  log10(post-test odds)

and the middle of the segment from left to right is the average of its ends, which is
log10(post odds / pre odds) / 2 = log10(LR) / 2.

Below the nomogram, a bar shows the testing threshold and the treatment threshold (Pauker and
Kassirer 1980) as three hatched, labelled zones, with the current pre- and post-test
probabilities marked on it. :func:`draw` returns a :class:`Nomogram` holding every artist, and
:meth:`Nomogram.show` moves them without rebuilding anything.

Every word on the figure is drawn as cached glyph outlines (:class:`course.labels.
LabelLayer`), a few collections in all, because matplotlib renders each ``Text`` glyph by
glyph on every draw: with its hundred labels the nomogram spent four fifths of a redraw on text.
:func:`describe` says in words what a nomogram in a given state shows, without drawing one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from ..figures import MIN_TEXT_PT, glyph_path, new_figure, png_bytes
from ..labels import Label, LabelBox, LabelLayer
from ..records import Evidence
from ..still import StillLayer
from ..style import HIGHLIGHT, OKABE_ITO
from ..words import EVIDENCE, evidence_word, percent, percent_range, ratio
from .probability import check_lr, check_probability, odds, post_test_probability

__all__ = [
    "LR_TICKS",
    "PROBABILITY_TICKS",
    "X_LR",
    "X_POST",
    "X_PRE",
    "ZONES",
    "Nomogram",
    "describe",
    "draw",
    "probability_at",
    "y_lr",
    "y_post",
    "y_pre",
    "zone_name",
    "zone_of",
]

X_PRE, X_LR, X_POST = 0.0, 1.0, 2.0
"""Where the three scales stand, in the nomogram's data coordinates."""

PROBABILITY_TICKS: tuple[float, ...] = (
    0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 98, 99, 99.5, 99.8, 99.9,
)  # fmt: skip
"""Labelled probabilities (in %) on the pre- and post-test scales, as on Fagan's nomogram."""

LR_TICKS: tuple[float, ...] = (
    1000, 500, 200, 100, 50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001,
)  # fmt: skip
"""Labelled likelihood ratios on the middle scale."""

ZONES: tuple[tuple[str, str, str], ...] = (
    ("set aside", "Set aside:\nno test", "Set aside"),
    ("test", "Test further", "Test"),
    ("act", "Act: treat\nor refer", "Act"),
)
"""The threshold bar's zones: (key, label, short label), low probability to high."""

_ZONE_STYLE = (
    (OKABE_ITO["sky_blue"], ""),
    (OKABE_ITO["yellow"], "//"),
    (OKABE_ITO["vermillion"], "xx"),
)
_SPAN_COLOUR = OKABE_ITO["blue"]
_UNDER_BAR = -0.08
"""Where the tops of the threshold figures sit, in bar units under the bar."""
_GAP_EM = 0.5
"""The least room between two labels of the threshold bar, in ems of the label's size."""
GID = "nomogram/"
"""The prefix of the moving artists' ``gid``: ``nomogram/line``, ``nomogram/span/0``,
``nomogram/span-mark/1``, ``nomogram/pre-marker``, ``nomogram/post-marker``."""
_Y_LIMIT = math.log10(0.999 / 0.001)  # the 0.1 % and 99.9 % ends of the probability scales


def y_pre(p: float) -> float:
    """Height of pre-test probability ``p`` on the left scale (higher probability is lower)."""
    return -math.log10(odds(p))


def y_post(p: float) -> float:
    """Height of post-test probability ``p`` on the right scale (higher probability is higher)."""
    return math.log10(odds(p))


def y_lr(lr: float) -> float:
    """Height of likelihood ratio ``lr`` on the middle scale."""
    return math.log10(check_lr(lr)) / 2


def probability_at(y: float, scale: str = "post") -> float:
    """The probability a height ``y`` stands for on the ``post`` (right) or ``pre`` (left) scale."""
    if scale not in ("pre", "post"):
        raise ValueError(f"scale must be 'pre' or 'post', got {scale!r}")
    log_odds = y if scale == "post" else -y
    return 1.0 / (1.0 + 10.0 ** (-log_odds))


@dataclass
class Nomogram:
    """A drawn Fagan nomogram with its threshold bar; every artist a widget needs to move."""

    figure: Figure
    axes: Axes
    """The nomogram (data coordinates: x = 0, 1, 2 for the three scales; y as in the module doc)."""
    bar_axes: Axes
    """The threshold bar (x = probability in %, 0 to 100)."""
    line: Line2D
    """The Fagan line: three points, on the left, middle and right scales."""
    span_lines: tuple[Line2D, Line2D]
    """Dashed lines through the same LR from the low and high ends of a published range."""
    span_marks: tuple[Line2D, Line2D]
    """Thick bars on the left and right scales covering the published range and its result."""
    pre_label: Label
    lr_label: Label
    post_label: Label
    zones: tuple[Rectangle, Rectangle, Rectangle]
    zone_labels: tuple[Label, Label, Label]
    threshold_labels: tuple[Label, Label]
    end_labels: tuple[Label, Label]
    """'0%' and '100%' under the ends of the bar, hidden when a threshold label sits close."""
    pre_marker: Line2D
    post_marker: Line2D
    post_bar_label: Label
    still: StillLayer | None = None
    """The scales, tick labels, bar axis and key: painted once, then copied back each draw."""
    pretest: float = 0.5
    lr: float = 1.0
    span: tuple[float, float] | None = None
    evidence: Evidence = "confirmed"
    thresholds: tuple[float, float] = (0.1, 0.7)

    @property
    def post_test(self) -> float:
        """The post-test probability the line now shows."""
        return post_test_probability(self.pretest, self.lr)

    @property
    def zone(self) -> str:
        """Which zone of the threshold bar the post-test probability falls in."""
        return zone_of(self.post_test, self.thresholds)

    @property
    def zone_name(self) -> str:
        """The zone the post-test probability falls in, as the bar labels it."""
        return zone_name(self.zone)

    def show(
        self,
        pretest: float,
        lr: float = 1.0,
        span: tuple[float, float] | None = None,
        evidence: Evidence = "confirmed",
    ) -> None:
        """Move the line to ``pretest`` through ``lr``; ``span`` is a published pre-test range.

        ``evidence`` is the weakest evidence level among the figures used; anything but
        ``confirmed`` is written next to the LR. Only artist data and text change.
        """
        self.pretest = check_probability(pretest, "pre-test probability")
        self.lr = check_lr(lr)
        self.evidence = evidence
        if span is not None:
            span = (check_probability(span[0], "low"), check_probability(span[1], "high"))
        self.span = span
        post = self.post_test
        self.line.set_data([X_PRE, X_LR, X_POST], [y_pre(self.pretest), y_lr(lr), y_post(post)])
        self.pre_label.set_position((X_PRE + 0.06, y_pre(self.pretest)))
        self.pre_label.set_text(percent(self.pretest))
        # the LR label sits right of the middle scale, on the side of the line with more room
        rising = y_post(post) > y_lr(lr)
        self.lr_label.set_position((X_LR + 0.08, y_lr(lr) + (-0.12 if rising else 0.12)))
        self.lr_label.set_verticalalignment("top" if rising else "bottom")
        marker = evidence_word(evidence)
        self.lr_label.set_text(f"LR {ratio(lr)}" + (f"\n{marker}" if marker else ""))
        self.post_label.set_position((X_POST - 0.06, y_post(post)))
        self.post_label.set_text(percent(post))
        for line in (*self.span_lines, *self.span_marks):
            line.set_visible(span is not None)
        if span is not None:
            posts = [post_test_probability(p, lr) for p in span]
            for line, p, q in zip(self.span_lines, span, posts, strict=True):
                line.set_data([X_PRE, X_POST], [y_pre(p), y_post(q)])
            self.span_marks[0].set_data([X_PRE, X_PRE], [y_pre(span[0]), y_pre(span[1])])
            self.span_marks[1].set_data([X_POST, X_POST], [y_post(posts[0]), y_post(posts[1])])
        self.pre_marker.set_xdata([self.pretest * 100])
        self.post_marker.set_xdata([post * 100])
        self.post_bar_label.set_x(post * 100)
        self.post_bar_label.set_text(f"post-test {percent(post)}")
        self.post_bar_label.set_horizontalalignment(
            "left" if post < 0.15 else "right" if post > 0.85 else "center"
        )

    def set_thresholds(self, test: float, treat: float) -> None:
        """Move the testing and treatment thresholds (proportions, test < treat).

        The bar's labels are laid out so that they never overlap: each zone shows the longest
        of its names that fits inside it; the two threshold figures sit under their
        thresholds, pushed to either side when they would touch; a middle zone too narrow to
        name inside the bar is named under it, with both thresholds ("test further: 65–70%").
        The '0%' and '100%' ends hide when a threshold figure comes close.
        """
        if not 0.0 <= test < treat <= 1.0:
            raise ValueError(
                "thresholds must satisfy 0 <= testing threshold < treatment threshold <= 1, "
                f"got {test!r} and {treat!r}"
            )
        self.thresholds = (test, treat)
        edges = (0.0, test * 100, treat * 100, 100.0)
        for index, (rect, label) in enumerate(zip(self.zones, self.zone_labels, strict=True)):
            left, right = edges[index], edges[index + 1]
            rect.set_x(left)
            rect.set_width(right - left)
            _key, long, short = ZONES[index]
            width = right - left
            label.set_text(long if width >= 16 else short if width >= 7 else "")
            half = self._bar_width(label, label.get_text()) / 2
            label.set_x(min(100 - half, max(half, (left + right) / 2)))
        middle = self.zone_labels[1]
        if self._bar_width(middle, middle.get_text(), pad=False) > edges[2] - edges[1]:
            # the middle zone's name must sit between its thresholds, or a reader cannot
            # tell which band it names: a shorter one, or the name goes under the bar
            _key, long, short = ZONES[1]
            fits = self._bar_width(middle, short, pad=False) <= edges[2] - edges[1]
            middle.set_text(short if fits else "")
        for end in (0, 2):  # an end zone's name gives way to the middle zone's
            while self._overlap(self.zone_labels[end], self.zone_labels[1]):
                _key, long, short = ZONES[end]
                shorter = {long: short, short: ""}.get(self.zone_labels[end].get_text(), "")
                self.zone_labels[end].set_text(shorter)
        low, high = self.threshold_labels
        low.set_horizontalalignment("center")
        high.set_horizontalalignment("center")
        low.set_x(test * 100)
        high.set_x(treat * 100)
        if not self.zone_labels[1].get_text():  # the middle zone is named under the bar
            _key, long, _short = ZONES[1]
            low.set_text(f"{long.lower()}: {percent_range(test, treat)}")
            high.set_text("")
            centre = (test + treat) * 50
            half = self._bar_width(low, low.get_text()) / 2
            low.set_x(min(100 - half, max(half, centre)))
        else:
            low.set_text(percent(test))
            high.set_text(percent(treat))
            gap = _GAP_EM * low.size / self._points_per_unit
            reach = self._bar_width(low, low.get_text()) + self._bar_width(high, high.get_text())
            if treat * 100 - test * 100 < reach / 2:  # centred, they would touch
                low.set_horizontalalignment("right")
                high.set_horizontalalignment("left")
                low.set_x(test * 100 - gap / 2)
                high.set_x(treat * 100 + gap / 2)
        for end, far in zip(self.end_labels, (test * 100 > 7, treat * 100 < 91), strict=True):
            end.set_visible(True)  # measured where it would show
            end.set_visible(far and not self._touches(end))

    @property
    def _points_per_unit(self) -> float:
        """How many points one percentage point of the bar is wide."""
        return self.bar_axes.get_position().width * self.figure.get_figwidth() * 72 / 100

    def _bar_width(self, label: Label, text: str, pad: bool = True) -> float:
        """How wide ``text`` in ``label``'s font is on the bar, in percentage points; with
        ``pad``, plus its box's padding and a little room on each side."""
        if not text.strip():
            return 0.0
        widest = max(
            np.ptp(
                glyph_path(line, label.size, "left", "baseline", label.get_fontweight()).vertices[
                    :, 0
                ]
            )
            for line in text.split("\n")
            if line.strip()
        )  # the control points' span: close to the outline's, and far cheaper to get
        padding = (2 * (label.box.pad if label.box else 0.0) + _GAP_EM) * label.size
        return (widest + (padding if pad else 0.0)) / self._points_per_unit

    @staticmethod
    def _overlap(first: Label, second: Label) -> bool:
        """True when two shown labels' boxes overlap (a hidden or empty one overlaps nothing)."""
        shown = [lab.get_visible() and lab.get_text().strip() for lab in (first, second)]
        if not all(shown):
            return False
        return first.window_extent().overlaps(second.window_extent())

    def _touches(self, end: Label) -> bool:
        """True when an end label ('0%', '100%') would overlap a threshold label."""
        return any(self._overlap(end, t) for t in self.threshold_labels)

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """Show as a PNG in a notebook, with the text description as its plain-text form."""
        return {"image/png": png_bytes(self.figure), "text/plain": self.describe()}

    def describe(self) -> str:
        """The figure in words, for screen readers and tests."""
        return describe(self.pretest, self.lr, self.span, self.evidence, self.thresholds)


def zone_of(probability: float, thresholds: tuple[float, float]) -> str:
    """The key of the threshold-bar zone ``probability`` falls in (thresholds as proportions)."""
    low, high = thresholds
    if probability < low:
        return ZONES[0][0]
    return ZONES[1][0] if probability < high else ZONES[2][0]


def zone_name(key: str) -> str:
    """A zone's name as the bar labels it, on one line ('Act: treat or refer')."""
    for zone_key, long, _short in ZONES:
        if zone_key == key:
            return long.replace("\n", " ")
    raise ValueError(f"no zone called {key!r}; zones: {', '.join(z[0] for z in ZONES)}")


def describe(
    pretest: float,
    lr: float = 1.0,
    span: tuple[float, float] | None = None,
    evidence: Evidence = "confirmed",
    thresholds: tuple[float, float] = (0.1, 0.7),
) -> str:
    """In words, what a nomogram showing ``pretest`` through ``lr`` draws (see :func:`draw`).

    Probabilities and thresholds are proportions; ``span`` is a published pre-test range.
    """
    post = post_test_probability(pretest, lr)
    marker = EVIDENCE[evidence]
    text = (
        f"Fagan nomogram. A line runs from a pre-test probability of {percent(pretest)} "
        f"on the left scale through a likelihood ratio of {ratio(lr)}{marker} on the "
        f"middle scale to a post-test probability of {percent(post)} on the right scale."
    )
    if span is not None:
        low, high = (post_test_probability(p, lr) for p in span)
        text += (
            f" Dashed lines carry the published pre-test range {percent(span[0])} to "
            f"{percent(span[1])} across to {percent(low)} to {percent(high)}."
        )
    test, treat = thresholds
    names = [long.replace("\n", " ") for _, long, _ in ZONES]
    low, high = percent(test), percent(treat)
    text += (
        f" Threshold bar: below {low} '{names[0]}', from {low} to {high} '{names[1]}', "
        f"above {high} '{names[2]}'. The post-test probability is in the "
        f"'{zone_name(zone_of(post, thresholds))}' zone."
    )
    return f"{text} {CAPTION}"


CAPTION = (
    "A teaching aid for paper cases, not a decision about a patient: the thresholds are "
    "illustrative, and any red flag overrides the bar."
)
"""Printed under every nomogram (and so on its exported picture) and said by ``describe``."""


def draw(
    pretest: float = 0.5,
    *lrs: float,
    span: tuple[float, float] | None = None,
    thresholds: tuple[float, float] = (0.1, 0.7),
    evidence: Evidence = "confirmed",
    width: float = 6.4,
    height: float = 7.6,
) -> Nomogram:
    """Draw a Fagan nomogram for ``pretest`` and the product of ``lrs`` (1 if none).

    Several LRs are multiplied first, which assumes the results are conditionally independent.
    ``width`` and ``height`` are the figure's size in inches.
    """
    figure = new_figure(width, height)
    grid = figure.add_gridspec(2, 1, height_ratios=(7.0, 1.2), hspace=0.14)
    axes = figure.add_subplot(grid[0])
    bar_axes = figure.add_subplot(grid[1])
    figure.subplots_adjust(left=0.04, right=0.96, top=0.99, bottom=0.06)
    caption = figure.text(
        0.5, 0.008, CAPTION, ha="center", va="bottom", fontsize=MIN_TEXT_PT, color="0.3", wrap=True
    )
    words = LabelLayer(
        figure, axes.transData, axes=axes, zorder=2, halo=False, colour="black", clip=False
    )
    scales = _draw_scales(axes, words)
    labels = LabelLayer(
        figure, axes.transData, axes=axes, zorder=6, halo=False, colour="black", clip=False
    )
    colour = HIGHLIGHT
    (line,) = axes.plot(
        [X_PRE, X_LR, X_POST], [0, 0, 0], color=colour, lw=2.6, marker="o", ms=7,
        mfc="white", mec=colour, mew=2, solid_capstyle="round", zorder=5,
    )  # fmt: skip
    spans = tuple(
        axes.plot([X_PRE, X_POST], [0, 0], color=_SPAN_COLOUR, lw=1.2, ls=(0, (4, 3)), zorder=4)[0]
        for _ in range(2)
    )
    marks = tuple(
        axes.plot([x, x], [0, 0], color=_SPAN_COLOUR, lw=7, alpha=0.45, solid_capstyle="butt",
                  zorder=3)[0]
        for x in (X_PRE, X_POST)
    )  # fmt: skip
    box = LabelBox(pad=0.25, facecolor="white", edgecolor=colour, linewidth=1.2)
    pre_label = labels.add(0, 0, "", size=9, ha="left", va="center", weight="bold", box=box)
    lr_label = labels.add(0, 0, "", size=8.5, ha="left", va="center", weight="bold", box=box)
    post_label = labels.add(0, 0, "", size=9, ha="right", va="center", weight="bold", box=box)
    (zones, zone_labels, threshold_labels, ends, pre_marker, post_marker, post_bar_label,
     still_bar) = _draw_bar(bar_axes)  # fmt: skip
    # each moving artist's id in an SVG export (the offline book moves those elements)
    line.set_gid(f"{GID}line")
    for index, artist in enumerate(spans):
        artist.set_gid(f"{GID}span/{index}")
    for index, artist in enumerate(marks):
        artist.set_gid(f"{GID}span-mark/{index}")
    pre_marker.set_gid(f"{GID}pre-marker")
    post_marker.set_gid(f"{GID}post-marker")
    still = StillLayer(figure, [*scales, *words.layers, *still_bar, caption])
    nomogram = Nomogram(
        figure, axes, bar_axes, line, spans, marks, pre_label, lr_label, post_label,
        zones, zone_labels, threshold_labels, ends, pre_marker, post_marker, post_bar_label,
        still,
    )  # fmt: skip
    lr = 1.0
    for value in lrs:
        lr *= check_lr(value)
    nomogram.set_thresholds(*thresholds)
    nomogram.show(pretest, lr, span=span, evidence=evidence)
    return nomogram


def _draw_scales(axes: Axes, words: LabelLayer) -> list[LineCollection]:
    """The three scales with their ticks; returns the line collections (tick labels go to
    ``words``)."""
    axes.set_xlim(-0.62, 2.62)
    axes.set_ylim(-_Y_LIMIT - 0.12, _Y_LIMIT + 0.62)
    axes.set_axis_off()
    # Every scale line and tick goes into three LineCollections (one per line weight), so a
    # redraw paints a handful of artists rather than two hundred Line2D objects.
    spines = [[(x, -_Y_LIMIT), (x, _Y_LIMIT)] for x in (X_PRE, X_POST)]
    spines.append([(X_LR, y_lr(0.001)), (X_LR, y_lr(1000))])
    major, minor = [], []
    small = [p / 10 for p in range(1, 10)] + list(range(1, 10)) + list(range(10, 91, 10))
    small += [91, 92, 93, 94, 95, 96, 97, 98, 99, 99.1, 99.2, 99.3, 99.4, 99.5, 99.6, 99.7, 99.8]
    for value in sorted(set(small) - set(PROBABILITY_TICKS)):
        y1, y2 = y_pre(value / 100), y_post(value / 100)
        minor += [[(X_PRE - 0.035, y1), (X_PRE, y1)], [(X_POST, y2), (X_POST + 0.035, y2)]]
    for value in PROBABILITY_TICKS:
        y1, y2 = y_pre(value / 100), y_post(value / 100)
        major += [[(X_PRE - 0.07, y1), (X_PRE, y1)], [(X_POST, y2), (X_POST + 0.07, y2)]]
        words.add(X_PRE - 0.1, y1, f"{value:g}", size=8, ha="right", va="center")
        words.add(X_POST + 0.1, y2, f"{value:g}", size=8, ha="left", va="center")
    # likelihood-ratio scale: 1, 2 and 5 of each decade labelled, other integers as minor ticks
    for exponent in range(-3, 3):
        for digit in range(2, 10):
            value = digit * 10.0**exponent
            if value not in LR_TICKS:
                minor.append([(X_LR - 0.035, y_lr(value)), (X_LR + 0.035, y_lr(value))])
    for value in LR_TICKS:
        y = y_lr(value)
        major.append([(X_LR - 0.07, y), (X_LR + 0.07, y)])
        words.add(X_LR - 0.1, y, f"{value:g}", size=8, ha="right", va="center")
    lines = [
        LineCollection(segments, colors="black", linewidths=width, capstyle="butt")
        for segments, width in ((spines, 1.1), (major, 1.0), (minor, 0.6))
    ]
    for collection in lines:
        axes.add_collection(collection)
    header = dict(size=9.5, ha="center", va="bottom", weight="bold")
    top = _Y_LIMIT + 0.12
    words.add(X_PRE, top, "Pre-test\nprobability (%)", **header)
    words.add(X_LR, y_lr(1000) + 0.12, "Likelihood\nratio", **header)
    words.add(X_POST, top, "Post-test\nprobability (%)", **header)
    return lines


def _draw_bar(axes: Axes):
    axes.set_xlim(0, 100)
    axes.set_ylim(-0.55, 2.3)
    for side in ("left", "right", "top"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_position(("data", 0))
    axes.set_yticks([])
    axes.set_xticks([0, 100], ["", ""])
    axes.tick_params(axis="x", length=3)
    figure = axes.figure
    words = LabelLayer(
        figure, axes.transData, axes=axes, zorder=4, halo=False, colour="black", clip=False
    )
    zones, labels = [], []
    label_box = LabelBox(pad=0.15, facecolor="white", alpha=0.85)
    for colour, hatch in _ZONE_STYLE:
        rect = Rectangle((0, 0), 0, 1, facecolor=colour, alpha=0.55, hatch=hatch,
                         edgecolor="black", lw=0.8)  # fmt: skip
        axes.add_patch(rect)
        zones.append(rect)
        # centred as a block, so that a two-line name stays inside the bar
        labels.append(words.add(0, 0.5, "", size=8.5, ha="center", va="center", weight="bold",
                                box=label_box, align="box"))  # fmt: skip
    thresholds = tuple(
        words.add(0, _UNDER_BAR, "", size=8, ha="center", va="top", weight="bold") for _ in range(2)
    )
    ends = tuple(words.add(x, _UNDER_BAR, f"{x}%", size=8, ha="center", va="top") for x in (0, 100))
    (pre_marker,) = axes.plot([0], [1.12], marker="v", ms=9, mfc="white", mec="black", mew=1.5,
                              ls="none", clip_on=False)  # fmt: skip
    (post_marker,) = axes.plot([0], [1.12], marker="v", ms=11, color=HIGHLIGHT, mec="black",
                               mew=1.2, ls="none", clip_on=False)  # fmt: skip
    post_label = words.add(0, 1.35, "", size=8.5, ha="center", va="bottom", weight="bold")
    still = [axes.xaxis, axes.spines["bottom"], *_draw_key(axes, pre_marker, post_marker)]
    return tuple(zones), tuple(labels), thresholds, ends, pre_marker, post_marker, post_label, still


def _draw_key(axes: Axes, pre_marker: Line2D, post_marker: Line2D) -> list[Any]:
    """The bar's title and its key to the two markers, laid out once in axes coordinates.

    A matplotlib legend lays itself out again on every draw; this key is two markers and
    three glyph labels, placed like ``legend(loc="upper right", ncol=2)`` would place them.
    Returns the key's artists.
    """
    figure = axes.figure
    words = LabelLayer(
        figure, axes.transAxes, axes=axes, zorder=4, halo=False, colour="black", clip=False
    )
    words.add(0, 1.28, "Decision thresholds", size=8.5, ha="left", va="top", weight="bold")
    size, y = 7.5, 1.24
    artists: list[Any] = list(words.layers)
    # axes widths in points, so that the key's gaps are in ems whatever the figure's size
    width = axes.get_position().width * figure.get_figwidth() * 72
    x = 1.0 - 0.4 * size / width  # the right edge, less the legend's border pad
    for marker, name in ((post_marker, "post-test"), (pre_marker, "pre-test")):
        text = glyph_path(name, size, "left", "center", "normal").get_extents().width
        x -= text / width
        words.add(x, y, name, size=size, ha="left", va="center")
        x -= 0.2 * size / width + size / width  # the text pad, then half the marker slot
        artists += axes.plot(
            [x], [y], marker=marker.get_marker(), ms=marker.get_markersize() * 0.8,
            mfc=marker.get_markerfacecolor(), mec=marker.get_markeredgecolor(),
            mew=marker.get_markeredgewidth(), ls="none", clip_on=False, transform=axes.transAxes,
        )  # fmt: skip
        x -= size / width + 0.8 * size / width  # the other half of the slot, column spacing
    return artists
