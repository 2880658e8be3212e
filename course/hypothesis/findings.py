"""Findings: a test or a cluster, the results it can have, and what each does to the odds.

A :class:`Finding` is what the widget lets a student toggle. For a single test the outcomes are
``positive`` and ``negative`` with the study's LR+ and LR-; for a cluster they are the bands of
:func:`course.hypothesis.clusters.bands`. :func:`assess` combines a pre-test probability with the
chosen outcomes and refuses to count the same test twice (a cluster and one of its own tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..catalogue import content
from ..loading import suggest
from ..records import Accuracy, ClinicalTest, Evidence
from ..words import outcome as outcome_words
from ..words import percent, ratio
from . import clusters as _clusters
from .pretest import PretestProbability
from .probability import check_probability, combined_lr, post_test_probability, study_lr

__all__ = [
    "NOT_DONE",
    "Assessment",
    "Finding",
    "Outcome",
    "assess",
    "finding_of_cluster",
    "finding_of_test",
    "for_presentation",
    "from_cluster",
    "from_test",
    "overlapping",
    "weakest",
]

NOT_DONE = "not done"
"""The outcome key of a finding that was not examined (LR 1: it changes nothing)."""


@dataclass(frozen=True)
class Outcome:
    """One result a finding can have and the LR that result carries."""

    key: str
    """``positive``, ``negative``, or a cluster band such as ``3+ of 6``."""
    lr: float
    evidence: Evidence
    sources: tuple[str, ...]
    band: _clusters.Band | None = None
    """The cluster band this outcome stands for; None for a single test's positive/negative.
    ``course.words.outcome`` writes the outcome in words with its LR and evidence marker."""


@dataclass(frozen=True)
class Finding:
    """A test or cluster with the outcomes the widget offers for it."""

    id: str
    kind: str
    """``test`` or ``cluster``."""
    name: str
    outcomes: tuple[Outcome, ...]
    members: frozenset[str]
    """The tests.yaml ids it counts: itself for a test, its member tests for a cluster."""
    study: str
    """The reference standard and population the figures come from."""
    caveats: tuple[str, ...] = field(default=())

    @property
    def keys(self) -> tuple[str, ...]:
        """Every outcome key, with ``not done`` first."""
        return (NOT_DONE, *(o.key for o in self.outcomes))

    def outcome(self, key: str) -> Outcome:
        """The outcome with this key; an unknown key names the valid ones."""
        for candidate in self.outcomes:
            if candidate.key == key:
                return candidate
        raise ValueError(f"'{key}' is not a result of {self.name}; {suggest(key, self.keys)}")

    @property
    def evidence(self) -> Evidence:
        """The weakest evidence level among its outcomes."""
        return weakest(o.evidence for o in self.outcomes)


@dataclass(frozen=True)
class Assessment:
    """A pre-test probability, the results chosen, and where they leave the probability."""

    pretest: float
    chosen: tuple[tuple[Finding, Outcome], ...]
    combined_lr: float
    post_test: float

    def describe(self) -> str:
        """The reasoning in words, one step per result."""
        if not self.chosen:
            return (
                f"Pre-test probability {percent(self.pretest)}; no test result chosen, so the "
                "probability stays where it started."
            )
        steps = "; ".join(f"{f.name}: {outcome_words(o)}" for f, o in self.chosen)
        combined = (
            f" Combined LR {ratio(self.combined_lr)}, assuming the results are conditionally "
            "independent."
            if len(self.chosen) > 1
            else ""
        )
        return (
            f"Pre-test probability {percent(self.pretest)}. {steps}.{combined} "
            f"Post-test probability {percent(self.post_test)}."
        )


def weakest(levels: Iterable[Evidence]) -> Evidence:
    """The least certain of several evidence levels (``confirmed`` if there are none)."""
    order = ("confirmed", "secondary", "unverified")
    return max(levels, key=order.index, default="confirmed")


def from_test(ident: str, source: str | None = None) -> Finding:
    """The clinical test with id ``ident`` (in the content in use) as a finding.

    Unknown ids name the closest ids; a test without published figures lists those with some.
    See :func:`finding_of_test` for ``source``.
    """
    test = content().get("tests", ident)
    if not test.accuracy:
        with_figures = [t.id for t in content().all("tests") if t.accuracy]
        raise ValueError(
            f"'{test.id}' has no published accuracy figures in the course, so it cannot move a "
            f"probability; tests with figures: {', '.join(with_figures)}"
        )
    return finding_of_test(test, source)


def finding_of_test(test: ClinicalTest, source: str | None = None) -> Finding:
    """A single clinical test as a finding, with the LRs of one of its studies.

    ``source`` picks the accuracy entry that cites it; without it, the first entry that gives
    both LRs. A test without usable figures says why.
    """
    if not test.accuracy:
        raise ValueError(
            f"'{test.id}' has no published accuracy figures, so it cannot move a probability"
        )
    studies = list(test.accuracy)
    if source is not None:
        studies = [a for a in studies if source in a.sources]
        if not studies:
            cited = sorted({s for a in test.accuracy for s in a.sources})
            raise ValueError(
                f"no accuracy entry of '{test.id}' cites '{source}'; {suggest(source, cited)}"
            )
    reasons = []
    for study in studies:
        try:
            outcomes = _test_outcomes(study)
        except ValueError as error:
            reasons.append(f"{_study_name(study)}: {error}")
            continue
        return Finding(
            id=test.id,
            kind="test",
            name=test.name,
            outcomes=outcomes,
            members=frozenset({test.id}),
            study=_study_name(study),
            caveats=(study.note,) if study.note else (),
        )
    raise ValueError(f"no usable likelihood ratios for '{test.id}': " + " | ".join(reasons))


def from_cluster(ident: str, source: str | None = None) -> Finding:
    """The cluster rule with id ``ident`` (in the content in use) as a finding."""
    return finding_of_cluster(_clusters.rule(ident), source)


def finding_of_cluster(rule: _clusters.ClusterRule, source: str | None = None) -> Finding:
    """A cluster rule as one finding whose outcomes are its count bands."""
    study = _clusters.study_index(rule, source)
    outcomes = []
    for band in _clusters.bands(rule, study):
        outcomes.append(
            Outcome(
                key=band.key,
                lr=band.lr,
                evidence=band.accuracy.evidence,
                sources=band.accuracy.sources,
                band=band,
            )
        )
    first = _clusters.bands(rule, study)[0].accuracy
    caveats = tuple(
        text
        for text in (
            "The middle band uses the LR+ of a lower cut-off: an approximation."
            if len(rule.thresholds) > 1
            else "",
            first.note,
            rule.note,
        )
        if text
    )
    return Finding(
        id=rule.id,
        kind="cluster",
        name=rule.name,
        outcomes=tuple(outcomes),
        members=rule.member_tests,
        study=_study_name(first),
        caveats=caveats,
    )


def for_presentation(entry: PretestProbability) -> list[Finding]:
    """The findings a presentation offers, built from the tests and clusters it names (looked
    up in the content in use)."""
    if not isinstance(entry, PretestProbability):
        raise TypeError(
            f"expected a PretestProbability, got {entry!r}; look one up by id with "
            "pretest.presentation(...)"
        )
    out = []
    for choice in entry.findings:
        if choice.cluster is not None:
            out.append(from_cluster(choice.cluster, choice.source))
        elif choice.test is not None:
            out.append(from_test(choice.test, choice.source))
    return out


def assess(pretest: float, chosen: Iterable[tuple[Finding, str]] = ()) -> Assessment:
    """Combine a pre-test probability with the chosen results of several findings.

    ``chosen`` pairs each finding with an outcome key; ``not done`` pairs are skipped. The odds
    are multiplied by every LR, which assumes conditional independence (see
    :func:`course.hypothesis.probability.post_test_probability`). Two findings that count the
    same test (a cluster and one of its own tests) are refused, because that counts it twice.
    """
    pretest = check_probability(pretest, "pre-test probability")
    picked: list[tuple[Finding, Outcome]] = []
    for finding, key in chosen:
        if key == NOT_DONE:
            continue
        picked.append((finding, finding.outcome(key)))
    _refuse_overlaps([f for f, _ in picked])
    lrs = [o.lr for _, o in picked]
    post = post_test_probability(pretest, *lrs)
    return Assessment(pretest, tuple(picked), combined_lr(lrs), post)


def overlapping(finding: Finding, others: Sequence[Finding]) -> list[Finding]:
    """The findings among ``others`` that count one of the same tests as ``finding``."""
    return [o for o in others if o is not finding and o.members & finding.members]


def _refuse_overlaps(findings: list[Finding]) -> None:
    for index, first in enumerate(findings):
        for second in findings[index + 1 :]:
            shared = sorted(first.members & second.members)
            if shared:
                raise ValueError(
                    f"'{first.name}' and '{second.name}' both count {', '.join(shared)}: "
                    "multiplying both LRs would count the same examination twice (the results "
                    "are not conditionally independent). Use one or the other."
                )


def _test_outcomes(study: Accuracy) -> tuple[Outcome, ...]:
    plus = study_lr("positive", study.sensitivity, study.specificity, study.lr_positive)
    minus = study_lr("negative", study.sensitivity, study.specificity, study.lr_negative)
    return (
        Outcome("positive", plus, study.evidence, study.sources),
        Outcome("negative", minus, study.evidence, study.sources),
    )


def _study_name(study: Accuracy) -> str:
    who = f"; {study.population}" if study.population else ""
    return f"{study.reference_standard}{who}"
