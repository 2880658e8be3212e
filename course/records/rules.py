"""Content rules that the types alone cannot express, run on every load and by ``validate``.

The loader checks each field's type; the rules here check what makes a record make sense: a
pre-test probability is a proportion strictly between 0 and 1, a cluster cut-off lies between 1
and its number of items, a sealed option key opens as right or wrong, an anatomy outline's
anchor lies on the outline, a figure that is not confirmed says why. Each per-record rule takes
one record and yields ``(field, message)`` pairs; :mod:`course.catalogue` adds the file, line
and entry. :func:`across` holds the rules that look at several records at once. Nothing here
imports the rest of the course.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from . import keys, plane
from .anatomy import ZONE_IDS, Backdrop, Outline, Zone
from .care import (
    CareItem,
    ImagingChoice,
    ManagementPlan,
    OutcomeMeasure,
    Pathway,
    Screen,
    YellowFlag,
)
from .core import Accuracy, ClinicalTest, MapLesson
from .hypothesis import ClusterRule, PretestProbability
from .management import STAGES, ConditionFit, Exercise, LoadingProgression, StageDose, Treatment
from .patient import PatientItem, open_expert
from .procedures import ProcedureSite
from .quiz import SHAPES, KindShape, LessonSelfCheck, Question, Vignette

Flaw = tuple[str, str]
Across = tuple[str, str, str, str]
"""(collection, entry id, field, message): a flaw found by a rule over several records."""
"""(field, message): one thing wrong with one record; the field is '' for the whole entry."""

VIGNETTE_ID = re.compile(r"^case_\d{2}$")
"""Vignette ids are neutral numbers: they must never name the diagnosis."""
LESSON_ID = re.compile(r"^lesson\d{2}$")

LR_AGREEMENT = 0.25
"""How far (relative) a published LR+ may differ from sensitivity / (1 - specificity): published
LRs come from raw counts, so rounding and confidence-interval midpoints differ a little."""


def twice(ids: list[str]) -> list[str]:
    """The ids that occur more than once, sorted."""
    return sorted({i for i in ids if ids.count(i) > 1})


def unexplained(record: Any) -> bool:
    """True when a record with ``evidence`` and ``note`` is not confirmed and does not say why."""
    return record.evidence != "confirmed" and not record.note


# --------------------------------------------------------------------------- accuracy figures


def study_figures(study: Accuracy, where: str) -> Iterator[Flaw]:
    """One study's figures: sensitivity and specificity are proportions, LRs are positive."""
    for name in ("sensitivity", "specificity"):
        value = getattr(study, name)
        if value is not None and not 0 <= value <= 1:
            hint = " (a percentage? 80% is 0.8)" if 1 < value <= 100 else ""
            yield f"{where}.{name}", f"{value} must be a proportion between 0 and 1{hint}"
    for name in ("lr_positive", "lr_negative"):
        value = getattr(study, name)
        if value is not None and not (0 < value < math.inf):
            yield f"{where}.{name}", f"{value} must be a positive, finite likelihood ratio"


def accuracy_figures(test: ClinicalTest) -> Iterator[Flaw]:
    """A clinical test's studies: figures in range, a published LR+ that agrees with sensitivity
    and specificity, and a note on every figure that is not confirmed."""
    for index, study in enumerate(test.accuracy):
        where = f"accuracy[{index}]"
        yield from study_figures(study, where)
        sens, spec, lr = study.sensitivity, study.specificity, study.lr_positive
        if sens is not None and spec is not None and 0 <= sens <= 1 and 0 <= spec < 1 and lr:
            implied = sens / (1 - spec)
            if abs(implied - lr) > LR_AGREEMENT * lr:
                yield (
                    f"{where}.lr_positive",
                    f"{lr} disagrees with sensitivity / (1 - specificity) = {implied:.2f}",
                )
        if unexplained(study):
            yield f"{where}.note", f"say why this figure is {study.evidence}"


# --------------------------------------------------------------------------- hypothesis


def cluster(rule: ClusterRule) -> Iterator[Flaw]:
    """Item ids unique within the cluster, cut-offs distinct and between 1 and the number of
    items, every cut-off with a sourced study, and an LR for every band a count can fall in."""
    ids = rule.item_ids
    for dup in twice(ids):
        yield "items", f"item id '{dup}' is used twice"
    if not rule.thresholds:
        yield "thresholds", "give at least one threshold"
        return
    cuts = [t.min_positive for t in rule.thresholds]
    if len(set(cuts)) != len(cuts):
        yield "thresholds", "two thresholds share the same min_positive"
    for t in rule.thresholds:
        where = f"thresholds (min_positive {t.min_positive})"
        if not 1 <= t.min_positive <= len(ids):
            yield (
                where,
                f"min_positive {t.min_positive} must be between 1 and the {len(ids)} items",
            )
        if not t.accuracy:
            yield where, f"threshold {t.min_positive} has no accuracy entry"
        for index, study in enumerate(t.accuracy):
            if not study.sources:
                yield where, f"threshold {t.min_positive}, study {index}: cite a source"
            yield from study_figures(study, f"{where}.accuracy[{index}]")
            if not _has_lr(study, "positive"):
                yield (
                    where,
                    f"study {index} gives no LR+ (publish it, or sensitivity and specificity)",
                )
    lowest = rule.thresholds[-1]
    for index, study in enumerate(lowest.accuracy):
        if not _has_lr(study, "negative"):
            yield (
                f"thresholds (min_positive {lowest.min_positive})",
                f"study {index} gives no LR− for the lowest band (publish it, or sensitivity "
                "and specificity)",
            )


def _has_lr(study: Accuracy, result: str) -> bool:
    """True when a study gives a finite, non-zero LR for a positive or negative result."""
    published = study.lr_positive if result == "positive" else study.lr_negative
    if published is not None:
        return True
    sens, spec = study.sensitivity, study.specificity
    if sens is None or spec is None:
        return False
    if result == "positive":
        return spec < 1 and sens > 0
    return spec > 0 and sens < 1


def pretest(entry: PretestProbability) -> Iterator[Flaw]:
    """A value or a low-high range (not both, not neither), every figure strictly between 0 and
    1, low below high, and each finding naming exactly one test or cluster."""
    has_value = entry.value is not None
    has_range = entry.low is not None or entry.high is not None
    if has_value == has_range:
        yield "value", "give either value or low and high, not both or neither"
    if has_range and (entry.low is None or entry.high is None):
        yield "low", "a range needs both low and high"
    for name in ("value", "low", "high"):
        figure = getattr(entry, name)
        if figure is not None and not 0 < figure < 1:
            yield (
                name,
                f"{name} {figure} must be a proportion strictly between 0 and 1 (20% is 0.2)",
            )
    if entry.low is not None and entry.high is not None and entry.low >= entry.high:
        yield "low", f"low {entry.low} must be below high {entry.high}"
    for index, choice in enumerate(entry.findings):
        if (choice.test is None) == (choice.cluster is None):
            yield f"findings[{index}]", f"findings[{index}] must name either a test or a cluster"


# --------------------------------------------------------------------------- quiz


def question_set(quiz: Vignette | LessonSelfCheck) -> Iterator[Flaw]:
    """A vignette or lesson set: neutral id, questions numbered ``<set>_q<n>``, each question
    sound; a vignette has one diagnosis question and findings that name a test or observation."""
    pattern = VIGNETTE_ID if isinstance(quiz, Vignette) else LESSON_ID
    if not pattern.match(quiz.id):
        yield "id", f"id must look like {pattern.pattern}"
    if isinstance(quiz, LessonSelfCheck) and quiz.id != f"lesson{quiz.lesson:02d}":
        yield "lesson", f"lesson {quiz.lesson} must have id lesson{quiz.lesson:02d}"
    for number, q in enumerate(quiz.questions, start=1):
        where = f"questions[{number - 1}]"
        if q.id != f"{quiz.id}_q{number}":
            yield f"{where}.id", f"question {number} must have id {quiz.id}_q{number}"
        for field, message in question(q):
            yield (f"{where}.{field}" if field else where), f"{q.id}: {message}"
    if isinstance(quiz, Vignette):
        diagnosis = [q for q in quiz.questions if q.focus == "diagnosis"]
        if len(diagnosis) != 1:
            yield "questions", "needs exactly one question with focus: diagnosis"
        elif diagnosis[0].kind != "single_choice" or not all(
            o.condition for o in diagnosis[0].options
        ):
            yield (
                "questions",
                "the diagnosis question must be single_choice with a condition on every option",
            )
        for index, finding in enumerate(quiz.examination):
            if bool(finding.test) == bool(finding.observation):
                yield (
                    f"examination[{index}]",
                    f"examination[{index}] needs a test or an observation (one of them)",
                )


def question(q: Question, shape: KindShape | None = None) -> Iterator[Flaw]:
    """One question: the fields its kind needs, every key and text sealed, and option keys that
    open (exactly the right options of a choice, a full ranking).

    What each kind needs is its :class:`~course.records.quiz.KindShape`: ``SHAPES[q.kind]`` unless
    ``shape`` is given (a kind class registered outside the table passes its own)."""
    if shape is None:
        if q.kind not in SHAPES:
            yield "kind", f"unknown question kind {q.kind!r}; one of {', '.join(SHAPES)}"
            return
        shape = SHAPES[q.kind]
    if shape.min_options and len(q.options) < shape.min_options:
        yield (
            "options",
            "needs at least two options"
            if shape.min_options == 2
            else f"needs at least {shape.min_options} option(s)",
        )
    if not shape.min_options and q.options:
        yield "options", f"a {q.kind} question has no options"
    for index, o in enumerate(q.options):
        where = f"options[{index}]"
        if not SEALED_KEY.fullmatch(o.key):
            yield (
                f"{where}.key",
                f"option {o.id}: key must be a sealed hash (run python -m tools.quiz seal)",
            )
        if o.feedback and not keys.is_sealed(o.feedback):
            yield f"{where}.feedback", f"option {o.id}: feedback is not sealed"
        if o.condition and o.condition != o.id:
            yield f"{where}.condition", f"option {o.id}: an option naming a condition uses its id"
        if o.test and o.test != o.id:
            yield f"{where}.test", f"option {o.id}: an option naming a test uses its id"
    if shape.feedback and not all(o.feedback for o in q.options):
        yield "options", "every option needs feedback"
    numeric = (q.tolerance, q.grid, q.minimum, q.maximum)
    if shape.numeric and (None in numeric or not q.answer_keys):
        yield "", "a numeric question needs tolerance, grid, minimum, maximum and answer_keys"
    if not shape.numeric and (q.answer_keys or any(v is not None for v in numeric)):
        yield "", "only numeric questions carry tolerance, grid or answer_keys"
    if shape.model_answer and not keys.is_sealed(q.model_answer):
        yield "model_answer", "a free-text question needs a sealed model_answer"
    if shape.explanation and not keys.is_sealed(q.explanation):
        yield "explanation", "needs a sealed explanation"
    if not SALT.fullmatch(q.salt):
        yield "salt", "salt must be 32 hex digits"
    elif shape.opens and q.options and all(SEALED_KEY.fullmatch(o.key) for o in q.options):
        yield from _keys_open(q, shape)


SEALED_KEY = re.compile(r"[0-9a-f]{64}")
"""A sealed option key: a SHA-256 digest in hex (:func:`course.records.keys.option_key`)."""
SALT = re.compile(r"[0-9a-f]{32}")
"""A question's salt: 16 random bytes in hex."""


def _keys_open(q: Question, shape: KindShape) -> Iterator[Flaw]:
    """Each option key opens to a value its kind allows, and together they make one answer."""
    values = range(1, len(q.options) + 1) if shape.opens == "ranking" else (0, 1)
    opened = []
    for index, o in enumerate(q.options):
        found = [v for v in values if o.key == keys.option_key(q.salt, q.id, o.id, str(v))]
        if not found:
            yield (
                f"options[{index}].key",
                f"option {o.id}: the sealed key opens neither as right nor as wrong; re-seal it",
            )
            return
        opened.append(found[0])
    if shape.opens == "one" and opened.count(1) != 1:
        yield "options", f"the sealed keys open {opened.count(1)} right options; exactly one is"
    if shape.opens == "some" and 1 not in opened:
        yield "options", "the sealed keys open no right option"
    if shape.opens == "ranking" and sorted(opened) != list(values):
        yield "options", "the sealed keys do not open to one full ranking"


def map_lesson(lesson: MapLesson) -> Iterator[Flaw]:
    """A course-map lesson's id, number and notebook agree: ``lesson03``, 3, ``03_*.ipynb``."""
    if lesson.id != f"lesson{lesson.number:02d}":
        yield "id", f"should be 'lesson{lesson.number:02d}' for lesson number {lesson.number}"
    if not re.fullmatch(rf"{lesson.number:02d}_[a-z0-9_]+\.ipynb", lesson.notebook):
        yield "notebook", f"should be a file name '{lesson.number:02d}_<words>.ipynb'"
    if not lesson.title.strip():
        yield "title", "is empty"


# --------------------------------------------------------------------------- care


def care_items(items: Iterable[CareItem], where: str) -> Iterator[Flaw]:
    """Each statement cites a source, and one that is not confirmed says why."""
    for index, item in enumerate(items):
        if not item.sources:
            yield f"{where}[{index}].sources", "cite a source"
        if unexplained(item):
            yield f"{where}[{index}].note", f"say why this statement is {item.evidence}"


def care_plan(entry: ManagementPlan) -> Iterator[Flaw]:
    """A management plan has principles and a referral; every statement and referral is
    sourced, and a statement that is not confirmed says why."""
    if not entry.principles:
        yield "principles", "give at least one principle"
    if not entry.refer:
        yield "refer", "say when to refer"
    for name in ("principles", "avoid", "unknown"):
        yield from care_items(getattr(entry, name), name)
    for index, referral in enumerate(entry.refer):
        if not referral.sources:
            yield f"refer[{index}].sources", "cite a source"


def measure_scale(entry: OutcomeMeasure) -> Iterator[Flaw]:
    """The scale runs low to high; each minimal important change is positive, no larger than
    the scale (in points), sourced, and explained when it is not confirmed."""
    span = entry.maximum - entry.minimum
    if span <= 0:
        yield "maximum", f"maximum {entry.maximum} must be above minimum {entry.minimum}"
    for index, change in enumerate(entry.change):
        where = f"change[{index}]"
        in_points = "percent" not in change.units and "%" not in change.units
        if change.value <= 0 or (in_points and span > 0 and change.value > span):
            yield f"{where}.value", f"{change.value} must be above 0 and at most the scale's {span}"
        if not change.sources:
            yield f"{where}.sources", "cite a source"
        if unexplained(change):
            yield f"{where}.note", f"say why this figure is {change.evidence}"
    if not entry.change and not entry.note:
        yield "note", "no minimal important change: say why none is shown"


def imaging_choice(entry: ImagingChoice) -> Iterator[Flaw]:
    """An imaging choice says when it helps and when not; incidental findings are proportions
    between 0 and 1, sourced, explained when not confirmed."""
    if not entry.helps_when:
        yield "helps_when", "say when it helps"
    if not entry.not_when:
        yield "not_when", "say when it does not help"
    yield from care_items(entry.helps_when, "helps_when")
    yield from care_items(entry.not_when, "not_when")
    for index, finding in enumerate(entry.incidental):
        where = f"incidental[{index}]"
        if not 0 <= finding.proportion <= 1:
            hint = " (a percentage? 37% is 0.37)" if 1 < finding.proportion <= 100 else ""
            yield f"{where}.proportion", f"{finding.proportion} must be between 0 and 1{hint}"
        if not finding.sources:
            yield f"{where}.sources", "cite a source"
        if unexplained(finding):
            yield f"{where}.note", f"say why this figure is {finding.evidence}"


def stepwise_screen(entry: Pathway) -> Iterator[Flaw]:
    """A stepwise screen has at least two steps, with distinct ids, each sourced."""
    if len(entry.steps) < 2:
        yield "steps", "a stepwise screen needs at least two steps"
    ids = [step.id for step in entry.steps]
    for dup in twice(ids):
        yield "steps", f"step id '{dup}' is used twice"
    for index, step in enumerate(entry.steps):
        if not step.sources:
            yield f"steps[{index}].sources", "cite a source"


def flag_evidence(entry: YellowFlag) -> Iterator[Flaw]:
    """A yellow flag that is not confirmed says why."""
    if unexplained(entry):
        yield "note", f"say why this flag is {entry.evidence}"


def screen_bands(entry: Screen) -> Iterator[Flaw]:
    """Item ids are distinct, each item scores at least a point, and every score the items can
    add up to falls in exactly one band."""
    ids = [item.id for item in entry.items]
    for dup in twice(ids):
        yield "items", f"item id '{dup}' is used twice"
    for index, item in enumerate(entry.items):
        if item.points < 1:
            yield f"items[{index}].points", f"{item.points} must be at least 1"
    if unexplained(entry):
        yield "note", f"say why this screen is {entry.evidence}"
    most, most_sub = entry.most
    for sub in range(most_sub + 1):
        for total in range(sub, sub + most - most_sub + 1):
            found = entry.bands_for(total, sub)
            if len(found) != 1:
                names = ", ".join(b.id for b in found) or "no band"
                yield "bands", f"total {total}, subscale {sub} falls in {names}; exactly one"
                return


# --------------------------------------------------------------------------- procedure sites


def procedure_site(site: ProcedureSite) -> Iterator[Flaw]:
    """A procedure site carries what its kind needs: an injection site says whether it is the
    first or a second choice, what a misplaced needle can reach and when to choose another
    approach; a pressure zone says which position loads it. Every outline point is [x, y] in cm
    and the outline has at least three of them."""
    if len(site.polygon) < 3:
        yield "polygon", f"needs at least 3 points, has {len(site.polygon)}"
    for index, point in enumerate(site.polygon):
        if len(point) != 2:
            yield f"polygon[{index}]", "each point is [x, y] in cm"
    if len(site.anchor) != 2:
        yield "anchor", "is [x, y] in cm"
    if not site.landmarks:
        yield "landmarks", "name the bones the outline is derived from"
    if site.kind == "injection":
        if not site.choice:
            yield "choice", "an injection site is the 'first' or a 'second' choice"
        if not site.at_risk:
            yield "at_risk", "name the nerves and vessels a misplaced needle can reach"
        if not site.cautions:
            yield "cautions", "say when a clinician may choose another approach"
        if site.posture:
            yield "posture", "only pressure zones have a posture"
    else:
        if site.choice:
            yield "choice", "only injection sites are a first or second choice"
        if not site.posture:
            yield "posture", "say which position loads this zone (lying on the back, sitting...)"
        if site.at_risk:
            yield "at_risk", "only injection sites have structures at risk"


# --------------------------------------------------------------------------- management

MAX_PER_WEEK = 14
"""The most sessions a week a dose may ask (twice a day, every day)."""


def stage_doses(doses: tuple[StageDose, ...], every_stage: bool) -> Iterator[Flaw]:
    """Doses in stage order, each stage at most once (exactly once when ``every_stage``), with
    sensible numbers, a reason for any figure not confirmed, sources, and criteria for moving
    on from every dose but the last."""
    stages = [d.stage for d in doses]
    for dup in sorted({s for s in stages if stages.count(s) > 1}):
        yield "doses", f"stage '{dup}' has two doses"
    if every_stage and sorted(set(stages), key=STAGES.index) != list(STAGES):
        missing = [s for s in STAGES if s not in stages]
        yield "doses", f"give a dose for every stage; missing: {', '.join(missing)}"
    if stages != sorted(stages, key=STAGES.index):
        yield "doses", f"list the stages in order: {', '.join(STAGES)}"
    for index, dose in enumerate(doses):
        where = f"doses[{index}]"
        for name in ("sets", "reps"):
            value = getattr(dose, name)
            if value is not None and value < 1:
                yield f"{where}.{name}", f"{name} {value} must be at least 1"
        if dose.hold_seconds is not None and not 0 < dose.hold_seconds <= 600:
            yield (
                f"{where}.hold_seconds",
                f"a hold of {dose.hold_seconds} s must be more than 0 and at most 600 seconds",
            )
        if dose.per_week is not None and not 1 <= dose.per_week <= MAX_PER_WEEK:
            yield (
                f"{where}.per_week",
                f"{dose.per_week} sessions a week must be between 1 and {MAX_PER_WEEK}",
            )
        if not dose.plan.strip():
            yield f"{where}.plan", "say what to do at this stage"
        if not dose.sources:
            yield f"{where}.sources", "cite a source for this dose"
        if dose.evidence != "confirmed" and not dose.note:
            yield f"{where}.note", f"say why this dose is {dose.evidence}"
        if index < len(doses) - 1 and not dose.progress_when.strip():
            yield f"{where}.progress_when", "say when to move on to the next stage"


def condition_fits(record: Exercise | Treatment) -> Iterator[Flaw]:
    """Each condition an exercise or treatment suits or may aggravate: a reason, sources, a
    note on evidence not confirmed, and no condition both suited and aggravated at one stage."""
    for name in ("suits", "aggravates"):
        fits: tuple[ConditionFit, ...] = getattr(record, name)
        for index, fit in enumerate(fits):
            where = f"{name}[{index}]"
            if not fit.why.strip():
                yield f"{where}.why", f"say why it {name[:-1]} {fit.condition}"
            if not fit.sources:
                yield f"{where}.sources", "cite a source"
            if fit.evidence != "confirmed" and not fit.note:
                yield f"{where}.note", f"say why this is {fit.evidence}"
    for good in record.suits:
        for bad in record.aggravates:
            if good.condition != bad.condition:
                continue
            both = set(good.stages or STAGES) & set(bad.stages or STAGES)
            if both:
                yield (
                    "aggravates",
                    f"{good.condition} is both suited and aggravated at "
                    f"{', '.join(s for s in STAGES if s in both)}",
                )


def exercise_entry(record: Exercise) -> Iterator[Flaw]:
    """An exercise: a dose for every stage, and sound condition fits."""
    yield from stage_doses(record.doses, every_stage=True)
    yield from condition_fits(record)


def treatment_entry(record: Treatment) -> Iterator[Flaw]:
    """A treatment: its stage doses (if any) and condition fits sound, and a reason for an
    overall evidence level that is not confirmed."""
    yield from stage_doses(record.doses, every_stage=False)
    yield from condition_fits(record)
    if record.evidence != "confirmed" and not record.note:
        yield "note", f"say why the evidence is {record.evidence}"


def loading_progression(record: LoadingProgression) -> Iterator[Flaw]:
    """A loading progression: two or more phases in stage order, each but the last saying when
    to move on, and a reason for evidence that is not confirmed."""
    if len(record.phases) < 2:
        yield "phases", "a progression needs at least two phases"
    stages = [p.stage for p in record.phases]
    if stages != sorted(stages, key=STAGES.index):
        yield "phases", f"list the phases in stage order: {', '.join(STAGES)}"
    for index, phase in enumerate(record.phases[:-1]):
        if not phase.progress_when.strip():
            yield f"phases[{index}].progress_when", "say when to move on to the next phase"
    if record.evidence != "confirmed" and not record.note:
        yield "note", f"say why the evidence is {record.evidence}"


# --------------------------------------------------------------------------- anatomy outlines


def _parts(record: Outline | Backdrop | Zone) -> Iterator[Flaw | tuple[list[plane.XY], bool]]:
    """The points of an outline as (smoothed points, closed) parts, or a Flaw for each
    malformed polygon, line or ellipse (the caller tells them apart by type)."""
    rings = (
        (("polygon", (record.polygon,)),)
        if isinstance(record, Zone)
        else (
            ("polygons", record.polygons),
            ("polylines", record.polylines),
        )
    )
    for kind, given in rings:
        closed = kind != "polylines"
        least = 3 if closed else 2
        for index, ring in enumerate(given):
            where = kind if isinstance(record, Zone) else f"{kind}[{index}]"
            if len(ring) < least:
                yield where, f"needs at least {least} points, has {len(ring)}"
                continue
            bad = [i for i, point in enumerate(ring) if len(point) != 2]
            if bad:
                yield f"{where}[{bad[0]}]", "each point is [x, y] in cm"
                continue
            yield plane.chaikin(ring, record.smooth, closed), closed
    for index, oval in enumerate(getattr(record, "ellipses", ())):
        if len(oval.centre) != 2 or len(oval.radii) != 2 or min(oval.radii) <= 0:
            yield f"ellipses[{index}]", "needs centre [x, y] and two positive radii in cm"
            continue
        yield plane.ellipse_points(oval.centre, oval.radii, oval.angle), True


def shape_flaws(record: Outline | Backdrop | Zone) -> Iterator[Flaw]:
    """Any outline, backdrop shape or zone: coordinates in cm, rings of at least three points
    and lines of at least two, each point [x, y], ellipses with positive radii, and either
    filled or lines, never both nor neither. An outline's anchor also lies on it (inside a
    filled outline, within ``reach`` of a line), and only midline outlines cross x = 0."""
    if record.units != "cm":
        yield "units", "must be 'cm'"
    parts = []
    ok = True
    for found in _parts(record):
        if isinstance(found[0], str):
            ok = False
            yield found
        else:
            parts.append(found)
    polylines = getattr(record, "polylines", ())
    if polylines and (getattr(record, "polygons", ()) or getattr(record, "ellipses", ())):
        yield "polylines", "an outline is either filled (polygons/ellipses) or lines, not both"
        ok = False
    if ok and not parts:
        yield "polygons", "give polygons, ellipses or polylines"
        ok = False
    if not ok or not isinstance(record, Outline):
        return
    if not record.midline and min(x for points, _ in parts for x, _ in points) < -1e-6:
        yield "polygons", "crosses the midline (x < 0); draw the right side or set midline"
    if len(record.anchor) != 2:
        yield "anchor", "is a point [x, y] in cm"
    elif not _on(parts, record.reach, *record.anchor):
        yield "anchor", f"{list(record.anchor)} does not lie on the outline"


def _on(parts: list[tuple[list[plane.XY], bool]], reach: float, x: float, y: float) -> bool:
    """Whether (x, y) lies on a shape made of ``parts``, as :meth:`course.shapes.Shape.contains`
    decides it: inside a ring when every part is closed, else within ``reach`` of a line."""
    if all(closed for _, closed in parts):
        return any(plane.inside_ring(points, x, y) for points, _ in parts)
    return min(plane.distance_to_polyline(p, x, y, closed) for p, closed in parts) <= reach


OUTLINE_CHECKS = (shape_flaws,)


# --------------------------------------------------------------------------- virtual patient

_FINDING_FIELDS = ("flag", "test", "cluster", "imaging")


def patient_item(item: PatientItem) -> Iterator[Flaw]:
    """An item yields one kind of finding, at the stage where it belongs, at a cost only when
    it is an investigation; a red-flag question says which conditions a yes points to."""
    kinds = [name for name in _FINDING_FIELDS if getattr(item, name)]
    if len(kinds) > 1:
        yield kinds[1], f"an item yields one kind of finding; it already has {kinds[0]}"
    if item.flag and item.stage != "history":
        yield "stage", "a red-flag question belongs to the history"
    if bool(item.flag) != bool(item.suggests):
        yield "suggests", "a red-flag question, and only one, names the conditions a yes points to"
    if (item.test or item.cluster) and item.stage not in ("examination", "tests"):
        yield "stage", "a clinical test or cluster belongs to the examination or the tests"
    if item.imaging and item.stage != "investigations":
        yield "stage", "imaging belongs to the investigations"
    if item.map and item.stage != "history":
        yield "map", "the pain map is drawn while taking the history"
    if item.minutes < 0 or not math.isfinite(item.minutes):
        yield "minutes", f"expected a time of 0 minutes or more, got {item.minutes}"
    if item.cost < 0 or not math.isfinite(item.cost):
        yield "cost", f"expected a cost of 0 or more, got {item.cost}"
    if item.cost and item.stage != "investigations":
        yield "cost", "only investigations have a cost"


def _answer_flaws(answer: Any, item: PatientItem, cluster: ClusterRule | None) -> Iterator[Flaw]:
    kind = item.kind
    if kind in ("flag", "test", "cluster") and answer.result is None:
        yield "result", f"a {kind} item needs result: positive or negative"
    if kind not in ("flag", "test", "cluster") and answer.result is not None:
        yield "result", f"only a red flag, test or cluster has a result; {item.id} is a {kind} item"
    if answer.count is not None:
        if kind != "cluster":
            yield "count", "only a cluster has a count of positive items"
        elif cluster is not None and not 0 <= answer.count <= len(cluster.items):
            yield "count", f"expected 0 to {len(cluster.items)} positive items"
        elif cluster is not None and answer.result is not None:
            cut = min(t.min_positive for t in cluster.thresholds)
            if (answer.count >= cut) != (answer.result == "positive"):
                yield "count", f"a count of {answer.count} contradicts result {answer.result}"
    if kind == "cluster" and answer.count is None:
        yield "count", "a cluster needs the count of its positive items"
    if answer.regions and kind != "map":
        yield "regions", "only the pain-map question reveals body-chart regions"
    if kind == "map" and not answer.regions:
        yield "regions", "the pain-map question needs the regions the patient marks"
    if answer.descriptors and kind not in ("map", "descriptors"):
        yield "descriptors", f"{item.id} cannot reveal descriptors"
    extra = sorted(set(answer.descriptors) - set(item.descriptors)) if kind == "descriptors" else []
    if extra:
        yield "descriptors", f"{item.id} does not ask about {', '.join(extra)}"
    if (answer.shows or answer.excludes) and kind != "investigation":
        yield "shows", "only an investigation shows or excludes conditions"
    if set(answer.shows) & set(answer.excludes):
        yield "excludes", "a condition cannot be both shown and excluded"


def _patient_cases(
    loaded: Mapping[str, Mapping[str, Any]], origins: Mapping[str, Mapping[str, tuple]]
) -> Iterator[Across]:
    """Each case's answers fit their items, its file is named after it, and its sealed expert
    answer opens and names real conditions, red-flag questions and scripted findings."""
    items = loaded.get("patient_items", {})
    conditions = loaded.get("conditions", {})
    clusters = loaded.get("clusters", {})
    for ident, case in loaded.get("patients", {}).items():
        file = origins.get("patients", {}).get(ident, ("", None))[0]
        if file and not file.endswith(f"/{ident}.yaml"):
            yield "patients", ident, "id", f"the file must be called {ident}.yaml"
        scripted: set[str] = set()
        for index, answer in enumerate(case.answers):
            if answer.item in scripted:
                yield (
                    "patients",
                    ident,
                    f"answers[{index}].item",
                    f"{answer.item} is scripted twice",
                )
            scripted.add(answer.item)
            item = items.get(answer.item)
            if item is None:
                continue  # the reference check names it
            cluster = clusters.get(item.cluster) if item.cluster else None
            for field, message in _answer_flaws(answer, item, cluster):
                yield "patients", ident, f"answers[{index}].{field}", message
        try:
            expert = open_expert(case)
        except ValueError as error:
            yield "patients", ident, "expert", str(error)
            continue
        for index, condition in enumerate(expert.differential):
            if conditions and condition not in conditions:
                yield (
                    "patients",
                    ident,
                    f"expert.differential[{index}]",
                    f"no condition {condition}",
                )
        for index, asked in enumerate(expert.must_ask):
            if items and getattr(items.get(asked), "flag", None) is None:
                yield (
                    "patients",
                    ident,
                    f"expert.must_ask[{index}]",
                    f"{asked} is no red-flag question",
                )
        for index, link in enumerate(expert.links):
            if link.item not in scripted:
                yield (
                    "patients",
                    ident,
                    f"expert.links[{index}].item",
                    (f"{link.item} is not among the case's scripted answers"),
                )
            if conditions and link.condition not in conditions:
                yield (
                    "patients",
                    ident,
                    f"expert.links[{index}].condition",
                    (f"no condition {link.condition}"),
                )
        if expert.both and len(expert.differential) < 2:
            yield "patients", ident, "expert.both", "two sources at once need two conditions"


VIGNETTE_CHECKS = (question_set,)
LESSON_CHECKS = (question_set,)


def lines(file: str, entries: Iterable[Any], rule: Callable[[Any], Iterable[Flaw]]) -> list[str]:
    """What ``rule`` finds wrong with ``entries`` (records built by hand, or one file's records),
    one line each: ``<file>, entry '<id>', field '<field>': <message>``. Empty when all is
    well."""
    return [
        f"{file}, entry '{entry.id}', field '{field}': {message}"
        for entry in entries
        for field, message in rule(entry)
    ]


# --------------------------------------------------------------------------- across records


def across(
    loaded: Mapping[str, Mapping[str, Any]], origins: Mapping[str, Mapping[str, tuple]]
) -> Iterator[tuple[str, str, str, str]]:
    """Rules over several records: each quiz file is named after its id, question ids are
    unique across the course, every objective is assessed and the anatomy view outlines all
    three buttock zones or none. Yields (collection, entry id, field, message); the entry is ''
    for a rule about a whole file."""
    seen: dict[str, str] = {}
    for collection in ("selfchecks", "vignettes"):
        for ident, quiz in loaded.get(collection, {}).items():
            file = origins.get(collection, {}).get(ident, ("", None))[0]
            if file and not file.endswith(f"/{ident}.yaml"):
                yield collection, ident, "id", f"the file must be called {ident}.yaml"
            for index, q in enumerate(quiz.questions):
                if q.id in seen:
                    yield (
                        collection,
                        ident,
                        f"questions[{index}].id",
                        f"question id {q.id} also used in {seen[q.id]}",
                    )
                else:
                    seen[q.id] = f"{collection}/{ident}"
    yield from _objectives_assessed(loaded)
    zones = loaded.get("zones", {})
    missing = [z for z in ZONE_IDS if z not in zones]
    if zones and missing:
        yield "zones", "", "zones", f"missing zones: {', '.join(missing)}"
    yield from _plans_cover_conditions(loaded)
    yield from _sites_picked(loaded)
    yield from _patient_cases(loaded, origins)


def _plans_cover_conditions(
    loaded: Mapping[str, Mapping[str, Any]],
) -> Iterator[tuple[str, str, str, str]]:
    """Every condition has a management plan; a referral that answers a red flag names one of
    the condition's flags and refers at that flag's tier; a condition with red flags has a
    referral for at least one of them."""
    plans = loaded.get("management", {})
    flags = loaded.get("red_flags", {})
    for ident in loaded.get("conditions", {}) if plans else ():  # none: a small test folder
        if ident not in plans:
            yield "conditions", ident, "id", "has no entry in management.yaml"
    for ident, entry in plans.items():
        condition = loaded.get("conditions", {}).get(ident)
        if condition is None:
            continue  # the reference check names the unknown condition
        answered = False
        for index, referral in enumerate(entry.refer):
            flag = flags.get(referral.red_flag) if referral.red_flag else None
            if flag is None:
                continue
            answered = True
            where = f"refer[{index}]"
            if referral.red_flag not in condition.red_flags:
                yield (
                    "management",
                    ident,
                    f"{where}.red_flag",
                    (f"'{referral.red_flag}' is not among the condition's red flags"),
                )
            if referral.urgency != flag.urgency:
                yield (
                    "management",
                    ident,
                    f"{where}.urgency",
                    (
                        f"'{referral.urgency}' differs from red flag {flag.id}'s tier "
                        f"'{flag.urgency}'"
                    ),
                )
        if condition.red_flags and not answered:
            yield (
                "management",
                ident,
                "refer",
                ("the condition has red flags; refer for at least one of them (red_flag:)"),
            )


def _sites_picked(loaded: Mapping[str, Mapping[str, Any]]) -> Iterator[tuple[str, str, str, str]]:
    """A ``pick_site`` question offers procedure sites (ids of procedure_sites.yaml): the
    figure must be able to draw every option."""
    sites = set(loaded.get("procedure_sites", {}))
    for collection in ("selfchecks", "vignettes"):
        for ident, quiz in loaded.get(collection, {}).items():
            for index, q in enumerate(quiz.questions):
                if q.kind != "pick_site":
                    continue
                for number, option in enumerate(q.options):
                    if option.id not in sites:
                        yield (
                            collection,
                            ident,
                            f"questions[{index}].options[{number}].id",
                            f"{q.id}: '{option.id}' names no site in procedure_sites.yaml",
                        )


def _objectives_assessed(
    loaded: Mapping[str, Mapping[str, Any]],
) -> Iterator[tuple[str, str, str, str]]:
    """Every objective names at least one question, each an existing scored (not free-text)
    self-check or vignette question (clinical review F25)."""
    kinds = {
        q.id: q.kind
        for collection in ("selfchecks", "vignettes")
        for quiz in loaded.get(collection, {}).values()
        for q in quiz.questions
    }
    for ident, lesson in loaded.get("objectives", {}).items():
        for index, objective in enumerate(lesson.objectives):
            field = f"objectives[{index}].assessed_by"
            if not objective.assessed_by:
                yield "objectives", ident, field, "name a scored question"
            for qid in objective.assessed_by:
                if qid not in kinds:
                    yield (
                        "objectives",
                        ident,
                        field,
                        (f"'{qid}' names no self-check or vignette question"),
                    )
                elif kinds[qid] == "free_text":
                    yield "objectives", ident, field, f"'{qid}' is free text, which is not scored"
