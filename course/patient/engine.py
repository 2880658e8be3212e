"""The virtual patient's reasoning engine: findings in, a ranked differential and a triage out.

A teaching aid, not a diagnosis (:data:`TEACHING_AID`). It works on any case written in the
course's vocabulary, because it reads only that vocabulary: red flags, clinical tests and
cluster rules with their published accuracy, pain descriptors and body-chart regions through
the pain-source ranking, and what an investigation shows or excludes.

How each condition is scored (:data:`FORMULA`; every term is reported back as a :class:`Term`):

``odds = prior odds × Π factor``, ``probability = odds / (1 + odds)``

- **prior**: from ``pretest.yaml`` where the case's setting has an entry for the condition (a
  point value, or the middle of a published range), else :data:`DEFAULT_PRIOR`, a teaching
  judgement that treats every other condition alike.
- **test** (published): a positive result multiplies the odds of each condition the test
  targets by its LR+, a negative one by its LR-, from the first study in ``tests.yaml`` that
  gives both. A test without usable figures moves nothing, and the differential says so.
- **cluster** (published): the LR of the band the count of positive items falls in
  (:func:`course.hypothesis.clusters.bands`). A cluster's accuracy belongs to the count, so
  when a cluster is asked its own tests' LRs are left out for the cluster's condition (they
  would count the same examination twice).
- **flag** (teaching): a yes to a red-flag question multiplies the odds of each condition the
  question ``suggests`` by :data:`FLAG_FACTOR`; a no moves nothing (one absent feature says
  little). The flags present set the urgency tier: the most urgent of their tiers.
- **map** (teaching): the revealed pain map and descriptors are ranked against every pain
  source (:func:`course.painmap.rank_sources`); a condition's factor is
  ``exp(MAP_WEIGHT × (best score of its sources − mean score of all sources))``, kept within
  ``1/MAP_LIMIT .. MAP_LIMIT``. Conditions without a pain source in the course are not moved.
- **investigation** (teaching): a result that shows a condition multiplies its odds by
  :data:`SHOWS_FACTOR`; one that excludes it by :data:`EXCLUDES_FACTOR`.

Multiplying the factors assumes the findings are conditionally independent, which real findings
seldom are; the engine says so. Each condition is scored on its own, so the probabilities do not
add up to one (a patient may have two sources). Ties keep the order of ``conditions.yaml``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..catalogue import Catalogue
from ..hypothesis import clusters as _clusters
from ..hypothesis.findings import finding_of_test
from ..painmap.ranking import RankingInputError, rank_sources
from ..records import Condition, Evidence, RedFlag
from ..records.hypothesis import ClusterRule, PretestProbability
from ..records.patient import CaseAnswer, PatientCase, PatientItem, Result, Triage
from ..words import percent, ratio

DEFAULT_PRIOR = 0.05
"""Prior probability (0..1) of a condition the case's setting gives no figure for: a teaching
judgement, the same for every such condition."""
FLAG_FACTOR = 5.0
"""Odds factor of a yes to a red-flag question for each condition it suggests (teaching). It is
above :data:`MAP_LIMIT` on purpose: a red flag outweighs where the pain is felt."""
MAP_WEIGHT = 0.5
"""Odds factor per point of pain-source score above the mean (teaching): exp(0.5) ≈ 1.65."""
MAP_LIMIT = 2.5
"""The pain-map factor stays within 1/2.5 .. 2.5 (teaching): many conditions share a map, so a map
never outweighs a red flag or a good test."""
SHOWS_FACTOR = 20.0
"""Odds factor of an investigation that shows a condition (teaching)."""
EXCLUDES_FACTOR = 0.05
"""Odds factor of an investigation that makes a condition very unlikely (teaching)."""

TEACHING_AID = (
    "A teaching aid, not a diagnosis: the engine multiplies published likelihood ratios and "
    "stated teaching weights as if the findings were independent, which real findings seldom "
    "are. It shows how findings move a differential; only a clinician's assessment decides."
)

FORMULA = (
    "odds = prior odds × the factor of every finding; probability = odds / (1 + odds). "
    "Prior: pretest.yaml where the setting has a figure, else "
    f"{percent(DEFAULT_PRIOR)} (teaching judgement). Tests and clusters: their published LR+ or "
    "LR- (a cluster replaces its own tests). A red-flag yes: "
    f"×{FLAG_FACTOR:g} for each condition it suggests (teaching). Pain map and descriptors: "
    f"exp({MAP_WEIGHT:g} × (source score − mean score)), within ×{1 / MAP_LIMIT:g} to "
    f"×{MAP_LIMIT:g} (teaching). An investigation that shows a condition: ×{SHOWS_FACTOR:g}; "
    f"that excludes it: ×{EXCLUDES_FACTOR:g} (teaching)."
)

TermKind = Literal["prior", "test", "cluster", "flag", "map", "investigation"]
Basis = Literal["published", "teaching"]


@dataclass(frozen=True)
class Observation:
    """What one item revealed: the case's scripted answer, or the item's neutral one."""

    item: PatientItem
    answer: CaseAnswer | None = None
    """None when the case does not script the item (the neutral answer)."""

    @property
    def scripted(self) -> bool:
        """True when the case scripts this item."""
        return self.answer is not None

    @property
    def says(self) -> str:
        """What the patient says or the examiner finds."""
        return self.answer.says if self.answer else self.item.neutral

    @property
    def result(self) -> Result | None:
        """Positive or negative for a test, cluster or red-flag question (neutral: negative);
        None for other items."""
        if self.item.kind not in ("flag", "test", "cluster"):
            return None
        if self.answer is not None and self.answer.result is not None:
            return self.answer.result
        return "negative"

    @property
    def count(self) -> int | None:
        """For a cluster: the positive items (neutral: none)."""
        if self.item.kind != "cluster":
            return None
        return self.answer.count if self.answer and self.answer.count is not None else 0

    @property
    def descriptors(self) -> tuple[str, ...]:
        """Pain descriptors revealed."""
        return self.answer.descriptors if self.answer else ()

    @property
    def regions(self) -> tuple[str, ...]:
        """Body-chart regions marked."""
        return self.answer.regions if self.answer else ()

    @property
    def shows(self) -> tuple[str, ...]:
        """Conditions an investigation shows."""
        return self.answer.shows if self.answer else ()

    @property
    def excludes(self) -> tuple[str, ...]:
        """Conditions an investigation makes very unlikely."""
        return self.answer.excludes if self.answer else ()


def observe(case: PatientCase, item: PatientItem) -> Observation:
    """What asking ``item`` reveals in ``case``: its scripted answer, or the neutral one."""
    for answer in case.answers:
        if answer.item == item.id:
            return Observation(item, answer)
    return Observation(item, None)


@dataclass(frozen=True)
class Term:
    """One factor of one condition's odds, with where it comes from."""

    condition: str
    item: str | None
    """The item whose finding gives it; None for the prior."""
    kind: TermKind
    factor: float
    """Multiplies the odds (1 changes nothing; for the prior, the prior odds themselves)."""
    basis: Basis
    """``published`` (a figure from the literature) or ``teaching`` (the course's judgement)."""
    words: str
    """One line a student reads: what the finding was and what it weighs."""
    evidence: Evidence | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Standing:
    """One condition's place in a differential, with every term of its score."""

    condition: Condition
    prior: float
    """The prior probability, 0..1."""
    prior_basis: str
    """``pretest:<id>`` or ``default`` (the teaching prior)."""
    terms: tuple[Term, ...]
    """The factors of its findings (the prior is not among them)."""
    odds: float
    probability: float
    """The engine's probability, 0..1."""

    @property
    def reasons_for(self) -> tuple[Term, ...]:
        """Terms that raise it, strongest first."""
        return tuple(sorted((t for t in self.terms if t.factor > 1), key=lambda t: -t.factor))

    @property
    def reasons_against(self) -> tuple[Term, ...]:
        """Terms that lower it, strongest first."""
        return tuple(sorted((t for t in self.terms if t.factor < 1), key=lambda t: t.factor))


@dataclass(frozen=True)
class Differential:
    """Every condition ranked for a set of findings, and the triage the red flags demand."""

    standings: tuple[Standing, ...]
    tier: Triage
    """The most urgent tier among the red flags present; ``none`` when none is present."""
    flags: tuple[RedFlag, ...]
    """The red flags found, most urgent first."""
    notes: tuple[str, ...] = field(default=())

    def top(self, n: int = 3) -> list[Standing]:
        """The first ``n`` standings."""
        return list(self.standings[:n])

    def position(self, condition_id: str) -> int:
        """1-based rank of a condition; KeyError names the valid ids."""
        for index, standing in enumerate(self.standings, start=1):
            if standing.condition.id == condition_id:
                return index
        valid = ", ".join(s.condition.id for s in self.standings)
        raise KeyError(f"no condition '{condition_id}' in the differential; valid: {valid}")

    def standing(self, condition_id: str) -> Standing:
        """The standing of one condition."""
        return self.standings[self.position(condition_id) - 1]


def _prior_of(entry: PretestProbability) -> float:
    if entry.value is not None:
        return entry.value
    return (entry.low + entry.high) / 2  # the content rules require one form or the other


class Engine:
    """The engine for one setting: the content's records and the priors, resolved once."""

    def __init__(self, catalogue: Catalogue, priors: Iterable[PretestProbability] = ()):
        self.catalogue = catalogue
        self.conditions: tuple[Condition, ...] = tuple(catalogue.all("conditions"))
        self.priors: dict[str, PretestProbability] = {}
        for entry in priors:
            self.priors.setdefault(entry.condition, entry)
        self._tests = {t.id: t for t in catalogue.all("tests")}
        self._clusters: dict[str, ClusterRule] = {c.id: c for c in catalogue.all("clusters")}
        self._flags = {f.id: f for f in catalogue.all("red_flags")}
        order = [t.id for t in catalogue.all("urgency")]
        self._urgency_order = {tier: index for index, tier in enumerate(order)}
        self._regions = {r.id for r in catalogue.all("body_regions") if r.kind == "region"}
        self._sources_of: dict[str, list[str]] = {}
        for source in catalogue.all("pain_sources"):
            for condition in source.conditions:
                self._sources_of.setdefault(condition, []).append(source.id)

    # ------------------------------------------------------------------ terms per finding

    def _test_terms(self, finding: Observation, test_id: str) -> tuple[list[Term], str | None]:
        test = self._tests[test_id]
        try:
            study = finding_of_test(test)
        except ValueError:
            return [], f"{test.name} has no published likelihood ratios, so it moves nothing."
        outcome = study.outcome(finding.result or "negative")
        sign = "+" if outcome.key == "positive" else "-"
        words = (
            f"{test.name} {outcome.key}: LR{sign} {ratio(outcome.lr)} "
            f"({outcome.evidence}; {study.study})"
        )
        terms = [
            Term(
                c,
                finding.item.id,
                "test",
                outcome.lr,
                "published",
                words,
                outcome.evidence,
                outcome.sources,
            )
            for c in test.target_conditions
        ]
        return terms, None

    def _cluster_terms(self, finding: Observation, rule: ClusterRule) -> list[Term]:
        bands = _clusters.bands(rule, 0)
        count = finding.count or 0
        band = next((b for b in bands if b.low <= count <= b.high), bands[0])
        words = (
            f"{rule.name}: {band.key}, LR {ratio(band.lr)} ({band.accuracy.evidence}"
            f"{'; approximate band' if band.approximate else ''})"
        )
        return [
            Term(
                rule.condition,
                finding.item.id,
                "cluster",
                band.lr,
                "published",
                words,
                band.accuracy.evidence,
                band.accuracy.sources,
            )
        ]

    def _map_terms(self, findings: Sequence[Observation], notes: list[str]) -> list[Term]:
        regions = [r for f in findings for r in f.regions]
        kept = [r for r in dict.fromkeys(regions) if r in self._regions]
        if len(kept) < len(set(regions)):
            notes.append("Landmarks and outlines on the pain map are not regions; ignored.")
        descriptors = list(dict.fromkeys(d for f in findings for d in f.descriptors))
        if not kept and not descriptors:
            return []
        try:
            ranking = rank_sources(kept, descriptors, catalogue=self.catalogue)
        except RankingInputError as error:
            notes.append(f"The pain map and descriptors were not weighed: {error}")
            return []
        scores = {c.source.id: c.score for c in ranking.candidates}
        mean = sum(scores.values()) / len(scores)
        item = next((f.item.id for f in findings if f.regions or f.descriptors), None)
        terms = []
        for condition, sources in self._sources_of.items():
            best = max(sources, key=lambda s: scores.get(s, -math.inf))
            if best not in scores:
                continue
            raw = math.exp(MAP_WEIGHT * (scores[best] - mean))
            factor = min(MAP_LIMIT, max(1 / MAP_LIMIT, raw))
            source = ranking.candidate(best).source
            words = (
                f"Pain map and descriptors fit {source.name} with score {scores[best]:.1f} "
                f"(mean of all sources {mean:.1f}): ×{ratio(factor)}, a teaching weight"
            )
            terms.append(Term(condition, item, "map", factor, "teaching", words))
        return terms

    # ------------------------------------------------------------------ ranking

    def rank(self, findings: Sequence[Observation]) -> Differential:
        """The differential after ``findings`` (in the order they were revealed; an item asked
        twice counts once, its first answer)."""
        unique: dict[str, Observation] = {}
        for finding in findings:
            unique.setdefault(finding.item.id, finding)
        found = list(unique.values())
        notes: list[str] = []
        terms: list[Term] = []
        flags: list[RedFlag] = []
        clustered: dict[str, frozenset[str]] = {}  # condition -> tests a cluster already counts
        for finding in found:
            if finding.item.cluster:
                rule = self._clusters[finding.item.cluster]
                counted = clustered.get(rule.condition, frozenset())
                clustered[rule.condition] = counted | rule.member_tests
        seen_tests: set[str] = set()
        for finding in found:
            item = finding.item
            if item.flag and finding.result == "positive":
                flag = self._flags[item.flag]
                if flag not in flags:
                    flags.append(flag)
                words = f"Red flag: {flag.name} (a yes to '{item.label}'): ×{FLAG_FACTOR:g}"
                terms += [
                    Term(c, item.id, "flag", FLAG_FACTOR, "teaching", words, None, flag.sources)
                    for c in item.suggests
                ]
            elif item.test:
                if item.test in seen_tests:
                    notes.append(f"{item.label}: the same test was already counted once.")
                    continue
                seen_tests.add(item.test)
                found_terms, note = self._test_terms(finding, item.test)
                if note:
                    notes.append(note)
                for term in found_terms:
                    if item.test in clustered.get(term.condition, ()):
                        notes.append(
                            f"{item.label} is counted inside a cluster already asked, so its own "
                            f"LR is left out for {term.condition}."
                        )
                        continue
                    terms.append(term)
            elif item.cluster:
                terms += self._cluster_terms(finding, self._clusters[item.cluster])
            elif item.kind == "investigation":
                for condition in finding.shows:
                    words = f"{item.label} shows it: ×{SHOWS_FACTOR:g}, a teaching weight"
                    terms.append(
                        Term(condition, item.id, "investigation", SHOWS_FACTOR, "teaching", words)
                    )
                for condition in finding.excludes:
                    words = f"{item.label} makes it very unlikely: ×{EXCLUDES_FACTOR:g}"
                    terms.append(
                        Term(
                            condition, item.id, "investigation", EXCLUDES_FACTOR, "teaching", words
                        )
                    )
        terms += self._map_terms(found, notes)
        by_condition: dict[str, list[Term]] = {}
        for term in terms:
            by_condition.setdefault(term.condition, []).append(term)
        standings = []
        for index, condition in enumerate(self.conditions):
            entry = self.priors.get(condition.id)
            prior = _prior_of(entry) if entry else DEFAULT_PRIOR
            basis = f"pretest:{entry.id}" if entry else "default"
            own = tuple(by_condition.get(condition.id, ()))
            odds = prior / (1 - prior)
            for term in own:
                odds *= term.factor
            probability = odds / (1 + odds) if math.isfinite(odds) else 1.0
            standings.append(
                (-probability, index, Standing(condition, prior, basis, own, odds, probability))
            )
        standings.sort(key=lambda entry: entry[:2])
        flags.sort(key=lambda f: self._urgency_order.get(f.urgency, len(self._urgency_order)))
        tier: Triage = flags[0].urgency if flags else "none"
        if len(found) > 1:
            notes.append(
                "Factors are multiplied as if the findings were independent; real findings "
                "often are not."
            )
        return Differential(
            tuple(s for *_, s in standings), tier, tuple(flags), tuple(dict.fromkeys(notes))
        )

    def replay(self, findings: Sequence[Observation]) -> list[Differential]:
        """The differential before any finding and after each one, in order (n + 1 entries)."""
        return [self.rank(findings[:n]) for n in range(len(findings) + 1)]


def engine_for(case: PatientCase, catalogue: Catalogue) -> Engine:
    """The engine with the priors of the case's setting (``case.priors``)."""
    return Engine(catalogue, [catalogue.get("pretest", ident) for ident in case.priors])
