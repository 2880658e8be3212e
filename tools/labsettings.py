"""JupyterLab set up for students: the settings the course ships, and the instructor's variant.

``python -m tools.labsettings write`` regenerates the files under ``jupyter-config/``; a test
checks that they match what this module builds from the installed JupyterLab.

* ``jupyter-config/lab-settings/overrides.json`` and ``page_config.json`` are copied by
  ``python -m tools.labsettings install`` (run by ``make venv``, so ``make lab``, and by Binder's
  ``postBuild``) into the environment's ``share/jupyter/lab/settings/``, where JupyterLab
  reads the defaults of every setting and the lowest-priority page config.
  They turn off the news pop-up and the update check, hide nbgrader's instructor tools
  (formgrader, the course list, "Create Assignment", the Nbgrader menu; students keep
  "Assignments" and "Validate"), and keep the keyboard inside a course
  widget (see :func:`widget_shortcuts`).
* ``jupyter-config/instructor/labconfig/page_config.json`` turns the instructor tools back on.
  ``make lab ROLE=instructor`` puts that folder on ``JUPYTER_CONFIG_PATH``, whose page config
  JupyterLab applies over the environment's defaults.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from course.style import WIDGET_CLASS

from .paths import ROOT

CONFIG = ROOT / "jupyter-config"
"""The course's Jupyter configuration, as committed."""
STUDENT_SETTINGS = CONFIG / "lab-settings"
"""Copied into ``<env>/share/jupyter/lab/settings/`` by :func:`install`."""
INSTRUCTOR_CONFIG = CONFIG / "instructor"
"""Put on ``JUPYTER_CONFIG_PATH`` for an instructor's launch."""

INSTRUCTOR_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:menu",
)
"""nbgrader's JupyterLab plugins that only an instructor uses; hidden from students."""

COMMAND_MODE = ".jp-Notebook.jp-mod-commandMode"
"""The start of the selector of every notebook command-mode shortcut (arrows, Enter, A, B, D D…)."""

WIDGET_FOCUS = f"{COMMAND_MODE} .jp-Cell .jp-OutputArea-output .{WIDGET_CLASS} :focus"
"""The focused control inside a course widget. It matches the same element as the notebook's
command-mode selector (``… :focus``) and is more specific, so Lumino picks a binding with this
selector over the notebook's for the same keys."""

KEEP_KEY = "course:keep-key-in-widget"
"""The command the course's shadow bindings name. No such command is registered, so Lumino runs
nothing (it logs that the command is unknown) and, with ``preventDefault: false``, the key does
what it does in the focused control (a radio's arrows, a button's Enter and Space, Tab)."""

NAVIGATION_KEYS = (
    "Tab",
    "Shift Tab",
    "Enter",
    "Space",
    "ArrowUp",
    "ArrowDown",
    "ArrowLeft",
    "ArrowRight",
    "Home",
    "End",
    "PageUp",
    "PageDown",
)
"""Keys a widget's controls use, shadowed whether or not the notebook binds them today."""

LEAVE_WIDGET = {
    "command": "apputils:run-all-enabled",
    # entering edit mode and leaving it again is JupyterLab's way to focus the active cell,
    # the one holding the widget
    "args": {"commands": ["notebook:enter-edit-mode", "notebook:enter-command-mode"]},
    "keys": ["Escape"],
    "selector": WIDGET_FOCUS,
}
"""Escape inside a course widget: focus goes back to the widget's cell (command mode).

JupyterLab handles its shortcuts as a key event bubbles up to the document, and ipywidgets' text
and number boxes and ipympl's figure canvas stop every key event they get, so this binding never
sees an Escape pressed in one of them; every course widget therefore also carries
``course.controls.KeyboardScope``, whose script catches Escape before the control does. This
binding stays for a page where that script has not loaded yet."""


def _schema_folders() -> list[Path]:
    share = Path(sys.prefix) / "share" / "jupyter"
    return [share / "lab" / "schemas", *sorted((share / "labextensions").glob("**/schemas"))]


def command_mode_keys(folders: list[Path] | None = None) -> list[list[str]]:
    """Every key sequence a command-mode notebook shortcut uses, in the installed JupyterLab and
    its extensions (read from their settings schemas), sorted."""
    found: set[tuple[str, ...]] = set()
    for folder in folders if folders is not None else _schema_folders():
        for path in sorted(folder.glob("**/*.json")):
            try:
                schema = json.loads(path.read_text())
            except (OSError, ValueError):
                continue
            if not isinstance(schema, dict):
                continue
            for shortcut in schema.get("jupyter.lab.shortcuts", []):
                keys = tuple(k for k in shortcut.get("keys", []) if k)
                if keys and shortcut.get("selector", "").startswith(COMMAND_MODE):
                    found.add(keys)
    return [list(keys) for keys in sorted(found)]


def widget_shortcuts(folders: list[Path] | None = None) -> list[dict[str, Any]]:
    """The shortcuts that keep keys inside a course widget: one shadow binding per command-mode
    key sequence and per navigation key, then Escape to leave the widget."""
    sequences = {tuple(k) for k in command_mode_keys(folders)}
    sequences |= {(key,) for key in NAVIGATION_KEYS}
    shadows = [
        {"command": KEEP_KEY, "keys": list(keys), "selector": WIDGET_FOCUS, "preventDefault": False}
        for keys in sorted(sequences)
    ]
    return [*shadows, LEAVE_WIDGET]


def student_overrides(folders: list[Path] | None = None) -> dict[str, Any]:
    """JupyterLab's ``overrides.json``: setting defaults for the course's students."""
    return {
        "@jupyterlab/apputils-extension:notification": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
        "@jupyterlab/shortcuts-extension:shortcuts": {"shortcuts": widget_shortcuts(folders)},
    }


def student_page_config() -> dict[str, Any]:
    """The page config that hides nbgrader's instructor tools."""
    return {"disabledExtensions": dict.fromkeys(INSTRUCTOR_PLUGINS, True)}


def instructor_page_config() -> dict[str, Any]:
    """The page config that shows them again (applied over the student one)."""
    return {"disabledExtensions": dict.fromkeys(INSTRUCTOR_PLUGINS, False)}


def files(folders: list[Path] | None = None) -> dict[Path, str]:
    """Every generated file and its text."""
    dump = lambda value: json.dumps(value, indent=2) + "\n"  # noqa: E731
    return {
        STUDENT_SETTINGS / "overrides.json": dump(student_overrides(folders)),
        STUDENT_SETTINGS / "page_config.json": dump(student_page_config()),
        INSTRUCTOR_CONFIG / "labconfig" / "page_config.json": dump(instructor_page_config()),
    }


def stale(folders: list[Path] | None = None) -> list[Path]:
    """The generated files whose committed text differs from what :func:`files` builds."""
    return [
        path
        for path, text in files(folders).items()
        if not path.exists() or path.read_text() != text
    ]


def settings_folder(prefix: str | Path | None = None) -> Path:
    """JupyterLab's application settings folder in the environment at ``prefix`` (this Python's
    by default): where it reads ``overrides.json`` and the lowest-priority ``page_config.json``."""
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings"


def install(prefix: str | Path | None = None) -> list[Path]:
    """Copy the committed student settings into the environment at ``prefix``; returns the
    files written. A file already there with other content is replaced (the course owns it)."""
    target = settings_folder(prefix)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(STUDENT_SETTINGS.glob("*.json")):
        destination = target / source.name
        destination.write_text(source.read_text())
        written.append(destination)
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.labsettings write|check|install``."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["write"]:
        for path, text in files().items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(path.relative_to(ROOT))
        return 0
    if args == ["install"]:
        for path in install():
            print(path)
        return 0
    if args == ["check"]:
        old = stale()
        for path in old:
            print(f"out of date: {path.relative_to(ROOT)} (python -m tools.labsettings write)")
        return 1 if old else 0
    print("usage: python -m tools.labsettings write|check|install", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
