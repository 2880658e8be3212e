"""``python -m course validate`` runs every content rule: seeded bad copies of the content fail
with a message naming the file, line, entry and field, and every problem is listed at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course import __main__ as cli
from course.catalogue import CONTENT_DIR, Catalogue
from course.loading import ContentError
from course.records import rules
from course.validation import validate


def damaged(tmp_path: Path, *edits: tuple[str, str, str]) -> Path:
    """A copy of the shipped content with each (file, old, new) edit made once."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    for name, old, new in edits:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"seed not found in {name}: {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def run_validate(folder: Path, capsys) -> tuple[int, str]:
    """Run the command line in this process; returns (exit code, what it printed to stderr)."""
    code = cli.main(["validate", str(folder)])
    return code, capsys.readouterr().err


SEEDS = {
    "pre-test probability 1.7": (
        ("pretest.yaml", "  value: 0.20\n", "  value: 1.7\n"),
        "pretest.yaml:13, entry 'pgp_in_pregnancy', field 'value': value 1.7 must be a "
        "proportion strictly between 0 and 1 (20% is 0.2)",
    ),
    "anatomy outline piriformus": (
        ("anatomy_posterior.yaml", "  - id: piriformis\n", "  - id: piriformus\n"),
        "anatomy_posterior.yaml:339, entry 'piriformus', field 'id': 'piriformus' names no "
        "structure in structures.yaml; did you mean 'piriformis'",
    ),
    "cluster cut-off above its item count": (
        ("clusters.yaml", "    - min_positive: 3\n", "    - min_positive: 9\n"),
        "clusters.yaml:12, entry 'laslett_sij_3_of_6', field 'thresholds (min_positive 9)': "
        "min_positive 9 must be between 1 and the 6 items",
    ),
    "duplicate question id": (
        ("selfchecks/lesson03.yaml", "- id: lesson03_q1\n", "- id: lesson02_q1\n"),
        "selfchecks/lesson03.yaml:4, entry 'lesson03', field 'questions[0].id': question id "
        "lesson02_q1 also used in selfchecks/lesson02",
    ),
    "objective with no question": (
        ("objectives.yaml", "    assessed_by:\n    - lesson00_q1\n", "    assessed_by: []\n"),
        "objectives.yaml:8, entry 'lesson00', field 'objectives[0].assessed_by': name a scored "
        "question",
    ),
    "exercise hold of 2000 seconds": (
        ("exercises.yaml", "      hold_seconds: 20\n", "      hold_seconds: 2000\n"),
        "exercises.yaml:8, entry 'pigeon_stretch', field 'doses[1].hold_seconds': a hold of "
        "2000.0 s must be more than 0 and at most 600 seconds",
    ),
    "exercise aggravating an unknown condition": (
        (
            "exercises.yaml",
            "    - condition: gluteal_tendinopathy\n      why: >-\n        Deep hip",
            "    - condition: gluteal_tendonopathy\n      why: >-\n        Deep hip",
        ),
        "exercises.yaml:8, entry 'pigeon_stretch', field 'aggravates[0].condition': "
        "'gluteal_tendonopathy' names no condition in conditions.yaml; did you mean "
        "'gluteal_tendinopathy'",
    ),
    "exercise with a stage given twice": (
        (
            "exercises.yaml",
            "    - stage: return_to_sport\n      plan: Optional, for comfort or range; stretching",
            "    - stage: settled\n      plan: Optional, for comfort or range; stretching",
        ),
        "exercises.yaml:8, entry 'pigeon_stretch', field 'doses': stage 'settled' has two doses",
    ),
    "treatment evidence unverified without a note": (
        (
            "treatments.yaml",
            "  evidence: confirmed\n  sources: [french_2006, seed_001]",
            "  evidence: unverified\n  sources: [french_2006, seed_001]",
        ),
        "treatments.yaml:53, entry 'heat', field 'note': say why the evidence is unverified",
    ),
    "loading phases out of stage order": (
        (
            "loading_progressions.yaml",
            "    - stage: irritable\n      name: Isometric\n",
            "    - stage: return_to_sport\n      name: Isometric\n",
        ),
        "loading_progressions.yaml:4, entry 'tendon_loading_hamstring', field 'phases': list the "
        "phases in stage order: irritable, settled, return_to_sport",
    ),
    "sealed key that opens no option": (
        (
            "selfchecks/lesson03.yaml",
            "key: 0edcc2070e49daf15d0b15ba006e65cdfdde4594c4ee465a7347275d78db934e",
            "key: 1edcc2070e49daf15d0b15ba006e65cdfdde4594c4ee465a7347275d78db934e",
        ),
        "selfchecks/lesson03.yaml:4, entry 'lesson03', field 'questions[0].options[0].key': "
        "lesson03_q1: option ",
    ),
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_validate_fails_each_seeded_bad_copy_with_its_message(seed, tmp_path, capsys):
    edit, message = SEEDS[seed]
    code, printed = run_validate(damaged(tmp_path, edit), capsys)
    assert code == 1
    assert message in printed, printed


def test_the_damaged_key_message_says_what_to_do(tmp_path, capsys):
    edit, _ = SEEDS["sealed key that opens no option"]
    _, printed = run_validate(damaged(tmp_path, edit), capsys)
    assert "the sealed key opens neither as right nor as wrong; re-seal it" in printed


def test_every_problem_is_reported_at_once(tmp_path, capsys):
    # the duplicate id renames the question whose key is damaged, so it is left out here
    chosen = [seed for seed in SEEDS if seed != "duplicate question id"]
    code, printed = run_validate(damaged(tmp_path, *(SEEDS[s][0] for s in chosen)), capsys)
    assert code == 1
    for seed in chosen:
        assert SEEDS[seed][1] in printed


def test_loading_runs_the_same_rules(tmp_path):
    """The rules are not only in the command: any load of the bad copy fails the same way."""
    edit, message = SEEDS["pre-test probability 1.7"]
    with pytest.raises(ContentError) as caught:
        Catalogue.load(damaged(tmp_path, edit))
    assert message in str(caught.value)


def test_the_shipped_content_passes_every_rule(capsys):
    catalogue, problems = validate()
    assert problems == [] and catalogue is not None
    assert cli.main(["validate"]) == 0
    assert "all cross-references resolved" in capsys.readouterr().out


def test_rules_from_the_content_tests_now_run_on_load():
    """Sensitivity and specificity are proportions; an unconfirmed figure says why."""
    shipped = Catalogue.load()
    test = shipped.get("tests", "thigh_thrust")
    study = test.accuracy[0]
    percent = type(study)(**{**study.__dict__, "sensitivity": 88.0})
    silent = type(study)(**{**study.__dict__, "evidence": "unverified", "note": ""})
    found = list(rules.accuracy_figures(type(test)(**{**test.__dict__, "accuracy": (percent,)})))
    assert ("accuracy[0].sensitivity", "88.0 must be a proportion between 0 and 1 "
            "(a percentage? 80% is 0.8)") in found  # fmt: skip
    found = list(rules.accuracy_figures(type(test)(**{**test.__dict__, "accuracy": (silent,)})))
    assert ("accuracy[0].note", "say why this figure is unverified") in found
