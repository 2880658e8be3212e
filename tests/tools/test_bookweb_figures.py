"""The book's interactive figures as Python builds them: every structure has its element in the
SVG, the SVG is compact and page-safe, the descriptions are the widget's own, nothing leaks."""

from __future__ import annotations

import json
import random
import re

import pytest

from course.anatomy.drawing import STRUCTURE_GID, ZONE_GID
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
    assert len(data["descriptions"]) == len(LAYERS) * (len(explorer.scene.ids) + 1) * 4
    rng = random.Random(15)
    keys = sorted(data["descriptions"])
    for key in [*rng.sample(keys, 60), keys[0], keys[-1]]:
        depth, highlight, labels, zones = key.split("|")
        state = ExplorerState(
            depth=depth,
            highlight=highlight or None,
            labels=labels == "1",
            zones=zones == "1",
        )
        text = "\n".join(data["lines"][i] for i in data["descriptions"][key])
        assert text == explorer.describe_state(state), key


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
    widget.start_site_check()  # a question waits: its key must not reach the page
    bundle = widget._repr_mimebundle_()
    spec = bundle[BOOK_MIME]
    assert spec == {
        "widget": "anatomy",
        "side": "right",
        "depth": "deep",
        "highlight": None,
        "labels": True,
        "zones": False,
    }
    html = bookweb.interactive_html(spec, bundle["text/html"])
    assert 'data-course-widget="anatomy"' in html and bundle["text/html"] in html
    data = spec_of(html)
    assert data["state"] == {"depth": "deep", "highlight": "", "labels": True, "zones": False}
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
