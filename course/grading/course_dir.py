"""The nbgrader course directory the instructor works in, and nbgrader's real CLI run inside it.

Every verb of :mod:`course.grading` acts on one course directory: the folder holding
``nbgrader_config.py``, ``source/``, ``release/``, ``submitted/``, ``autograded/``, ``feedback/``
and the gradebook. Paths and the gradebook address (``db_url``: SQLite by default, PostgreSQL for
a large course) come from nbgrader's own configuration, so this module never guesses them.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory

IMPORT_ROOT = Path(__file__).resolve().parents[2]
"""The folder this ``course`` package is imported from: nbgrader's kernels get it first on their
path so that they grade with this copy of the course."""
DEFAULT_COURSE_DIR = IMPORT_ROOT / "notebooks" / "assignments"
"""The course directory shipped beside the package in a checkout (assignment sources only)."""


class GradingError(RuntimeError):
    """A grading step could not run at all (as opposed to one student's submission failing)."""


STUDENT_ID = re.compile(r"[^\W_][\w.@-]{0,99}")
"""A valid student id: a letter or digit, then letters, digits, ``_ . @ -`` (100 at most)."""


def student_id_problem(student: str) -> str | None:
    """Why ``student`` is not a safe student id (``None`` when it is one).

    Ids name folders and are passed to nbgrader's ``--student`` (a glob there), so a leading
    dot, ``..``, a path separator, glob characters (``* ? [ ] { } !``), spaces, the exchange's
    ``+`` separator and text that Unicode NFC normalisation would change are all refused.
    """
    if unicodedata.normalize("NFC", student) != student:
        return "is not in Unicode normal form (NFC)"
    if student.startswith("."):
        return "starts with a dot (a hidden folder)"
    if ".." in student:
        return "contains '..'"
    if not STUDENT_ID.fullmatch(student):
        return (
            "may hold only letters, digits, '_', '.', '@' and '-', starting with a letter or digit"
        )
    return None


def check_student(student: str) -> str:
    """``student`` if it is a valid id; otherwise a :class:`GradingError` saying why."""
    problem = student_id_problem(student)
    if problem:
        raise GradingError(f"student id {student!r} {problem}")
    return student


@dataclass(frozen=True)
class Run:
    """What one nbgrader command did: its arguments, exit code and combined log."""

    args: tuple[str, ...]
    returncode: int
    log: str
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


class CourseDir:
    """One nbgrader course directory, with nbgrader's own idea of its paths and gradebook."""

    def __init__(self, root: Path | str = DEFAULT_COURSE_DIR):
        self.root = Path(root).resolve()
        if not (self.root / "nbgrader_config.py").is_file():
            raise GradingError(
                f"{self.root} is not an nbgrader course directory: it has no nbgrader_config.py"
            )
        self._coursedir = None

    # -- nbgrader's configuration -------------------------------------------------------------
    @property
    def nbgrader(self) -> CourseDirectory:
        """nbgrader's ``CourseDirectory`` built from this folder's ``nbgrader_config.py``."""
        if self._coursedir is None:
            from nbgrader.coursedir import CourseDirectory
            from traitlets.config.loader import PyFileConfigLoader

            config = PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()
            coursedir = CourseDirectory(config=config)
            coursedir.root = str(self.root)
            self._coursedir = coursedir
        return self._coursedir

    @property
    def db_url(self) -> str:
        """The gradebook address: ``sqlite:///.../gradebook.db`` unless the config names another."""
        return self.nbgrader.db_url

    def gradebook(self) -> Gradebook:
        """nbgrader's gradebook API, to use as a context manager.

        A gradebook that cannot be opened (a PostgreSQL server that is down or refuses the
        login, a missing database driver) raises a :class:`GradingError` that names the
        address, password hidden.
        """
        from nbgrader.api import Gradebook
        from sqlalchemy.exc import OperationalError

        scripts_on_path()  # nbgrader runs `alembic` by name when it creates a gradebook
        try:
            return Gradebook(self.db_url, self.nbgrader.course_id)
        except ModuleNotFoundError as missing:
            raise GradingError(
                f"the gradebook at {shown_url(self.db_url)} needs the database driver "
                f"'{missing.name}', which is not installed (for PostgreSQL: "
                "pip install 'psycopg[binary]')"
            ) from missing
        except OperationalError as error:
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            raise GradingError(
                f"cannot open the gradebook at {shown_url(self.db_url)}: {reason} "
                f"(c.CourseDirectory.db_url in {self.root / 'nbgrader_config.py'})"
            ) from error

    def path(self, step: str, assignment: str, student: str = ".") -> Path:
        """The folder of one ``step`` (``source``, ``release``, ``submitted``, ``autograded``,
        ``feedback``) for one assignment and student, as nbgrader lays it out."""
        folder = getattr(self.nbgrader, f"{step}_directory")
        return Path(self.nbgrader.format_path(folder, student, assignment))

    # -- what exists ---------------------------------------------------------------------------
    def assignments(self) -> list[str]:
        """The assignment ids with a source folder."""
        source = self.root / self.nbgrader.source_directory
        return sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []

    def check_assignment(self, assignment: str) -> None:
        """Raise a clear error naming the valid assignments if ``assignment`` is not one."""
        valid = self.assignments()
        if assignment not in valid:
            from ..loading import suggest

            raise GradingError(f"unknown assignment '{assignment}'; {suggest(assignment, valid)}")

    def notebooks(self, assignment: str) -> list[str]:
        """The notebook names (without ``.ipynb``) of an assignment, from its source folder."""
        return sorted(p.stem for p in self.path("source", assignment).glob("*.ipynb"))

    def students(self, assignment: str) -> list[str]:
        """The valid student ids with a folder for ``assignment`` under ``submitted/``."""
        return [s for s in self.submitters(assignment) if student_id_problem(s) is None]

    def submitters(self, assignment: str) -> list[str]:
        """Every name under ``submitted/`` with an entry for ``assignment``, valid id or not
        (hidden names and links included, so that none is silently left out)."""
        top = self.root / self.nbgrader.submitted_directory
        if not top.is_dir():
            return []
        return sorted(
            p.name
            for p in top.iterdir()
            if (p / assignment).is_dir() or (p / assignment).is_symlink()
        )

    # -- nbgrader's CLI ------------------------------------------------------------------------
    def run(self, *args: str, timeout: float | None = None) -> Run:
        """Run ``nbgrader <args>`` in this folder, as the instructor would type it.

        The child sees this checkout's ``course`` package first on its path and the virtual
        environment's ``bin`` (nbgrader calls ``alembic`` by name). A run longer than
        ``timeout`` seconds is killed with its whole process group, kernels included.
        """
        command = (sys.executable, "-m", "nbgrader", *args)
        process = subprocess.Popen(
            command,
            cwd=self.root,
            env=child_environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            log, _ = process.communicate(timeout=timeout)
            return Run(tuple(args), process.returncode, log)
        except subprocess.TimeoutExpired:
            kill_tree(process.pid)
            log, _ = process.communicate()
            return Run(tuple(args), -9, log or "", timed_out=True)


def shown_url(db_url: str) -> str:
    """A gradebook address fit to print: its password, if any, replaced by ``***``."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(db_url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can parse: show its scheme only
        return db_url.split(":", 1)[0] + ":..."


def scripts_on_path() -> None:
    """Put this interpreter's scripts folder (the virtual environment's ``bin``) first on this
    process's ``PATH`` when it is not there: nbgrader starts the ``alembic`` command by name
    when it creates a gradebook, and ``.venv/bin/course`` run without activating the
    environment would not find it."""
    scripts = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if scripts not in parts:
        os.environ["PATH"] = os.pathsep.join([scripts, *[p for p in parts if p]])


def child_environment() -> dict[str, str]:
    """The environment of a grading child process: this checkout's ``course`` package first
    on its path, the virtual environment's ``bin`` first on ``PATH``."""
    env = dict(os.environ)
    paths = (str(IMPORT_ROOT), env.get("PYTHONPATH"))
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    env["PATH"] = os.pathsep.join((str(Path(sys.executable).parent), env.get("PATH", "")))
    return env


def kill_tree(pid: int) -> None:
    """Kill a process and everything it started, kernels included.

    Jupyter starts each kernel in a session of its own, so killing nbgrader's process group
    alone would leave a looping kernel behind; the descendants are found first, then killed.
    """
    import psutil

    try:
        parent = psutil.Process(pid)
        family = [*parent.children(recursive=True), parent]
    except psutil.NoSuchProcess:
        return
    for member in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            member.send_signal(signal.SIGKILL)
    psutil.wait_procs(family, timeout=10)
