"""Lesson 01's 'find the structure' quiz as a set of questions in the progress summary.

Each structure drawn on the anatomy figure is one question of the kind ``identify_structure``
(:class:`course.quiz.kinds.IdentifyStructure`), id ``find_structure_<structure id>``. The anatomy
explorer asks them and records every answer in the progress file
(:mod:`course.anatomy.quiz`); this module names the set so that the progress summary (lesson 12)
counts it with the other self-checks.

The set is read from the content (the catalogue's ``outlines`` collection, from
``anatomy_posterior.yaml``), not from :mod:`course.anatomy`, which itself builds on this package:
the quiz package never imports the anatomy package, so the import graph stays acyclic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SET_ID = "find_structure"
"""Id of the find-the-structure set in the progress summary."""
SET_TITLE = "Lesson 01: find the structure"


def question_id(structure: str) -> str:
    """The progress id of the question 'find ``structure``' (a structure id)."""
    return f"{SET_ID}_{structure}"


@dataclass(frozen=True)
class QuestionRef:
    """A question known by its id alone: all the progress summary needs of it."""

    id: str


@dataclass(frozen=True)
class StructureSet:
    """The find-the-structure questions as one set of the progress summary."""

    id: str
    title: str
    questions: tuple[QuestionRef, ...]


def structure_set(catalogue: Any = None) -> StructureSet:
    """One question per structure outlined in ``catalogue``'s anatomy view, in file order (the
    content in use by default: :func:`course.catalogue.content`)."""
    if catalogue is None:
        from ..catalogue import content

        catalogue = content()
    refs = tuple(QuestionRef(question_id(i)) for i in catalogue.ids("outlines"))
    return StructureSet(SET_ID, SET_TITLE, refs)
