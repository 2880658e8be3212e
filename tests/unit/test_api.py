"""The public API: lookups, helpful errors, rich display, the validate command."""

from __future__ import annotations

import subprocess
import sys

import pytest

import course


def test_condition_lookup_returns_a_typed_record():
    dgs = course.condition("deep_gluteal_syndrome")
    assert isinstance(dgs, course.Condition)
    assert dgs.source_category == "peripheral_nerve"
    assert "sciatic_nerve" in dgs.structures


def test_unknown_id_offers_the_closest_ids():
    with pytest.raises(course.UnknownIdError) as caught:
        course.condition("deep_gluteal_syndrom")
    assert "no condition called 'deep_gluteal_syndrom'" in str(caught.value)
    assert "did you mean 'deep_gluteal_syndrome'" in str(caught.value)
    with pytest.raises(
        course.UnknownIdError, match="no structure called 'piriformus'.*'piriformis'"
    ):
        course.structure("piriformus")


def test_filters_reject_unknown_choices():
    with pytest.raises(ValueError, match="unknown region 'middle'; choose one of: .*upper"):
        course.conditions(region="middle")
    with pytest.raises(ValueError, match="unknown layer 'core'"):
        course.structures(layer="core")
    assert all("lower" in c.regions for c in course.conditions(region="lower"))


def test_condition_card_is_readable_html():
    html = course.condition("deep_gluteal_syndrome")._repr_html_()
    assert "<h4" in html and "Deep gluteal syndrome" in html
    assert "Sciatic nerve" in html  # structure names, not ids
    assert "Sources" in html


def test_test_card_shows_accuracy_with_evidence_level():
    html = course.clinical_test("seated_piriformis_stretch")._repr_html_()
    assert "52%" in html and "90%" in html and "5.22" in html


def test_disclaimer_says_it_does_not_diagnose():
    note = course.disclaimer()
    assert "does not diagnose" in str(note)
    assert "does not diagnose" in note._repr_html_()


def test_validate_command_prints_counts():
    done = subprocess.run(
        [sys.executable, "-m", "course", "validate"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "conditions:" in done.stdout
    assert "all cross-references resolved" in done.stdout


def test_validate_command_reports_problems(tmp_path):
    (tmp_path / "conditions.yaml").write_text("- id: x\n")
    done = subprocess.run(
        [sys.executable, "-m", "course", "validate", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "structures.yaml: file is missing" in done.stderr
    assert "entry 'x', field 'name': missing" in done.stderr
