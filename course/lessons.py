"""The lessons' helpers in one namespace, as the notebooks call them (``lessons.compare_table``).

The helpers live by clinical topic: :mod:`course.condition_decks` (condition cards,
comparisons, key tests, claims to question, the condition explorer), :mod:`course.redflags`
(the checklist, ``flags_for``, the red-flag screen), :mod:`course.management` (the
exercise-programme widget) and :mod:`course.coursemap` (the lessons in order, read from
``course/content/course_map.yaml``). This module only re-exports them.
"""

from __future__ import annotations

from . import coursemap as _coursemap
from .condition_decks import (
    ANY,
    COMPARE_FIELDS,
    Claim,
    ClaimList,
    Comparison,
    ConditionDeck,
    ConditionExplorer,
    DeckFilter,
    TestDeck,
    caution_claims,
    compare_table,
    condition_cards,
    explore_conditions,
    field_text,
    first_sentence,
    key_tests,
)
from .coursemap import CourseMap, Lesson, course_map
from .management import exercise_programme
from .redflags import (
    SCREEN_CAPTION,
    URGENCY_ORDER,
    Findings,
    RedFlagChecklist,
    RedFlagScreen,
    by_urgency,
    features,
    flags_for,
    red_flag_checklist,
    red_flag_screen,
)

__all__ = [
    "ANY",
    "COMPARE_FIELDS",
    "SCREEN_CAPTION",
    "URGENCY_ORDER",
    "Claim",
    "ClaimList",
    "Comparison",
    "ConditionDeck",
    "ConditionExplorer",
    "CourseMap",
    "DeckFilter",
    "Findings",
    "Lesson",
    "RedFlagChecklist",
    "RedFlagScreen",
    "TestDeck",
    "by_urgency",
    "caution_claims",
    "compare_table",
    "condition_cards",
    "course_map",
    "exercise_programme",
    "explore_conditions",
    "features",
    "field_text",
    "first_sentence",
    "flags_for",
    "key_tests",
    "red_flag_checklist",
    "red_flag_screen",
]


def __getattr__(name: str) -> tuple:
    # COURSE_MAP and LESSON_NOTEBOOKS are read from the content on first use.
    if name in ("COURSE_MAP", "LESSON_NOTEBOOKS"):
        return getattr(_coursemap, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
