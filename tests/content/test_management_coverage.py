"""Issue 12's "done when": every seed point the issue names is taught somewhere a test can point
to, as a row of ``TAUGHT``: the point in words, the seed (or the issue) it comes from, the
content entry that holds it, the lesson that shows it, and the call in that lesson that shows
it. Each row is checked three ways: the entry exists (and cites its seed), the lesson's code
makes the call, and what the call shows names the entry; a row with ``words`` also finds them in
the lesson's prose.

A row's ``shows`` may be several lines of a lesson cell (the last one an expression), and its
``then`` what the student does in the widget shown, as the lesson's prose asks (seed 004's
pressure-injury zones: lesson 01 shows the explorer with the injection sites and asks the
student to choose the pressure-injury overlay). To cover more, add rows here and, where every
entry of a collection (or every entry a predicate picks) must be covered, an item to
``COMPLETE``; the tests need no other change.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest

import course

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Taught:
    """One point of issue 12 and where the course teaches it."""

    point: str
    """The seed's or the issue's point, in words."""
    seed: str
    """The source id of the seed it comes from (``seed_004``), or ``issue_12``."""
    collection: str
    entry: str
    lesson: str
    """The notebook file name in notebooks/."""
    shows: str
    """Python in the lesson's code (``course`` in scope): an expression whose display names the
    entry, or lines of one cell whose last line is that expression."""
    label: str = ""
    """What the display must contain; default: the entry's abbreviation or name."""
    words: str = ""
    """Words the lesson's prose names the point by (lower case), where it must."""
    then: str = ""
    """A statement the lesson's prose asks the student to carry out on what ``shows`` shows
    (``shown`` in scope), e.g. choosing an overlay; its prose must name it (``words``)."""


def _measure(ident: str) -> Taught:
    return Taught(
        f"outcome measure {ident}",
        "issue_12",
        "outcome_measures",
        ident,
        "10_managing_buttock_pain.ipynb",
        "course.care.outcome_measure_table()",
    )


LESSON01 = "01_anatomy_of_the_buttock.ipynb"
LESSON10 = "10_managing_buttock_pain.ipynb"
LESSON11 = "11_exercise_and_loading.ipynb"


INJECTION_EXPLORER = (
    'sites = course.anatomy.explore(side="right", depth="deep")\n'
    'sites.set_overlay("injection")\n'
    "sites"
)
"""Lesson 01's explorer with the injection-site overlay (the cell, line for line)."""


def _site(ident: str, words: str, then: str = "") -> Taught:
    """A seed 004 procedure site (an injection site or a pressure-injury zone), shown by lesson
    01's explorer with its overlay on; the description under the figure names each site."""
    kind = "pressure-injury zone" if then else "injection site"
    return Taught(
        f"seed 004: {kind} {words}",
        "seed_004",
        "procedure_sites",
        ident,
        LESSON01,
        INJECTION_EXPLORER,
        words=words,
        then=then,
    )


PRESSURE = 'shown.overlay.value = "pressure"'
"""Choosing the pressure-injury overlay, as lesson 01's prose asks ("Now choose ...")."""


def _seed_001(collection: str, ident: str, words: str) -> Taught:
    """A seed 001 treatment or exercise, shown by lesson 11's table of its collection."""
    call = "treatment_table" if collection == "treatments" else "exercise_table"
    return Taught(
        f"seed 001: {words}",
        "seed_001",
        collection,
        ident,
        LESSON11,
        f"course.management.{call}()",
        words=words,
    )


TAUGHT: tuple[Taught, ...] = (
    # seed 004: imaging choices (X-ray, MRI, ultrasound) and not imaging
    Taught(
        "imaging choice: no imaging",
        "issue_12",
        "imaging",
        "no_imaging",
        LESSON10,
        "course.care.imaging_table()",
    ),
    Taught(
        "imaging choice: X-ray for bone and OA",
        "seed_004",
        "imaging",
        "xray",
        LESSON10,
        "course.care.imaging_table()",
    ),
    Taught(
        "imaging choice: MRI for soft tissue and nerve",
        "seed_004",
        "imaging",
        "mri",
        LESSON10,
        "course.care.imaging_table()",
    ),
    Taught(
        "imaging choice: ultrasound, dynamic and for guidance",
        "seed_004",
        "imaging",
        "ultrasound",
        LESSON10,
        "course.care.imaging_table()",
    ),
    Taught(
        "seed 002: dynamic ultrasound, taught as a claim",
        "seed_002",
        "imaging",
        "ultrasound",
        LESSON10,
        "course.care.imaging_table()",
        "Claim (seed): Dynamic",
    ),
    Taught(
        "imaging findings may not correlate (incidental findings)",
        "issue_12",
        "imaging",
        "mri",
        LESSON10,
        "course.care.incidental_findings()",
        "Lumbar disc degeneration",
    ),
    # seed 004: immediate checks and follow-up
    Taught(
        "immediate check: pain response",
        "seed_004",
        "reassessment",
        "pain_response",
        LESSON10,
        "course.care.reassessment_table()",
    ),
    Taught(
        "immediate check: neurological status",
        "seed_004",
        "reassessment",
        "neuro_status",
        LESSON10,
        "course.care.reassessment_table()",
    ),
    Taught(
        "follow-up: walking tolerance",
        "seed_004",
        "reassessment",
        "walking_tolerance",
        LESSON10,
        "course.care.reassessment_table()",
    ),
    Taught(
        "follow-up: stairs",
        "seed_004",
        "reassessment",
        "stairs",
        LESSON10,
        "course.care.reassessment_table()",
    ),
    Taught(
        "follow-up: sitting",
        "seed_004",
        "reassessment",
        "sitting",
        LESSON10,
        "course.care.reassessment_table()",
    ),
    Taught(
        "follow-up: repeat the outcome measures",
        "issue_12",
        "reassessment",
        "outcome_scores",
        LESSON10,
        "course.care.reassessment_table()",
    ),
    Taught(
        "follow-up: review the diagnosis when progress stalls",
        "seed_004",
        "reassessment",
        "review_the_diagnosis",
        LESSON10,
        "course.care.reassessment_table()",
    ),
    # seed 004: hip- vs spine-focused pathways
    Taught(
        "hip- vs spine-focused pathway",
        "seed_004",
        "pathways",
        "hip_or_spine",
        LESSON10,
        'course.care.pathway_table("hip_or_spine")',
    ),
    # F18: the neurological examination how-to, recorded for a re-test
    Taught(
        "neurological examination and re-test recording",
        "seed_004",
        "tests",
        "neurological_examination",
        LESSON10,
        'course.clinical_test("neurological_examination")',
        "MRC scale",
    ),
    # F22: yellow flags and a psychosocial screen
    Taught(
        "yellow flags",
        "issue_12",
        "yellow_flags",
        "fear_avoidance",
        LESSON10,
        "course.care.yellow_flag_table()",
    ),
    Taught(
        "psychosocial screen: STarT Back",
        "issue_12",
        "screens",
        "start_back",
        LESSON10,
        'course.care.screen_table("start_back")',
    ),
    Taught(
        "psychosocial screen: Örebro short form",
        "issue_12",
        "screens",
        "orebro_short",
        LESSON10,
        'course.care.screen_table("orebro_short")',
    ),
    # seed 000: hamstring stretching in tendinopathy, as a claim with its support
    Taught(
        "seed 000: hamstring stretching unhelpful in tendinopathy",
        "seed_000",
        "management",
        "proximal_hamstring_tendinopathy",
        LESSON10,
        'course.care.plan_table("proximal_hamstring_tendinopathy")',
        "Hamstring stretching while the tendon is painful",
    ),
    # management per condition: the trials and criteria the issue names
    Taught(
        "LEAP: education and exercise for gluteal tendinopathy",
        "issue_12",
        "management",
        "gluteal_tendinopathy",
        LESSON10,
        'course.care.plan_table("gluteal_tendinopathy")',
        "LEAP trial",
    ),
    Taught(
        "graded return to running after a bone stress injury",
        "issue_12",
        "management",
        "sacral_fatigue_fracture",
        LESSON10,
        'course.care.plan_table("sacral_fatigue_fracture")',
        "graded return to running",
    ),
    *(
        _measure(i)
        for i in ("nprs", "odi", "rmdq", "hoos", "hagos", "visa_g", "visa_h", "psfs", "groc")
    ),
    # seed 001: the five treatments and the nine exercises (lesson 11)
    _seed_001("treatments", "soft_tissue_release", "soft-tissue release and foam rolling"),
    _seed_001("treatments", "heat", "heat"),
    _seed_001("treatments", "pain_relief", "pain relief"),
    _seed_001("treatments", "shockwave", "shockwave therapy"),
    _seed_001("treatments", "acupuncture", "acupuncture"),
    _seed_001("exercises", "pigeon_stretch", "pigeon stretch"),
    _seed_001("exercises", "hip_flexor_stretch", "hip-flexor stretch"),
    _seed_001("exercises", "adductor_stretch", "adductor stretch"),
    _seed_001("exercises", "bridge", "bridge"),
    _seed_001("exercises", "side_lying_abduction", "side-lying hip abduction"),
    _seed_001("exercises", "adductor_squeeze", "adductor squeeze"),
    _seed_001("exercises", "step_up", "step-ups"),
    _seed_001("exercises", "lateral_step_up", "lateral step-ups"),
    _seed_001("exercises", "single_leg_balance", "single-leg balance"),
    # seed 004: the buttock as an injection landmark and a pressure-injury site (lesson 01)
    _site("ventrogluteal", "ventrogluteal"),
    _site("dorsogluteal", "dorsogluteal"),
    _site("sacral_zone", "sacrum and coccyx", PRESSURE),
    _site("ischial_zone", "ischial tuberosities", PRESSURE),
    _site("trochanteric_zone", "greater trochanters", PRESSURE),
)
"""Where each point of issue 12 is taught. Other branches add their rows here."""


def _every(_record: Any) -> bool:
    return True


def _from_seed(record: Any) -> bool:
    return record.from_seed


COMPLETE: dict[str, Callable[[Any], bool]] = {
    "outcome_measures": _every,
    "imaging": _every,
    "reassessment": _every,
    "pathways": _every,
    "screens": _every,
    "procedure_sites": _every,
    "treatments": _from_seed,
    "exercises": _from_seed,
}
"""Collections whose entries (all, or those the predicate picks) must each have a row."""


def _label(row: Taught) -> str:
    if row.label:
        return row.label
    record = course.content().get(row.collection, row.entry)
    return getattr(record, "abbreviation", "") or record.name


def _cites(value: Any, source: str) -> bool:
    """True when ``value`` or any record inside it cites ``source``."""
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            inner = getattr(value, field.name)
            if field.name in ("sources", "seed") and source in (
                inner if isinstance(inner, tuple) else (inner,)
            ):
                return True
            if _cites(inner, source):
                return True
    elif isinstance(value, tuple):
        return any(_cites(v, source) for v in value)
    return False


def _lesson_text(name: str, cell_type: str = "code") -> str:
    notebook = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    return "\n".join(c.source for c in notebook.cells if c.cell_type == cell_type)


@pytest.mark.parametrize("row", TAUGHT, ids=lambda r: r.point)
def test_the_point_is_an_entry_that_cites_its_seed(row):
    record = course.content().get(row.collection, row.entry)
    if row.seed.startswith("seed_"):
        assert _cites(record, row.seed), f"{row.collection}/{row.entry} does not cite {row.seed}"


@pytest.mark.parametrize("row", TAUGHT, ids=lambda r: r.point)
def test_the_lesson_shows_the_entry(row):
    assert row.shows in _lesson_text(row.lesson), f"{row.lesson} never calls {row.shows}"
    scope = {"course": course}
    *setup, last = row.shows.splitlines()
    exec("\n".join(setup), scope)  # the rows' own lesson lines, no input
    shown = eval(last, scope)
    if row.then:
        assert row.words, f"{row.point}: the prose must ask for {row.then}"
        exec(row.then, {**scope, "shown": shown})
    if hasattr(shown, "description"):
        text = shown.description()
    elif hasattr(shown, "describe"):
        text = shown.describe()  # a course widget: what its figure shows, in words
    else:
        text = shown._repr_html_()
    assert _label(row) in text, f"{row.shows} does not show {_label(row)!r}"


@pytest.mark.parametrize("row", [r for r in TAUGHT if r.words], ids=lambda r: r.point)
def test_the_lesson_prose_names_the_point(row):
    prose = " ".join(_lesson_text(row.lesson, "markdown").lower().split())
    assert re.search(rf"\b{re.escape(row.words)}\b", prose), f"{row.lesson}: no {row.words!r}"


@pytest.mark.parametrize("collection", COMPLETE)
def test_every_entry_of_a_complete_collection_is_taught(collection):
    rows = {r.entry for r in TAUGHT if r.collection == collection}
    wanted = {x.id for x in course.content().all(collection) if COMPLETE[collection](x)}
    missing = wanted - rows
    assert not missing, f"{collection}: no row of TAUGHT for {sorted(missing)}"


def test_seed_001_has_five_treatments_and_nine_exercises():
    seeded = [r for r in TAUGHT if r.seed == "seed_001"]
    assert sum(r.collection == "treatments" for r in seeded) == 5
    assert sum(r.collection == "exercises" for r in seeded) == 9


def test_every_outcome_measure_the_issue_names_is_in_the_content():
    named = {"NPRS", "ODI", "RMDQ", "HOOS", "HAGOS", "VISA-G", "VISA-H", "PSFS", "GROC"}
    assert named <= {m.abbreviation for m in course.outcome_measures()}


def test_every_condition_has_a_management_plan():
    assert set(course.content().ids("management")) == set(course.content().ids("conditions"))
