"""Saved runs: recorded, saved and loaded unchanged; every kind of edit flagged by verify; hostile
files refused with a clear message; scores and feedback against the expert's answer."""

from __future__ import annotations

import dataclasses
import itertools
import json

import pytest

import course
from course.patient import runs
from course.patient.runs import Decision, Recorder, RunFileError
from course.records.patient import ExpertAnswer, ReasoningLink, open_expert

CASE = course.patient.case("vp_01")
EXPERT = open_expert(CASE)


def ticking():
    """A clock that moves 7.5 s per reading."""
    counter = itertools.count()
    return lambda: next(counter) * 7.5


def recorded(asked=None, decision=None):
    recorder = Recorder(CASE, clock=ticking())
    for item in asked if asked is not None else [a.item for a in CASE.answers]:
        recorder.ask(item)
    return recorder.commit(
        decision
        or Decision(
            ("sacroiliac_joint_pain", "lumbar_discogenic_referred_pain"),
            "none",
            "physiotherapy",
            (ReasoningLink("ts_laslett", "sacroiliac_joint_pain", "supports"),),
        )
    )


@pytest.fixture
def saved(tmp_path):
    path = runs.save_run(recorded(), tmp_path / "run.json")
    return path


def edit(path, change):
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))
    return runs.load_run(path)


def test_a_recorded_run_saves_loads_and_verifies(saved):
    run = runs.load_run(saved)
    assert run == recorded().__class__(**{**run.__dict__})
    assert runs.verify(run, CASE).ok
    assert run.asked == tuple(a.item for a in CASE.answers)
    times = [at for _, at, _ in run.events]
    assert times == sorted(times) and times[0] > 0


def test_asking_again_records_once_and_unknown_items_name_valid_ones():
    recorder = Recorder(CASE, clock=ticking())
    recorder.ask("hx_onset")
    recorder.ask("hx_onset")
    assert recorder.asked == ("hx_onset",)
    with pytest.raises(KeyError, match="hx_onset"):
        recorder.ask("hx_onsett")


def test_a_decision_is_checked_before_it_is_sealed():
    recorder = Recorder(CASE, clock=ticking())
    recorder.ask("hx_onset")
    with pytest.raises(ValueError, match="never asked"):
        recorder.commit(
            Decision(
                ("sacroiliac_joint_pain",),
                "none",
                "physiotherapy",
                (ReasoningLink("ts_laslett", "sacroiliac_joint_pain", "supports"),),
            )
        )
    with pytest.raises(ValueError, match="no condition called"):
        recorder.commit(Decision(("sij",), "none", "physiotherapy"))
    with pytest.raises(ValueError, match="urgency"):
        recorder.commit(Decision(("sacroiliac_joint_pain",), "asap", "physiotherapy"))


EDITS = {
    "a changed urgency": lambda d: d["answer"].update(urgency="emergency"),
    "a changed differential": lambda d: d["answer"].update(differential=["hip_osteoarthritis"]),
    "an added red-flag question": lambda d: d["events"].append(["rf_trauma", 500.0, "0" * 64]),
    "an added question with its seal left": lambda d: d["events"].insert(
        0, ["rf_cancer", 0.0, d["events"][0][2]]
    ),
    "a removed question": lambda d: d["events"].pop(2),
    "reordered questions": lambda d: d["events"].reverse(),
    "a retimed question": lambda d: d["events"][1].__setitem__(1, 1.0),
    "another start time": lambda d: d.update(started="2020-01-01T00:00:00+00:00"),
    "another case's id": lambda d: d.update(case="vp_02"),
    "no seal": lambda d: d.update(seal=""),
    "an added link": lambda d: d["answer"]["links"].append(
        {"item": "hx_onset", "condition": "sacroiliac_joint_pain", "effect": "supports"}
    ),
}


@pytest.mark.parametrize("name", EDITS)
def test_every_hand_edit_is_flagged(saved, name):
    verdict = runs.verify(edit(saved, EDITS[name]), CASE)
    assert not verdict.ok and verdict.problems


def test_a_run_written_without_the_recorder_is_flagged(tmp_path):
    forged = {
        "version": 1,
        "case": CASE.id,
        "started": "2026-12-01T10:00:00+00:00",
        "content": runs.case_digest(CASE),
        "events": [[e, 10.0 * i, "f" * 64] for i, e in enumerate(m.item for m in CASE.answers)],
        "answer": {
            "differential": ["sacroiliac_joint_pain"],
            "urgency": "none",
            "next_step": "physiotherapy",
            "links": [],
        },
        "seal": "0" * 64,
    }
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged))
    verdict = runs.verify(runs.load_run(path), CASE)
    assert not verdict.ok
    assert any("seal" in p for p in verdict.problems)
    assert any("chain" in p for p in verdict.problems)


def test_a_run_of_a_changed_case_is_flagged():
    changed = dataclasses.replace(CASE, answers=CASE.answers[:-1])
    verdict = runs.verify(recorded(), changed)
    assert not verdict.ok and any("changed" in p for p in verdict.problems)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not JSON"),
        ("[1, 2]", "JSON object"),
        ('{"case": "vp_01"}', "missing"),
        ("[" * 100000 + "]" * 100000, "not"),
        (
            json.dumps(
                {
                    "version": 1,
                    "case": "vp_01",
                    "started": "x",
                    "content": "x",
                    "events": [["a", float("nan"), "x"]],
                    "answer": None,
                    "seal": "x",
                }
            ),
            "events",
        ),
        (
            json.dumps(
                {
                    "version": True,
                    "case": "vp_01",
                    "started": "x",
                    "content": "x",
                    "events": [],
                    "answer": None,
                    "seal": "x",
                }
            ),
            "version",
        ),
        (
            json.dumps(
                {
                    "version": 1,
                    "case": "vp_01",
                    "started": "x",
                    "content": "x",
                    "events": [],
                    "answer": {"differential": "x"},
                    "seal": "x",
                }
            ),
            "answer",
        ),
    ],
)
def test_hostile_files_are_refused_with_the_file_named(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(RunFileError, match=message) as caught:
        runs.load_run(path)
    assert str(path) in str(caught.value)


def test_a_missing_or_huge_file_is_refused(tmp_path):
    with pytest.raises(RunFileError, match="no saved run"):
        runs.load_run(tmp_path / "absent.json")
    big = tmp_path / "big.json"
    big.write_text(" " * (runs.MAX_BYTES + 1))
    with pytest.raises(RunFileError, match="too large"):
        runs.load_run(big)


def test_a_run_without_an_answer_does_not_verify(saved):
    assert not runs.verify(edit(saved, lambda d: d.update(answer=None)), CASE).ok


def test_the_score_follows_the_expert():
    good = runs.score(recorded(), CASE, EXPERT)
    assert good.top3 and good.rank == 1 and good.urgency_ok
    assert good.flags_missed == tuple(i for i in EXPERT.must_ask if i not in good.flags_asked)
    assert good.parts["diagnosis"] == 1.0
    assert good.total == pytest.approx(
        sum(runs.WEIGHTS[k] * v for k, v in good.parts.items()), abs=1e-3
    )
    assert good.minutes > 0 and good.cost == 0
    weak = runs.score(
        recorded(["hx_onset", "iv_mri"], Decision(("hip_osteoarthritis",), "urgent", "imaging")),
        CASE,
        EXPERT,
    )
    assert not weak.top3 and weak.rank is None and not weak.urgency_ok
    assert weak.flags_asked == () and weak.flags_missed == EXPERT.must_ask
    assert weak.cost > 0 and weak.total < good.total
    assert weak.efficiency == pytest.approx(0.5)


def test_two_sources_need_both_in_the_top_three():
    both = ExpertAnswer(
        ("sacroiliac_joint_pain", "lumbar_radicular_pain"),
        "none",
        "physiotherapy",
        (),
        (),
        "two sources",
        both=True,
    )
    one = runs.score(recorded(), CASE, both)
    assert not one.top3
    two = runs.score(
        recorded(
            decision=Decision(
                ("lumbar_radicular_pain", "sacroiliac_joint_pain"), "none", "physiotherapy"
            )
        ),
        CASE,
        both,
    )
    assert two.top3 and two.parts["diagnosis"] == 1.0


def test_feedback_compares_the_map_names_missed_flags_and_replays():
    decision = Decision(
        ("lumbar_facet_referred_pain", "sacroiliac_joint_pain"),
        "none",
        "physiotherapy",
        (
            ReasoningLink("ts_laslett", "sacroiliac_joint_pain", "supports"),
            ReasoningLink("ts_slr", "lumbar_radicular_pain", "supports"),
            ReasoningLink("hx_onset", "hip_osteoarthritis", "supports"),
        ),
    )
    asked = ["hx_onset", "hx_where", "ts_laslett", "ts_slr"]
    result = runs.debrief(recorded(asked, decision), CASE)
    assert ReasoningLink("ts_laslett", "sacroiliac_joint_pain", "supports") in result.links_matched
    assert ReasoningLink("ts_slr", "lumbar_radicular_pain", "supports") in result.links_contrary
    assert ReasoningLink("hx_onset", "hip_osteoarthritis", "supports") in result.links_extra
    assert result.links_missed
    labels = {i.id: i.label for i in course.patient.menu()}
    assert labels["rf_saddle_bladder"] in result.flags_never_asked
    assert any("Straight leg raise" in line and "LR+" in line for line in result.low_yield)
    assert len(result.replay) == len(asked) + 1
    assert result.ranking[0].startswith("1. Lumbar facet")
