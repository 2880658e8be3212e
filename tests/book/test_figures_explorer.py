"""The anatomy explorer in a book page, in Chromium from file://: peeling hides the peeled
layers, a click or the keyboard selects a structure in the widget's highlight look, and the
description is always the widget's own ``describe_state`` for the state the page shows."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from course.anatomy.explorer import Explorer, ExplorerState
from course.records import LAYERS
from course.style import HIGHLIGHT

from .conftest import write_page
from .figure_pages import opened

pytestmark = pytest.mark.slow

ROOT = '[data-course-widget="anatomy"]'


@pytest.fixture(scope="module")
def explorer() -> Explorer:
    return Explorer(interactive=False)


@pytest.fixture(scope="module")
def page_path(tmp_path_factory, explorer):
    return write_page(tmp_path_factory.mktemp("explorer"), [explorer._repr_mimebundle_()])


@pytest.fixture
def page(book_page, page_path):
    yield from opened(book_page, page_path, ROOT)


def shown_state(page) -> ExplorerState:
    depth, highlight, labels, zones, overlay = page.get_attribute(ROOT, "data-state").split("|")
    return ExplorerState(
        depth=depth,
        highlight=highlight or None,
        labels=labels == "1",
        zones=zones == "1",
        overlay=overlay,
    )


def description(page) -> str:
    return page.evaluate(
        f"""Array.from(document.querySelectorAll('{ROOT} [data-role="description"] p'))
        .map(p => p.textContent).join('\\n')"""
    )


def assert_shows(page, explorer: Explorer, expected: ExplorerState) -> None:
    """The page is in ``expected``: its state, its words, what is drawn and how."""
    assert shown_state(page) == expected
    assert description(page) == explorer.describe_state(expected)
    drawn = page.evaluate(
        f"""() => {{
        const out = {{}};
        for (const g of document.querySelectorAll('{ROOT} svg [data-structure]'))
          out[g.dataset.structure] = getComputedStyle(g).display !== 'none';
        return out; }}"""
    )
    shown = set(explorer.scene.shown(expected.depth))
    assert {i for i, on in drawn.items() if on} == shown
    assert set(drawn) == set(explorer.scene.ids)
    pressed = page.evaluate(
        f"Array.from(document.querySelectorAll('{ROOT} [aria-pressed=\"true\"][data-structure]'))"
        ".map(g => g.dataset.structure)"
    )
    if expected.highlight in shown:
        assert pressed == [expected.highlight]
        look = selected_look(page, expected.highlight)
        width = explorer.scene.geometry.shapes[expected.highlight].outline.width
        assert look["stroke"] == pytest.approx(width + 2 if look["line"] else 3), look
        assert look["colour"] == HIGHLIGHT.lower(), look  # the fill, or the hatch's ground
    else:
        assert pressed == []
    labels = page.locator(f'{ROOT} g[data-role="labels"] text').count()
    assert labels == (len(explorer.scene.labelled(expected.view)) if expected.labels else 0)
    zones = page.evaluate(
        f"""Array.from(document.querySelectorAll('{ROOT} svg [data-gid^="anatomy-zone/"]'))
        .map(z => getComputedStyle(z).display !== 'none')"""
    )
    assert zones and all(on == expected.zones for on in zones)
    sites = page.evaluate(
        f"""() => {{
        const out = {{}};
        for (const s of document.querySelectorAll('{ROOT} svg [data-gid^="anatomy-site/"]'))
          out[s.dataset.gid.split('/')[1]] = getComputedStyle(s).display !== 'none';
        return out; }}"""
    )
    overlaid = explorer.scene.sites.of_kind(expected.overlay) if expected.overlay else []
    assert sites == {i: i in overlaid for i in sites}
    assert set(sites) == set(explorer.scene.sites.shapes)
    names = page.locator(f'{ROOT} g[data-role="site-names"] text:visible').count()
    assert names == len(overlaid)
    keys = page.locator(f'{ROOT} svg [data-gid^="anatomy-site-key/"]:visible').count()
    assert keys == (1 if expected.overlay else 0)


def selected_look(page, ident: str) -> dict:
    """How the selected structure is painted: its fill colour (or hatch pattern), outline."""
    return page.evaluate(
        f"""() => {{
        const g = document.querySelector('{ROOT} [data-structure="{ident}"]');
        const island = document.querySelector('{ROOT} script[data-role=spec]');
        const spec = JSON.parse(island.textContent);
        const line = spec.structures['{ident}'].line;
        const paths = g.querySelectorAll('path');
        const shape = paths[paths.length - 1];
        const style = getComputedStyle(shape);
        const hex = c => '#' + c.match(/\\d+/g).slice(0, 3)
          .map(n => Number(n).toString(16).padStart(2, '0')).join('');
        let colour = '', pattern = false;
        if (line) colour = hex(style.stroke);
        else if (style.fill.startsWith('url(')) {{
          const id = style.fill.match(/#([^"')]+)/)[1];
          pattern = true;
          colour = document.getElementById(id).querySelector('rect').getAttribute('fill');
        }} else colour = hex(style.fill);
        const stroke = parseFloat(style.strokeWidth);
        return {{line, colour: colour.toLowerCase(), pattern, stroke}};
        }}"""
    )


def click_structure(page, ident: str) -> str:
    """Click the figure at ``ident``'s anchor as a mouse would; returns what the page says is
    drawn on top there (what the click must select)."""
    x, y, top = page.evaluate(
        f"""() => {{
        const root = document.querySelector('{ROOT}');
        const spec = JSON.parse(root.querySelector('script[data-role=spec]').textContent);
        const svg = root.querySelector('[data-role=figure] svg');
        const p = svg.createSVGPoint();
        [p.x, p.y] = spec.structures['{ident}'].anchor;
        const s = p.matrixTransform(svg.getScreenCTM());
        window.scrollTo(0, 0);
        const hit = document.elementFromPoint(s.x, s.y);
        const g = hit && hit.closest('[data-structure]');
        return [s.x, s.y, g ? g.dataset.structure : ''];
        }}"""
    )
    page.mouse.click(x, y)
    return top


def test_clicks_peel_the_layers_select_and_clear(page, explorer):
    expected = ExplorerState()
    assert_shows(page, explorer, expected)
    for depth in ("deep", "skeleton", *LAYERS):
        page.click(f'{ROOT} button[data-depth="{depth}"]')
        expected = ExplorerState(depth=depth)
        assert_shows(page, explorer, expected)
        assert page.get_attribute(f'{ROOT} button[data-depth="{depth}"]', "aria-pressed") == "true"
    page.click(f'{ROOT} button[data-depth="deep"]')
    top = click_structure(page, "piriformis")
    assert top == "piriformis"
    expected = ExplorerState(depth="deep", highlight="piriformis")
    assert_shows(page, explorer, expected)
    info = page.inner_text(f'{ROOT} [data-role="info"]')
    assert "Piriformis" in info and "Conditions that involve it" in info
    # peeled to the surface the piriformis lies under the gluteus maximus: dashed, and said so
    page.click(f'{ROOT} button[data-depth="skin_fascia"]')
    assert_shows(page, explorer, ExplorerState(depth="skin_fascia", highlight="piriformis"))
    assert page.is_visible(f'{ROOT} svg path[data-role="outline"]')
    page.check(f'{ROOT} input[data-role="zones"]')
    page.uncheck(f'{ROOT} input[data-role="labels"]')
    expected = ExplorerState(depth="skin_fascia", highlight="piriformis", zones=True, labels=False)
    assert_shows(page, explorer, expected)
    page.click(f'{ROOT} button[data-overlay="injection"]')
    expected = replace(expected, overlay="injection")
    assert_shows(page, explorer, expected)
    page.click(f'{ROOT} button[data-overlay=""]')
    assert_shows(page, explorer, replace(expected, overlay=""))
    page.select_option(f'{ROOT} select[data-role="picker"]', "sacrum")
    assert_shows(page, explorer, ExplorerState("skin_fascia", highlight="sacrum", zones=True,
                                               labels=False))  # fmt: skip
    page.click(f'{ROOT} button[data-role="clear"]')
    assert_shows(page, explorer, ExplorerState("skin_fascia", zones=True, labels=False))


def test_the_keyboard_alone_peels_walks_and_selects(page, explorer):
    # Tab to the "deep" button and press it with Enter, as a keyboard user would
    page.focus(f'{ROOT} button[data-depth="skin_fascia"]')
    for _ in range(LAYERS.index("deep")):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert_shows(page, explorer, ExplorerState(depth="deep"))
    # on to the figure: one tab stop for its structures, arrows walk them, Enter selects
    page.focus(f'{ROOT} button[data-role="clear"]')
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.dataset.structure")
    shown = explorer.scene.shown("deep")
    assert first in shown
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.dataset.structure")
    assert second in shown and second != first
    page.keyboard.press("Enter")
    assert_shows(page, explorer, ExplorerState(depth="deep", highlight=second))
    page.keyboard.press("ArrowUp")
    page.keyboard.press(" ")
    back = page.evaluate("document.activeElement.dataset.structure")
    assert_shows(page, explorer, ExplorerState(depth="deep", highlight=back))
    # the walk covers every shown structure once, then comes round
    seen = [back]
    for _ in range(len(shown)):
        page.keyboard.press("ArrowRight")
        seen.append(page.evaluate("document.activeElement.dataset.structure"))
    assert seen[-1] == back and set(seen) == set(shown)
    tab_stops = page.locator(f'{ROOT} svg [data-structure][tabindex="0"]').count()
    assert tab_stops == 1
    # Space on a checkbox turns the labels off
    page.focus(f'{ROOT} input[data-role="labels"]')
    page.keyboard.press(" ")
    assert_shows(page, explorer, ExplorerState(depth="deep", highlight=back, labels=False))


def test_two_hundred_random_events_keep_the_page_and_python_in_step(page, explorer):
    rng = random.Random(2026)
    expected = ExplorerState()
    ids = explorer.scene.ids
    for step in range(200):
        kinds = ["depth", "depth", "labels", "zones", "overlay", "pick", "click", "key", "clear"]
        kind = rng.choice(kinds)
        if kind == "overlay":
            overlay = rng.choice(["", "injection", "pressure"])
            page.click(f'{ROOT} button[data-overlay="{overlay}"]')
            expected = replace(expected, overlay=overlay)
        elif kind == "depth":
            depth = rng.choice(LAYERS)
            page.click(f'{ROOT} button[data-depth="{depth}"]')
            expected = replace(expected, depth=depth)
        elif kind in ("labels", "zones"):
            page.click(f'{ROOT} input[data-role="{kind}"]')
            flipped = not getattr(expected, kind)
            expected = replace(expected, **{kind: flipped})
        elif kind == "pick":
            ident = rng.choice(ids)
            page.select_option(f'{ROOT} select[data-role="picker"]', ident)
            expected = replace(expected, highlight=ident)
        elif kind == "click":
            shown = explorer.scene.shown(expected.depth)
            top = click_structure(page, rng.choice(shown))
            expected = replace(expected, highlight=top or None)
        elif kind == "key":
            page.focus(f'{ROOT} button[data-role="clear"]')
            page.keyboard.press("Tab")
            for _ in range(rng.randrange(4)):
                page.keyboard.press(rng.choice(["ArrowDown", "ArrowUp"]))
            ident = page.evaluate("document.activeElement.dataset.structure")
            page.keyboard.press(rng.choice(["Enter", " "]))
            expected = replace(expected, highlight=ident)
        else:
            page.click(f'{ROOT} button[data-role="clear"]')
            expected = replace(expected, highlight=None)
        assert shown_state(page) == expected, f"step {step}: {kind}"
        assert description(page) == explorer.describe_state(expected), f"step {step}: {kind}"
    assert_shows(page, explorer, expected)
