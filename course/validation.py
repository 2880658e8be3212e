"""Check a content folder completely: what ``python -m course validate`` runs.

:meth:`Catalogue.load` runs every rule of every collection (the anatomy view's outlines, backdrop
and zones included) and the rules across collections, and reports every problem at once; this
module turns that into a (catalogue, problems) pair for the command line.
"""

from __future__ import annotations

from pathlib import Path

from .catalogue import CONTENT_DIR, Catalogue
from .loading import ContentError, Problem


def validate(folder: Path | str = CONTENT_DIR) -> tuple[Catalogue | None, list[Problem]]:
    """Load ``folder`` with every content rule; returns the catalogue (None if it failed) and
    every problem found (empty when the content is sound)."""
    try:
        return Catalogue.load(Path(folder)), []
    except ContentError as error:
        return None, list(error.problems)
