"""Check a content folder completely: every collection with its rules, and the anatomy drawing.

This is what ``python -m course validate`` runs. :meth:`Catalogue.load` already runs every rule
of the collections; the posterior anatomy drawing (``anatomy_posterior.yaml``) is still read by
its own loader (:func:`course.anatomy.geometry.load_geometry`), so it is checked here as well,
against the ids of the same folder, and every problem of both is reported at once.
"""

from __future__ import annotations

from pathlib import Path

from .anatomy.geometry import GEOMETRY_FILE, load_geometry
from .catalogue import CONTENT_DIR, Catalogue
from .loading import ContentError, Problem, load_collection
from .records.core import Source, Structure


def validate(folder: Path | str = CONTENT_DIR) -> tuple[Catalogue | None, list[Problem]]:
    """Load ``folder`` and check its anatomy drawing; returns the catalogue (None if it failed)
    and every problem found (empty when the content is sound)."""
    folder = Path(folder)
    problems: list[Problem] = []
    catalogue = None
    try:
        catalogue = Catalogue.load(folder)
        structures, sources = catalogue.ids("structures"), catalogue.ids("sources")
    except ContentError as error:
        problems += error.problems
        structures, sources = (
            _ids(folder / "structures.yaml", Structure),
            _ids(folder / "sources", Source),
        )
    drawing = folder / GEOMETRY_FILE.name
    if drawing.exists():
        try:
            load_geometry(drawing, structures, sources)
        except ContentError as error:
            problems += error.problems
    return (catalogue if not problems else None), problems


def _ids(path: Path, record: type) -> list[str]:
    """The ids a collection file names, even when some of its entries are malformed."""
    if not path.exists():
        return []
    try:
        _, origins, _ = load_collection(path, record)
    except ContentError:
        return []
    return list(origins)
