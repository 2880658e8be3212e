"""Is a self-check answer readable in something a student receives? The checks tests share.

A student may see a question's prompt, hints and options, in the quiz files, an exported notebook
or the static book. They must not be able to read which option is right: not the answer itself,
not the option keys or numeric bucket keys, not the sealed feedback, explanation or model answer,
and not any of these in a simply reversible form (lower case, reversed, hex, base64). The one
exception is the book's sealed-question island (``tools.bookweb.selfcheck``), which carries the
keys and sealed texts exactly as the quiz files do, so that the page can check answers.

``readable_forms`` lists those forms for one secret text; ``leaks`` searches a whole text (a YAML
file, an HTML page) for the answer material of one question. Used by
tests/content/test_no_answer_leak.py (the shipped quiz files) and tests/lessons/test_book.py (the
static book).
"""

from __future__ import annotations

import re

from course.encodings import readable_encodings
from course.quiz import kinds, questions
from course.quiz.kinds import KIND
from tools.bookweb.selfcheck import SEALED_ROLE

PROBE_CHARS = 40
"""How much of a sealed text ``leaks`` searches for: long enough never to match by chance."""


def readable_forms(text: str) -> set[str]:
    """``text`` as is and in every simply reversible form (8+ characters each), from
    :func:`course.encodings.readable_encodings`."""
    return {f for f in (text, *readable_encodings(text).values()) if len(f) >= 8}


def right_option_ids(question: questions.Question) -> list[str]:
    """The ids of the options that make a choice question right: the one answer (single
    choice), every right option (multiple select), or the first place (ranking); each kind
    says which (:meth:`course.quiz.kinds.Kind.right_option_ids`)."""
    return KIND[question.kind].right_option_ids(question)


def sealed_texts(question: questions.Question) -> list[str]:
    """The plain texts that the question keeps sealed: the worked explanation, each option's
    feedback and the free-text model answer (one entry per point)."""
    texts = [kinds.reveal(question).explanation]
    texts += [questions.open_feedback(question, o) for o in question.options]
    texts += list(questions.model_answer(question))
    return [t for t in texts if t]


def key_material(question: questions.Question) -> list[str]:
    """What the shipped file stores to check answers: option keys, numeric bucket keys, sealed
    blobs and the salt. None of it belongs in a page a student reads."""
    found = [o.key for o in question.options] + [o.feedback for o in question.options]
    found += [*question.answer_keys, question.explanation, question.model_answer, question.salt]
    return [m for m in found if m]


_SEALED_ISLAND = re.compile(
    rf"""<script(?=[^>]*\btype=["']application/json["'])(?=[^>]*\bdata-role=["']{SEALED_ROLE}["'])"""
    r"[^>]*>.*?</script>",
    re.S,
)
"""A sealed-question island, its attributes in any order (the book's HTML writer sorts them)."""


def outside_sealed_islands(text: str) -> str:
    """``text`` without the book's sealed-question islands (:mod:`tools.bookweb.selfcheck`):
    the one place a page may carry key material, exactly as the quiz files do."""
    return _SEALED_ISLAND.sub("", text)


def leaks(text: str, question: questions.Question, probe: int | None = PROBE_CHARS) -> list[str]:
    """Every way the answer material of ``question`` is readable in ``text``; empty when none.

    Looks for the key material and for the sealed texts in any readable form: the first
    ``probe`` characters of each, or the whole of each with ``probe=None`` (for a lesson page,
    whose teaching may open a sentence the way an explanation does). It cannot tell whether the
    right option's *text* leaks, since a page rightly shows every option: check that all options
    are marked up alike for that. Key material is allowed inside a book page's sealed-question
    island (where the page script checks answers with it) and nowhere else; the sealed texts'
    readable forms are looked for everywhere, the island included.
    """
    found = []
    for secret in sealed_texts(question):
        start = secret[:probe] if probe else secret
        hits = [form for form in readable_forms(start) if form in text]
        if hits:
            found.append(f"{question.id}: sealed text {start[:60]!r} readable as {hits[0][:60]!r}")
    outside = outside_sealed_islands(text)
    for material in key_material(question):
        if material in outside:
            found.append(f"{question.id}: key material {material[:24]!r}… is in the text")
    return found
