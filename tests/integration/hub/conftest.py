"""A real JupyterHub for the exchange test: one hub per module, local Unix users, a shared exchange.

What the ``hub`` fixture starts, all on 127.0.0.1 on free ports and in temporary folders:

- four local Unix users made with ``useradd`` (an instructor and three students, with random
  suffixes so that no existing account is touched; home folders mode 0700), deleted at the end;
- nbgrader's exchange: one folder, world-writable with the sticky bit (``1777``) as nbgrader's
  documentation asks, named by ``c.Exchange.root`` in a configuration folder every user's server
  reads (``JUPYTER_CONFIG_PATH``), which also enables nbgrader's ``assignment_list`` and
  ``course_list`` server extensions (and disables the formgrader for the students' servers);
- JupyterHub (PyPI) with configurable-http-proxy (npm, installed by ``make test`` under
  ``tools/hub/``), the ``NullAuthenticator`` (no login page: every request carries an API token)
  and ``LocalProcessSpawner`` (each user's server runs as that user); an admin service whose
  token starts servers and issues each user a token of their own.

Needs root (to add users; CI runs as root), configurable-http-proxy and bubblewrap (autograde's
sandbox): where one is missing the tests skip with the reason, and fail in CI.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import shutil
import site
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

from course.grading import sandbox
from course.grading.course_dir import IMPORT_ROOT, kill_tree
from tools.browser import free_port

from ..servers import require

PROXY = IMPORT_ROOT / "tools" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
"""configurable-http-proxy as ``make system`` installs it (``npm ci --prefix tools/hub``)."""

COURSE_ID = "buttock_pain"
STUDENTS = 3
START_SECONDS = 180
"""How long the hub, and then each user's server, may take to start on a busy machine."""


class HubError(RuntimeError):
    """A request to the hub or a user's server failed."""


@dataclass
class Hub:
    """A running JupyterHub: its public (proxy) address and an admin service token."""

    url: str
    admin_token: str
    exchange: Path
    home: Path
    instructor: str
    students: list[str]
    log: Path
    python: str
    """A Python interpreter every user may run (the users' servers run on it)."""
    tokens: dict[str, str] = field(default_factory=dict)

    # -- HTTP ------------------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        token: str | None = None,
        body: dict | None = None,
        params: dict[str, str] | None = None,
    ) -> tuple[int, object]:
        """Send one request to ``path`` (quoted here) under the proxy's address; (status,
        decoded JSON)."""
        url = self.url + urllib.parse.quote(path)
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", f"token {token or self.admin_token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        try:
            return status, json.loads(raw) if raw else None
        except json.JSONDecodeError:
            return status, raw.decode(errors="replace")

    def api(self, method: str, path: str, **kwargs) -> object:
        """A hub REST API call as the admin service; fails on any status but 2xx."""
        status, reply = self.request(method, f"/hub/api{path}", **kwargs)
        if not 200 <= status < 300:
            raise HubError(f"{method} /hub/api{path}: {status} {reply}\n{self.tail()}")
        return reply

    def as_user(self, user: str, method: str, path: str, **kwargs) -> tuple[int, object]:
        """A request to ``user``'s own server through the proxy, with ``user``'s token."""
        return self.request(method, f"/user/{user}{path}", token=self.tokens[user], **kwargs)

    # -- users and servers -----------------------------------------------------------------
    def issue_token(self, user: str) -> str:
        """A new API token owned by ``user`` (issued by the admin service), kept in tokens."""
        reply = self.api(
            "POST", f"/users/{user}/tokens", body={"note": "exchange test", "expires_in": 3600}
        )
        self.tokens[user] = reply["token"]
        return reply["token"]

    def start_servers(self, users: list[str]) -> None:
        """Ask the hub to start each user's server, then wait until all of them are ready."""
        for user in users:
            self.api("POST", f"/users/{user}/server")
        deadline = time.monotonic() + START_SECONDS
        waiting = set(users)
        while waiting:
            for user in sorted(waiting):
                server = self.api("GET", f"/users/{user}")["servers"].get("", {})
                if server.get("ready"):
                    waiting.discard(user)
            if waiting and time.monotonic() > deadline:
                raise HubError(f"servers of {sorted(waiting)} did not start\n{self.tail()}")
            time.sleep(0.5)

    def tail(self, characters: int = 4000) -> str:
        """The end of the hub's log (the proxy's and the users' servers' included)."""
        return self.log.read_text(errors="replace")[-characters:] if self.log.is_file() else ""


def _wait_for_hub(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HubError(f"JupyterHub exited ({process.returncode}):\n{log.read_text()[-4000:]}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url + "/hub/api/", timeout=5) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.5)
    raise HubError(f"JupyterHub did not answer in {START_SECONDS} s:\n{log.read_text()[-4000:]}")


def _add_user(name: str, homes: Path) -> None:
    subprocess.run(
        ["useradd", "--create-home", "--home-dir", str(homes / name), "--user-group",
         "--shell", "/usr/sbin/nologin", name],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    (homes / name).chmod(0o700)


def _remove_user(name: str) -> None:
    with contextlib.suppress(KeyError):
        uid = pwd.getpwnam(name).pw_uid
        left = [p for p in psutil.process_iter(["uids"]) if p.info["uids"].real == uid]
        for process in left:  # what the test started as this user and the hub left running
            kill_tree(process.pid)
        subprocess.run(["userdel", "--remove", name], capture_output=True, timeout=60)


def run_as(user: str, command: list[str]) -> subprocess.CompletedProcess:
    """Run ``command`` as the Unix user ``user`` (its own group only), from ``/``; text out."""
    account = pwd.getpwnam(user)
    return subprocess.run(
        command,
        user=account.pw_uid,
        group=account.pw_gid,
        extra_groups=[],
        cwd="/",
        capture_output=True,
        text=True,
        timeout=120,
    )


def _fails_as(user: str, command: list[str]) -> str | None:
    """Why ``command`` fails when ``user`` runs it (``None``: it succeeds)."""
    try:
        check = run_as(user, command)
    except OSError as error:  # not allowed to run it, or it does not exist
        return str(error)
    if check.returncode == 0:
        return None
    return check.stderr.strip()[-800:] or f"exit status {check.returncode} (a module is missing)"


def server_command(user: str) -> list[str]:
    """How a user's Jupyter server is started: with this Python if every user may run it;
    else with the system's Python of the same version, this environment's packages added.

    (A virtual environment whose base Python sits in root's home, as pyenv's does, cannot be
    run by another user: ``/root`` is private.)
    """
    imports = (  # found, not imported: a check that costs no start-up time
        "import importlib.util as u, sys; "
        "sys.exit(any(u.find_spec(m) is None for m in ('jupyterhub', 'nbgrader')))"
    )
    if _fails_as(user, [sys.executable, "-c", imports]) is None:
        return [sys.executable, "-m", "jupyterhub.singleuser"]
    system = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    adds = f"import site, sys; [site.addsitedir(p) for p in {site.getsitepackages()!r}]; "
    command = [str(system), "-c", adds + "from jupyterhub.singleuser import main; sys.exit(main())"]
    problem = _fails_as(user, [str(system), "-c", adds + imports])
    if problem:
        pytest.fail(
            f"a student's account can run neither {sys.executable} nor {system} with this "
            f"environment's packages (every folder above them must be readable by all):\n"
            f"{problem}",
            pytrace=False,
        )
    return command


def _write_config(
    folder: Path, hub_dir: Path, exchange: Path, plan: dict, token: str, command: list[str]
) -> Path:
    """The students' Jupyter configuration folder, and the hub's ``jupyterhub_config.py``
    (``plan``: the ports, the instructor and every user; ``token``: the admin service's;
    ``command``: what starts a user's server)."""
    shared = folder / "jupyter-config"
    shared.mkdir()
    (shared / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
    )
    extensions = {
        "nbgrader.server_extensions.assignment_list": True,
        "nbgrader.server_extensions.course_list": True,
        "nbgrader.server_extensions.formgrader": False,
    }
    (shared / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": extensions}})
    )
    settings = {
        "JupyterHub.ip": "127.0.0.1",
        "JupyterHub.port": plan["proxy_port"],
        "JupyterHub.hub_ip": "127.0.0.1",
        "JupyterHub.hub_port": plan["hub_port"],
        "JupyterHub.db_url": f"sqlite:///{hub_dir / 'jupyterhub.sqlite'}",
        "JupyterHub.cookie_secret_file": str(hub_dir / "cookie_secret"),
        "JupyterHub.pid_file": str(hub_dir / "jupyterhub.pid"),
        "JupyterHub.authenticator_class": "null",
        "JupyterHub.spawner_class": "localprocess",
        # a server start answers at once (202) and the test polls: the starts overlap
        "JupyterHub.tornado_settings": {"slow_spawn_timeout": 0},
        "JupyterHub.services": [{"name": "course-tests", "api_token": token}],
        "JupyterHub.load_roles": [
            {
                "name": "course-tests",
                "scopes": ["admin:users", "admin:servers", "tokens", "list:users"],
                "services": ["course-tests"],
            }
        ],
        "Authenticator.allowed_users": sorted(plan["all"]),
        "Authenticator.admin_users": [plan["instructor"]],
        "ConfigurableHTTPProxy.command": [str(PROXY)],
        "ConfigurableHTTPProxy.api_url": f"http://127.0.0.1:{plan['api_port']}",
        "ConfigurableHTTPProxy.pid_file": str(hub_dir / "proxy.pid"),
        "Spawner.cmd": command,
        "Spawner.ip": "127.0.0.1",
        "Spawner.notebook_dir": "~",
        "Spawner.default_url": "/lab",
        "Spawner.start_timeout": START_SECONDS,
        "Spawner.http_timeout": START_SECONDS,
        "Spawner.environment": {"JUPYTER_CONFIG_PATH": str(shared)},
    }
    lines = ["c = get_config()  # noqa: F821"]
    lines += [f"c.{name} = {value!r}" for name, value in settings.items()]
    config = hub_dir / "jupyterhub_config.py"
    config.write_text("\n".join(lines) + "\n")
    return config


@contextlib.contextmanager
def hub_server() -> Iterator[Hub]:
    """Start the hub described in this module's docstring; stop it and remove all it made."""
    if os.geteuid() != 0:
        require("the JupyterHub test adds local Unix users, so it runs as root only")
    if shutil.which("useradd") is None:
        require("useradd is missing (Debian's passwd package)")
    if not PROXY.is_file():
        require(f"configurable-http-proxy is not installed at {PROXY} (make system)")
    if not sandbox.available():
        require("bubblewrap is not installed, so autograde cannot run (make system)")
    folder = Path(tempfile.mkdtemp(prefix="course-hub-"))
    folder.chmod(0o755)  # the users' servers read the shared configuration under it
    homes, hub_dir, exchange = folder / "home", folder / "hub", folder / "exchange"
    for made in (homes, hub_dir, exchange):
        made.mkdir(mode=0o755)
    hub_dir.chmod(0o700)  # the cookie secret and the hub's database: root's alone
    exchange.chmod(0o1777)
    suffix = secrets.token_hex(3)
    instructor = f"bpc-teach-{suffix}"
    students = [f"bpc-stu{n}-{suffix}" for n in range(1, STUDENTS + 1)]
    made_users: list[str] = []
    process = None
    log = folder / "hub.log"
    try:
        for user in (instructor, *students):
            _add_user(user, homes)
            made_users.append(user)
        command = server_command(students[0])
        token = secrets.token_hex(32)
        plan = {
            "proxy_port": free_port(),
            "hub_port": free_port(),
            "api_port": free_port(),
            "instructor": instructor,
            "all": [instructor, *students],
        }
        config = _write_config(folder, hub_dir, exchange, plan, token, command)
        env = {**os.environ, "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(32)}
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
                cwd=hub_dir,
                env=env,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        url = f"http://127.0.0.1:{plan['proxy_port']}"
        _wait_for_hub(url, process, log)
        yield Hub(url, token, exchange, homes, instructor, students, log, command[0])
    finally:
        if process is not None:
            process.terminate()  # the hub stops the users' servers and the proxy it started
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                kill_tree(process.pid)
        for user in made_users:
            _remove_user(user)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def hub() -> Iterator[Hub]:
    with hub_server() as running:
        yield running
