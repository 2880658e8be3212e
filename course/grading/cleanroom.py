"""Re-run an assignment's tests on a student's literal answers, in a fresh kernel.

nbgrader runs the tests in the same kernel as the student's code, so code in the notebook can
change how the tests behave: rewrite later cells before they run (IPython input transformers),
skip lines with a trace function, patch ``builtins``. The restored test source cannot stop that.
The clean room can: it reads each ``answer_...`` value from the submitted file **as text**
(only literal assignments such as ``answer_q1 = "B"`` count), defines those values in a new
kernel that has never run student code, and runs the gradebook's own test cells there. A test
that passed in the student's kernel but fails in the clean room earned points it did not deserve.

An assignment graded on a file the student hands in (a saved virtual-patient run) loads it in
a read-only *setup* cell: the clean room runs the gradebook's setup cells before the tests, in
a folder holding a copy of the student's files, inside the bubblewrap sandbox
(:mod:`course.grading.sandbox`), so that a patched loader or checker in the student's kernel
earns nothing either.
"""

from __future__ import annotations

import ast
import builtins
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

_BUILTINS = set(dir(builtins))


def python_source(cell_source: str) -> str | None:
    """A code cell's source as plain Python (IPython magics turned into calls), or ``None``
    when it is not valid Python."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        code = TransformerManager().transform_cell(cell_source)
        ast.parse(code)
    except (SyntaxError, ValueError):
        return None
    return code


def free_names(test_source: str) -> set[str]:
    """Names a test cell reads but does not define (for the course's tests: ``answer_...``)."""
    code = python_source(test_source)
    if code is None:
        return set()
    tree = ast.parse(code)
    loaded, stored = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (stored if isinstance(node.ctx, (ast.Store, ast.Del)) else loaded).add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            stored.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            stored.add(node.name)
    return loaded - stored - _BUILTINS


@dataclass
class Answers:
    """What a submission sets its answer variables to, read from the file without running it."""

    literal: dict[str, object] = field(default_factory=dict)
    """Variables whose last assignment is a plain literal, with that value."""
    not_literal: set[str] = field(default_factory=set)
    """Variables last set some other way (a call, a class instance, a loop...)."""


def literal_answers(notebook: nbformat.NotebookNode, names: set[str]) -> Answers:
    """The literal value each of ``names`` has after the notebook's code cells, in order."""
    found = Answers()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        code = python_source(cell.source)
        if code is None:
            continue
        for statement in ast.parse(code).body:
            value = _literal_assignment(statement, names)
            if value is not None:
                name, literal = value
                found.literal[name] = literal
                found.not_literal.discard(name)
                continue
            for node in ast.walk(statement):
                touched = None
                if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                    touched = {node.id}
                elif isinstance(node, (ast.Global, ast.Nonlocal)):
                    touched = set(node.names)
                for name in (touched or set()) & names:
                    found.literal.pop(name, None)
                    found.not_literal.add(name)
    return found


def _literal_assignment(statement: ast.stmt, names: set[str]) -> tuple[str, object] | None:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target, value = statement.targets[0], statement.value
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        target, value = statement.target, statement.value
    else:
        return None
    if not (isinstance(target, ast.Name) and target.id in names):
        return None
    try:
        literal = ast.literal_eval(value)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if not isinstance(literal, (str, int, float, bool, type(None))):
        return None
    return target.id, literal


@dataclass(frozen=True)
class TestCell:
    """One autograded test cell as the gradebook holds it (hidden tests included)."""

    grade_id: str
    source: str
    points: float


def stored_names(source: str) -> set[str]:
    """Names a cell defines at its top level (assignments, imports, functions, classes)."""
    code = python_source(source)
    if code is None:
        return set()
    found = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found.add(node.name)
    return found


def recheck(
    tests: list[TestCell],
    answers: Answers,
    timeout: int = 30,
    setup: list[str] | tuple[str, ...] = (),
    files: Path | None = None,
    sandboxed: bool = True,
) -> dict[str, float]:
    """Each test cell's score when run on ``answers.literal`` alone in a fresh interpreter.

    ``setup``: the assignment's read-only code cells (sources, in order) that define what the
    tests read from a handed-in file; they run after the answers, before the tests, in a folder
    holding a copy of the regular files under ``files`` (notebooks and links left out). With
    ``setup``, the run is in the bubblewrap sandbox unless ``sandboxed`` is False, and a run
    that fails scores every test 0 (it never falls back to an unsandboxed kernel).

    Scored with nbgrader's own rule (:func:`nbgrader.utils.determine_grade`): an error or
    stderr output scores 0, otherwise full points (or a partial-credit number it displays).
    Tests in plain Python run in a new ``python`` process (:func:`needs_kernel` says when a
    test needs IPython, which then runs in a new Jupyter kernel): the same fresh start, without
    a kernel's second or so of start-up for every student.
    """
    from nbgrader.utils import determine_grade

    literal = "\n".join(f"{name} = {value!r}" for name, value in sorted(answers.literal.items()))
    cells = [new_code_cell(literal or "pass"), *(new_code_cell(code) for code in setup)]
    for test in tests:
        meta = {
            "nbgrader": {
                "grade": True,
                "solution": False,
                "locked": True,
                "grade_id": test.grade_id,
                "points": test.points,
            }
        }
        cells.append(new_code_cell(test.source, metadata=meta))
    notebook = new_notebook(cells=cells)
    graded = [cell for cell in cells if "nbgrader" in cell.metadata]
    if setup:
        if not _run_in_python(cells, timeout, files, sandboxed):
            return dict.fromkeys((t.grade_id for t in tests), 0.0)
    elif any(needs_kernel(test.source) for test in tests) or not _run_in_python(cells, timeout):
        _run_in_kernel(notebook, timeout)
    return {cell.metadata.nbgrader["grade_id"]: determine_grade(cell)[0] or 0.0 for cell in graded}


def needs_kernel(test_source: str) -> bool:
    """Whether a test cell needs IPython to run: magics, shell escapes or IPython's own names."""
    code = python_source(test_source)
    return (
        code is None
        or code.rstrip() != test_source.rstrip()
        or bool(re.search(r"\b(get_ipython|display)\b", test_source))
    )


def _run_in_kernel(notebook, timeout: int) -> None:
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory(prefix="cleanroom-") as folder:
        client = NotebookClient(
            notebook,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=True,
            interrupt_on_timeout=True,
            resources={"metadata": {"path": folder}},
        )
        client.execute(stderr=subprocess.DEVNULL)  # the kernel's start-up chatter


_RUNNER = r"""
import ast, io, json, signal, sys
from contextlib import redirect_stderr, redirect_stdout

class CellTimeout(BaseException):
    pass

def stop(*_):
    raise CellTimeout()

signal.signal(signal.SIGALRM, stop)
job = json.loads(sys.stdin.read())
out = sys.stdout
namespace = {"__name__": "__main__"}
done = []
for source in job["cells"]:
    record = {"error": None, "stderr": "", "result": None}
    err = io.StringIO()
    signal.alarm(job["timeout"])
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(err):
            tree = ast.parse(source)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, "<cell>", "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
                if value is not None:
                    record["result"] = repr(value)
    except BaseException as error:
        record["error"] = [type(error).__name__, str(error)[:200]]
    finally:
        signal.alarm(0)
    record["stderr"] = err.getvalue()[:2000]
    done.append(record)
out.write(json.dumps(done))
"""


def _run_in_python(
    cells: list, timeout: int, files: Path | None = None, sandboxed: bool = False
) -> bool:
    """Run the cells in a new ``python`` (answers, setup, then tests) and store their outputs
    as a kernel would: an error, stderr text, the last expression's value. False when the run
    itself failed. The working folder holds a copy of the regular files under ``files``;
    ``sandboxed`` runs it in bubblewrap (:mod:`course.grading.sandbox`)."""
    import json
    import sys

    from . import sandbox

    job = json.dumps({"cells": [cell.source for cell in cells], "timeout": max(1, timeout)})
    folder = sandbox.prepare(files)
    try:
        prefix = sandbox.command(folder, sandbox.Limits()) if sandboxed else []
        done = subprocess.run(
            [*prefix, sys.executable, "-c", _RUNNER],
            input=job,
            capture_output=True,
            text=True,
            cwd=folder,
            timeout=timeout * (len(cells) + 1) + 30,
        )
        records = json.loads(done.stdout)
    except (subprocess.TimeoutExpired, ValueError, sandbox.SandboxError):
        return False
    finally:
        sandbox.remove(folder)
    if done.returncode != 0 or len(records) != len(cells):
        return False
    for cell, record in zip(cells, records, strict=True):
        outputs = []
        if record["stderr"]:
            outputs.append(new_output("stream", name="stderr", text=record["stderr"]))
        if record["error"]:
            name, value = record["error"]
            outputs.append(new_output("error", ename=name, evalue=value, traceback=[]))
        elif record["result"] is not None:
            outputs.append(
                new_output(
                    "execute_result", data={"text/plain": record["result"]}, execution_count=1
                )
            )
        cell.outputs = outputs
    return True
