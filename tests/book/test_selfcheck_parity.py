"""Every self-check of the content answered in a book page agrees with the kernel, on both hash
paths (the browser's crypto.subtle and the page's own SHA-256): for every question and every
option (every subset of a multiple select, every order of a ranking, numbers inside, on and just
outside the tolerance), the page's score, verdict, words, opened feedback and explanation are
Python's ``kind.check``; "Show the answer" opens what ``kind.reveal`` finds."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from course import quiz
from course.anatomy.quiz import structure_question
from course.quiz import kinds
from course.quiz.kinds import KIND
from course.quiz.questions import AnswerError, Question
from course.quiz.widget import SelfCheck

from .conftest import write_page

pytestmark = pytest.mark.slow

QUESTIONS = [q for s in quiz.quiz_sets() for q in s.questions]

FORCE_SCRIPT_HASH = "delete Crypto.prototype.subtle;"
"""An init script that takes crypto.subtle away, as plain http on another host does."""

STRUCTURES = {
    "gluteus_medius": "gluteus medius",
    "piriformis": "piriformis",
    "psis": "PSIS",
    "sciatic_nerve": "sciatic nerve",
}
"""A figure's structures for identify_structure questions, which no quiz file holds."""


def numeric_answers(q: Question) -> list[Any]:
    """Numbers inside, on the edges of and just outside the accepted range, halfway between
    buckets (where Python's round goes to even), the bounds, and typed forms."""
    found = kinds.reveal(q)
    low, high = found.accepted
    grid = q.grid
    edges = [low, high, low - grid, high + grid, low - grid / 2, high + grid / 2]
    near = [e + d for e in (low - grid / 2, high + grid / 2) for d in (-1e-9, 1e-9)]
    values: list[Any] = [found.answer, q.minimum, q.maximum, *edges, *near, -0.0]
    centre = found.answer
    values += [
        f"{centre:g}",
        f"{centre:g}".replace(".", ","),
        f"{centre:g} %",
        f" {centre:g}%% ",
        f"{centre * 10:g}e-1",
        "1_0",
        "",
        "   ",
        "abc",
        "ABC def",
        "inf",
        "-Infinity",
        "nan",
        "1e400",
        "12..5",
    ]
    return values


def answers(q: Question) -> list[Any]:
    """Every answer the parity test tries on ``q``."""
    ids = [o.id for o in q.options]
    if q.kind in ("single_choice", "pick_site", "identify_structure"):
        return [*ids, ""] if q.kind != "identify_structure" else [*ids, None]
    if q.kind == "multiple_select":
        if len(ids) <= 5:
            return [list(c) for n in range(len(ids) + 1) for c in itertools.combinations(ids, n)]
        right = kinds.reveal(q).answer
        return [right, [], ids, *([i] for i in ids)]
    if q.kind == "ranking":
        orders = [list(p) for p in itertools.permutations(ids)]
        return [*orders, [None] * len(ids), [ids[0]] * len(ids)]
    if q.kind == "numeric":
        return numeric_answers(q)
    if q.kind == "free_text":
        return ["", "   ", "The nerve is compressed; I would test it.", None]
    raise AssertionError(f"no answers to try for kind {q.kind!r}")


def expected(q: Question, answer: Any) -> dict[str, Any]:
    """What the kernel makes of ``answer``, in the page's terms."""
    kind = KIND[q.kind]
    if q.kind == "ranking" and isinstance(answer, list):
        unfinished = kind.incomplete(answer)
        if unfinished:
            return {"incomplete": unfinished}
    try:
        outcome = kind.check(q, answer)
    except AnswerError as error:
        return {"error": str(error).capitalize()}
    return {
        "score": outcome.score,
        "solved": outcome.solved,
        "summary": outcome.summary,
        "feedback": [list(pair) for pair in outcome.feedback],
        "explanation": outcome.explanation,
        "model_answer": list(outcome.model_answer),
    }


SEALED_DATA = """const data = {};
  for (const island of document.querySelectorAll('script[data-role="sealed"]')) {
    for (const q of JSON.parse(island.textContent)) data[q.id] = q;
  }
  for (const q of extra) data[q.id] = q;"""
"""Page script: every question's data as the page holds it (its sealed islands), by id, and the
``extra`` questions handed in (kinds no quiz file uses)."""

CHECK_ALL = (
    """async ([cases, extra]) => {
  """
    + SEALED_DATA
    + """
  const out = [];
  for (const [id, answer] of cases) {
    const q = data[id];
    const unfinished = CourseBook.selfcheck.incomplete(q, answer);
    out.push(unfinished ? {incomplete: unfinished} : await CourseBook.selfcheck.check(q, answer));
  }
  return out;
}"""
)


@pytest.fixture(scope="module")
def every_question_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One book page with every set of the content: each lesson's self-check and each case."""
    folder = tmp_path_factory.mktemp("selfcheck-book")
    progress = folder / "progress.json"
    bundles = [
        SelfCheck(s.id, progress_path=progress)._repr_mimebundle_() for s in quiz.quiz_sets()
    ]
    return write_page(folder, bundles)


def structure_questions() -> list[Question]:
    return [structure_question(target, STRUCTURES) for target in STRUCTURES]


@pytest.fixture(params=["crypto.subtle", "script"])
def hash_path(request: pytest.FixtureRequest, book_page: Any, every_question_page: Path) -> Any:
    """The page with every question, its hashes from crypto.subtle or from the page's script."""
    if request.param == "script":
        book_page.add_init_script(FORCE_SCRIPT_HASH)
    errors: list[str] = []
    book_page.on("pageerror", lambda error: errors.append(str(error)))
    book_page.goto(every_question_page.as_uri())
    book_page.wait_for_function("document.querySelectorAll('[data-course-ready]').length > 0")
    assert book_page.evaluate("CourseBook.hash.native") is (request.param == "crypto.subtle")
    yield book_page
    assert errors == []


def test_the_page_checks_every_answer_to_every_question_as_the_kernel_does(hash_path):
    extra = structure_questions()
    cases = [(q, a) for q in [*QUESTIONS, *extra] for a in answers(q)]
    page_data = [KIND[q.kind].page_data(q) for q in extra]
    got = hash_path.evaluate(CHECK_ALL, [[[q.id, a] for q, a in cases], page_data])

    assert len(got) == len(cases)
    kinds_seen = set()
    for (q, answer), result in zip(cases, got, strict=True):
        want = expected(q, answer)
        if q.kind == "identify_structure" and not want["solved"]:
            # the page offers a list, not the figure: it cannot say what a click landed on
            want["summary"] = result["summary"]
            assert result["summary"].startswith("Not quite: you picked ")
        if "score" in want and want["score"] is not None:
            assert result["score"] == pytest.approx(want["score"], abs=1e-12), (q.id, answer)
            result["score"] = want["score"]
        assert result == want, (q.id, answer)
        kinds_seen.add(q.kind)
    assert kinds_seen == set(KIND)  # every kind the course has, through the page


REVEAL_ALL = (
    """async ([ids, extra]) => {
  """
    + SEALED_DATA
    + """
  const out = [];
  for (const id of ids) out.push(await CourseBook.selfcheck.reveal(data[id]));
  return out;
}"""
)


def test_show_the_answer_opens_what_the_kernel_reveals(hash_path):
    asked = [q for q in [*QUESTIONS, *structure_questions()] if KIND[q.kind].revealable]
    extra = [KIND[q.kind].page_data(q) for q in asked if q.kind == "identify_structure"]
    got = hash_path.evaluate(REVEAL_ALL, [[q.id for q in asked], extra])
    for q, shown in zip(asked, got, strict=True):
        found = kinds.reveal(q)
        kind = KIND[q.kind]
        answer = found.answer
        assert shown["explanation"] == found.explanation, q.id
        if q.kind == "numeric":
            assert shown["answer"] == pytest.approx(answer), q.id
        else:
            assert shown["answer"] == answer, q.id
        # the words the kernel prints, unescaped
        assert json.dumps(shown["text"]) == json.dumps(_unescape(kind.revealed_html(q, found))), (
            q.id
        )


def _unescape(html: str) -> str:
    from html import unescape

    return unescape(html)
