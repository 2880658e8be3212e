"""Self-checks answered in the offline book: the questions' sealed data for the page script.

A :class:`course.quiz.widget.SelfCheck` gives the book its set and question ids
(``book_spec``). The renderer puts beside the widget's static page (the case, the questions
without answers) the questions as their quiz files ship them, each from its kind's
:meth:`course.quiz.kinds.Kind.page_data`, in a JSON island of role :data:`SEALED_ROLE`.
``js/30_selfcheck.js`` builds each question's controls over its static block and checks answers
with the same salted hashes and sealed texts as the kernel (``js/20_sha256.js`` where the
browser has no ``crypto.subtle``).

The island holds key material (option keys, bucket keys, sealed texts, salts) exactly as the
quiz files do, and nothing else of the answer: :func:`tools.leaks.leaks` accepts key material
inside an island of this role and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from course import quiz
from course.quiz.kinds import KIND, RANK_WORDS
from course.quiz.widget import REVEAL_AFTER
from course.words import FEEDBACK_MARK

from . import json_island, renderer, widget_html

SEALED_ROLE = "sealed"
"""The ``data-role`` of the JSON island that carries the questions' sealed data."""


def sealed_questions(ids: list[str]) -> list[dict[str, Any]]:
    """The page data of each question (by id, from the content in use), in the given order;
    a clear error naming the unknown id."""
    found = []
    for ident in ids:
        question = quiz.item(str(ident))  # KeyError naming the closest ids
        found.append(KIND[question.kind].page_data(question))
    return found


def page_settings() -> dict[str, Any]:
    """What every self-check page shares with the kernel widget: the reveal rule, the symbol of
    each feedback state and the words of the ranking places."""
    return {
        "reveal_after": REVEAL_AFTER,
        "marks": dict(FEEDBACK_MARK),
        "rank_words": list(RANK_WORDS),
    }


@renderer("selfcheck")
def selfcheck_html(spec: Mapping[str, Any], static_html: str) -> str:
    """The book's self-check: the static page (case, questions, no answers) with the sealed
    questions and the shared settings for the page script."""
    ids = [str(i) for i in spec.get("questions", [])]
    if not ids:
        raise ValueError(f"self-check {spec.get('set')!r} in the book names no questions")
    data = {"set": spec.get("set"), "questions": ids, **page_settings()}
    return widget_html(
        "selfcheck", data, json_island(sealed_questions(ids), SEALED_ROLE) + static_html
    )
