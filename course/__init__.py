"""The buttock-pain course: shared code for every lesson.

Notebooks call a handful of stable functions from here; the knowledge itself lives in
``course/content/*.yaml``. Everything this package shows is for teaching: it does not diagnose.

>>> import course
>>> course.condition("deep_gluteal_syndrome").source_category
'peripheral_nerve'
"""

from __future__ import annotations

import importlib
import typing
from types import ModuleType

from . import cards as _cards  # noqa: F401  (attaches rich display to records; plain HTML, cheap)
from .catalogue import Catalogue, UnknownIdError, shipped
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
    "disclaimer",
    "glossary",
    "ids",
    "red_flag",
    "red_flags",
    "source",
    "structure",
    "structures",
    "term",
]


def conditions(region: str | None = None, category: str | None = None) -> list[Condition]:
    """Every condition, optionally only those felt in ``region`` or of one source ``category``."""
    found = shipped().all("conditions")
    if region is not None:
        _check_choice(region, "region", set(typing.get_args(Region)))
        found = [c for c in found if region in c.regions]
    if category is not None:
        _check_choice(category, "category", set(typing.get_args(SourceCategory)))
        found = [c for c in found if c.source_category == category]
    return found


def condition(ident: str) -> Condition:
    """One condition by id, e.g. ``"deep_gluteal_syndrome"``."""
    return shipped().get("conditions", ident)


def structures(layer: str | None = None) -> list[Structure]:
    """Every anatomical structure, optionally only those in one ``layer``."""
    found = shipped().all("structures")
    if layer is not None:
        _check_choice(layer, "layer", set(LAYERS))
        found = [s for s in found if s.layer == layer]
    return found


def structure(ident: str) -> Structure:
    """One anatomical structure by id, e.g. ``"piriformis"``."""
    return shipped().get("structures", ident)


def clinical_tests() -> list[ClinicalTest]:
    """Every clinical test, with its published accuracy where there is any."""
    return shipped().all("tests")


def clinical_test(ident: str) -> ClinicalTest:
    """One clinical test by id, e.g. ``"slump_test"``."""
    return shipped().get("tests", ident)


def red_flags() -> list[RedFlag]:
    """Every red flag the course teaches."""
    return shipped().all("red_flags")


def red_flag(ident: str) -> RedFlag:
    """One red flag by id."""
    return shipped().get("red_flags", ident)


def glossary() -> list[GlossaryTerm]:
    """Every glossary term."""
    return shipped().all("glossary")


def term(ident: str) -> GlossaryTerm:
    """One glossary term by id, e.g. ``"radicular_pain"``."""
    return shipped().get("glossary", ident)


def source(ident: str) -> Source:
    """One cited source by id."""
    return shipped().get("sources", ident)


def ids(collection: str) -> list[str]:
    """The valid ids of a collection (``conditions``, ``structures``, ``tests``...)."""
    return shipped().ids(collection)


def disclaimer():
    """The 'teaches, does not diagnose' note, displayed as a notebook callout."""
    from .cards import Callout

    return Callout(DISCLAIMER)


SUBPACKAGES = ("anatomy", "grading", "hypothesis", "lessons", "painmap", "quiz")
"""The parts a lesson reaches as ``course.<name>``; each is imported on first use, so that
``import course`` loads no matplotlib, numpy, nbformat or ipywidgets (see
``benchmarks/import_cost.py``)."""


def __getattr__(name: str) -> ModuleType:
    """Import a subpackage the first time ``course.<name>`` is read (PEP 562)."""
    if name in SUBPACKAGES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *SUBPACKAGES})


def _check_choice(value: str, what: str, valid: set[str]) -> None:
    if value not in valid:
        raise ValueError(f"unknown {what} '{value}'; choose one of: {', '.join(sorted(valid))}")
