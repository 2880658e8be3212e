"""Malformed content fails loudly, naming file, line, entry and field."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from course.catalogue import CONTENT_DIR, Catalogue
from course.loading import ContentError


def write(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A minimal valid content folder: one source, one structure, one condition."""
    write(
        tmp_path,
        "sources/s.yaml",
        """\
        - id: seed_x
          citation: A seed article.
          kind: seed
        """,
    )
    write(
        tmp_path,
        "structures.yaml",
        """\
        - id: piriformis
          name: Piriformis
          kind: muscle
          layer: deep
          regions: [upper]
          description: A deep hip rotator.
          sources: [seed_x]
        """,
    )
    write(
        tmp_path,
        "conditions.yaml",
        """\
        - id: deep_gluteal_syndrome
          name: Deep gluteal syndrome
          regions: [deep_radiating]
          source_category: peripheral_nerve
          summary: Sciatic nerve irritated under gluteus maximus.
          structures: [piriformis]
          sources: [seed_x]
        """,
    )
    return tmp_path


def problems(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        Catalogue.load(folder, required=False)
    return [str(p) for p in caught.value.problems]


def test_minimal_folder_loads(folder):
    catalogue = Catalogue.load(folder, required=False)
    assert catalogue.get("conditions", "deep_gluteal_syndrome").structures == ("piriformis",)
    assert catalogue.counts()["structures"] == 1


def test_missing_field_is_named(folder):
    text = (
        (folder / "conditions.yaml")
        .read_text()
        .replace("  summary: Sciatic nerve irritated under gluteus maximus.\n", "")
    )
    (folder / "conditions.yaml").write_text(text)
    (found,) = problems(folder)
    assert found.startswith("conditions.yaml:1, entry 'deep_gluteal_syndrome', field 'summary'")
    assert "missing (expected text)" in found


def test_bad_reference_names_file_entry_field_and_suggests(folder):
    path = folder / "conditions.yaml"
    path.write_text(path.read_text().replace("[piriformis]", "[piriformus]"))
    (found,) = problems(folder)
    assert "conditions.yaml:1, entry 'deep_gluteal_syndrome', field 'structures[0]'" in found
    assert "'piriformus' names no structure in structures.yaml" in found
    assert "did you mean 'piriformis'?" in found


def test_wrong_type_is_named(folder):
    path = folder / "structures.yaml"
    path.write_text(path.read_text().replace("regions: [upper]", "regions: upper"))
    (found,) = problems(folder)
    assert "structures.yaml:1, entry 'piriformis', field 'regions'" in found
    assert "expected a list of one of 'upper', 'lower', 'lateral', 'deep_radiating'" in found


def test_value_outside_vocabulary_lists_the_allowed_values(folder):
    path = folder / "structures.yaml"
    path.write_text(path.read_text().replace("layer: deep", "layer: very_deep"))
    (found,) = problems(folder)
    assert "field 'layer': str 'very_deep' is not one of 'skin_fascia'" in found


def test_duplicate_id_points_at_the_first(folder):
    path = folder / "structures.yaml"
    path.write_text(path.read_text() + path.read_text())
    (found,) = problems(folder)
    assert "structures.yaml:8, entry 'piriformis', field 'id'" in found
    assert "duplicate id; first defined at structures.yaml:1" in found


def test_unknown_field_suggests_the_right_one(folder):
    path = folder / "structures.yaml"
    path.write_text(path.read_text() + "  descripton: typo\n")
    (found,) = problems(folder)
    assert "field 'descripton': unknown field; did you mean 'description'?" in found


def test_unsourced_entry_is_refused(folder):
    path = folder / "structures.yaml"
    path.write_text(path.read_text().replace("sources: [seed_x]", "sources: []"))
    (found,) = problems(folder)
    assert "entry 'piriformis', field 'sources': cite at least one source" in found


def test_every_problem_is_reported_at_once(folder):
    path = folder / "structures.yaml"
    path.write_text(path.read_text().replace("kind: muscle", "kind: mussel"))
    path = folder / "conditions.yaml"
    path.write_text(path.read_text().replace("sources: [seed_x]", "sources: [nobody]"))
    found = problems(folder)
    assert len(found) == 2
    assert "structures.yaml:1, entry 'piriformis', field 'kind'" in found[0]
    assert "field 'sources[0]': 'nobody' names no source" in found[1]


def test_invalid_yaml_names_file_and_line(folder):
    (folder / "glossary.yaml").write_text("- id: a\n  term: [unclosed\n")
    (found,) = problems(folder)
    assert found.startswith("glossary.yaml:")
    assert "not valid YAML" in found


def test_nested_record_fields_are_checked(folder):
    write(
        folder,
        "tests.yaml",
        """\
        - id: slr
          name: Straight leg raise
          purpose: Disc herniation.
          procedure: Lift the straight leg.
          positive: Leg pain between 30 and 70 degrees.
          sources: [seed_x]
          accuracy:
            - reference_standard: Surgery
              sensitivity: high
              evidence: confirmed
              sources: [ghost]
        """,
    )
    found = problems(folder)
    assert any(
        "field 'accuracy[0].sensitivity': expected a number, got str 'high'" in p for p in found
    )


def test_missing_file_is_reported_when_required(tmp_path):
    shutil.copytree(CONTENT_DIR, tmp_path / "content")
    (tmp_path / "content" / "glossary.yaml").unlink()
    with pytest.raises(ContentError, match="glossary.yaml: file is missing"):
        Catalogue.load(tmp_path / "content")


def test_suggest_prefers_the_zero_padded_id():
    from course.loading import suggest

    found = suggest("case_3", ["case_03", "case_31", "case_32", "case_33"])
    assert found.startswith("did you mean 'case_03'")


# --------------------------------------------------------------------------- a file of sections

VIEW = """\
units: cm
sources: [seed_x]
outlines:
  - id: piriformis
    label: lateral
    anchor: [1, 1]
    polygons:
      - [[0, 0], [3, 0], [3, 3], [0, 3]]
  - id: second
    label: medial
    anchor: [5, 5]
    sources: [seed_x, seed_x]
    ellipses:
      - {centre: [5, 5], radii: [1, 1]}
"""


def test_each_section_of_a_mapping_file_is_its_own_collection(folder):
    write(folder, "anatomy_posterior.yaml", VIEW.replace("id: second", "id: piriformis_2"))
    write(folder, "structures.yaml", (folder / "structures.yaml").read_text().replace(
        "- id: piriformis", "- id: piriformis_2\n  name: Other\n  kind: muscle\n  layer: deep\n"
        "  regions: [upper]\n  description: A second muscle.\n  sources: [seed_x]\n- id: piriformis"
    ))  # fmt: skip
    catalogue = Catalogue.load(folder, required=False)
    assert catalogue.ids("outlines") == ["piriformis", "piriformis_2"]
    assert catalogue.ids("backdrop") == [] and catalogue.ids("zones") == []
    first, second = catalogue.all("outlines")
    assert (first.units, first.sources) == ("cm", ("seed_x",))  # from the file's header
    assert second.sources == ("seed_x", "seed_x")  # its own


def test_a_problem_in_the_header_is_reported_once_for_the_file(folder):
    view = VIEW.replace("units: cm", "units: inches").replace("[seed_x]\n", "[seed_y]\n", 1)
    write(folder, "anatomy_posterior.yaml", view)
    found = problems(folder)
    assert found.count("anatomy_posterior.yaml, field 'units': must be 'cm'") == 1
    header = [p for p in found if "'seed_y' names no source" in p]
    assert header == [
        "anatomy_posterior.yaml, field 'sources[0]': 'seed_y' names no source in sources; "
        "did you mean 'seed_x'?"
    ]
    # the entry that names its own sources is not blamed for the header's; 'second' is no
    # structure, and that belongs to the entry
    assert "anatomy_posterior.yaml:9, entry 'second', field 'id': 'second' names no structure" in (
        "\n".join(found)
    )
    assert len(found) == 3, found


def test_an_unknown_section_is_named_with_the_closest(folder):
    write(folder, "anatomy_posterior.yaml", VIEW.replace("outlines:", "outlnes:"))
    found = problems(folder)
    assert (
        "anatomy_posterior.yaml, field 'outlnes': unknown section; did you mean 'outlines'"
        in (found[0])
    )
