"""Imports every module that registers a book renderer (each registers itself on import):
``figures`` (the anatomy explorer, the pain-map comparison and the nomogram as SVG), ``progress``
(the progress page, from local storage) and ``selfcheck`` (self-checks answered in the page)."""

from __future__ import annotations

from . import figures, progress, selfcheck  # noqa: F401
