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

import typing
from dataclasses import dataclass
from typing import Literal

from ..loading import suggest
from ..records import Evidence, ref
from ..words import percent

PainSourceKind = Literal[
    "dermatome", "somatic_referral", "radicular", "cutaneous_nerve", "nerve_entrapment"
]
"""What produces the map: a nerve root's skin area (``dermatome``, the territory of
radiculopathy's sensory loss), noxious stimulation of a spinal or pelvic joint
(``somatic_referral``), ectopic firing of a nerve root (``radicular``), a cutaneous nerve's skin
territory (``cutaneous_nerve``) or a mixed nerve trapped along its course (``nerve_entrapment``)."""

KINDS: tuple[str, ...] = typing.get_args(PainSourceKind)

MapMeasure = Literal["proportion", "consistency"]

DescriptorGroup = Literal["quality", "location", "behaviour", "examination"]
GROUPS: tuple[str, ...] = typing.get_args(DescriptorGroup)


@dataclass(frozen=True)
class RegionShare:
    """One region of a pain source's map and how strongly it is involved."""

    region: str = ref("body_regions")
    frequency: float
    """0..1; a proportion of patients or an ordinal weight, as the source's ``measure`` says."""
    key: bool = False
    """The area most characteristic of the source (drawn with a thick outline)."""
    evidence: Evidence | None = None
    """Overrides the source's evidence level for this region's figure."""
    note: str = ""


@dataclass(frozen=True)
class PainDescriptor:
    """A feature a student can pick in the exercise: a quality, a place, a behaviour, a sign."""

    id: str
    label: str
    group: DescriptorGroup
    explanation: str
    sources: tuple[str, ...] = ref("sources")
    opposite: str | None = ref("pain_descriptors", default=None)
    """A descriptor that cannot be true at the same time (picking both is contradictory)."""


@dataclass(frozen=True)
class PainSource:
    """A source of buttock or leg pain with its map on the body chart and its clinical picture."""

    id: str
    name: str
    short: str
    """A short label for legends and tables."""
    kind: PainSourceKind
    summary: str
    measure: MapMeasure
    regions: tuple[RegionShare, ...]
    quality: str
    """What the pain or symptom feels like."""
    localisation: str
    """Where it is felt and how well the patient can point to it."""
    neuro_signs: str
    """What a neurological examination is expected to find."""
    neurodynamic: str
    """What neurodynamic tests (SLR, slump and others) are expected to show."""
    evidence: Evidence
    """How far the map's figures were checked (see ``course.records.Evidence``)."""
    evidence_note: str
    sources: tuple[str, ...] = ref("sources")
    fits: tuple[str, ...] = ref("pain_descriptors", default=())
    does_not_fit: tuple[str, ...] = ref("pain_descriptors", default=())
    structures: tuple[str, ...] = ref("structures", default=())
    conditions: tuple[str, ...] = ref("conditions", default=())
    tests: tuple[str, ...] = ref("tests", default=())
    level: str = ""
    """The nerve-root level for dermatomes and radicular pain, e.g. ``"L5"``."""

    def weight(self, region: str) -> float:
        """The map's value for ``region`` (0 where the map does not reach)."""
        for share in self.regions:
            if share.region == region:
                return share.frequency
        return 0.0

    @property
    def key_regions(self) -> tuple[str, ...]:
        """The regions marked as the source's key area."""
        return tuple(s.region for s in self.regions if s.key)

    def weight_words(self, weight: float) -> str:
        """How a region's weight reads in text: '94%' for proportions, a word for ordinal maps."""
        if self.measure == "proportion":
            return percent(weight)
        for threshold, word in ((0.95, "core area"), (0.6, "usually"), (0.3, "in some people")):
            if weight >= threshold:
                return word
        return "rarely"

    def share_evidence(self, share: RegionShare) -> str:
        """The evidence level that applies to one region's figure."""
        return share.evidence or self.evidence


def pain_sources(kind: str | None = None) -> list[PainSource]:
    """Every pain source, optionally only those of one ``kind`` (see ``KINDS``)."""
    from ..catalogue import shipped

    found = shipped().all("pain_sources")
    if kind is not None:
        if kind not in KINDS:
            raise ValueError(
                f"unknown pain-source kind '{kind}'; choose one of: {', '.join(KINDS)}"
            )
        found = [s for s in found if s.kind == kind]
    return found


def pain_source(ident: str) -> PainSource:
    """One pain source by id, e.g. ``"radicular_l5"``; unknown ids name the closest valid ids."""
    from ..catalogue import shipped

    return shipped().get("pain_sources", ident)


def descriptors(group: str | None = None) -> list[PainDescriptor]:
    """Every pain descriptor, optionally only one ``group`` (quality, location, ...)."""
    from ..catalogue import shipped

    found = shipped().all("pain_descriptors")
    if group is not None:
        if group not in GROUPS:
            raise ValueError(f"unknown descriptor group '{group}'; {suggest(group, GROUPS)}")
        found = [d for d in found if d.group == group]
    return found
