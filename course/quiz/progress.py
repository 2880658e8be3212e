"""The student's progress through the self-checks, kept in a small local JSON file.

The file lives where the notebooks run (``.course-progress.json`` in the working directory, which
git ignores) unless ``COURSE_PROGRESS_FILE`` names another path or a caller passes one. It holds,
per question id, the number of attempts and hints, the best score and whether the question was
solved or its answer shown; never the student's answers (a progress file can be shared with a
tutor without handing over the key). A virtual patient's committed runs count under the entry
``patient_<case id>`` (:func:`patient_key`): attempts are commits, ``best`` the best score and
``solved`` whether the expert's first diagnosis was once in the student's top three with the
urgency right; the entries have the same fields as a question's, so files written before the
virtual patient load unchanged. Every change re-reads the file and rewrites it atomically,
so widgets in several notebooks can share one file without losing each other's updates.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

FILE_NAME = ".course-progress.json"
PATIENT_PREFIX = "patient_"
"""The start of a virtual patient's entry in the file (``patient_vp_01``)."""
ENV_VAR = "COURSE_PROGRESS_FILE"
VERSION = 1


def default_path() -> Path:
    """``$COURSE_PROGRESS_FILE`` if set, else ``.course-progress.json`` in the working directory
    (a notebook's own folder when Jupyter runs it)."""
    configured = os.environ.get(ENV_VAR)
    return Path(configured).expanduser() if configured else Path.cwd() / FILE_NAME


@dataclass(frozen=True)
class ItemProgress:
    """What the student has done with one question."""

    attempts: int = 0
    """Checked answers (answers of the wrong form do not count)."""
    hints: int = 0
    """How many hints have been shown."""
    best: float | None = None
    """Best score so far, 0..1; None if never scored (or free text)."""
    solved: bool = False
    """Answered completely right at least once."""
    answered: bool = False
    """Free text: an answer was written and compared with the checklist."""
    revealed: bool = False
    """The answer was shown before it was found."""
    updated: str = ""
    """When this last changed (ISO 8601, UTC)."""

    @property
    def done(self) -> bool:
        """Solved, or (free text) answered."""
        return self.solved or self.answered

    @property
    def started(self) -> bool:
        """Any attempt, hint or reveal at all."""
        return bool(self.attempts or self.hints or self.revealed)


COUNTS = ("attempts", "hints")
"""The fields of :class:`ItemProgress` that count things (whole numbers, 0 or more)."""
FLAGS = ("solved", "answered", "revealed")
"""The fields of :class:`ItemProgress` that are true or false."""


def _kind(value: Any) -> str:
    """The JSON name of ``value``'s type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _item_problem(values: Any) -> str:
    """What is wrong with one question's entry of a progress file ('' when nothing)."""
    if not isinstance(values, dict):
        return f"its entry should be an object, not {_kind(values)}"
    unknown = sorted(set(values) - set(ItemProgress.__dataclass_fields__))
    if unknown:
        return f"unknown field {unknown[0]!r}"
    for name, value in values.items():
        if name in COUNTS:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                return f"{name!r} should be a whole number, 0 or more, not {value!r}"
        elif name in FLAGS:
            if not isinstance(value, bool):
                return f"{name!r} should be true or false, not {_kind(value)}"
        elif name == "best":
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            if value is not None and not (number and 0 <= value <= 1):
                return f"'best' should be a score from 0 to 1 or null, not {value!r}"
        elif name == "updated" and not isinstance(value, str):
            return f"'updated' should be a date as text, not {_kind(value)}"
    return ""


def parse_progress(data: Any) -> dict[str, ItemProgress]:
    """Every question's progress from the parsed JSON of a progress file; raises ValueError
    naming the first problem (the offline book's import checks the same rules,
    ``tools/bookweb/js/10_progress.js``). A file without ``version`` is an older one and reads
    the same; a newer version than :data:`VERSION` is refused rather than misread."""
    if not isinstance(data, dict):
        raise ValueError(f"a progress file holds an object, not {_kind(data)}")
    version = data.get("version", VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError(f"'version' should be a whole number, not {version!r}")
    if version > VERSION:
        raise ValueError(
            f"written by a newer version of the course (format {version}; this one reads "
            f"format {VERSION})"
        )
    if "items" not in data:
        raise ValueError("it has no 'items' (the questions' progress)")
    items = data["items"]
    if not isinstance(items, dict):
        raise ValueError(f"'items' should be an object of questions, not {_kind(items)}")
    for qid, values in items.items():
        problem = _item_problem(values)
        if problem:
            raise ValueError(f"question {qid!r}: {problem}")
    return {qid: ItemProgress(**values) for qid, values in items.items()}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class ProgressFile:
    """One progress file: read, update one question, reset."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.problem = ""
        """Set when the file could not be read (it is then set aside, not overwritten)."""

    def load(self) -> dict[str, ItemProgress]:
        """Every question's progress; an absent file means no progress yet."""
        if not self.path.exists():
            return {}
        try:
            return parse_progress(json.loads(self.path.read_text(encoding="utf-8")))
        except ValueError as error:
            # A damaged file is moved aside so that nothing is lost and the course goes on.
            backup = self.path.with_name(self.path.name + ".damaged")
            os.replace(self.path, backup)
            self.problem = f"progress file was unreadable ({error}); kept it as {backup.name}"
            return {}

    def get(self, question_id: str) -> ItemProgress:
        """One question's progress (empty if none)."""
        return self.load().get(question_id, ItemProgress())

    def update(
        self, question_id: str, change: Callable[[ItemProgress], ItemProgress]
    ) -> ItemProgress:
        """Apply ``change`` to one question's progress and save the whole file atomically."""
        items = self.load()
        items[question_id] = replace(change(items.get(question_id, ItemProgress())), updated=_now())
        self._write(items)
        return items[question_id]

    def record_attempt(self, question_id: str, score: float | None, solved: bool) -> ItemProgress:
        """Count one checked answer with its score (None for free text)."""

        def change(item: ItemProgress) -> ItemProgress:
            best = item.best if score is None else max(score, item.best or 0.0)
            return replace(
                item,
                attempts=item.attempts + 1,
                best=best,
                solved=item.solved or solved,
                answered=item.answered or score is None,
            )

        return self.update(question_id, change)

    def record_hint(self, question_id: str, shown: int) -> ItemProgress:
        """Note that ``shown`` hints are now visible."""
        return self.update(question_id, lambda i: replace(i, hints=max(i.hints, shown)))

    def record_reveal(self, question_id: str) -> ItemProgress:
        """Note that the answer was shown."""
        return self.update(question_id, lambda i: replace(i, revealed=True))

    def record_patient(self, case_id: str, score: float, solved: bool) -> ItemProgress:
        """Count one committed virtual-patient run of case ``case_id`` with its score (0..1)
        and whether it solved the case (see the module docstring)."""
        if not 0 <= score <= 1:
            raise ValueError(f"a virtual patient's score runs from 0 to 1, not {score!r}")
        return self.record_attempt(patient_key(case_id), score, solved)

    def reset(self) -> None:
        """Forget all progress (the file is removed)."""
        self.path.unlink(missing_ok=True)

    def _write(self, items: dict[str, ItemProgress]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": VERSION, "items": {k: asdict(v) for k, v in sorted(items.items())}}
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".progress-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1)
        os.replace(temporary, self.path)


@dataclass(frozen=True)
class SetSummary:
    """Progress on one vignette or lesson set."""

    id: str
    title: str
    total: int
    done: int = 0
    """Solved, or free text answered."""
    revealed: int = 0
    """Shown before being found (and not solved since)."""
    started: int = 0
    """Tried but neither done nor revealed."""
    question_ids: tuple[str, ...] = field(default=())

    @property
    def untouched(self) -> int:
        """Not tried at all."""
        return self.total - self.done - self.revealed - self.started


def summarise(sets: Iterable[Any], items: dict[str, ItemProgress]) -> list[SetSummary]:
    """One summary per quiz set (anything with ``id``, ``title`` and ``questions``)."""
    out = []
    for quiz in sets:
        done = revealed = started = 0
        for q in quiz.questions:
            item = items.get(q.id, ItemProgress())
            if item.done:
                done += 1
            elif item.revealed:
                revealed += 1
            elif item.started:
                started += 1
        ids = tuple(q.id for q in quiz.questions)
        out.append(SetSummary(quiz.id, quiz.title, len(ids), done, revealed, started, ids))
    return out


def totals(summaries: Iterable[SetSummary]) -> dict[str, int]:
    """Course-wide counts: total, done, revealed, started, untouched questions."""
    summaries = list(summaries)
    keys = ("total", "done", "revealed", "started", "untouched")
    return {k: sum(getattr(s, k) for s in summaries) for k in keys}


def patient_key(case_id: str) -> str:
    """The progress file's entry for virtual patient ``case_id``."""
    return f"{PATIENT_PREFIX}{case_id}"


@dataclass(frozen=True)
class PatientProgress:
    """Progress on one virtual patient: its committed runs, best score and whether solved."""

    case_id: str
    title: str
    attempts: int = 0
    """Committed runs."""
    best: float | None = None
    """Best score, 0..1; None before the first commit."""
    solved: bool = False
    """The expert's first diagnosis was in the student's top three with the urgency right."""


def patient_progress(cases: Iterable[Any], items: dict[str, ItemProgress]) -> list[PatientProgress]:
    """One :class:`PatientProgress` per case (anything with ``id`` and ``title``), in order."""
    out = []
    for case in cases:
        item = items.get(patient_key(case.id), ItemProgress())
        out.append(PatientProgress(case.id, case.title, item.attempts, item.best, item.solved))
    return out
