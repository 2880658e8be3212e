"""clusters.yaml and pretest.yaml: complete, sourced, consistent with tests.yaml."""

from __future__ import annotations

import textwrap

import pytest

import course
from course.catalogue import CONTENT_DIR, Catalogue
from course.hypothesis import clusters, findings, pretest
from course.loading import ContentError


def test_cluster_and_pretest_entries_pass_their_own_checks():
    assert clusters.cluster_flaws() == []
    assert pretest.pretest_flaws() == []


def test_the_required_clusters_are_there_with_their_cut_offs():
    def cuts(ident):
        rule = clusters.rule(ident)
        return len(rule.items), [t.min_positive for t in rule.thresholds]

    assert cuts("laslett_sij_3_of_6") == (6, [3])
    assert cuts("laslett_sij_2_of_4") == (4, [2])
    assert cuts("martin_piriformis_pair") == (2, [1])
    assert cuts("sutlive_hip_oa") == (5, [4, 3])
    assert cuts("asas_ibp") == (5, [4])
    asas = clusters.rule("asas_ibp").thresholds[0].accuracy
    assert [(a.sensitivity, a.specificity) for a in asas] == [(0.770, 0.917), (0.796, 0.724)]


def test_cluster_items_name_the_tests_they_are():
    laslett = clusters.rule("laslett_sij_3_of_6")
    assert laslett.member_tests == {
        "sij_distraction",
        "thigh_thrust",
        "sij_compression",
        "sacral_thrust",
        "gaenslen_test",
        "laslett_sij_cluster",
    }
    for rule in clusters.all_rules():
        for item in rule.items:
            if item.test:
                targets = course.clinical_test(item.test).target_conditions
                assert rule.condition in targets, f"{rule.id}: {item.test} targets {targets}"


def test_cluster_figures_agree_with_the_same_study_in_tests_yaml():
    """A study cited both in clusters.yaml and under the composite's tests.yaml entry agrees."""
    compared = 0
    for rule in clusters.all_rules():
        if rule.test is None:
            continue
        published = course.clinical_test(rule.test).accuracy
        for threshold in rule.thresholds:
            for study in threshold.accuracy:
                same = [
                    a
                    for a in published
                    if a.sources[0] == study.sources[0]
                    and a.sensitivity == study.sensitivity
                    and a.specificity == study.specificity
                ]
                if same:
                    compared += 1
                    assert same[0].lr_positive == pytest.approx(study.lr_positive)
                    assert same[0].lr_negative == pytest.approx(study.lr_negative)
                    assert same[0].evidence == study.evidence, (rule.id, study.sources)
    assert compared >= 5


def test_figures_not_confirmed_say_why():
    for rule in clusters.all_rules():
        for threshold in rule.thresholds:
            for study in threshold.accuracy:
                if study.evidence != "confirmed":
                    assert study.note, f"{rule.id}: say why this figure is {study.evidence}"
    for entry in pretest.presentations():
        if entry.evidence != "confirmed":
            assert entry.note, entry.id


PUBLISHED = {
    "sij_in_chronic_lbp": ((0.15, 0.30), "cohen_2013"),
    "sij_depalma_2011": (0.18, "depalma_2011"),
    "sij_schwarzer_1995": (0.30, "schwarzer_1995"),
    "disc_depalma_2011": (0.42, "depalma_2011"),
    "facet_depalma_2011": (0.31, "depalma_2011"),
    "pgp_in_pregnancy": (0.20, "vleeming_2008"),
    "superior_cluneal_in_lbp": ((0.016, 0.14), "isu_2018"),
    "hip_oa_over_55": ((0.10, 0.25), "sutlive_2008"),
}


@pytest.mark.parametrize("ident", sorted(PUBLISHED))
def test_the_published_prevalence_figures_are_there(ident):
    figure, source = PUBLISHED[ident]
    entry = pretest.presentation(ident)
    assert (entry.span if isinstance(figure, tuple) else entry.value) == figure
    assert source in entry.sources and entry.population


@pytest.mark.parametrize("entry", pretest.presentations(), ids=lambda e: e.id)
def test_every_presentation_builds_its_findings(entry):
    built = findings.for_presentation(entry)
    assert len(built) == len(entry.findings)
    assert entry.condition in course.ids("conditions")
    for finding in built:
        assert all(o.lr > 0 for o in finding.outcomes)


def test_a_range_and_a_value_together_are_reported(tmp_path):
    entry = pretest.presentation("sij_depalma_2011")
    both = type(entry)(**{**entry.__dict__, "low": 0.1, "high": 0.3})
    percent = type(entry)(**{**entry.__dict__, "value": 18.0})
    empty = type(entry)(**{**entry.__dict__, "findings": (pretest.FindingChoice(),)})
    found = pretest.pretest_flaws([both, percent, empty])
    assert any("either value or low and high" in p for p in found)
    assert any("strictly between 0 and 1 (20% is 0.2)" in p for p in found)
    assert any("must name either a test or a cluster" in p for p in found)


def test_a_cluster_naming_an_unknown_test_fails_at_load(tmp_path):
    """The loader's cross-reference check covers clusters.yaml: a typo names the file and entry."""
    for path in CONTENT_DIR.rglob("*.yaml"):
        target = tmp_path / path.relative_to(CONTENT_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text())
    clusters_file = tmp_path / "clusters.yaml"
    clusters_file.write_text(
        clusters_file.read_text().replace("test: sij_distraction}", "test: sij_distractoin}", 1)
    )
    (tmp_path / "pretest.yaml").write_text(
        textwrap.dedent(
            """\
            - id: nowhere
              name: Nowhere
              condition: sacroiliac_joint_pain
              population: nobody
              value: 0.2
              evidence: maybe
              sources: [cohen_2013]
            - id: misspelt
              name: Misspelt
              condition: sacroiliac_joint_pian
              population: nobody
              value: 0.2
              evidence: confirmed
              sources: [cohen_2013]
            """
        )
    )
    with pytest.raises(ContentError) as caught:
        Catalogue.load(tmp_path)
    text = str(caught.value)
    assert "clusters.yaml" in text and "entry 'laslett_sij_3_of_6'" in text
    assert "'sij_distractoin' names no clinical test" in text and "'sij_distraction'" in text
    assert "pretest.yaml:1, entry 'nowhere', field 'evidence'" in text
    assert "did you mean 'sacroiliac_joint_pain'" in text
