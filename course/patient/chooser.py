"""Lesson 13's patient chooser: every virtual patient by its neutral title, the chosen one
played below.

The list shows a case's id and title only (titles say who the patient is and what they
complain of, never the diagnosis), so choosing a patient gives nothing away. The state is the
id of the case open now; the event ``("case", id)`` opens another (an id that is not offered
changes nothing). Each case opens in a fresh virtual patient (:func:`course.patient.play`);
going back to a case opens it afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from ..records.patient import PatientCase
from ..widgets import CourseWidget

PLAY_NOTE = (
    "Each patient is played in JupyterLab (make lab, or the course on Binder); this page can "
    "only list them."
)
"""What the static page (exported notebook, offline book) says under the list."""


def label(case: PatientCase) -> str:
    """The chooser's line for a case: its neutral id and title (never its diagnosis)."""
    return f"{case.id}: {case.title}"


class CaseChooser(CourseWidget[str]):
    """Pick any virtual patient from a list (neutral id and title) and play it below.

    ``worked`` names the cases the lesson has already worked above the chooser: it opens on
    the first case that is not one of them, so a student does not meet the worked case twice.
    ``show_engine`` is handed to every patient played (whether the engine's ranking shows).
    ``cases`` are the cases offered, in order (by default every case of the content in use);
    ``player`` opens one case by id as a widget (by default :func:`course.patient.play`).
    """

    name = "patient-chooser"
    description_title = None  # a one-line status, shown as it is (never folded)

    def __init__(
        self,
        worked: Iterable[str] = (),
        *,
        show_engine: bool = True,
        cases: Iterable[PatientCase] | None = None,
        player: Callable[..., Any] | None = None,
    ) -> None:
        import ipywidgets as widgets

        if cases is None:
            from . import cases as shipped

            cases = shipped()
        self._cases = {c.id: c for c in cases}
        self.worked = tuple(str(w) for w in worked)
        """The ids of the cases worked above the chooser."""
        unknown = [w for w in self.worked if w not in self._cases]
        if unknown:
            raise ValueError(
                f"choose(worked=...): no case {', '.join(map(repr, unknown))}; "
                f"the cases are {', '.join(self._cases)}"
            )
        if not self._cases:
            raise ValueError("choose(): the content in use has no virtual patient")
        self.show_engine = show_engine
        self._player = player
        fresh = [ident for ident in self._cases if ident not in self.worked]
        opening = fresh[0] if fresh else next(iter(self._cases))
        self.picker = widgets.Dropdown(
            options=[(label(c), c.id) for c in self._cases.values()],
            description="Patient:",
            value=opening,
            layout=widgets.Layout(width="44em"),
        )
        self.area = widgets.VBox()
        self.current: Any = None
        """The virtual patient open now (what :func:`course.patient.play` returned)."""
        status = widgets.HTML()
        super().__init__(
            opening,
            controls={"case": self.picker},
            description=status,
            root=widgets.VBox([self.picker, status, self.area]),
        )
        self.on_change(self.picker, lambda v: ("case", v))

    @property
    def offered(self) -> tuple[str, ...]:
        """The ids of every case offered, in the list's order."""
        return tuple(self._cases)

    def labels(self) -> list[str]:
        """The list's lines, in order (neutral id and title)."""
        return [label(c) for c in self._cases.values()]

    def apply(self, state: str, event: Any) -> str:
        """The case after picking ``("case", id)``."""
        if isinstance(event, tuple) and len(event) == 2 and event[0] == "case":
            return event[1] if event[1] in self._cases else state
        return state

    def render(self, before: str | None, after: str) -> None:
        """Set the list and open the case picked in a fresh virtual patient."""
        self.show(self.picker, after)
        if before != after or self.current is None:
            play = self._player
            if play is None:
                from . import play
            self.current = play(after, show_engine=self.show_engine)
            self.area.children = (self.current.widget,)

    def describe_state(self, state: str) -> str:
        """Which patient is open, of how many."""
        number = list(self._cases).index(state) + 1
        return f"Patient {number} of {len(self._cases)} open: {self._cases[state].title}."

    def static_extra_html(self) -> str:
        """The list of patients offered (neutral titles, no answers) and where to play them."""
        items = "".join(f"<li>{escape(line)}</li>" for line in self.labels())
        intro = f"In the interactive version, pick any of these {len(self._cases)} patients:"
        return f"<p>{escape(intro)}</p><ul>{items}</ul><p><em>{escape(PLAY_NOTE)}</em></p>"


def choose(worked: Iterable[str] = (), *, show_engine: bool = True) -> CaseChooser:
    """Every virtual patient in a list by neutral title; the one picked is played below.

    ``worked``: ids of cases the lesson worked above (the chooser opens on another one).
    ``show_engine``: whether each patient shows the engine's ranking."""
    return CaseChooser(worked, show_engine=show_engine)
