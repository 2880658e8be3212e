"""The ``course`` command's parser, exit codes and the retired ``python -m course.grading``.

Grading itself runs in tests/integration/grading/ (every verb through this parser); here only
what needs no nbgrader run: the verbs, usage and set-up errors, the alias and the import cost.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from course import cli
from course.grading.__main__ import main as retired_main

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]


def verbs() -> list[str]:
    action = next(a for a in cli.parser()._actions if a.dest == "verb")
    return list(action.choices)


def test_the_verbs_follow_the_instructors_cycle():
    assert verbs() == ["release", "collect", "grade", "feedback", "export", "report", "validate"]


def test_the_console_script_and_python_dash_m_run_the_same_main():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"course": "course.__main__:main"}
    assert "tqdm" in " ".join(project["project"]["dependencies"])
    done = subprocess.run(
        [sys.executable, "-m", "course", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0 and "grade" in done.stdout


def test_collect_offers_exactly_the_sources_collect_knows():
    from course.grading.collect import SOURCES

    collect = cli.parser()._subparsers._group_actions[0].choices["collect"]
    source = next(a for a in collect._actions if a.dest == "source")
    assert tuple(source.choices) == tuple(SOURCES)


def test_export_offers_the_four_layouts_and_needs_an_output():
    with pytest.raises(SystemExit) as stopped:
        cli.parser().parse_args(["export", "case_review_1", "--layout", "moodle"])
    assert stopped.value.code == cli.SETUP
    args = cli.parser().parse_args(
        ["export", "case_review_1", "--layout", "canvas", "--out", "grades.csv"]
    )
    assert args.layout == "canvas" and args.out == Path("grades.csv") and args.roster is None
    assert cli.LAYOUTS == ("students", "questions", "moodle", "canvas")


def test_a_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["grade"])  # no assignment
    assert stopped.value.code == cli.SETUP
    assert "assignment" in capsys.readouterr().err


def test_a_folder_that_is_no_course_is_a_setup_error_naming_it(tmp_path, capsys):
    assert cli.main(["report", "case_review_1", "--course-dir", str(tmp_path)]) == cli.SETUP
    error = capsys.readouterr().err
    assert str(tmp_path) in error and "no nbgrader_config.py" in error
    # the option is accepted before the verb too
    assert cli.main(["--course-dir", str(tmp_path), "grade", "case_review_1"]) == cli.SETUP


def test_unknown_assignments_and_bad_worker_counts_are_setup_errors(capsys):
    assert cli.main(["grade", "case_review_9"]) == cli.SETUP
    assert "unknown assignment 'case_review_9'" in capsys.readouterr().err
    assert cli.main(["grade", "case_review_1", "--workers", "0"]) == cli.SETUP
    assert "--workers must be 1 or more" in capsys.readouterr().err


def test_the_retired_command_delegates_and_names_the_new_one(tmp_path, capsys):
    """``python -m course.grading autograde X`` is ``course grade X``, with one line saying so."""
    where = ["--course-dir", str(tmp_path)]
    assert retired_main([*where, "autograde", "case_review_1"]) == cli.SETUP
    old = capsys.readouterr().err.splitlines()
    assert cli.main([*where, "grade", "case_review_1"]) == cli.SETUP
    new = capsys.readouterr().err.splitlines()
    assert old[0] == (
        f"note: `python -m course.grading` is retired; use `course --course-dir {tmp_path} "
        "grade case_review_1`"
    )
    assert old[1:] == new


def test_the_command_loads_no_grading_module_until_a_grading_verb_runs():
    code = "import sys, course.cli; print(sorted(m for m in sys.modules if 'nbgrader' in m))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


def test_progress_writes_one_line_per_step_when_stderr_is_not_a_terminal(capsys):
    with cli.Progress("grading", 2) as progress:
        progress.step("alice: ok")
        progress.step("bob: timeout")
    assert capsys.readouterr().err.splitlines() == [
        "grading 1/2: alice: ok",
        "grading 2/2: bob: timeout",
    ]
