"""Turn quiz files as an author writes them into the sealed files the course ships, and back.

The *authoring form* is the shipped YAML plus what must not ship readable: each question's
``answer`` (an option id; a list of ids; the order of ids; a number), plain ``feedback`` per
option, a plain ``explanation`` and, for free text, a ``model_answer`` list. Authors keep these
files outside the repository (``authoring/`` at the top is git-ignored) and run

    python -m tools.quiz seal [authoring] [--content course/content]

which writes ``course/content/vignettes/*.yaml`` and ``course/content/selfchecks/*.yaml`` with
every answer hashed and every revealing text sealed (see :mod:`course.quiz.keys`). Re-sealing keeps
each question's salt, so an unchanged question gives an unchanged file. ``python -m tools.quiz
unseal`` recovers the authoring form from the shipped files by trying every option, so no key is
ever lost; that it can is the honest measure of what hashing protects.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from course.quiz import keys
from course.quiz.questions import (
    KINDS,
    Question,
    explanation_key,
    feedback_key,
    model_answer_key,
    reveal,
)

FOLDERS = ("vignettes", "selfchecks")
"""The quiz collections under ``course/content/``, one YAML file per vignette or lesson."""

MIN_ID_LENGTH = 4
"""Option ids are at least this long, so that a leak test searching for their base64 or hex
cannot be fooled by chance matches inside the random-looking hashes."""


class AuthoringError(ValueError):
    """An authoring file is inconsistent (answer not among the options, missing tolerance...)."""


def _fail(where: str, message: str) -> AuthoringError:
    return AuthoringError(f"{where}: {message}")


def _order(salt: str, ids: list[str]) -> list[str]:
    """The display order: sorted by a salted hash, so position says nothing about correctness."""
    return sorted(ids, key=lambda i: keys.digest("order", salt, i))


def seal_question(raw: dict[str, Any], salt: str | None = None) -> dict[str, Any]:
    """The shipped form of one authoring question (``salt`` reused when re-sealing)."""
    raw = dict(raw)
    qid = raw.get("id") or "?"
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _fail(qid, f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    salt = salt or keys.new_salt()
    answer = raw.pop("answer", None)
    explanation = raw.pop("explanation", "")
    model = raw.pop("model_answer", None)
    plain_options = raw.pop("options", []) or []
    out: dict[str, Any] = {k: raw.pop(k) for k in ("id", "kind", "focus", "prompt") if k in raw}

    options = []
    for item in plain_options:
        option = dict(item)
        option.setdefault("id", option.get("condition") or option.get("test"))
        if not option.get("id") or len(option["id"]) < MIN_ID_LENGTH:
            raise _fail(qid, f"option ids need at least {MIN_ID_LENGTH} characters: {option}")
        options.append(option)
    ids = [o["id"] for o in options]
    if len(set(ids)) != len(ids):
        raise _fail(qid, f"option ids repeat: {ids}")

    def value_for(option_id: str) -> str:
        if kind in ("single_choice", "multiple_select"):
            return "1" if option_id in right else "0"
        return str(answer.index(option_id) + 1)

    material: Any = None
    if kind in ("single_choice", "multiple_select", "ranking"):
        if len(options) < 2:
            raise _fail(qid, "a choice or ranking question needs at least two options")
        if kind == "single_choice":
            if answer not in ids:
                raise _fail(qid, f"answer {answer!r} is not an option id; options: {ids}")
            right, material = {answer}, answer
        elif kind == "multiple_select":
            if not isinstance(answer, list) or not answer or not set(answer) <= set(ids):
                raise _fail(qid, f"answer must be a non-empty list of option ids from {ids}")
            right, material = set(answer), answer
        else:
            if not isinstance(answer, list) or sorted(answer) != sorted(ids):
                raise _fail(qid, f"answer must order every option exactly once: {ids}")
            material = answer
        order = _order(salt, ids)
        if kind == "ranking" and order == answer:
            order = order[1:] + order[:1]  # never show a ranking already in the right order
        by_id = {o["id"]: o for o in options}
        longest = max(len(o.get("feedback", "").strip().encode()) for o in options)
        pad_to = -(-longest // 32) * 32  # every option's feedback seals to the same length
        out["options"] = []
        for option_id in order:
            option = by_id[option_id]
            sealed = {"id": option_id, "text": option["text"]}
            for ref in ("condition", "test"):
                if option.get(ref):
                    sealed[ref] = option[ref]
            sealed["key"] = keys.option_key(salt, qid, option_id, value_for(option_id))
            plain = option.get("feedback", "")
            if kind != "ranking" and not plain:
                raise _fail(qid, f"option '{option_id}' needs feedback")
            sealed["feedback"] = (
                keys.seal(plain.strip(), feedback_key_for(salt, qid, option_id), pad_to)
                if plain
                else ""
            )
            if not sealed["feedback"]:
                del sealed["feedback"]
            out["options"].append(sealed)
    elif options:
        raise _fail(qid, f"a {kind} question has no options")

    if raw.get("hints"):
        out["hints"] = raw.pop("hints")

    if kind == "numeric":
        for name in ("tolerance", "grid", "minimum", "maximum"):
            if not isinstance(raw.get(name), int | float):
                raise _fail(qid, f"a numeric question needs a number for '{name}'")
        if not isinstance(answer, int | float):
            raise _fail(qid, "a numeric question needs a number as its answer")
        tolerance, grid = float(raw["tolerance"]), float(raw["grid"])
        if grid <= 0 or tolerance < grid:
            raise _fail(qid, "grid must be positive and no larger than the tolerance")
        if not raw["minimum"] <= answer <= raw["maximum"]:
            raise _fail(qid, "the answer lies outside minimum..maximum")
        buckets = keys.accepted_buckets(float(answer), tolerance, grid)
        for name in ("unit", "tolerance", "grid", "minimum", "maximum"):
            if name in raw:
                out[name] = raw.pop(name)
        out["answer_keys"] = sorted(keys.bucket_key(salt, qid, i) for i in buckets)
        material = (buckets[0], buckets[-1])

    if kind == "free_text":
        if not isinstance(model, list) or not model:
            raise _fail(qid, "a free-text question needs a model_answer list")
        if answer is not None:
            raise _fail(qid, "a free-text question has no answer key (a person marks it)")

    out["salt"] = salt
    probe = Question(id=qid, kind=kind, prompt="", salt=salt)
    if explanation:
        out["explanation"] = keys.seal(explanation.strip(), explanation_key(probe, material))
    elif kind != "free_text":
        raise _fail(qid, "write an explanation (shown once the answer is found)")
    if kind == "free_text":
        out["model_answer"] = keys.seal(json.dumps(model), model_answer_key(probe))
    if raw.get("sources"):
        out["sources"] = raw.pop("sources")
    leftover = sorted(k for k in raw if k not in ("hints", "sources"))
    if leftover:
        raise _fail(qid, f"unknown fields: {', '.join(leftover)}")
    return out


def feedback_key_for(salt: str, qid: str, option_id: str) -> bytes:
    """The feedback key of an option before any Question record exists."""
    return feedback_key(Question(id=qid, kind="single_choice", prompt="", salt=salt), option_id)


def seal_set(raw: dict[str, Any], salts: dict[str, str] | None = None) -> dict[str, Any]:
    """The shipped form of one authoring vignette or lesson self-check file."""
    salts = salts or {}
    out = {k: v for k, v in raw.items() if k != "questions"}
    out["questions"] = [seal_question(q, salts.get(q.get("id"))) for q in raw["questions"]]
    # keep sources last, where a reader expects them
    if "sources" in out:
        out["sources"] = out.pop("sources")
    return out


def unseal_question(question: Question) -> dict[str, Any]:
    """The authoring form of one shipped question, recovered by trying every option."""
    found = reveal(question)
    out: dict[str, Any] = {"id": question.id, "kind": question.kind, "focus": question.focus}
    out["prompt"] = question.prompt
    if question.options:
        out["options"] = []
        for option in question.options:
            plain = {"id": option.id, "text": option.text}
            for ref in ("condition", "test"):
                if getattr(option, ref):
                    plain[ref] = getattr(option, ref)
            if option.feedback:
                plain["feedback"] = keys.open_sealed(
                    option.feedback, feedback_key(question, option.id)
                )
            out["options"].append(plain)
    if question.kind == "free_text":
        out["model_answer"] = [line[2:] for line in found.explanation.splitlines()]
    else:
        out["answer"] = found.answer
    if question.hints:
        out["hints"] = list(question.hints)
    for name in ("unit", "tolerance", "grid", "minimum", "maximum"):
        value = getattr(question, name)
        if value not in (None, ""):
            out[name] = int(value) if isinstance(value, float) and value.is_integer() else value
    if question.kind != "free_text":
        out["explanation"] = found.explanation
    if question.sources:
        out["sources"] = list(question.sources)
    return out


class _Dumper(yaml.SafeDumper):
    """Block-style YAML with long texts folded, readable in a diff."""


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    """YAML text for one sealed or authoring file."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _existing_salts(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {q["id"]: q["salt"] for q in data.get("questions", []) if "salt" in q}


def seal_folder(source: Path, content: Path) -> list[Path]:
    """Seal every ``<source>/<folder>/*.yaml`` into ``<content>/<folder>/``; returns the files."""
    written = []
    for folder in FOLDERS:
        for path in sorted((source / folder).glob("*.yaml")):
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            target = content / folder / path.name
            try:
                sealed = seal_set(raw, _existing_salts(target))
            except AuthoringError as error:
                raise AuthoringError(f"{path}: {error}") from None
            target.parent.mkdir(parents=True, exist_ok=True)
            header = (
                "# SEALED by `python -m course.quiz seal`: answers are salted hashes and\n"
                "# revealing texts are encrypted. Edit the authoring form instead\n"
                "# (`python -m course.quiz unseal` recreates it).\n"
            )
            target.write_text(header + dump(sealed), encoding="utf-8")
            written.append(target)
    return written


def unseal_folder(content: Path, source: Path) -> list[Path]:
    """Write the authoring form of every shipped quiz file under ``content`` into ``source``."""
    from course.loading import load_collection
    from course.quiz.questions import LessonSelfCheck, Vignette

    written = []
    for folder, record in zip(FOLDERS, (Vignette, LessonSelfCheck), strict=True):
        if not (content / folder).is_dir():
            continue
        sets, _, problems = load_collection(content / folder, record)
        if problems:
            raise AuthoringError("\n".join(map(str, problems)))
        for set_id, quiz_set in sets.items():
            raw = yaml.safe_load((content / folder / f"{set_id}.yaml").read_text("utf-8"))
            raw["questions"] = [unseal_question(q) for q in quiz_set.questions]
            if "sources" in raw:
                raw["sources"] = raw.pop("sources")
            target = source / folder / f"{set_id}.yaml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(dump(raw), encoding="utf-8")
            written.append(target)
    return written
