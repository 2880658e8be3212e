"""The pain-map comparison in a book page, in Chromium from file://: switching a map repaints
every region copy as the widget's chart paints it (opacity, hatch, key outline), with the
widget's titles, footers and words (``describe_state``) for the pair shown."""

from __future__ import annotations

import itertools
import random

import pytest

from course.painmap.regions import VIEWS
from course.painmap.sources import pain_sources
from course.painmap.widgets import CompareWidget, Pair
from tools.bookweb import figures

from .conftest import write_page
from .figure_pages import opened

pytestmark = pytest.mark.slow

ROOT = '[data-course-widget="painmap-compare"]'


@pytest.fixture(scope="module")
def widget() -> CompareWidget:
    return CompareWidget()


@pytest.fixture(scope="module")
def page_path(tmp_path_factory, widget):
    return write_page(tmp_path_factory.mktemp("compare"), [widget._repr_mimebundle_()])


@pytest.fixture
def page(book_page, page_path):
    yield from opened(book_page, page_path, ROOT)


def painted(page, letter: str) -> dict:
    """What one map shows: per view, each region path's fill opacity ('' when unshaded),
    whether its hatch and its key outline are drawn; the title, footer and percentages."""
    return page.evaluate(
        f"""() => {{
        const figure = document.querySelector('{ROOT} figure[data-panel="{letter}"]');
        const shown = e => getComputedStyle(e).display !== 'none';
        const out = {{views: {{}}}};
        for (const view of ['posterior', 'anterior']) {{
          const part = role => Array.from(figure.querySelectorAll(
            `[data-gid="painmap/${{role}}/${{view}}"] path`));
          out.views[view] = {{
            alpha: part('shade').map(p => p.style.fill === 'none' ? 0 :
              Number(getComputedStyle(p).fillOpacity)),
            hatch: part('hatch').map(shown),
            keys: part('keys').map(shown),
          }};
        }}
        out.title = figure.querySelector('[data-role=title]').textContent;
        out.footer = figure.querySelector('[data-role=footer]').textContent;
        out.percent = Array.from(figure.querySelectorAll('[data-role=percentages] text'))
          .map(t => t.textContent).sort();
        return out; }}"""
    )


def assert_shows(page, widget: CompareWidget, pair: Pair) -> None:
    widget.select(pair.first, pair.second)
    assert page.get_attribute(ROOT, "data-state") == f"{pair.first}|{pair.second or ''}"
    words = page.inner_text(f'{ROOT} [data-role="description"]')
    assert words == widget.describe_state(pair)
    for index, letter in enumerate("AB"):
        panel = widget.panels[index]
        shown = painted(page, letter)
        assert shown["title"] == panel.title.get_text()
        assert shown["footer"] == panel.footer.get_text()
        labels = sorted(label.get_text() for label in panel.chart.labels.values())
        assert shown["percent"] == [text for text in labels if text]
        shading = panel.chart.shading()
        keyed = {(s.view, s.region, s.side) for v in VIEWS for s in panel.chart.keyed[v]}
        for view in VIEWS:
            copies = [s for s in panel.chart.shapes if s.view == view and s.side != "left"]
            want = [shading.get((view, s.region, s.side), 0.0) for s in copies]
            assert shown["views"][view]["alpha"] == pytest.approx(want, abs=1e-3), (letter, view)
            assert shown["views"][view]["hatch"] == [a > 0 for a in want]
            keys = [(view, s.region, s.side) in keyed for s in copies]
            assert shown["views"][view]["keys"] == keys
    rows = page.locator(f'{ROOT} [data-role="contrast"] table tr').count()
    assert rows == 1 + len(figures.compare_book()["data"]["contrastRows"])


def test_the_words_are_the_widgets_for_every_pair(page, widget):
    ids = [s.id for s in pain_sources()]
    pairs = [(a, b) for a, b in itertools.product(ids, ["", *ids])]
    spec = figures.compare_book()["data"]
    got = page.evaluate(
        "([spec, pairs]) => pairs.map(([a, b]) => CourseBook.compare.describePair(spec, a, b))",
        [spec, pairs],
    )
    assert got == [widget.describe_state(Pair(a, b or None)) for a, b in pairs]


def test_switching_maps_by_click_and_keyboard_repaints_them(page, widget):
    pair = Pair(widget.initial.first, widget.initial.second)
    assert_shows(page, widget, pair)
    page.select_option(f'{ROOT} select[data-role="second"]', "dermatome_s2")
    assert_shows(page, widget, Pair(pair.first, "dermatome_s2"))
    page.select_option(f'{ROOT} select[data-role="first"]', "radicular_s1")
    assert_shows(page, widget, Pair("radicular_s1", "dermatome_s2"))
    page.select_option(f'{ROOT} select[data-role="second"]', "")
    assert_shows(page, widget, Pair("radicular_s1", None))
    # the keyboard alone: focus a list and step through it with the arrow keys
    page.focus(f'{ROOT} select[data-role="second"]')
    page.keyboard.press("ArrowDown")
    second = page.input_value(f'{ROOT} select[data-role="second"]')
    assert second == figures.compare_book()["data"]["choices"][0][1]
    assert_shows(page, widget, Pair("radicular_s1", second))
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowDown")
    first = page.input_value(f'{ROOT} select[data-role="first"]')
    assert first != "radicular_s1"
    assert_shows(page, widget, Pair(first, second))


def test_two_hundred_random_events_keep_the_page_and_python_in_step(page, widget):
    rng = random.Random(2019)
    ids = [s.id for s in pain_sources()]
    pair = Pair(widget.initial.first, widget.initial.second)
    for step in range(200):
        if rng.random() < 0.5:
            first = rng.choice(ids)
            page.select_option(f'{ROOT} select[data-role="first"]', first)
            pair = widget.apply(pair, ("first", first))
        else:
            second = rng.choice(["", *ids])
            page.select_option(f'{ROOT} select[data-role="second"]', second)
            pair = widget.apply(pair, ("second", second or None))
        words = page.inner_text(f'{ROOT} [data-role="description"]')
        assert words == widget.describe_state(pair), f"step {step}"
        if step % 25 == 0:
            assert_shows(page, widget, pair)
    assert_shows(page, widget, pair)
