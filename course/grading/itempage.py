"""The item analysis drawn and put on one page: two PNG plots and a self-contained HTML report.

- **facility against discrimination**: one point per question, facility (0-1) across,
  discrimination index (corrected item-total r, -1 to 1) up, with the flag thresholds of
  :mod:`course.grading.stats` as dashed lines. A flagged question differs in marker shape AND in
  colour (Okabe-Ito, :mod:`course.style`) and is named beside its point, so colour never carries
  the flag alone.
- **totals**: a histogram of the students' totals, in points.

``item_analysis.html`` holds the summary, the flags, the question and distractor tables and both
plots as ``data:`` PNGs, each with alt text and a written description: no script, no stylesheet
or image fetched from anywhere, so it opens offline and can be mailed as one file. Every text a
student wrote (an option) is escaped.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib.ticker import MaxNLocator

from .. import figures, html, words
from ..style import BOOK_INDEX_CSS, GREY, OKABE_ITO
from .stats import (
    FACILITY_TOO_EASY,
    FACILITY_TOO_HARD,
    FLAGS,
    WEAK_DISCRIMINATION,
    ItemStats,
    OptionStats,
    Scores,
    Summary,
    student_totals,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MARKERS: dict[str, tuple[str, str, str]] = {
    "negative": ("v", OKABE_ITO["vermillion"], "negative discrimination"),
    "weak": ("s", OKABE_ITO["orange"], "weak discrimination"),
    "too_easy": ("D", OKABE_ITO["reddish_purple"], "too easy"),
    "too_hard": ("^", OKABE_ITO["reddish_purple"], "too hard"),
    "": ("o", OKABE_ITO["blue"], "not flagged"),
}
"""Flag -> (matplotlib marker, colour, legend words) of a question's point; a question with
several flags is drawn as its first (discrimination flags come first)."""

SCATTER_PNG = "facility_discrimination.png"
TOTALS_PNG = "totals.png"
PAGE = "item_analysis.html"


def _short(item: str) -> str:
    """A question's name as a plot label: the grade cell id without its notebook."""
    return item.rpartition("/")[2]


def scatter(items: list[ItemStats]) -> tuple[Figure, str]:
    """Facility against discrimination index, and the figure's text description."""
    figure = figures.new_figure(6.4, 4.8)
    ax = figure.add_subplot()
    drawn, undrawn = {}, []
    for item in items:
        if item.facility is None or item.discrimination_index is None:
            undrawn.append(item)
            continue
        drawn.setdefault(item.flags[0] if item.flags else "", []).append(item)
    for flag, (marker, colour, label) in MARKERS.items():
        group = drawn.get(flag, [])
        if not group:
            continue
        ax.scatter(
            [i.facility for i in group],
            [i.discrimination_index for i in group],
            marker=marker,
            s=70,
            color=colour,
            edgecolors=OKABE_ITO["black"],
            linewidths=0.8,
            label=f"{label} ({len(group)})",
            zorder=3,
        )
        for i in group:
            ax.annotate(
                _short(i.item),
                (i.facility, i.discrimination_index),
                xytext=(5, 4),
                textcoords="offset points",
                fontsize=8,
            )
    line = {"color": GREY[48], "linestyle": "--", "linewidth": 0.9, "zorder": 1}
    ax.axhline(0, **line)
    ax.axhline(WEAK_DISCRIMINATION, **line)
    ax.axvline(FACILITY_TOO_HARD, **line)
    ax.axvline(FACILITY_TOO_EASY, **line)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("facility (mean fraction of the points earned)", fontsize=9)
    ax.set_ylabel("discrimination index (r with the rest)", fontsize=9)
    ax.tick_params(labelsize=8)
    ax.set_title("Questions: facility against discrimination", fontsize=10)
    if drawn:
        ax.legend(fontsize=8, loc="lower left")
    figure.tight_layout()
    return figure, scatter_description(items)


def scatter_description(items: list[ItemStats]) -> str:
    """What the facility-discrimination plot shows, in words."""
    shown = [i for i in items if i.facility is not None and i.discrimination_index is not None]
    parts = [
        f"Scatter plot of {len(shown)} question{'s' if len(shown) != 1 else ''}: facility "
        f"across (0 to 1), discrimination index up (-1 to 1); dashed lines at discrimination 0 "
        f"and {WEAK_DISCRIMINATION:g} and at facility {FACILITY_TOO_HARD:g} and "
        f"{FACILITY_TOO_EASY:g}."
    ]
    for i in shown:
        state = "; ".join(FLAGS[f] for f in i.flags) or "not flagged"
        parts.append(
            f"{i.item}: facility {i.facility:.2f}, discrimination {i.discrimination_index:.2f}"
            f" ({state})."
        )
    for i in items:
        if i not in shown:
            parts.append(
                f"{i.item} is not drawn: its discrimination index is undefined "
                "(its score or the rest of the scores do not vary)."
            )
    return " ".join(parts)


def histogram(scores: Scores, summary: Summary) -> tuple[Figure, str]:
    """A histogram of the students' totals (points), and its text description."""
    values = sorted(student_totals(scores).values())
    top = summary.max_score
    width = 1.0 if top <= 40 else top / 20
    edges = [k * width for k in range(int(top / width) + 2)]
    figure = figures.new_figure(6.4, 3.6)
    ax = figure.add_subplot()
    counts, _, _ = ax.hist(
        values,
        bins=edges,
        color=OKABE_ITO["sky_blue"],
        edgecolor=OKABE_ITO["black"],
        hatch="//",
    )
    ax.set_xlabel(f"total (points, of {top:g})", fontsize=9)
    ax.set_ylabel("students", fontsize=9)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(labelsize=8)
    ax.set_title(f"Totals of {len(values)} students", fontsize=10)
    figure.tight_layout()
    bins = [f"{edges[k]:g} to under {edges[k + 1]:g}: {int(c)}" for k, c in enumerate(counts) if c]
    mean = "–" if summary.mean is None else f"{summary.mean:.2f}"
    sd = "–" if summary.sd is None else f"{summary.sd:.2f}"
    text = (
        f"Histogram of the totals of {len(values)} students, 0 to {top:g} points in bins "
        f"{width:g} point{'s' if width != 1 else ''} wide; mean {mean}, SD {sd}. "
        f"Students per bin: {'; '.join(bins) or 'none'}."
    )
    return figure, text


def _num(value: float | None, digits: int = 2) -> str:
    return words.DASH if value is None else f"{value:.{digits}f}"


def _image(png: bytes, alt: str, caption: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (
        f"<figure><img src='data:image/png;base64,{data}' alt='{escape(alt, quote=True)}'>"
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def page(
    assignment: str,
    items: list[ItemStats],
    summary: Summary,
    options: list[OptionStats],
    notes: list[str],
    plots: tuple[bytes, str, bytes, str],
) -> str:
    """The self-contained HTML page of one assignment's item analysis; ``plots`` are the
    scatter's PNG and description, then the histogram's."""
    scatter_png, scatter_text, totals_png, totals_text = plots
    s = summary
    title = f"Item analysis: {assignment}"
    body = [f"<h1>{escape(title)}</h1>"]
    alpha = "Cronbach's alpha" + (
        " (= KR-20: every question right or wrong)" if s.dichotomous else ""
    )
    rows = [
        ("Students", str(s.students)),
        ("Questions", str(s.questions)),
        ("Mean total", f"{_num(s.mean)} of {s.max_score:g} points"),
        ("Standard deviation", f"{_num(s.sd)} points"),
        (alpha, _num(s.alpha)),
        ("Standard error of measurement", f"{_num(s.sem)} points"),
        ("Question marks not graded yet", str(s.ungraded)),
    ]
    body.append(
        html.table(
            ["figure", "value"],
            [(escape(k), escape(v)) for k, v in rows],
            caption="The assignment as a whole",
            row_headers=True,
        )
    )
    if s.why_not:
        body.append(html.items("Not computed", [f"{k}: {v}" for k, v in s.why_not.items()]))
    flagged = [i for i in items if i.flags]
    body.append(
        html.items(
            "Flagged questions",
            [f"{i.item}: " + "; ".join(FLAGS[f] for f in i.flags) for i in flagged],
        )
        or "<p>No question is flagged.</p>"
    )
    body.append(
        html.table(
            [
                "question",
                "points",
                "n",
                "facility",
                "discrimination index",
                "upper-lower D",
                "ungraded",
                "flags",
            ],
            [
                (
                    escape(i.item),
                    f"{i.max_score:g}",
                    str(i.n),
                    _num(i.facility),
                    _num(i.discrimination_index),
                    _num(i.upper_lower),
                    str(i.ungraded),
                    escape(", ".join(i.flags) or words.DASH),
                )
                for i in items
            ],
            caption="Questions (discrimination index: correlation of the question's points with "
            "the total of the other questions, as in Moodle's quiz statistics)",
            row_headers=True,
        )
    )
    body.append(
        _image(scatter_png, "Facility against discrimination of each question", scatter_text)
    )
    if options:
        body.append(
            html.table(
                [
                    "question",
                    "option",
                    "chosen",
                    "share",
                    "upper group",
                    "lower group",
                    "mean total",
                    "mean credit",
                ],
                [
                    (
                        escape(o.question),
                        escape(o.option),
                        str(o.chosen),
                        words.percent(o.share),
                        words.percent(o.upper_share),
                        words.percent(o.lower_share),
                        _num(o.mean_total),
                        _num(o.mean_credit),
                    )
                    for o in options
                ],
                caption="Choice questions: who chose each option (upper and lower group: the "
                "share of the top and bottom 27% of students by total who chose it; mean credit "
                "1.00 marks the keyed answer)",
                row_headers=True,
            )
        )
    else:
        body.append("<p>No question is a choice question whose answers could be read.</p>")
    body.append(_image(totals_png, "Histogram of the students' totals", totals_text))
    if notes:
        body.append(html.items("Notes", notes))
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title><style>{BOOK_INDEX_CSS}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>"
    )


def write(
    folder: Path,
    assignment: str,
    items: list[ItemStats],
    summary: Summary,
    options: list[OptionStats],
    notes: list[str],
    scores: Scores,
) -> list[Path]:
    """Write the two PNG plots and the HTML page of one assignment's item analysis into
    ``folder``; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    figure, scatter_text = scatter(items)
    scatter_png = figures.png_bytes(figure)
    figure, totals_text = histogram(scores, summary)
    totals_png = figures.png_bytes(figure)
    (folder / SCATTER_PNG).write_bytes(scatter_png)
    (folder / TOTALS_PNG).write_bytes(totals_png)
    plots = (scatter_png, scatter_text, totals_png, totals_text)
    text = page(assignment, items, summary, options, notes, plots)
    (folder / PAGE).write_text(text, encoding="utf-8")
    return [folder / SCATTER_PNG, folder / TOTALS_PNG, folder / PAGE]
