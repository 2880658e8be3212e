"""Self-check quizzes: case vignettes and lesson questions with instant feedback and hints.

>>> import course.quiz
>>> course.quiz.selfcheck("case_03")        # a vignette with all its questions
>>> course.quiz.selfcheck("lesson08_q1")    # one lesson question

Content lives in ``course/content/vignettes/`` (one file per fictional patient, ``case_NN``) and
``course/content/selfchecks/`` (one file per lesson, questions ``lessonNN_qM``). Five question
kinds are scored by the rules stated in :mod:`course.quiz.questions`. Progress is kept in a small
local JSON file (:mod:`course.quiz.progress`).

How the answer key is kept out of sight, and what that is worth
------------------------------------------------------------------
The shipped YAML holds no answer in any reversible form: no plain text, no base64, no hex, no
field that differs between right and wrong options, no option order that follows correctness.
Each option carries a salted SHA-256 hash of (question, option, right-or-wrong or its rank); a
numeric answer is a set of hashes of the accepted grid buckets; feedback, explanations and model
answers are encrypted, the explanation under a key derived from the complete correct answer. The
kernel checks a student's answer by hashing it. Authors write keys in an authoring form kept out
of the repository and run ``python -m tools.quiz seal`` (see :mod:`tools.quiz.authoring`).

**This only deters.** A question has a handful of options, so anyone who reads this code can
hash each one and find the key, as :func:`course.quiz.questions.reveal` does. Self-checks are
for learning; nothing graded relies on them. Graded assignments (nbgrader) keep their keys in
hidden tests that students never receive, and never reuse a self-check item:
:func:`all_item_ids` lists the ids they must avoid.
"""

from __future__ import annotations

import re
from typing import Any

from .questions import (
    AnswerError,
    LessonSelfCheck,
    Outcome,
    Question,
    QuizSet,
    Vignette,
    check,
    reveal,
    score_multiple,
    score_numeric,
    score_ranking,
    score_single,
)

__all__ = [
    "AnswerError",
    "LessonSelfCheck",
    "Outcome",
    "Question",
    "QuizSet",
    "Vignette",
    "all_item_ids",
    "case_browser",
    "check",
    "item",
    "lesson_checks",
    "my_progress",
    "problems",
    "quiz_set",
    "reveal",
    "score_multiple",
    "score_numeric",
    "score_ranking",
    "score_single",
    "selfcheck",
    "vignette",
    "vignettes",
]

VIGNETTE_ID = re.compile(r"^case_\d{2}$")
"""Vignette ids are neutral numbers: they must never name the diagnosis."""
LESSON_ID = re.compile(r"^lesson\d{2}$")


def _catalogue(catalogue: Any = None):
    from ..catalogue import shipped

    return catalogue if catalogue is not None else shipped()


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
    from ..loading import suggest

    found = _items(catalogue)
    if ident not in found:
        raise KeyError(f"no self-check question called '{ident}'; {suggest(ident, found)}")
    return found[ident][1]


def quiz_set(ident: str, catalogue: Any = None) -> tuple[QuizSet, list[Question]]:
    """The set an id belongs to and the questions it selects: a whole vignette or lesson set,
    or one question."""
    from ..loading import suggest

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


def selfcheck(ident: str, progress_path: Any = None, catalogue: Any = None):
    """The self-check widget for a vignette (``"case_03"``), a lesson's set (``"lesson03"``)
    or a single question (``"lesson03_q1"``). Progress goes to the local progress file."""
    from .widget import SelfCheck

    return SelfCheck(ident, progress_path=progress_path, catalogue=catalogue)


def case_browser(progress_path: Any = None, catalogue: Any = None):
    """A drop-down of every vignette; the chosen one appears below as a self-check."""
    from .widget import CaseBrowser

    return CaseBrowser(progress_path=progress_path, catalogue=catalogue)


def my_progress(progress_path: Any = None, catalogue: Any = None):
    """The progress summary widget: a bar per lesson and vignette, Refresh and Reset."""
    from .summary import ProgressView

    return ProgressView(progress_path=progress_path, catalogue=catalogue)


def problems(catalogue: Any = None) -> list[str]:
    """Everything structurally wrong with the quiz content that the generic loader cannot see.

    Checks: neutral vignette ids matching their file names; question ids ``<set>_q<n>`` unique
    across the course; each kind carries exactly the fields it needs, sealed; every vignette
    has one diagnosis question whose options are all conditions; every finding names a test or
    an observation. Returns readable lines (empty when all is well).
    """
    from . import keys

    found: list[str] = []
    seen: dict[str, str] = {}
    catalogue = _catalogue(catalogue)
    folders = {
        "vignettes": catalogue.folder / "vignettes",
        "selfchecks": catalogue.folder / "selfchecks",
    }
    for collection, pattern in (("vignettes", VIGNETTE_ID), ("selfchecks", LESSON_ID)):
        for quiz in catalogue.all(collection):
            where = f"{collection}/{quiz.id}"
            if not pattern.match(quiz.id):
                found.append(f"{where}: id must look like {pattern.pattern}")
            if not (folders[collection] / f"{quiz.id}.yaml").exists():
                found.append(f"{where}: the file must be called {quiz.id}.yaml")
            if isinstance(quiz, LessonSelfCheck) and quiz.id != f"lesson{quiz.lesson:02d}":
                found.append(f"{where}: lesson {quiz.lesson} must have id lesson{quiz.lesson:02d}")
            for number, q in enumerate(quiz.questions, start=1):
                if q.id != f"{quiz.id}_q{number}":
                    found.append(f"{where}: question {number} must have id {quiz.id}_q{number}")
                if q.id in seen:
                    found.append(f"{where}: question id {q.id} also used in {seen[q.id]}")
                seen[q.id] = where
                found += [f"{where}/{q.id}: {p}" for p in _question_problems(q, keys)]
            if isinstance(quiz, Vignette):
                diagnosis = [q for q in quiz.questions if q.focus == "diagnosis"]
                if len(diagnosis) != 1:
                    found.append(f"{where}: needs exactly one question with focus: diagnosis")
                elif diagnosis[0].kind != "single_choice" or not all(
                    o.condition for o in diagnosis[0].options
                ):
                    found.append(
                        f"{where}: the diagnosis question must be single_choice with "
                        "a condition on every option"
                    )
                for index, finding in enumerate(quiz.examination):
                    if bool(finding.test) == bool(finding.observation):
                        found.append(
                            f"{where}: examination[{index}] needs a test or an "
                            "observation (one of them)"
                        )
    return found


def _question_problems(q: Question, keys) -> list[str]:
    out = []
    choice = q.kind in ("single_choice", "multiple_select", "ranking")
    if choice and len(q.options) < 2:
        out.append("needs at least two options")
    if not choice and q.options:
        out.append(f"a {q.kind} question has no options")
    for o in q.options:
        if not re.fullmatch(r"[0-9a-f]{64}", o.key):
            out.append(f"option {o.id}: key must be a sealed hash (run python -m tools.quiz seal)")
        if o.feedback and not keys.is_sealed(o.feedback):
            out.append(f"option {o.id}: feedback is not sealed")
        if o.condition and o.condition != o.id:
            out.append(f"option {o.id}: an option naming a condition uses its id")
        if o.test and o.test != o.id:
            out.append(f"option {o.id}: an option naming a test uses its id")
    if q.kind in ("single_choice", "multiple_select") and not all(o.feedback for o in q.options):
        out.append("every option needs feedback")
    numeric = (q.tolerance, q.grid, q.minimum, q.maximum)
    if q.kind == "numeric" and (None in numeric or not q.answer_keys):
        out.append("a numeric question needs tolerance, grid, minimum, maximum and answer_keys")
    if q.kind != "numeric" and (q.answer_keys or any(v is not None for v in numeric)):
        out.append("only numeric questions carry tolerance, grid or answer_keys")
    if q.kind == "free_text" and not keys.is_sealed(q.model_answer):
        out.append("a free-text question needs a sealed model_answer")
    if q.kind != "free_text" and not keys.is_sealed(q.explanation):
        out.append("needs a sealed explanation")
    if not re.fullmatch(r"[0-9a-f]{32}", q.salt):
        out.append("salt must be 32 hex digits")
    return out
