"""The progress summary across the course: a bar chart per lesson and vignette, and its widget.

Each quiz set is one horizontal bar split into done (solved, or free text answered), answer shown,
tried, and not yet tried. Each segment has an Okabe-Ito colour, its own hatch and a count label,
so colour is never the only cue. ``ProgressView`` (on :class:`course.widgets.CourseWidget`)
re-reads the progress file on Refresh and restyles the existing bars (widths and positions,
labels) instead of drawing a new figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..figures import MIN_TEXT_PT, FigureView, new_figure
from ..style import GREY, OKABE_ITO, WHITE
from ..widgets import CourseWidget
from .progress import (
    FILE_NAME,
    VERSION,
    PatientProgress,
    ProgressFile,
    SetSummary,
    patient_progress,
    summarise,
    totals,
)
from .sets import quiz_sets
from .structures import structure_set

SEGMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("done", "done (solved or answered)", OKABE_ITO["bluish_green"], ""),
    ("revealed", "answer shown", OKABE_ITO["reddish_purple"], "xx"),
    ("started", "tried, not yet right", OKABE_ITO["orange"], "//"),
    ("untouched", "not tried", WHITE, ""),
)
"""(attribute, legend label, colour, hatch) of each bar segment, left to right."""


def progress_sets(catalogue: Any = None) -> list[Any]:
    """Every set the summary shows: lesson 01's find-the-structure questions (kind
    ``identify_structure``, see :mod:`course.quiz.structures`), then every lesson self-check and
    vignette (:func:`course.quiz.quiz_sets`)."""
    return [structure_set(catalogue), *quiz_sets(catalogue)]


def patient_cases(catalogue: Any = None) -> list[Any]:
    """Every virtual patient of ``catalogue`` (the content in use by default), in id order."""
    if catalogue is None:
        from ..catalogue import content

        catalogue = content()
    return sorted(catalogue.all("patients"), key=lambda case: case.id)


PATIENTS_HEADING = "Virtual patients"
"""The line over the virtual patients' progress on the progress page (lesson 12)."""
PATIENTS_LINE = "Virtual patients: {solved} of {total} solved, {tried} tried."
"""The virtual patients' totals in words."""


def describe_patients(patients: Sequence[PatientProgress]) -> str:
    """Progress on the virtual patients in words: the totals, then one line per case tried
    (best score in percent, solved or not)."""
    tried = [p for p in patients if p.attempts]
    solved = sum(p.solved for p in patients)
    lines = [PATIENTS_LINE.format(solved=solved, total=len(patients), tried=len(tried))]
    lines += [
        f"{p.case_id} ({p.title}): best {round((p.best or 0) * 100)}% in {p.attempts} "
        f"run(s), {'solved' if p.solved else 'not solved yet'}"
        for p in tried
    ]
    return "\n".join(lines)


def _label(summary: SetSummary, width: int = 36) -> str:
    title = summary.title if len(summary.title) <= width else summary.title[: width - 1] + "…"
    return f"{summary.id} · {title}"


class ProgressChart:
    """The bars for a fixed list of quiz sets; :meth:`update` restyles them for new counts."""

    def __init__(self, summaries: list[SetSummary]):
        self.ids = [s.id for s in summaries]
        height = 1.2 + 0.28 * len(summaries)
        self.figure = new_figure(9.0, height)
        ax = self.axes = self.figure.add_subplot()
        self.figure.subplots_adjust(
            left=0.40, right=0.93, top=1 - 0.9 / height, bottom=0.5 / height
        )
        y = list(range(len(summaries)))
        self.bars = {}
        for name, label, colour, hatch in SEGMENTS:
            self.bars[name] = ax.barh(
                y,
                [0] * len(y),
                color=colour,
                hatch=hatch,
                edgecolor=GREY[20],
                linewidth=0.8,
                label=label,
                height=0.7,
            )
        self.labels = [ax.text(1.01, i, "", va="center", fontsize=8, clip_on=False) for i in y]
        ax.set_yticks(y, [_label(s) for s in summaries], fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"], fontsize=8)
        ax.set_xlabel("share of the set's questions", fontsize=8)
        ax.legend(
            loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=4, fontsize=MIN_TEXT_PT, frameon=False
        )
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        self.summaries = summaries
        self.update(summaries)

    def update(self, summaries: list[SetSummary]) -> None:
        """Set every segment's width and offset, and the 'n/N' labels, from new counts."""
        if [s.id for s in summaries] != self.ids:
            raise ValueError("the chart was built for other quiz sets; build a new one")
        self.summaries = summaries
        for row, summary in enumerate(summaries):
            left = 0.0
            for name, *_ in SEGMENTS:
                share = getattr(summary, name) / summary.total if summary.total else 0.0
                patch = self.bars[name][row]
                patch.set_x(left)
                patch.set_width(share)
                left += share
            self.labels[row].set_text(f"{summary.done}/{summary.total}")

    def describe(self) -> str:
        """The chart in words, for screen readers and tests."""
        return describe_progress(self.summaries)


TOTALS_LINE = (
    "Progress: {done} of {total} questions done, {revealed} answers shown, "
    "{started} tried but not yet right, {untouched} not tried."
)
"""The first line of the description: :func:`course.quiz.progress.totals` in words (the book's
script fills the same template)."""
SET_LINE = (
    "{id} ({title}): {done}/{total} done, {revealed} shown, {started} tried, {untouched} not tried"
)
"""One set's line of the description, filled from a :class:`SetSummary`'s fields."""
TABLE_HEADINGS = ("Set", "Title", "Done", "Answer shown", "Tried")
"""The columns of the counts table under the chart."""


def _set_counts(s: SetSummary) -> dict[str, Any]:
    keys = ("id", "title", "total", "done", "revealed", "started", "untouched")
    return {k: getattr(s, k) for k in keys}


def describe_progress(summaries: Sequence[SetSummary]) -> str:
    """Progress on ``summaries`` in words: the totals, then one line per set (counts of
    questions)."""
    lines = [TOTALS_LINE.format(**totals(list(summaries)))]
    lines += [SET_LINE.format(**_set_counts(s)) for s in summaries]
    return "\n".join(lines)


@dataclass(frozen=True)
class ProgressState:
    """What the progress widget shows: the counts read from the file when last loaded, the
    file's problem (empty when it read cleanly), whether the reset is confirmed, and whether
    the last Reset was refused for want of that confirmation."""

    summaries: tuple[SetSummary, ...]
    problem: str = ""
    confirmed: bool = False
    refused: bool = False
    reread: str = ""
    """What the last Refresh found, in words ('' before the first): a click on Refresh always
    answers, even when nothing is new."""
    patients: tuple[PatientProgress, ...] = ()
    """Progress on each virtual patient (lesson 13), shown under a line "Virtual patients"."""


class ProgressView(CourseWidget[ProgressState]):
    """The 'my progress' widget: the chart, a text summary, Refresh and Reset.

    The file is read at the edge (:meth:`refresh`) and its counts sent as the event
    ``("loaded", summaries, problem)`` (or ``("loaded", summaries, problem, patients)`` with the
    virtual patients' progress); the other events are ``("confirm", bool)`` and
    ``"refused"``. Reset forgets the file, and only when the confirmation box is ticked.
    """

    name = "progress"
    description_open = True  # unfolded, as it opened before descriptions folded

    def __init__(
        self,
        progress_path: Path | str | None = None,
        catalogue: Any = None,
        interactive: bool | None = None,
    ):
        self.sets = progress_sets(catalogue)
        self.cases = patient_cases(catalogue)
        self.progress = ProgressFile(progress_path)
        items = self.progress.load()
        loaded = summarise(self.sets, items)
        self.chart = ProgressChart(loaded)
        view = FigureView(self.chart.figure, interactive=interactive)
        self.text = widgets.HTML()
        self.refresh_button = widgets.Button(description="Refresh", tooltip="Re-read the file")
        self.confirm = widgets.Checkbox(description="yes, forget all my progress", indent=False)
        self.reset_button = widgets.Button(description="Reset", button_style="danger")
        super().__init__(
            ProgressState(
                tuple(loaded),
                self.progress.problem,
                patients=tuple(patient_progress(self.cases, items)),
            ),
            controls={
                "refresh": self.refresh_button,
                "reset": self.reset_button,
                "confirm": self.confirm,
            },
            body=[
                widgets.HTML(
                    f"<p>Progress file: <code>{escape(str(self.progress.path))}</code></p>"
                ),
                widgets.HBox([self.refresh_button, self.reset_button, self.confirm]),
                self.text,  # what Refresh or Reset did, right under the buttons
                view.widget,
            ],
            view=view,
        )
        self.refresh_button.on_click(lambda _: self.refresh())
        self.reset_button.on_click(lambda _: self.reset())
        self.on_change(self.confirm, lambda v: ("confirm", bool(v)))

    def apply(self, state: ProgressState, event: Any) -> ProgressState:
        """The state after loading the file, ticking the confirmation, or a refused reset."""
        if event == "refused":
            return replace(state, refused=True)
        if isinstance(event, tuple) and len(event) == 2 and event[0] == "confirm":
            return replace(state, confirmed=bool(event[1]))
        if isinstance(event, tuple) and len(event) in (3, 4) and event[0] == "loaded":
            summaries = tuple(event[1])
            patients = tuple(event[3]) if len(event) == 4 else state.patients
            reread = (
                "Progress file re-read: nothing new since the last look."
                if summaries == state.summaries and patients == state.patients
                else "Progress file re-read: the chart shows the new counts."
            )
            return replace(
                state,
                summaries=summaries,
                problem=event[2],
                refused=False,
                reread=reread,
                patients=patients,
            )
        return state

    def render(self, before: ProgressState | None, after: ProgressState) -> None:
        """Restyle the bars for new counts and set the text and the confirmation box."""
        if before is None or before.summaries != after.summaries:
            self.chart.update(list(after.summaries))
        self.show(self.confirm, after.confirmed)
        table = _table(after.summaries) + _patients_html(after.patients)
        if after.refused:
            self.text.value = "<p>Tick the box first: a reset cannot be undone.</p>" + table
            return
        first = escape(describe_progress(after.summaries).splitlines()[0])
        problem = f"<p>{escape(after.problem)}</p>" if after.problem else ""
        reread = f"<p><em>{escape(after.reread)}</em></p>" if after.reread else ""
        self.text.value = f"{problem}{reread}<p><strong>{first}</strong></p>" + table

    def refresh_figures(self, before: ProgressState | None, after: ProgressState) -> None:
        """Redraw the chart only when the counts changed."""
        if before is None or before.summaries != after.summaries:
            super().refresh_figures(before, after)

    def describe_state(self, state: ProgressState) -> str:
        """The chart of ``state`` in words, then the virtual patients' progress."""
        return describe_progress(state.summaries) + "\n" + describe_patients(state.patients)

    def static_extra_html(self) -> str:
        """The counts as a table under the chart, then the virtual patients' progress."""
        return _table(self.state.summaries) + _patients_html(self.state.patients)

    def book_spec(self) -> dict[str, Any]:
        """What the offline book's progress page needs (``tools/bookweb/progress.py``): the
        progress file's name and format version, every set with its title and question ids (no
        answer: the book counts from the reader's own stored progress), and the words of the
        description and the table, so that the page says what :meth:`describe` says."""
        return {
            "file": FILE_NAME,
            "version": VERSION,
            "sets": [
                {"id": s.id, "title": s.title, "questions": list(s.question_ids)}
                for s in self.state.summaries
            ],
            "words": {"totals": TOTALS_LINE, "set": SET_LINE},
            "headings": list(TABLE_HEADINGS),
        }

    def refresh(self) -> None:
        """Re-read the progress file and restyle the bars."""
        items = self.progress.load()
        loaded = summarise(self.sets, items)
        patients = tuple(patient_progress(self.cases, items))
        self.send(("loaded", tuple(loaded), self.progress.problem, patients))

    def forget(self) -> bool:
        """Forget all progress, only when the confirmation box is ticked; returns whether it
        did (a refusal is shown in the text)."""
        if not self.state.confirmed:
            self.send("refused")
            return False
        self.progress.reset()
        self.send(("confirm", False))
        self.refresh()
        return True

    def reset(self) -> None:
        """The Reset button: :meth:`forget` the progress file if the box is ticked. (Going
        back to the counts the widget opened with would show stale progress.)"""
        self.forget()


def _table(summaries: Sequence[SetSummary]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in TABLE_HEADINGS)
    rows = "".join(
        f"<tr><td>{escape(s.id)}</td><td>{escape(s.title)}</td><td>{s.done}/{s.total}</td>"
        f"<td>{s.revealed}</td><td>{s.started}</td></tr>"
        for s in summaries
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


def _patients_html(patients: Sequence[PatientProgress]) -> str:
    """The virtual patients' progress under its heading line: the totals, and a table of the
    cases tried (best score, runs, solved in words and a sign)."""
    if not patients:
        return ""
    first, *_ = describe_patients(patients).splitlines()
    heading = f"<p><strong>{escape(PATIENTS_HEADING)}</strong></p><p>{escape(first)}</p>"
    tried = [p for p in patients if p.attempts]
    if not tried:
        return heading
    rows = "".join(
        f"<tr><td>{escape(p.case_id)}</td><td>{escape(p.title)}</td>"
        f"<td>{round((p.best or 0) * 100)}%</td><td>{p.attempts}</td>"
        f"<td>{'✓ solved' if p.solved else '– not yet'}</td></tr>"
        for p in tried
    )
    head = "".join(f"<th>{h}</th>" for h in ("Case", "Title", "Best", "Runs", "Solved"))
    return f"{heading}<table><tr>{head}</tr>{rows}</table>"
