"""The item-analysis page and plots: self-contained, described in words, escaped."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser

import pytest

from course.grading import itempage, stats
from course.grading.report import GradeReport, csv_row

from .test_stats import MAXIMA, SCORES


class Parsed(HTMLParser):
    """The tags and attributes of a page."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def sample_report(option: str = "<script>alert(1)</script>") -> GradeReport:
    result = GradeReport("case_review_9", stats.item_analysis(SCORES, MAXIMA))
    result.summary = stats.assignment_summary(SCORES, MAXIMA)
    chosen = {"s1": "B", "s2": option, "s3": "C", "s4": "B", "s5": "B", "s6": option}
    result.options = stats.distractors("i1", chosen, SCORES, MAXIMA)
    result.notes = ["s7: autograded/s7/x.ipynb: unreadable"]
    return result


def test_the_page_is_self_contained_with_described_plots(tmp_path):
    r = sample_report()
    written = itempage.write(tmp_path, r.assignment, r.items, r.summary, r.options, r.notes, SCORES)
    assert [p.name for p in written] == [itempage.SCATTER_PNG, itempage.TOTALS_PNG, itempage.PAGE]
    for png in written[:2]:
        assert png.read_bytes().startswith(b"\x89PNG")
    text = (tmp_path / itempage.PAGE).read_text(encoding="utf-8")
    words_only = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", text)
    assert not re.search(r"https?:|//|url\(|@import", words_only, re.IGNORECASE)  # no network
    tags = Parsed(text).tags
    images = [attrs for tag, attrs in tags if tag == "img"]
    assert len(images) == 2
    for attrs in images:
        assert attrs["src"].startswith("data:image/png;base64,")
        assert attrs["alt"].strip()
    assert not any(tag in {"script", "link", "iframe"} for tag, _ in tags)
    assert text.count("<figcaption>") == 2
    # Every question, the flags in words and the summary figures are on the page.
    for item in MAXIMA:
        assert item in text
    assert stats.FLAGS["negative"].split(":")[0] in text
    assert "Cronbach" in text and "0.09" in text  # alpha 2/23


def test_a_students_option_is_escaped_on_the_page():
    r = sample_report()
    plots = (b"png", "scatter", b"png", "totals")
    text = itempage.page(r.assignment, r.items, r.summary, r.options, r.notes, plots)
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_descriptions_say_what_the_plots_show():
    report = sample_report()
    _, scatter_text = itempage.scatter(report.items)
    assert "i2: facility 0.50, discrimination -0.90 (negative discrimination" in scatter_text
    assert "i1: facility 0.50, discrimination 0.11 (weak discrimination" in scatter_text
    _, totals_text = itempage.histogram(SCORES, report.summary)
    # Totals 6, 4, 3, 4, 2, 1 in 1-point bins.
    assert "mean 3.33, SD 1.75" in totals_text
    assert "4 to under 5: 2" in totals_text and "5 to under 6" not in totals_text


def test_flagged_questions_differ_in_shape_and_colour():
    shapes = {flag: marker for flag, (marker, _colour, _words) in itempage.MARKERS.items()}
    colours = {flag: colour for flag, (_marker, colour, _words) in itempage.MARKERS.items()}
    for flag in ("negative", "weak"):
        assert shapes[flag] != shapes[""] and colours[flag] != colours[""]
    figure, _ = itempage.scatter(sample_report().items)
    ax = figure.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["negative discrimination (1)", "weak discrimination (1)", "not flagged (2)"]


def test_a_table_summary_prints_flags_and_figures():
    table = sample_report().table()
    assert "students 6, mean 3.33 of 7 points, SD 1.75, Cronbach's alpha 0.09, SEM 1.67" in table
    assert "i2: negative discrimination" in table
    assert "note: s7:" in table


@pytest.mark.parametrize(
    "scores",
    [
        {"only": {"q1": 1.0, "q2": 0.0}},  # one student
        {"a": {"q1": 1.0, "q2": 0.0}, "b": {"q1": 0.0, "q2": 1.0}},  # equal totals
        {"a": {"q1": 1.0, "q2": 1.0}, "b": {"q1": 1.0, "q2": 1.0}},  # nothing varies
    ],
)
def test_a_degenerate_class_gives_reasons_not_nan(tmp_path, scores):
    maxima = {"q1": 1.0, "q2": 1.0}
    items = stats.item_analysis(scores, maxima)
    summary = stats.assignment_summary(scores, maxima)
    options = stats.distractors("q1", {s: "A" for s in scores}, scores, maxima)
    itempage.write(tmp_path, "tiny", items, summary, options, [], scores)
    text = (tmp_path / itempage.PAGE).read_text(encoding="utf-8")
    assert not re.search(r"\bnan\b|\binf\b", text, re.IGNORECASE)
    assert "Not computed" in text and summary.why_not["alpha"] in text
    row = csv_row(summary, assignment="tiny")
    assert row["alpha"] == "" and "alpha: " in row["why_not"]
    assert not any(isinstance(v, float) and math.isnan(v) for v in row.values())
