"""Sealing authoring files into shipped content, recovering them, and the quiz command line."""

from __future__ import annotations

import importlib
import importlib.util
import itertools
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import course.quiz as quiz
from course.catalogue import CONTENT_DIR, Catalogue
from course.loading import ContentError
from tools.quiz import authoring

AUTHORING_CASE = {
    "id": "case_99",
    "title": "A test patient with buttock pain",
    "patient": {"age": 40, "sex": "female", "context": "Test runner"},
    "complaint": "Pain in the buttock.",
    "history": ["Began after running."],
    "examination": [
        {"test": "straight_leg_raise", "result": "negative"},
        {"observation": "Palpation", "result": "abnormal", "detail": "Tender."},
    ],
    "questions": [
        {
            "id": "case_99_q1",
            "kind": "single_choice",
            "focus": "diagnosis",
            "prompt": "Which?",
            "options": [
                {
                    "condition": "proximal_hamstring_tendinopathy",
                    "text": "Proximal hamstring tendinopathy",
                    "feedback": "Fits the tender tuberosity.",
                },
                {
                    "condition": "deep_gluteal_syndrome",
                    "text": "Deep gluteal syndrome",
                    "feedback": "No neural features.",
                },
            ],
            "answer": "proximal_hamstring_tendinopathy",
            "hints": ["Where is it tender?"],
            "explanation": "The tendon fits.",
        },
        {
            "id": "case_99_q2",
            "kind": "free_text",
            "focus": "reasoning",
            "prompt": "Why?",
            "model_answer": ["Load history", "Tenderness"],
        },
    ],
    "sources": ["seed_000"],
}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the shipped content with the test case sealed into it."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    source = tmp_path / "authoring" / "vignettes"
    source.mkdir(parents=True)
    (source / "case_99.yaml").write_text(authoring.dump(AUTHORING_CASE))
    authoring.seal_folder(tmp_path / "authoring", folder)
    return folder


def test_sealed_case_loads_cross_checks_and_checks_answers(content):
    catalogue = Catalogue.load(content)
    assert quiz.quiz_flaws(catalogue) == []
    case = quiz.vignette("case_99", catalogue)
    q1 = case.questions[0]
    assert quiz.check(q1, "proximal_hamstring_tendinopathy").solved
    assert not quiz.check(q1, "deep_gluteal_syndrome").solved
    text = (content / "vignettes" / "case_99.yaml").read_text()
    assert not re.search(r"^\s*-?\s*answer:", text, flags=re.M)
    assert "Fits the tender" not in text and "Load history" not in text


def test_resealing_an_unchanged_file_changes_nothing(content, tmp_path):
    before = (content / "vignettes" / "case_99.yaml").read_text()
    authoring.seal_folder(tmp_path / "authoring", content)
    assert (content / "vignettes" / "case_99.yaml").read_text() == before


def test_unseal_recovers_the_authoring_form(content, tmp_path):
    out = tmp_path / "recovered"
    authoring.unseal_folder(content, out)
    recovered = yaml.safe_load((out / "vignettes" / "case_99.yaml").read_text())
    q1, q2 = recovered["questions"]
    assert q1["answer"] == "proximal_hamstring_tendinopathy"
    assert q1["explanation"] == "The tendon fits."
    feedback = {o["id"]: o["feedback"] for o in q1["options"]}
    assert feedback["deep_gluteal_syndrome"] == "No neural features."
    assert q2["model_answer"] == ["Load history", "Tenderness"]
    # and sealing the recovered form again (same salts) reproduces the shipped file
    shipped = (content / "vignettes" / "case_99.yaml").read_text()
    authoring.seal_folder(out, content)
    assert (content / "vignettes" / "case_99.yaml").read_text() == shipped


def test_unseal_then_seal_reproduces_every_shipped_file(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    authoring.unseal_folder(folder, tmp_path / "authoring")
    authoring.seal_folder(tmp_path / "authoring", folder)
    for sub in authoring.FOLDERS:
        for path in sorted((CONTENT_DIR / sub).glob("*.yaml")):
            assert (folder / sub / path.name).read_text() == path.read_text(), path.name


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda q: q.update(answer="hip_osteoarthritis"), "is not an option id"),
        (lambda q: q["options"][1].pop("feedback"), "needs feedback"),
        (lambda q: q.pop("explanation"), "write an explanation"),
        (lambda q: q.update(kind="essay"), "kind must be one of"),
        (lambda q: q.update(tolerance=2), "unknown fields: tolerance"),
        (lambda q: q["options"][0].update(id="ab"), "at least 4 characters"),
    ],
)
def test_authoring_mistakes_are_named(change, message):
    raw = yaml.safe_load(authoring.dump(AUTHORING_CASE["questions"][0]))
    change(raw)
    with pytest.raises(authoring.AuthoringError, match=message):
        authoring.seal_question(raw)


def test_numeric_authoring_needs_its_grid():
    raw = {"id": "x_q1", "kind": "numeric", "prompt": "p", "answer": 5, "explanation": "e"}
    with pytest.raises(authoring.AuthoringError, match="needs a number for 'tolerance'"):
        authoring.seal_question(raw)
    raw.update(tolerance=1, grid=2, minimum=0, maximum=10)
    with pytest.raises(authoring.AuthoringError, match="no larger than the tolerance"):
        authoring.seal_question(raw)


def test_an_unsealed_file_is_refused_by_the_loader(content):
    path = content / "vignettes" / "case_99.yaml"
    path.write_text(
        path.read_text().replace("  salt:", "  answer: proximal_hamstring_tendinopathy\n  salt:", 1)
    )
    with pytest.raises(Exception, match="field 'questions\\[0\\].answer': unknown field"):
        Catalogue.load(content)


def test_structural_problems_are_listed(content):
    path = content / "vignettes" / "case_99.yaml"
    path.rename(content / "vignettes" / "patient_with_hamstring_pain.yaml")
    text = (content / "vignettes" / "patient_with_hamstring_pain.yaml").read_text()
    (content / "vignettes" / "patient_with_hamstring_pain.yaml").write_text(
        text.replace("focus: diagnosis", "focus: reasoning")
    )
    with pytest.raises(ContentError) as caught:
        Catalogue.load(content)
    found = [str(p) for p in caught.value.problems]
    where = "vignettes/patient_with_hamstring_pain.yaml:4, entry 'case_99'"
    assert f"{where}, field 'id': the file must be called case_99.yaml" in found
    assert f"{where}, field 'questions': needs exactly one question with focus: diagnosis" in found


def run_quiz(*args: str, module: str = "tools.quiz") -> subprocess.CompletedProcess:
    """``python -m tools.quiz ARGS`` (or ``course.quiz``) as an author would type it."""
    command = [sys.executable, "-m", module, *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_command_line_seal_check_and_unseal(content, tmp_path):
    for module in ("course.quiz", "tools.quiz"):
        done = run_quiz("check", "--content", str(content), module=module)
        assert done.returncode == 0, done.stderr
        assert "all keys sealed and consistent" in done.stdout
    done = run_quiz("unseal", str(tmp_path / "a2"), "--content", str(content))
    assert done.returncode == 0 and "keep it out of the repository" in done.stdout
    bad = tmp_path / "bad" / "vignettes"
    bad.mkdir(parents=True)
    question = {**AUTHORING_CASE["questions"][0], "id": "case_98_q1", "answer": "nothing_here"}
    case = {**AUTHORING_CASE, "id": "case_98", "questions": [question]}
    (bad / "case_98.yaml").write_text(authoring.dump(case))
    done = run_quiz("seal", str(tmp_path / "bad"), "--content", str(content))
    assert done.returncode == 1 and "answer 'nothing_here' is not an option id" in done.stderr


def test_the_student_package_points_authors_to_the_sealing_tool(tmp_path):
    done = run_quiz("seal", str(tmp_path / "authoring"), module="course.quiz")
    assert done.returncode == 2
    assert "python -m tools.quiz seal" in done.stderr
    assert not (tmp_path / "authoring").exists()


COMMAND = re.compile(r"`python -m ([\w.]+) (\w+)`")
"""A command named in a sealed file's opening comment, e.g. ``python -m tools.quiz seal``."""


def named_commands() -> dict[tuple[str, str], list[str]]:
    """Every (module, subcommand) the sealed files' opening comments name, with the files."""
    found: dict[tuple[str, str], list[str]] = {}
    for sub in authoring.FOLDERS:
        for path in sorted((CONTENT_DIR / sub).glob("*.yaml")):
            lines = path.read_text(encoding="utf-8").splitlines()
            header = "\n".join(itertools.takewhile(lambda line: line.startswith("#"), lines))
            for module, command in COMMAND.findall(header):
                found.setdefault((module, command), []).append(f"{sub}/{path.name}")
    return found


def test_the_sealed_header_names_the_sealing_tool():
    assert "`python -m tools.quiz seal`" in authoring.SEALED_HEADER
    assert "`python -m tools.quiz unseal`" in authoring.SEALED_HEADER


def test_every_sealed_file_names_only_commands_that_exist(capsys):
    """Each command a header names answers ``--help`` (exit 0): a module that only points
    elsewhere (``python -m course.quiz seal`` exits 2) or is missing fails."""
    found = named_commands()
    assert set(found) == {("tools.quiz", "seal"), ("tools.quiz", "unseal")}, found
    for (module, command), files in found.items():
        assert importlib.util.find_spec(module) is not None, f"{files[0]} names {module}"
        main = importlib.import_module(f"{module}.__main__").main
        try:
            code = main([command, "--help"])
        except SystemExit as done:  # argparse leaves after printing the help
            code = done.code
        assert code == 0, f"{files[0]}: python -m {module} {command} does not exist"
    assert "usage:" in capsys.readouterr().out
