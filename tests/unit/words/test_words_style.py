"""One place for words (course/words.py) and one for style (course/style.py, course/html.py).

Every value of every id vocabulary has words, found from the ``Literal`` types themselves, and no
module in ``course/`` outside ``style.py`` retypes a hex colour or a course CSS class name.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import typing
from pathlib import Path

import pytest

import course
from course import html, style, words

COURSE = Path(course.__file__).parent

# Modules that define the record Literal types (course.records may be a module or a package).
_LITERAL_HOMES = ("course.records", "course.painmap.sources")


def _literal_types() -> dict[str, object]:
    """Every module-level ``Literal`` alias in the record modules, by name."""
    modules = []
    for name in _LITERAL_HOMES:
        module = importlib.import_module(name)
        modules.append(module)
        if hasattr(module, "__path__"):
            for info in pkgutil.walk_packages(module.__path__, prefix=f"{name}."):
                modules.append(importlib.import_module(info.name))
    found = {}
    for module in modules:
        for attr, value in vars(module).items():
            if typing.get_origin(value) is typing.Literal:
                found[attr] = value
    return found


LITERALS = _literal_types()


def test_every_vocabulary_with_words_is_a_literal_of_the_records():
    missing = set(words.VOCABULARIES) - set(LITERALS)
    assert not missing, f"words.VOCABULARIES names no Literal type: {sorted(missing)}"


def test_every_literal_of_the_core_records_has_words():
    core = importlib.import_module("course.records")
    in_core = {n for n, v in vars(core).items() if typing.get_origin(v) is typing.Literal}
    assert in_core <= set(words.VOCABULARIES), sorted(in_core - set(words.VOCABULARIES))


@pytest.mark.parametrize("name", sorted(words.VOCABULARIES))
def test_every_value_of_the_literal_has_words_and_nothing_else(name):
    values = typing.get_args(LITERALS[name])
    table = words.VOCABULARIES[name]
    assert set(values) == set(table), f"{name}: {set(values) ^ set(table)}"
    blank = [v for v in values if not table[v].strip() and name != "Evidence"]
    assert not blank, f"{name}: no words for {blank}"
    assert list(table) == list(values), f"{name}: words not in the Literal's order"


def test_layer_buttons_cover_every_layer_in_order():
    assert list(words.LAYER_BUTTON) == list(typing.get_args(LITERALS["Layer"]))


def test_evidence_markers():
    assert words.EVIDENCE["confirmed"] == ""
    assert words.marked("24.3", "unverified") == "24.3 [UNVERIFIED]"
    assert words.evidence_word("secondary") == "secondary source only"
    assert words.evidence_word("confirmed") == ""
    assert words.evidence_cell("confirmed") == "confirmed"
    assert words.evidence_cell("secondary") == "[secondary source only]"
    assert words.evidence_named("secondary") == "secondary [secondary source only]"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.2, "20%"),
        (0.5175, "51.7%"),
        (0.016, "1.6%"),
        (0.52, "52%"),
        (0.517, "51.7%"),
        (None, "–"),
    ],
)
def test_one_percent(value, text):
    assert words.percent(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.077, "0.077"), (0.53, "0.53"), (4.0, "4.00"), (5.22, "5.22"), (24.3, "24.3"),
     (1000.0, "1000"), (None, "–")],
)  # fmt: skip
def test_one_ratio_as_clinical_tables_print_it(value, text):
    assert words.ratio(value) == text


def test_the_hip_oa_cluster_reads_lr_24_3_on_its_card_and_in_the_lesson():
    # Sutlive's LR+ 24.3 used to show as 24.30 on the test card and 24.3 in lesson 08
    from course.hypothesis import clusters

    rule = next(r for r in clusters.all_rules() if any(b.lr == 24.3 for b in clusters.bands(r)))
    band = next(b for b in clusters.bands(rule) if b.lr == 24.3)
    assert "LR+ 24.3" in words.band(band) and "24.30" not in words.band(band)


def test_a_condition_reads_the_same_on_its_card_and_in_its_deck():
    from course import lessons

    condition = course.condition("deep_gluteal_syndrome")
    card = condition._repr_html_()
    deck = lessons.condition_cards(ids=[condition.id])._repr_html_()
    category = words.CATEGORY[condition.source_category]
    for region in condition.regions:
        assert words.REGION[region] in card and words.REGION[region] in deck
    assert category in card and category in deck


# --------------------------------------------------------------------------- html


def test_box_uses_the_accent_of_its_kind_and_refuses_unknown_kinds():
    boxed = html.box("wrong", "<p>no</p>", role="alert")
    assert style.ACCENT["wrong"] in boxed and "role='alert'" in boxed and "<p>no</p>" in boxed
    with pytest.raises(ValueError, match="no box accent for 'purple'"):
        html.box("purple", "x")


def test_table_escapes_plain_head_cells_and_keeps_row_headers():
    made = html.table(["A & B", "<th>ready</th>"], [["row", "cell"]], "cap", row_headers=True)
    assert "A &amp; B" in made and "<th>ready</th>" in made
    assert "<th scope='row'" in made and "<caption" in made and ">cell</td>" in made


def test_prose_sets_normal_line_spacing_and_keeps_empty_empty():
    assert "line-height:1.35" in html.prose("<b>x</b>") and html.prose("") == ""


def test_items_and_line_escape_and_vanish_when_empty():
    assert html.items("T", ["a<b"]) == "<p><strong>T</strong></p><ul><li>a&lt;b</li></ul>"
    assert html.items("T", []) == "" and html.line("T", "") == ""


# --------------------------------------------------------------------------- no stray style

HEX = re.compile(r"(?<![\w&])#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})(?![\w-])")
CSS_CLASS = re.compile(r"(?<![\w-])course-[a-z][\w-]*")
NOT_CSS = {"course-progress"}
"""Names that start like a course class but are not one (the progress file's name)."""


def stray_style(source: str) -> list[str]:
    """Hex colours and course CSS class names in the string literals of ``source`` (f-string
    parts included; docstrings and comments, which only name them, are not code)."""
    tree = ast.parse(source)
    prose = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if id(node) in prose:
            continue
        where = f"line {node.lineno}"
        found += [(node.lineno, f"{where}: {m}") for m in HEX.findall(node.value)]
        found += [
            (node.lineno, f"{where}: {m}")
            for m in CSS_CLASS.findall(node.value)
            if m not in NOT_CSS
        ]
    return [text for _, text in sorted(found)]


def test_the_scan_finds_colours_and_classes_in_strings_only():
    source = (
        '"""A docstring may name #D55E00 and course-widget-<name>."""\n'
        "# '#123456' in a comment is fine\n"
        "A = '#D55E00'\nB = f\"<p class='course-note'>{x}</p>\"\nC = \"#abc\"\n"
        "D = '.course-progress.json'\nE = '--course-dir'\nF = 'see #1'\n"
    )
    assert stray_style(source) == [
        "line 3: #D55E00",
        "line 4: course-note",
        "line 5: #abc",
    ]


def test_no_hex_colour_or_course_css_class_outside_style():
    offenders = {}
    for path in sorted(COURSE.rglob("*.py")):
        if path == COURSE / "style.py":
            continue
        found = stray_style(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(COURSE))] = found
    assert not offenders, f"move these into course/style.py: {offenders}"


def test_source_labels():
    assert words.source_label("grimaldi_fearon_2015") == "Grimaldi & Fearon 2015"
    assert words.source_label("goom_2016") == "Goom 2016"
    assert words.source_label("seed_001") == "seed 001"
    assert words.source_label("nice_ng59") == "NICE NG59"


def test_exercise_doses_in_words():
    assert words.dose(3, 10, 5, 3) == "3 sets × 10 reps, hold 5 s, 3 times a week"
    assert words.dose(5, None, 45.0, 7) == "5 sets, hold 45 s, daily"
    assert words.dose(None, None, None, None) == ""
