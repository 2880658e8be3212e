"""'Find the structure': the quiz logic, apart from any widget.

The quiz names a structure, the student clicks, and each answer is scored with feedback that says
what was clicked instead. A ``seed`` fixes the sequence so that a test or an instructor can
replay it exactly.

Each round is a self-check question of the kind ``identify_structure``
(:class:`course.quiz.kinds.IdentifyStructure`): one question per structure of the figure, id
``find_structure_<structure id>``, whose options are the figure's structures and whose answer is
the structure a click picks. The kind scores it and words the feedback, and every answer is
recorded in the same progress file as the other self-checks, so that lesson 12's progress summary
shows the set :func:`course.quiz.structures.structure_set` beside the others.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..quiz import keys
from ..quiz.kinds import KIND, Click, question_record, seal_question
from ..quiz.progress import ProgressFile
from ..quiz.questions import Question
from ..quiz.structures import question_id
from .view import in_text


def structure_question(target: str, names: Mapping[str, str]) -> Question:
    """The ``identify_structure`` question 'click the ``target``': its options are every
    structure in ``names`` (id to name), the right one ``target``. The salt derives from the
    question id, so a question is the same in every kernel; it is sealed once per kernel and
    shared by every quiz that asks it (a question record is frozen)."""
    if target not in names:
        raise ValueError(f"'{target}' is not one of the figure's structures")
    return _sealed_question(target, tuple(names.items()))


@functools.lru_cache(maxsize=1024)
def _sealed_question(target: str, names: tuple[tuple[str, str], ...]) -> Question:
    """:func:`structure_question` for ``names`` as (id, name) pairs, worked out once."""
    qid = question_id(target)
    raw = {
        "id": qid,
        "kind": "identify_structure",
        "focus": "anatomy",
        "prompt": f"Click the {in_text(dict(names)[target])}.",
        "options": [{"id": ident, "text": in_text(name)} for ident, name in names],
        "answer": target,
        "sources": [],
    }
    return question_record(seal_question(raw, salt=keys.digest("find the structure", qid)[:32]))


@dataclass(frozen=True)
class Feedback:
    """The outcome of one answer."""

    target: str
    """The structure id the quiz asked for."""
    picked: str | None
    """The structure id the student clicked, or None where no structure was hit."""
    correct: bool
    message: str


class FindTheStructure:
    """A run of 'find the structure' questions drawn from ``pool`` without repeats.

    ``names`` maps every structure a click can pick to its name; with ``progress``, each answer
    is recorded there as an attempt at the question ``find_structure_<target>``.
    """

    def __init__(
        self,
        pool: Sequence[str],
        names: Mapping[str, str],
        rounds: int = 8,
        seed: int | None = None,
        progress: ProgressFile | None = None,
    ):
        if rounds < 1:
            raise ValueError(f"a quiz needs at least one round, not {rounds}")
        if not pool:
            raise ValueError("a quiz needs at least one structure to ask about")
        self.names = names
        self.targets: list[str] = random.Random(seed).sample(list(pool), min(rounds, len(pool)))
        self.questions = {t: structure_question(t, names) for t in self.targets}
        """The ``identify_structure`` question of each target."""
        self.progress = progress
        self.answers: list[Feedback] = []
        self.index = 0

    @property
    def current(self) -> str | None:
        """The structure id asked for now, or None when the quiz is over."""
        return self.targets[self.index] if self.index < len(self.targets) else None

    @property
    def answered(self) -> bool:
        """True once the current question has its answer (waiting for ``advance``)."""
        return len(self.answers) > self.index

    @property
    def finished(self) -> bool:
        return self.current is None

    @property
    def score(self) -> tuple[int, int]:
        """(correct answers, questions answered)."""
        return sum(a.correct for a in self.answers), len(self.answers)

    def question(self) -> str:
        """The current question in words."""
        if self.current is None:
            return self.summary()
        return (
            f"Question {self.index + 1} of {len(self.targets)}: click the "
            f"{in_text(self.names[self.current])}."
        )

    def answer(self, picked: str | None, clicked: str = "") -> Feedback:
        """Score a click on ``picked`` (a structure id or None); ``clicked`` names what was hit.

        A second click on an answered question returns the first answer unchanged.
        """
        if self.current is None:
            raise RuntimeError("the quiz is over; start a new one")
        if self.answered:
            return self.answers[self.index]
        target = self.current
        question = self.questions[target]
        outcome = KIND[question.kind].check(question, Click(picked, clicked))
        if self.progress is not None:
            self.progress.record_attempt(question.id, outcome.score, outcome.solved)
        feedback = Feedback(target, picked, outcome.solved, outcome.summary)
        self.answers.append(feedback)
        return feedback

    def advance(self) -> str | None:
        """Move to the next question (after an answer); returns its target or None at the end."""
        if self.current is not None and not self.answered:
            raise RuntimeError("answer the current question before moving on")
        if self.current is not None:
            self.index += 1
        return self.current

    def summary(self) -> str:
        """The score in words, with the structures to revisit."""
        right, done = self.score
        missed = [in_text(self.names[a.target]) for a in self.answers if not a.correct]
        text = f"Score: {right} of {done}."
        if missed:
            text += " Worth another look: " + ", ".join(missed) + "."
        return text
