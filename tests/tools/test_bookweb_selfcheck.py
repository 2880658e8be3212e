"""The book's self-check renderer (tools.bookweb.selfcheck): each question goes to the page
exactly as its quiz file ships it, beside the static page, and nothing else of the answer; the
leak scanner finds nothing in the page and still finds key material anywhere but the island."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml

from course import quiz, style
from course.catalogue import CONTENT_DIR
from course.quiz import questions, static
from course.quiz.kinds import KIND
from course.quiz.widget import SelfCheck
from course.widgets import BOOK_MIME
from tools import book, bookweb
from tools.bookweb.selfcheck import SEALED_ROLE, sealed_questions, selfcheck_html
from tools.leaks import leaks

PAGE_WORDS = {"ask", "check_label", "revealable"}
"""What the page data adds to a quiz file's fields: how the page asks, in words."""

ISLAND = re.compile(rf'<script[^>]*data-role="{SEALED_ROLE}"[^>]*>(.*?)</script>', re.S)


@functools.cache
def shipped() -> dict[str, dict]:
    """Every question as its quiz file holds it, by id."""
    files = [
        *(CONTENT_DIR / "vignettes").glob("*.yaml"),
        *(CONTENT_DIR / "selfchecks").glob("*.yaml"),
    ]
    return {q["id"]: q for path in files for q in yaml.safe_load(path.read_text())["questions"]}


def spec_of(quiz_set: Any) -> dict[str, Any]:
    """The book spec of a whole set, as ``SelfCheck(set id).book_spec()`` gives it."""
    return {
        "widget": "selfcheck",
        "set": quiz_set.id,
        "questions": [q.id for q in quiz_set.questions],
    }


def static_page(quiz_set: Any) -> str:
    """The set's questions as the static page shows them (no case header: no widget needed)."""
    return static.selfcheck_html("", list(quiz_set.questions))


def rendered(ident: str, tmp_path: Path) -> tuple[str, str]:
    """The book's HTML of ``selfcheck(ident)`` and the static page it started from."""
    bundle = SelfCheck(ident, progress_path=tmp_path / "p.json")._repr_mimebundle_()
    return bookweb.interactive_html(bundle[BOOK_MIME], bundle["text/html"]), bundle["text/html"]


def island(html: str) -> list[dict]:
    (found,) = ISLAND.findall(html)
    return json.loads(found.replace("<\\/", "</"))


@pytest.mark.parametrize("quiz_set", quiz.quiz_sets(), ids=lambda s: s.id)
def test_each_question_goes_to_the_page_as_its_quiz_file_ships_it(quiz_set):
    files = shipped()
    shown = static_page(quiz_set)
    html = selfcheck_html(spec_of(quiz_set), shown)
    assert shown in html  # the static page stays inside, for a reader with scripts off
    data = island(html)
    assert [q["id"] for q in data] == [q.id for q in quiz_set.questions]
    for q in data:
        raw = files[q["id"]]
        assert set(q) - set(raw) <= PAGE_WORDS, q["id"]
        for name, value in q.items():
            if name in PAGE_WORDS:
                continue
            if name == "options":
                for option, original in zip(value, raw["options"], strict=True):
                    assert option == {k: original.get(k, "") for k in option}, q["id"]
            else:
                assert value == raw.get(name, ""), (q["id"], name)
        for name in set(raw) - set(q) - {"focus", "sources"}:
            raise AssertionError(f"{q['id']}: {name} of the quiz file is not in the page")


def page(sets: list[Any], tmp_path: Path) -> str:
    """One book page (as tools.book writes it) holding the self-checks of ``sets``."""
    cells = []
    for quiz_set in sets:
        bundle = {
            "text/html": static_page(quiz_set),
            "text/plain": "",
            BOOK_MIME: spec_of(quiz_set),
        }
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [nbformat.v4.new_output("display_data", data=bundle)]
        cells.append(cell)
    notebook = nbformat.v4.new_notebook(cells=cells)
    assert book.static_outputs(notebook).interactive == len(sets)
    where = book.Page(99, "Self-checks", tmp_path / "99_checks.ipynb")
    return book.page_html(notebook, where, [where])


def test_the_book_pages_leak_no_answer(tmp_path):
    sets = quiz.quiz_sets()
    for quiz_set in sets:  # each set's output alone: every sealed text's opening words
        html = selfcheck_html(spec_of(quiz_set), static_page(quiz_set))
        for q in quiz_set.questions:
            assert leaks(html, q) == [], q.id
    # all on one page: whole sealed texts (their opening words may be another question's option)
    html = page(sets, tmp_path)
    assert len(ISLAND.findall(html)) == len(sets)
    for q in (q for s in sets for q in s.questions):
        assert leaks(html, q, probe=None) == [], q.id


def test_key_material_outside_the_sealed_island_is_still_a_leak(tmp_path):
    q = quiz.item("lesson03_q1")
    html, _ = rendered(q.id, tmp_path)
    assert leaks(html, q) == []
    assert leaks(html + f"<p>{q.options[0].key}</p>", q)
    assert leaks(html + f"<p>{q.salt}</p>", q)
    elsewhere = bookweb.json_island({"key": q.options[1].key}, "spec")
    assert leaks(html + elsewhere, q)
    opened = questions.open_feedback(q, q.options[0])
    inside = html.replace('"salt":', f'"note":{json.dumps(opened)},"salt":', 1)
    assert leaks(inside, q)  # plain text is a leak in the island too


def test_one_question_of_a_set_goes_alone(tmp_path):
    spec = SelfCheck("case_03_q2", progress_path=tmp_path / "p.json").book_spec()
    assert spec == {"set": "case_03", "questions": ["case_03_q2"]}
    html, _ = rendered("case_03_q2", tmp_path)
    assert [q["id"] for q in island(html)] == ["case_03_q2"]


def test_an_unknown_question_or_an_empty_set_is_a_clear_error():
    with pytest.raises(KeyError, match="case_03_q9"):
        sealed_questions(["case_03_q9"])
    with pytest.raises(ValueError, match="names no questions"):
        selfcheck_html({"widget": "selfcheck", "set": "case_03", "questions": []}, "")


def test_every_kind_gives_json_page_data_and_the_script_checks_every_kind():
    from course.anatomy.quiz import structure_question

    examples = {q.kind: q for s in quiz.quiz_sets() for q in s.questions}
    examples["identify_structure"] = structure_question("psis", {"psis": "PSIS", "ilium": "ilium"})
    assert set(examples) == set(KIND)
    for name, q in examples.items():
        data = KIND[name].page_data(q)
        assert json.loads(json.dumps(data)) == data
        assert (data["id"], data["kind"], data["salt"]) == (q.id, name, q.salt)
    script = (bookweb.JS_DIR / "30_selfcheck.js").read_text(encoding="utf-8")
    table = script[script.index("var KINDS = {") : script.index("};", script.index("var KINDS"))]
    assert set(re.findall(r"^\s+(\w+): \{ check:", table, re.M)) == set(KIND)


def style_classes() -> set[str]:
    """Every CSS class name course.style defines (constants and tables of them)."""
    found = set()
    for value in vars(style).values():
        values = value.values() if isinstance(value, dict) else [value]
        found |= {v for v in values if isinstance(v, str) and re.fullmatch(r"course-[\w-]+", v)}
    return found


@pytest.mark.parametrize("part", ["20_sha256.js", "30_selfcheck.js"])
def test_the_script_uses_only_classes_style_defines(part):
    script = (bookweb.JS_DIR / part).read_text(encoding="utf-8")
    used = set(re.findall(r"(?<![\w-])course-[a-z][\w-]*", script)) - {"course-q-"}
    assert used <= style_classes(), used - style_classes()
    assert f".{style.BOOK_SELFCHECK_CLASS}" in style.BOOK_CSS
