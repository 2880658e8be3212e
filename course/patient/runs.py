"""A student's run through a virtual patient: recorded, saved as small JSON, checked, scored.

A run holds what was asked, in which order and when (seconds since the run started), and the
final answer: a ranked differential, an urgency (a course tier or ``none``), a next step and
the student's reasoning map. The widget records it with a :class:`Recorder`; nbgrader's hidden
tests read it back with :func:`load_run`, check it with :func:`verify` and mark it with
:func:`score`. Self-learners read :func:`debrief`.

**Tamper evidence.** Every run carries a seal: an HMAC-SHA256 over its canonical JSON under a
key derived from the case's salt, and each event is chained to the one before with the digest
of the answer it revealed. Editing a saved run by hand (a changed answer, an added question, a
moved time), writing one without the course's recorder, or handing in a run of another case or
an older version of the case breaks the seal or the chain, and :func:`verify` says which. Like
the self-checks' keys (:mod:`course.records.keys`) this is evidence, not secrecy: a student who
reads this module can compute a seal. It turns a quick edit of a JSON file into deliberate
forgery, which is an academic-integrity matter an instructor can name.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..catalogue import Catalogue, content
from ..hypothesis.findings import finding_of_test
from ..loading import suggest
from ..records import keys
from ..records.patient import (
    NEXT_STEPS,
    TRIAGE,
    ExpertAnswer,
    NextStep,
    PatientCase,
    ReasoningLink,
    Triage,
    open_expert,
)
from ..words import ratio
from .engine import Differential, Observation, engine_for, observe

VERSION = 1
"""The format of a saved run."""

MAX_BYTES = 256 * 1024
"""A saved run larger than this is refused unread (a real run is a few kilobytes)."""

MAX_DIFFERENTIAL = 5
"""The most conditions a committed differential may rank."""

WEIGHTS: dict[str, float] = {
    "diagnosis": 0.40,
    "urgency": 0.25,
    "red_flags": 0.20,
    "next_step": 0.05,
    "efficiency": 0.10,
}
"""How the parts of a score add up to the total (0..1): the expert's first diagnosis in the
student's top three, the urgency tier, the share of must-ask red-flag questions asked, the next
step, and efficiency. A teaching judgement; the assignment's hidden tests give their own points."""


class RunFileError(ValueError):
    """A saved run that cannot be read: missing, too large, not JSON, or not a run."""


@dataclass(frozen=True)
class Decision:
    """What the student commits at the end of a run."""

    differential: tuple[str, ...]
    """Condition ids, most likely first (1..5)."""
    urgency: Triage
    next_step: NextStep
    links: tuple[ReasoningLink, ...] = ()
    """The student's reasoning map: which revealed finding supports or weakens which
    condition."""


@dataclass(frozen=True)
class PatientRun:
    """A saved run. ``events`` are (item id, seconds since the start, chain digest)."""

    case_id: str
    started: str
    """When the run started, ISO 8601 in UTC."""
    content: str
    """Digest of the case as it was played (:func:`case_digest`)."""
    events: tuple[tuple[str, float, str], ...]
    answer: Decision | None
    seal: str
    version: int = VERSION

    @property
    def asked(self) -> tuple[str, ...]:
        """The item ids, in the order they were asked."""
        return tuple(item for item, _, _ in self.events)

    @property
    def seconds(self) -> float:
        """Seconds from the start to the last question."""
        return self.events[-1][1] if self.events else 0.0


@dataclass(frozen=True)
class Verdict:
    """Whether a run is intact, and every problem found if it is not."""

    ok: bool
    problems: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.ok


@dataclass(frozen=True)
class Score:
    """How well a run reasoned, part by part (each 0..1 unless stated)."""

    top3: bool
    """The expert's first diagnosis is among the student's first three (both of the first two,
    when the case has two sources at once)."""
    rank: int | None
    """Where the student ranked the expert's first diagnosis (1-based), None if absent."""
    urgency_ok: bool
    next_step_ok: bool
    flags_asked: tuple[str, ...]
    """Must-ask red-flag questions the student asked."""
    flags_missed: tuple[str, ...]
    efficiency: float
    """Share of the student's items that mattered for this case (scripted by the case or
    required by the expert), 0..1; 0 when nothing was asked."""
    minutes: float
    """Consultation time of every item asked, in minutes."""
    cost: float
    """Investigation cost, in course cost units."""
    parts: dict[str, float] = field(default_factory=dict)
    """Each part of :data:`WEIGHTS`, 0..1."""
    total: float = 0.0
    """The weighted total, 0..1."""


@dataclass(frozen=True)
class Debrief:
    """What a student reads after committing."""

    score: Score
    expert: ExpertAnswer
    ranking: tuple[str, ...]
    """One line per condition the student ranked, and per expert condition they missed."""
    links_matched: tuple[ReasoningLink, ...]
    links_contrary: tuple[ReasoningLink, ...]
    """Student links whose effect is the opposite of the expert's."""
    links_missed: tuple[ReasoningLink, ...]
    links_extra: tuple[ReasoningLink, ...]
    flags_never_asked: tuple[str, ...]
    """Every red-flag question the student never asked, labels in menu order."""
    low_yield: tuple[str, ...]
    """Tests asked that did little for this case, each with its LRs and why."""
    replay: tuple[Differential, ...]
    """The engine's differential before any finding and after each, in the order asked."""


def case_digest(case: PatientCase) -> str:
    """A digest that changes whenever the case's script or its sealed answer changes."""
    script = json.dumps([[a.item, a.says, a.result, a.count] for a in case.answers], sort_keys=True)
    return keys.digest("case", case.id, case.salt, case.expert, script)


def _run_key(case: PatientCase) -> bytes:
    return keys.text_key(case.salt, case.id, "run")


def _link(previous: str, item: str, at: float, says: str) -> str:
    return keys.digest("event", previous, item, f"{at:.3f}", says)


def _decision_data(decision: Decision | None) -> dict[str, Any] | None:
    if decision is None:
        return None
    return {
        "differential": list(decision.differential),
        "urgency": decision.urgency,
        "next_step": decision.next_step,
        "links": [
            {"item": x.item, "condition": x.condition, "effect": x.effect} for x in decision.links
        ],
    }


def _body(run: PatientRun) -> dict[str, Any]:
    return {
        "version": run.version,
        "case": run.case_id,
        "started": run.started,
        "content": run.content,
        "events": [[item, at, chain] for item, at, chain in run.events],
        "answer": _decision_data(run.answer),
    }


def _canonical(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def _seal(case: PatientCase, body: Mapping[str, Any]) -> str:
    return hmac.new(_run_key(case), _canonical(body), hashlib.sha256).hexdigest()


class Recorder:
    """Records one run of one case, as the widget plays it.

    ``clock`` returns seconds (default :func:`time.monotonic`); tests pass their own.
    """

    def __init__(self, case: PatientCase, catalogue: Catalogue | None = None, clock=None):
        self.case = case
        self.catalogue = catalogue if catalogue is not None else content()
        self._items = {i.id: i for i in self.catalogue.all("patient_items")}
        self._clock = clock or time.monotonic
        self._start = self._clock()
        self.started = datetime.now(UTC).isoformat(timespec="seconds")
        self._events: list[tuple[str, float, str]] = []
        self._chain = keys.digest("start", case.id, self.started)

    @property
    def asked(self) -> tuple[str, ...]:
        """Item ids asked so far, in order."""
        return tuple(item for item, _, _ in self._events)

    def ask(self, item_id: str, at: float | None = None) -> Observation:
        """Record asking ``item_id`` (once; asking again changes nothing) and return what it
        reveals. ``at`` is seconds since the start (default: now by the clock)."""
        if item_id not in self._items:
            raise KeyError(f"no item called '{item_id}'; {suggest(item_id, self._items)}")
        found = observe(self.case, self._items[item_id])
        if item_id in self.asked:
            return found
        seconds = self._clock() - self._start if at is None else float(at)
        last = self._events[-1][1] if self._events else 0.0
        seconds = round(max(seconds, last, 0.0), 3)
        self._chain = _link(self._chain, item_id, seconds, found.says)
        self._events.append((item_id, seconds, self._chain))
        return found

    def commit(self, decision: Decision) -> PatientRun:
        """The sealed run with ``decision`` as its answer (check the decision first)."""
        problems = _decision_problems(decision, set(self.asked), self.catalogue)
        if problems:
            raise ValueError("; ".join(problems))
        run = PatientRun(
            self.case.id, self.started, case_digest(self.case), tuple(self._events), decision, ""
        )
        return PatientRun(**{**run.__dict__, "seal": _seal(self.case, _body(run))})


def _decision_problems(decision: Decision, asked: set[str], catalogue: Catalogue) -> list[str]:
    problems = []
    conditions = set(catalogue.ids("conditions"))
    ranked = decision.differential
    if not 1 <= len(ranked) <= MAX_DIFFERENTIAL or len(set(ranked)) != len(ranked):
        problems.append(f"rank one to {MAX_DIFFERENTIAL} different conditions")
    for ident in ranked:
        if ident not in conditions:
            problems.append(f"no condition called '{ident}'; {suggest(ident, conditions)}")
    if decision.urgency not in TRIAGE:
        problems.append(f"urgency '{decision.urgency}' is not one of {', '.join(TRIAGE)}")
    if decision.next_step not in NEXT_STEPS:
        problems.append(f"next step '{decision.next_step}' is not one of {', '.join(NEXT_STEPS)}")
    for link in decision.links:
        if link.item not in asked:
            problems.append(f"the map links '{link.item}', which was never asked")
        if link.condition not in conditions:
            problems.append(f"the map links no condition called '{link.condition}'")
        if link.effect not in ("supports", "weakens"):
            problems.append(f"a link's effect must be supports or weakens, not '{link.effect}'")
    return problems


# --------------------------------------------------------------------------- files


def save_run(run: PatientRun, path: str | Path) -> Path:
    """Write ``run`` as JSON to ``path`` atomically; returns the path."""
    path = Path(path)
    data = {**_body(run), "seal": run.seal}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".run-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=1, sort_keys=True)
        out.write("\n")
    os.replace(temporary, path)
    return path


def load_run(path: str | Path) -> PatientRun:
    """Read a saved run. A missing, oversized or malformed file raises :class:`RunFileError`
    naming the file and what is wrong; a well-formed file is returned as it is (check it with
    :func:`verify`, which flags any edit)."""
    path = Path(path)
    if not path.is_file():
        raise RunFileError(
            f"{path}: no saved run here; play the case in the widget and commit your answer "
            "(it saves this file)"
        )
    if path.stat().st_size > MAX_BYTES:
        raise RunFileError(f"{path}: {path.stat().st_size} bytes is too large for a saved run")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise RunFileError(f"{path}: not a saved run (not JSON: {error})") from None
    try:
        return run_from_data(data)
    except (TypeError, ValueError, KeyError) as error:
        raise RunFileError(f"{path}: not a saved run ({error})") from None


def run_from_data(data: Any) -> PatientRun:
    """A :class:`PatientRun` from parsed JSON; ValueError names the first field that is wrong."""
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    expected = {"version", "case", "started", "content", "events", "answer", "seal"}
    if set(data) != expected:
        missing, extra = sorted(expected - set(data)), sorted(set(data) - expected)
        raise ValueError(f"fields: missing {missing or 'none'}, unexpected {extra or 'none'}")
    for name in ("case", "started", "content", "seal"):
        if not isinstance(data[name], str):
            raise ValueError(f"{name}: expected text")
    if type(data["version"]) is not int:
        raise ValueError("version: expected a whole number")
    events = []
    if not isinstance(data["events"], list):
        raise ValueError("events: expected a list")
    for index, event in enumerate(data["events"]):
        ok = isinstance(event, list) and len(event) == 3
        ok = ok and isinstance(event[0], str) and isinstance(event[2], str)
        ok = ok and isinstance(event[1], int | float) and not isinstance(event[1], bool)
        if not ok or not math.isfinite(event[1]):
            raise ValueError(f"events[{index}]: expected [item id, seconds, digest]")
        events.append((event[0], float(event[1]), event[2]))
    answer = data["answer"]
    decision = None
    if answer is not None:
        if not isinstance(answer, dict) or set(answer) != {
            "differential",
            "urgency",
            "next_step",
            "links",
        }:
            raise ValueError("answer: expected differential, urgency, next_step and links")
        ranked = answer["differential"]
        if not isinstance(ranked, list) or not all(isinstance(x, str) for x in ranked):
            raise ValueError("answer.differential: expected a list of condition ids")
        links = []
        for index, link in enumerate(answer["links"] if isinstance(answer["links"], list) else [0]):
            if not isinstance(link, dict) or set(link) != {"item", "condition", "effect"}:
                raise ValueError(f"answer.links[{index}]: expected item, condition and effect")
            if not all(isinstance(v, str) for v in link.values()):
                raise ValueError(f"answer.links[{index}]: expected text")
            links.append(ReasoningLink(link["item"], link["condition"], link["effect"]))
        for name in ("urgency", "next_step"):
            if not isinstance(answer[name], str):
                raise ValueError(f"answer.{name}: expected text")
        decision = Decision(tuple(ranked), answer["urgency"], answer["next_step"], tuple(links))
    return PatientRun(
        data["case"],
        data["started"],
        data["content"],
        tuple(events),
        decision,
        data["seal"],
        data["version"],
    )


# --------------------------------------------------------------------------- checking


def verify(run: PatientRun, case: PatientCase, catalogue: Catalogue | None = None) -> Verdict:
    """Is ``run`` an intact run of ``case``, as the recorder wrote it? Every problem is listed:
    another case or version, a broken seal (any edit), a broken event chain (an added, removed,
    reordered or retimed question), an item or answer the course does not know."""
    catalogue = catalogue if catalogue is not None else content()
    problems = []
    if run.version != VERSION:
        problems.append(f"format version {run.version}, expected {VERSION}")
    if run.case_id != case.id:
        problems.append(f"this is a run of case '{run.case_id}', not of '{case.id}'")
    elif run.content != case_digest(case):
        problems.append("the case has changed since this run was recorded (or the run was edited)")
    if not hmac.compare_digest(str(run.seal), _seal(case, _body(run))):
        problems.append("the seal does not match: the run was edited or not made by the widget")
    items = {i.id: i for i in catalogue.all("patient_items")}
    chain = keys.digest("start", case.id, run.started)
    last = 0.0
    seen: set[str] = set()
    for index, (item, at, digest) in enumerate(run.events):
        if item not in items:
            problems.append(f"event {index + 1}: no item called '{item}'")
            break
        if item in seen:
            problems.append(f"event {index + 1}: '{item}' asked twice")
        seen.add(item)
        if at < last or at < 0:
            problems.append(f"event {index + 1}: time goes backwards ({at} s after {last} s)")
        last = at
        chain = _link(chain, item, at, observe(case, items[item]).says)
        if not hmac.compare_digest(chain, digest):
            problems.append(f"event {index + 1} ('{item}'): the event chain is broken")
            break
    if run.answer is None:
        problems.append("no answer was committed")
    else:
        problems += _decision_problems(run.answer, seen, catalogue)
    return Verdict(not problems, tuple(problems))


def _minutes_and_cost(run: PatientRun, catalogue: Catalogue) -> tuple[float, float]:
    items = {i.id: i for i in catalogue.all("patient_items")}
    asked = [items[i] for i in run.asked if i in items]
    return sum(i.minutes for i in asked), sum(i.cost for i in asked)


def score(
    run: PatientRun, case: PatientCase, expert: ExpertAnswer, catalogue: Catalogue | None = None
) -> Score:
    """Score a run against the expert's answer (check it with :func:`verify` first)."""
    catalogue = catalogue if catalogue is not None else content()
    answer = run.answer
    ranked = answer.differential if answer else ()
    first = expert.differential[0]
    needed = expert.differential[:2] if expert.both else expert.differential[:1]
    top3 = all(c in ranked[:3] for c in needed)
    rank = ranked.index(first) + 1 if first in ranked else None
    asked = run.asked
    flags_asked = tuple(i for i in expert.must_ask if i in asked)
    flags_missed = tuple(i for i in expert.must_ask if i not in asked)
    useful = {a.item for a in case.answers} | set(expert.must_ask)
    efficiency = sum(1 for i in asked if i in useful) / len(asked) if asked else 0.0
    minutes, cost = _minutes_and_cost(run, catalogue)
    urgency_ok = bool(answer) and answer.urgency == expert.urgency
    next_ok = bool(answer) and answer.next_step == expert.next_step
    share = len(flags_asked) / len(expert.must_ask) if expert.must_ask else 1.0
    best = all(c in ranked[:2] for c in needed) if expert.both else rank == 1
    diagnosis = 1.0 if best else 0.75 if top3 else 0.25 if rank is not None else 0.0
    parts = {
        "diagnosis": diagnosis,
        "urgency": 1.0 if urgency_ok else 0.0,
        "red_flags": share,
        "next_step": 1.0 if next_ok else 0.0,
        "efficiency": round(efficiency, 3),
    }
    total = sum(WEIGHTS[name] * value for name, value in parts.items())
    return Score(
        top3,
        rank,
        urgency_ok,
        next_ok,
        flags_asked,
        flags_missed,
        round(efficiency, 3),
        minutes,
        cost,
        parts,
        round(total, 3),
    )


def _low_yield(
    observations: Sequence[Observation], expert: ExpertAnswer, catalogue: Catalogue
) -> list[str]:
    """Tests asked whose result barely moves, or cannot move, the expert's diagnoses."""
    wanted = set(expert.differential)
    out = []
    for found in observations:
        item = found.item
        if not item.test:
            continue
        test = catalogue.get("tests", item.test)
        try:
            study = finding_of_test(test)
        except ValueError:
            out.append(
                f"{item.label}: no published likelihood ratios, so it cannot move a probability"
            )
            continue
        plus, minus = study.outcome("positive").lr, study.outcome("negative").lr
        targets = set(test.target_conditions)
        lrs = f"LR+ {ratio(plus)}, LR- {ratio(minus)}"
        if not targets & wanted:
            out.append(
                f"{item.label} ({lrs}): it tests for none of this patient's likely conditions"
            )
        elif minus >= 0.5 and plus <= 2:
            out.append(f"{item.label} ({lrs}): either result moves the odds less than twofold")
    return out


def debrief(run: PatientRun, case: PatientCase, catalogue: Catalogue | None = None) -> Debrief:
    """Everything the student reads after committing: score, expert answer, their ranking and
    map against the expert's, red-flag questions never asked, low-yield tests, the replay."""
    catalogue = catalogue if catalogue is not None else content()
    expert = open_expert(case)
    result = score(run, case, expert, catalogue)
    names = {c.id: c.name for c in catalogue.all("conditions")}
    ranked = run.answer.differential if run.answer else ()
    lines = []
    for index, ident in enumerate(ranked, start=1):
        where = (
            f"the expert ranks it {expert.differential.index(ident) + 1}"
            if ident in expert.differential
            else "not in the expert's differential"
        )
        lines.append(f"{index}. {names.get(ident, ident)}: {where}")
    for ident in expert.differential:
        if ident not in ranked:
            lines.append(
                f"Missing: {names.get(ident, ident)} (the expert ranks it "
                f"{expert.differential.index(ident) + 1})"
            )
    student = set(run.answer.links) if run.answer else set()
    pairs = {(x.item, x.condition): x for x in expert.links}
    matched = tuple(x for x in student if x in set(expert.links))
    contrary = tuple(
        x for x in student if (x.item, x.condition) in pairs and pairs[x.item, x.condition] != x
    )
    missed = tuple(x for x in expert.links if x not in student)
    extra = tuple(x for x in student if (x.item, x.condition) not in pairs)
    items = catalogue.all("patient_items")
    by_id = {i.id: i for i in items}
    never = tuple(i.label for i in items if i.flag and i.id not in run.asked)
    observations = [observe(case, by_id[i]) for i in run.asked if i in by_id]
    engine = engine_for(case, catalogue)
    return Debrief(
        result,
        expert,
        tuple(lines),
        _sorted(matched),
        _sorted(contrary),
        _sorted(missed),
        _sorted(extra),
        never,
        tuple(_low_yield(observations, expert, catalogue)),
        tuple(engine.replay(observations)),
    )


def _sorted(links: Iterable[ReasoningLink]) -> tuple[ReasoningLink, ...]:
    return tuple(sorted(links, key=lambda x: (x.item, x.condition, x.effect)))
