"""Real servers for the integration tests: PostgreSQL from Debian's package, and what they share.

Each server runs on 127.0.0.1 on a free port, in a temporary folder of its own, and is stopped
and deleted when its context ends; no system service is used (``make test`` installs the
packages but never starts Debian's own cluster). What a test needs from the machine and does
not find makes it fail in CI (``CI=true``, where ``make test`` installs it) and skip elsewhere,
with the reason and the install command (:func:`require`).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from tools.browser import free_port

POSTGRES_BINARIES = "/usr/lib/postgresql/*/bin"
"""Where Debian's ``postgresql`` package puts ``initdb``, ``pg_ctl`` and ``postgres`` (one folder
per major version; not on ``PATH``)."""

POSTGRES_USER = "postgres"
"""The system user PostgreSQL runs as when the tests run as root (the server refuses root)."""


def in_ci() -> bool:
    """Whether this is a CI run (``CI`` set to anything but empty, ``0`` or ``false``)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def require(reason: str) -> NoReturn:
    """Stop the test: fail in CI, where ``make test`` provides everything; skip elsewhere."""
    if in_ci():
        pytest.fail(f"CI needs this: {reason}", pytrace=False)
    pytest.skip(reason)


def postgres_bin() -> Path | None:
    """The newest PostgreSQL server's ``bin`` folder from Debian's package, if installed."""
    found = [p for p in Path("/").glob(POSTGRES_BINARIES.lstrip("/")) if (p / "initdb").is_file()]
    return max(found, key=lambda p: _version(p.parent.name)) if found else None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


@dataclass(frozen=True)
class Postgres:
    """A running PostgreSQL server: where it listens and who may log in (password auth)."""

    host: str
    port: int
    user: str
    password: str
    bin: Path
    data: Path

    def url(self, database: str) -> str:
        """The SQLAlchemy address of ``database`` (``postgresql://``: SQLAlchemy 2.1 opens it
        with psycopg 3), as ``c.CourseDirectory.db_url`` takes it."""
        return f"postgresql://{self.user}:{self.password}@{self.host}:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create an empty database ``name``; return its address."""
        self._client("createdb", name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop ``name`` (closing anything still connected to it)."""
        self._client("dropdb", "--force", "--if-exists", name)

    def _client(self, program: str, *args: str) -> None:
        env = {**os.environ, "PGPASSWORD": self.password}
        where = ("-h", self.host, "-p", str(self.port), "-U", self.user)
        done = subprocess.run(
            [str(self.bin / program), *where, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode:
            raise RuntimeError(f"{program} {' '.join(args)} failed: {done.stderr.strip()}")


@contextlib.contextmanager
def postgres_server() -> Iterator[Postgres]:
    """Start a throw-away PostgreSQL server; stop it and delete its data when the block ends.

    ``initdb`` makes a cluster in a fresh temporary folder with one password-protected superuser
    (``scram-sha-256`` over TCP), and ``pg_ctl`` starts it on 127.0.0.1 on a free port with its
    Unix socket in that folder. As root, both run as the ``postgres`` system user. Durability is
    switched off (``fsync``, ``synchronous_commit``, ``full_page_writes``): the data is thrown
    away, and the tests wait less on the disk; what a client sees is unchanged.
    """
    bin_folder = postgres_bin()
    if bin_folder is None:
        require(
            "PostgreSQL's server is not installed (apt-get install postgresql; `make test` does)"
        )
    as_root = os.geteuid() == 0
    if as_root:
        try:
            account = pwd.getpwnam(POSTGRES_USER)
        except KeyError:
            require(f"no '{POSTGRES_USER}' system user to run PostgreSQL as (reinstall postgresql)")
        run_as = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
    else:
        run_as = {}
    folder = Path(tempfile.mkdtemp(prefix="course-postgres-"))
    password = secrets.token_urlsafe(16)
    (folder / "password").write_text(password + "\n")
    if as_root:
        for path in (folder, folder / "password"):
            os.chown(path, account.pw_uid, account.pw_gid)

    def run(*command: str | Path) -> None:
        done = subprocess.run(
            [str(c) for c in command],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
            **run_as,
        )
        if done.returncode:
            log = folder / "server.log"
            tail = log.read_text()[-2000:] if log.is_file() else ""
            raise RuntimeError(
                f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr}{tail}"
            )

    data = folder / "data"
    server = Postgres("127.0.0.1", 0, "course", password, bin_folder, data)
    started = False
    try:
        run(
            bin_folder / "initdb",
            "-D",
            data,
            "-U",
            server.user,
            "--pwfile",
            folder / "password",
            "--auth-host=scram-sha-256",
            "--auth-local=peer",
            "--encoding=UTF8",
            "--no-instructions",
        )
        for _attempt in range(3):  # another process may take the free port before we bind it
            port = free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off"
            )
            try:
                run(bin_folder / "pg_ctl", "-D", data, "-o", options, "-l", "server.log", "start")
            except RuntimeError:
                if "could not bind" not in (folder / "server.log").read_text():
                    raise
                continue
            started = True
            server = Postgres("127.0.0.1", port, server.user, password, bin_folder, data)
            break
        else:
            raise RuntimeError("PostgreSQL found no free port in three tries")
        yield server
    finally:
        if started:
            run(bin_folder / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)
