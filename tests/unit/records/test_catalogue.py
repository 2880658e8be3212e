"""One way to get the content (``course.content()``) and one to use another folder
(``with course.using(...)``): no patching, nested blocks restore, unknown ids list valid ones."""

from __future__ import annotations

from pathlib import Path

import pytest

import course
from course.catalogue import Catalogue
from course.hypothesis import clusters, findings

SMALL = {
    "sources/papers.yaml": "- {id: paper, citation: A paper, kind: primary}\n",
    "structures.yaml": (
        "- {id: bone, name: A bone, kind: bone, layer: skeleton, regions: [upper],\n"
        "   description: Hard., sources: [paper]}\n"
    ),
    "conditions.yaml": (
        "- {id: sore_bone, name: Sore bone, regions: [upper], source_category: bone,\n"
        "   summary: It hurts., structures: [bone], sources: [paper]}\n"
    ),
}


@pytest.fixture
def small_folder(tmp_path: Path) -> Path:
    for name, text in SMALL.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_content_is_the_shipped_catalogue_by_default():
    assert course.content() is course.catalogue.shipped()
    assert "deep_gluteal_syndrome" in course.content().ids("conditions")


def test_using_swaps_the_content_for_the_block_and_restores_it(small_folder):
    small = Catalogue.load(small_folder, required=False)
    with course.using(small) as inside:
        assert inside is small and course.content() is small
        assert [c.id for c in course.conditions()] == ["sore_bone"]
        with pytest.raises(course.UnknownIdError, match="valid ids: sore_bone"):
            course.condition("deep_gluteal_syndrome")
    assert course.content() is course.catalogue.shipped()
    assert course.condition("deep_gluteal_syndrome").id == "deep_gluteal_syndrome"


def test_using_accepts_a_folder_and_nests(small_folder, tmp_path):
    missing = pytest.raises(course.ContentError, match="file is missing")
    with missing, course.using(small_folder):  # a folder is loaded with every file required
        pass
    small = Catalogue.load(small_folder, required=False)
    with course.using(small):
        with course.using(course.catalogue.shipped()):
            assert len(course.conditions()) > 1
        assert len(course.conditions()) == 1


def test_lookups_by_id_happen_at_the_edge():
    rule = clusters.rule("laslett_sij_3_of_6")
    assert findings.from_cluster("laslett_sij_3_of_6") == findings.finding_of_cluster(rule)
    test = course.clinical_test("thigh_thrust")
    assert findings.from_test("thigh_thrust") == findings.finding_of_test(test)
    with pytest.raises(TypeError, match="pretest.presentation"):
        findings.for_presentation("pgp_in_pregnancy")
