"""Write the graded virtual-patient assignment for one shipped case: the nbgrader source
notebook and its rubric, with the case's expert answer as the hidden tests' key.

    python -m tools.vp_assignment vp_05 [--course-dir notebooks/assignments]

The instructor picks the case. The key (the expert's first diagnosis, urgency tier and the
red-flag questions that had to be asked) is read once, here, from the case's sealed expert
answer and written into the hidden tests, as the case reviews carry theirs: grading never opens
the seal, and the student version holds neither the key nor the seal's meaning. The rubric
(``rubrics/virtual_patient.md``, never released) gets the expert's reasoning for the grader.
Re-run after changing the case; ``course release virtual_patient`` then makes the student
version. The notebook is written without outputs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course.catalogue import UnknownIdError, shipped
from course.grading.course_dir import DEFAULT_COURSE_DIR
from course.grading.saved_runs import METADATA_KEY, expected
from course.records.patient import ExpertAnswer, PatientCase, open_expert

ASSIGNMENT = "virtual_patient"
RUN_FILE = "virtual_patient_run.json"
"""The saved run the student plays into and hands in with the notebook."""

PARTS = {
    "run_test": "your run is intact: saved by the widget, of this case, with a committed answer",
    "diagnosis_test": (
        "the most likely diagnosis is in your top three (if two sources act at once, both are)"
    ),
    "urgency_test": "the urgency tier you committed",
    "red_flags_test": "you asked every red-flag question this patient needed, before committing",
    "efficiency_test": (
        "efficiency: at least half of what you asked, examined and ordered told you something "
        "about this patient (the course's efficiency score, at least {})"
    ),
    "justification": "your written justification",
}
"""What each marked part checks, as the student reads it."""

POINTS = {
    "run_test": 1,
    "diagnosis_test": 3,
    "urgency_test": 2,
    "red_flags_test": 2,
    "efficiency_test": 1,
}
"""Autograded points per part (test cell id -> points)."""

JUSTIFICATION_POINTS = 4
"""The hand-marked written justification."""

EFFICIENT = 0.5
"""The efficiency score (``runs.score(...).efficiency``, 0..1) that earns the efficiency point."""

LOCKED = {"grade": False, "locked": True, "solution": False, "schema_version": 3}


def _points_table() -> str:
    rows = ["| part | points |", "| --- | --- |"]
    for part, words in PARTS.items():
        points = POINTS.get(part, JUSTIFICATION_POINTS)
        rows.append(f"| {words.format(EFFICIENT)} | {points} |")
    return "\n".join(rows)


def _meta(grade_id: str, **flags) -> dict:
    return {"nbgrader": {**LOCKED, "grade_id": grade_id, **flags}}


def _markdown(grade_id: str, text: str):
    return new_markdown_cell(text.strip(), metadata=_meta(grade_id))


def _test(grade_id: str, visible: str, hidden: str):
    source = f"{visible.strip()}\n### BEGIN HIDDEN TESTS\n{hidden.strip()}\n### END HIDDEN TESTS"
    meta = _meta(grade_id, grade=True, points=POINTS[grade_id])
    return new_code_cell(source, metadata=meta)


def _q(text: str) -> str:
    """A Python string literal in double quotes (as the formatter writes it)."""
    return json.dumps(text)


def _words(values: tuple[str, ...], indent: str = "    ") -> str:
    """Ids as ``_text.split("a b c")``, the text cut into chunks of at most 60 characters (so
    no line of a hidden test is a single id, which a student's own run file would repeat)."""
    chunks, line = [], ""
    for value in values:
        if line and len(line) + len(value) > 60:
            chunks.append(line)
            line = ""
        line += f"{value} "
    chunks.append(line.rstrip())
    if len(chunks) == 1:
        return f"_text.split({_q(chunks[0])})"
    inner = "".join(f"{indent}    {_q(chunk)}\n" for chunk in chunks)
    return f"_text.split(\n{inner}{indent})"


def _intact(case_id: str) -> str:
    """The first lines of every hidden test: the run was loaded, is of this case and passes
    ``runs.verify``, which also fails a run with no committed answer (an edited or forged run
    earns nothing anywhere)."""
    return (
        '_text = "".__class__\n'
        f"assert _text.__str__(run.case_id) == {_q(case_id)}\n"
        f"assert runs.verify(run, course.patient.case({_q(case_id)})).ok is True"
    )


def _efficiency(case_id: str, expert: ExpertAnswer) -> str:
    """The hidden efficiency test: the course's score against the key written out here (the
    parts of the expert answer ``runs.score`` reads)."""
    return (
        f"{_intact(case_id)}\n"
        "_expert = runs.ExpertAnswer(\n"
        f"    differential={_words(_right(expert))},\n"
        f"    urgency={_q(expert.urgency)},\n"
        f"    next_step={_q(expert.next_step)},\n"
        f"    must_ask={_words(expert.must_ask)},\n"
        "    links=(),\n"
        '    reasoning="",\n'
        f"    both={expert.both!r},\n"
        ")\n"
        f"_score = runs.score(run, course.patient.case({_q(case_id)}), _expert)\n"
        f"assert 0.0 + _score.efficiency >= {EFFICIENT!r}"
    )


def _right(expert: ExpertAnswer) -> tuple[str, ...]:
    """The diagnoses a top three must hold: the expert's first, or first two when two sources
    act at once (``both``)."""
    return expert.differential[: 2 if expert.both else 1]


def _sources(case: PatientCase) -> str:
    catalogue = shipped()
    lines = [f"- {catalogue.get('sources', ident).citation}" for ident in case.sources]
    return "\n".join(lines)


def notebook(case: PatientCase, expert: ExpertAnswer) -> nbformat.NotebookNode:
    """The instructor's source notebook for ``case`` with ``expert`` as the hidden key."""
    cid = case.id
    auto = sum(POINTS.values())
    cells = [
        _markdown(
            "instructions",
            f"""
# Graded virtual patient: {case.title}

You meet one patient ({case.setting}), take a history, examine, choose tests and
investigations, and commit a ranked differential, an urgency tier and a next step, as in the
course's virtual-patient lesson. Then you explain your reasoning in words.

## How it works

1. Run the cell under **Play the case**. Work the case in the widget; when you commit your
   answer, the widget saves your run to `{RUN_FILE}` in this folder. Only a run saved by
   the widget counts: a run file edited by hand, or written any other way, is flagged and
   scores 0 in every autograded part.
2. Run the cell that loads your run and the checks under it. The checks look only at the
   *form* of your run (that it exists, is of this case and has a committed answer); whether
   your answer is right is decided by your instructor's hidden tests after you submit.
3. Write your justification in the markdown cell provided.
4. Hand in **this notebook and `{RUN_FILE}`** together.

## Marking ({auto} points autograded, {JUSTIFICATION_POINTS} marked by your instructor)

{_points_table()}

Read-only cells are part of the marking: do not delete or edit them. The case is invented for
teaching, from published clinical descriptions; the sources are listed at the end. The course
teaches clinical reasoning; it does not diagnose, and the engine's ranking is a teaching aid,
not a diagnosis.
""",
        ),
        new_code_cell("import course\n\ncourse.disclaimer()"),
        _markdown(
            "play_intro",
            f"""
## Play the case

Run the cell below and work case `{cid}` from the first question to your committed answer.
The engine's ranking is hidden for this assignment: the differential is yours, and the widget
gives no score or expert answer (your instructor's feedback comes after marking). You may play
again before you submit; the run you commit last is the one saved.
""",
        ),
        new_code_cell(
            f'course.patient.play("{cid}", show_engine=False, feedback=False, save_to="{RUN_FILE}")'
        ),
        _markdown(
            "load_intro",
            """
## Your saved run

The next cell loads the run you committed. Run it after you commit (and again after any new
attempt); the checks below it use what it loads.
""",
        ),
        new_code_cell(
            f"""
from pathlib import Path

import course
from course.patient import runs

CASE = "{cid}"
RUN_FILE = Path("{RUN_FILE}")
run = None
if not RUN_FILE.is_file():
    print(
        f"No {{RUN_FILE.name}} in this folder yet: play the case above to the end and commit "
        "your answer (the widget saves the file), then run this cell again."
    )
else:
    try:
        run = runs.load_run(RUN_FILE)
    except runs.RunFileError as error:
        print(f"{{RUN_FILE.name}} could not be read: {{error}}")
    else:
        print(f"Loaded your run of case {{run.case_id}}: {{len(run.events)}} item(s) asked.")
""".strip(),
            metadata=_meta("load_run"),
        ),
        _markdown(
            "checks_intro",
            """
## Checks

Each cell below checks the form of your run (it tells you what to fix); hidden tests mark
it after you submit.
""",
        ),
        _test(
            "run_test",
            """
# Your run is intact: saved by the widget, of this case, with a committed answer.
assert run is not None, "no saved run was loaded: read the message under the cell above"
assert run.case_id == CASE, f"this run is of case {run.case_id}, not {CASE}: play {CASE}"
verdict = runs.verify(run, course.patient.case(CASE))
assert verdict.ok, "your run was flagged (edited or not saved by the widget): " + "; ".join(
    verdict.problems
)
assert run.answer is not None, "the run has no committed answer: commit one in the widget"
""",
            _intact(cid),
        ),
        _test(
            "diagnosis_test",
            """
# Form: a ranked differential of one to five of the course's conditions.
assert run is not None and run.answer is not None, "no committed answer: see the first check"
assert 1 <= len(run.answer.differential) <= 5, "commit one to five diagnoses, most likely first"
assert set(run.answer.differential) <= set(course.ids("conditions")), "unknown condition id"
""",
            f"{_intact(cid)}\n"
            "_top = [_text.__str__(x) for x in run.answer.differential][:3]\n"
            + "\n".join(
                f"{name} = {_q(right)}\nassert {name} in _top"
                for name, right in zip(("_first", "_second"), _right(expert), strict=False)
            ),
        ),
        _test(
            "urgency_test",
            """
# Form: one of the course's urgency tiers, or none.
assert run is not None and run.answer is not None, "no committed answer: see the first check"
assert run.answer.urgency in {"emergency", "same_day", "urgent", "soon", "none"}, (
    "the urgency must be one of emergency, same_day, urgent, soon, none"
)
""",
            f"{_intact(cid)}\nassert _text.__str__(run.answer.urgency) == {_q(expert.urgency)}",
        ),
        _test(
            "red_flags_test",
            """
# Form: the run records the items you asked, in order, before the committed answer.
assert run is not None and run.answer is not None, "no committed answer: see the first check"
assert len(run.asked) >= 1, "the run records no question asked"
assert all(type(item) is str for item in run.asked), "each event names an item"
""",
            f"{_intact(cid)}\n"
            "_asked = [_text.__str__(_item) for _item in run.asked]\n"
            + "\n".join(f"assert {_q(flag)} in _asked" for flag in expert.must_ask),
        ),
        _test(
            "efficiency_test",
            """
# Form: the course can score your run (its efficiency is shown in the widget's feedback).
assert run is not None and run.answer is not None, "no committed answer: see the first check"
assert runs.verify(run, course.patient.case(CASE)).ok, "your run was flagged: see the first check"
print(f"{len(run.asked)} item(s) asked: {run.seconds / 60:.0f} min of consultation time")
""",
            _efficiency(cid, expert),
        ),
        _markdown(
            "justification_question",
            f"""
## Your justification ({JUSTIFICATION_POINTS} points, marked by your instructor)

In 6 to 10 sentences: which findings made your first diagnosis the most likely and which
weakened the alternatives you ranked below it; which red flags you screened for and what
their answers meant for the urgency; why your next step fits; and which items you would skip
or add if you saw this patient again.
""",
        ),
        new_markdown_cell(
            "Model answer (key points; full rubric in rubrics/virtual_patient.md):\n"
            + "\n".join(f"- {line}" for line in _key_points(expert)),
            metadata=_meta(
                "justification",
                grade=True,
                solution=True,
                locked=False,
                points=JUSTIFICATION_POINTS,
            ),
        ),
        _markdown("sources", f"## Sources\n\nThe case comes from:\n\n{_sources(case)}"),
        _markdown(
            "closing",
            f"""
## Before you submit

Restart the kernel and run all cells, then press **Validate**. Hand in this notebook with
`{RUN_FILE}`.
""",
        ),
    ]
    for index, cell in enumerate(cells):  # stable ids: the same case writes the same file
        cell.id = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell-{index}")
    nb = new_notebook(cells=cells)
    nb.metadata.update(
        {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
            METADATA_KEY: {"saved_runs": {RUN_FILE: cid}},
        }
    )
    return nb


def _key_points(expert: ExpertAnswer) -> list[str]:
    catalogue = shipped()
    names = " and ".join(
        f"{catalogue.get('conditions', right).name} ({right})" for right in _right(expert)
    )
    first = f"Two sources at once: {names}" if expert.both else f"Most likely: {names}"
    asked = ", ".join(f"`{item}`" for item in expert.must_ask)
    return [
        f"{first}; expert differential {', '.join(expert.differential)}.",
        f"Urgency tier {expert.urgency}; next step {expert.next_step}.",
        f"Red-flag questions needed: {asked}.",
        f"Expert reasoning: {expert.reasoning}",
    ]


CRITERIA = (
    "**names the findings that support the first diagnosis**, each with what it does (a "
    "positive provocation cluster, where the pain is, how it began), not only the diagnosis",
    "**weakens the alternatives it ranked below**, with the findings that argue against each "
    "(a normal neurological examination and straight leg raise against a nerve root, for "
    "example), as the expert's map does",
    "**screens the red flags and draws the urgency from their answers**: names the red-flag "
    "questions asked and what their answers mean; the committed tier follows from them",
    "**justifies the next step and reflects on the choice of items**: why this step fits the "
    "tier; which questions or investigations were low-yield for this patient (by their "
    "likelihood ratios, or because no answer could change the plan) and which were missing",
)
"""The rubric's criteria for the written justification, one point each."""


def _criteria() -> str:
    rows = ["| points | the answer... |", "| --- | --- |"]
    return "\n".join([*rows, *(f"| 1 | {text} |" for text in CRITERIA)])


def rubric(case: PatientCase, expert: ExpertAnswer) -> str:
    """The grader's rubric for the written justification (never released)."""
    catalogue = shipped()
    links = "\n".join(
        f"  - {catalogue.get('patient_items', link.item).label} {link.effect} "
        f"{catalogue.get('conditions', link.condition).name}"
        for link in expert.links
    )
    key = "\n".join(f"- {line}" for line in _key_points(expert))
    auto = ", ".join(f"`{cell}` {points}" for cell, points in POINTS.items())
    return f"""# Rubric: graded virtual patient (case {case.id})

For the grader only. This file sits outside `source/`, so nbgrader never releases it; keep it,
like the sources, in the instructor's private copy of the course. It was written by
`python -m tools.vp_assignment {case.id}` from the case's expert answer; re-run that command
after choosing another case. Grade the free-text cell (`justification`) in the formgrader,
{JUSTIFICATION_POINTS} points; award whole points and write one sentence of feedback saying what
would have earned the next point. Read the student's run (its questions, in order, and the
committed answer) beside the text: the justification is marked against the run the student
made, not against the expert's.

The autograded parts (for context), in points: {auto}. Every part scores 0 when the saved
run is flagged by `runs.verify` (edited by hand or not saved by the widget) or is missing.

The expert's answer:

{key}
- The expert's reasoning map:
{links}

## justification ({JUSTIFICATION_POINTS} points)

{_criteria()}

- Common errors: a diagnosis with no finding named; an investigation ordered "to be sure"
  when no answer could change the plan; a tier chosen without a red flag screened.
- The course teaches clinical reasoning; it does not diagnose. Sources of the case:
  {", ".join(case.sources)}.
"""


def expected_case(path: Path) -> str:
    """The case a written assignment notebook is played on (from its metadata)."""
    ((_, case_id),) = expected(nbformat.read(path, as_version=4)).items()
    return case_id


def write(case_id: str, course_dir: Path = DEFAULT_COURSE_DIR) -> list[Path]:
    """Write the source notebook and the rubric for ``case_id``; return the paths written."""
    case = shipped().get("patients", case_id)  # an unknown id names the valid ones
    expert = open_expert(case)
    folder = Path(course_dir) / "source" / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ASSIGNMENT}.ipynb"
    nbformat.write(notebook(case, expert), path)
    rubric_path = Path(course_dir) / "rubrics" / f"{ASSIGNMENT}.md"
    rubric_path.parent.mkdir(parents=True, exist_ok=True)
    rubric_path.write_text(rubric(case, expert), encoding="utf-8")
    return [path, rubric_path]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", help="a shipped case id, e.g. vp_05")
    parser.add_argument("--course-dir", type=Path, default=DEFAULT_COURSE_DIR)
    args = parser.parse_args(argv)
    try:
        paths = write(args.case, args.course_dir)
    except UnknownIdError as error:
        cases = ", ".join(shipped().ids("patients"))
        print(f"{error}\nthe shipped cases: {cases}", file=sys.stderr)
        return 2
    for path in paths:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
