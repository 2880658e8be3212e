"""tools.axe without a browser: where axe-core is looked for, what a violation says, bad
arguments refused. (The audits themselves run in Chromium: tests/book/test_access.py, the built
book in tests/lessons/test_book.py, JupyterLab in tests/browser/test_access_lab.py.)"""

from __future__ import annotations

import pytest

from tools import axe


def test_a_missing_axe_core_says_how_to_install_it(tmp_path):
    with pytest.raises(axe.AxeMissing, match=r"make system.*npm ci --prefix tools/axe"):
        axe.axe_script(tmp_path / "axe.min.js")


def test_an_unknown_impact_is_refused_before_the_page_is_touched():
    with pytest.raises(ValueError, match=r"unknown axe impact\(s\) \['severe'\]"):
        axe.audit(page=None, impacts=("severe",))


def test_a_violation_names_the_rule_its_impact_and_the_elements():
    violation = axe.Violation(
        rule="color-contrast",
        impact="serious",
        help="Elements must meet minimum color contrast ratio thresholds",
        targets=tuple(f"p:nth-child({n})" for n in range(6)),
        summaries=("Fix any of the following:\n  contrast of 3.5 (#D55E00 on #F5F5F5)",) * 6,
    )
    text = str(violation)
    assert text.startswith("serious color-contrast: Elements must meet")
    assert "p:nth-child(0) (contrast of 3.5 (#D55E00 on #F5F5F5))" in text
    assert "p:nth-child(3)" in text and "p:nth-child(4)" not in text and "2 more" in text
