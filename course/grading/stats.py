"""Item analysis: how hard each question was and how well it separated strong from weak work.

Pure functions on a score table (student -> question -> points); :mod:`course.grading.report`
feeds them from the gradebook. Definitions, for a question worth ``m`` points:

- **difficulty** ``p``: the mean fraction of the question's points earned, 0 (nobody) to 1
  (everybody). Classical test theory calls this the difficulty index although high means easy.
- **point-biserial** ``r_pb``: the Pearson correlation between the fraction earned on the
  question and each student's *rest score* (total of the other questions), the corrected
  item-total correlation. For a right/wrong question it is the point-biserial coefficient.
  Undefined (``None``) when either varies not at all.
- **discrimination** ``D`` (upper-lower index, Kelley): ``p`` in the top 27% of students by total
  score minus ``p`` in the bottom 27% (at least one student per group; ties at the boundary are
  broken by student id). From -1 to 1; about 0.3 or more is usually read as discriminating well.

A question not yet graded for a student (``None``) is left out of that question's figures and
counts as 0 in that student's total; ``ungraded`` says how many such gaps there were.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

GROUP_FRACTION = 0.27
"""Share of students in each of the upper and lower groups (Kelley's 27%)."""


@dataclass(frozen=True)
class ItemStats:
    """The item-analysis figures for one question."""

    item: str
    max_score: float
    n: int
    """Students with a score for this question."""
    difficulty: float | None
    point_biserial: float | None
    discrimination: float | None
    ungraded: int


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """The Pearson correlation of two equal-length lists, or ``None`` if either is constant."""
    if len(xs) != len(ys):
        raise ValueError(f"lists differ in length: {len(xs)} and {len(ys)}")
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def item_analysis(
    scores: Mapping[str, Mapping[str, float | None]],
    max_scores: Mapping[str, float],
    group_fraction: float = GROUP_FRACTION,
) -> list[ItemStats]:
    """Difficulty, point-biserial and upper-lower discrimination of every question.

    ``scores`` maps each student to their points per question (``None``: not graded);
    ``max_scores`` maps each question to its maximum points, in the order to report them.
    """
    if not 0 < group_fraction <= 0.5:
        raise ValueError(f"group_fraction must be in (0, 0.5], got {group_fraction}")
    for question, top in max_scores.items():
        if top <= 0:
            raise ValueError(f"question '{question}' has max score {top}; it must be positive")
    students = sorted(scores)
    totals = {s: sum(v or 0.0 for v in scores[s].values()) for s in students}
    ranked = sorted(students, key=lambda s: (-totals[s], s))
    group = max(1, round(group_fraction * len(ranked)))
    group = min(group, len(ranked) // 2)
    upper, lower = ranked[:group], ranked[len(ranked) - group :]
    found = []
    for question, top in max_scores.items():
        graded = [s for s in students if scores[s].get(question) is not None]
        fraction = {s: scores[s][question] / top for s in graded}
        rest = [totals[s] - scores[s][question] for s in graded]
        difficulty = sum(fraction.values()) / len(graded) if graded else None
        r_pb = pearson([fraction[s] for s in graded], rest) if graded else None
        discrimination = None
        up = [fraction[s] for s in upper if s in fraction]
        low = [fraction[s] for s in lower if s in fraction]
        if group and up and low:
            discrimination = sum(up) / len(up) - sum(low) / len(low)
        found.append(
            ItemStats(
                question,
                top,
                len(graded),
                difficulty,
                r_pb,
                discrimination,
                len(students) - len(graded),
            )
        )
    return found
