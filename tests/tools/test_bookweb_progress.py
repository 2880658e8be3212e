"""The progress widget's book spec and renderer (tools/bookweb/progress.py) and the classes
its script uses; the page itself is tested in Chromium in tests/book/test_progress.py."""

from __future__ import annotations

import json
import re

import pytest

from course import style
from course.quiz import quiz_sets
from course.quiz.summary import ProgressView, describe_progress, progress_sets
from course.widgets import BOOK_MIME
from tools import book, bookweb, notebooks
from tools.leaks import leaks


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("progress")
    return ProgressView(progress_path=folder / "p.json", interactive=False)._repr_mimebundle_()


def island(html: str) -> dict:
    found = re.search(r'<script type="application/json" data-role="spec">(.*?)</script>', html)
    return json.loads(found.group(1))


def test_the_spec_holds_the_sets_and_their_question_ids_only(bundle):
    spec = bundle[BOOK_MIME]
    assert spec["widget"] == "progress" and spec["file"] == ".course-progress.json"
    sets = progress_sets()
    assert spec["sets"] == [
        {"id": s.id, "title": s.title, "questions": [q.id for q in s.questions]} for s in sets
    ]
    assert set(spec) == {"widget", "file", "version", "sets", "words", "headings"}


def test_the_spec_words_fill_to_the_widget_description(bundle):
    # filled the way the script fills them ("{name}" from the counts)
    from course.quiz.progress import ItemProgress, summarise, totals

    spec = bundle[BOOK_MIME]
    sets = progress_sets()
    items = {
        sets[1].questions[0].id: ItemProgress(attempts=1, solved=True),
        sets[1].questions[1].id: ItemProgress(revealed=True),
        sets[2].questions[0].id: ItemProgress(hints=1),
    }
    summaries = summarise(sets, items)
    lines = [spec["words"]["totals"].format(**totals(summaries))]
    lines += [spec["words"]["set"].format(**vars(s), untouched=s.untouched) for s in summaries]
    assert "\n".join(lines) == describe_progress(summaries)


def test_the_renderer_keeps_the_static_page_and_hides_the_live_part(bundle):
    html = bookweb.interactive_html(bundle[BOOK_MIME], bundle["text/html"])
    assert bundle["text/html"] in html and 'data-role="live" hidden' in html
    assert island(html)["sets"] == bundle[BOOK_MIME]["sets"]
    for role in ("export", "import", "reset", "confirm", "message", "totals", "table"):
        assert f'data-role="{role}"' in html, role
    for question in (q for s in quiz_sets() for q in s.questions):
        assert leaks(html, question) == []


def test_the_script_uses_only_classes_the_style_defines(bundle):
    names = set()
    for value in vars(style).values():
        if isinstance(value, str) and value.startswith("course-"):
            names.add(value)
        elif isinstance(value, dict):
            names |= {v for v in value.values() if isinstance(v, str)}
    script = (bookweb.JS_DIR / "10_progress.js").read_text()
    used = set(re.findall(r"\bcourse-[a-z][\w-]*", script))
    not_classes = {"course-progress", "course-progress-change"}  # storage key, event name
    assert used - not_classes <= names
    html = bookweb.interactive_html(bundle[BOOK_MIME], "")
    assert set(re.findall(r'class="([^"]+)"', html)) <= names


def test_the_front_page_names_the_page_that_shows_progress():
    lessons = book.pages(notebooks.lessons())
    page = book.progress_page(lessons)
    assert page is not None and page.notebook.name == "12_my_progress.ipynb"
    index = book.index_html(lessons)
    assert f'href="{page.file}"' in index and 'data-course-widget="progress-line"' in index
    assert book.progress_line([p for p in lessons if p is not page]) == ""
