"""Pain sources and pain descriptors as records, read from the content files.

A *pain source* is a structure or nerve whose pain has a known map on the body chart: a
dermatome, a somatic referral zone (facet, disc, sacroiliac or hip joint), a radicular pattern,
a cutaneous nerve's territory, or a nerve entrapment. Its map is a list of body-chart regions,
each with a number from 0 to 1 whose meaning the source's ``measure`` states:

- ``proportion``: the share of patients in a study who had pain in that region (0.94 = 94%);
- ``consistency``: an ordinal teaching weight, not a measured rate — 1.0 the key area, 0.7 an
  area usually involved, 0.35 an area involved in some people, 0.15 rarely.

A *descriptor* is a word or finding a student can pick ("shooting", "worse sitting", "normal
neurological examination"); each source lists the descriptors that fit it and those that do not.
"""

from __future__ import annotations

from ..catalogue import content
from ..loading import suggest

# The record types live in course.records.painmap; they are re-exported here for old imports.
from ..records.painmap import (  # noqa: F401
    GROUPS,
    KINDS,
    DescriptorGroup,
    MapMeasure,
    PainDescriptor,
    PainSource,
    PainSourceKind,
    RegionShare,
)


def pain_sources(kind: str | None = None) -> list[PainSource]:
    """Every pain source, optionally only those of one ``kind`` (see ``KINDS``)."""
    found = content().all("pain_sources")
    if kind is not None:
        if kind not in KINDS:
            raise ValueError(
                f"unknown pain-source kind '{kind}'; choose one of: {', '.join(KINDS)}"
            )
        found = [s for s in found if s.kind == kind]
    return found


def pain_source(ident: str) -> PainSource:
    """One pain source by id, e.g. ``"radicular_l5"``; unknown ids name the closest valid ids."""
    return content().get("pain_sources", ident)


def descriptors(group: str | None = None) -> list[PainDescriptor]:
    """Every pain descriptor, optionally only one ``group`` (quality, location, ...)."""
    found = content().all("pain_descriptors")
    if group is not None:
        if group not in GROUPS:
            raise ValueError(f"unknown descriptor group '{group}'; {suggest(group, GROUPS)}")
        found = [d for d in found if d.group == group]
    return found
