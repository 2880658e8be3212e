"""Imports every module that registers a book renderer (each registers itself on import)."""

from __future__ import annotations

from . import figures  # noqa: F401  (the anatomy explorer, compare view, nomogram)
