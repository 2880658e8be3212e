"""Item analysis: how hard each question was, how well it separated strong from weak work, which
wrong options drew whom, and how consistent the assignment was as a whole.

Pure functions on a score table (student -> question -> points); :mod:`course.grading.report`
feeds them from the gradebook. The figures follow Moodle's quiz statistics, so an instructor who
knows that report reads these the same way. Sources:

- Moodle Docs, "Quiz statistics calculations" (https://docs.moodle.org/dev/Quiz_statistics_calculations)
  and "Quiz report statistics" (https://docs.moodle.org/28/en/Development:Quiz_report_statistics);
- Moodle's own code, ``question/classes/statistics/questions/calculator.php``
  (``discriminationindex = 100 * covariance / sqrt(markvariance * othermarkvariance)``, the
  covariance of the question's mark with the rest of the attempt's marks).

Per question, worth ``m`` points:

- **facility** (Moodle's *facility index*; classical test theory's *difficulty* ``p``): the mean
  fraction of the question's points earned, 0 (nobody) to 1 (everybody). High means easy.
- **discrimination index** (Moodle's, as a correlation from -1 to 1 where Moodle prints it as a
  percentage): the Pearson correlation between the points earned on the question and each
  student's *rest score*, the total of the OTHER questions: the corrected item-total correlation.
  For a right/wrong question it is the point-biserial coefficient. Leaving the question out of the
  total keeps it from correlating with itself, which inflates the plain item-total correlation
  most for questions worth many points. Undefined (``None``) when either side does not vary.
- **upper-lower D** (Kelley's index): the facility in the top 27% of students by total score minus
  the facility in the bottom 27% (at least one student per group; ties at the boundary are broken
  by student id). From -1 to 1.

Per assignment: the number of students, the mean and standard deviation of the totals (points,
sample SD with ``n - 1``), Cronbach's alpha (which equals KR-20 when every question is marked
right or wrong) and the standard error of measurement ``SD * sqrt(1 - alpha)`` (points). A figure
that cannot be computed (one student, every total the same...) is ``None`` with the reason in
``Summary.why_not``; nothing here returns NaN.

A question not yet graded for a student (``None``) is left out of that question's facility and
correlations and counts as 0 in that student's total (and in alpha, which needs a full table, as
Moodle's first option for omitted items does); ``ungraded`` says how many such gaps there were.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

Scores = Mapping[str, Mapping[str, float | None]]
"""Student id -> question -> points earned (``None``: not graded yet)."""

GROUP_FRACTION = 0.27
"""Share of students in each of the upper and lower groups (Kelley's 27%)."""

WEAK_DISCRIMINATION = 0.2
"""A discrimination index (corrected item-total r) below this is flagged *weak*.

Why 0.2: below it the question's score tells little about how the student did on the rest of
the assignment, so it adds mostly noise to the total. Moodle's quiz statistics help calls an
index of 0-19% "very weak" (20-29% "weak", 30-50% "adequate"), and Ebel & Frisbie (Essentials of
Educational Measurement, 5th ed. 1991, ch. 13) advise revising or discarding items below 0.20."""

FACILITY_TOO_EASY = 0.9
"""A facility above this is flagged *too easy*: nearly everyone earns the points, so the question
cannot separate students (its variance p(1-p) is under 0.09 against 0.25 at p = 0.5). Moodle's
quiz statistics help names 90-94% "very easy" and 95-100% "extremely easy"."""

FACILITY_TOO_HARD = 0.2
"""A facility below this is flagged *too hard*: few earn the points, which is as uninformative as
too easy and often means a fault in the question or its key. Moodle's quiz statistics help names
11-20% "difficult" and 10% or less "very difficult" or a sign that something is wrong."""

FLAGS: dict[str, str] = {
    "negative": "negative discrimination: weaker students did better on it (check the key)",
    "weak": f"weak discrimination (below {WEAK_DISCRIMINATION:g})",
    "too_easy": f"too easy (facility above {FACILITY_TOO_EASY:g})",
    "too_hard": f"too hard (facility below {FACILITY_TOO_HARD:g})",
}
"""Each flag an item can carry, in words."""

NO_CHOICE = "(no answer read)"
"""The option shown for students whose choice could not be read (no plain quoted value)."""


@dataclass(frozen=True)
class ItemStats:
    """The item-analysis figures for one question."""

    item: str
    max_score: float
    """Points the question is worth."""
    n: int
    """Students with a score for this question."""
    facility: float | None
    """Mean fraction of the points earned (0 to 1)."""
    discrimination_index: float | None
    """Corrected item-total correlation (Moodle's discrimination index, -1 to 1)."""
    upper_lower: float | None
    """Kelley's upper-lower D (-1 to 1)."""
    ungraded: int
    """Students with no score for this question yet."""
    flags: tuple[str, ...] = ()
    """Keys of :data:`FLAGS` that apply."""


@dataclass(frozen=True)
class Summary:
    """Figures for one assignment as a whole (points are the assignment's own points)."""

    students: int
    questions: int
    max_score: float
    """Points the assignment is worth."""
    mean: float | None
    """Mean total (points)."""
    sd: float | None
    """Sample standard deviation of the totals (points)."""
    alpha: float | None
    """Cronbach's alpha (KR-20 when ``dichotomous``); at most 1, negative when questions
    disagree."""
    sem: float | None
    """Standard error of measurement, ``sd * sqrt(1 - alpha)`` (points)."""
    dichotomous: bool
    """Every question is worth one point and every mark is 0 or 1 (alpha is then KR-20)."""
    ungraded: int
    """Question marks still missing across all students."""
    why_not: Mapping[str, str] = field(default_factory=dict)
    """For each figure that is ``None``, why."""


@dataclass(frozen=True)
class OptionStats:
    """How one option of a choice question was chosen."""

    question: str
    option: str
    """The option as students wrote it (spacing and case aside), or :data:`NO_CHOICE`."""
    chosen: int
    """Students who chose it."""
    share: float
    """``chosen`` as a fraction of the class."""
    upper_share: float | None
    """Fraction of the upper group (top 27% by total) who chose it."""
    lower_share: float | None
    """Fraction of the lower group (bottom 27% by total) who chose it."""
    mean_total: float
    """Mean assignment total (points) of the students who chose it."""
    mean_credit: float | None
    """Mean fraction of the question's points those students earned (1.0 marks the key)."""


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


def sample_variance(values: list[float]) -> float | None:
    """The variance with ``n - 1`` in the denominator, or ``None`` for fewer than two values."""
    n = len(values)
    if n < 2:
        return None
    mean = sum(values) / n
    return sum((v - mean) ** 2 for v in values) / (n - 1)


def student_totals(scores: Scores) -> dict[str, float]:
    """Each student's total points (a question not graded yet counts 0)."""
    return {s: sum(v or 0.0 for v in marks.values()) for s, marks in scores.items()}


def groups(scores: Scores, group_fraction: float = GROUP_FRACTION) -> tuple[list[str], list[str]]:
    """The upper and lower groups: the top and bottom ``group_fraction`` of students by total
    (at least one each while there are two students; ties broken by student id)."""
    if not 0 < group_fraction <= 0.5:
        raise ValueError(f"group_fraction must be in (0, 0.5], got {group_fraction}")
    total = student_totals(scores)
    ranked = sorted(total, key=lambda s: (-total[s], s))
    size = min(max(1, round(group_fraction * len(ranked))), len(ranked) // 2)
    return ranked[:size], ranked[len(ranked) - size :]


def item_flags(facility: float | None, discrimination_index: float | None) -> tuple[str, ...]:
    """The :data:`FLAGS` that a question with these figures carries."""
    found = []
    if discrimination_index is not None:
        if discrimination_index < 0:
            found.append("negative")
        elif discrimination_index < WEAK_DISCRIMINATION:
            found.append("weak")
    if facility is not None:
        if facility > FACILITY_TOO_EASY:
            found.append("too_easy")
        elif facility < FACILITY_TOO_HARD:
            found.append("too_hard")
    return tuple(found)


def _check_maxima(max_scores: Mapping[str, float]) -> None:
    for question, top in max_scores.items():
        if top <= 0:
            raise ValueError(f"question '{question}' has max score {top}; it must be positive")


def item_analysis(
    scores: Scores,
    max_scores: Mapping[str, float],
    group_fraction: float = GROUP_FRACTION,
) -> list[ItemStats]:
    """Facility, discrimination index, upper-lower D and flags of every question.

    ``scores`` maps each student to their points per question (``None``: not graded);
    ``max_scores`` maps each question to its maximum points, in the order to report them.
    """
    _check_maxima(max_scores)
    upper, lower = groups(scores, group_fraction)
    students = sorted(scores)
    total = student_totals(scores)
    found = []
    for question, top in max_scores.items():
        graded = [s for s in students if scores[s].get(question) is not None]
        points = {s: float(scores[s][question]) for s in graded}  # type: ignore[arg-type]
        facility = sum(points.values()) / top / len(graded) if graded else None
        rest = [total[s] - points[s] for s in graded]
        index = pearson([points[s] for s in graded], rest) if graded else None
        up = [points[s] / top for s in upper if s in points]
        low = [points[s] / top for s in lower if s in points]
        d = sum(up) / len(up) - sum(low) / len(low) if upper and up and low else None
        found.append(
            ItemStats(
                question,
                top,
                len(graded),
                facility,
                index,
                d,
                len(students) - len(graded),
                item_flags(facility, index),
            )
        )
    return found


def assignment_summary(scores: Scores, max_scores: Mapping[str, float]) -> Summary:
    """The assignment's number of students, mean, SD, Cronbach's alpha and its SEM."""
    _check_maxima(max_scores)
    students = sorted(scores)
    n, k = len(students), len(max_scores)
    marks = {s: {q: scores[s].get(q) for q in max_scores} for s in students}
    ungraded = sum(v is None for row in marks.values() for v in row.values())
    dichotomous = all(top == 1 for top in max_scores.values()) and all(
        v in (None, 0, 1) for row in marks.values() for v in row.values()
    )
    total = [sum(v or 0.0 for v in marks[s].values()) for s in students]
    why: dict[str, str] = {}
    mean = sum(total) / n if n else None
    if mean is None:
        why["mean"] = "no student has a submission"
    variance = sample_variance(total)
    sd = math.sqrt(variance) if variance is not None else None
    if sd is None:
        why["sd"] = f"{n} student{'s' if n != 1 else ''}: a spread needs at least two"
    alpha = None
    if k < 2:
        why["alpha"] = f"{k} question{'s' if k != 1 else ''}: alpha needs at least two"
    elif variance is None:
        why["alpha"] = why["sd"]
    elif variance <= 1e-12:
        why["alpha"] = "every student has the same total: no spread to be consistent about"
    else:
        item_variance = sum(
            sample_variance([marks[s][q] or 0.0 for s in students]) or 0.0 for q in max_scores
        )
        alpha = k / (k - 1) * (1 - item_variance / variance)
    sem = None
    if alpha is not None and sd is not None:
        sem = sd * math.sqrt(max(0.0, 1 - alpha))
    else:
        why["sem"] = f"it needs alpha, which is undefined: {why.get('alpha', why.get('sd'))}"
    return Summary(
        n, k, float(sum(max_scores.values())), mean, sd, alpha, sem, dichotomous, ungraded, why
    )


def distractors(
    question: str,
    choices: Mapping[str, str | None],
    scores: Scores,
    max_scores: Mapping[str, float],
    group_fraction: float = GROUP_FRACTION,
) -> list[OptionStats]:
    """For each option of a choice ``question``: how many chose it, the share of the upper and
    lower groups who did, the mean total and the mean credit of those who did.

    ``choices`` maps students to the option they wrote (``None`` or absent: not readable, shown
    as :data:`NO_CHOICE`). Options differing only in surrounding spaces or case are one option,
    labelled by its most frequent spelling. Most chosen first.
    """
    students = sorted(scores)
    if not students:
        return []
    upper, lower = groups(scores, group_fraction)
    total = student_totals(scores)
    top = max_scores[question]
    keys: dict[str, str] = {}
    spellings: dict[str, Counter[str]] = {}
    for student in students:
        value = choices.get(student)
        key = NO_CHOICE if value is None else value.strip().casefold()
        keys[student] = key
        spellings.setdefault(key, Counter())[NO_CHOICE if value is None else value.strip()] += 1
    found = []
    for key, spelled in spellings.items():
        who = [s for s in students if keys[s] == key]
        credits = [
            scores[s][question] / top  # type: ignore[operator]
            for s in who
            if scores[s].get(question) is not None
        ]
        label = sorted(spelled.items(), key=lambda item: (-item[1], item[0]))[0][0]
        found.append(
            OptionStats(
                question,
                label,
                len(who),
                len(who) / len(students),
                sum(keys[s] == key for s in upper) / len(upper) if upper else None,
                sum(keys[s] == key for s in lower) / len(lower) if lower else None,
                sum(total[s] for s in who) / len(who),
                sum(credits) / len(credits) if credits else None,
            )
        )
    return sorted(found, key=lambda o: (-o.chosen, o.option == NO_CHOICE, o.option))
