"""Fuzz the self-check widgets with 10 000 seeded random events.

One question of every kind (a vignette's self-check holding three of them, and lone questions for
the rest, the find-the-structure and pick-the-site kinds among them), all writing one progress
file. Events are what a student does (set an input, enter a whole answer, Check, hint, Show the
answer) plus undo and reset. No event may raise; after each, every widget shows exactly its state
(control, buttons, hints, attempt count), the set's state is its questions' states, and the
progress file holds every attempt and hint ever applied, undo or not. Memory stays bounded.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import course.quiz as quiz
from course.anatomy.quiz import structure_question
from course.anatomy.view import posterior_scene
from course.quiz import kinds
from course.quiz.progress import ProgressFile
from course.quiz.widget import QuestionWidget

from ...support import MemoryWindow

EVENTS = 10_000
SEED = 20261130


def random_answer(rng: random.Random, widget: QuestionWidget, right: object) -> object:
    """A whole answer of the question's kind: the right one now and then, else anything."""
    q = widget.question
    if right is not None and rng.random() < 0.25:
        return right
    ids = [o.id for o in q.options]
    if q.kind == "single_choice":
        return rng.choice(ids)
    if q.kind == "multiple_select":
        return rng.sample(ids, rng.randint(0, len(ids)))
    if q.kind == "ranking":
        return [rng.choice([*ids, None]) for _ in ids]
    if q.kind == "numeric":
        return rng.choice(["", "about half", "12,5", f"{rng.uniform(q.minimum, q.maximum):.1f}"])
    if q.kind == "identify_structure":
        return kinds.Click(rng.choice([*ids, None]), rng.choice(["", "ischium and pubis"]))
    if q.kind == "pick_site":  # a click on the figure, or the site chosen from the list
        return rng.choice([rng.choice(ids), kinds.Click(rng.choice([*ids, None]))])
    return rng.choice(["", "A deep ache, not a band.", "I do not know yet."])


def set_an_input(rng: random.Random, widget: QuestionWidget) -> None:
    """Change one input the way a click or a keystroke would."""
    inputs = [i for i in widget.kind.inputs(widget.control, widget.parts) if hasattr(i, "observe")]
    if not inputs:  # the find-the-structure readout: the click comes from the figure
        widget.answer(random_answer(rng, widget, None))
        return
    item = rng.choice(inputs)
    if isinstance(item.value, bool):
        item.value = not item.value
    elif hasattr(item, "options"):
        item.value = rng.choice([value for _label, value in item.options])
    else:
        item.value = rng.choice(["", "7", "x", "0,5", "Compare it with the checklist."])


def assert_shows_its_state(widget: QuestionWidget) -> None:
    state = widget.state
    total = len(widget.question.hints)
    assert widget.kind.entry(widget.question, widget.value) == state.entry
    assert widget.check_button.disabled == state.settled
    assert widget.hint_button.disabled == (state.settled or state.hints >= total)
    label = "No more hints" if state.hints >= total else f"Show hint {state.hints + 1} of {total}"
    assert widget.hint_button.description == label
    assert widget.hints_html.value.count("<em>Hint ") == state.hints
    assert (widget.hints_html.value.startswith("<details>")) == (state.settled and state.hints > 0)
    assert widget.describe_state(state) in widget.attempts_label.value
    assert widget.reveal_button.disabled == (not widget.can_reveal)
    if state.shown == "outcome" and state.settled:
        assert "✔" in widget.feedback.value


@pytest.mark.slow
def test_ten_thousand_random_events_leave_the_self_checks_consistent(tmp_path: Path):
    rng = random.Random(SEED)
    path = tmp_path / "progress.json"
    check = quiz.selfcheck("case_02", progress_path=path)
    progress = check.progress
    scene = posterior_scene()
    lone = [
        quiz.selfcheck(ident, progress_path=path).questions[0]
        for ident in ("case_14_q3", "lesson08_q1", "lesson01_q4")
    ]
    lone.append(QuestionWidget(structure_question("piriformis", scene.names), progress))
    every = [*check.questions, *lone]
    kinds_seen = {w.question.kind for w in every}
    assert kinds_seen >= set(quiz.questions.KINDS) | {"identify_structure"}, kinds_seen
    right = {}
    for w in every:
        found = kinds.reveal(w.question).answer
        right[w.question.id] = found if w.question.kind != "numeric" else f"{found:g}"
    counted = {w.question.id: [0, 0] for w in every}  # attempts, most hints ever applied

    memory = MemoryWindow(EVENTS)
    for event in range(EVENTS):
        memory.tick(event)
        widget = rng.choice(every)
        roll = rng.random()
        before = widget.state
        undoing = False
        if roll < 0.30:
            set_an_input(rng, widget)
        elif roll < 0.45:
            widget.answer(random_answer(rng, widget, right[widget.question.id]))
        elif roll < 0.70:
            widget.check_button.click()
        elif roll < 0.82:
            widget.hint_button.click()
        elif roll < 0.90:
            widget.reveal_button.click()
        elif roll < 0.97:
            undoing = True
            (check if rng.random() < 0.3 else widget).undo()
        else:
            undoing = True
            (check if rng.random() < 0.5 else widget).reset()
        if not undoing:
            tally = counted[widget.question.id]
            tally[0] += widget.state.attempts - before.attempts
            tally[1] = max(tally[1], widget.state.hints)
        assert_shows_its_state(widget)
        assert check.state == tuple(w.state for w in check.questions)
    grown = memory.close()

    for w in every:
        assert_shows_its_state(w)
    saved = ProgressFile(path).load()
    for w in every:
        attempts, hints = counted[w.question.id]
        item = saved.get(w.question.id)
        assert item is not None, w.question.id
        assert (item.attempts, item.hints) == (attempts, hints), w.question.id
    assert any(w.state.settled for w in every) or any(item.solved for item in saved.values())
    limit = memory.bound(5_000_000)  # 5 MB over the whole run
    assert grown < limit, f"memory grew by {grown / 1e3:.0f} kB over {memory.traced} events"
    assert check.describe() and all(w.describe() for w in every)
