"""Check a content folder completely: what ``python -m course validate`` runs.

:meth:`Catalogue.load` runs every rule of every collection (the anatomy view's outlines, backdrop
and zones included) and the rules across collections, and reports every problem at once. The
procedure sites need the anatomy as shapes (does an outline touch the bone it is drawn from, does
an injection site keep clear of the sciatic nerve), which the records layer cannot build, so once
the catalogue loads they are checked here against its drawing
(:func:`course.anatomy.sites.check_sites`). This module turns all of that into a
(catalogue, problems) pair for the command line.
"""

from __future__ import annotations

from pathlib import Path

from .catalogue import CONTENT_DIR, Catalogue
from .loading import ContentError, Problem, load_collection
from .records.procedures import ProcedureSite


def validate(folder: Path | str = CONTENT_DIR) -> tuple[Catalogue | None, list[Problem]]:
    """Load ``folder`` with every content rule; returns the catalogue (None if it failed) and
    every problem found (empty when the content is sound)."""
    folder = Path(folder)
    try:
        catalogue = Catalogue.load(folder)
    except ContentError as error:
        return None, list(error.problems)
    problems = _check_sites(catalogue)
    return (None if problems else catalogue), problems


def _check_sites(catalogue: Catalogue) -> list[Problem]:
    """The procedure sites' outlines checked against the catalogue's own anatomy drawing, each
    problem with its entry's line in the sites file."""
    from .anatomy.geometry import geometry_of
    from .anatomy.sites import SITES_FILE, check_sites

    sites = catalogue.all("procedure_sites")
    if not sites:
        return []
    _, origins, *_ = load_collection(catalogue.folder / SITES_FILE, ProcedureSite)
    lines = {ident: line for ident, (_, line) in origins.items()}
    return check_sites(sites, geometry_of(catalogue), SITES_FILE, lines)
