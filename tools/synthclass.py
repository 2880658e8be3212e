"""A seeded synthetic class: submissions for an nbgrader assignment, for tests and benchmarks.

Each student has an *ability* (a standard normal draw); each graded question a *difficulty*.
A student answers a question right with probability ``1 / (1 + exp(difficulty - ability))``
(a one-parameter logistic, Rasch, model), so strong students get most items right and hard
items separate them. Answers are written as a student would, in the released student version:

- an autograded answer cell (``answer_q1 = "..."`` in the instructor's solution) gets the
  solution's value when right; when wrong, another option offered in the question's table (the
  back-quoted codes in the markdown just above), or a changed value when the question offers no
  table; a few wrong answers break the *form* instead (an unquoted name, an empty string);
- a free-text answer (a graded markdown cell) gets reasoning of a length that follows the
  same chance: full, partial or a one-line guess.

With ``faulty > 0`` that share of students hand in a broken submission, one of
:data:`FAULTS`: invalid JSON, no notebook (a wrongly named file instead), an endless loop in an
answer cell, or a graded test cell deleted. Everything comes from ``random.Random`` seeded with
the seed and the student's number, so the same arguments give byte-identical files.

    python -m tools.synthclass COURSE_DIR ASSIGNMENT --students 200 --seed 1 [--faulty 0.1]

The assignment must be released first (``course release ASSIGNMENT``): the class answers the
student version, never the instructor's.
"""

from __future__ import annotations

import argparse
import ast
import math
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course.grading.course_dir import DEFAULT_COURSE_DIR, CourseDir
from course.grading.leaks import SOLUTION, region_lines

FAULTS = ("invalid_json", "missing_notebook", "endless_loop", "deleted_cell")
"""The broken submissions grading must survive, in the order they are drawn from."""

TIMESTAMP = "2026-05-04 09:00:00.000000 UTC"
"""Every synthetic submission's ``timestamp.txt`` (before any due date the course sets)."""

_OPTION = re.compile(r"^\|\s*`([^`]+)`\s*\|", re.MULTILINE)
_PROSE = (
    "The history points to the structure named, and the examination agrees with it.",
    "The provocation tests that matter were negative, which argues against the alternative.",
    "A focal tender point that reproduces the exact pain is the strongest finding here.",
    "The red flags change the urgency: fever and night pain need a same-day assessment.",
    "Imaging is not the first step; the clinical picture decides what comes next.",
    "A diagnostic block would test the hypothesis and guide the treatment that follows.",
)


@dataclass
class Question:
    """One graded answer cell of the student version."""

    notebook: str
    grade_id: str
    kind: str
    """``choice`` (an answer variable set to a value) or ``prose`` (a graded markdown cell)."""
    difficulty: float
    right: str = ""
    """The cell's source when right (the instructor's solution lines)."""
    variable: str = ""
    value: object = None
    options: list[str] = field(default_factory=list)


@dataclass
class SyntheticStudent:
    """One student of the class and what they handed in."""

    student: str
    ability: float
    correct: dict[str, bool] = field(default_factory=dict)
    """grade id -> answered right (free text: at least partly right)."""
    fault: str | None = None


def questions(course_dir: Path, assignment: str, seed: int) -> list[Question]:
    """The graded answer cells of ``assignment``, each with a seeded difficulty."""
    found = []
    rng = random.Random(f"{seed}:difficulty")
    for path in sorted((course_dir / "source" / assignment).glob("*.ipynb")):
        source = nbformat.read(path, as_version=4)
        table: list[str] = []
        for cell in source.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "markdown" and not meta.get("solution"):
                table = _OPTION.findall(cell.source) or table
            if not meta.get("solution"):
                continue
            question = Question(path.stem, meta["grade_id"], "prose", rng.gauss(0.0, 1.0))
            if cell.cell_type == "code":
                question.kind = "choice"
                question.right = "\n".join(region_lines(cell.source, SOLUTION))
                question.variable, question.value = _assignment(question.right)
                question.options = [o for o in table if o != question.value]
                table = []
            found.append(question)
    if not found:
        raise ValueError(f"'{assignment}' has no graded answer cell under {course_dir}/source")
    return found


def _assignment(code: str) -> tuple[str, object]:
    """(variable, literal value) of a solution ``name = literal``; ("", None) otherwise."""
    try:
        tree = ast.parse(code)
        statement = tree.body[-1]
        if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
            return statement.targets[0].id, ast.literal_eval(statement.value)
    except (SyntaxError, ValueError, IndexError):
        pass
    return "", None


GENERATED = ("release", "submitted", "autograded", "feedback", "reports", "gradebook.db")
"""What nbgrader and the course write into a course directory (the rest is its sources)."""


def copy_course(destination: Path, source: Path = DEFAULT_COURSE_DIR) -> CourseDir:
    """The course directory at ``source`` (default: the shipped one) copied to ``destination``
    with its sources, configuration and rubrics only: nothing released, submitted, graded or
    reported, no gradebook. For tests and benchmarks that grade a class of their own."""
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns(*GENERATED))
    return CourseDir(destination)


def chance(ability: float, difficulty: float) -> float:
    """The probability that a student of ``ability`` answers an item of ``difficulty`` right."""
    return 1.0 / (1.0 + math.exp(difficulty - ability))


def _wrong(question: Question, rng: random.Random) -> str:
    if not question.variable:
        return "# I am not sure.\nraise NotImplementedError()"
    form = rng.random()
    bare = str(question.value).replace("-", "_").replace(" ", "_")
    if form < 0.08 and isinstance(question.value, str) and bare.isidentifier():
        return f"{question.variable} = {bare}"  # forgot the quotes: a NameError
    if form < 0.12:
        return f'{question.variable} = ""'
    if question.options:
        return f"{question.variable} = {rng.choice(question.options)!r}"
    value = question.value
    changed = value + 1 if isinstance(value, (int, float)) else f"{value}?"
    return f"{question.variable} = {changed!r}"


def _prose(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.sample(_PROSE, sentences)) if sentences else "I don't know."


def make_class(
    course_dir: Path | str, assignment: str, n_students: int, seed: int, faulty: float = 0.0
) -> list[SyntheticStudent]:
    """Write ``n_students`` submissions under ``submitted/<student>/<assignment>/``.

    ``faulty`` is the share (0 to 1) of students whose submission is broken in one of the
    ways in :data:`FAULTS`. Existing submissions of the same ids are replaced. Returns the
    class: each student's ability, which answers were right, and any fault.
    """
    course_dir = Path(course_dir)
    released = sorted((course_dir / "release" / assignment).glob("*.ipynb"))
    if not released:
        raise ValueError(
            f"no released notebook in {course_dir}/release/{assignment}: release it first"
        )
    if not 0.0 <= faulty <= 1.0:
        raise ValueError(f"faulty is a share between 0 and 1, not {faulty}")
    items = questions(course_dir, assignment, seed)
    students = []
    for number in range(n_students):
        rng = random.Random(f"{seed}:student:{number}")
        student = SyntheticStudent(f"student{number:03d}", round(rng.gauss(0.0, 1.0), 3))
        if rng.random() < faulty:
            student.fault = FAULTS[rng.randrange(len(FAULTS))]
        folder = course_dir / "submitted" / student.student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        (folder / "timestamp.txt").write_text(TIMESTAMP, encoding="utf-8")
        for path in released:
            notebook = nbformat.read(path, as_version=4)
            _answer(notebook, [q for q in items if q.notebook == path.stem], student, rng)
            _write(notebook, folder / path.name, student.fault, rng)
        students.append(student)
    return students


def _answer(notebook, items: list[Question], student: SyntheticStudent, rng) -> None:
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in notebook.cells}
    for question in items:
        right = rng.random() < chance(student.ability, question.difficulty)
        student.correct[question.grade_id] = right
        cell = cells[question.grade_id]
        if question.kind == "choice":
            cell.source = question.right if right else _wrong(question, rng)
        else:
            cell.source = _prose(rng, rng.randint(2, 4) if right else rng.randint(0, 1))
    if student.fault == "endless_loop":
        first = next(q for q in items if q.kind == "choice")
        cells[first.grade_id].source = "while True:\n    pass\n" + cells[first.grade_id].source
    if student.fault == "deleted_cell":
        graded = [
            c
            for c in notebook.cells
            if c.metadata.get("nbgrader", {}).get("grade")
            and not c.metadata.get("nbgrader", {}).get("solution")
        ]
        notebook.cells.remove(graded[rng.randrange(len(graded))])


def _write(notebook, path: Path, fault: str | None, rng: random.Random) -> None:
    text = nbformat.writes(notebook) + "\n"
    if fault == "invalid_json":
        text = text[: rng.randint(len(text) // 4, len(text) // 2)]
    if fault == "missing_notebook":
        path = path.with_name(f"{path.stem} (1).ipynb")
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """The command line: write the class, print one line per student."""
    parser = argparse.ArgumentParser(prog="python -m tools.synthclass", description=__doc__)
    parser.add_argument("course_dir", type=Path, help="the nbgrader course directory")
    parser.add_argument("assignment", help="a released assignment id, e.g. case_review_1")
    parser.add_argument("--students", type=int, default=200, help="default: %(default)s")
    parser.add_argument("--seed", type=int, default=1, help="default: %(default)s")
    parser.add_argument("--faulty", type=float, default=0.0, help="share of broken submissions")
    args = parser.parse_args(argv)
    try:
        students = make_class(
            args.course_dir, args.assignment, args.students, args.seed, args.faulty
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"{'student':<12}{'ability':>8}{'right':>7}  fault")
    for s in students:
        right = f"{sum(s.correct.values())}/{len(s.correct)}"
        print(f"{s.student:<12}{s.ability:>8.2f}{right:>7}  {s.fault or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
