"""The static HTML book: every lesson executed and exported as one page, and an index page.

    python -m tools.book [OUTDIR]        (default build/book; ``make book`` does the same)

Each lesson runs headless in a fresh kernel (:func:`tools.notebooks.execute`), with a progress
file of its own so that nobody's self-check progress ends up in the book; a caller that has
already executed the lessons hands them over instead (``build(..., executed=...)``). The
executed notebook becomes a page through nbconvert's HTML exporter (JupyterLab look) and a small
template on top.

A static page has no kernel and, offline, no widget JavaScript (it would come from a CDN), so:

* a widget output that carries a static alternative (``text/html`` or ``image/png``; course
  widgets make one with :func:`course.figures.static_bundle`) loses its widget view and shows the
  picture of its first state with its text description;
* a widget output with nothing else to show becomes a short note pointing to the interactive
  version, never a blank box;
* self-check questions show their prompt and options, never the answer (:mod:`course.quiz.static`);
* nothing is loaded from the network: no require.js, MathJax, mermaid or widget-manager script,
  and figures are embedded as ``data:`` images. (TeX in markdown therefore stays as typed.)
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import nbformat

from course.style import (
    BOOK_BINDER_CLASS,
    BOOK_CONTENT_ID,
    BOOK_CSS,
    BOOK_INDEX_CSS,
    BOOK_NAV_CLASS,
    BOOK_NOTE_CLASS,
    BOOK_SKIP_CLASS,
)

from .bookweb import SCRIPT_FILE, widget_html, write_scripts
from .notebooks import errors, execute, lessons
from .paths import BUILD

DEFAULT_OUTDIR = BUILD / "book"
BOOK_TITLE = "Buttock pain: a differential-diagnosis course"

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
"""The mime type of a live widget in a notebook output; meaningless in a static page."""
WIDGET_STATE = "widgets"
"""The notebook metadata key that holds the saved state of every widget."""
STATIC_ALTERNATIVES: tuple[str, ...] = ("text/html", "image/png")
"""Mime types that show a widget's state without a kernel (picture, text description)."""

WIDGET_NOTE = "Interactive widget: open this lesson in JupyterLab or Binder to use it."
STILL_NOTE = (
    "Here a picture of the widget as it opens. It is interactive in JupyterLab: open this lesson "
    "on Binder (the link at the top of the page) or run make lab to use it."
)
"""Under a widget the book can only show as it opened (no renderer in :mod:`tools.bookweb`)."""
NOTE_CLASS = BOOK_NOTE_CLASS

BINDER_REPO = "physio-education/buttock-pain-course"
"""The GitHub repository Binder launches (the README's badge uses the same); forks change it."""


def binder_url(notebook: str | None = None, repo: str = BINDER_REPO) -> str:
    """The Binder link that opens ``notebook`` (a file name in notebooks/) in JupyterLab, or the
    course's start page without one."""
    name = notebook or "00_start_here.ipynb"
    return f"https://mybinder.org/v2/gh/{repo}/HEAD?labpath=notebooks%2F{name}"


class BookError(RuntimeError):
    """A lesson could not go into the book (it left error outputs when executed)."""


# --------------------------------------------------------------------------- static outputs


@dataclass(frozen=True)
class Fallbacks:
    """How the widget outputs of one notebook were made static."""

    static: int
    """Widget outputs now shown by their own picture or HTML."""
    notes: int
    """Widget outputs with nothing static to show, replaced by :data:`WIDGET_NOTE`."""
    interactive: int = 0
    """Widget outputs the book rebuilt as interactive parts (:mod:`tools.bookweb`); they keep
    their static page inside and are counted in :attr:`static` too."""


def static_outputs(notebook: nbformat.NotebookNode) -> Fallbacks:
    """Make an executed notebook's widget outputs static, in place (see the module docstring),
    and drop the saved widget state."""
    from course.widgets import BOOK_MIME

    from .bookweb import interactive_html

    static = notes = interactive = 0
    still_note = f'<p class="{NOTE_CLASS}"><em>{escape(STILL_NOTE)}</em></p>'
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            spec = data.pop(BOOK_MIME, None)
            if spec is not None:
                spec_free = data.get("text/html", "")
                made = interactive_html(spec, spec_free)
                data["text/html"] = made if made != spec_free else spec_free + still_note
                data.pop(WIDGET_VIEW, None)
                static += 1
                interactive += made != spec_free
            elif WIDGET_VIEW not in data:
                continue
            elif any(kind in data for kind in STATIC_ALTERNATIVES):
                del data[WIDGET_VIEW]
                if "text/html" in data:
                    data["text/html"] += still_note
                static += 1
            else:
                output["data"] = nbformat.from_dict(
                    {
                        "text/html": f'<p class="{NOTE_CLASS}"><em>{escape(WIDGET_NOTE)}</em></p>',
                        "text/plain": WIDGET_NOTE,
                    }
                )
                notes += 1
    notebook.metadata.pop(WIDGET_STATE, None)
    return Fallbacks(static, notes, interactive)


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class Page:
    """One lesson page of the book."""

    number: int
    title: str
    """The lesson's title on the course map (its first heading if the map lacks it)."""
    notebook: Path

    @property
    def file(self) -> str:
        """The page's file name in the book: the notebook's name with ``.html``."""
        return self.notebook.stem + ".html"

    @property
    def label(self) -> str:
        """Number and title, as the navigation shows them."""
        return f"{self.number:02d} · {self.title}"


def _first_heading(path: Path) -> str:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if match:
                return match.group(1).strip()
    return path.stem


def pages(notebooks: Sequence[Path]) -> list[Page]:
    """A page per lesson notebook (``NN_name.ipynb``), titled from the course map."""
    from course.lessons import COURSE_MAP

    titles = {lesson.number: lesson.title for lesson in COURSE_MAP}
    found = []
    for path in notebooks:
        number = int(path.name[:2])
        found.append(Page(number, titles.get(number) or _first_heading(path), Path(path)))
    return found


def link_pages(html: str, book: Sequence[Page]) -> str:
    """Point links to lesson notebooks (``03_x.ipynb``) at their pages in the book."""
    files = {page.notebook.name: page.file for page in book}

    def swap(match: re.Match) -> str:
        quote, name, anchor = match.group(1), match.group(2), match.group(3) or ""
        if name not in files:
            return match.group(0)
        return f"href={quote}{files[name]}{anchor}{quote}"

    return re.sub(
        r"""href=(["'])(?:\./|notebooks/)?([0-9]{2}_[^"'/#?]+\.ipynb)(#[^"']*)?\1""", swap, html
    )


_PAGE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}
<script src="{{ resources.book_script }}" defer></script>
{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}<style type="text/css">{{ resources.book_css }}</style>{%- endblock -%}
{%- block body_header -%}{{ super() }}{{ resources.book_skip }}{{ resources.book_nav }}
{{ resources.book_content }}{%- endblock body_header -%}
{%- block body_footer -%}{{ resources.book_nav_end }}{{ super() }}{%- endblock body_footer -%}
{%- block data_png scoped -%}
{%- set words = output.data.get('text/plain', '') -%}
{%- if words and not words.startswith('<') -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
 alt="{{ words | escape_html }}">
</div>
{%- else -%}{{ super() }}{%- endif -%}
{%- endblock data_png -%}
"""
"""nbconvert's JupyterLab template without any script it would fetch from a CDN (the one script
is the book's own, :data:`tools.bookweb.SCRIPT_FILE`, beside the page), plus the
book's navigation above and below the lesson (each with a name of its own for screen readers),
a skip link before it that jumps to the lesson (the first stop of the Tab key), and a figure's
text description (its plain-text form, when it has one) as the alternative text of its
picture."""

SKIP_TEXT = "Skip to the lesson"
"""The words of the skip link at the top of every lesson page."""


def nav_html(page: Page, book: Sequence[Page], where: str = "top") -> str:
    """Links to the contents, the previous and next lessons, and this lesson on Binder.
    ``where`` (``top`` or ``end``) names the bar for screen readers, since a page has two."""
    index = list(book).index(page)
    links = ['<a href="index.html">Contents</a>']
    if index > 0:
        before = book[index - 1]
        links.append(f'<a href="{before.file}" rel="prev">← {escape(before.label)}</a>')
    if index + 1 < len(book):
        after = book[index + 1]
        links.append(f'<a href="{after.file}" rel="next">{escape(after.label)} →</a>')
    links.append(
        f'<a class="{BOOK_BINDER_CLASS}" href="{escape(binder_url(page.notebook.name))}">'
        "Open this lesson, interactive, on Binder</a>"
    )
    name = {"top": "Book, top of the page", "end": "Book, end of the page"}[where]
    return f'<nav class="{BOOK_NAV_CLASS}" aria-label="{name}">{"".join(links)}</nav>'


def page_html(notebook: nbformat.NotebookNode, page: Page, book: Sequence[Page]) -> str:
    """The HTML page of one executed, static-made lesson notebook."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"course_book.html.j2": _PAGE_TEMPLATE})],
        template_file="course_book.html.j2",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    notebook.metadata["title"] = f"{page.label} · {BOOK_TITLE}"
    resources = {
        "metadata": {"name": page.notebook.stem, "path": str(page.notebook.parent)},
        "book_nav": nav_html(page, book, "top"),
        "book_nav_end": nav_html(page, book, "end"),
        "book_skip": f'<a class="{BOOK_SKIP_CLASS}" href="#{BOOK_CONTENT_ID}">{SKIP_TEXT}</a>',
        "book_content": f'<div id="{BOOK_CONTENT_ID}" tabindex="-1"></div>',
        "book_css": BOOK_CSS,
        "book_script": SCRIPT_FILE,
    }
    html, _ = exporter.from_notebook_node(notebook, resources=resources)
    return link_pages(html, book)


PROGRESS_CALL = "my_progress("
"""What a lesson's code calls to show the reader's progress (``course.quiz.my_progress``)."""


def progress_page(book: Sequence[Page]) -> Page | None:
    """The page whose lesson shows the reader's progress (a code cell calls
    :data:`PROGRESS_CALL`), or None when no lesson does."""
    for page in book:
        if not page.notebook.exists():
            continue
        notebook = nbformat.read(page.notebook, as_version=4)
        if any(c.cell_type == "code" and PROGRESS_CALL in c.source for c in notebook.cells):
            return page
    return None


def progress_line(book: Sequence[Page]) -> str:
    """The front page's 'Your progress' section: where the reader's progress is kept and which
    page shows it; the book's script adds how many questions this browser holds. Empty when no
    page shows progress."""
    from course.quiz.progress import FILE_NAME

    page = progress_page(book)
    if page is None:
        return ""
    static = (
        "<p>The self-checks you answer in this book are counted in this browser (with scripts "
        f'on). <a href="{escape(page.file)}">{escape(page.label)}</a> shows your progress and '
        f"exports it as <code>{FILE_NAME}</code> for JupyterLab, or imports it from there.</p>"
    )
    return "<h2>Your progress</h2>" + widget_html("progress-line", {}, static)


def index_html(book: Sequence[Page]) -> str:
    """The book's front page: the disclaimer, the course map linking every lesson page, and
    how to get the interactive version."""
    import course
    from course.lessons import course_map

    lesson_map = link_pages(course_map()._repr_html_(), book)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{escape(BOOK_TITLE)}</title>
<script src="{SCRIPT_FILE}" defer></script>
<style type="text/css">{BOOK_INDEX_CSS}{BOOK_CSS}</style>
</head>
<body>
<main>
<h1>{escape(BOOK_TITLE)}</h1>
<p>A course for physiotherapy students on the differential diagnosis of buttock pain: where the
pain is, which structure may produce it, how referred, radicular and peripheral-nerve pain
differ, and how to test a hypothesis. This is the <strong>static book</strong>: every lesson as a
web page, run once, with its figures, tables and texts.</p>
{course.disclaimer()._repr_html_()}
<h2>The lessons</h2>
{lesson_map}
{progress_line(book)}
<h2>The interactive version</h2>
<p>The widgets (diagrams you click, drop-downs, tick boxes) and the self-check questions with
feedback and hints need a running Python kernel. In this book each widget shows a picture of its
first state with a description (or a note), and each self-check shows its questions without the
answers. To use them:</p>
<ul>
<li><strong>No install:</strong> <a href="{escape(binder_url())}">open the course on Binder</a>
(it takes a minute or two to start). Every page of the book has a link that opens its lesson
there.</li>
<li><strong>On your own computer:</strong> get the course's repository and run
<code>make lab</code> in its folder (Python 3.10 or newer and <code>make</code>); JupyterLab
opens at lesson 00.</li>
</ul>
</main>
</body>
</html>
"""


# --------------------------------------------------------------------------- build


@contextlib.contextmanager
def _environ(name: str, value: str) -> Iterator[None]:
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def _clear(outdir: Path) -> None:
    """Remove the pages an earlier build wrote (and nothing else), so none goes stale."""
    for old in [*outdir.glob("[0-9][0-9]_*.html"), outdir / "index.html"]:
        old.unlink(missing_ok=True)


def build(
    outdir: Path | str = DEFAULT_OUTDIR,
    notebooks: Sequence[Path] | None = None,
    log: Callable[[str], None] = print,
    executed: Mapping[Path, nbformat.NotebookNode] | None = None,
) -> list[Page]:
    """Execute every lesson (or ``notebooks``) and write its page and ``index.html`` to
    ``outdir``. Raises :class:`BookError` naming every lesson and cell that left an error;
    the pages of the other lessons are still written, the index is not.

    ``executed`` maps a notebook path to that notebook already executed (as
    :func:`tools.notebooks.execute` returns it, for instance by the tests' shared lesson run):
    such a lesson is not run again; a copy of it becomes the page, the mapping is left as it was.
    """
    from course.quiz.progress import ENV_VAR

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    _clear(outdir)
    write_scripts(outdir)
    book = pages(notebooks if notebooks is not None else lessons())
    done = {Path(path).resolve(): notebook for path, notebook in (executed or {}).items()}
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as scratch, _environ(ENV_VAR, f"{scratch}/progress.json"):
        for page in book:
            started = time.perf_counter()
            ready = done.get(page.notebook.resolve())
            notebook = copy.deepcopy(ready) if ready is not None else execute(page.notebook)
            found = errors(notebook)
            if found:
                problems += [f"{page.notebook.name}, {error}" for error in found]
                log(f"{page.notebook.name}: {len(found)} error(s); no page written")
                continue
            fallbacks = static_outputs(notebook)
            (outdir / page.file).write_text(page_html(notebook, page, book), encoding="utf-8")
            log(
                f"{page.file}: {fallbacks.static} widget(s) shown static "
                f"({fallbacks.interactive} interactive), {fallbacks.notes} as a note "
                f"({time.perf_counter() - started:.1f} s)"
            )
    if problems:
        raise BookError("lessons left errors when executed:\n  " + "\n  ".join(problems))
    (outdir / "index.html").write_text(index_html(book), encoding="utf-8")
    log(f"{outdir / 'index.html'}: {len(book)} lesson pages")
    return book


def main(argv: list[str] | None = None) -> int:
    """Command line: build the book; returns the process exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.book", description=__doc__.split("\n")[0]
    )
    parser.add_argument("outdir", nargs="?", default=str(DEFAULT_OUTDIR), help="default build/book")
    args = parser.parse_args(argv)
    try:
        build(args.outdir)
    except BookError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
