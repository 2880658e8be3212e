"""The progress file's format: what ``parse_progress`` accepts and refuses, and what ``load``
does with a file it refuses (the offline book's import checks the same rules)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course.quiz.progress import VERSION, ItemProgress, ProgressFile, parse_progress


def test_what_the_file_writes_parses_back(tmp_path: Path):
    progress = ProgressFile(tmp_path / "p.json")
    progress.record_attempt("a_q1", 0.5, False)
    progress.record_attempt("a_q2", None, False)
    progress.record_hint("a_q2", 2)
    progress.record_reveal("a_q3")
    data = json.loads(progress.path.read_text())
    assert data["version"] == VERSION
    assert parse_progress(data) == progress.load()
    assert progress.load()["a_q2"] == ItemProgress(
        attempts=1, hints=2, answered=True, updated=progress.load()["a_q2"].updated
    )


def test_an_older_file_without_version_or_some_fields_still_loads(tmp_path: Path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"items": {"a_q1": {"attempts": 2, "best": 1, "solved": True}}}))
    item = ProgressFile(path).load()["a_q1"]
    assert (item.attempts, item.best, item.solved, item.hints, item.updated) == (2, 1, True, 0, "")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([1, 2], "holds an object, not a list"),
        ({"version": 1}, "no 'items'"),
        ({"items": []}, "'items' should be an object of questions, not a list"),
        ({"version": 2, "items": {}}, "newer version of the course (format 2"),
        ({"version": "1", "items": {}}, "'version' should be a whole number"),
        ({"items": {"q": 3}}, "question 'q': its entry should be an object, not a number"),
        ({"items": {"q": {"attempts": "3"}}}, "question 'q': 'attempts' should be a whole number"),
        ({"items": {"q": {"attempts": 1.5}}}, "'attempts' should be a whole number"),
        ({"items": {"q": {"hints": -1}}}, "'hints' should be a whole number, 0 or more, not -1"),
        ({"items": {"q": {"hints": True}}}, "'hints' should be a whole number"),
        ({"items": {"q": {"solved": "yes"}}}, "'solved' should be true or false, not text"),
        ({"items": {"q": {"revealed": 1}}}, "'revealed' should be true or false, not a number"),
        ({"items": {"q": {"best": 1.5}}}, "'best' should be a score from 0 to 1 or null"),
        ({"items": {"q": {"best": "1"}}}, "'best' should be a score"),
        ({"items": {"q": {"updated": 5}}}, "'updated' should be a date as text"),
        ({"items": {"q": {"answer": "B"}}}, "question 'q': unknown field 'answer'"),
    ],
)
def test_a_malformed_file_is_refused_with_its_problem_named(data, problem):
    with pytest.raises(ValueError) as refused:
        parse_progress(data)
    assert problem in str(refused.value)


def test_load_sets_a_refused_file_aside_and_starts_afresh(tmp_path: Path):
    path = tmp_path / "p.json"
    text = json.dumps({"version": VERSION + 1, "items": {"q": {"attempts": 1}}})
    path.write_text(text)
    progress = ProgressFile(path)
    assert progress.load() == {}
    assert "newer version" in progress.problem and "p.json.damaged" in progress.problem
    assert (tmp_path / "p.json.damaged").read_text() == text
