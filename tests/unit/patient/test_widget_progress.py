"""A virtual patient's committed runs in the progress file: entry ``patient_<case id>`` with
the best score and whether solved; files written before the virtual patient load unchanged."""

from __future__ import annotations

import json

import pytest

import course
from course.quiz.progress import ProgressFile, patient_key, patient_progress
from course.quiz.summary import ProgressView, describe_patients


def test_an_old_progress_file_loads_and_keeps_its_questions(tmp_path):
    path = tmp_path / "old.json"
    old = {"items": {"lesson02_q1": {"attempts": 2, "best": 0.5, "solved": False}}}
    path.write_text(json.dumps(old))  # no version, no virtual patient: an older file
    progress = ProgressFile(path)
    progress.record_patient("vp_01", 0.6, solved=False)
    progress.record_patient("vp_01", 0.9, solved=True)
    progress.record_patient("vp_01", 0.4, solved=False)
    items = progress.load()
    assert progress.problem == ""
    assert items["lesson02_q1"].attempts == 2 and items["lesson02_q1"].best == 0.5
    entry = items[patient_key("vp_01")]
    assert (entry.attempts, entry.best, entry.solved) == (3, 0.9, True)  # best and solved stay
    written = json.loads(path.read_text())
    assert written["version"] == 1 and set(written["items"]) == {"lesson02_q1", "patient_vp_01"}


def test_a_score_outside_0_to_1_is_refused(tmp_path):
    with pytest.raises(ValueError, match="from 0 to 1"):
        ProgressFile(tmp_path / "p.json").record_patient("vp_01", 1.5, solved=True)
    assert not (tmp_path / "p.json").exists()


def test_the_progress_page_has_a_virtual_patients_line(tmp_path):
    path = tmp_path / "p.json"
    view = ProgressView(progress_path=path, interactive=False)
    cases = course.patient.cases()
    assert f"Virtual patients: 0 of {len(cases)} solved, 0 tried." in view.describe()
    assert "<strong>Virtual patients</strong>" in view.text.value
    ProgressFile(path).record_patient(cases[0].id, 0.75, solved=True)
    view.refresh()
    assert f"Virtual patients: 1 of {len(cases)} solved, 1 tried." in view.describe()
    assert f"{cases[0].id} ({cases[0].title}): best 75% in 1 run(s), solved" in view.describe()
    assert "✓ solved" in view.static_html()
    summary = patient_progress(cases, ProgressFile(path).load())
    assert describe_patients(summary) in view.describe()
