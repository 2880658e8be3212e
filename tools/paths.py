"""Where the checkout's folders are: the one place tooling finds the repository root.

The student package (:mod:`course`) never looks for the repository; tooling runs from a checkout
(it is installed editable with the ``dev`` extra), so the root is the folder above ``tools/``.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository root: the folder holding ``pyproject.toml``, ``course/`` and ``notebooks/``."""
NOTEBOOKS = ROOT / "notebooks"
"""The lesson notebooks (``00_start_here.ipynb`` ...) and ``assignments/``."""
ASSETS = ROOT / "assets"
"""The generated static media (``make assets``)."""
BUILD = ROOT / "build"
"""Scratch output (the static book, the lock virtualenv); git-ignored."""
REQUIREMENTS = ROOT / "requirements"
"""The pinned set, ``requirements/constraints.txt``."""
PYPROJECT = ROOT / "pyproject.toml"
ENVIRONMENT = ROOT / "environment.yml"
AUTHORING = ROOT / "authoring"
"""The quiz authoring form with every answer in plain text; git-ignored, never shipped."""
