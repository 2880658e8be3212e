"""The static HTML book: a page per lesson with its figures, widgets made static, nothing loaded
from the network, and self-check questions without their answers; in Chromium, every page
passes the axe-core audit and opens from file:// and from a static server on 127.0.0.1 with
no off-site request and no error, and no answer is anywhere in the site.

The slow tests share one build of the whole book made through the command line from the
session's executed lessons (``lesson_runs``: every lesson executed once per test run); the fast
ones drive the pieces with real course widgets and synthetic notebooks.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import re
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as widgets
import nbformat
import pytest

import course
import course.quiz as quiz
from course.lessons import COURSE_MAP
from course.quiz import kinds, questions
from course.quiz.static import OPTION_CLASS, QUESTION_CLASS
from course.quiz.summary import ProgressView
from course.quiz.widget import SelfCheck
from tools import axe, book, bookweb, browser
from tools.leaks import leaks, readable_forms, right_option_ids, site_leaks
from tools.notebooks import lessons

FIGURE_LESSONS = {1, 2, 6, 8, 12}
"""Lessons that show at least one figure (anatomy explorer, body charts, nerve map, nomogram,
progress chart); the book must carry them as embedded PNGs where the lesson exists."""

TITLES = {lesson.number: lesson.title for lesson in COURSE_MAP}
CHOICE_KINDS = ("single_choice", "multiple_select", "ranking")


# --------------------------------------------------------------------------- helpers


class _Blocks(HTMLParser):
    """Collects the raw HTML of every element that carries ``css_class`` (nested tags kept)."""

    def __init__(self, html: str, css_class: str):
        super().__init__(convert_charrefs=False)
        self.html, self.css_class = html, css_class
        self.lines = [0] + [m.end() for m in re.finditer("\n", html)]
        self.found: list[tuple[dict, str]] = []
        self._open: list[tuple[str, dict, int, int]] = []  # tag, attrs, start offset, depth
        self._depth: dict[str, int] = {}
        self.feed(html)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        self._depth[tag] = self._depth.get(tag, 0) + 1
        attributes = dict(attrs)
        if self.css_class in (attributes.get("class") or "").split():
            self._open.append((tag, attributes, self._offset(), self._depth[tag]))

    def handle_endtag(self, tag):
        depth = self._depth.get(tag, 0)
        if self._open and self._open[-1][0] == tag and self._open[-1][3] == depth:
            _, attributes, start, _ = self._open.pop()
            end = self.html.index(">", self._offset()) + 1
            self.found.append((attributes, self.html[start:end]))
        self._depth[tag] = max(0, depth - 1)


def question_blocks(html: str) -> dict[str, str]:
    """Question id -> the HTML block that shows it (static self-check markup)."""
    return {a["data-question"]: raw for a, raw in _Blocks(html, QUESTION_CLASS).found}


def option_items(block: str) -> list[str]:
    return [raw for _, raw in _Blocks(block, OPTION_CLASS).found]


def answer_problems(block: str, question: questions.Question) -> list[str]:
    """What in one question's block tells the right answer apart (empty when nothing does)."""
    found = leaks(block, question)
    items = option_items(block)
    assert len(items) == len(question.options), f"{question.id}: options missing"
    shapes = {
        unescape(item).replace(o.text, "{text}")
        for item, o in zip(items, question.options, strict=True)
    }
    if len(shapes) > 1:
        found.append(f"{question.id}: options are marked up differently: {sorted(shapes)}")
    rest = block
    for item in items:
        rest = rest.replace(item, "")
    if question.kind in CHOICE_KINDS:
        texts = {o.id: o.text for o in question.options}
        for ident in right_option_ids(question):
            for secret in (ident, texts[ident]):
                hits = [f for f in readable_forms(secret) if f in unescape(rest)]
                found += [f"{question.id}: right option readable as {h!r}" for h in hits]
    if question.kind == "numeric":
        value = kinds.reveal(question).answer
        words = unescape(re.sub(r"<[^>]+>", " ", rest))  # the text, not the style numbers
        beside = re.sub(r"Question \d+\. ", "", words.replace(question.prompt, ""))
        for form in {f"{value:g}", f"{value:.1f}", f"{value:.2f}"}:
            if form in beside:
                found.append(f"{question.id}: numeric answer {form} readable")
    return found


def self_check_outputs(html: str) -> list[str]:
    """The cell outputs of a page that show self-check questions."""
    outputs = [raw for _, raw in _Blocks(html, "jp-OutputArea-output").found]
    return [raw for raw in outputs if QUESTION_CLASS in raw]


def first_heading(path) -> str:
    for cell in nbformat.read(path, as_version=4).cells:
        match = (
            re.search(r"^#\s+(.+)$", cell.source, re.M) if cell.cell_type == "markdown" else None
        )
        if match:
            return match.group(1).strip()
    raise AssertionError(f"{path.name} has no heading")


def selfchecks_called(path) -> set[str]:
    """The quiz sets or questions a lesson notebook shows with ``selfcheck("...")``."""
    cells = nbformat.read(path, as_version=4).cells
    source = "\n".join(c.source for c in cells if c.cell_type == "code")
    return set(re.findall(r"selfcheck\(\s*[\"'](\w+)[\"']", source))


# --------------------------------------------------------------------------- fast: the pieces


def _notebook(*bundles: dict) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data=b) for b in bundles]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebook.metadata[book.WIDGET_STATE] = {"application/vnd.jupyter.widget-state+json": {}}
    return notebook


def test_widgets_keep_their_static_picture_or_become_a_note(tmp_path):
    check = SelfCheck("lesson03", progress_path=tmp_path / "p.json")
    progress = ProgressView(progress_path=tmp_path / "p.json", interactive=False)
    bare = widgets.IntSlider()._repr_mimebundle_()
    where = course.painmap.where_from(interactive=False)  # no book renderer: a picture
    bundles = (check._repr_mimebundle_(), progress._repr_mimebundle_(), bare)
    notebook = _notebook(*bundles, where._repr_mimebundle_())

    assert book.static_outputs(notebook) == book.Fallbacks(static=3, notes=1, interactive=2)

    shown, chart, note, still = (o.data for o in notebook.cells[0].outputs)
    assert book.STILL_NOTE not in shown["text/html"] and book.STILL_NOTE not in chart["text/html"]
    assert escape(book.STILL_NOTE) in still["text/html"] and book.WIDGET_VIEW not in still
    assert book.WIDGET_VIEW not in shown and QUESTION_CLASS in shown["text/html"]
    assert book.WIDGET_VIEW not in chart
    assert base64.b64decode(chart["image/png"]).startswith(b"\x89PNG")
    assert 'src="data:image/png;base64,' in chart["text/html"]
    assert "Progress: 0 of" in chart["text/html"]  # the chart's description under the picture
    assert set(note) == {"text/html", "text/plain"} and note["text/plain"] == book.WIDGET_NOTE
    assert book.WIDGET_STATE not in notebook.metadata


def test_a_page_loads_nothing_but_the_book_script(tmp_path):
    notebook = _notebook(widgets.Button()._repr_mimebundle_())
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell("# 99 · Test\n\nSee [03](03_x.ipynb)."))
    book.static_outputs(notebook)
    page = book.Page(99, "Test", tmp_path / "99_test.ipynb")
    other = book.Page(3, "Upper", tmp_path / "03_x.ipynb")

    html = book.page_html(notebook, page, [other, page])

    scripts = re.findall(r"<script\b[^>]*>", html, re.I)
    assert len(scripts) == 1 and f'src="{bookweb.SCRIPT_FILE}"' in scripts[0], scripts
    assert not re.search(r"cdnjs|jsdelivr|unpkg|require(\.min)?\.js|mathjax\.js", html, re.I)
    assert 'href="03_x.html"' in html and "03_x.ipynb" not in html  # links go to the pages
    assert book.WIDGET_NOTE in html
    assert "<title>99 · Test · " in html


def test_a_figure_keeps_its_description_as_alternative_text(tmp_path):
    figure = course.figures.new_figure(2, 1)
    figure.add_subplot().plot([0, 1], [1, 0])
    png = base64.b64encode(course.figures.png_bytes(figure)).decode()
    notebook = _notebook({"image/png": png, "text/plain": "A line falling from 1 to 0."})
    book.static_outputs(notebook)
    page = book.Page(99, "Test", tmp_path / "99_test.ipynb")

    html = book.page_html(notebook, page, [page])

    (img,) = re.findall(r"<img[^>]*>", html)
    assert f'src="data:image/png;base64,{png}"' in img
    assert 'alt="A line falling from 1 to 0."' in img


def test_links_to_lessons_in_the_book_and_only_those_change():
    pages = [book.Page(3, "Upper", Path("notebooks/03_upper.ipynb"))]
    html = "<a href='03_upper.ipynb#Summary'>a</a> <a href=\"assignments/a1.ipynb\">b</a>"
    assert book.link_pages(html, pages) == (
        "<a href='03_upper.html#Summary'>a</a> <a href=\"assignments/a1.ipynb\">b</a>"
    )


@pytest.mark.parametrize("quiz_set", quiz.quiz_sets(), ids=lambda s: s.id)
def test_every_static_selfcheck_hides_its_answers(quiz_set, tmp_path):
    html = SelfCheck(quiz_set.id, progress_path=tmp_path / "p.json")._repr_mimebundle_()[
        "text/html"
    ]
    blocks = question_blocks(html)
    assert list(blocks) == [q.id for q in quiz_set.questions]
    for q in quiz_set.questions:
        assert q.prompt in unescape(blocks[q.id])
        assert answer_problems(blocks[q.id], q) == []
        assert leaks(html, q) == []


def test_a_marked_or_leaked_answer_would_be_caught(tmp_path):
    q = quiz.item("lesson03_q1")
    (right,) = right_option_ids(q)
    html = SelfCheck(q.id, progress_path=tmp_path / "p.json")._repr_mimebundle_()["text/html"]
    block = question_blocks(html)[q.id]
    text = escape({o.id: o.text for o in q.options}[right])
    assert f"○ {text}</li>" in block

    marked = block.replace(f"○ {text}</li>", f"○ {text} ✔</li>")
    assert any("marked up differently" in p for p in answer_problems(marked, q))
    feedback = questions.open_feedback(q, q.options[0])
    assert leaks(block + f"<p>{escape(feedback)}</p>", q)
    assert leaks(block + f"<!-- {q.options[1].key} -->", q)
    named = block.replace("</div>", f"<p>Answer: {text}</p></div>", 1)
    assert any("right option readable" in p for p in answer_problems(named, q))

    number = quiz.item("lesson08_q1")
    html = SelfCheck(number.id, progress_path=tmp_path / "p.json")._repr_mimebundle_()["text/html"]
    block = question_blocks(html)[number.id]
    assert answer_problems(block, number) == []
    value = kinds.reveal(number).answer
    planted = block.replace("</div></div>", f"</div><p>About {value:g} %</p></div>")
    assert any("numeric answer" in p for p in answer_problems(planted, number))


# --------------------------------------------------------------------------- slow: the book


@pytest.fixture(scope="module")
def built(tmp_path_factory, lesson_runs):
    """The whole book, built once through the command line from the session's executed lessons
    (the builder is handed them, so no lesson runs a second time)."""
    outdir = tmp_path_factory.mktemp("book")
    executed = lesson_runs.all()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(book, "build", functools.partial(book.build, executed=executed))
        assert book.main([str(outdir)]) == 0
    return outdir, {p.name: p.read_text(encoding="utf-8") for p in outdir.glob("*.html")}


@pytest.mark.slow
def test_the_book_copies_the_executed_lessons_it_is_handed(built, lesson_runs):
    """Making widgets static changes the book's copy, never the shared executed notebook."""
    views = [
        output
        for notebook in lesson_runs.all().values()
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if book.WIDGET_VIEW in output.get("data", {})
    ]
    assert views, "the executed lessons show no widget"


@pytest.mark.slow
def test_a_page_per_lesson_and_the_index_links_each(built):
    _, pages = built
    index = pages["index.html"]
    assert set(pages) == {p.stem + ".html" for p in lessons()} | {"index.html"}
    for path in lessons():
        assert re.search(rf"""href=["']{re.escape(path.stem)}\.html["']""", index), path.name
    for lesson in COURSE_MAP:
        assert lesson.title in unescape(index)
    assert course.DISCLAIMER in unescape(index)
    assert book.binder_url() in unescape(index) and "make lab" in index


@pytest.mark.slow
def test_each_page_has_its_title_navigation_and_the_disclaimer(built):
    _, pages = built
    for path in lessons():
        html = pages[path.stem + ".html"]
        number = int(path.name[:2])
        title = unescape(re.search(r"<title>(.*?)</title>", html).group(1))
        assert title.startswith(f"{number:02d} · {TITLES[number]} · ")
        heading = re.search(r"<h1[^>]*>(.*?)<", html).group(1)
        assert unescape(heading) == first_heading(path), path.name
        assert unescape(html).count(course.DISCLAIMER) == 1, path.name
        assert len(re.findall(r"<nav[^>]*course-book-nav", html)) == 2
        assert book.binder_url(path.name) in unescape(html)


@pytest.mark.slow
def test_figures_are_embedded_pngs(built):
    _, pages = built
    with_figures = [p for p in lessons() if int(p.name[:2]) in FIGURE_LESSONS]
    assert with_figures, "no lesson with figures yet"
    for path in with_figures:
        html = pages[path.stem + ".html"]
        assert re.search(r"<img[^>]*\ssrc=\"data:image/png;base64,", html), path.name
    for name, html in pages.items():
        for src in re.findall(r"<img[^>]*\ssrc=[\"']([^\"']+)", html):
            assert src.startswith("data:image/png;base64,"), f"{name}: {src[:60]}"
            png = base64.b64decode(src.split(",", 1)[1])
            assert png.startswith(b"\x89PNG") and len(png) > 2000, name


@pytest.mark.slow
def test_no_widget_view_script_or_external_resource(built):
    _, pages = built
    for name, html in pages.items():
        # the one script with a source is the book's own, beside the page; JSON islands hold data
        loaded = re.findall(r"<script\b[^>]*\ssrc=[\"']?([^\"'\s>]+)", html, re.I)
        assert loaded == [bookweb.SCRIPT_FILE], (name, loaded)
        kinds = set(re.findall(r"<script\b([^>]*)>", html, re.I)) - {
            f' defer="" src="{bookweb.SCRIPT_FILE}"',
            f' src="{bookweb.SCRIPT_FILE}" defer',
        }
        assert all('type="application/json"' in attributes for attributes in kinds), (name, kinds)
        assert "application/vnd.jupyter.widget" not in html, name
        # embedded pictures are base64 data; a CDN name can occur in it by chance ("unpKG")
        text = re.sub(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+", "data:", html)
        cdn = re.search(r"cdnjs|jsdelivr|unpkg|googleapis|require(\.min)?\.js", text, re.I)
        assert not cdn, (name, cdn)
        assert not re.search(r"""\s(src|srcset)=["']?(https?:)?//""", html), name
        assert not re.search(r"""<link[^>]*href=["']?(https?:)?//""", html), name
        assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", html), name
        external = re.findall(r"""href=["'](https?://[^"']+)""", html)
        assert all(u.startswith("https://mybinder.org/") for u in external), (name, external)


@pytest.mark.slow
def test_no_error_output_in_the_book(built):
    _, pages = built
    for name, html in pages.items():
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html, name
        assert "Traceback (most recent call last)" not in html, name


@pytest.mark.slow
def test_self_checks_are_shown_without_their_answers(built):
    _, pages = built
    shown = 0
    for path in lessons():
        html = pages[path.stem + ".html"]
        blocks = question_blocks(html)
        for ident in selfchecks_called(path):
            expected = [q.id for q in quiz.quiz_set(ident)[1]]
            assert set(expected) <= set(blocks), f"{path.name}: {ident} not shown"
        for output in self_check_outputs(html):  # all a self-check shows: case, set, note
            for ident in question_blocks(output):
                assert leaks(output, quiz.item(ident)) == [], path.name
        for ident, block in blocks.items():
            q = quiz.item(ident)
            assert answer_problems(block, q) == [], path.name
            assert leaks(html, q, probe=None) == [], path.name  # the teaching may echo a line
            shown += 1
        assert "<strong>The answer:</strong>" not in html  # what a revealed answer shows
    assert shown >= 10


@pytest.mark.slow
def test_nothing_in_the_whole_site_leaks_an_answer(built):
    """Every file of the built site (pages, the book's script, anything written beside them)
    in every decoded form (HTML text, each JSON island's strings): no question's sealed text in
    any readable form, and no key material (``site_leaks``)."""
    outdir, _ = built
    files = sorted(p.name for p in outdir.rglob("*") if p.is_file())
    assert bookweb.SCRIPT_FILE in files and "index.html" in files
    every = [quiz.item(ident) for ident in quiz.all_item_ids()]
    assert site_leaks(outdir, every) == []


# What a page shows once its script has run: the book's script loaded and every widget it has a
# handler for started (an element without a handler keeps its static page).
_BOOK_READY = """() => document.readyState === 'complete' && typeof CourseBook === 'object'"""
_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def _visit(page, url: str) -> list[str]:
    """Open ``url`` in ``page``; the page errors and console errors it gives while loading and
    starting its script."""
    problems: list[str] = []

    def error(message):
        if message.type == "error":
            problems.append(f"console: {message.text}")

    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", error)
    page.goto(url, wait_until="load")
    page.wait_for_function(_BOOK_READY)
    page.evaluate(_FRAMES)
    page.remove_listener("console", error)
    return problems


@pytest.mark.slow
def test_every_page_passes_the_axe_audit(built, book_chromium, axe_script):
    """Every page of the built book, opened from file:// with its script run, has no serious or
    critical axe-core violation."""
    outdir, pages = built
    context = book_chromium.new_context()
    try:
        page = context.new_page()
        problems = []
        for name in sorted(pages):
            page.goto((outdir / name).as_uri(), wait_until="load")
            page.wait_for_function(_BOOK_READY)
            page.evaluate(_FRAMES)
            problems += [f"{name}: {v}" for v in axe.audit(page, script=axe_script)]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("where", ["file", "http"])
def test_the_book_opens_offline_with_no_off_site_request_and_no_error(built, book_chromium, where):
    """Every page, from file:// and from a static server on 127.0.0.1: every request is routed,
    any that would leave the book's own origin is aborted and recorded, and there must be none;
    no page error and no console error while each page loads and starts its script."""
    outdir, pages = built
    with contextlib.ExitStack() as stack:
        if where == "file":
            base, allowed = outdir.as_uri() + "/", ("file://",)
        else:
            base = stack.enter_context(browser.static_server(outdir))
            allowed = (base,)
        context = book_chromium.new_context()
        stack.callback(context.close)
        blocked = browser.block_offsite(context, allowed)
        requested: list[str] = []
        context.on("request", lambda request: requested.append(request.url))
        page = context.new_page()
        problems = []
        for name in sorted(pages):
            problems += [f"{name}: {p}" for p in _visit(page, base + name)]
    assert blocked == [], f"off-site requests from the book ({where}): {blocked}"
    assert problems == [], "\n".join(problems)
    assert base + bookweb.SCRIPT_FILE in requested  # the routing saw the pages' own requests
    assert all(url.startswith((*allowed, "data:")) for url in requested), requested


@pytest.mark.slow
def test_a_lesson_with_an_error_stops_the_book(tmp_path):
    broken = tmp_path / "99_broken.ipynb"
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Broken"), nbformat.v4.new_code_cell("1 / 0")]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, broken)
    with pytest.raises(book.BookError, match=r"99_broken.ipynb, cell 1: ZeroDivisionError"):
        book.build(tmp_path / "out", [broken], log=lambda _: None)
    assert not (tmp_path / "out" / "index.html").exists()
    assert not (tmp_path / "out" / "99_broken.html").exists()


def test_a_widget_with_a_book_spec_goes_to_its_renderer_and_keeps_its_static_page(
    tmp_path, monkeypatch
):
    seen = []

    def render(spec, static_html):
        seen.append(dict(spec))
        return bookweb.widget_html("test-widget", {"n": spec["n"]}, static_html)

    monkeypatch.setitem(bookweb.RENDERERS, "test-widget", render)
    bundle = dict(widgets.Button()._repr_mimebundle_())
    bundle["text/html"] = "<p>static page</p>"
    bundle[course.widgets.BOOK_MIME] = {"widget": "test-widget", "n": 3}
    unknown = dict(bundle, **{course.widgets.BOOK_MIME: {"widget": "nobody"}})
    notebook = _notebook(bundle)
    notebook.cells.append(nbformat.v4.new_code_cell(outputs=_notebook(unknown).cells[0].outputs))

    fallbacks = book.static_outputs(notebook)

    assert seen == [{"widget": "test-widget", "n": 3}]
    assert (fallbacks.static, fallbacks.interactive, fallbacks.notes) == (2, 1, 0)
    made = notebook.cells[0].outputs[0]["data"]
    assert set(made) == {"text/html", "text/plain"}  # no widget view, no spec left
    assert 'data-course-widget="test-widget"' in made["text/html"]
    assert '<script type="application/json" data-role="spec">{"n":3}</script>' in made["text/html"]
    assert "<p>static page</p>" in made["text/html"]
    kept = notebook.cells[1].outputs[0]["data"]["text/html"]  # no renderer: the picture, a note
    assert kept.startswith("<p>static page</p>") and escape(book.STILL_NOTE) in kept


def test_json_islands_cannot_be_closed_by_their_data():
    island = bookweb.json_island({"text": "</script><script>alert(1)</script>"}, "spec")
    assert island.count("</script>") == 1 and island.endswith("</script>")


def test_the_book_script_is_every_part_in_name_order(tmp_path):
    written = bookweb.write_scripts(tmp_path)
    text = written.read_text(encoding="utf-8")
    parts = sorted(p.name for p in bookweb.JS_DIR.glob("*.js"))
    assert parts[0] == "00_core.js"
    assert [text.index(f"/* {name} */") for name in parts] == sorted(
        text.index(f"/* {name} */") for name in parts
    )
    assert "var CourseBook" in text
