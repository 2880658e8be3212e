"""The virtual patient: take a history, examine, test, reason to a ranked differential and a
triage decision, and be scored on it.

Content: ``patient_items.yaml`` (what a student may ask, examine, test or order; the same for
every case) and ``patients/*.yaml`` (the cases, their expert answer sealed). Logic:
:mod:`course.patient.engine` (findings to a differential with every term, and the urgency tier
the red flags demand) and :mod:`course.patient.runs` (a saved, tamper-evident record of a
student's run, how it is checked and scored). A teaching aid: it does not diagnose.

>>> from course import patient
>>> patient.case("vp_01").title
'A new mother with one-sided pain at the back of the pelvis'
"""

from __future__ import annotations

import importlib
from typing import Any

from ..catalogue import content
from ..loading import suggest
from ..records.patient import STAGES, ConsultationStage, PatientCase, PatientItem
from .engine import Engine, engine_for

__all__ = [
    "STAGES",
    "Engine",
    "PatientCase",
    "PatientItem",
    "case",
    "cases",
    "engine_for",
    "menu",
]

_LAZY: dict[str, str] = {
    "engine": "engine",
    "runs": "runs",
    "play": "widget",
    "VirtualPatient": "widget",
}
"""Names this package loads on first use: name -> module of this package."""


def cases() -> list[PatientCase]:
    """Every virtual-patient case in the content in use, in id order."""
    return content().all("patients")


def case(ident: str) -> PatientCase:
    """One case by id (``"vp_01"``); an unknown id names the valid ones."""
    return content().get("patients", ident)


def menu(stage: ConsultationStage | None = None) -> list[PatientItem]:
    """The item menu, or one stage's part of it, in the order of ``patient_items.yaml``."""
    found = content().all("patient_items")
    if stage is None:
        return found
    if stage not in STAGES:
        raise ValueError(f"unknown stage '{stage}'; {suggest(stage, STAGES)}")
    return [item for item in found if item.stage == stage]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f"{__name__}.{_LAZY[name]}")
        return module if _LAZY[name] == name else getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
