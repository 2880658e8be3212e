"""Every distribution the code imports is declared in ``pyproject.toml``, in the right place.

What the student package (``course/``) imports must be a base dependency (a student installs
``pip install .`` without extras); what the tooling, tests and benchmarks import may come from the
``dev`` extra. Modules are mapped to distributions by ``importlib.metadata.packages_distributions``.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

from tools import environment
from tools.imports import BUILT_IN, fallback_modules, imported_modules

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("course", "tools", "tests", "benchmarks")


def declared(*extras: str | None) -> set[str]:
    """Canonical names of the distributions pyproject declares in the given groups (``None`` is
    the base dependencies), whatever their environment markers."""
    names = set()
    for extra in extras:
        names |= set(environment.project_dependencies(extra, python=None))
    return names


def undeclared(root: Path, folder: str, allowed: set[str]) -> list[str]:
    """Every import in ``root/folder`` whose distribution is not in ``allowed``, one line each."""
    distributions = importlib.metadata.packages_distributions()
    local = {p.stem for p in (root / folder).rglob("*.py")}  # e.g. tests' own helpers
    missing = []
    for path in sorted((root / folder).rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for module in sorted(imported_modules(source) - BUILT_IN - local):
            dists = {environment.canonical(d) for d in distributions.get(module, [])}
            if not dists & allowed:
                where = sorted(dists) or "no installed distribution"
                missing.append(f"{path.relative_to(root)} imports {module} ({where})")
        for module in sorted(fallback_modules(source) - BUILT_IN):
            if environment.canonical(module) not in allowed:
                missing.append(f"{path.relative_to(root)} falls back to {module}: not declared")
    return missing


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_imported_distribution_is_declared(folder):
    allowed = declared(None) if folder == "course" else declared(None, "dev")
    assert undeclared(ROOT, folder, allowed) == []


def test_an_undeclared_import_would_be_caught(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(
        "import yaml\nimport psutil\ntry:\n    import tomllib\n"
        "except ModuleNotFoundError:\n    import not_a_real_module\n"
    )
    found = undeclared(tmp_path, "pkg", {"pyyaml"})
    assert found == [
        "pkg/mod.py imports psutil (['psutil'])",
        "pkg/mod.py falls back to not_a_real_module: not declared",
    ]
