"""Is a self-check answer readable in something a student receives? The checks tests share.

A student may see a question's prompt, hints and options, in the quiz files, an exported notebook
or the static book. They must not be able to read which option is right: not the answer itself,
not the option keys or numeric bucket keys, not the sealed feedback, explanation or model answer,
and not any of these in a simply reversible form (lower case, reversed, hex, base64). The one
exception is the book's sealed-question island (``tools.bookweb.selfcheck``), which carries the
keys and sealed texts exactly as the quiz files do, so that the page can check answers.

``readable_forms`` lists those forms for one secret text; ``leaks`` searches a whole text (a YAML
file, an HTML page) for the answer material of one question, and ``site_leaks`` every file of a
built site (the book's pages, its script, each page's JSON islands). Used by
tests/content/test_no_answer_leak.py (the shipped quiz files) and tests/lessons/test_book.py (the
static book).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from html import unescape
from pathlib import Path

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


def leaks(
    text: str, question: questions.Question, probe: int | None = PROBE_CHARS, keys: bool = True
) -> list[str]:
    """Every way the answer material of ``question`` is readable in ``text``; empty when none.

    Looks for the key material and for the sealed texts in any readable form: the first
    ``probe`` characters of each, or the whole of each with ``probe=None`` (for a lesson page,
    whose teaching may open a sentence the way an explanation does). It cannot tell whether the
    right option's *text* leaks, since a page rightly shows every option: check that all options
    are marked up alike for that. Key material is allowed inside a book page's sealed-question
    island (where the page script checks answers with it) and nowhere else; the sealed texts'
    readable forms are looked for everywhere, the island included. ``keys=False`` leaves the key
    material out of the search altogether.
    """
    outside = outside_sealed_islands(text)
    return [
        problem(hit)
        for problem, forms, is_key in answer_material(question, probe, keys)
        for hit in [
            next((form for form in sorted(forms) if form in (outside if is_key else text)), None)
        ]
        if hit is not None
    ]


def answer_material(
    question: questions.Question, probe: int | None = PROBE_CHARS, keys: bool = True
) -> list[tuple[Callable[[str], str], frozenset[str], bool]]:
    """What :func:`leaks` searches for, worked out once per question: for each secret, the
    forms in which it must not appear, how to word the problem given the form found, and
    whether it is key material (allowed inside a sealed-question island only)."""
    found: list[tuple[Callable[[str], str], frozenset[str], bool]] = []
    for secret in sealed_texts(question):
        start = secret[:probe] if probe else secret

        def sealed(hit: str, start: str = start) -> str:
            return f"{question.id}: sealed text {start[:60]!r} readable as {hit[:60]!r}"

        found.append((sealed, frozenset(readable_forms(start)), False))
    for material in key_material(question) if keys else ():

        def key(hit: str) -> str:
            return f"{question.id}: key material {hit[:24]!r}… is in the text"

        found.append((key, frozenset({material}), True))
    return found


_PICTURE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+")
_STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.S | re.I)
_ISLAND = re.compile(
    r"""<script\b[^>]*type=["']application/(?:ld\+)?json["'][^>]*>(.*?)</script>""", re.S | re.I
)


def _strings(data: object) -> Iterator[str]:
    """Every string in parsed JSON, keys included."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


SEALED_TEXT = "sealed"
"""How :func:`site_texts` names the strings of a sealed-question island (``page (sealed island
N) (strings)``), where :func:`site_leaks` allows key material."""


def site_texts(folder: Path) -> Iterator[tuple[str, str]]:
    """Each file under ``folder`` as the texts a reader could get from it, as ``(where, text)``:
    the file as it is (embedded pictures left out: they are pixels, not text; a stylesheet that
    several pages repeat, once), an HTML page's
    text with its character references decoded, and the strings of every JSON document (a
    ``.json`` file, a page's ``<script type="application/json">`` island) decoded, one per line.
    Binary files are read as UTF-8 with undecodable bytes replaced. Raises ``ValueError`` naming
    the file and the island when a JSON island does not parse."""
    folder = Path(folder)
    styles: set[str] = set()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = str(path.relative_to(folder))
        raw = _PICTURE.sub("data:", path.read_bytes().decode("utf-8", errors="replace"))
        documents: list[tuple[str, str]] = []
        if path.suffix.lower() in (".html", ".htm"):
            # every page repeats the same stylesheets: each distinct one is read once
            for number, block in enumerate(_STYLE.findall(raw)):
                if block not in styles:
                    styles.add(block)
                    yield f"{name} (stylesheet {number})", block
            raw = _STYLE.sub("<style></style>", raw)
        yield name, raw
        if path.suffix.lower() in (".html", ".htm"):
            yield f"{name} (text)", unescape(raw)
            documents = [
                (
                    f"{name} ({SEALED_TEXT if _SEALED_ISLAND.fullmatch(m.group(0)) else 'JSON'}"
                    f" island {n})",
                    m.group(1),
                )
                for n, m in enumerate(_ISLAND.finditer(raw))
            ]
        elif path.suffix.lower() == ".json":
            documents = [(name, raw)]
        for where, document in documents:
            try:
                parsed = json.loads(document)
            except json.JSONDecodeError as error:
                raise ValueError(f"{where}: not valid JSON ({error})") from error
            yield f"{where} (strings)", "\n".join(_strings(parsed))


def site_leaks(folder: Path, items: Iterable[questions.Question], keys: bool = True) -> list[str]:
    """Every answer leak of the questions ``items`` anywhere in the site under ``folder``
    (every file, every decoded form, :func:`site_texts`), each prefixed with where it is; whole
    sealed texts are searched (``probe=None``: a lesson may open a sentence the way an
    explanation does).
    ``keys=False``: see :func:`leaks`."""
    material = [answer_material(question, None, keys) for question in items]
    found = []
    for where, text in site_texts(folder):
        # key material may sit in a sealed-question island, and nowhere else
        outside = "" if f"({SEALED_TEXT} island" in where else outside_sealed_islands(text)
        for secrets in material:
            for problem, forms, is_key in secrets:
                searched = outside if is_key else text
                hit = next((form for form in sorted(forms) if form in searched), None)
                if hit is not None:
                    found.append(f"{where}: {problem(hit)}")
    return found
