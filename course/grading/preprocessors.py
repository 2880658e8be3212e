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

from nbformat.notebooknode import NotebookNode
from nbgrader.converters import Autograde, GenerateFeedback
from nbgrader.preprocessors import (
    ClearHiddenTests,
    GetGrades,
    NbGraderPreprocessor,
    SaveAutoGrades,
)
from traitlets import Integer, Unicode

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


def _insert_after(steps: list, anchor: type, added: list) -> list:
    if anchor not in steps:
        raise RuntimeError(
            f"nbgrader's pipeline {steps} has no {anchor.__name__}; update course.grading"
        )
    at = steps.index(anchor) + 1
    return [*steps[:at], *added, *steps[at:]]


def autograde_preprocessors() -> list:
    """nbgrader's autograde steps, with the byte cap right after the scores are saved."""
    defaults = list(Autograde.class_traits()["autograde_preprocessors"].default())
    return _insert_after(defaults, SaveAutoGrades, [CapOutputBytes])


def feedback_preprocessors() -> list:
    """nbgrader's feedback steps, with hidden tests and their failures withheld."""
    defaults = list(GenerateFeedback.class_traits()["preprocessors"].default())
    return _insert_after(defaults, GetGrades, [WithholdHiddenTestFailures, ClearHiddenTests])
