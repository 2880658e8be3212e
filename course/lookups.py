"""Records by id: the edge where the lessons' ids become records of the content in use.

Each function reads :func:`course.catalogue.content` (the shipped content, or the folder given
to ``course.using``) and returns records; an unknown id raises
:class:`~course.catalogue.UnknownIdError` naming the closest valid ids. ``course`` re-exports all
of them (``course.condition("piriformis_syndrome")``).
"""

from __future__ import annotations

import typing

from .catalogue import content
from .records import (
    LAYERS,
    ClinicalTest,
    Condition,
    GlossaryTerm,
    RedFlag,
    Region,
    Source,
    SourceCategory,
    Structure,
    UrgencyTier,
)
from .records.management import Exercise, LoadingProgression, Treatment


def conditions(region: str | None = None, category: str | None = None) -> list[Condition]:
    """Every condition, optionally only those felt in ``region`` or of one source ``category``."""
    found = content().all("conditions")
    if region is not None:
        _check_choice(region, "region", set(typing.get_args(Region)))
        found = [c for c in found if region in c.regions]
    if category is not None:
        _check_choice(category, "category", set(typing.get_args(SourceCategory)))
        found = [c for c in found if c.source_category == category]
    return found


def condition(ident: str) -> Condition:
    """One condition by id, e.g. ``"deep_gluteal_syndrome"``."""
    return content().get("conditions", ident)


def structures(layer: str | None = None) -> list[Structure]:
    """Every anatomical structure, optionally only those in one ``layer``."""
    found = content().all("structures")
    if layer is not None:
        _check_choice(layer, "layer", set(LAYERS))
        found = [s for s in found if s.layer == layer]
    return found


def structure(ident: str) -> Structure:
    """One anatomical structure by id, e.g. ``"piriformis"``."""
    return content().get("structures", ident)


def clinical_tests() -> list[ClinicalTest]:
    """Every clinical test, with its published accuracy where there is any."""
    return content().all("tests")


def clinical_test(ident: str) -> ClinicalTest:
    """One clinical test by id, e.g. ``"slump_test"``."""
    return content().get("tests", ident)


def red_flags() -> list[RedFlag]:
    """Every red flag the course teaches."""
    return content().all("red_flags")


def urgency_tiers() -> list[UrgencyTier]:
    """The urgency tiers, most urgent first: emergency, same_day, urgent, soon."""
    return content().all("urgency")


def urgency_tier(ident: str) -> UrgencyTier:
    """One urgency tier by id, e.g. ``"same_day"``."""
    return content().get("urgency", ident)


def red_flag(ident: str) -> RedFlag:
    """One red flag by id."""
    return content().get("red_flags", ident)


def glossary() -> list[GlossaryTerm]:
    """Every glossary term."""
    return content().all("glossary")


def term(ident: str) -> GlossaryTerm:
    """One glossary term by id, e.g. ``"radicular_pain"``."""
    return content().get("glossary", ident)


def exercises() -> list[Exercise]:
    """Every exercise of the library, in file order (seed 001's nine first)."""
    return content().all("exercises")


def exercise(ident: str) -> Exercise:
    """One exercise by id, e.g. ``"bridge"``."""
    return content().get("exercises", ident)


def treatments() -> list[Treatment]:
    """Every passive treatment seed 001 names."""
    return content().all("treatments")


def treatment(ident: str) -> Treatment:
    """One treatment by id, e.g. ``"shockwave"``."""
    return content().get("treatments", ident)


def loading_progressions() -> list[LoadingProgression]:
    """Every staged loading progression the evidence uses."""
    return content().all("loading_progressions")


def source(ident: str) -> Source:
    """One cited source by id."""
    return content().get("sources", ident)


def ids(collection: str) -> list[str]:
    """The valid ids of a collection (``conditions``, ``structures``, ``tests``...)."""
    return content().ids(collection)


def _check_choice(value: str, what: str, valid: set[str]) -> None:
    if value not in valid:
        raise ValueError(f"unknown {what} '{value}'; choose one of: {', '.join(sorted(valid))}")
