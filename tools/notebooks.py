"""Find and execute the course notebooks headless, as the tests and the book builder do."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .paths import NOTEBOOKS, ROOT


def lessons() -> list[Path]:
    """The lesson notebooks in teaching order (file names start with their number)."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


@dataclass(frozen=True)
class CellError:
    """An error output left by executing a notebook."""

    cell: int
    name: str
    value: str

    def __str__(self) -> str:
        return f"cell {self.cell}: {self.name}: {self.value}"


def errors(notebook: nbformat.NotebookNode) -> list[CellError]:
    """Every error output and every stderr traceback in an executed notebook."""
    found = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(CellError(index, output.get("ename", ""), output.get("evalue", "")))
            elif output.get("name") == "stderr" and "Traceback" in output.get("text", ""):
                found.append(CellError(index, "stderr", output["text"][-400:]))
    return found


def execute(path: Path, timeout: int = 300, allow_errors: bool = True) -> nbformat.NotebookNode:
    """Run every cell of ``path`` in a fresh kernel (working directory: the notebook's folder).

    The kernel sees the repository root on PYTHONPATH so that it imports this checkout's
    ``course`` even where the package is installed elsewhere. Matplotlib falls back to its
    inline backend where no widget front end exists.
    """
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    env_path = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env_path) if p)
    try:
        client = NotebookClient(
            notebook,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=allow_errors,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
    finally:
        if env_path:
            os.environ["PYTHONPATH"] = env_path
        else:
            os.environ.pop("PYTHONPATH", None)
    return notebook
