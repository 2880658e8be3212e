"""Imports every module that registers a book renderer (each registers itself on import)."""

from __future__ import annotations

from . import progress  # noqa: F401  (the progress page, from local storage)
from . import selfcheck  # noqa: F401  (self-checks answered in the page)
