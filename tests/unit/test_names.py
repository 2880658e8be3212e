"""One meaning per public name: no class or function is defined under the same name in two
``course`` modules (architecture review, problem 14). Re-exports and old-name aliases are
assignments or imports, not definitions, so they do not count."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

COURSE = Path(__file__).resolve().parents[2] / "course"

ENTRY_POINT = "main"
"""``main`` of a ``__main__`` module is the command-line entry point by convention."""

ALLOWED: dict[str, tuple[frozenset[str], str]] = {}
"""Clashes tolerated for a while, each with the branch that removes it (none today); a new clash
fails the test."""


def _module(path: Path) -> str:
    parts = path.relative_to(COURSE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def definitions() -> dict[str, set[str]]:
    """Every public module-level class or function name in ``course/``, with the modules that
    define it."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in sorted(COURSE.rglob("*.py")):
        module = _module(path)
        for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                if node.name.startswith("_"):
                    continue
                if node.name == ENTRY_POINT and module.endswith("__main__"):
                    continue
                found[node.name].add(module)
    return found


def test_no_public_name_is_defined_in_two_course_modules():
    clashes = {name: modules for name, modules in definitions().items() if len(modules) > 1}
    unexpected = {
        name: sorted(modules)
        for name, modules in clashes.items()
        if name not in ALLOWED or not modules <= ALLOWED[name][0]
    }
    assert unexpected == {}, "defined in two course modules (rename one): " + str(unexpected)


def test_the_allow_list_holds_only_clashes_that_still_exist():
    found = definitions()
    stale = [name for name in ALLOWED if len(found.get(name, ())) < 2]
    assert stale == [], f"no longer clash; remove them from ALLOWED: {stale}"


def test_the_renamed_types_keep_their_old_names():
    from course.hypothesis import findings, pretest
    from course.quiz import kinds, questions
    from course.records import keys
    from course.records import quiz as records_quiz

    assert findings.Outcome is findings.ResultLR
    assert questions.Outcome is questions.CheckResult
    assert records_quiz.Finding is records_quiz.ExaminationResult
    assert keys.normalise is keys.canonical_answer
    assert keys.canonical_answer(" Piriformis ") == "piriformis"
    assert kinds.Ranking is kinds.RankingKind
    assert pretest.table is pretest.pretest_table
