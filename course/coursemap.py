"""The course map: every lesson in teaching order, with the notebook that holds it.

Taught in lesson 00; ``course.lessons`` re-exports every name here.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from . import records as r
from .catalogue import content
from .html import Shown, table

# --------------------------------------------------------------------------- course map


Lesson = r.MapLesson
"""One lesson of the course: its number, title, what it teaches, and its notebook."""


def lessons() -> tuple[Lesson, ...]:
    """Every lesson in teaching order, from ``course/content/course_map.yaml`` (in use)."""
    return tuple(sorted(content().all("course_map"), key=lambda lesson: lesson.number))


@dataclass(frozen=True)
class CourseMap(Shown):
    """The lessons in order, each with the notebook that holds it where it exists yet."""

    entries: tuple[tuple[Lesson, Path | None], ...]

    def description(self) -> str:
        """The map as plain text, one lesson a line."""
        return "\n".join(
            f"{lesson.number:02d} {lesson.title}: {lesson.about}"
            + ("" if path else " (not yet written)")
            for lesson, path in self.entries
        )

    def _repr_html_(self) -> str:
        rows = []
        for lesson, path in self.entries:
            title = escape(lesson.title)
            if path is not None:
                title = f"<a href='{escape(path.name)}'>{title}</a>"
            else:
                title += " <em>(not yet written)</em>"
            rows.append([f"{lesson.number:02d}", f"<strong>{title}</strong>", escape(lesson.about)])
        caption = "<strong>Course map</strong>: the lessons in teaching order"
        return table(["No.", "Lesson", "What you will do"], rows, caption, row_headers=True)


def course_map() -> CourseMap:
    """Every lesson in teaching order, linked to its notebook."""
    return CourseMap(tuple((lesson, Path(lesson.notebook)) for lesson in lessons()))


def __getattr__(name: str) -> tuple:
    # COURSE_MAP (the lessons in order) and LESSON_NOTEBOOKS (their file names) as they were
    # before the map became content; read on first use so that importing stays cheap.
    if name == "COURSE_MAP":
        return lessons()
    if name == "LESSON_NOTEBOOKS":
        return tuple(lesson.notebook for lesson in lessons())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
