"""Autograde several students at once, with one writer of the real gradebook.

``course grade ASSIGNMENT --workers N`` starts N long-lived worker processes. Each grades one
student at a time, exactly as the serial run does (:func:`course.grading.grade.grade_student`:
the same checks, the same bubblewrap sandbox), but into **private scratch**: its own copy of
the gradebook (SQLite, copied table by table from whatever ``db_url`` the course uses) and its
own ``autograded/`` folder, with the real ``source/`` and ``submitted/`` read only. A worker
runs nbgrader's autograde in its own process (nbgrader imported once, not once per student).

Only this parent process writes the real gradebook (SQLite is not safe under concurrent
writers, nbgrader's FAQ warns; the same rule keeps a PostgreSQL gradebook simple). When a
student is finished, the parent copies that student's rows for the assignment (submission,
notebooks, grades, comments) from the worker's gradebook into the real one in one transaction,
and the student's autograded files into the real ``autograded/``: one student at a time, in the
order of the student list, so the result does not depend on which worker was faster.

A worker that dies or passes the student's wall-clock limit is killed with everything it
started; that student is reported (``check_failed`` or ``timeout``) and scored 0 as the serial
run would, a fresh worker takes its place, and the others are graded. ``submitted/`` is never
written (the caller's integrity hashes check it).
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat

from .course_dir import CourseDir, GradingError, child_environment, kill_tree
from .results import MARK, Settings, StudentResult, SubmissionProblem, notebook_limit

GRADEBOOK = "gradebook.db"
"""The private gradebook's file name in a worker's folder."""

STILLBORN = 3
"""Workers in a row that stop before finishing any student: then the set-up is broken (a
missing package, a bad configuration) and the run stops with that error, instead of failing
every student one by one."""


# ------------------------------------------------------------------------ private scratch
def private_course(course: CourseDir, folder: Path) -> CourseDir:
    """A course directory in ``folder`` that grades like ``course`` into private places.

    Its ``nbgrader_config.py`` loads the real one, then points the gradebook at
    ``folder/gradebook.db`` and ``autograded/`` into ``folder``; ``source/`` and
    ``submitted/`` stay the real (absolute) folders, read only.
    """
    folder.mkdir(parents=True, exist_ok=True)
    real = course.nbgrader
    config = course.root / "nbgrader_config.py"
    lines = [
        "# Written by course.grading.parallel: one worker's private view of the course.",
        "c = get_config()  # noqa: F821",
        f"load_subconfig({str(config)!r})  # noqa: F821",
        f"c.CourseDirectory.root = {str(folder)!r}",
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(folder / GRADEBOOK)!r}",
        f"c.CourseDirectory.source_directory = {str(course.root / real.source_directory)!r}",
        f"c.CourseDirectory.submitted_directory = {str(course.root / real.submitted_directory)!r}",
        "c.CourseDirectory.autograded_directory = 'autograded'",
    ]
    (folder / "nbgrader_config.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    private = CourseDir(folder)
    if private.nbgrader.course_id != real.course_id:
        raise GradingError(f"the private course in {folder} did not load {config}")
    return private


def _tables() -> dict:
    from nbgrader.api import Base

    return {table.name: table for table in Base.metadata.sorted_tables}


def copy_gradebook(db_url: str, target: Path) -> None:
    """Copy every row of the gradebook at ``db_url`` into a new SQLite file ``target``."""
    from nbgrader.api import Base
    from sqlalchemy import MetaData, create_engine, inspect

    source, copy = create_engine(db_url), create_engine(f"sqlite:///{target}")
    try:
        Base.metadata.create_all(bind=copy)
        # nbgrader's migration stamp too, so that opening the copy runs no migration
        stamp = MetaData()
        if inspect(source).has_table("alembic_version"):
            stamp.reflect(bind=source, only=["alembic_version"])
            stamp.create_all(bind=copy)
        with source.connect() as read, copy.begin() as write:
            for table in [*_tables().values(), *stamp.tables.values()]:
                rows = [dict(row) for row in read.execute(table.select()).mappings()]
                if rows:
                    write.execute(table.insert(), rows)
    finally:
        source.dispose()
        copy.dispose()


def merge_student(real, private, assignment: str, course_id: str, student: str) -> None:
    """Replace ``student``'s rows for ``assignment`` in the ``real`` gradebook (an SQLAlchemy
    engine) with those in ``private``: the student, the submission, its notebooks, grades and
    comments, in one transaction. The assignment's own structure must be the same in both."""
    from sqlalchemy import select

    t = _tables()
    sub, nb, grade, comment = (
        t["submitted_assignment"],
        t["submitted_notebook"],
        t["grade"],
        t["comment"],
    )

    def assignment_id(connection) -> str:
        a = t["assignment"]
        query = select(a.c.id).where(a.c.name == assignment, a.c.course_id == course_id)
        return connection.execute(query).scalar_one()

    def rows(connection, table, column, values) -> list[dict]:
        if not values:
            return []
        query = table.select().where(column.in_(values)).order_by(table.c.id)
        return [dict(row) for row in connection.execute(query).mappings()]

    with private.connect() as read:
        aid = assignment_id(read)
        person = read.execute(t["student"].select().where(t["student"].c.id == student)).mappings()
        person = [dict(row) for row in person]
        subs = [
            dict(row)
            for row in read.execute(
                sub.select().where(sub.c.assignment_id == aid, sub.c.student_id == student)
            ).mappings()
        ]
        notebooks = rows(read, nb, nb.c.assignment_id, [s["id"] for s in subs])
        ids = [n["id"] for n in notebooks]
        grades = rows(read, grade, grade.c.notebook_id, ids)
        comments = rows(read, comment, comment.c.notebook_id, ids)
    with real.begin() as write:
        if assignment_id(write) != aid:
            raise GradingError(f"the gradebook's '{assignment}' changed while grading")
        for row in person:
            found = write.execute(
                select(t["student"].c.id).where(t["student"].c.id == student)
            ).first()
            if found:
                write.execute(
                    t["student"].update().where(t["student"].c.id == student).values(**row)
                )
            else:
                write.execute(t["student"].insert(), [row])
        old = [
            r[0]
            for r in write.execute(
                select(sub.c.id).where(sub.c.assignment_id == aid, sub.c.student_id == student)
            )
        ]
        old_notebooks = [
            r[0] for r in write.execute(select(nb.c.id).where(nb.c.assignment_id.in_(old)))
        ]
        write.execute(grade.delete().where(grade.c.notebook_id.in_(old_notebooks)))
        write.execute(comment.delete().where(comment.c.notebook_id.in_(old_notebooks)))
        write.execute(nb.delete().where(nb.c.id.in_(old_notebooks)))
        write.execute(sub.delete().where(sub.c.id.in_(old)))
        for table, new in ((sub, subs), (nb, notebooks), (grade, grades), (comment, comments)):
            if new:
                write.execute(table.insert(), new)


Marks = dict[tuple[str, str, str], "float | str | None"]
"""A student's grader-given fields: (``score`` or ``comment``, notebook, cell) -> the manual
score or the manual comment."""


def hand_marks(course: CourseDir, assignment: str, students: list[str]) -> dict[str, Marks]:
    """Each student's manual scores and comments in the real gradebook now."""
    from nbgrader.api import MissingEntry

    marks: dict[str, Marks] = {}
    with course.gradebook() as gb:
        for student in students:
            found: Marks = {}
            try:
                notebooks = gb.find_submission(assignment, student).notebooks
            except MissingEntry:
                notebooks = []
            for notebook in notebooks:
                for grade in notebook.grades:
                    found["score", notebook.name, grade.name] = grade.manual_score
                for comment in notebook.comments:
                    found["comment", notebook.name, comment.name] = comment.manual_comment
            marks[student] = found
    return marks


def put_back_marks(
    course: CourseDir, assignment: str, student: str, given: Marks, result: StudentResult
) -> None:
    """Write ``given``, marks a grader set in the real gradebook while this run was grading
    ``student`` (the worker graded from a copy taken before), back over the merged rows: a
    grader's mark is never lost to a parallel run. A comment keeps the lines this run wrote."""
    if not given:
        return
    with course.gradebook() as gb:
        for (kind, notebook, cell), value in given.items():
            if kind == "score":
                grade = gb.find_grade(cell, notebook, assignment, student)
                grade.manual_score = value
                if value is not None:
                    grade.needs_manual_grade = False
            else:
                comment = gb.find_comment(cell, notebook, assignment, student)
                ours = [x for x in (comment.manual_comment or "").splitlines() if MARK in x]
                theirs = [x for x in str(value or "").splitlines() if MARK not in x]
                comment.manual_comment = "\n".join([*theirs, *ours]) or None
            result.notes.append(f"{cell}: kept the {kind} a grader gave during this run")
        gb.db.commit()


def copy_autograded(private: CourseDir, course: CourseDir, assignment: str, student: str):
    """Move one student's autograded files from a worker's folder to the real one."""
    source = private.path("autograded", assignment, student)
    target = course.path("autograded", assignment, student)
    if target.exists():
        for path in [target, *target.rglob("*")]:  # nbgrader makes its files read-only
            with contextlib.suppress(OSError):
                path.chmod(path.stat().st_mode | 0o200)
        shutil.rmtree(target)
    if source.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, target)
        shutil.rmtree(source, ignore_errors=True)


# ------------------------------------------------------------------------------- a worker
@dataclass
class _Worker:
    """One worker process and its private course."""

    number: int
    course: CourseDir
    process: subprocess.Popen
    log: Path
    student: str | None = None
    deadline: float = 0.0
    buffer: bytes = b""
    engine: object = None
    graded: int = 0
    """Students this worker process finished."""

    def tail(self, lines: int = 6) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return " | ".join(x for x in text.splitlines()[-lines:] if x.strip())[-500:]


def _start(number: int, folder: Path, assignment: str, settings: Settings) -> subprocess.Popen:
    spec = json.dumps({"root": str(folder), "assignment": assignment, "settings": asdict(settings)})
    log = (folder / "worker.log").open("ab")
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "course.grading.worker", spec],
            cwd=folder,
            env=child_environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            start_new_session=True,
        )
    finally:
        log.close()


def student_limit(course: CourseDir, assignment: str, settings: Settings) -> float:
    """Wall-clock seconds one student may take: every notebook's nbgrader limit (as in the
    serial run), plus a clean-room re-check of every cell and a minute for the checks."""
    total = 60.0
    for notebook in course.notebooks(assignment):
        source = course.path("source", assignment) / f"{notebook}.ipynb"
        cells = len(nbformat.read(source, as_version=4).cells)
        total += notebook_limit(settings, cells) + settings.cell_timeout * (cells + 2)
    return total


# ------------------------------------------------------------------------------- the pool
def grade_in_parallel(
    course: CourseDir,
    assignment: str,
    students: list[str],
    settings: Settings,
    previous: dict[str, list[dict]],
    workers: int,
    give_up: Callable[[str, list[SubmissionProblem], bool], StudentResult],
    progress: Callable[[StudentResult], None] | None = None,
    limit: float | None = None,
) -> dict[str, StudentResult]:
    """Grade ``students`` (valid ids) with ``workers`` processes; merge each into ``course``.

    ``give_up(student, problems, autograded_only)`` records, in the real gradebook, a student
    whose worker died or ran out of time (:func:`course.grading.grade.give_up`). ``limit`` is
    each student's wall-clock limit in seconds (default: :func:`student_limit`). Returns each
    student's result; ``progress`` is called with each one once it is merged.
    """
    from sqlalchemy import create_engine

    limit = limit or student_limit(course, assignment, settings)
    scratch = Path(tempfile.mkdtemp(prefix="grading-parallel-"))
    course_id = course.nbgrader.course_id
    real = create_engine(course.db_url)
    pool: list[_Worker] = []
    finished: dict[str, StudentResult | list[SubmissionProblem]] = {}
    results: dict[str, StudentResult] = {}
    todo = deque(students)
    order = deque(students)
    selector = selectors.DefaultSelector()

    def launch(number: int) -> _Worker:
        folder = scratch / f"worker{number}"
        private = private_course(course, folder)
        process = _start(number, folder, assignment, settings)
        worker = _Worker(number, private, process, folder / "worker.log")
        worker.engine = create_engine(private.db_url)
        selector.register(process.stdout, selectors.EVENT_READ, worker)
        return worker

    def stop(worker: _Worker, gently: bool = False) -> None:
        with contextlib.suppress(KeyError, ValueError):
            selector.unregister(worker.process.stdout)
        if gently:  # no job left: the worker ends when its input ends
            with contextlib.suppress(OSError):
                worker.process.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(timeout=10)
        kill_tree(worker.process.pid)
        worker.process.wait()
        for stream in (worker.process.stdin, worker.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        worker.engine.dispose()

    def replace(worker: _Worker, problems: list[SubmissionProblem], died: bool = True) -> None:
        finished[worker.student] = problems
        stop(worker)
        if died and worker.graded == 0:  # it never finished anyone: the set-up, not a student?
            stillborn.append(worker.tail())
            if len(stillborn) >= STILLBORN:
                raise GradingError(
                    f"{STILLBORN} grading workers in a row stopped before finishing a student; "
                    f"the last one's log: {stillborn[-1]}"
                )
        else:
            stillborn.clear()
        pool[pool.index(worker)] = launch(worker.number)

    def merge_ready(force: bool = False) -> None:
        if stillborn and not force:
            return  # a broken set-up would score everyone 0: wait for a worker to finish one
        while order and order[0] in finished:
            student = order.popleft()
            outcome = finished.pop(student)
            if isinstance(outcome, list):  # the worker could not finish: record it here
                stopped = any(p.kind == "timeout" for p in outcome)
                result = give_up(student, outcome, not stopped)
            else:
                result = outcome
                worker = next(w for w in pool if w.course.root == Path(result_from[student]))
                try:
                    now = hand_marks(course, assignment, [student])[student]
                    given = {k: v for k, v in now.items() if before[student].get(k) != v}
                    merge_student(real, worker.engine, assignment, course_id, student)
                    put_back_marks(course, assignment, student, given, result)
                    copy_autograded(worker.course, course, assignment, student)
                except Exception as error:
                    detail = f"could not merge the grades into the gradebook: {error!r}"[:500]
                    problem = SubmissionProblem("check_failed", "*", detail)
                    result = give_up(student, [problem], True)
            results[student] = result
            if progress:
                progress(result)

    result_from: dict[str, str] = {}
    stillborn: list[str] = []
    try:
        # the workers start (and import nbgrader) while the gradebook is copied for them;
        # a worker replaced later keeps its folder's copy
        pool.extend(launch(number) for number in range(min(workers, len(students))))
        before = hand_marks(course, assignment, students)  # what the workers' copy holds
        copy_gradebook(course.db_url, scratch / GRADEBOOK)
        for worker in pool:
            shutil.copyfile(scratch / GRADEBOOK, worker.course.root / GRADEBOOK)
        while order:
            for worker in pool:
                if worker.student is None and todo:
                    worker.student = todo.popleft()
                    worker.deadline = time.monotonic() + limit
                    job = {"student": worker.student, "previous": previous.get(worker.student, [])}
                    try:
                        worker.process.stdin.write((json.dumps(job) + "\n").encode())
                        worker.process.stdin.flush()
                    except OSError:
                        detail = f"the grading worker could not start: {worker.tail()}"
                        replace(worker, [SubmissionProblem("check_failed", "*", detail)])
            busy = [w for w in pool if w.student is not None]
            if not busy:  # everyone dispatched is back: merge, even after a stillborn worker
                merge_ready(force=not todo)
                continue
            wait = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            for key, _ in selector.select(timeout=wait):
                worker = key.data
                chunk = os.read(worker.process.stdout.fileno(), 1 << 16)
                if not chunk:  # the worker died
                    code = worker.process.wait()
                    detail = (
                        f"the grading worker stopped (exit code {code}) while grading this "
                        f"student; autograded points set to 0. Its last log lines: {worker.tail()}"
                    )
                    replace(worker, [SubmissionProblem("check_failed", "*", detail[:700])])
                    continue
                worker.buffer += chunk
                while b"\n" in worker.buffer:
                    line, worker.buffer = worker.buffer.split(b"\n", 1)
                    answer = json.loads(line)
                    finished[answer["student"]] = StudentResult.from_json(answer["result"])
                    result_from[answer["student"]] = str(worker.course.root)
                    worker.student = None
                    worker.graded += 1
                    stillborn.clear()
            now = time.monotonic()
            for worker in [w for w in pool if w.student is not None and w.deadline <= now]:
                detail = f"grading passed its wall-clock limit of {limit:.0f} s; stopped"
                replace(
                    worker,
                    [
                        SubmissionProblem("timeout", "*", detail),
                        SubmissionProblem("not_graded", "*", "stopped before nbgrader finished"),
                    ],
                    died=False,
                )
            merge_ready()
    finally:
        for worker in pool:
            with contextlib.suppress(Exception):
                stop(worker, gently=True)
        selector.close()
        real.dispose()
        shutil.rmtree(scratch, ignore_errors=True)
    return results
