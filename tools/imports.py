"""Which modules Python source imports: for the tests that compare imports with declarations.

Used by ``tests/tools/test_binder.py`` (environment.yml provides what the notebooks and ``course``
import) and ``tests/tools/test_dependencies.py`` (``pyproject.toml`` declares every imported
distribution).
"""

from __future__ import annotations

import ast
import sys

LOCAL = {"course", "tools", "__future__"}
"""Top-level names that are this repository's own packages, not distributions."""
BUILT_IN = set(sys.stdlib_module_names) | LOCAL
"""Provided without a pip pin: the standard library and this repository's packages."""


def _parse(source: str) -> ast.Module:
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    return ast.parse("\n".join(lines))


def _fallback_nodes(tree: ast.Module) -> set[int]:
    """The ids of every node inside an ``except ImportError`` / ``ModuleNotFoundError`` handler."""
    return {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.Try)
        for handler in node.handlers
        if isinstance(handler.type, ast.Name)
        and handler.type.id in ("ImportError", "ModuleNotFoundError")
        for inner in ast.walk(handler)
    }


def _names(nodes: list[ast.AST]) -> set[str]:
    names = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def imported_modules(source: str) -> set[str]:
    """Top-level module names imported by Python source (IPython magics and shell lines skipped).

    Relative imports are left out, and so is an import in an ``except ImportError`` (or
    ``ModuleNotFoundError``) handler: that is an optional fallback, not a requirement.
    """
    tree = _parse(source)
    fallbacks = _fallback_nodes(tree)
    return _names([node for node in ast.walk(tree) if id(node) not in fallbacks])


def fallback_modules(source: str) -> set[str]:
    """Top-level names imported only in ``except ImportError`` handlers (e.g. ``tomli`` on an
    older Python): they need not be installed here, but they must still be declared."""
    tree = _parse(source)
    fallbacks = _fallback_nodes(tree)
    return _names([node for node in ast.walk(tree) if id(node) in fallbacks]) - imported_modules(
        source
    )
