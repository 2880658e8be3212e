"""The course's own front-end controls (``course.controls``): the named radio group every
single-choice answer uses, and the invisible part that makes Escape leave a course widget.

The browser half (arrows stay in one group, Escape from any control reaches the cell) is checked
in a real JupyterLab by ``tests/browser/test_ux.py``; these are the kernel half.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import traitlets

from course.controls import FIGURE_ALT, KeyboardScope, RadioGroup
from course.style import FIGURE_CLASS, RADIO_GROUP_CLASS, WIDGET_CLASS

from .test_no_input_lost import factories

COURSE = Path(__file__).resolve().parents[3] / "course"


def test_value_and_index_follow_each_other():
    group = RadioGroup(options=[("Left", "l"), ("Right", "r"), ("Both", "b")], label="Side")
    assert group.labels == ["Left", "Right", "Both"]
    assert (group.value, group.index) == (None, None)
    group.value = "b"  # the kernel sets the answer (render, undo)
    assert group.index == 2
    group.index = 0  # the front end sends the radio a student chose
    assert group.value == "l"
    group.value = None
    assert group.index is None
    assert group.values == ("l", "r", "b")


def test_labels_alone_are_their_own_values():
    group = RadioGroup(options=["yes", "no"], value="no")
    assert (group.values, group.index) == (("yes", "no"), 1)


def test_new_options_keep_a_value_they_still_hold_and_drop_one_they_do_not():
    group = RadioGroup(options=[("A", "a"), ("B", "b")], value="b")
    group.options = [("B first", "b"), ("C", "c")]
    assert (group.value, group.index, group.labels) == ("b", 0, ["B first", "C"])
    group.options = [("C", "c")]
    assert (group.value, group.index) == (None, None)


def test_bad_values_are_refused_with_what_was_expected():
    group = RadioGroup(options=[("A", "a"), ("B", "b")])
    with pytest.raises(traitlets.TraitError, match=r"'z' is not one of its options' values"):
        group.value = "z"
    with pytest.raises(traitlets.TraitError, match="index 5 is outside its 2 options"):
        group.index = 5
    with pytest.raises(traitlets.TraitError, match="option 1 must be a label or a"):
        RadioGroup(options=[("A", "a"), ("B", "b", "extra")])


def test_the_group_is_named_and_has_an_accessible_name():
    """The script names every radio of one view alike and labels the group: what keeps arrow
    keys inside one question (Chromium groups nameless radios of the whole page together)."""
    esm = RadioGroup._esm.default_value
    assert "input.name = name" in esm and 'setAttribute("role", "radiogroup")' in esm
    assert 'setAttribute("aria-label", model.get("label"))' in esm
    assert RADIO_GROUP_CLASS in esm and "$GROUP" not in esm
    assert "leaveOnEscape" in esm and "keepPlace" in esm  # a radio group alone on a page too


def test_escape_is_caught_before_the_controls_own_handlers():
    """ipywidgets' text boxes stop every key event, so JupyterLab's shortcut never sees an
    Escape pressed in them: the scope's listener runs in the capture phase, on the document."""
    esm = KeyboardScope._esm.default_value
    assert 'document.addEventListener("keydown", leaveOnEscape, true)' in esm
    assert f'closest(".{WIDGET_CLASS}")' in esm and 'closest(".jp-Cell")' in esm


def test_the_scope_names_each_figure_shown_as_a_picture():
    """ipywidgets' Image takes no alt text: the scope's script gives every course figure drawn
    as an ``<img>`` inside its widget :data:`FIGURE_ALT`, again whenever the widget redraws."""
    esm = KeyboardScope._esm.default_value
    assert f'querySelectorAll("img.{FIGURE_CLASS}:not([alt])")' in esm
    assert f"img.alt = {json.dumps(FIGURE_ALT)}" in esm and "new MutationObserver" in esm
    assert not re.search(r"\$[A-Z]", esm), "a placeholder is left in the script"


def test_every_course_widget_carries_one_keyboard_scope(tmp_path):
    for name, make in factories(tmp_path).items():
        widget = make()
        scopes, todo = [], [widget.widget]
        while todo:
            item = todo.pop()
            if isinstance(item, KeyboardScope):
                scopes.append(item)
            todo.extend(getattr(item, "children", ()))
        own = [s for s in scopes if s is widget.keyboard]
        assert len(own) == 1, f"{name}: its keyboard scope is not in its layout"
        assert widget.keyboard.layout.display is None  # hidden by its script, not by the layout


def test_no_course_module_draws_nameless_radios():
    """ipywidgets' RadioButtons draws radios without a name (finding 2a): single-choice
    controls use RadioGroup."""
    offenders = []
    for path in sorted(COURSE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "RadioButtons":
                offenders.append(f"{path.relative_to(COURSE.parent)}:{node.lineno}")
    assert offenders == []
