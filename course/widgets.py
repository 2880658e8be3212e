"""The one base every course widget stands on.

A course widget is three parts, and only three:

* a **state**: a frozen, comparable value (usually a frozen dataclass) holding everything the
  student has chosen, so that two equal states show the same thing;
* a pure **apply(state, event) -> state**: what an event (a click, a key, a changed control,
  a method call from a test) does to the state. It reads nothing but its arguments and the
  widget's fixed set-up (the scene, the content records), and changes nothing;
* a **render(before, after)** that restyles the figure's existing artists and sets the text and
  the controls to match ``after`` (``before`` is None on the first render). It never rebuilds
  the figure.

Controls only emit events: each control's ``observe`` callback calls :meth:`CourseWidget.send`.
When ``render`` sets a control to the state's value, the control's own callback sends an event
that leaves the state as it is, and :meth:`send` stops there, so no guard flags are needed.

The base writes once what every widget shares: the event loop, undo and reset, the root's CSS
classes and the course's label rule (labels wrap instead of ending in "…",
``course.style.WIDGET_CSS``), Escape from any of its controls to its notebook cell (an invisible
``course.controls.KeyboardScope`` beside the description), the text description under the
figure (folded in a ``<details>`` block a reader opens), the display bundle with its static
fallback (a PNG of the figure plus its description, for exported pages and the static book) and
:meth:`static_html`. A widget with several figures, or a table under its description,
overrides :meth:`refresh_figures`, :meth:`static_figures` and :meth:`static_extra_html`.

A minimal widget::

    @dataclass(frozen=True)
    class Count:
        n: int = 0

    class Counter(CourseWidget[Count]):
        name = "counter"

        def __init__(self):
            self.more = widgets.Button(description="More")
            self.more.on_click(lambda _: self.send("more"))
            self.text = widgets.HTML()
            super().__init__(Count(), controls={"more": self.more}, body=[self.text])

        def apply(self, state, event):
            return Count(state.n + 1) if event == "more" else state

        def render(self, before, after):
            self.text.value = html.escape(self.describe_state(after))

        def describe_state(self, state):
            return f"Pressed {state.n} times."
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from html import escape
from typing import Any, ClassVar, Generic, TypeVar

from .controls import KeyboardScope
from .figures import (
    CONTROL_CLASS,
    DESCRIPTION_CLASS,
    WIDGET_CLASS,
    FigureView,
    png_bytes,
    static_bundle,
    tag,
)
from .html import folded, prose, widget_css
from .style import STATIC_CLASS, STATIC_DESCRIPTION_CLASS

StateT = TypeVar("StateT", bound=Hashable)

UNDO_DEPTH = 200
"""How many earlier states a widget keeps for :meth:`CourseWidget.undo`."""


BOOK_MIME = "application/vnd.course.book+json"
"""The display-bundle entry that tells the offline book which widget an output is and how it
opened (:meth:`CourseWidget.book_spec`); JupyterLab ignores it (the widget view ranks first)."""


class CourseWidget(Generic[StateT]):
    """Base class of every course widget: state as a value, a pure ``apply``, a restyling
    ``render``, and one display, static fallback and description.

    Subclasses set :attr:`name` (the CSS suffix the browser tests and the book find the widget
    by), build their controls and output widgets, then call ``super().__init__`` with the
    initial state; they implement :meth:`apply`, :meth:`render` and :meth:`describe_state`.
    """

    name: ClassVar[str] = "widget"
    """Short id of the widget kind, used in its CSS class ``course-widget-<name>``."""

    description_title: ClassVar[str | None] = "Text description"
    """The summary line of the ``<details>`` block the description shows in (a reader opens
    and folds it); None shows the description as plain paragraphs."""

    description_open: ClassVar[bool] = False
    """True starts the description unfolded (lesson 08's explorer); by default it is folded,
    so that a long description does not push what follows a screen down."""

    def __init__(
        self,
        state: StateT,
        *,
        controls: Mapping[str, Any] | None = None,
        body: Sequence[Any] = (),
        view: FigureView | None = None,
        description: Any = None,
        root: Any = None,
    ) -> None:
        """Assemble the widget and draw the first state.

        ``controls`` maps a short name to each control a student changes (tagged
        ``course-control`` and ``course-control-<name>``); ``body`` lists the widgets of the
        layout, top to bottom (ignored when ``root`` gives a finished layout); ``view`` shows
        the figure, if the widget has one; ``description`` is the widget that shows
        :meth:`describe` (an ``ipywidgets.HTML`` is made when None and appended to the layout).
        """
        import ipywidgets as widgets

        self.initial: StateT = state
        """The state the widget opened in (what :meth:`reset` returns to)."""
        self.state: StateT = state
        """What the student has chosen now."""
        self.view = view
        self.controls: dict[str, Any] = dict(controls or {})
        self._history: list[StateT] = []
        self.events_applied = 0
        """How many events changed the state (for tests and benchmarks)."""
        self.description_view = description or widgets.HTML()
        """The widget that shows :meth:`describe` (named so that a subclass may keep a
        ``description()`` method, as every displayed course object has)."""
        tag(self.description_view, DESCRIPTION_CLASS)
        for key, control in self.controls.items():
            tag(control, CONTROL_CLASS, key)
        if root is None:
            parts = list(body)
            if description is None:
                parts.append(self.description_view)
            root = widgets.VBox(parts)
        self.keyboard = KeyboardScope()
        """The invisible part whose script makes Escape leave the widget for its cell."""
        _place_beside(root, self.description_view, self.keyboard)
        self.widget = tag(root, WIDGET_CLASS, self.name)
        self.render(None, state)
        self.refresh_figures(None, state)
        self._show_description()

    # ------------------------------------------------------------------ the subclass contract

    def apply(self, state: StateT, event: Any) -> StateT:
        """The state after ``event``; pure (an unknown event returns ``state`` unchanged)."""
        raise NotImplementedError

    def render(self, before: StateT | None, after: StateT) -> None:
        """Restyle the figure and set text and controls to show ``after``."""
        raise NotImplementedError

    def describe_state(self, state: StateT) -> str:
        """``state`` in plain words: what the figure and the text show (screen readers, tests,
        the static book)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ optional overrides

    def refresh_figures(self, before: StateT | None, after: StateT) -> None:
        """Send the restyled figures to the front end after :meth:`render`.

        The default refreshes ``view``; a widget with several figures overrides this to refresh
        only those whose state changed (``before`` is None when the widget opens).
        """
        if self.view is not None:
            self.view.refresh()

    def static_figures(self) -> list[tuple[Any, str]]:
        """The figures of the static page, each with its alternative text, top to bottom.

        The default is the widget's one figure described by :meth:`describe`.
        """
        return [] if self.figure is None else [(self.figure, self.describe())]

    def static_extra_html(self) -> str:
        """HTML the static page shows under the description (a table, say); none by default."""
        return ""

    def applied(self, before: StateT, after: StateT) -> None:
        """What an event does besides being shown: writing a progress file, say.

        Runs once for each event :meth:`send` applies that changes the state, before the new
        state is rendered; never on :meth:`undo`, :meth:`reset` or a control's echo, so going
        back never erases what was recorded. Nothing by default.
        """

    # ------------------------------------------------------------------ what the base gives

    @property
    def figure(self) -> Any:
        """The matplotlib figure the widget shows, or None."""
        return self.view.figure if self.view is not None else None

    def describe(self) -> str:
        """What the widget shows now, in plain words."""
        return self.describe_state(self.state)

    def send(self, event: Any) -> bool:
        """Apply ``event``; if the state changed, render it and return True.

        An event that leaves the state equal to what it was does nothing at all, which is
        what makes a control's echo (render setting it, its observer firing) harmless.
        """
        new = self.apply(self.state, event)
        if new == self.state:
            return False
        self.applied(self.state, new)
        self._history.append(self.state)
        del self._history[:-UNDO_DEPTH]
        self._move_to(new)
        return True

    def send_all(self, events: Iterable[Any]) -> int:
        """Send several events in order; returns how many changed the state."""
        return sum(self.send(event) for event in events)

    @property
    def can_undo(self) -> bool:
        """True when there is an earlier state to go back to."""
        return bool(self._history)

    def undo(self) -> bool:
        """Go back to the state before the last change; False when there is none."""
        if not self._history:
            return False
        self._move_to(self._history.pop())
        return True

    def reset(self) -> None:
        """Go back to the state the widget opened in (itself undoable)."""
        if self.state != self.initial:
            self._history.append(self.state)
            self._move_to(self.initial)

    def on_change(self, control: Any, event: Callable[[Any], Any]) -> None:
        """Wire ``control`` so that a new value ``v`` sends ``event(v)``."""
        control.observe(lambda change: self.send(event(change["new"])), names="value")

    @staticmethod
    def show(control: Any, value: Any) -> None:
        """Set ``control.value`` to ``value`` unless it already is (for :meth:`render`)."""
        if control.value != value:
            control.value = value

    def static_html(self) -> str:
        """The widget as a page without a kernel: its figures as PNGs, its description and
        whatever :meth:`static_extra_html` adds."""
        text = escape(self.describe()).replace("\n", "<br>")
        pictures = "".join(
            f'<img src="data:image/png;base64,'
            f'{base64.b64encode(png_bytes(figure)).decode("ascii")}" alt="{escape(alt)}">'
            for figure, alt in self.static_figures()
        )
        return (
            f'<div class="{STATIC_CLASS}">{pictures}'
            f'<p class="{STATIC_DESCRIPTION_CLASS}">{text}</p>{self.static_extra_html()}</div>'
        )

    def book_spec(self) -> dict[str, Any] | None:
        """What the offline book needs to rebuild this widget as an interactive page part, as
        JSON-able data (ids and the opening state, never an answer), or None when the book
        shows only the static page. The book (``tools.bookweb``) reads it from the
        :data:`BOOK_MIME` entry of the display bundle, with :attr:`name` under ``"widget"``."""
        return None

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """The live widget where a widget front end runs; the static page everywhere else;
        the book's spec (:meth:`book_spec`) for the offline book."""
        bundle = static_bundle(self.widget, self.figure, self.describe())
        bundle["text/html"] = self.static_html()
        spec = self.book_spec()
        if spec is not None:
            bundle[BOOK_MIME] = {"widget": self.name, **spec}
        return bundle

    # ------------------------------------------------------------------ internals

    def _move_to(self, new: StateT) -> None:
        before, self.state = self.state, new
        self.events_applied += 1
        self.render(before, new)
        self.refresh_figures(before, new)
        self._show_description()

    def _show_description(self) -> None:
        lines = "".join(
            f"<p style='margin:0.2em 0'>{escape(line)}</p>" for line in self.describe().splitlines()
        )
        if self.description_title is not None:
            lines = folded(self.description_title, lines, open_=self.description_open)
        # the widget stylesheet rides with the description, which every widget shows
        self.description_view.value = widget_css() + prose(
            f"<div role='status' aria-live='polite'>{lines}</div>"
        )


def _place_beside(root: Any, anchor: Any, extra: Any) -> None:
    """Put ``extra`` right after ``anchor`` in the box that holds it, anywhere under ``root``
    (at the end of ``root`` when no box holds it): an invisible part goes where it shifts no
    other child's position."""
    boxes = [root]
    while boxes:
        box = boxes.pop()
        children = list(getattr(box, "children", ()))
        if anchor in children:
            where = children.index(anchor) + 1
            box.children = (*children[:where], extra, *children[where:])
            return
        boxes.extend(children)
    root.children = (*root.children, extra)
