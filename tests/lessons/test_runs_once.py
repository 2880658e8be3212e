"""The guard that keeps each lesson to one execution per test session, on a stand-in runner."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from ..support import LessonRuns, LessonRunTwice, RunCounter


def fake_lessons(tmp_path: Path) -> list[Path]:
    paths = [tmp_path / "00_a.ipynb", tmp_path / "01_b.ipynb"]
    for path in paths:
        nbformat.write(nbformat.v4.new_notebook(), path)
    return paths


def test_a_second_execution_of_a_lesson_fails_naming_it(tmp_path):
    lessons = fake_lessons(tmp_path)
    counter = RunCounter(lessons)
    run = counter.wrap(lambda path, **_: nbformat.v4.new_notebook())
    run(lessons[0])
    run(lessons[1])
    assert counter.repeated() == {}
    with pytest.raises(LessonRunTwice, match=r"00_a\.ipynb was already executed"):
        run(lessons[0])
    assert counter.repeated() == {"00_a.ipynb": 2}


def test_other_notebooks_are_not_counted(tmp_path):
    lessons = fake_lessons(tmp_path)
    other = tmp_path / "99_synthetic.ipynb"
    counter = RunCounter(lessons)
    run = counter.wrap(lambda path, **_: nbformat.v4.new_notebook())
    run(other)
    run(other)
    assert counter.runs == {} and counter.repeated() == {}


def test_lesson_runs_execute_each_lesson_once_with_a_private_progress_file(tmp_path, monkeypatch):
    lessons = fake_lessons(tmp_path)
    monkeypatch.setenv("COURSE_PROGRESS_FILE", "student.json")
    seen: list[tuple[str, str]] = []

    def execute(path: Path) -> nbformat.NotebookNode:
        seen.append((path.name, os.environ["COURSE_PROGRESS_FILE"]))
        return nbformat.v4.new_notebook(metadata={"ran": path.name})

    counter = RunCounter(lessons)
    runs = LessonRuns(lessons, counter.wrap(execute), tmp_path / "progress.json")
    first = runs[lessons[1]]
    assert runs.all() == {lessons[0]: runs[lessons[0]], lessons[1]: first}
    assert runs[lessons[1]] is first and first.metadata["ran"] == "01_b.ipynb"
    progress = str(tmp_path / "progress.json")
    assert seen == [("01_b.ipynb", progress), ("00_a.ipynb", progress)]
    assert counter.repeated() == {}
    assert os.environ["COURSE_PROGRESS_FILE"] == "student.json"
    with pytest.raises(KeyError, match="not a lesson notebook"):
        runs[tmp_path / "elsewhere.ipynb"]
