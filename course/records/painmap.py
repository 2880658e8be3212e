"""Record types of the body chart and pain maps: chart regions (``body_chart.yaml``), pain
sources with their region shares (``pain_sources.yaml``) and pain descriptors
(``pain_descriptors.yaml``).

Chart geometry is in centimetres: ``x`` from the midline towards the patient's right, ``y`` the
height above the sole. Region shares are 0..1, as the source's ``measure`` says. The drawing,
hit-testing and ranking live in :mod:`course.painmap`.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Literal

from .core import Evidence, ref

ChartView = Literal["posterior", "anterior"]
"""Which side of the body a shape is drawn on."""


VIEWS: tuple[str, ...] = typing.get_args(ChartView)


ChartPartKind = Literal["region", "outline", "landmark"]
"""``region``: an area a pain map can name and a student can click; ``outline``: the body's
silhouette; ``landmark``: a bony point or line drawn to help orientation."""


BodyZone = Literal[
    "lumbar",
    "sacral",
    "buttock",
    "hip",
    "groin",
    "abdomen",
    "perineum",
    "thigh",
    "knee",
    "leg",
    "foot",
]
"""The coarse part of the body a region belongs to. ``leg`` and ``foot`` are below the knee."""


BELOW_KNEE_ZONES: frozenset[str] = frozenset({"leg", "foot"})


Side = Literal["right", "left", "midline"]
"""Which copy of a region: the right or left (mirrored) one, or a midline region drawn once."""


CHART_LIMITS: dict[str, tuple[float, float]] = {"x": (-21.0, 21.0), "y": (-8.0, 128.0)}
"""The extent of the chart in centimetres; every shape must lie inside it."""


@dataclass(frozen=True)
class ChartShape:
    """One polygon, polyline or point of a body-chart entry, in one view."""

    view: ChartView
    points: tuple[tuple[float, ...], ...]
    """Vertices as ``[x, y]`` pairs in centimetres (see the module docstring for the axes)."""
    mirror: bool = True
    """True: the points are the right side's and a mirrored copy is drawn on the left."""


@dataclass(frozen=True)
class BodyRegion:
    """An entry of the body chart: a named region, the silhouette, or a landmark."""

    id: str
    name: str
    """What a student reads, e.g. 'Just below the PSIS (Fortin's area)'."""
    kind: ChartPartKind
    shapes: tuple[ChartShape, ...]
    sources: tuple[str, ...] = ref("sources")
    zone: BodyZone | None = None
    """Required for regions: used to tell, e.g., whether a region is below the knee."""
    note: str = ""

    @property
    def below_knee(self) -> bool:
        """True for regions of the lower leg and foot."""
        return self.zone in BELOW_KNEE_ZONES


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
            return f"{weight:.0%}"
        for threshold, word in ((0.95, "core area"), (0.6, "usually"), (0.3, "in some people")):
            if weight >= threshold:
                return word
        return "rarely"

    def share_evidence(self, share: RegionShare) -> str:
        """The evidence level that applies to one region's figure."""
        return share.evidence or self.evidence
