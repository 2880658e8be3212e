"""Run a student's kernel in a bubblewrap sandbox: the only place student code ever runs.

nbgrader's ``autograde`` runs in the trusted parent, with the real course directory and
gradebook, exactly as nbgrader ships it, including its ``Execute`` step; only the kernel that
``Execute`` starts is different (:class:`SandboxedKernelManager`, used by
:class:`course.grading.preprocessors.SandboxedExecute`). It is started under ``bwrap`` and
talks to nbgrader over Unix sockets in its own folder. The kernel and anything it starts:

- see a fresh private folder holding only the student's own submitted files (and the
  connection file), and read-only system, Python and ``course`` package folders; never the
  course directory, the gradebook, ``nbgrader_config.py``, ``source/``, the rubrics or another
  submission;
- run as ``nobody`` (uid 65534) without capabilities (``setpriv`` when the grader is root,
  ``bwrap --unshare-user`` otherwise), with ``no_new_privs``;
- have no network (a new network namespace with only loopback), their own pid, IPC and UTS
  namespaces, and a new session (no terminal injection);
- run under ``prlimit`` limits on memory, CPU time, processes, file size and open files;
- die together: when nbgrader shuts the kernel down or kills it, ``bwrap`` goes, and with it
  the pid namespace and every process in it, detached ones included (``--die-with-parent``).

nbgrader reads the kernel's replies and alone scores them and writes the gradebook.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .course_dir import IMPORT_ROOT as ROOT

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


def command(folder: Path, limits: Limits) -> list[str]:
    """The ``bwrap``/``setpriv``/``prlimit`` prefix that runs a command with ``folder`` (seen at
    the same path, also the working folder) as its only writable place."""
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
    args += ["--perms", "0755", "--dir", "/etc"]
    for name in ("ld.so.cache", "localtime", "nsswitch.conf", "passwd", "group", "fonts"):
        path = Path("/etc") / name
        if path.exists():
            args += ["--ro-bind", str(path), str(path)]
    args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    shown: set[Path] = set()
    # The course package (and its built assets, where they live outside it): what a student
    # already has. Never the rest of the repository: it holds the assignment sources.
    course = (p for p in (ROOT / "course", ROOT / "assets") if p.is_dir())
    for mount, how in [
        *((m, "--ro-bind") for m in (*_python_folders(), *course)),
        (folder, "--bind"),
    ]:
        for parent in reversed(mount.parents):
            if parent != Path("/") and parent not in shown and not _is_system(parent):
                args += ["--perms", "0755", "--dir", str(parent)]
                shown.add(parent)
        args += [how, str(mount), str(mount)]
    args += ["--chdir", str(folder), "--clearenv"]
    env = {
        "HOME": str(folder),
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "LANG": "C.UTF-8",
        "MPLBACKEND": "agg",
        "MPLCONFIGDIR": f"{folder}/.matplotlib",
        "IPYTHONDIR": f"{folder}/.ipython",
        "JUPYTER_RUNTIME_DIR": f"{folder}/.runtime",
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
    return [*args, "--", *drop, *prlimit]


def prepare(files: Path | None) -> Path:
    """A fresh private folder for one kernel, holding copies of the regular files under
    ``files`` (the student's own: links and notebooks are left out), owned by the sandbox
    user. The caller removes it (:func:`remove`)."""
    folder = Path(tempfile.mkdtemp(prefix="grading-sandbox-"))
    if files is not None and files.is_dir():
        for path in files.rglob("*"):
            if path.is_symlink() or not path.is_file() or path.suffix == ".ipynb":
                continue
            target = folder / path.relative_to(files)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    for name in (".runtime", ".ipython", ".matplotlib"):
        (folder / name).mkdir(exist_ok=True)
    own(folder)
    return folder


def own(folder: Path) -> None:
    """Give ``folder`` and everything in it to the sandbox user (when the grader is root)."""
    if os.geteuid() == 0:
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, NOBODY, NOBODY, follow_symlinks=False)


def remove(folder: Path) -> None:
    """Delete a sandbox folder and whatever the student's code left in it."""
    shutil.rmtree(folder, ignore_errors=True)


def kernel_manager(folder: Path, limits: Limits) -> type:
    """A Jupyter kernel manager class that starts its kernel in the sandbox of ``folder``,
    reached over Unix sockets there, interrupted by message (a signal cannot cross into the
    sandbox's session)."""
    from jupyter_client.manager import AsyncKernelManager

    class SandboxedKernelManager(AsyncKernelManager):
        """A kernel that runs as nobody in bubblewrap (see :mod:`course.grading.sandbox`)."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = str(folder / "kernel")
            self.connection_file = str(folder / ".runtime" / "kernel.json")

        def format_kernel_cmd(self, extra_arguments=None):
            if self.kernel_spec is not None:
                self.kernel_spec.interrupt_mode = "message"
            return [*command(folder, limits), *super().format_kernel_cmd(extra_arguments)]

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            own(folder)
            kw["cwd"] = str(folder)
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return SandboxedKernelManager
