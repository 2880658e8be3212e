"""The hypothesis widget's Fagan nomogram in a book page, in Chromium from file://: the line
moves to where Python's scales put it, the numbers are Python's ``percent`` and ``ratio`` and
the words are :func:`course.hypothesis.nomogram.describe` for the widget's own reading."""

from __future__ import annotations

import math
import random

import pytest

from course.hypothesis import nomogram as fagan
from course.hypothesis.findings import NOT_DONE
from course.hypothesis.widget import Choices, HypothesisExplorer
from course.words import evidence_word, percent, ratio
from tools.bookweb import figures

from .conftest import write_page
from .figure_pages import opened

pytestmark = pytest.mark.slow

ROOT = '[data-course-widget="hypothesis"]'


@pytest.fixture(scope="module")
def widget() -> HypothesisExplorer:
    return HypothesisExplorer()


@pytest.fixture(scope="module")
def page_path(tmp_path_factory, widget):
    return write_page(tmp_path_factory.mktemp("nomogram"), [widget._repr_mimebundle_()])


@pytest.fixture
def page(book_page, page_path):
    yield from opened(book_page, page_path, ROOT)


def expected_words(widget: HypothesisExplorer, state: Choices) -> str:
    r = widget.reading(state)
    return fagan.describe(r.pretest, r.lr, r.span, r.evidence, r.thresholds)


def line_points(page) -> list[float]:
    """x0, y0, x1, y1, x2, y2 of the line's path, in SVG points."""
    d = page.get_attribute(f'{ROOT} [data-gid="nomogram/line"] > path', "d")
    return [float(n) for n in d.replace("M", " ").replace("L", " ").split()]


def figure_text(page, role: str) -> list[str]:
    """The lines of one figure the script writes on the nomogram (``pre``, ``lr``...)."""
    return page.evaluate(
        f"""Array.from(document.querySelectorAll('{ROOT} text[data-role="{role}"] tspan'))
        .map(t => t.textContent)"""
    )


def assert_shows(page, widget: HypothesisExplorer, state: Choices) -> None:
    keys = [key for _, key in state.results]
    assert page.get_attribute(ROOT, "data-state") == "|".join([f"{state.pretest:g}", *keys])
    assert page.inner_text(f'{ROOT} [data-role="description"]') == expected_words(widget, state)
    r = widget.reading(state)
    book = figures.nomogram_book(state.presentation, state.thresholds)["data"]
    ax, bx, ay, by = book["axes"]
    ys = (fagan.y_pre(r.pretest), fagan.y_lr(r.lr), fagan.y_post(r.post_test))
    want = [v for x, y in zip(book["x"], ys, strict=True) for v in (ax * x + bx, ay * y + by)]
    assert line_points(page) == pytest.approx(want, abs=0.02)
    assert figure_text(page, "pre") == [percent(r.pretest)]
    assert figure_text(page, "post") == [percent(r.post_test)]
    assert figure_text(page, "post-bar") == [f"post-test {percent(r.post_test)}"]
    marker = evidence_word(r.evidence)
    assert figure_text(page, "lr") == [f"LR {ratio(r.lr)}", *([marker] if marker else [])]
    spans = page.locator(f'{ROOT} [data-gid^="nomogram/span"]')
    assert all(spans.nth(i).is_visible() == (r.span is not None) for i in range(spans.count()))


def test_numbers_and_words_match_python_on_a_grid(page):
    rng = random.Random(8)
    proportions = [i / 1000 for i in range(1, 1000, 7)] + [0.125, 0.0625, 0.375, 0.5175, 0.016]
    proportions += [rng.uniform(0.0005, 0.9995) for _ in range(300)]
    lrs = [0.001, 0.0625, 0.05, 0.0999, 0.1, 0.125, 0.995, 1.0, 4.29, 9.995, 10.0, 24.25, 99.95]
    lrs += [100.0, 1000.0] + [10 ** rng.uniform(-3, 3) for _ in range(300)]
    got = page.evaluate(
        "([ps, lrs]) => [ps.map(CourseBook.nomogram.percent), lrs.map(CourseBook.nomogram.ratio)]",
        [proportions, lrs],
    )
    assert got[0] == [percent(p) for p in proportions]
    assert got[1] == [ratio(lr) for lr in lrs]
    cases = []
    for _ in range(400):
        pre = round(rng.uniform(0.1, 99.9), 1) / 100
        lr = rng.choice(lrs)
        span = rng.choice([None, (0.2, 0.4), (0.05, 0.3)])
        evidence = rng.choice(["confirmed", "secondary", "unverified"])
        low = rng.randrange(0, 60)
        thresholds = (low / 100, rng.randrange(low + 1, 101) / 100)
        cases.append([pre, lr, span, evidence, thresholds])
    spec = figures.nomogram_book("pgp_in_pregnancy", (10.0, 70.0))["data"]
    words = page.evaluate(
        "([spec, cases]) => cases.map(c => CourseBook.nomogram.describe(spec, ...c))",
        [spec, cases],
    )
    assert words == [fagan.describe(*case) for case in cases]


def test_the_line_follows_clicks_and_typing(page, widget):
    state = widget.initial
    assert_shows(page, widget, state)
    page.fill(f'{ROOT} input[data-role="pretest-typed"]', "35")
    page.keyboard.press("Enter")
    state = widget.apply(state, ("pretest", 35.0))
    assert_shows(page, widget, state)
    for fid, _ in state.results[:2]:
        options = widget.offered(state.presentation)[fid].keys
        key = options[-1]
        page.select_option(f'{ROOT} select[data-finding="{fid}"]', key)
        state = widget.apply(state, ("result", state.presentation, fid, key))
        assert_shows(page, widget, state)
    # a click on the slider's track moves the pre-test probability to where it was clicked
    box = page.locator(f'{ROOT} input[data-role="pretest"]').bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2)
    value = float(page.input_value(f'{ROOT} input[data-role="pretest"]'))
    assert value > 60
    state = widget.apply(state, ("pretest", value))
    assert_shows(page, widget, state)


def test_the_keyboard_alone_moves_the_line(page, widget):
    state = widget.initial
    page.focus(f'{ROOT} input[data-role="pretest"]')
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    state = widget.apply(state, ("pretest", round(state.pretest + 0.5, 1)))
    assert_shows(page, widget, state)
    page.keyboard.press("Tab")  # to the typed box
    page.keyboard.press("Control+a")
    page.keyboard.type("7.25")
    page.keyboard.press("Tab")  # leaving the box commits it, rounded as the widget rounds
    state = widget.apply(state, ("pretest", 7.25))
    assert_shows(page, widget, state)
    fid = state.results[0][0]
    page.focus(f'{ROOT} select[data-finding="{fid}"]')
    page.keyboard.press("ArrowDown")
    keys = widget.offered(state.presentation)[fid].keys
    state = widget.apply(state, ("result", state.presentation, fid, keys[1]))
    assert_shows(page, widget, state)


def test_two_hundred_random_events_keep_the_page_and_python_in_step(page, widget):
    rng = random.Random(1975)
    state = widget.initial
    offered = widget.offered(state.presentation)
    for step in range(200):
        kind = rng.choice(["typed", "result", "result", "keys"])
        if kind == "typed":
            value = rng.choice([rng.uniform(-5, 105), rng.uniform(0.1, 99.9), 50.0, math.pi])
            page.fill(f'{ROOT} input[data-role="pretest-typed"]', repr(value))
            page.keyboard.press("Enter")
            state = widget.apply(state, ("pretest", value))
        elif kind == "result":
            fid = rng.choice(list(offered))
            key = rng.choice([*offered[fid].keys, NOT_DONE])
            page.select_option(f'{ROOT} select[data-finding="{fid}"]', key)
            state = widget.apply(state, ("result", state.presentation, fid, key))
        else:
            page.focus(f'{ROOT} input[data-role="pretest"]')
            press = rng.choice(["ArrowRight", "ArrowLeft"])
            times = rng.randrange(1, 4)
            for _ in range(times):
                page.keyboard.press(press)
            step_by = 0.1 * times * (1 if press == "ArrowRight" else -1)
            state = widget.apply(state, ("pretest", round(state.pretest + step_by, 1)))
            assert float(page.input_value(f'{ROOT} input[data-role="pretest"]')) == state.pretest
        words = page.inner_text(f'{ROOT} [data-role="description"]')
        assert words == expected_words(widget, state), f"step {step}: {kind}"
    assert_shows(page, widget, state)
