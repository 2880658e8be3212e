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
    assert "Marked: a." in marker.description_view.value
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
    assert "course-description" in marker.description_view._dom_classes
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


def test_a_description_title_folds_the_description_into_an_open_details_block():
    class Plain(Marker):
        description_title = None

    class Titled(Marker):
        description_title = "Text description"
        description_open = True

    plain, titled = Plain(), Titled()
    assert "<details" not in plain.description_view.value
    titled.send(("toggle", "q"))
    value = titled.description_view.value
    assert value.count("<details open><summary><b>Text description</b></summary>") == 1
    assert "Marked: q." in value and "role='status'" in value


def test_every_widget_description_folds_by_default_and_tables_stay_outside():
    marker = Marker()
    marker.send(("toggle", "w"))
    value = marker.description_view.value
    assert value.count("<details><summary><b>Text description</b></summary>") == 1
    folded = value[value.index("<details>") : value.index("</details>")]
    assert "Marked: w." in folded  # the words are inside the fold
    assert "<table" not in value  # a widget's table is its own widget, never folded away


def test_the_base_puts_the_course_label_rule_on_the_page_once():
    from course.style import WIDGET_CSS

    marker = Marker()
    value = marker.description_view.value
    assert value.count("<style>") == 1 and WIDGET_CSS in value
    marker.send(("toggle", "a"))
    assert marker.description_view.value.count("<style>") == 1  # not piled up on each event
    # the rule undoes ipywidgets' one-line ellipsis on descriptions and checkbox labels
    for selector in (".widget-label-basic", ".widget-checkbox", ".widget-label"):
        assert f".course-widget {selector}" in WIDGET_CSS
    assert "white-space: normal" in WIDGET_CSS and "text-overflow: clip" in WIDGET_CSS


def test_a_widget_with_several_figures_refreshes_only_what_changed_and_shows_them_all():
    class Pairs(CourseWidget[tuple[int, int]]):
        name = "pairs"

        def __init__(self) -> None:
            self.views = [FigureView(new_figure(1, 1), interactive=False) for _ in range(2)]
            self.refreshed: list[int] = []
            super().__init__((0, 0), view=self.views[0])

        def apply(self, state: tuple[int, int], event: object) -> tuple[int, int]:
            return (state[0], state[1] + 1) if event == "second" else state

        def render(self, before: tuple[int, int] | None, after: tuple[int, int]) -> None:
            pass

        def refresh_figures(self, before, after) -> None:
            for index in range(2):
                if before is None or before[index] != after[index]:
                    self.refreshed.append(index)

        def static_figures(self):
            return [(view.figure, f"figure {i}") for i, view in enumerate(self.views)]

        def static_extra_html(self) -> str:
            return "<table><tr><td>extra</td></tr></table>"

        def describe_state(self, state: tuple[int, int]) -> str:
            return f"{state}"

    pairs = Pairs()
    assert pairs.refreshed == [0, 1]  # both drawn when the widget opens
    pairs.send("second")
    assert pairs.refreshed == [0, 1, 1]
    page = pairs.static_html()
    assert page.count("<img ") == 2 and 'alt="figure 1"' in page
    assert page.index("course-static-description") < page.index("<td>extra</td>")
    assert pairs._repr_mimebundle_()["text/html"] == page


def test_the_first_render_reaches_a_png_view():
    marker = Marker()
    fresh = marker.view.widget.value
    marker.patch.set_facecolor("#0072B2")
    marker.view.refresh()
    assert marker.view.widget.value != fresh  # the view showed the first render, not a blank
