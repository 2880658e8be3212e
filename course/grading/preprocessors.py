"""Two nbgrader preprocessors for what nbgrader 0.9.6 does not do by itself.

- :class:`CapOutputBytes` caps each cell's output in **bytes** (nbgrader's ``LimitOutput`` only
  counts lines, so fifty one-megabyte lines pass whole). It runs after ``SaveAutoGrades``, so
  scores are decided on the full output and only what is stored and shown is cut.
- :class:`WithholdHiddenTestFailures` keeps hidden tests out of feedback: ``ClearHiddenTests``
  removes them from a cell's source, but a failing hidden assertion still prints its own line in
  the traceback. This replaces such an error's traceback with a neutral sentence.

``nbgrader_config.py`` puts both in nbgrader's pipelines, so the formgrader's buttons use them
too. The lists below are nbgrader's defaults with the course's step added in one place.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from nbformat.notebooknode import NotebookNode
from nbgrader.converters import Autograde, GenerateFeedback
from nbgrader.preprocessors import (
    ClearHiddenTests,
    Execute,
    GetGrades,
    NbGraderPreprocessor,
    SaveAutoGrades,
)
from traitlets import Bool, Integer, Unicode

from . import sandbox as sandboxing
from .leaks import ANSI, HIDDEN_TESTS, hidden_test_lines, normalise, strings

METADATA_KEY = "course_grading"
"""Notebook metadata key where the course's preprocessors record what they did."""


def output_bytes(output: NotebookNode) -> int:
    """The size in bytes (UTF-8) of one cell output as stored in the notebook."""
    return len(json.dumps(output, ensure_ascii=False).encode("utf-8"))


class CapOutputBytes(NbGraderPreprocessor):
    """Cut each code cell's outputs to at most ``max_bytes`` bytes.

    Error outputs are always kept (shortened), so the record of a failing cell survives. A cut
    cell ends with a stderr note saying how much it printed, and the notebook's metadata lists
    every cut cell under ``course_grading.capped_cells`` for the grading report.
    """

    max_bytes = Integer(100_000, help="Most bytes of output kept per code cell (-1: no cap).").tag(
        config=True
    )

    def preprocess(self, nb, resources):
        capped = []
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or self.max_bytes < 0:
                continue
            size = sum(output_bytes(o) for o in cell.outputs)
            if size > self.max_bytes:
                cell.outputs = self._cap(cell.outputs, size)
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                capped.append({"cell": index, "grade_id": grade_id, "bytes": size})
        nb.metadata[METADATA_KEY] = {"output_cap_bytes": self.max_bytes, "capped_cells": capped}
        return nb, resources

    def _cap(self, outputs: list, size: int) -> list:
        budget, kept = self.max_bytes, []
        for output in outputs:
            if output.output_type == "error":
                output.traceback = [ANSI.sub("", line)[:500] for line in output.traceback[-20:]]
                kept.append(output)
                budget -= output_bytes(output)
            elif output.output_type == "stream" and budget > 0:
                text = output.text.encode("utf-8")[:budget].decode("utf-8", errors="ignore")
                output.text = text
                kept.append(output)
                budget -= len(text.encode("utf-8"))
            elif output_bytes(output) <= budget:
                kept.append(output)
                budget -= output_bytes(output)
        note = (
            f"\n[Output cut: this cell printed {size:,} bytes; "
            f"the course keeps at most {self.max_bytes:,}.]\n"
        )
        kept.append(NotebookNode(output_type="stream", name="stderr", text=note))
        return kept


class WithholdHiddenTestFailures(NbGraderPreprocessor):
    """In feedback, show that a hidden test failed without showing the test.

    An error output of a cell with hidden tests keeps its exception name; its traceback is
    replaced with :attr:`message` when it quotes any hidden line, and any other output quoting
    a hidden line is dropped. Visible-test failures keep their traceback (their lines are
    already in the student's notebook). Run it before ``ClearHiddenTests``.
    """

    message = Unicode(
        "A hidden test in this cell did not pass.\n"
        "Hidden tests are not shown, so that they can be reused.\n"
        "Compare your answer with the case, and ask your instructor if unsure.",
        help="Shown instead of the traceback of a failing hidden test (one line per line).",
    ).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or HIDDEN_TESTS[0] not in cell.source:
            return cell, resources
        hidden = hidden_test_lines(cell.source)
        outputs = []
        for output in cell.outputs:
            text = normalise("\n".join(strings(output)))
            quoted = any(line in text for line in hidden)
            if output.output_type == "error":
                if quoted:
                    output.evalue = ""
                    first, *rest = self.message.splitlines()
                    output.traceback = [f"{output.ename}: {first}", *rest]
                outputs.append(output)
            elif not quoted:
                outputs.append(output)
        cell.outputs = outputs
        return cell, resources


SAFE_MIME_TYPES = (
    "text/plain",
    "image/png",
    "image/jpeg",
    "image/gif",
    "application/vnd.jupyter.widget-view+json",
)
"""Output types kept in what an instructor or student opens: none of them runs code in a
browser (images are shown through ``<img>``, the widget view is only a model id)."""


def _student_cell(cell) -> bool:
    """Written by the student: an answer cell, or any cell without nbgrader's lock."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("solution")) or not meta.get("locked")


def escape_markup(text: str) -> str:
    """Student prose with every HTML tag shown as text and script links disabled."""
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"(?i)(javascript|vbscript|data)\s*:", r"\1&#58;", text)


class SanitiseOutputs(NbGraderPreprocessor):
    """Make a graded notebook safe to open: no script, no active HTML from the student.

    Outputs keep only :data:`SAFE_MIME_TYPES` (an output left empty says what was removed);
    the markdown and raw cells a student wrote are shown as text (tags escaped); the widget
    state a kernel stored in the notebook metadata is dropped. Runs after the scores are saved,
    so grading sees the real outputs.
    """

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                data = output.get("data")
                if not isinstance(data, dict):
                    continue
                removed = sorted(k for k in data if k not in SAFE_MIME_TYPES)
                for key in removed:
                    del data[key]
                if removed and not data:
                    data["text/plain"] = f"[output not shown: {', '.join(removed)}]"
                output.get("metadata", {}).clear()
        elif _student_cell(cell):
            cell.source = escape_markup(cell.source)
            cell.pop("attachments", None)
            if cell.cell_type == "raw":
                for key in ("format", "raw_mimetype"):
                    cell.metadata.pop(key, None)
        return cell, resources


class ClearHiddenTestsInTests(ClearHiddenTests):
    """nbgrader's ``ClearHiddenTests`` on the course's test cells only.

    Hidden tests live in locked test cells. A student's own cell that happens to contain the
    phrase (a free-text answer quoting ``BEGIN HIDDEN TESTS`` without an END) is left alone
    instead of failing the whole feedback run for that student.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        if _student_cell(cell):
            return cell, resources
        return super().preprocess_cell(cell, resources, cell_index)


class SandboxedExecute(Execute):
    """nbgrader's ``Execute``, run in a bubblewrap sandbox (see :mod:`course.grading.sandbox`).

    Every ``Execute`` setting (timeout, retries, kernel arguments) applies inside the sandbox.
    ``sandbox = False`` runs student code with the grader's own rights: only for submissions
    you trust (``course grade --unsafe-no-sandbox``).
    """

    sandbox = Bool(True, help="Run student code in the bubblewrap sandbox.").tag(config=True)
    memory_bytes = Integer(
        sandboxing.Limits.memory_bytes, help="Address space per sandboxed process, bytes."
    ).tag(config=True)
    processes = Integer(sandboxing.Limits.processes, help="Processes of the sandbox user.").tag(
        config=True
    )
    file_bytes = Integer(sandboxing.Limits.file_bytes, help="Largest file written, bytes.").tag(
        config=True
    )

    def preprocess(self, nb, resources):
        if not self.sandbox:
            return super().preprocess(nb, resources)
        cells = sum(cell.cell_type == "code" for cell in nb.cells)
        timeout = self.timeout or 30
        limits = sandboxing.Limits(
            memory_bytes=self.memory_bytes,
            cpu_seconds=int((timeout + 5) * (cells + 2) * (self.execute_retries + 1) + 60),
            processes=self.processes,
            file_bytes=self.file_bytes,
        )
        metadata = resources.setdefault("metadata", {})
        given = metadata.get("path")
        folder = sandboxing.prepare(None if given is None else Path(given))
        default_manager = self.kernel_manager_class
        try:
            self.kernel_manager_class = sandboxing.kernel_manager(folder, limits)
            metadata["path"] = str(folder)
            return super().preprocess(nb, resources)
        finally:
            self.kernel_manager_class = default_manager
            metadata["path"] = given
            sandboxing.remove(folder)


def _insert_after(steps: list, anchor: type, added: list) -> list:
    if anchor not in steps:
        raise RuntimeError(
            f"nbgrader's pipeline {steps} has no {anchor.__name__}; update course.grading"
        )
    at = steps.index(anchor) + 1
    return [*steps[:at], *added, *steps[at:]]


def autograde_preprocessors() -> list:
    """nbgrader's autograde steps with student code run in the sandbox, and the byte cap and
    the sanitiser right after the scores are saved."""
    defaults = list(Autograde.class_traits()["autograde_preprocessors"].default())
    if Execute not in defaults:
        raise RuntimeError(f"nbgrader's pipeline {defaults} has no Execute; update course.grading")
    defaults[defaults.index(Execute)] = SandboxedExecute
    return _insert_after(defaults, SaveAutoGrades, [CapOutputBytes, SanitiseOutputs])


def feedback_preprocessors() -> list:
    """nbgrader's feedback steps: outputs sanitised, hidden tests and their failures withheld."""
    defaults = list(GenerateFeedback.class_traits()["preprocessors"].default())
    steps = [SanitiseOutputs, WithholdHiddenTestFailures, ClearHiddenTestsInTests]
    return [s for s in _insert_after(defaults, GetGrades, steps) if s is not ClearHiddenTests]
