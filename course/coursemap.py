"""The course map: every lesson in teaching order, with the notebook that holds it.

Taught in lesson 00; ``course.lessons`` re-exports every name here.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from .html import Shown, table

# --------------------------------------------------------------------------- course map


@dataclass(frozen=True)
class Lesson:
    """One lesson of the course: its number, title and what it teaches in one line."""

    number: int
    title: str
    about: str


COURSE_MAP: tuple[Lesson, ...] = (
    Lesson(0, "Start here", "What the course is, how to use it, and how its content is sourced."),
    Lesson(
        1,
        "Anatomy of the buttock, layer by layer",
        "Peel the buttock from skin to bone and find each bone, muscle, nerve and bursa.",
    ),
    Lesson(
        2,
        "Pain mechanisms: referred, radicular and nerve pain",
        "What pain is, and how somatic referred, radicular and neuropathic pain differ.",
    ),
    Lesson(
        3,
        "Upper buttock pain",
        "The sacroiliac joint, back-related pain, sacral stress fractures, cluneal nerves, fascia.",
    ),
    Lesson(
        4,
        "Lower buttock pain",
        "Hamstring tendon, ischiogluteal bursa, ischiofemoral impingement, muscle strain.",
    ),
    Lesson(
        5,
        "Lateral, deep and radiating pain",
        "Gluteal tendinopathy, the hip joint, deep gluteal syndrome versus radicular pain.",
    ),
    Lesson(
        6,
        "Nerve-related buttock pain",
        "The cluneal, sciatic, gluteal and posterior femoral cutaneous nerves on the body chart.",
    ),
    Lesson(
        7,
        "Non-musculoskeletal causes and red flags",
        "Inflammatory, infective, malignant, vascular and pelvic-organ causes; when to refer.",
    ),
    Lesson(
        8,
        "Testing a hypothesis",
        "Sensitivity, specificity, likelihood ratios and the Fagan nomogram.",
    ),
    Lesson(9, "Case vignettes", "Work through patients' stories and build a ranked differential."),
    Lesson(10, "Review and progress", "See what you have mastered and what to revisit."),
)
"""Every lesson in teaching order. A lesson notebook ``notebooks/NN_*.ipynb`` must appear here."""


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


LESSON_NOTEBOOKS: tuple[str, ...] = (
    "00_start_here.ipynb",
    "01_anatomy_of_the_buttock.ipynb",
    "02_what_is_pain_referred_vs_radicular.ipynb",
    "03_upper_buttock_pain.ipynb",
    "04_lower_buttock_pain.ipynb",
    "05_lateral_and_deep_radiating_pain.ipynb",
    "06_nerve_related_buttock_pain.ipynb",
    "07_non_musculoskeletal_causes_and_red_flags.ipynb",
    "08_testing_a_hypothesis.ipynb",
    "09_case_vignettes.ipynb",
    "10_my_progress.ipynb",
)
"""The file names of the written lesson notebooks. They sit side by side in ``notebooks/``, so
the course map links them by name; ``tests/test_lessons.py`` checks the list against the folder."""


def course_map() -> CourseMap:
    """Every lesson in teaching order, linked to its notebook where the notebook exists."""
    files = {int(name[:2]): Path(name) for name in LESSON_NOTEBOOKS}
    return CourseMap(tuple((lesson, files.get(lesson.number)) for lesson in COURSE_MAP))
