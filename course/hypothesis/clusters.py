"""Cluster rules as data (``course/content/clusters.yaml``) and how to count one.

A cluster rule counts how many of a fixed set of findings are positive and compares the count
with one or more published cut-offs ("3 or more of 6"). Its accuracy was measured for the count,
not for each test, so a cluster carries its own likelihood ratios: multiplying the LRs of its
member tests instead would treat them as independent, which they are not.

Counts fall into **bands**. With cut-offs 4 and 3 of 5 (Sutlive's hip OA rule) the bands are
"4 or 5" (LR+ of the 4-of-5 rule), "exactly 3" (LR+ of the 3-of-5 rule) and "0 to 2" (LR- of the
3-of-5 rule). The middle band borrows the LR+ of "3 or more", which also counts people with 4 or
5 positive, so it is an approximation; :class:`Band` says so. Taught in lesson 08.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..catalogue import content
from ..loading import suggest
from ..records import rules as content_rules
from ..records.core import Accuracy
from ..records.hypothesis import ClusterItem, ClusterRule, ClusterThreshold
from ..words import band as band_words
from .probability import study_lr

__all__ = [
    "Band",
    "ClusterItem",
    "ClusterResult",
    "ClusterRule",
    "ClusterThreshold",
    "all_rules",
    "bands",
    "cluster_flaws",
    "evaluate",
    "rule",
    "study_index",
]


@dataclass(frozen=True)
class Band:
    """A range of positive counts, inclusive, and the LR a count in that range carries."""

    low: int
    high: int
    of: int
    """How many items the cluster has."""
    lr: float
    result: str
    """``positive`` (the LR is an LR+ of the cut-off ``threshold``) or ``negative`` (an LR-)."""
    threshold: int
    accuracy: Accuracy
    approximate: bool = False
    """True when the LR+ of 'at least k' stands in for a band that stops below the next cut-off."""

    @property
    def key(self) -> str:
        """A short label such as ``3+ of 6``, ``3 of 5`` or ``0-2 of 5``."""
        if self.high == self.of and self.low < self.high:
            return f"{self.low}+ of {self.of}"
        if self.low == self.high:
            return f"{self.low} of {self.of}"
        return f"{self.low}-{self.high} of {self.of}"


@dataclass(frozen=True)
class ClusterResult:
    """The count of one examination against a cluster rule."""

    rule: ClusterRule
    positive: tuple[str, ...]
    negative: tuple[str, ...]
    not_done: tuple[str, ...]
    band: Band | None
    """The band the count is in, or None while items not done could still change the band."""

    @property
    def lr(self) -> float | None:
        """The LR to apply, or None while the result is undecided."""
        return None if self.band is None else self.band.lr

    def describe(self) -> str:
        """The result in a sentence, for the text description and for screen readers."""
        n = len(self.rule.items)
        counted = f"{len(self.positive)} of {n} positive, {len(self.negative)} negative"
        if self.not_done:
            counted += f", {len(self.not_done)} not done"
        if self.band is None:
            return (
                f"{self.rule.name}: {counted}. Undecided: the items not done could still "
                "change which cut-off is met."
            )
        return f"{self.rule.name}: {counted}; {band_words(self.band)}."


def all_rules() -> list[ClusterRule]:
    """Every cluster rule the course ships."""
    return content().all("clusters")


def rule(ident: str) -> ClusterRule:
    """One cluster rule by id; an unknown id names the closest ids."""
    return content().get("clusters", ident)


def study_index(rule: ClusterRule, source: str | None) -> int:
    """Which accuracy entry (per cut-off) cites ``source``; 0 when ``source`` is None."""
    if source is None:
        return 0
    for threshold in rule.thresholds:
        for index, study in enumerate(threshold.accuracy):
            if source in study.sources:
                return index
    cited = sorted({s for t in rule.thresholds for a in t.accuracy for s in a.sources})
    raise ValueError(
        f"no accuracy entry of cluster '{rule.id}' cites '{source}'; {suggest(source, cited)}"
    )


def bands(rule: ClusterRule, study: int = 0) -> list[Band]:
    """The bands a count can fall in, highest count first, using study number ``study``.

    A cut-off with fewer studies than ``study + 1`` falls back to its first study.
    """
    _require_rule(rule)
    n = len(rule.items)
    out: list[Band] = []
    upper = n
    for position, threshold in enumerate(rule.thresholds):
        accuracy = _study(rule, threshold, study)
        lr = _lr(rule, threshold, accuracy, "positive")
        out.append(
            Band(threshold.min_positive, upper, n, lr, "positive", threshold.min_positive,
                 accuracy, approximate=position > 0)
        )  # fmt: skip
        upper = threshold.min_positive - 1
    lowest = rule.thresholds[-1]
    accuracy = _study(rule, lowest, study)
    out.append(
        Band(0, upper, n, _lr(rule, lowest, accuracy, "negative"), "negative",
             lowest.min_positive, accuracy)
    )  # fmt: skip
    return out


def evaluate(
    rule: ClusterRule, results: Mapping[str, bool | None], study: int = 0
) -> ClusterResult:
    """Count one examination: ``results`` maps item ids to True (positive), False or None.

    Items left out count as not done. The band is decided as soon as no remaining item could
    change it: Laslett's rule stops once three tests are positive, and is negative once too few
    remain to reach three.
    """
    _require_rule(rule)
    valid = rule.item_ids
    for key, value in results.items():
        if key not in valid:
            raise ValueError(
                f"'{key}' is not an item of cluster '{rule.id}'; {suggest(key, valid)}"
            )
        if value is not None and not isinstance(value, bool):
            raise ValueError(
                f"item '{key}' must be True (positive), False (negative) or None (not done), "
                f"got {value!r}"
            )
    positive = tuple(i for i in valid if results.get(i) is True)
    negative = tuple(i for i in valid if results.get(i) is False)
    not_done = tuple(i for i in valid if results.get(i) is None)
    low, high = len(positive), len(positive) + len(not_done)
    band = None
    for candidate in bands(rule, study):
        if candidate.low <= low and high <= candidate.high:
            band = candidate
            break
    return ClusterResult(rule, positive, negative, not_done, band)


def cluster_flaws(rules: list[ClusterRule] | None = None) -> list[str]:
    """What :func:`course.records.rules.cluster` finds wrong with cluster rules, as lines.

    The same rule runs whenever content loads (and in ``python -m course validate``); this
    wrapper checks records built by hand. Empty when nothing is wrong.
    """
    entries = all_rules() if rules is None else rules
    return content_rules.lines("clusters.yaml", entries, content_rules.cluster)


def _require_rule(given: object) -> None:
    """Logic takes records: an id here gets a TypeError saying how to look the rule up."""
    if not isinstance(given, ClusterRule):
        raise TypeError(
            f"expected a ClusterRule, got {given!r}; look one up by id with clusters.rule(...)"
        )


def _study(rule: ClusterRule, threshold: ClusterThreshold, study: int) -> Accuracy:
    if not threshold.accuracy:
        raise ValueError(f"cluster '{rule.id}' threshold {threshold.min_positive} has no study")
    if study < 0:
        raise ValueError(f"study must be 0 or more, got {study}")
    return threshold.accuracy[study] if study < len(threshold.accuracy) else threshold.accuracy[0]


def _lr(rule: ClusterRule, threshold: ClusterThreshold, a: Accuracy, result: str) -> float:
    published = a.lr_positive if result == "positive" else a.lr_negative
    try:
        return study_lr(result, a.sensitivity, a.specificity, published)
    except ValueError as error:
        raise ValueError(
            f"cluster '{rule.id}', {threshold.min_positive} or more positive: {error}"
        ) from None
