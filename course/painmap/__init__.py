"""Where does buttock pain come from? Body charts of referred, radicular and nerve pain.

The knowledge lives in three content files: ``body_chart.yaml`` (the regions of a posterior and
an anterior body chart, as polygons in centimetres), ``pain_sources.yaml`` (each pain source's
map over those regions, with how it feels and what examination finds) and
``pain_descriptors.yaml`` (the words a patient or examiner uses). This package reads them
through the course catalogue and offers:

- :func:`rank_sources` — the pure, documented ranking behind the "where does it come from?"
  exercise (:mod:`course.painmap.ranking`);
- :func:`compare` — one or two pain maps side by side with their contrast table;
- :func:`where_from` — the inverse exercise: mark the pain, pick descriptors, see the ranking.

Everything here is a teaching aid: it shows how clinicians reason, it does not diagnose.

>>> from course import painmap
>>> painmap.pain_source("sij_referral").kind
'somatic_referral'
"""

from __future__ import annotations

from typing import Any

from .ranking import Candidate, Ranking, RankingInputError, rank_sources
from .regions import BodyRegion, body_regions, region_at
from .sources import PainDescriptor, PainSource, descriptors, pain_source, pain_sources

__all__ = [
    "BodyRegion",
    "Candidate",
    "PainDescriptor",
    "PainSource",
    "Ranking",
    "RankingInputError",
    "body_regions",
    "compare",
    "descriptors",
    "pain_source",
    "pain_sources",
    "rank_sources",
    "region_at",
    "where_from",
]


def compare(first: str = "facet_referral", second: str | None = "radicular_l5", **kwargs: Any):
    """The compare widget: ``first`` and (optionally) ``second`` pain source side by side.

    Taught in lessons 02 and 06. Keyword arguments go to :class:`CompareWidget`
    (``interactive=True`` shows the ipympl canvas instead of the faster PNG image).
    """
    from .widgets import CompareWidget

    return CompareWidget(first, second, **kwargs)


def where_from(**kwargs: Any):
    """The "where does it come from?" exercise widget (lessons 02 and 06)."""
    from .widgets import WhereFromExercise

    return WhereFromExercise(**kwargs)
