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

Sealing and unsealing one question is the work of its kind (:func:`course.quiz.kinds.seal_question`
and :func:`~course.quiz.kinds.unseal_question` loop over ``KIND``); this module handles whole files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from course.quiz.kinds import (
    MIN_ID_LENGTH,
    AuthoringError,
    feedback_key_for,
    seal_question,
    unseal_question,
)

__all__ = [
    "FOLDERS",
    "MIN_ID_LENGTH",
    "AuthoringError",
    "dump",
    "feedback_key_for",
    "seal_folder",
    "seal_question",
    "seal_set",
    "unseal_folder",
    "unseal_question",
]

FOLDERS = ("vignettes", "selfchecks")
"""The quiz collections under ``course/content/``, one YAML file per vignette or lesson."""

PATIENTS = "patients"
"""The virtual-patient cases under ``course/content/``: one file per case, whose ``expert``
answer is a mapping in the authoring form and one sealed text in the shipped form
(:func:`course.records.patient.seal_expert`)."""


def seal_set(raw: dict[str, Any], salts: dict[str, str] | None = None) -> dict[str, Any]:
    """The shipped form of one authoring vignette or lesson self-check file."""
    salts = salts or {}
    out = {k: v for k, v in raw.items() if k != "questions"}
    out["questions"] = [seal_question(q, salts.get(q.get("id"))) for q in raw["questions"]]
    # keep sources last, where a reader expects them
    if "sources" in out:
        out["sources"] = out.pop("sources")
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


SEALED_HEADER = (
    "# SEALED by `python -m tools.quiz seal`: answers are salted hashes and\n"
    "# revealing texts are encrypted. Edit the authoring form instead\n"
    "# (`python -m tools.quiz unseal` recreates it).\n"
)
"""The comment that opens every sealed file: it names the commands that wrote it and that
recover its authoring form (``tests/tools/test_quiz_authoring.py`` runs each one it names)."""


def _existing_salts(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {q["id"]: q["salt"] for q in data.get("questions", []) if "salt" in q}


def seal_case(raw: dict[str, Any], salt: str | None = None) -> dict[str, Any]:
    """The shipped form of one authoring virtual-patient case: its ``expert`` mapping sealed
    under the case's salt (kept when re-sealing, so an unchanged case gives an unchanged file)."""
    from course.records.keys import new_salt
    from course.records.patient import ExpertAnswer, seal_expert

    if not isinstance(raw, dict) or "id" not in raw:
        raise AuthoringError("a case is a mapping with an id")
    try:
        expert = ExpertAnswer.from_mapping(raw.get("expert"))
    except ValueError as error:
        raise AuthoringError(f"case {raw['id']}, expert: {error}") from None
    salt = raw.get("salt") or salt or new_salt()
    out = {k: v for k, v in raw.items() if k not in ("expert", "salt", "sources")}
    out["salt"] = salt
    out["expert"] = seal_expert(raw["id"], salt, expert)
    out["sources"] = raw.get("sources", [])
    return out


def _case_salt(path: Path) -> str | None:
    if not path.exists():
        return None
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("salt")


def seal_folder(source: Path, content: Path) -> list[Path]:
    """Seal every ``<source>/<folder>/*.yaml`` into ``<content>/<folder>/``; returns the files."""
    written = []
    for path in sorted((source / PATIENTS).glob("*.yaml")):
        target = content / PATIENTS / path.name
        try:
            sealed = seal_case(yaml.safe_load(path.read_text(encoding="utf-8")), _case_salt(target))
        except AuthoringError as error:
            raise AuthoringError(f"{path}: {error}") from None
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(SEALED_HEADER + dump(sealed), encoding="utf-8")
        written.append(target)
    for folder in FOLDERS:
        for path in sorted((source / folder).glob("*.yaml")):
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            target = content / folder / path.name
            try:
                sealed = seal_set(raw, _existing_salts(target))
            except AuthoringError as error:
                raise AuthoringError(f"{path}: {error}") from None
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(SEALED_HEADER + dump(sealed), encoding="utf-8")
            written.append(target)
    return written


def unseal_folder(content: Path, source: Path) -> list[Path]:
    """Write the authoring form of every shipped quiz file under ``content`` into ``source``."""
    from course.loading import load_collection
    from course.quiz.questions import LessonSelfCheck, Vignette
    from course.records.patient import PatientCase, open_expert

    written = []
    if (content / PATIENTS).is_dir():
        cases, _, problems, _ = load_collection(content / PATIENTS, PatientCase)
        if problems:
            raise AuthoringError("\n".join(map(str, problems)))
        for case_id, case in cases.items():
            raw = yaml.safe_load((content / PATIENTS / f"{case_id}.yaml").read_text("utf-8"))
            raw["expert"] = open_expert(case).to_mapping()
            raw["sources"] = raw.pop("sources", [])
            target = source / PATIENTS / f"{case_id}.yaml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(dump(raw), encoding="utf-8")
            written.append(target)
    for folder, record in zip(FOLDERS, (Vignette, LessonSelfCheck), strict=True):
        if not (content / folder).is_dir():
            continue
        sets, _, problems, _ = load_collection(content / folder, record)
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
