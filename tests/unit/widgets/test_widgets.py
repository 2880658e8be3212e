"""The widget base: events, echo-free controls, undo and reset, display and static fallback."""

from __future__ import annotations

from dataclasses import dataclass, replace

import ipywidgets as widgets
import pytest

from course.figures import FigureView, new_figure
from course.widgets import UNDO_DEPTH, CourseWidget


@dataclass(frozen=True)
class Marks:
    """A toy state: a set of marked letters and a colour choice."""

    marked: frozenset[str] = frozenset()
    colour: str = "orange"


class Marker(CourseWidget[Marks]):
    """A toy widget: toggle letters with buttons, choose a colour from a drop-down."""

    name = "marker"

    def __init__(self) -> None:
        self.renders = 0
        self.picker = widgets.Dropdown(options=["orange", "blue"], value="orange")
        self.on_change(self.picker, lambda v: ("colour", v))
        figure = new_figure(2, 2)
        self.axes = figure.add_subplot()
        self.patch = self.axes.bar([0], [1])[0]
        super().__init__(
            Marks(),
            controls={"colour": self.picker},
            body=[self.picker],
            view=FigureView(figure, interactive=False),
        )

    def apply(self, state: Marks, event: object) -> Marks:
        match event:
            case ("toggle", str(letter)):
                return replace(state, marked=state.marked ^ {letter})
            case ("colour", str(colour)) if colour in self.picker.options:
                return replace(state, colour=colour)
        return state

    def render(self, before: Marks | None, after: Marks) -> None:
        self.renders += 1
        self.show(self.picker, after.colour)
        self.patch.set_facecolor({"orange": "#E69F00", "blue": "#0072B2"}[after.colour])

    def describe_state(self, state: Marks) -> str:
        letters = ", ".join(sorted(state.marked)) or "nothing"
        return f"Marked: {letters}.\nColour: {state.colour}."


def test_an_event_changes_state_renders_once_and_updates_the_description():
    marker = Marker()
    assert marker.renders == 1  # the first state is drawn when the widget opens
    assert marker.send(("toggle", "a"))
    assert marker.state.marked == {"a"}
    assert marker.renders == 2
    assert "Marked: a." in marker.description.value
    assert marker.describe() == "Marked: a.\nColour: orange."


def test_an_event_that_changes_nothing_does_nothing():
    marker = Marker()
    assert not marker.send(("unknown", 1))
    assert not marker.send(("colour", "purple"))  # not one of the options
    assert marker.renders == 1 and not marker.can_undo


def test_a_control_change_goes_through_apply_and_its_echo_is_harmless():
    marker = Marker()
    marker.picker.value = "blue"  # the student changes the control
    assert marker.state.colour == "blue"
    assert marker.renders == 2  # render set the picker to blue again: no second render
    assert marker.patch.get_facecolor()[:3] == pytest.approx((0, 0x72 / 255, 0xB2 / 255))
    marker.send(("colour", "orange"))  # a method call moves the control too
    assert marker.picker.value == "orange"


def test_undo_and_reset_restore_earlier_states_and_the_controls():
    marker = Marker()
    marker.send_all([("toggle", "a"), ("toggle", "b"), ("colour", "blue")])
    assert marker.undo()
    assert marker.state == Marks(frozenset({"a", "b"}), "orange")
    assert marker.picker.value == "orange"
    marker.reset()
    assert marker.state == Marks()
    assert marker.undo()  # a reset can be undone too
    assert marker.state.marked == {"a", "b"}
    while marker.undo():
        pass
    assert marker.state == Marks() and not marker.undo()


@pytest.mark.slow  # about 7 s: a widget event per step of an undo history past its bound
def test_undo_history_is_bounded():
    marker = Marker()
    for i in range(UNDO_DEPTH + 50):
        marker.send(("toggle", str(i)))
    undone = 0
    while marker.undo():
        undone += 1
    assert undone == UNDO_DEPTH


def test_css_classes_and_display_bundle_with_static_fallback():
    marker = Marker()
    marker.send(("toggle", "z"))
    assert {"course-widget", "course-widget-marker"} <= set(marker.widget._dom_classes)
    assert {"course-control", "course-control-colour"} <= set(marker.picker._dom_classes)
    assert "course-description" in marker.description._dom_classes
    bundle = marker._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == marker.describe()
    assert bundle["image/png"]
    page = bundle["text/html"]
    assert page == marker.static_html()
    assert "data:image/png;base64," in page and "Marked: z." in page


def test_a_widget_without_a_figure_has_a_text_only_static_page():
    class Note(CourseWidget[int]):
        name = "note"

        def __init__(self) -> None:
            super().__init__(0)

        def apply(self, state: int, event: object) -> int:
            return state + 1 if event == "+" else state

        def render(self, before: int | None, after: int) -> None:
            pass

        def describe_state(self, state: int) -> str:
            return f"<{state}>"

    note = Note()
    note.send("+")
    assert note.figure is None
    assert note.static_html().count("<img") == 0
    assert "&lt;1&gt;" in note.static_html()  # words are escaped
