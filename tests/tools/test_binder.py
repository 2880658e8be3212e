"""Binder readiness: what the notebooks and the course package import, environment.yml provides."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import nbformat
import pytest

from tools import environment
from tools.imports import BUILT_IN, imported_modules

ROOT = Path(__file__).resolve().parents[2]


def notebook_sources() -> dict[str, str]:
    found = {}
    for path in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = nbformat.read(path, as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        found[str(path.relative_to(ROOT))] = code
    return found


def package_sources() -> dict[str, str]:
    files = sorted((ROOT / "course").rglob("*.py"))
    return {str(p.relative_to(ROOT)): p.read_text() for p in files}


def test_imports_are_found_in_notebooks_and_package():
    assert "ipywidgets" in imported_modules("import ipywidgets as w\n%matplotlib widget")
    assert {"matplotlib"} == imported_modules("from matplotlib.figure import Figure")
    assert imported_modules("from . import x") == set()


@pytest.mark.parametrize("where", ["notebooks", "course package"])
def test_every_import_is_provided_by_environment_yml(where):
    sources = notebook_sources() if where == "notebooks" else package_sources()
    distributions = importlib.metadata.packages_distributions()
    _, pinned = environment.environment_pins()
    missing = []
    for file, source in sources.items():
        for module in sorted(imported_modules(source) - BUILT_IN):
            dists = {environment.canonical(d) for d in distributions.get(module, [])}
            if not dists & set(pinned):
                missing.append(f"{file} imports {module} (from {sorted(dists) or 'nowhere'})")
    assert missing == []


def test_binder_installs_the_course_package_and_widget_front_ends():
    post_build = (ROOT / "postBuild").read_text()
    assert "pip install --no-deps -e ." in post_build
    _, pinned = environment.environment_pins()
    # the front-end extensions ship inside these wheels: no separate labextension build
    assert {"jupyterlab", "ipywidgets", "ipympl", "jupyterlab-widgets"} <= set(pinned)


def test_readme_links_each_lesson_on_binder():
    readme = (ROOT / "README.md").read_text()
    assert "mybinder.org/badge_logo.svg" in readme
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        assert f"labpath=notebooks%2F{path.name}" in readme, f"no Binder link for {path.name}"
