"""JupyterLab set up for students (issue 17, finding 17 and item 9; tools/labsettings.py).

The committed settings match what the generator builds from the installed JupyterLab; they keep
every notebook command-mode key inside a course widget; they hide nbgrader's instructor tools
from students and an instructor's launch shows them; `make venv` and Binder install them.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from jupyter_core.paths import jupyter_path
from jupyterlab_server.config import get_page_config

from course.style import WIDGET_CLASS
from tools import labsettings
from tools.paths import ROOT


def test_the_committed_settings_are_current():
    assert labsettings.stale() == [], "run: python -m tools.labsettings write"


def test_news_and_update_checks_are_off():
    notification = labsettings.student_overrides()["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}


def test_every_command_mode_key_is_kept_inside_a_widget():
    sequences = labsettings.command_mode_keys()
    # the keys the review saw escape: arrows to the next cell, Enter into edit mode
    assert {("ArrowDown",), ("ArrowUp",), ("D", "D"), ("A",), ("M",)} <= set(map(tuple, sequences))
    shortcuts = labsettings.widget_shortcuts()
    shadows = {tuple(s["keys"]) for s in shortcuts if s["command"] == labsettings.KEEP_KEY}
    assert set(map(tuple, sequences)) <= shadows
    assert {("Tab",), ("Enter",), ("Space",), ("ArrowLeft",)} <= shadows
    for shortcut in shortcuts:
        assert shortcut["selector"] == labsettings.WIDGET_FOCUS
        if shortcut["command"] == labsettings.KEEP_KEY:
            assert shortcut["preventDefault"] is False  # the control still gets its key
    escape = [s for s in shortcuts if s["keys"] == ["Escape"]]
    assert escape == [labsettings.LEAVE_WIDGET]


def test_the_widget_selector_outranks_the_notebooks():
    """Same element matched (the focused control), more classes than the notebook's
    ``.jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus``: Lumino picks ours."""
    selector = labsettings.WIDGET_FOCUS
    assert selector.startswith(labsettings.COMMAND_MODE) and selector.endswith(" :focus")
    assert f".{WIDGET_CLASS} " in selector
    notebook = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
    assert selector.count(".") + selector.count(":") > notebook.count(".") + notebook.count(":")


def test_command_mode_keys_are_read_from_schemas(tmp_path):
    schema = {
        "jupyter.lab.shortcuts": [
            {"command": "a", "keys": ["Q"], "selector": f"{labsettings.COMMAND_MODE} :focus"},
            {"command": "b", "keys": ["W"], "selector": ".jp-Notebook.jp-mod-editMode"},
            {"command": "c", "keys": [""], "selector": labsettings.COMMAND_MODE},
        ]
    }
    (tmp_path / "plugin.json").write_text(json.dumps(schema))
    (tmp_path / "broken.json").write_text("{")
    assert labsettings.command_mode_keys([tmp_path]) == [["Q"]]


@pytest.mark.parametrize("role", ["student", "instructor"])
def test_instructor_tools_are_hidden_from_students_only(role, tmp_path, monkeypatch):
    """JupyterLab's own page-config merge, on the installed student settings plus, for an
    instructor, the folder `make lab ROLE=instructor` puts on JUPYTER_CONFIG_PATH."""
    settings = labsettings.install(tmp_path)[0].parent
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "user-config"))
    if role == "instructor":
        monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(labsettings.INSTRUCTOR_CONFIG))
    else:
        monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    disabled = set(
        get_page_config(jupyter_path("labextensions"), str(settings))["disabledExtensions"]
    )
    hidden = set(labsettings.INSTRUCTOR_PLUGINS)
    assert (hidden <= disabled) if role == "student" else not (hidden & disabled)
    # students keep fetching, submitting and validating assignments
    assert not {"@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:validate-assignment"} & (
        disabled
    )


def test_install_copies_the_committed_files(tmp_path):
    written = labsettings.install(tmp_path)
    assert sorted(p.name for p in written) == ["overrides.json", "page_config.json"]
    for path in written:
        assert path.parent == labsettings.settings_folder(tmp_path)
        assert path.read_text() == (labsettings.STUDENT_SETTINGS / path.name).read_text()


def test_make_venv_and_binder_install_them_and_make_lab_has_an_instructor_launch():
    makefile = (ROOT / "Makefile").read_text()
    assert "-m tools.labsettings install" in makefile
    assert "ROLE" in makefile and "jupyter-config/instructor" in makefile
    assert "JUPYTER_CONFIG_PATH" in makefile
    assert "python -m tools.labsettings install" in (ROOT / "postBuild").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make lab ROLE=instructor" in readme


def test_make_lab_passes_the_instructor_config_only_for_instructors():
    def dry_run(*args: str) -> str:
        command = ["make", "-n", "lab", *args]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True).stdout

    instructor = [line for line in dry_run("ROLE=instructor").splitlines() if "jupyter lab" in line]
    student = [line for line in dry_run().splitlines() if "jupyter lab" in line]
    assert instructor and "JUPYTER_CONFIG_PATH" in instructor[0]
    assert student and "JUPYTER_CONFIG_PATH" not in student[0]


def test_progress_file_and_checkpoints_are_git_ignored():
    """Finding 18: answering writes notebooks/.course-progress.json and opening notebooks
    writes .ipynb_checkpoints; neither may end up in a student's commit."""
    paths = ["notebooks/.course-progress.json", "notebooks/.ipynb_checkpoints/x.ipynb"]
    result = subprocess.run(
        ["git", "check-ignore", *paths], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode == 128:
        pytest.skip("not a git checkout")
    assert result.stdout.split() == paths


def test_the_tool_checks_and_refuses_unknown_actions(capsys):
    assert labsettings.main(["check"]) == 0
    assert labsettings.main(["nonsense"]) == 2
    assert "usage" in capsys.readouterr().err
