"""The loaded course content: every collection, cross-checked, with lookups by id.

``Catalogue.load()`` reads ``course/content/`` (or another folder, for tests and for instructors
who keep their own copy), runs every content rule and raises one ``ContentError`` listing every
problem. This module stands on :mod:`course.records` and :mod:`course.loading` only.

How the rest of the course reaches the content: :func:`content` is the catalogue in use (the
shipped content, cached once per kernel), and ``with using(Catalogue.load(folder)):`` makes
another folder the content in use for everything called inside the block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import records as r
from .loading import (
    ContentError,
    Problem,
    lift_shared,
    load_collection,
    reference_fields,
    referenced_ids,
)
from .loading import suggest as _suggest
from .records import anatomy as anat
from .records import care, quiz, rules
from .records import hypothesis as hyp
from .records import management as mgmt
from .records import painmap as pm
from .records import patient as vp
from .records import procedures as proc

CONTENT_DIR = Path(__file__).parent / "content"


@dataclass(frozen=True)
class Collection:
    """One kind of content: its name, where it lives under ``content/`` and its record type."""

    name: str
    path: str
    """A YAML file holding a list of entries, or a folder of such files."""
    record: type
    singular: str
    checks: tuple[Callable[[Any], Iterable[tuple[str, str]]], ...] = ()
    """Content rules for one record beyond its types: each yields (field, message) pairs, which
    the loader turns into problems naming the file, line and entry."""
    section: str = ""
    """For a file that is a mapping holding several collections (the anatomy view): the key of
    this collection's list; the file's other keys are its header (see
    :func:`course.loading.load_collection`)."""


COLLECTIONS: tuple[Collection, ...] = (
    Collection("sources", "sources", r.Source, "source"),
    Collection("structures", "structures.yaml", r.Structure, "structure"),
    Collection("conditions", "conditions.yaml", r.Condition, "condition"),
    Collection("tests", "tests.yaml", r.ClinicalTest, "clinical test", (rules.accuracy_figures,)),
    Collection("urgency", "urgency.yaml", r.UrgencyTier, "urgency tier"),
    Collection("red_flags", "red_flags.yaml", r.RedFlag, "red flag"),
    Collection("glossary", "glossary.yaml", r.GlossaryTerm, "glossary term"),
    Collection("vignettes", "vignettes", quiz.Vignette, "vignette", rules.VIGNETTE_CHECKS),
    Collection(
        "selfchecks", "selfchecks", quiz.LessonSelfCheck, "lesson self-check", rules.LESSON_CHECKS
    ),
    Collection("objectives", "objectives.yaml", r.LessonObjectives, "lesson's objectives"),
    Collection("clusters", "clusters.yaml", hyp.ClusterRule, "cluster rule", (rules.cluster,)),
    Collection(
        "pretest", "pretest.yaml", hyp.PretestProbability, "pre-test probability", (rules.pretest,)
    ),
    Collection(
        "outlines",
        "anatomy_posterior.yaml",
        anat.Outline,
        "outline",
        rules.OUTLINE_CHECKS,
        section="outlines",
    ),
    Collection(
        "backdrop",
        "anatomy_posterior.yaml",
        anat.Backdrop,
        "backdrop shape",
        rules.OUTLINE_CHECKS,
        section="backdrop",
    ),
    Collection(
        "zones",
        "anatomy_posterior.yaml",
        anat.Zone,
        "buttock zone",
        rules.OUTLINE_CHECKS,
        section="zones",
    ),
    Collection("body_regions", "body_chart.yaml", pm.BodyRegion, "body-chart region"),
    Collection("pain_descriptors", "pain_descriptors.yaml", pm.PainDescriptor, "pain descriptor"),
    Collection("pain_sources", "pain_sources.yaml", pm.PainSource, "pain source"),
    Collection("exercises", "exercises.yaml", mgmt.Exercise, "exercise", (rules.exercise_entry,)),
    Collection(
        "treatments", "treatments.yaml", mgmt.Treatment, "treatment", (rules.treatment_entry,)
    ),
    Collection(
        "loading_progressions",
        "loading_progressions.yaml",
        mgmt.LoadingProgression,
        "loading progression",
        (rules.loading_progression,),
    ),
    Collection(
        "management", "management.yaml", care.ManagementPlan, "management plan", (rules.care_plan,)
    ),
    Collection(
        "outcome_measures",
        "outcome_measures.yaml",
        care.OutcomeMeasure,
        "outcome measure",
        (rules.measure_scale,),
    ),
    Collection("reassessment", "reassessment.yaml", care.ReassessmentStep, "reassessment step"),
    Collection(
        "imaging", "imaging.yaml", care.ImagingChoice, "imaging choice", (rules.imaging_choice,)
    ),
    Collection("pathways", "pathways.yaml", care.Pathway, "pathway", (rules.stepwise_screen,)),
    Collection(
        "yellow_flags", "yellow_flags.yaml", care.YellowFlag, "yellow flag", (rules.flag_evidence,)
    ),
    Collection("screens", "screens.yaml", care.Screen, "screen", (rules.screen_bands,)),
    Collection(
        "procedure_sites",
        "procedure_sites.yaml",
        proc.ProcedureSite,
        "procedure site",
        (rules.procedure_site,),
    ),
    Collection(
        "patient_items",
        "patient_items.yaml",
        vp.PatientItem,
        "virtual-patient item",
        (rules.patient_item,),
    ),
    Collection("patients", "patients", vp.PatientCase, "virtual patient"),
    Collection(
        "course_map",
        "course_map.yaml",
        r.MapLesson,
        "lesson of the course map",
        (rules.map_lesson,),
    ),
)
"""Every collection the course loads. A new kind of content is one line here plus its record."""


class UnknownIdError(KeyError):
    """An id that names nothing in a collection; the message offers the closest valid ids."""

    def __init__(self, collection: Collection, ident: str, valid: list[str]):
        self.collection = collection.name
        self.ident = ident
        self.valid = sorted(valid)
        self.message = f"no {collection.singular} called '{ident}'; {_suggest(ident, valid)}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class Catalogue:
    """All collections of one content folder, validated and cross-referenced."""

    def __init__(self, collections: Mapping[str, dict[str, Any]], folder: Path):
        self._collections = dict(collections)
        self.folder = folder

    @classmethod
    def load(cls, folder: Path | str = CONTENT_DIR, required: bool = True) -> Catalogue:
        """Load and check every collection in ``folder``; raise ContentError on any problem.

        With ``required=False`` a missing file counts as an empty collection (handy for small
        test folders); the shipped content is always loaded with every file required.
        """
        folder = Path(folder)
        loaded: dict[str, dict[str, Any]] = {}
        origins: dict[str, dict[str, tuple]] = {}
        shared: dict[tuple[str, str], frozenset[str]] = {}
        problems: list[Problem] = []
        for spec in COLLECTIONS:
            path = folder / spec.path
            if not path.exists():
                if required:
                    problems.append(Problem(spec.path, None, "", "", "file is missing"))
                loaded[spec.name], origins[spec.name] = {}, {}
                continue
            sections = [c.section for c in COLLECTIONS if c.path == spec.path]
            try:
                found, where, issues, taken = load_collection(
                    path, spec.record, spec.section, sections
                )
            except ContentError as error:
                problems += error.problems
                found, where, issues, taken = {}, {}, [], {}
            loaded[spec.name], origins[spec.name] = found, where
            shared.update(((where[i][0], i), fields) for i, fields in taken.items())
            problems += issues
            problems += _check_rules(spec, found, where)
        problems += _check_references(loaded, origins)
        problems += _check_sourced(loaded, origins)
        problems += _check_across(loaded, origins)
        problems = lift_shared(problems, shared)
        if problems:
            raise ContentError(problems)
        return cls(loaded, folder)

    def ids(self, collection: str) -> list[str]:
        """The ids in one collection, in file order."""
        return list(self._table(collection))

    def all(self, collection: str) -> list[Any]:
        """Every record of one collection, in file order."""
        return list(self._table(collection).values())

    def get(self, collection: str, ident: str) -> Any:
        """One record by id; an unknown id raises UnknownIdError naming the closest ids."""
        table = self._table(collection)
        if ident not in table:
            raise UnknownIdError(_spec(collection), ident, list(table))
        return table[ident]

    def counts(self) -> dict[str, int]:
        """How many entries each collection holds."""
        return {name: len(table) for name, table in self._collections.items()}

    def _table(self, collection: str) -> dict[str, Any]:
        if collection not in self._collections:
            names = ", ".join(self._collections)
            raise KeyError(f"no collection called '{collection}'; collections: {names}")
        return self._collections[collection]


def _spec(name: str) -> Collection:
    return next(c for c in COLLECTIONS if c.name == name)


def _check_rules(spec: Collection, found: dict[str, Any], where: dict[str, tuple]) -> list[Problem]:
    """Run one collection's content rules on each of its records."""
    problems = []
    for ident, record in found.items():
        file, line = where[ident]
        for check in spec.checks:
            problems += [Problem(file, line, ident, f, m) for f, m in check(record)]
    return problems


def _check_across(loaded, origins) -> list[Problem]:
    """Rules that look at several records at once (question ids unique across the course...)."""
    problems = []
    for collection, ident, field, message in rules.across(loaded, origins):
        file, line = origins[collection].get(ident, (_spec(collection).path, None))
        problems.append(Problem(file, line, ident, field, message))
    return problems


def _check_references(loaded, origins) -> list[Problem]:
    problems = []
    for spec in COLLECTIONS:
        for dotted, target, _ in reference_fields(spec.record):
            valid = origins.get(target, {})  # ids whose entries failed still exist
            for ident, record in loaded[spec.name].items():
                for field, value in referenced_ids(record, dotted):
                    if value not in valid:
                        file, line = origins[spec.name][ident]
                        target_spec = _spec(target)
                        message = (
                            f"'{value}' names no {target_spec.singular} in {target_spec.path}; "
                            f"{_suggest(value, valid)}"
                        )
                        problems.append(Problem(file, line, ident, field, message))
    return problems


def _check_sourced(loaded, origins) -> list[Problem]:
    problems = []
    for spec in COLLECTIONS:
        for ident, record in loaded[spec.name].items():
            if hasattr(record, "sources") and not record.sources:
                file, line = origins[spec.name][ident]
                problems.append(Problem(file, line, ident, "sources", "cite at least one source"))
            for index, study in enumerate(getattr(record, "accuracy", ())):
                if not study.sources:
                    file, line = origins[spec.name][ident]
                    problems.append(
                        Problem(file, line, ident, f"accuracy[{index}].sources", "cite a source")
                    )
    return problems


@cache
def shipped() -> Catalogue:
    """The course's own content, loaded once per kernel."""
    return Catalogue.load(CONTENT_DIR)


_IN_USE: list[Catalogue] = []
"""Catalogues made current by :func:`using`, innermost last."""


def content() -> Catalogue:
    """The content in use: the catalogue of the innermost ``using`` block, else the shipped one.

    This is the one way the course's facades and widget constructors reach the content; pure
    logic takes records and never calls it.
    """
    return _IN_USE[-1] if _IN_USE else shipped()


@contextmanager
def using(catalogue: Catalogue | Path | str) -> Iterator[Catalogue]:
    """Use another content folder (or a loaded catalogue) for everything called in the block.

    >>> with course.using("my_cases/content") as mine:     # doctest: +SKIP
    ...     course.condition("my_condition")

    Tests use it instead of patching; an instructor can use it to teach from a checked copy of
    the content. Objects built inside the block keep the records they were given.
    """
    if not isinstance(catalogue, Catalogue):
        catalogue = Catalogue.load(catalogue)
    _IN_USE.append(catalogue)
    try:
        yield catalogue
    finally:
        _IN_USE.remove(catalogue)
