"""Self-check quizzes: case vignettes and lesson questions with instant feedback and hints.

>>> import course.quiz
>>> course.quiz.selfcheck("case_03")        # a vignette with all its questions
>>> course.quiz.selfcheck("lesson08_q1")    # one lesson question

Content lives in ``course/content/vignettes/`` (one file per fictional patient, ``case_NN``) and
``course/content/selfchecks/`` (one file per lesson, questions ``lessonNN_qM``). Five question
kinds are scored by the rules stated in :mod:`course.quiz.questions`; each kind is one class in
:mod:`course.quiz.kinds` (scoring, checking, reveal, sealing, its control and its static page).
Progress is kept in a small local JSON file (:mod:`course.quiz.progress`); lesson 01's
find-the-structure quiz records there too (:mod:`course.anatomy.quiz`).

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
hash each one and find the key, as :func:`course.quiz.kinds.reveal` does. Self-checks are
for learning; nothing graded relies on them. Graded assignments (nbgrader) keep their keys in
hidden tests that students never receive, and never reuse a self-check item:
:func:`all_item_ids` lists the ids they must avoid.
"""

from __future__ import annotations

from typing import Any

from .kinds import check, reveal
from .questions import (
    AnswerError,
    LessonSelfCheck,
    Outcome,
    Question,
    QuizSet,
    Vignette,
    score_multiple,
    score_numeric,
    score_ranking,
    score_single,
)
from .sets import (  # noqa: F401  (re-exported: course.quiz.vignette(...) and the rest)
    _catalogue,
    all_item_ids,
    item,
    lesson_checks,
    quiz_set,
    quiz_sets,
    vignette,
    vignettes,
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


def selfcheck(ident: str, progress_path: Any = None, catalogue: Any = None):
    """The self-check widget for a vignette (``"case_03"``), a lesson's set (``"lesson03"``)
    or a single question (``"lesson03_q1"``). Progress goes to the local progress file."""
    from .widget import SelfCheck

    return SelfCheck(ident, progress_path=progress_path, catalogue=catalogue)


def case_browser(progress_path: Any = None, catalogue: Any = None, worked: Any = ()):
    """A drop-down of every vignette; the chosen one appears below as a self-check.

    ``worked`` lists the cases the lesson worked above (ids or the self-check widgets showing
    them); the browser opens on the first case not among them."""
    from .widget import CaseBrowser

    return CaseBrowser(progress_path=progress_path, catalogue=catalogue, worked=worked)


def my_progress(progress_path: Any = None, catalogue: Any = None):
    """The progress summary widget: a bar per lesson and vignette, Refresh and Reset."""
    from .summary import ProgressView

    return ProgressView(progress_path=progress_path, catalogue=catalogue)


def problems(catalogue: Any = None) -> list[str]:
    """The quiz rules of :mod:`course.records.rules` run over a catalogue, as readable lines.

    Checks: neutral vignette ids matching their file names; question ids ``<set>_q<n>`` unique
    across the course; each kind carries exactly the fields it needs, sealed, with option keys
    that open; every vignette has one diagnosis question whose options are all conditions;
    every finding names a test or an observation. These rules run whenever content loads, so a
    loaded catalogue gives an empty list; the key-opening step of ``python -m course.quiz
    check`` (every explanation opens) is :func:`course.quiz.kinds.reveal`.
    """
    from ..records import rules

    found: list[str] = []
    for collection in ("vignettes", "selfchecks"):
        for quiz in _catalogue(catalogue).all(collection):
            found += [
                f"{collection}/{quiz.id}: {message}" for _, message in rules.question_set(quiz)
            ]
    return found
