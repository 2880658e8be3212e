"""The buttock-pain course: shared code for every lesson.

Notebooks call a handful of stable functions from here; the knowledge itself lives in
``course/content/*.yaml``. Everything this package shows is for teaching: it does not diagnose.

``course.content()`` is the loaded content in use (a :class:`Catalogue`); ``with
course.using(folder_or_catalogue):`` makes another content folder the one in use inside the block,
for tests and for instructors with their own cases.

>>> import course
>>> course.condition("deep_gluteal_syndrome").source_category
'peripheral_nerve'
"""

from __future__ import annotations

import typing

from . import cards as _cards  # noqa: F401  (attaches rich display to records)
from . import lessons  # noqa: F401  (course.lessons.condition_cards() and the lessons' helpers)
from .catalogue import (
    Catalogue,
    UnknownIdError,
    content,
    shipped,  # noqa: F401  (older name: the shipped content, cached)
    using,
)
from .loading import ContentError
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
)

__version__ = "0.1.0"

DISCLAIMER = (
    "This course teaches clinical reasoning. It does not diagnose, and nothing in it replaces "
    "an assessment by a qualified clinician."
)
"""Said once, plainly, in every lesson."""

__all__ = [
    "DISCLAIMER",
    "Catalogue",
    "ClinicalTest",
    "Condition",
    "ContentError",
    "GlossaryTerm",
    "RedFlag",
    "Source",
    "Structure",
    "UnknownIdError",
    "clinical_test",
    "clinical_tests",
    "condition",
    "conditions",
    "content",
    "disclaimer",
    "glossary",
    "ids",
    "red_flag",
    "red_flags",
    "source",
    "structure",
    "structures",
    "term",
    "using",
]


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


def red_flag(ident: str) -> RedFlag:
    """One red flag by id."""
    return content().get("red_flags", ident)


def glossary() -> list[GlossaryTerm]:
    """Every glossary term."""
    return content().all("glossary")


def term(ident: str) -> GlossaryTerm:
    """One glossary term by id, e.g. ``"radicular_pain"``."""
    return content().get("glossary", ident)


def source(ident: str) -> Source:
    """One cited source by id."""
    return content().get("sources", ident)


def ids(collection: str) -> list[str]:
    """The valid ids of a collection (``conditions``, ``structures``, ``tests``...)."""
    return content().ids(collection)


def disclaimer():
    """The 'teaches, does not diagnose' note, displayed as a notebook callout."""
    from .cards import Callout

    return Callout(DISCLAIMER)


def _check_choice(value: str, what: str, valid: set[str]) -> None:
    if value not in valid:
        raise ValueError(f"unknown {what} '{value}'; choose one of: {', '.join(sorted(valid))}")
