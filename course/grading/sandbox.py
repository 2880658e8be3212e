"""Run a student's notebook in a bubblewrap sandbox: the only place student code ever runs.

nbgrader's ``autograde`` runs in the trusted parent, with the real course directory and
gradebook, exactly as nbgrader ships it, except that its ``Execute`` step is
:class:`SandboxedExecute`: the notebook to execute (student cells plus the tests nbgrader put
back) is sent to a worker started under ``bwrap`` and the executed notebook is read back. The
worker, its kernel and anything they start:

- see a fresh private folder (``/sandbox``) holding only the student's own submitted files,
  and read-only system, Python and ``course`` package folders; never the course directory,
  the gradebook, ``nbgrader_config.py``, ``source/``, the rubrics or another submission;
- run as ``nobody`` (uid 65534) without capabilities (``setpriv`` when the grader is root,
  ``bwrap --unshare-user`` otherwise), with ``no_new_privs``;
- have no network (a new network namespace with only loopback), their own pid, IPC and UTS
  namespaces, and a new session (no terminal injection);
- run under ``prlimit`` limits on memory, CPU time, processes, file size and open files;
- die together: ``bwrap --die-with-parent`` and the pid namespace end every process when the
  worker ends or the parent kills it, detached ones included.

The parent takes only the outputs and execution counts back, cell by cell, onto the notebook it
sent, so a worker cannot change a cell's source or metadata, and reads at most
``max_result_bytes`` of the worker's reply.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..notebooks import ROOT

NOBODY = 65534
"""The uid and gid student code runs as (Debian's ``nobody``/``nogroup``)."""

MISSING = (
    "bubblewrap (bwrap) is not installed, so student code cannot be run in a sandbox. "
    "Install it (Debian/Ubuntu: `sudo apt-get install bubblewrap`; `make test` does it when run "
    "as root) or, only for submissions you trust, pass --unsafe-no-sandbox."
)


class SandboxError(RuntimeError):
    """The sandbox could not run or gave back something unusable."""


@dataclass(frozen=True)
class Limits:
    """Resource limits for one sandboxed execution."""

    memory_bytes: int = 4 * 1024**3
    """Address space per process (``RLIMIT_AS``), bytes."""
    cpu_seconds: int = 600
    """CPU time per process (``RLIMIT_CPU``), seconds."""
    processes: int = 256
    """Processes and threads of the sandbox user (``RLIMIT_NPROC``)."""
    file_bytes: int = 64 * 1024**2
    """Largest file a sandboxed process may write (``RLIMIT_FSIZE``), bytes."""
    open_files: int = 1024
    """Open file descriptors per process (``RLIMIT_NOFILE``)."""
    max_result_bytes: int = 256 * 1024**2
    """Most bytes of executed notebook read back from the worker."""


def available() -> bool:
    """Is bubblewrap installed (and, as root, ``setpriv`` to drop to nobody)?"""
    return shutil.which("bwrap") is not None and (
        os.geteuid() != 0 or shutil.which("setpriv") is not None
    )


def _python_folders() -> list[Path]:
    """Folders the worker needs read-only: the interpreter, the venv and their libraries."""
    folders = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix)}
    folders.add(Path(os.path.realpath(sys.executable)).parent.parent)
    return sorted(f for f in folders if not _is_system(f))


def _is_system(path: Path) -> bool:
    return path == Path("/usr") or Path("/usr") in path.parents


def command(folder: Path, limits: Limits, cwd: str = "/sandbox") -> list[str]:
    """The ``bwrap`` command line that runs the worker with ``folder`` as its only writable
    place (seen as ``cwd``)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxError(MISSING)
    args = [
        bwrap,
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        "--ro-bind",
        "/usr",
        "/usr",
    ]
    for name in ("bin", "lib", "lib64", "lib32", "sbin"):
        top = Path("/") / name
        if top.is_symlink():
            args += ["--symlink", os.readlink(top), str(top)]
        elif top.is_dir():
            args += ["--ro-bind", str(top), str(top)]
    for name in ("ld.so.cache", "localtime", "nsswitch.conf", "passwd", "group", "alternatives"):
        path = Path("/etc") / name
        if path.exists():
            args += ["--ro-bind", str(path), str(path)]
    shown: set[Path] = set()
    # The course package (and its built assets, where they live outside it): what a student
    # already has. Never the rest of the repository: it holds the assignment sources.
    mounts = [*_python_folders(), *(p for p in (ROOT / "course", ROOT / "assets") if p.is_dir())]
    for mount in mounts:
        for parent in reversed(mount.parents):
            if parent != Path("/") and parent not in shown and not _is_system(parent):
                args += ["--perms", "0755", "--dir", str(parent)]
                shown.add(parent)
        args += ["--ro-bind", str(mount), str(mount)]
    args += [
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--tmpfs",
        "/tmp",
        "--bind",
        str(folder),
        cwd,
        "--chdir",
        cwd,
        "--clearenv",
    ]
    env = {
        "HOME": cwd,
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "LANG": "C.UTF-8",
        "MPLBACKEND": "agg",
        "MPLCONFIGDIR": f"{cwd}/.matplotlib",
        "IPYTHONDIR": f"{cwd}/.ipython",
        "JUPYTER_RUNTIME_DIR": f"{cwd}/.runtime",
        "JUPYTER_PLATFORM_DIRS": "1",
        "NBGRADER_EXECUTION": "autograde",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    for key, value in env.items():
        args += ["--setenv", key, value]
    if os.geteuid() == 0:
        drop = [
            shutil.which("setpriv") or "setpriv",
            f"--reuid={NOBODY}",
            f"--regid={NOBODY}",
            "--clear-groups",
            "--no-new-privs",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--",
        ]
    else:
        args[1:1] = ["--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY)]
        drop = []
    prlimit = [
        shutil.which("prlimit") or "prlimit",
        f"--as={limits.memory_bytes}",
        f"--cpu={limits.cpu_seconds}",
        f"--nproc={limits.processes}",
        f"--fsize={limits.file_bytes}",
        f"--nofile={limits.open_files}",
        "--core=0",
        "--",
    ]
    return [
        *args,
        "--",
        *drop,
        *prlimit,
        sys.executable,
        "-I",
        "-c",
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from course.grading.sandbox import worker; worker()",
        str(ROOT),
    ]


def execute(
    notebook: dict,
    settings: dict,
    files: Path | None,
    limits: Limits,
    wall_seconds: float,
) -> tuple[dict, str]:
    """Execute ``notebook`` (nbformat JSON) in a fresh sandbox; return it executed and the log.

    ``settings`` are nbgrader ``Execute`` trait values (timeout, retries...); ``files`` a folder
    whose regular files (the student's own, no links) are copied into the sandbox first. The
    run is killed, whole, after ``wall_seconds``.
    """
    with tempfile.TemporaryDirectory(prefix="course-sandbox-") as scratch:
        folder = Path(scratch)
        if files is not None and files.is_dir():
            for path in files.rglob("*"):
                if path.is_symlink() or not path.is_file() or path.suffix == ".ipynb":
                    continue
                target = folder / path.relative_to(files)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        if os.geteuid() == 0:
            for path in [folder, *folder.rglob("*")]:
                os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
        request = json.dumps({"notebook": notebook, "settings": settings}).encode()
        process = subprocess.Popen(
            command(folder, limits),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            out, err = process.communicate(request, timeout=wall_seconds)
        except subprocess.TimeoutExpired:
            _kill(process)
            limit = f"the sandboxed run passed its {wall_seconds:g} s limit; stopped"
            raise SandboxError(limit) from None
        log = err.decode("utf-8", errors="replace")[-4000:]
        if len(out) > limits.max_result_bytes:
            raise SandboxError(f"the sandbox returned {len(out):,} bytes; over the limit")
        if process.returncode != 0:
            raise SandboxError(f"the sandboxed run failed (exit {process.returncode}): {log}")
        try:
            return json.loads(out), log
        except (json.JSONDecodeError, RecursionError, UnicodeDecodeError) as error:
            raise SandboxError(f"the sandbox returned no readable notebook: {error}") from None


def _kill(process: subprocess.Popen) -> None:
    """Kill bwrap; its pid namespace takes every sandboxed process with it."""
    import contextlib
    import signal

    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def merge_outputs(sent, executed: dict) -> None:
    """Copy outputs and execution counts from the worker's reply onto the notebook sent.

    Cell sources and metadata stay the parent's; a reply with another number of cells, or
    cells that are not JSON objects, is refused.
    """
    cells = executed.get("cells") if isinstance(executed, dict) else None
    if not isinstance(cells, list) or len(cells) != len(sent.cells):
        raise SandboxError("the sandbox returned a notebook with a different number of cells")
    from nbformat import from_dict

    for mine, theirs in zip(sent.cells, cells, strict=True):
        if not isinstance(theirs, dict):
            raise SandboxError("the sandbox returned a cell that is not an object")
        if mine.cell_type != "code":
            continue
        outputs = theirs.get("outputs", [])
        if not isinstance(outputs, list) or not all(isinstance(o, dict) for o in outputs):
            raise SandboxError("the sandbox returned outputs that are not a list of objects")
        mine.outputs = [from_dict(o) for o in outputs]
        count = theirs.get("execution_count")
        mine.execution_count = count if isinstance(count, int) else None


# ------------------------------------------------------------------------- inside the sandbox
def worker() -> None:
    """Read ``{"notebook", "settings"}`` JSON on stdin, execute it with nbgrader's own
    ``Execute``, write the executed notebook JSON to stdout. Runs inside the sandbox only."""
    import ctypes

    # Not dumpable: student code (same uid) cannot open /proc/<this>/fd or ptrace this process.
    ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    # The reply and error channels are private (close-on-exec) copies: the kernel and anything
    # it starts inherit /dev/null as stdin, stdout and stderr.
    reply, errors = os.dup(1), os.dup(2)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 1)
    os.dup2(null, 2)
    sys.stdout = sys.stderr = os.fdopen(errors, "w", buffering=1)
    request = json.loads(sys.stdin.buffer.read())
    os.dup2(null, 0)
    import nbformat
    from nbgrader.preprocessors import Execute

    for name in (".runtime", ".ipython", ".matplotlib"):
        Path(name).mkdir(exist_ok=True)
    notebook = nbformat.from_dict(request["notebook"])
    execute = Execute(**request["settings"])
    notebook, _ = execute.preprocess(notebook, {"metadata": {"path": os.getcwd()}})
    data = json.dumps(notebook).encode()
    with os.fdopen(reply, "wb") as out:
        out.write(data)
