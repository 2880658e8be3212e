"""The quiz sets of the content in use, and questions by id (the edge where quiz ids resolve).

Every function reads :func:`course.catalogue.content` unless a ``catalogue`` is given; unknown
ids raise a KeyError naming the closest valid ids. :mod:`course.quiz` re-exports them.
"""

from __future__ import annotations

from typing import Any

from ..catalogue import content
from ..loading import suggest
from ..records.quiz import LessonSelfCheck, Question, QuizSet, Vignette


def _catalogue(catalogue: Any = None):
    return catalogue if catalogue is not None else content()


def vignettes(catalogue: Any = None) -> list[Vignette]:
    """Every case vignette, in id order."""
    return _catalogue(catalogue).all("vignettes")


def vignette(ident: str, catalogue: Any = None) -> Vignette:
    """One vignette by id, e.g. ``"case_03"``."""
    return _catalogue(catalogue).get("vignettes", ident)


def lesson_checks(catalogue: Any = None) -> list[LessonSelfCheck]:
    """Every lesson's self-check set, in lesson order."""
    return sorted(_catalogue(catalogue).all("selfchecks"), key=lambda s: s.lesson)


def quiz_sets(catalogue: Any = None) -> list[QuizSet]:
    """Every set of questions: the lesson self-checks, then the vignettes."""
    return [*lesson_checks(catalogue), *vignettes(catalogue)]


def _items(catalogue: Any = None) -> dict[str, tuple[QuizSet, Question]]:
    return {q.id: (s, q) for s in quiz_sets(catalogue) for q in s.questions}


def all_item_ids(catalogue: Any = None) -> list[str]:
    """Every self-check question id (``case_03_q1``, ``lesson08_q1``...), sorted.

    Graded assignments must not reuse any of these (nor their prompts: see :func:`item`).
    """
    return sorted(_items(catalogue))


def item(ident: str, catalogue: Any = None) -> Question:
    """One self-check question by id."""
    found = _items(catalogue)
    if ident not in found:
        raise KeyError(f"no self-check question called '{ident}'; {suggest(ident, found)}")
    return found[ident][1]


def quiz_set(ident: str, catalogue: Any = None) -> tuple[QuizSet, list[Question]]:
    """The set an id belongs to and the questions it selects: a whole vignette or lesson set,
    or one question."""
    sets = {s.id: s for s in quiz_sets(catalogue)}
    if ident in sets:
        return sets[ident], list(sets[ident].questions)
    found = _items(catalogue)
    if ident in found:
        owner, question = found[ident]
        return owner, [question]
    valid = [*sets, *found]
    raise KeyError(
        f"no vignette, lesson self-check or question called '{ident}'; {suggest(ident, valid)}"
    )
