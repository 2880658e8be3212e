"""Rank candidate pain sources for a marked pain map and picked descriptors — transparently.

This is the logic behind the "where does it come from?" exercise. It is a teaching aid: it
shows how the typical maps and features of each source fit what the student entered. It does
not diagnose; real patients can have more than one source and maps vary between people.

How a candidate is scored (every term is reported back, nothing is hidden):

``score = MAP_POINTS × overlap + FIT_POINTS × (descriptors that fit)
        − AGAINST_POINTS × (descriptors that do not fit) + KEY_POINTS × (key area marked)``

- **overlap** (0..1) compares the student's map with the source's map as a *weighted Jaccard
  index*: the shared part divided by everything either map covers. A marked region counts 1; a
  source region counts its frequency (0..1). With ``M`` the marked regions and ``w`` the source's
  weights: ``overlap = Σ_{r in M} w(r) / (|M| + Σ_{r not in M} w(r))``. It is 1 only when the
  student marked exactly the source's regions and each has weight 1; it falls when marked
  regions lie outside the map and when the map spreads well beyond what was marked.
- A descriptor the source ``fits`` adds a point; one in its ``does_not_fit`` list takes away
  one and a half, because a clear misfit argues against a source more than a fit argues for it.
  A descriptor in neither list is neutral and reported as such.
- Marking a source's key area (e.g. Fortin's area for the sacroiliac joint) adds half a point.
- Any marked region below the knee counts as the descriptor ``below_knee`` even if the student
  did not pick it; the ranking says so in ``derived``.

Ties are broken by overlap, then by the order of the sources in ``pain_sources.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .. import words
from ..catalogue import Catalogue, content
from ..loading import suggest
from ..records.painmap import BodyRegion
from .sources import KINDS, PainSource

MAP_POINTS = 3.0
"""Points for a perfect map overlap (overlap 1.0)."""
FIT_POINTS = 1.0
"""Points for each picked descriptor the source fits."""
AGAINST_POINTS = 1.5
"""Points taken away for each picked descriptor the source does not fit."""
KEY_POINTS = 0.5
"""Points for marking at least one of the source's key areas."""

TEACHING_AID = (
    "A teaching aid, not a diagnosis: the ranking counts how well each source's typical map and "
    "features match what you entered. Patients can have more than one source, maps vary between "
    "people, and only an assessment by a clinician can decide."
)

CENTRAL_WARNING = (
    "Symptoms on both sides or in the saddle area: think of a central cause and screen the red "
    "flags for cauda equina syndrome (saddle numbness, new bladder or bowel change, progressive "
    "weakness)."
)


class RankingInputError(ValueError):
    """The exercise input cannot be ranked: empty, contradictory or naming unknown ids."""


@dataclass(frozen=True)
class Candidate:
    """One pain source's place in a ranking, with every term of its score."""

    source: PainSource
    score: float
    overlap: float
    """Weighted Jaccard overlap of the student's map with the source's map, 0..1."""
    inside: tuple[tuple[str, float], ...]
    """Marked regions the source's map covers, with the map's weight for each."""
    outside: tuple[str, ...]
    """Marked regions the source's map does not reach."""
    fits: tuple[str, ...]
    against: tuple[str, ...]
    neutral: tuple[str, ...]
    key_marked: tuple[str, ...]
    reasons_for: tuple[str, ...] = field(default=())
    reasons_against: tuple[str, ...] = field(default=())

    @property
    def points(self) -> dict[str, float]:
        """The score's terms: map, fits, against (negative) and key."""
        return {
            "map": round(MAP_POINTS * self.overlap, 3),
            "fits": FIT_POINTS * len(self.fits),
            "against": -AGAINST_POINTS * len(self.against),
            "key": KEY_POINTS if self.key_marked else 0.0,
        }


@dataclass(frozen=True)
class Ranking:
    """The ranked candidates for one exercise input, with the notes the student should read."""

    candidates: tuple[Candidate, ...]
    regions: tuple[str, ...]
    descriptors: tuple[str, ...]
    derived: tuple[tuple[str, str], ...]
    """Descriptors added from the map: (descriptor id, why)."""
    notes: tuple[str, ...]

    def top(self, n: int = 3) -> list[Candidate]:
        """The first ``n`` candidates."""
        return list(self.candidates[:n])

    def position(self, source_id: str) -> int:
        """1-based rank of a source; raises KeyError for a source not ranked."""
        for index, candidate in enumerate(self.candidates, start=1):
            if candidate.source.id == source_id:
                return index
        raise KeyError(f"'{source_id}' is not among the ranked sources")

    def candidate(self, source_id: str) -> Candidate:
        """The candidate for one source id."""
        return self.candidates[self.position(source_id) - 1]

    def explain(self, n: int = 3) -> str:
        """The top ``n`` candidates with their score terms and reasons, as plain text.

        Used by the lessons' worked examples; the widget shows the same as a table.
        """
        lines = [TEACHING_AID, *self.notes, *(why for _d, why in self.derived)]
        for index, c in enumerate(self.candidates[:n], start=1):
            pts = c.points
            lines.append(
                f"\n{index}. {c.source.name} — score {c.score:.2f} = map {pts['map']:.2f}"
                f" + fits {pts['fits']:.1f} − against {-pts['against']:.1f}"
                f" + key {pts['key']:.1f} (map overlap {c.overlap:.0%})"
            )
            lines += [f"   + {reason}" for reason in c.reasons_for]
            lines += [f"   − {reason}" for reason in c.reasons_against]
        return "\n".join(lines)

    def __str__(self) -> str:
        lines = [TEACHING_AID, *self.notes]
        for index, c in enumerate(self.candidates[:5], start=1):
            lines.append(
                f"{index}. {c.source.name}: score {c.score:.2f}, map overlap {c.overlap:.0%}"
            )
        return "\n".join(lines)


def lower_first(text: str) -> str:
    """'Just below the PSIS' -> 'just below the PSIS' (acronyms keep their capitals)."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _check_input(
    regions: list[str],
    picked: list[str],
    descriptor_table: dict,
    region_table: dict[str, BodyRegion],
) -> None:
    if not regions and not picked:
        raise RankingInputError(
            "Nothing to rank yet: mark at least one region on the chart or pick at least one "
            "descriptor."
        )
    for ident in regions:
        if ident not in region_table:
            raise RankingInputError(
                f"unknown body-chart region '{ident}'; {suggest(ident, region_table)}"
            )
    for ident in picked:
        if ident not in descriptor_table:
            raise RankingInputError(
                f"unknown descriptor '{ident}'; {suggest(ident, descriptor_table)}"
            )
    clashes = sorted(
        {
            tuple(sorted((d, descriptor_table[d].opposite)))
            for d in picked
            if descriptor_table[d].opposite in picked
        }
    )
    if clashes:
        pairs = "; ".join(
            f"'{descriptor_table[a].label}' and '{descriptor_table[b].label}'" for a, b in clashes
        )
        raise RankingInputError(
            f"These descriptors contradict each other: {pairs}. Keep the one that matches the "
            "patient and untick the other."
        )


def score_source(
    source: PainSource,
    marked: frozenset[str],
    picked: frozenset[str],
    labels: dict[str, str],
    names: dict[str, str],
) -> Candidate:
    """Score one source against a marked map and picked descriptors (see the module docstring)."""
    weights = {share.region: share.frequency for share in source.regions}
    shared = sum(weights.get(r, 0.0) for r in marked)
    unmarked = sum(w for r, w in weights.items() if r not in marked)
    combined = len(marked) + unmarked
    overlap = shared / combined if combined else 0.0
    inside = tuple(sorted(((r, weights[r]) for r in marked if r in weights), key=lambda x: -x[1]))
    outside = tuple(sorted(r for r in marked if r not in weights))
    fits = tuple(d for d in sorted(picked) if d in source.fits)
    against = tuple(d for d in sorted(picked) if d in source.does_not_fit)
    neutral = tuple(d for d in sorted(picked) if d not in fits and d not in against)
    key_marked = tuple(r for r in source.key_regions if r in marked)
    score = (
        MAP_POINTS * overlap
        + FIT_POINTS * len(fits)
        - AGAINST_POINTS * len(against)
        + (KEY_POINTS if key_marked else 0.0)
    )
    reasons_for = []
    if inside:
        covered = ", ".join(
            f"{lower_first(names[r])} ({source.weight_words(w)})" for r, w in inside
        )
        reasons_for.append(f"Its map covers what you marked: {covered}.")
    for r in key_marked:
        reasons_for.append(f"You marked its key area: {lower_first(names[r])}.")
    reasons_for += [f"{labels[d]}: typical of this source." for d in fits]
    reasons_against = []
    if outside:
        missed = ", ".join(lower_first(names[r]) for r in outside)
        reasons_against.append(f"Its map does not reach: {missed}.")
    reasons_against += [f"{labels[d]}: not typical of this source." for d in against]
    return Candidate(
        source=source,
        score=round(score, 4),
        overlap=round(overlap, 4),
        inside=inside,
        outside=outside,
        fits=fits,
        against=against,
        neutral=neutral,
        key_marked=key_marked,
        reasons_for=tuple(reasons_for),
        reasons_against=tuple(reasons_against),
    )


def rank_sources(
    regions: Iterable[str],
    descriptors: Iterable[str] = (),
    *,
    both_sides: bool = False,
    kinds: Iterable[str] | None = None,
    catalogue: Catalogue | None = None,
) -> Ranking:
    """Rank every pain source for a pain map and a set of descriptors.

    ``regions`` are body-chart region ids (e.g. ``"posterior_thigh"``), ``descriptors`` pain
    descriptor ids (e.g. ``"shooting"``). ``both_sides`` says the marks were on both sides of the
    body; ``kinds`` restricts the candidates to some source kinds. Raises
    :class:`RankingInputError` for empty, contradictory or unknown input. Every candidate carries
    its score's terms and its reasons for and against; the module docstring gives the formula.
    The sources, regions and descriptors are those of ``catalogue`` (default: the content in
    use, :func:`course.content`).

    >>> r = rank_sources(["fortin_area"], ["dull_ache", "no_neuro_signs"])
    >>> r.candidates[0].source.id
    'sij_referral'
    """
    catalogue = content() if catalogue is None else catalogue
    marked_list = list(dict.fromkeys(regions))
    picked_list = list(dict.fromkeys(descriptors))
    table = {d.id: d for d in catalogue.all("pain_descriptors")}
    region_table = {r.id: r for r in catalogue.all("body_regions") if r.kind == "region"}
    _check_input(marked_list, picked_list, table, region_table)
    names = {ident: r.name for ident, r in region_table.items()}
    derived = []
    below = [r for r in marked_list if region_table[r].below_knee]
    if below and "below_knee" not in picked_list:
        where = ", ".join(lower_first(names[r]) for r in below)
        derived.append(("below_knee", f"You marked {where}, which is below the knee."))
    picked = frozenset(picked_list) | {d for d, _ in derived}
    candidates_pool = catalogue.all("pain_sources")
    if kinds is not None:
        wanted = set(kinds)
        unknown = wanted - set(KINDS)
        if unknown:
            raise RankingInputError(
                f"unknown source kind '{sorted(unknown)[0]}'; choose from: {', '.join(KINDS)}"
            )
        candidates_pool = [s for s in candidates_pool if s.kind in wanted]
    labels = {d: t.label for d, t in table.items()}
    marked = frozenset(marked_list)
    scored = [score_source(s, marked, picked, labels, names) for s in candidates_pool]
    order = {s.id: i for i, s in enumerate(candidates_pool)}
    scored.sort(key=lambda c: (-c.score, -c.overlap, order[c.source.id]))
    notes = []
    if not marked_list:
        notes.append("No region marked: the ranking uses the descriptors only.")
    if not picked_list:
        notes.append("No descriptor picked: the ranking uses the map only.")
    if both_sides or "perineum" in marked:
        notes.append(CENTRAL_WARNING)
    return Ranking(
        candidates=tuple(scored),
        regions=tuple(marked_list),
        descriptors=tuple(picked_list),
        derived=tuple(derived),
        notes=tuple(notes),
    )


def kind_label(kind: str) -> str:
    """The words a lesson uses for a source kind."""
    return words.PAIN_SOURCE_KIND[kind]
