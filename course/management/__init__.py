"""After the diagnosis: the exercise library, the treatments seed 001 names, and a practice
exercise programme checked against a condition and a stage.

The knowledge lives in ``exercises.yaml``, ``treatments.yaml`` and ``loading_progressions.yaml``
(read through the course catalogue). This package offers:

- :func:`check_programme`: the pure check behind the widget (:mod:`course.management.programme`);
- :func:`exercise_table`, :func:`treatment_table`, :func:`progression_tables`: the library,
  seed 001's treatments and the loading progressions as tables (lesson 11);
- :func:`exercise_programme`: the widget (lesson 11), loaded on first use.

Everything here teaches how the sources match exercises to a condition; it prescribes nothing.

>>> from course import management
>>> management.dose_at(management.exercise("bridge"), "settled").hold_seconds
5.0
"""

from __future__ import annotations

from typing import Any

from ..lookups import condition, exercise, exercises, loading_progressions, treatment, treatments
from .programme import (
    ProgrammeCheck,
    ProgrammeEntry,
    ProgrammeInputError,
    check_programme,
    dose_at,
    phase_at,
)
from .tables import ExerciseTable, ProgressionTable, TreatmentTable

__all__ = [
    "ExerciseTable",
    "ProgrammeCheck",
    "ProgrammeEntry",
    "ProgrammeInputError",
    "ProgressionTable",
    "TreatmentTable",
    "check_programme",
    "dose_at",
    "exercise",
    "exercise_programme",
    "exercise_table",
    "exercises",
    "loading_progressions",
    "phase_at",
    "progression_tables",
    "treatment",
    "treatment_table",
    "treatments",
]


def exercise_programme(*args: Any, **kwargs: Any):
    """The exercise-programme widget (lesson 11): ``condition`` id, ``stage`` and the
    ``exercises`` it opens with; see :class:`.widget.ExerciseProgramme`."""
    from .widget import ExerciseProgramme

    return ExerciseProgramme(*args, **kwargs)


def _condition_name(ident: str) -> str:
    return condition(ident).name


def _exercise_name(ident: str) -> str:
    return exercise(ident).name


def exercise_table(seed_only: bool = False) -> ExerciseTable:
    """The exercise library as a table (``seed_only``: seed 001's nine only)."""
    chosen = tuple(e for e in exercises() if e.from_seed or not seed_only)
    return ExerciseTable(chosen, _condition_name)


def treatment_table() -> TreatmentTable:
    """Seed 001's treatments with what the evidence shows, as a table."""
    return TreatmentTable(tuple(treatments()), _condition_name)


def progression_tables() -> list[ProgressionTable]:
    """Each loading progression the evidence uses, phase by phase."""
    return [ProgressionTable(p, _exercise_name) for p in loading_progressions()]
