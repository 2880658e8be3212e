"""The leak scan over a whole site (tools.leaks.site_leaks): every file and every decoded form of
it, so an answer hidden in the book's script, a JSON island, a stylesheet or behind HTML
character references is found, named with its file."""

from __future__ import annotations

import json
from html import escape

import pytest

import course.quiz as quiz
import course.widgets as course_widgets
from course.quiz import kinds
from tools import bookweb
from tools.leaks import site_leaks, site_texts

QUESTION = "lesson03_q1"


def _site(tmp_path, **files: str):
    site = tmp_path / "site"
    site.mkdir()
    for name, text in files.items():
        (site / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return site


def _page(body: str) -> str:
    head = "<head><style>p { color: red }</style></head>"
    return f"<!DOCTYPE html><html lang='en'>{head}<body>{body}</body></html>"


@pytest.fixture
def question():
    return quiz.item(QUESTION)


@pytest.fixture
def secret(question) -> str:
    """The question's worked explanation, with characters that JSON and HTML both escape."""
    return kinds.reveal(question).explanation


def test_a_clean_site_has_no_leak(tmp_path, question):
    site = _site(
        tmp_path,
        index__html=_page(f"<p>{escape(question.prompt)}</p>"),
        course_book__js="var CourseBook = {};",
        data__json=json.dumps({"prompt": question.prompt}),
    )
    assert site_leaks(site, [question]) == []


def test_an_answer_is_found_in_every_kind_of_file_and_form(tmp_path, question, secret):
    quoted = secret + ' "</script>"'
    island = bookweb.json_island({"x": {"y": [quoted]}}, "spec")  # JSON-escaped, `</` escaped
    site = _site(
        tmp_path,
        a__html=_page(f"<p>{escape(secret, quote=True).replace(' ', '&#32;')}</p>"),
        b__html=_page(f"<div>{island}</div>"),
        c__html=_page(f"<p>ok</p><style>p::after {{ content: '{secret}' }}</style>"),
        book__js=f"var x = {json.dumps(secret)};",
        data__json=json.dumps([{"text": quoted}], ensure_ascii=True),
    )
    found = site_leaks(site, [question])
    for name in ("a.html", "b.html", "c.html", "book.js", "data.json"):
        assert any(problem.startswith(name) for problem in found), (name, found)
    assert all(f"{QUESTION}: sealed text" in problem for problem in found)


def test_key_material_counts_unless_the_site_carries_sealed_keys_by_design(tmp_path, question):
    site = _site(tmp_path, book__js=f"var keys = ['{question.options[0].key}'];")
    assert any("key material" in p for p in site_leaks(site, [question]))
    assert site_leaks(site, [question], keys=False) == []


def test_a_broken_json_island_is_named(tmp_path):
    site = _site(tmp_path, page__html=_page('<script type="application/json">{"a": </script>'))
    with pytest.raises(ValueError, match=r"page\.html \(JSON island 0\): not valid JSON"):
        list(site_texts(site))


def test_pictures_are_left_out_and_a_repeated_stylesheet_is_read_once(tmp_path):
    picture = "data:image/png;base64," + "QUJD" * 100
    site = _site(tmp_path, a__html=_page(f"<img src='{picture}'>"), b__html=_page("<p>b</p>"))
    texts = dict(site_texts(site))
    assert not any("QUJD" in text for text in texts.values())
    assert sorted(where for where in texts if "stylesheet" in where) == ["a.html (stylesheet 0)"]


def test_key_material_is_allowed_in_a_sealed_question_island_and_nowhere_else(tmp_path, question):
    from course.quiz.widget import SelfCheck

    bundle = SelfCheck(QUESTION, progress_path=tmp_path / "p.json")._repr_mimebundle_()
    made = bookweb.interactive_html(bundle[course_widgets.BOOK_MIME], bundle["text/html"])
    assert question.options[0].key in made  # the page checks answers with the sealed keys
    site = _site(tmp_path, page__html=_page(made))
    assert site_leaks(site, [question]) == []
    planted = bookweb.json_island({"k": question.options[0].key}, "spec")
    (tmp_path / "again").mkdir()
    site = _site(tmp_path / "again", page__html=_page(made + planted))
    found = site_leaks(site, [question])
    assert found and all("key material" in p for p in found)
    assert all("(sealed island" not in p for p in found), found
