"""The book's interactive figures as Python builds them: every structure has its element in the
SVG, the SVG is compact and page-safe, the descriptions are the widget's own, nothing leaks."""

from __future__ import annotations

import json
import math
import random
import re

import pytest

from course.anatomy.drawing import SITE_GID, SITE_KEY_GID, STRUCTURE_GID, ZONE_GID
from course.anatomy.explorer import Explorer, ExplorerState
from course.catalogue import content
from course.records import LAYERS
from course.widgets import BOOK_MIME
from tools import bookweb
from tools.bookweb import figures
from tools.leaks import leaks

pytestmark = pytest.mark.xdist_group("bookweb-figures")


@pytest.fixture(scope="module")
def explorer() -> Explorer:
    return Explorer(interactive=False)


@pytest.fixture(scope="module")
def book() -> dict:
    return figures.anatomy_book("right")


def spec_of(html: str) -> dict:
    found = re.search(r'<script type="application/json" data-role="spec">(.*?)</script>', html)
    assert found, "no spec island"
    return json.loads(found.group(1).replace("<\\/", "</"))


def test_every_structure_and_zone_of_the_content_has_its_element_in_the_svg(explorer, book):
    svg = figures.compact_svg(book["svg"], "t-")
    gids = set(re.findall(r'data-gid="([^"]+)"', svg))
    for ident in explorer.scene.ids:
        assert f"{STRUCTURE_GID}{ident}" in gids, ident
        assert ident in book["data"]["structures"]
    for zone in explorer.scene.geometry.zones:
        assert f"{ZONE_GID}{zone}" in gids, zone
    for site in explorer.scene.sites.shapes:
        assert f"{SITE_GID}{site}" in gids, site
        assert site in book["data"]["sites"]
    for kind in ("injection", "pressure"):
        assert f"{SITE_KEY_GID}{kind}" in gids, kind
    # every structure record with an outline in the content is one of them
    drawn = {s.id for s in content().all("structures")} & set(explorer.scene.geometry.shapes)
    assert drawn == set(explorer.scene.ids)


def test_the_svg_is_compact_and_its_ids_are_its_own(book):
    one = figures.compact_svg(book["svg"], "a1-")
    two = figures.compact_svg(book["svg"], "a2-")
    for svg, prefix in ((one, "a1-"), (two, "a2-")):
        assert "<metadata" not in svg and "<?xml" not in svg and "DOCTYPE" not in svg
        ids = re.findall(r'\sid="([^"]+)"', svg)
        assert ids and all(i.startswith(prefix) for i in ids)
        assert len(ids) == len(set(ids))
        referred = set(re.findall(r"url\(#([^)]+)\)", svg))
        referred |= set(re.findall(r'href="#([^"]+)"', svg))
        assert referred <= set(ids), referred - set(ids)
        geometry = " ".join(re.findall(r'\sd="([^"]*)"', svg))
        assert geometry and not re.search(r"\d\.\d{2,}", geometry)  # 0.1 pt at most
    assert not set(re.findall(r'\sid="([^"]+)"', one)) & set(re.findall(r'\sid="([^"]+)"', two))
    assert len(one) < 0.7 * len(book["svg"])


def test_descriptions_are_the_widgets_own_for_every_state_the_page_can_reach(explorer, book):
    data = book["data"]
    states = [
        ExplorerState(depth=depth, highlight=highlight, labels=labels, zones=zones, overlay=overlay)
        for depth in LAYERS
        for highlight in [None, *explorer.scene.ids]
        for labels in (True, False)
        for zones in (True, False)
        for overlay in ("", "injection", "pressure")
    ]
    rng = random.Random(15)
    for state in [*rng.sample(states, 120), states[0], states[-1]]:
        depth = data["descriptions"][data["layers"].index(state.depth)]
        row = depth[data["ids"].index(state.highlight) + 1 if state.highlight else 0]
        numbers = row[4 * data["overlays"].index(state.overlay) + 2 * state.labels + state.zones]
        text = "\n".join(data["lines"][i] for i in numbers)
        assert text == explorer.describe_state(state), state
    count = sum(len(row) for depth in data["descriptions"] for row in depth)
    assert count == len(states)


def test_depths_say_what_each_depth_shows_and_exposes(explorer, book):
    scene = explorer.scene
    for depth in LAYERS:
        entry = book["data"]["depths"][depth]
        assert entry["shown"] == scene.shown(depth)
        assert set(entry["exposed"]) == set(scene.exposed(depth))
        base = book["data"]["layouts"][f"{depth}|"]
        assert set(base) == set(scene.exposed(depth))  # the labels the notebook shows


def test_the_spec_is_the_opening_view_and_the_page_holds_no_answer(tmp_path):
    widget = Explorer(interactive=False, progress_path=tmp_path / "progress.json")
    widget.set_depth("deep")
    widget.select("piriformis")
    bundle = widget._repr_mimebundle_()
    spec = bundle[BOOK_MIME]
    assert spec == {
        "widget": "anatomy",
        "side": "right",
        "depth": "deep",
        "highlight": "piriformis",
        "labels": True,
        "zones": False,
        "overlay": "",
        "quiz": False,
    }
    html = bookweb.interactive_html(spec, bundle["text/html"])
    assert 'data-course-widget="anatomy"' in html and bundle["text/html"] in html
    data = spec_of(html)
    assert data["state"] == {
        "depth": "deep",
        "highlight": "piriformis",
        "labels": True,
        "zones": False,
        "overlay": "",
    }
    widget.set_overlay("pressure")  # an overlay is in the book's copy
    bundle = widget._repr_mimebundle_()
    shown = bookweb.interactive_html(bundle[BOOK_MIME], bundle["text/html"])
    assert spec_of(shown)["state"]["overlay"] == "pressure"
    # a check asked on the figure (with its sites overlaid) keeps the picture and says where
    # to run it; its key must not reach the page either way
    widget.start_site_check()
    bundle = widget._repr_mimebundle_()
    asked = bookweb.interactive_html(bundle[BOOK_MIME], bundle["text/html"])
    assert asked.startswith(bundle["text/html"]) and "JupyterLab" in asked
    assert "data-course-widget" not in asked
    html += asked
    # the page rule of tests/lessons/test_book.py: no key material, no whole sealed text (the
    # structures' teaching text may open a sentence the way an explanation does)
    for quiz in content().all("selfchecks"):
        for question in quiz.questions:
            assert leaks(html, question, probe=None) == [], question.id


def test_lines_table_gives_back_every_text():
    texts = {"a": "one\ntwo", "b": "two\nthree", "c": "one"}
    lines, table = figures.lines_table(texts)
    assert lines == ["one", "two", "three"]
    assert {k: "\n".join(lines[i] for i in v) for k, v in table.items()} == texts


def test_the_nomogram_carries_its_moving_artists_and_the_widgets_own_lrs():
    from course.hypothesis.widget import Choices, HypothesisExplorer

    widget = HypothesisExplorer()
    spec = widget.book_spec()
    assert spec == {
        "presentation": "pgp_in_pregnancy",
        "pretest": widget.state.pretest,
        "thresholds": [10.0, 70.0],
        "results": [[fid, "not done"] for fid, _ in widget.state.results],
    }
    book = figures.nomogram_book(spec["presentation"], (10.0, 70.0))
    svg = figures.compact_svg(book["svg"], "n-")
    gids = set(re.findall(r'data-gid="([^"]+)"', svg))
    moving = ["line", "span/0", "span/1", "span-mark/0", "span-mark/1"]
    assert {f"nomogram/{n}" for n in [*moving, "pre-marker", "post-marker"]} <= gids
    combinations = book["data"]["combinations"]
    offered = widget.offered(spec["presentation"])
    assert len(combinations) == math.prod(len(f.keys) for f in offered.values())
    for key, (lr, evidence, refused) in combinations.items():
        results = tuple(zip(offered, key.split("|"), strict=True))
        state = Choices(spec["presentation"], 33.3, (10.0, 70.0), results)  # not published
        reading = widget.reading(state)
        assert (lr, evidence, refused) == (
            reading.lr,
            reading.evidence,
            reading.refusal is not None,
        )


def test_the_compare_view_has_a_path_for_every_region_copy_a_map_shades():
    from course.painmap.drawing import chart_figure, fill_alpha
    from course.painmap.sources import pain_sources
    from course.painmap.widgets import CompareWidget
    from course.style import HATCHES

    book = figures.compare_book()
    svg = figures.compact_svg(book["svg"], "p-")
    chart = chart_figure().chart
    for view in ("posterior", "anterior"):
        copies = [s for s in chart.shapes if s.view == view and s.side != "left"]
        for role in ("shade", "hatch", "keys"):
            group = re.search(rf'data-gid="painmap/{role}/{view}">(.*?)</g>', svg)
            assert group and group.group(1).count("<path") == len(copies), (role, view)
        for source in pain_sources():
            weights = {r.region: r.frequency for r in source.regions}
            want = [round(fill_alpha(weights.get(s.region, 0.0)), 4) for s in copies]
            assert book["data"]["sources"][source.id]["alpha"][view] == want
    for number in range(len(HATCHES) - 1):
        assert f'data-gid="painmap/hatch-sample/{number}"' in svg
    widget = CompareWidget("sij_referral", "radicular_s1")
    assert widget.book_spec() == {"first": "sij_referral", "second": "radicular_s1"}


def test_no_figure_page_holds_an_answer():
    from course.hypothesis.widget import HypothesisExplorer
    from course.painmap.widgets import CompareWidget

    for widget in (HypothesisExplorer(), CompareWidget()):
        bundle = widget._repr_mimebundle_()
        html = bookweb.interactive_html(bundle[BOOK_MIME], bundle["text/html"])
        assert html != bundle["text/html"]  # made interactive
        for quiz in content().all("selfchecks"):
            for question in quiz.questions:
                assert leaks(html, question, probe=None) == [], (widget.name, question.id)


def test_the_scripts_use_only_classes_the_stylesheet_defines():
    from course import style

    defined = {v for v in vars(style).values() if isinstance(v, str) and v.startswith("course-")}
    for part in sorted(bookweb.JS_DIR.glob("4*.js")):
        used = set(re.findall(r"[\"'](course-[a-z0-9-]+)[\"']", part.read_text(encoding="utf-8")))
        assert used <= defined, (part.name, used - defined)
        css = style.BOOK_FIGURES_CSS
        assert all(f".{name}" in css for name in used), part.name


def absolute_points(d: str) -> list[tuple[float, float]]:
    """Every point of SVG path data (M, L, Q, C, Z, absolute or relative, commands implied)."""
    tokens = re.findall(r"[MLQCZmlqcz]|-?(?:\d+\.?\d*|\.\d+)", d)
    sizes = {"m": 2, "l": 2, "q": 4, "c": 6, "z": 0}
    points, x, y, start, command, index = [], 0.0, 0.0, (0.0, 0.0), "", 0
    while index < len(tokens):
        if tokens[index].isalpha():
            command = tokens[index]
            index += 1
            if command in "zZ":
                x, y = start
                continue
        values = [float(v) for v in tokens[index : index + sizes[command.lower()]]]
        index += len(values)
        relative = command.islower()
        pairs = [(values[k], values[k + 1]) for k in range(0, len(values), 2)]
        pairs = [(px + x, py + y) if relative else (px, py) for px, py in pairs]
        points += pairs
        x, y = pairs[-1]
        if command in "mM":
            start = (x, y)
            command = "l" if relative else "L"  # what a move implies after it
    return points


def test_short_path_data_draws_the_same_points():
    """Relative, rounded path data lands on the original points to within the rounding."""
    svg = figures.anatomy_book("right")["svg"]
    samples = [
        "M 1.23 2 L 3 4 L 5.06 -6 C 1 2 3 4 5 6 z M 0 0 L 1 1 z",
        "M 10 20 L 13 24 L 16 28 M 0.04 0.05 L -3.25 1000.5",
        *re.findall(r'\sd="([^"]*)"', svg)[:400],
    ]
    for d in samples:
        want = [v for point in absolute_points(d) for v in point]
        got = [v for point in absolute_points(figures._path_data(d)) for v in point]
        assert got == pytest.approx(want, abs=0.051), d[:60]
