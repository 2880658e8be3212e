"""Check a content folder completely: every collection with its rules, and the anatomy drawing.

This is what ``python -m course validate`` runs. :meth:`Catalogue.load` already runs every rule
of the collections; the posterior anatomy drawing (``anatomy_posterior.yaml``) is still read by
its own loader (:func:`course.anatomy.geometry.load_geometry`), so it is checked here as well,
against the ids of the same folder, and so are the procedure sites' outlines against the bones
they are drawn from (:func:`course.anatomy.sites.check_sites`); every problem is reported at
once.
"""

from __future__ import annotations

from pathlib import Path

from .anatomy.geometry import GEOMETRY_FILE, Geometry, load_geometry
from .anatomy.sites import SITES_FILE, check_sites
from .catalogue import CONTENT_DIR, Catalogue
from .loading import ContentError, Problem, load_collection
from .records.core import Source, Structure
from .records.procedures import ProcedureSite


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
            geometry = load_geometry(drawing, structures, sources)
        except ContentError as error:
            problems += error.problems
        else:
            problems += _check_sites(folder, geometry)
    return (catalogue if not problems else None), problems


def _check_sites(folder: Path, geometry: Geometry) -> list[Problem]:
    """The procedure sites' outlines checked against the drawing, with each entry's line: every
    entry that loads is checked, even when other content has problems."""
    path = folder / SITES_FILE
    if not path.exists():
        return []
    try:
        found, origins, _ = load_collection(path, ProcedureSite)
    except ContentError:
        return []  # already reported by the catalogue
    lines = {ident: line for ident, (_, line) in origins.items()}
    return check_sites(found.values(), geometry, SITES_FILE, lines)


def _ids(path: Path, record: type) -> list[str]:
    """The ids a collection file names, even when some of its entries are malformed."""
    if not path.exists():
        return []
    try:
        _, origins, _ = load_collection(path, record)
    except ContentError:
        return []
    return list(origins)
