"""``import course`` stays cheap: subpackages load on first use, tooling stays out of the package.

Nothing here is timed (``benchmarks/import_cost.py`` prints the cost); what is checked is *what*
``import course`` loads, in a fresh interpreter.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("matplotlib", "numpy", "nbformat", "nbclient", "ipywidgets", "ipympl", "nbgrader", "tools")
"""Top-level packages a student's ``import course`` must not load (``tools`` is maintainer-only)."""


def loaded_after(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; return ``{"modules": [...], "result": ...}``."""
    script = (
        "import json, sys\n"
        f"{code}\n"
        "print(json.dumps({'modules': sorted(sys.modules), 'result': globals().get('result')}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def top_level(modules: list[str]) -> set[str]:
    return {name.split(".", 1)[0] for name in modules}


def test_import_course_loads_nothing_heavy():
    found = loaded_after("import course")
    assert top_level(found["modules"]) & set(HEAVY) == set()


def test_lookups_and_cards_work_without_loading_anything_heavy():
    found = loaded_after(
        "import course\n"
        "record = course.condition('deep_gluteal_syndrome')\n"
        "result = [record.source_category, record._repr_html_()]"
    )
    category, card = found["result"]
    assert category == "peripheral_nerve"
    assert card.startswith("<div") and "Deep gluteal syndrome" in card
    assert top_level(found["modules"]) & set(HEAVY) == set()


@pytest.mark.parametrize(
    "name", ["lessons", "anatomy", "painmap", "hypothesis", "management", "quiz"]
)
def test_subpackages_load_on_first_use(name):
    found = loaded_after(f"import course\nresult = course.{name}.__name__")
    assert found["result"] == f"course.{name}"
    assert f"course.{name}" in found["modules"]


def test_an_unknown_attribute_is_still_an_attribute_error():
    import course

    with pytest.raises(AttributeError, match="no attribute 'lesson'"):
        course.lesson  # noqa: B018
    assert {"lessons", "anatomy", "grading"} <= set(dir(course))


def imported_modules(path: Path) -> set[str]:
    """The absolute module names ``path`` imports (relative imports left out)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module)
    return names


def test_the_student_package_never_imports_tools():
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / "course").rglob("*.py"))
        for name in sorted(imported_modules(path))
        if name == "tools" or name.startswith("tools.")
    ]
    assert offenders == []


CHECKOUT_ONLY = {
    "course/grading/course_dir.py": "the shipped nbgrader course in notebooks/assignments",
}
"""Student-package modules allowed to look outside the package, and why. Grading is instructor
tooling that runs from a checkout; it may not import ``tools`` (the sandboxed worker must not)."""


def test_only_tools_find_the_repository_root():
    """``course`` may find its own files (content) but not the folders around the package."""
    climbs = re.compile(r"__file__\)?(\.resolve\(\))?\.(parent\.parent|parents\[[1-9]\])")
    offenders = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "course").rglob("*.py")
        if climbs.search(path.read_text(encoding="utf-8"))
    )
    assert offenders == sorted(CHECKOUT_ONLY)
