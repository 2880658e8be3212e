"""Record types of the hypothesis content: cluster rules (``clusters.yaml``) and pre-test
probabilities (``pretest.yaml``), with the findings each presentation offers.

Proportions are in 0..1. The counting and the probability arithmetic live in
:mod:`course.hypothesis`; these are the data they read.
"""

from __future__ import annotations

from dataclasses import dataclass

from .core import Accuracy, Evidence, ref


@dataclass(frozen=True)
class ClusterItem:
    """One finding a cluster counts (a test, or an item of history)."""

    id: str
    """Unique within its cluster, e.g. ``gaenslen_left``."""
    label: str
    test: str | None = ref("tests", default=None)
    """The clinical test (tests.yaml id) this item is, where it is one."""


@dataclass(frozen=True)
class ClusterThreshold:
    """'At least ``min_positive`` items positive', with the accuracy published for that cut-off."""

    min_positive: int
    accuracy: tuple[Accuracy, ...]
    """One entry per study or cohort; the first is the one the course uses by default."""


@dataclass(frozen=True)
class ClusterRule:
    """A published cluster (clinical prediction) rule: items to count and cut-offs to apply."""

    id: str
    name: str
    condition: str = ref("conditions")
    """The condition a positive cluster points toward."""
    purpose: str
    items: tuple[ClusterItem, ...]
    thresholds: tuple[ClusterThreshold, ...]
    sources: tuple[str, ...] = ref("sources")
    test: str | None = ref("tests", default=None)
    """The tests.yaml entry that describes this composite as a whole, if there is one."""
    note: str = ""

    def __post_init__(self) -> None:
        # Records are loaded from YAML in file order; keep the cut-offs highest first.
        ordered = tuple(sorted(self.thresholds, key=lambda t: -t.min_positive))
        object.__setattr__(self, "thresholds", ordered)

    @property
    def item_ids(self) -> tuple[str, ...]:
        """The ids of the items, in the order they are examined."""
        return tuple(item.id for item in self.items)

    @property
    def member_tests(self) -> frozenset[str]:
        """Every tests.yaml id this cluster counts, including its own composite entry."""
        found = {item.test for item in self.items if item.test}
        if self.test:
            found.add(self.test)
        return frozenset(found)


@dataclass(frozen=True)
class FindingChoice:
    """A test or a cluster offered for a presentation (give exactly one of the two).

    ``source`` picks the study where the test or cluster has several accuracy entries, e.g. the
    straight leg raise as studied by Martin 2014 (sciatic nerve entrapment) rather than Devillé
    2000 (disc herniation). Without it the first entry with usable figures is used.
    """

    test: str | None = ref("tests", default=None)
    cluster: str | None = ref("clusters", default=None)
    source: str | None = ref("sources", default=None)


@dataclass(frozen=True)
class PretestProbability:
    """How common a condition is in a stated population: a point value or a range (0..1)."""

    id: str
    name: str
    """The presentation as the widget lists it, e.g. 'Pelvic girdle pain in pregnancy'."""
    condition: str = ref("conditions")
    population: str
    """Who was counted, and how the condition was confirmed."""
    evidence: Evidence
    sources: tuple[str, ...] = ref("sources")
    value: float | None = None
    low: float | None = None
    high: float | None = None
    findings: tuple[FindingChoice, ...] = ()
    note: str = ""

    @property
    def typical(self) -> float:
        """The value to start from: the point value, else the middle of the range."""
        if self.value is not None:
            return self.value
        if self.low is None or self.high is None:
            raise ValueError(f"pre-test entry '{self.id}' gives neither a value nor a range")
        return (self.low + self.high) / 2

    @property
    def span(self) -> tuple[float, float] | None:
        """The published range (low, high), or None for a single value."""
        if self.low is None or self.high is None:
            return None
        return (self.low, self.high)
