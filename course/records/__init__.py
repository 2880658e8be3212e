"""Every record type the content files hold, as typed, immutable dataclasses.

This package is the floor the rest of the course stands on: it imports nothing else from
``course``. Each module mirrors a family of YAML files in ``course/content/``:

* :mod:`.core`: sources, structures, conditions, clinical tests, red flags, glossary terms;
* :mod:`.hypothesis`: cluster rules and pre-test probabilities;
* :mod:`.painmap`: body-chart regions, pain sources and pain descriptors;
* :mod:`.quiz`: self-check questions, vignettes and lesson sets (sealed with :mod:`.keys`);
* :mod:`.anatomy`: outlines, backdrop shapes and zones of the posterior view (three sections of
  one file);
* :mod:`.procedures`: injection sites and pressure-injury zones drawn over that view;
* :mod:`.care`: management plans, outcome measures, reassessment, imaging choice, stepwise
  screens, yellow flags and psychosocial screens;
* :mod:`.rules`: the content rules the loader cannot see from the types alone;
* :mod:`.plane`: the numpy plane geometry the outline rules (and :mod:`course.shapes`) use.

``from course.records import Condition`` keeps working: the core types are re-exported here.
"""

from __future__ import annotations

from .core import (
    LAYERS,
    Accuracy,
    CautionClaim,
    ClinicalTest,
    Condition,
    Evidence,
    GlossaryTerm,
    Layer,
    LessonObjectives,
    MapLesson,
    Objective,
    RedFlag,
    Region,
    Source,
    SourceCategory,
    SourceKind,
    Structure,
    StructureKind,
    Urgency,
    UrgencyTier,
    ref,
)

__all__ = [
    "LAYERS",
    "Accuracy",
    "CautionClaim",
    "ClinicalTest",
    "Condition",
    "Evidence",
    "GlossaryTerm",
    "Layer",
    "LessonObjectives",
    "MapLesson",
    "Objective",
    "RedFlag",
    "Region",
    "Source",
    "SourceCategory",
    "SourceKind",
    "Structure",
    "StructureKind",
    "Urgency",
    "UrgencyTier",
    "ref",
]
