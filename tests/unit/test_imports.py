"""The course's import graph has no cycle, and the records layer stands on nothing else.

Every module under ``course/`` is read with :mod:`ast` (imports inside functions included, since
a function-local import is how a cycle hides) and each import becomes an edge to the module it
loads. Importing ``course.a.b`` also runs ``course.a``, so that package counts too, except where
it is an ancestor of the importing module (Python has already started it).
"""

from __future__ import annotations

import ast
from pathlib import Path

import course

ROOT = Path(course.__file__).parent


def module_name(path: Path) -> str:
    """``course/quiz/keys.py`` -> ``course.quiz.keys``; a package's ``__init__`` is the package."""
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES.get(name, Path()).name == "__init__.py"


def imported(name: str, path: Path) -> set[str]:
    """The course modules that importing ``name`` (at ``path``) can load, at any depth of code."""
    package = name if _is_package(name) else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            # ``from pkg import sub`` loads the submodule; ``from pkg import name`` needs pkg's code
            targets = [
                f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in MODULES else stem
                for alias in node.names
            ]
        for target in targets:
            if target not in MODULES:
                continue
            found.add(target)
            parts = target.split(".")
            for cut in range(1, len(parts)):
                parent = ".".join(parts[:cut])
                if not (name == parent or name.startswith(parent + ".")):
                    found.add(parent)
    found.discard(name)
    return found


GRAPH: dict[str, set[str]] = {name: imported(name, path) for name, path in MODULES.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_the_scan_sees_imports_inside_functions():
    assert "course.catalogue" in GRAPH["course.hypothesis.clusters"]
    assert "course.hypothesis.widget" in GRAPH["course.hypothesis"]  # lazy, inside a function


def test_a_cycle_would_be_found():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_course_import_graph_has_no_cycle():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_records_layer_imports_nothing_else_from_the_course():
    for name, targets in GRAPH.items():
        if name == "course.records" or name.startswith("course.records."):
            outside = {t for t in targets if not t.startswith("course.records")}
            assert not outside, f"{name} imports {sorted(outside)}"


def test_the_catalogue_imports_only_records_and_loading():
    allowed = {"course.loading", "course.records"}
    outside = {
        t
        for t in GRAPH["course.catalogue"]
        if t not in allowed and not t.startswith("course.records.")
    }
    assert not outside, sorted(outside)
