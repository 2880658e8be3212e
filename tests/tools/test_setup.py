"""The set-up a newcomer relies on: pinned versions agree, the README's two commands are real."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tools import environment
from tools.notebooks import NOTEBOOKS

ROOT = Path(__file__).resolve().parents[2]


def test_environment_yml_constraints_and_pyproject_agree():
    assert environment.disagreements() == []


def test_environment_yml_is_generated_from_the_pins():
    assert (ROOT / "environment.yml").read_text() == environment.render()


def test_a_disagreement_would_be_caught(tmp_path, monkeypatch):
    bad = tmp_path / "environment.yml"
    bad.write_text(environment.render().replace("ipympl==", "ipympl==0.0.1+"))
    monkeypatch.setattr(environment, "ENVIRONMENT", bad)
    assert any(p.startswith("ipympl:") for p in environment.disagreements())


def test_the_hub_test_pins_jupyterhub_but_binder_keeps_its_own():
    """JupyterHub is pinned for the hub test; Binder's environment.yml leaves it out (Binder's
    hub brings the single-user server that matches it), and putting it back is caught."""
    assert "jupyterhub" in environment.constraint_pins()
    assert "jupyterhub" not in environment.environment_pins()[1]
    assert "jupyterhub" in environment.NOT_ON_BINDER


def test_a_jupyterhub_pin_in_environment_yml_would_be_caught(tmp_path, monkeypatch):
    bad = tmp_path / "environment.yml"
    pin = f"jupyterhub=={environment.constraint_pins()['jupyterhub']}"
    bad.write_text(environment.render().replace("  - jinja2==", f"  - {pin}\n  - jinja2=="))
    monkeypatch.setattr(environment, "ENVIRONMENT", bad)
    assert any(p.startswith("jupyterhub must not be") for p in environment.disagreements())


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```(?:bash|sh)?\n(.*?)\n```", section, flags=re.S | re.M)


def test_readme_gives_exactly_two_setup_commands():
    assert readme_commands() == ["make lab", "make test"]


def test_ci_calls_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text()
    lines = [line for line in script.splitlines() if line and not line.startswith("#")]
    assert "make test" in lines


def all_notebooks() -> list[Path]:
    return [p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]


def test_notebooks_name_their_kernel():
    """Without a kernelspec JupyterLab asks every student to pick a kernel."""
    for path in all_notebooks():
        spec = json.loads(path.read_text())["metadata"].get("kernelspec", {})
        assert spec.get("name") == "python3", f"{path.name} has no python3 kernelspec"


def test_notebooks_are_stored_without_outputs():
    for path in all_notebooks():
        cells = json.loads(path.read_text())["cells"]
        assert not any(c.get("outputs") for c in cells), f"{path.name} carries outputs"
        assert not any(c.get("execution_count") for c in cells), f"{path.name} has counts"


def test_make_test_runs_the_lint_and_format_gates():
    """The README's test command fails on unformatted code as well as on lint findings."""
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "ruff check ." in recipe
    assert "ruff format --check ." in recipe


def test_make_test_installs_the_grading_sandbox():
    """``make test`` installs bubblewrap (the autograding sandbox) with Chromium, in one step."""
    makefile = (ROOT / "Makefile").read_text()
    assert "\ntest: $(READY) system\n" in makefile
    system = makefile.split("\nsystem:", 1)[1].split("\n\n", 1)[0]
    assert "apt-get install" in system and "bwrap" in system
    assert "SYSTEM_PACKAGES := chromium bubblewrap" in makefile


def test_make_test_installs_postgresql_and_the_hubs_proxy_locally():
    """``make test`` installs Debian's postgresql without starting its cluster, Node.js only
    where ``node`` is missing, and configurable-http-proxy from the committed lock file into
    tools/hub (``npm ci --prefix``), never globally; ``make lab`` needs none of it."""
    makefile = (ROOT / "Makefile").read_text()
    assert "SYSTEM_PACKAGES := chromium bubblewrap postgresql\n" in makefile
    system = makefile.split("\nsystem:", 1)[1].split("\n\n", 1)[0]
    assert 'command -v node >/dev/null || missing="$$missing nodejs npm"' in system
    assert "/usr/sbin/policy-rc.d" in system and "exit 101" in system
    assert "for npm_dir in $(HUB_NPM) $(AXE_NPM); do" in system
    assert "npm ci --prefix $$npm_dir" in system and "npm install -g" not in system
    assert "HUB_NPM := tools/hub" in makefile
    _pinned_alone(ROOT / "tools" / "hub", "configurable-http-proxy")
    assert "\nlab: $(READY)\n" in makefile


def _pinned_alone(folder, package: str) -> None:
    """``folder``'s package.json asks for exactly the version of ``package`` its lock holds."""
    lock = json.loads((folder / "package-lock.json").read_text())
    pinned = json.loads((folder / "package.json").read_text())["dependencies"]
    assert pinned == {package: lock["packages"][f"node_modules/{package}"]["version"]}


def test_make_test_installs_axe_core_locally_for_the_accessibility_audits():
    """axe-core comes from npm like the hub's proxy: pinned in tools/axe, installed there by
    ``make system`` (which ``make test``, hence CI, runs), kept out of git."""
    makefile = (ROOT / "Makefile").read_text()
    assert "AXE_NPM := tools/axe" in makefile
    _pinned_alone(ROOT / "tools" / "axe", "axe-core")
    assert "tools/axe/node_modules/" in (ROOT / ".gitignore").read_text().splitlines()
    from tools import axe

    assert axe.AXE_SCRIPT.relative_to(ROOT).parts[:3] == ("tools", "axe", "node_modules")


def test_make_quick_is_the_fast_loop_and_no_setup_command():
    """``make quick`` skips the slow tests; the README names it for developers, not in Set up."""
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nquick:", 1)[1].split("\n\n", 1)[0]
    assert 'pytest -m "not slow"' in recipe
    readme = (ROOT / "README.md").read_text()
    developers = readme.split("## For developers", 1)[1].split("\n## ", 1)[0]
    assert "`make quick`" in developers
    assert "make quick" not in " ".join(readme_commands())


def test_readme_says_how_to_publish_the_book():
    """The README's publishing section: the folder make book writes, GitHub Pages, any static
    host, file://; the two set-up commands and the Binder links stay as they are."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Publishing the book", 1)[1].split("\n## ", 1)[0]
    for words in ("`build/book/`", "GitHub Pages", "static host", "`file://`", "Binder"):
        assert words in section, words
    assert readme_commands() == ["make lab", "make test"]
