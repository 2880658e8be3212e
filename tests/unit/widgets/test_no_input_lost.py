"""One student action never loses earlier input (issue 17, finding 1), for every course widget.

Every widget with student input is driven through its own controls with seeded random actions
(a value picked from a list, a box ticked, a slider moved, a button pressed, a chart clicked).
After each action that changed anything, Undo must bring back exactly the state before it, and
the same action then does the same again. Every subclass of ``CourseWidget`` must have a
factory here, so a widget a later issue adds is held to the rule too.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import pytest

from course.widgets import CourseWidget

MODULES = (
    "course.anatomy.explorer",
    "course.painmap.widgets",
    "course.hypothesis.widget",
    "course.condition_decks",
    "course.redflags",
    "course.quiz.widget",
    "course.quiz.summary",
    "course.management.widget",
    "course.patient.chooser",
    "course.patient.widget",
)
"""The modules that hold course widgets (imported so that every subclass is known)."""


def factories(tmp_path) -> dict[str, Callable[[], CourseWidget]]:
    """One way to open each widget, by class name (progress goes to a temporary file)."""
    from course import painmap, quiz
    from course.anatomy import explore
    from course.condition_decks import explore_conditions
    from course.hypothesis import explore_probability as hypothesis
    from course.management import exercise_programme
    from course.patient import VirtualPatient, case
    from course.patient.chooser import choose
    from course.quiz.summary import ProgressView
    from course.redflags import red_flag_screen

    progress = tmp_path / "progress.json"
    return {
        "Explorer": lambda: explore(interactive=False, quiz_seed=1, progress_path=progress),
        "CompareWidget": lambda: painmap.compare(interactive=False),
        "WhereFromExercise": lambda: painmap.where_from(interactive=False),
        "HypothesisExplorer": lambda: hypothesis(),
        "ConditionExplorer": lambda: explore_conditions(),
        "RedFlagScreen": lambda: red_flag_screen(),
        "SelfCheck": lambda: quiz.selfcheck("lesson02", progress_path=progress),
        "QuestionWidget": lambda: quiz.selfcheck("lesson02", progress_path=progress).questions[0],
        "CaseBrowser": lambda: quiz.case_browser(progress_path=progress),
        "ProgressView": lambda: ProgressView(progress_path=progress, interactive=False),
        "ExerciseProgramme": lambda: exercise_programme(),
        "CaseChooser": lambda: choose(),
        "VirtualPatient": lambda: VirtualPatient(
            case("vp_01"), save_to=tmp_path / "vp_01.run.json", progress_path=progress
        ),
    }


def widget_classes() -> list[type]:
    """Every subclass of CourseWidget in the course's widget modules."""
    for module in MODULES:
        importlib.import_module(module)
    found, todo = [], list(CourseWidget.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls.__module__.startswith("course."):
            found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(set(found), key=lambda c: c.__name__)


def _values(control: Any) -> list[Any]:
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


def action(control: Any, rng: random.Random) -> Callable[[], None] | None:
    """A random student action on ``control``, as a function that does it (None: not usable).

    The function sets the same value each time it is called, so that after an undo it does
    exactly the same again."""
    if getattr(control, "disabled", False):
        return None
    if isinstance(control, widgets.Button):
        return control.click
    if isinstance(control, widgets.Checkbox | widgets.ToggleButton):
        value = not control.value
    elif isinstance(control, widgets.SelectMultiple):
        value = (rng.choice(_values(control)),)  # a plain click on one row
    elif isinstance(control, widgets.Combobox):
        value = rng.choice([*control.options, ""])
    elif hasattr(control, "options"):
        if not control.options:
            return None
        value = rng.choice(_values(control))
    elif isinstance(control, widgets.FloatRangeSlider | widgets.IntRangeSlider):
        value = tuple(sorted(round(rng.uniform(control.min, control.max)) for _ in range(2)))
    elif hasattr(control, "min") and hasattr(control, "max"):
        value = round(rng.uniform(control.min, control.max), 1)
    else:
        return None

    def do() -> None:
        control.value = value

    return do


CONFIRMED_RESETS = {("ProgressView", "reset")}
"""Controls that wipe what a student did on purpose, after a confirmation box was ticked (the
progress file is forgotten: no undo can bring a deleted file back, so the box asks first)."""


FINAL_ACTIONS = {("VirtualPatient", "commit")}
"""Controls whose action is final by design: a virtual patient's committed answer is saved,
scored and counted, and no undo takes it back (a second answer after reading the expert's
would not be the student's reasoning)."""


def controls(widget: CourseWidget) -> list[tuple[str, Any]]:
    """The controls a student changes (a set of questions: its questions' controls)."""
    found = [(k, c) for k, c in widget.controls.items() if k != "undo"]
    for index, question in enumerate(getattr(widget, "questions", ())):
        found += [(f"{index}-{k}", c) for k, c in question.controls.items()]
    return found


def test_every_course_widget_has_a_factory_here(tmp_path):
    known = set(factories(tmp_path))
    missing = [c.__name__ for c in widget_classes() if c.__name__ not in known]
    assert missing == [], f"add these widgets to factories() so the rule covers them: {missing}"


@pytest.mark.slow  # about 20 s: ten widgets, 60 actions each
@pytest.mark.parametrize(
    "name",
    [
        "Explorer",
        "CompareWidget",
        "WhereFromExercise",
        "HypothesisExplorer",
        "ConditionExplorer",
        "RedFlagScreen",
        "SelfCheck",
        "QuestionWidget",
        "CaseBrowser",
        "ProgressView",
        "ExerciseProgramme",
        "CaseChooser",
        "VirtualPatient",
    ],
)
def test_one_action_never_loses_earlier_input(name, tmp_path):
    widget = factories(tmp_path)[name]()
    rng = random.Random(name)
    changed = 0
    for step in range(60):
        key, control = rng.choice(controls(widget))
        if (name, key) in CONFIRMED_RESETS | FINAL_ACTIONS:
            continue
        do = action(control, rng)
        if do is None:
            continue
        before = widget.state
        do()
        after = widget.state
        if after == before:
            continue
        changed += 1
        assert widget.can_undo, (name, step)
        assert widget.undo() and widget.state == before, (name, step, "undo lost the input")
        do()  # the same action again: the same result (nothing hidden changed on the way)
        assert widget.state == after or name in ("Explorer", "ProgressView"), (name, step)
    assert changed > 0, f"no action changed {name}: the test drove nothing"


def test_the_where_list_and_the_chart_change_one_region_per_click(tmp_path):
    from course import painmap
    from course.painmap.regions import CHART_LIMITS

    (x0, x1), (y0, y1) = CHART_LIMITS["x"], CHART_LIMITS["y"]
    exercise = painmap.where_from(interactive=False)
    rng = random.Random(17)
    rows = _values(exercise.checklist)
    for step in range(80):
        before = set(exercise.state.marks)
        if rng.random() < 0.5:
            exercise.checklist.value = (rng.choice(rows),)  # a plain click on one row
        else:
            view = rng.choice(["posterior", "anterior"])
            exercise.click(view, rng.uniform(x0, x1), rng.uniform(y0, y1))
        after = set(exercise.state.marks)
        assert len(before ^ after) <= 1, (step, before ^ after)
    assert exercise.state.marks, "the clicks marked nothing"
    marks = exercise.state.marks
    exercise.clear()  # the explicit reset: everything at once, and one undo brings it back
    assert not exercise.state.marks
    assert exercise.undo() and exercise.state.marks == marks
    exercise.reset()  # the base's reset to the opening state, undoable too
    assert exercise.state.marks == frozenset() and exercise.undo()
    assert exercise.state.marks == marks
