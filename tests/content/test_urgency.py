"""Urgency is defined once (``course/content/urgency.yaml``) and no text gives one sign two tiers.

A *sign* is a red flag: its ``signs`` phrases name it in prose (``foot drop``, ``saddle``). A
*tier* is said by its ``words`` (``same day``, ``within days``...). The texts are every string of
the content (red flags, conditions, tests, glossary...), every self-check and vignette question in
its plain form (prompt, options, feedback and explanation opened with their keys, as
``python -m tools.quiz unseal`` does), every markdown cell of the lessons and graded assignments,
and the assignments' rubrics. In each sentence that names a sign and says a tier, every tier said
must be the tier of a sign named there: "a new foot drop needs review within days" fails,
"saddle numbness is an emergency; claudication is routine" passes.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

import course
import course.words
from course import lessons
from course import records as r
from course.quiz import quiz_sets
from tools.quiz.authoring import unseal_question

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + sorted(
    (ROOT / "notebooks" / "assignments" / "source").glob("*/*.ipynb")
)
RUBRICS = sorted((ROOT / "notebooks" / "assignments" / "rubrics").glob("*.md"))
TIERS = {t.id: t for t in course.urgency_tiers()}
FLAGS = course.red_flags()


def _norm(text: str) -> str:
    """Lower case; hyphens, commas and runs of spaces as one space; markdown emphasis dropped."""
    text = re.sub(r"[*_`,]", " ", text.lower()).replace("-", " ")
    return re.sub(r"\s+", " ", text)


def _pattern(phrases: typing.Iterable[str]) -> re.Pattern:
    alternatives = sorted((re.escape(_norm(p).strip()) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(" + "|".join(alternatives) + r")(?![a-z0-9])")


TIER_WORDS = {t: _pattern(x.words) for t, x in TIERS.items()}
FLAG_SIGNS = {f.id: _pattern(f.signs) for f in FLAGS if f.signs}


def sentences(text: str) -> list[str]:
    """Sentences and list items of a text, as the reader meets them."""
    parts = re.split(r"(?<=[.!?;])\s+|\n+|\|", text)
    return [p.strip() for p in parts if p.strip()]


def tiers_in(sentence: str) -> set[str]:
    """The tiers whose words the sentence uses."""
    s = _norm(sentence)
    return {t for t, pattern in TIER_WORDS.items() if pattern.search(s)}


def flags_in(sentence: str) -> set[str]:
    """The red flags whose sign phrases the sentence names."""
    s = _norm(sentence)
    return {f for f, pattern in FLAG_SIGNS.items() if pattern.search(s)}


def _strings(value, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}[{index}]")
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            if field.name in ("signs", "words", "salt", "key", "feedback", "explanation"):
                continue  # the tiers' own vocabulary; sealed text is read from the plain form
            yield from _strings(getattr(value, field.name), f"{where}.{field.name}")


def course_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every piece of prose a student can meet."""
    catalogue = course.content()
    for name in catalogue.counts():
        if name in ("urgency", "sources", "vignettes", "selfchecks"):
            continue
        for ident in catalogue.ids(name):
            yield from _strings(catalogue.get(name, ident), f"{name}/{ident}")
    for quiz_set in quiz_sets():
        for field in dataclasses.fields(quiz_set):
            if field.name != "questions":
                yield from _strings(getattr(quiz_set, field.name), f"{quiz_set.id}.{field.name}")
        for question in quiz_set.questions:
            yield from _strings(unseal_question(question), question.id)
    for path in LESSONS:
        notebook = nbformat.read(path, as_version=4)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "markdown":
                yield f"{path.name} cell {index}", cell.source
    for path in RUBRICS:
        yield path.name, path.read_text()


def test_tiers_are_exactly_the_records_literal_in_order():
    assert tuple(TIERS) == typing.get_args(r.Urgency) == lessons.URGENCY_ORDER
    assert tuple(TIERS) == ("emergency", "same_day", "urgent", "soon")


def test_no_phrase_says_two_tiers_or_names_two_flags():
    seen: dict[str, str] = {}
    for tier in TIERS.values():
        for word in tier.words:
            assert _norm(word) not in seen, f"'{word}' is in {seen.get(_norm(word))} and {tier.id}"
            seen[_norm(word)] = tier.id
    signs: dict[str, str] = {}
    for flag in FLAGS:
        assert flag.signs, f"red flag {flag.id} names no signs"
        for sign in flag.signs:
            assert _norm(sign) not in signs, f"sign '{sign}' is in {signs.get(_norm(sign))}"
            signs[_norm(sign)] = flag.id
            assert not tiers_in(sign), f"sign '{sign}' of {flag.id} is itself an urgency word"


@pytest.mark.parametrize("flag", FLAGS, ids=lambda f: f.id)
def test_each_flag_says_its_own_tier_in_its_action(flag):
    assert flag.urgency in tiers_in(flag.action), (
        f"{flag.id}: the action never says '{flag.urgency}' in its words "
        f"({', '.join(TIERS[flag.urgency].words)})"
    )


def test_each_flag_names_its_own_sign_in_its_name_features_or_suspect():
    for flag in FLAGS:
        text = " ".join([flag.name, flag.suspect, *flag.features])
        assert flag.id in flags_in(text), f"{flag.id}: no sign phrase occurs in its own text"


def test_the_texts_are_read():
    where = {w.split(" ")[0].split(".")[0].split("/")[0] for w, _ in course_texts()}
    assert {"red_flags", "conditions", "case_03_q3", "lesson07_q2"} <= where
    assert any(w.startswith("07_") for w in where)
    assert any(w.startswith("case_review_1") for w in where)
    # every graded case review on disk, its notebook and its rubric (case review 3 included)
    reviews = {p.parent.name for p in LESSONS if "assignments" in p.parts}
    assert {"case_review_1", "case_review_2", "case_review_3"} <= reviews
    assert reviews == {p.stem for p in RUBRICS}
    for review in reviews:
        assert any(w.startswith(review) for w in where), f"{review} is not read"


def test_no_text_gives_one_sign_two_tiers():
    problems = []
    for where, text in course_texts():
        for sentence in sentences(text):
            flags = flags_in(sentence)
            said = tiers_in(sentence)
            if not flags or not said:
                continue
            allowed = {course.red_flag(f).urgency for f in flags}
            if not said <= allowed:
                problems.append(
                    f"{where}: names {sorted(flags)} (tier {sorted(allowed)}) but says "
                    f"{sorted(said - allowed)}: {sentence!r}"
                )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("flag", FLAGS, ids=lambda f: f.id)
def test_cards_and_checklist_say_the_tier_in_its_own_words(flag):
    from course.cards import red_flag_html

    tier = TIERS[flag.urgency]
    words = f"{tier.name.lower()}: {tier.when.lower()}"
    assert course.words.URGENCY[flag.urgency] == words  # the words module agrees with content
    assert f"Action ({words})" in red_flag_html(flag)
    assert f"{flag.name} ({words})" in lessons.red_flag_checklist().description()
