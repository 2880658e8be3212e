"""Saved virtual-patient runs handed in with an assignment: which files it expects, and what is
wrong with a student's.

An assignment whose answer is a run of the virtual patient (:mod:`course.patient.runs`) names
the run files it expects in its source notebook's metadata, ``{"course_grading": {"saved_runs":
{"<file>": "<case id>"}}}`` (written by ``tools/vp_assignment.py``). nbgrader collects the whole
assignment folder, so the file travels with the notebook; the sandboxed kernel gets a copy
(:func:`course.grading.sandbox.prepare`) and the notebook's locked cell loads it; the hidden
tests grade it. This module lets the grading report say, for that student, when the file is
missing, unreadable, of another case or flagged by :func:`course.patient.runs.verify`. It only
reads the file (never runs anything in it); the submitted copy is never written.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

METADATA_KEY = "course_grading"
"""The notebook metadata entry of the course's grading settings."""


def expected(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """Run file name -> case id, as the (source) notebook's metadata names them."""
    found = notebook.get("metadata", {}).get(METADATA_KEY, {}).get("saved_runs", {})
    if not isinstance(found, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in found.items()
    ):
        raise ValueError(f"notebook metadata {METADATA_KEY}.saved_runs: expected file: case id")
    return dict(found)


def problems(folder: Path, name: str, case_id: str) -> list[tuple[str, str]]:
    """(kind, detail) for everything wrong with the run file ``name`` in a submission folder:
    ``missing_run``, ``invalid_run`` (refused by ``runs.load_run``: too large, not JSON, not a
    run; or a run of another case) or ``tampered`` (flagged by ``runs.verify``: edited, forged,
    no committed answer). Empty when the run is sound."""
    from course.patient import case as find_case
    from course.patient import runs

    path = folder / name
    zero = "every autograded part scores 0"
    if path.is_symlink() or not path.is_file():
        return [
            (
                "missing_run",
                f"no {name} in the submission (the case was not played to a committed answer, "
                f"or the file was not handed in); {zero}",
            )
        ]
    try:
        run = runs.load_run(path)
    except runs.RunFileError as error:
        said = str(error).replace(str(path), name)  # not the grader's scratch folder
        return [("invalid_run", f"{name} could not be read: {said}"[:400] + f"; {zero}")]
    except Exception as error:  # load_run promises not to; say so rather than crash grading
        detail = f"{name} could not be read ({type(error).__name__}: {error})"[:400]
        return [("invalid_run", f"{detail}; {zero}")]
    if run.case_id != case_id:
        other = f"{name} is a run of case {run.case_id!r}, not {case_id!r}"
        return [("invalid_run", f"{other}; {zero}")]
    verdict = runs.verify(run, find_case(case_id))
    if verdict.ok:
        return []
    why = "; ".join(verdict.problems) or "no reason given"
    flagged = f"{name} was flagged by runs.verify (edited by hand or not saved by the widget)"
    return [("tampered", f"{flagged}: {why}"[:500] + f"; {zero}")]
