"""Seed 004's procedure points (the buttock as an injection landmark and a pressure-injury site,
the cautions before a needle) are content with sources, and each is taught in lesson 01."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

import course

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "01_anatomy_of_the_buttock.ipynb"
SITES = course.content().all("procedure_sites")


def lesson_text() -> str:
    notebook = nbformat.read(LESSON, as_version=4)
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown").lower()


def test_the_injection_sites_and_pressure_zones_of_seed_004_are_all_there():
    kinds = {s.id: s.kind for s in SITES}
    assert kinds == {
        "ventrogluteal": "injection",
        "dorsogluteal": "injection",
        "sacral_zone": "pressure",
        "ischial_zone": "pressure",
        "trochanteric_zone": "pressure",
    }
    (first,) = [s.id for s in SITES if s.choice == "first"]
    assert first == "ventrogluteal"
    assert all("seed_004" in s.sources for s in SITES)


@pytest.mark.parametrize("site", SITES, ids=lambda s: s.id)
def test_each_site_is_taught_in_lesson_01(site):
    words = site.name.lower().removesuffix(" site")
    assert words in lesson_text(), f"lesson 01 never names the {site.name}"


def test_the_cautions_before_a_needle_are_taught():
    text = lesson_text()
    for caution in ("infection", "anticoagulant", "image guidance", "sciatic nerve"):
        assert caution in text, caution
    cautions = " ".join(c for s in SITES for c in s.cautions).lower()
    for caution in ("infection", "anticoagulant", "bleeding", "image guidance"):
        assert caution in cautions, caution
