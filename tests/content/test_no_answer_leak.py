"""No self-check answer key is readable from what the student has (the shipped quiz YAML).

For every question the test first recovers the key the way a determined student could (hashing
every option; see course.quiz.kinds.reveal), then proves the key is not in the files in any
readable or simply reversible form: not as text, id, base64, hex or reversed text; not in field
names, field sets, feedback lengths or option order. ``test_hashing_only_deters`` documents the
limit: hashing deters, it does not protect.
"""

from __future__ import annotations

import base64
import collections
import re

import pytest
import yaml

import course.quiz as quiz
from course.catalogue import CONTENT_DIR
from course.quiz import keys, kinds
from tools.leaks import readable_forms as encodings
from tools.leaks import right_option_ids, sealed_texts

FILES = sorted((CONTENT_DIR / "vignettes").glob("*.yaml")) + sorted(
    (CONTENT_DIR / "selfchecks").glob("*.yaml")
)
QUESTIONS = [q for s in quiz.quiz_sets() for q in s.questions]
CHOICE = [q for q in QUESTIONS if q.kind in ("single_choice", "multiple_select", "ranking")]


def raw_questions() -> dict[str, dict]:
    found = {}
    for path in FILES:
        for q in yaml.safe_load(path.read_text())["questions"]:
            found[q["id"]] = q
    return found


RAW = raw_questions()


def test_no_file_holds_an_answer_field():
    for path in FILES:
        text = path.read_text()
        assert not re.search(r"^\s*-?\s*(answer|correct|is_correct|right)\s*:", text, re.M), path


@pytest.mark.parametrize("question", CHOICE, ids=lambda q: q.id)
def test_right_options_are_not_readable_next_to_their_question(question):
    raw = RAW[question.id]
    # Everything of the question except the options' own id / text / refs, which are shown.
    rest = {k: v for k, v in raw.items() if k != "options"}
    rest["options"] = [
        {k: v for k, v in o.items() if k not in ("id", "text", "condition", "test")}
        for o in raw.get("options", [])
    ]
    blob = yaml.safe_dump(rest, width=10**6)
    texts = {o.id: o.text for o in question.options}
    for ident in right_option_ids(question):
        for secret in (ident, texts[ident]):
            for form in encodings(secret):
                assert form not in blob, f"{question.id}: {secret!r} readable as {form!r}"
    for visible in (raw["prompt"], *raw.get("hints", [])):
        for ident in right_option_ids(question):
            assert texts[ident].lower() not in visible.lower(), f"{question.id} names its answer"


@pytest.mark.parametrize("question", CHOICE, ids=lambda q: q.id)
def test_right_options_look_like_the_wrong_ones(question):
    raw = RAW[question.id]
    right = set(right_option_ids(question))
    fields = {o["id"]: tuple(o) for o in raw["options"]}
    for ident in right:
        others = [fields[o] for o in fields if o not in right]
        assert fields[ident] in others or not others, f"{question.id}: field names differ"
    assert all(re.fullmatch(r"[0-9a-f]{64}", o["key"]) for o in raw["options"])
    lengths = {len(o["feedback"]) for o in raw["options"] if "feedback" in o}
    assert len(lengths) <= 1, f"{question.id}: feedback lengths differ: {lengths}"


def test_the_position_of_the_right_option_carries_no_pattern():
    positions = collections.Counter()
    singles = [q for q in QUESTIONS if q.kind == "single_choice"]
    for q in singles:
        positions[[o.id for o in q.options].index(right_option_ids(q)[0])] += 1
    assert len(positions) >= 3, positions
    assert max(positions.values()) <= 0.5 * len(singles), positions
    for q in QUESTIONS:
        if q.kind == "ranking":
            assert [o.id for o in q.options] != kinds.reveal(q).answer, q.id


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_sealed_text_is_readable(path):
    text = path.read_text()
    sets = {s.id: s for s in quiz.quiz_sets()}
    for q in sets[path.stem].questions:
        for secret in sealed_texts(q):
            probe = secret[:40]
            for form in encodings(probe):
                assert form not in text, f"{q.id}: sealed text readable as {form!r}"


def test_numeric_answers_are_not_in_the_files():
    for q in QUESTIONS:
        if q.kind != "numeric":
            continue
        value = kinds.reveal(q).answer
        blob = yaml.safe_dump({k: v for k, v in RAW[q.id].items() if k not in ("prompt", "hints")})
        for form in {f"{value:g}", f"{value:.1f}", f"{value:.2f}", str(value)}:
            assert form not in blob, f"{q.id}: {form} readable"
        assert len(q.answer_keys) > 1  # a set of bucket hashes, never one hash of the number


def named(text: str, name: str) -> int:
    """How often ``name`` stands on its own in ``text`` (not inside a longer id such as a test
    named after the condition, which the examination legitimately reports)."""
    return len(re.findall(rf"(?<![a-z0-9_]){re.escape(name)}(?![a-z0-9_])", text))


def test_the_diagnosis_is_not_named_more_often_than_a_distractor():
    """A vignette's text names its right answer on no more lines than its most-named distractor."""
    for path in sorted((CONTENT_DIR / "vignettes").glob("*.yaml")):
        text = path.read_text().lower()
        case = quiz.vignette(path.stem)
        (diagnosis,) = [q for q in case.questions if q.focus == "diagnosis"]
        right = kinds.reveal(diagnosis).answer
        lines = text.splitlines()
        counts = {
            o.id: sum(bool(named(line, o.id) or named(line, o.text.lower())) for line in lines)
            for o in diagnosis.options
        }
        others = max(v for k, v in counts.items() if k != right)
        assert counts[right] <= others, f"{case.id}: the answer is named {counts}"
        assert right not in case.id and right.replace("_", " ") not in case.title.lower()


def test_hashing_only_deters():
    """What a student can do: hash each option with the public salt. The docs say so."""
    recovered = 0
    for q in QUESTIONS:
        if q.kind != "single_choice":
            continue
        hits = [o.id for o in q.options if o.key == keys.option_key(q.salt, q.id, o.id, "1")]
        assert hits == [kinds.reveal(q).answer]
        recovered += 1
    assert recovered > 20
    assert "only deters" in quiz.__doc__.lower() and "only deters" in keys.__doc__.lower()


def test_a_leak_would_be_caught():
    """The encodings the test searches for do match a planted leak."""
    planted = base64.b64encode(b"xx" + b"sacroiliac_joint_pain").decode()
    assert any(form in planted for form in encodings("sacroiliac_joint_pain"))
    assert any(
        form in b"sacroiliac_joint_pain".hex() for form in encodings("sacroiliac_joint_pain")
    )
