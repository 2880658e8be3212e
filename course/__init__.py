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

from . import cards as _cards  # noqa: F401  (attaches rich display to records)
from . import (
    lessons,  # noqa: F401  (course.lessons.condition_cards() and the lessons' helpers)
    quiz,  # noqa: F401  (course.quiz.selfcheck(...) after a plain `import course`)
)
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
    red_flag,
    red_flags,
    source,
    structure,
    structures,
    term,
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


def disclaimer():
    """The 'teaches, does not diagnose' note, displayed as a notebook callout."""
    from .cards import Callout

    return Callout(DISCLAIMER)
