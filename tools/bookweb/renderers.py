"""Imports every module that registers a book renderer (each registers itself on import):
``progress`` (the progress page, from local storage) and ``selfcheck`` (self-checks answered in
the page)."""

from __future__ import annotations

from . import progress, selfcheck  # noqa: F401
