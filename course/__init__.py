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

import importlib
from types import ModuleType

from . import cards as _cards  # noqa: F401  (attaches rich display to records; plain HTML, cheap)
from .catalogue import (
    Catalogue,
    UnknownIdError,
    content,
    shipped,  # noqa: F401  (older name: the shipped content, cached)
    using,
)
from .loading import ContentError
from .lookups import (
    clinical_test,
    clinical_tests,
    condition,
    conditions,
    glossary,
    ids,
    imaging_choices,
    management_plan,
    outcome_measure,
    outcome_measures,
    pathway,
    reassessment_steps,
    red_flag,
    red_flags,
    screen,
    source,
    structure,
    structures,
    term,
    urgency_tier,
    urgency_tiers,
    yellow_flags,
)
from .records import (  # noqa: F401  (still course.LAYERS...)
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
    "UrgencyTier",
    "clinical_test",
    "clinical_tests",
    "condition",
    "conditions",
    "content",
    "disclaimer",
    "glossary",
    "ids",
    "imaging_choices",
    "management_plan",
    "outcome_measure",
    "outcome_measures",
    "pathway",
    "reassessment_steps",
    "red_flag",
    "red_flags",
    "screen",
    "source",
    "structure",
    "structures",
    "term",
    "urgency_tier",
    "urgency_tiers",
    "using",
    "yellow_flags",
]


def disclaimer():
    """The 'teaches, does not diagnose' note, displayed as a notebook callout."""
    from .cards import Callout

    return Callout(DISCLAIMER)


SUBPACKAGES = (
    "anatomy",
    "care",
    "grading",
    "hypothesis",
    "lessons",
    "management",
    "painmap",
    "patient",
    "quiz",
)
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
