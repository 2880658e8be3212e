"""After the diagnosis: the exercise library, the treatments seed 001 names, and a practice
exercise programme checked against a condition and a stage.

The knowledge lives in ``exercises.yaml``, ``treatments.yaml`` and ``loading_progressions.yaml``
(read through the course catalogue). This package offers:

- :func:`check_programme`: the pure check behind the widget (:mod:`course.management.programme`);
- :func:`exercise_programme`: the widget (lesson 11), loaded on first use.

Everything here teaches how the sources match exercises to a condition; it prescribes nothing.

>>> from course import management
>>> management.dose_at(management.exercise("bridge"), "settled").hold_seconds
5.0
"""

from __future__ import annotations

from typing import Any

from ..lookups import exercise, exercises, loading_progressions, treatment, treatments
from .programme import (
    ProgrammeCheck,
    ProgrammeEntry,
    ProgrammeInputError,
    check_programme,
    dose_at,
    phase_at,
)

__all__ = [
    "ProgrammeCheck",
    "ProgrammeEntry",
    "ProgrammeInputError",
    "check_programme",
    "dose_at",
    "exercise",
    "exercise_programme",
    "exercises",
    "loading_progressions",
    "phase_at",
    "treatment",
    "treatments",
]


def exercise_programme(*args: Any, **kwargs: Any):
    """The exercise-programme widget (lesson 11): ``condition`` id, ``stage`` and the
    ``exercises`` it opens with; see :class:`.widget.ExerciseProgramme`."""
    from .widget import ExerciseProgramme

    return ExerciseProgramme(*args, **kwargs)
