"""Drive the course as students meet it: a real JupyterLab in headless Chromium.

Used by the real-browser tests (``tests/browser/``) and ``benchmarks/browser_latency.py``. The
server runs on 127.0.0.1 with a token and its own config, runtime and settings folders, on a
*copy* of the notebooks (running a lesson in the browser must never write into the repository).
Chromium is Debian's (``/usr/bin/chromium``); Playwright only drives it.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import NOTEBOOKS, ROOT

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
"""Flags for Chromium as root on a machine whose only network is the package registries."""

# JupyterLab settings that keep pop-ups (news, update checks) off the page under test.
_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def chromium_path() -> str | None:
    """Debian's Chromium, if installed."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab serving a copy of the course's notebooks."""

    base_url: str
    token: str
    root: Path
    process: subprocess.Popen
    log: Path

    def url(self, path: str = "lab") -> str:
        """A URL on this server with the token attached."""
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}/{path}{sep}token={self.token}"

    def notebook_url(self, name: str) -> str:
        """The JupyterLab URL that opens notebook ``name`` alone (relative to the served root).

        ``reset`` discards the saved workspace, which would otherwise reopen every notebook an
        earlier tab had open.
        """
        return self.url(f"lab/tree/{name}?reset")


@contextmanager
def lab_server(workdir: Path, notebooks: Path | None = None) -> Iterator[LabServer]:
    """Start JupyterLab on a copy of ``notebooks`` in ``workdir``; stop it on exit."""
    notebooks = notebooks or NOTEBOOKS
    root = workdir / "course"
    shutil.copytree(notebooks, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = workdir / "lab-settings"
    for name, value in _SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(workdir / "config"),
        JUPYTER_RUNTIME_DIR=str(workdir / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(workdir / "workspaces"),
        COURSE_PROGRESS_FILE=str(workdir / "progress.json"),
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p),
    )
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
        f"--port={port}", f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True", "--ServerApp.allow_root=True",
    ]  # fmt: skip
    log = workdir / "jupyterlab.log"
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = LabServer(f"http://127.0.0.1:{port}", token, root, process, log)
    try:
        _wait_until_up(server, timeout=90)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(server: LabServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early; log:\n{server.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(server.url("api/status"), timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"JupyterLab did not answer in {timeout:.0f} s; log: {server.log}")


@contextmanager
def chromium(headless: bool = True) -> Iterator[Any]:
    """Launch Debian's Chromium under Playwright and yield the Browser."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=headless, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over plain http on 127.0.0.1 (a free port, Python's ``http.server`` in
    a thread), as any static host would; yields the base URL (ending in ``/``) and stops the
    server on exit. Requests are not logged."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="static-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def block_offsite(context: Any, allowed: tuple[str, ...]) -> list[str]:
    """Route every request of a Playwright browser ``context``: a URL that starts with one of
    ``allowed`` (e.g. ``"file://"``, ``"http://127.0.0.1:8000/"``) goes ahead, any other is
    aborted and recorded. Returns the list the blocked URLs are appended to, as they happen."""
    blocked: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(allowed):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort("blockedbyclient")

    context.route("**/*", route)
    return blocked


# JavaScript run in the page; JupyterLab's app is exposed as window.jupyterapp.
_KERNEL_IDLE = """() => {
  const bar = document.querySelector('#jp-main-statusbar');
  return !!bar && /\\|\\s*Idle/.test(bar.textContent);  // "Python 3 (ipykernel) | Idle"
}"""
# Outputs are read from the notebook model, not the DOM: JupyterLab renders an error
# output with the same mime type as ordinary stderr text.
_CELLS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.model.cells;
  const out = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    const outputs = [];
    for (let j = 0; j < cell.outputs.length; j++) outputs.push(cell.outputs.get(j).toJSON());
    out.push({index: i, count: cell.executionCount, outputs: outputs});
  }
  return out;
}"""
_RUN_FINISHED = """() => {
  // Finished when no cell is busy and every code cell has run, or when run-all stopped
  // at an error (JupyterLab skips the cells after a failing one).
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content) return false;
  if ([...panel.node.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('*')))
    return false;
  const cells = panel.content.model.cells;
  let all = true;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    for (let j = 0; j < cell.outputs.length; j++)
      if (cell.outputs.get(j).type === 'error') return true;
    if (!cell.executionCount) all = false;
  }
  return all;
}"""
# Count the messages the page sends the open notebook's kernel that it has not finished with
# (a widget's comm messages included: the kernel's idle status ends each). Installed once per
# page by LabPage.open; the kernel is kept as window.courseKernel.
_TRACK_KERNEL = """() => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  if (kernel.coursePending === undefined) {
    kernel.coursePending = 0;
    const send = kernel.sendShellMessage.bind(kernel);
    kernel.sendShellMessage = (...args) => {
      const future = send(...args);
      kernel.coursePending += 1;
      const finished = () => { kernel.coursePending -= 1; };
      future.done.then(finished, finished);
      return future;
    };
  }
  window.courseKernel = kernel;
}"""
_KERNEL_QUIET = """() => {
  if (!window.courseKernel) throw new Error('kernel messages are not tracked (LabPage.open)');
  return window.courseKernel.coursePending === 0;
}"""
# Wait for ``n`` animation frames: what the page changed is laid out and drawn.
_FRAMES = """(n) => new Promise(done => {
  const step = (left) => left ? requestAnimationFrame(() => step(left - 1)) : done();
  step(n);
})"""
# Scroll an element to ``block`` of the view, twice: JupyterLab lays out the cells that come into
# view only then (windowing), which shifts the page under the first scroll. After each scroll,
# wait until the element has held still for two frames.
_SCROLL_STILL = """async (el, block) => {
  const frame = () => new Promise(r => requestAnimationFrame(r));
  for (let pass = 0; pass < 2; pass++) {
    el.scrollIntoView({block: block});
    let last = null, still = 0;
    for (let f = 0; f < 300 && still < 2; f++) {
      await frame();
      const top = el.getBoundingClientRect().top;
      still = top === last ? still + 1 : 0;
      last = top;
    }
  }
}"""
_WIDGET_FAILURES = """() => [...document.querySelectorAll('.jp-OutputArea-output')]
  .map(e => e.textContent)
  .filter(t => /Error displaying widget|Model not found|Failed to load model/.test(t))
  .map(t => t.slice(0, 300))"""


class LabPage:
    """One browser tab on the lab server, with the few actions the tests need."""

    def __init__(self, page: Any, server: LabServer):
        self.page = page
        self.server = server

    def open(self, notebook: str, timeout: float = 90_000) -> None:
        """Open ``notebook`` and wait until its kernel reports Idle; from then on the messages
        the page sends that kernel are counted until answered (see :func:`settle`)."""
        self.page.goto(self.server.notebook_url(notebook))
        self.page.wait_for_selector(
            ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=timeout
        )
        self.page.wait_for_function(_KERNEL_IDLE, timeout=timeout)
        self.page.evaluate(_TRACK_KERNEL)

    def command(self, name: str, args: dict | None = None) -> Any:
        """Run a JupyterLab command by id (e.g. ``notebook:run-all-cells``) and await it."""
        return self.page.evaluate(
            "async ([name, args]) => await window.jupyterapp.commands.execute(name, args)",
            [name, args or {}],
        )

    def run_all(self, timeout: float = 240_000) -> None:
        """Run every cell and wait until none is busy and the kernel is idle again."""
        self.command("notebook:run-all-cells")
        self.page.wait_for_function(_RUN_FINISHED, timeout=timeout)
        self.page.wait_for_function(_KERNEL_IDLE, timeout=timeout)

    def cells(self) -> list[dict]:
        """The open notebook's code cells: index, execution count and outputs (nbformat JSON)."""
        return self.page.evaluate(_CELLS)

    def errors(self) -> list[str]:
        """Error outputs, tracebacks on stderr and widget-rendering failures."""
        found = []
        for cell in self.cells():
            for output in cell["outputs"]:
                if output.get("output_type") == "error":
                    found.append(f"cell {cell['index']}: {output['ename']}: {output['evalue']}")
                elif output.get("name") == "stderr" and "Traceback" in str(output.get("text")):
                    found.append(f"cell {cell['index']}: traceback on stderr")
        return found + self.page.evaluate(_WIDGET_FAILURES)

    def screenshot(self, path: Path) -> Path:
        """Save a full-page screenshot of the open notebook."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=True)
        return path


# What the page shows for one course widget: the figure's pixels (image source or canvas) and
# its text (description, cards, feedback). A control change must change one of them.
WIDGET_SHOWN = """(root) => {
  let figure = '';
  const fig = root.querySelector('.course-figure');
  if (fig) {
    const img = fig.tagName === 'IMG' ? fig : fig.querySelector('img');
    const canvas = fig.querySelector('canvas');
    if (canvas && canvas.width > 0) figure = canvas.toDataURL();
    else if (img) figure = img.src;
  }
  // everything the widget says, except the controls' own labels and read-outs
  const copy = root.cloneNode(true);
  copy.querySelectorAll('.course-control').forEach(c => c.remove());
  return figure + '\\n' + copy.textContent;
}"""

# Change one control the way a student would, whatever kind of widget it is.
CHANGE_CONTROL = """(control) => {
  const fire = (el, type) => el.dispatchEvent(new Event(type, {bubbles: true}));
  const select = control.querySelector('select');
  if (select) {
    const options = [...select.options];
    const next = options.findIndex(o => !o.selected);
    if (next < 0) return 'select has one option';
    if (select.multiple) options[next].selected = true; else select.selectedIndex = next;
    fire(select, 'change');
    return 'select';
  }
  const box = control.querySelector('input[type=checkbox]');
  if (box) { box.click(); return 'checkbox'; }
  const radio = control.querySelector('input[type=radio]:not(:checked)');
  if (radio) { radio.click(); return 'radio'; }
  const toggle = control.querySelector('button:not(.mod-active)');
  if (toggle && control.classList.contains('widget-toggle-buttons')) {
    toggle.click(); return 'toggle';
  }
  const handle = control.querySelector('.noUi-handle');
  if (handle) {
    handle.focus();
    handle.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
    handle.dispatchEvent(new KeyboardEvent('keydown', {key: 'PageUp', bubbles: true}));
    return 'slider';
  }
  const button = control.tagName === 'BUTTON' ? control : control.querySelector('button');
  if (button) { button.click(); return 'button'; }
  const text = control.querySelector('input[type=text], input:not([type])');
  if (text) {
    const list = control.querySelector('datalist');
    const n = list ? list.options.length : 0;
    text.value = n ? list.options[1 % n].value : 'x';
    fire(text, 'input'); fire(text, 'change');
    text.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
    return 'text';
  }
  return 'unknown control';
}"""
"""JavaScript ``(control) => kind``: change one course control as a student would."""


LAPTOP = {"width": 1366, "height": 900}
"""The review's laptop viewport (CSS pixels): JupyterLab at this size with its file browser open."""


def show_file_browser(page: Any) -> None:
    """Open JupyterLab's left sidebar on the file browser, as a fresh JupyterLab shows it."""
    page.evaluate(
        "async () => { await window.jupyterapp.commands.execute('filebrowser:activate');"
        " await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); }"
    )


def settle(page: Any, timeout: float = 30_000) -> None:
    """Wait until what the last event on ``page`` set off is on screen: two frames (the event's
    messages are sent), until the kernel has answered every message the page sent it (a widget
    change, a resize), then two frames more (the answer is drawn). ``timeout`` in ms.

    Waits for the condition, not for a fixed time: as short as the page allows on an idle
    machine, as long as it needs on a busy one. The page must have been opened by
    :meth:`LabPage.open`, which starts counting the kernel's messages."""
    page.evaluate(_FRAMES, 2)
    page.wait_for_function(_KERNEL_QUIET, polling="raf", timeout=timeout)
    page.evaluate(_FRAMES, 2)


def scroll_into_place(element: Any, block: str = "start") -> None:
    """Scroll a Playwright ``element`` to ``block`` (``start``, ``center``, ``end``) of the view
    and wait until it holds still there and the page has settled (:func:`settle`)."""
    element.evaluate(_SCROLL_STILL, block)
    settle(element.page)


def widget_screens(
    lab_page: LabPage, notebook: str, folder: Path, small: bool = False
) -> list[tuple[Path, str]]:
    """Run ``notebook`` with the file browser open and save a viewport-sized picture of each
    course widget, scrolled to the top of the view (``<stem>-widget<N>.png`` in ``folder``).

    Returns each picture's path with the kind of widget it shows (``painmap-where-from``, the
    suffix of its ``course-widget-…`` class). ``small`` saves 256-colour PNGs (about a third
    of the size; for pictures committed to the repository)."""
    from course.figures import WIDGET_CLASS

    lab_page.open(notebook)
    show_file_browser(lab_page.page)
    lab_page.run_all()
    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(notebook).stem
    widgets = lab_page.page.locator(f".{WIDGET_CLASS}")
    saved = []
    for index in range(widgets.count()):
        root = widgets.nth(index)
        scroll_into_place(root, "start")
        kind = root.evaluate(
            "(el, prefix) => [...el.classList].find(c => c.startsWith(prefix)) || ''",
            f"{WIDGET_CLASS}-",
        ).removeprefix(f"{WIDGET_CLASS}-")
        path = folder / f"{stem}-widget{index}.png"
        lab_page.page.screenshot(path=str(path))
        if small:
            shrink_png(path)
        saved.append((path, kind))
    return saved


def shrink_png(path: Path, colours: int = 256) -> Path:
    """Rewrite the PNG at ``path`` with a palette of ``colours`` (screenshots of JupyterLab
    hold few colours, so this keeps them legible at about a third of the bytes)."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    return path


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.browser screens OUTDIR LESSON... [--small]``: laptop-size pictures of
    each widget, one line per picture (its path, a tab, the kind of widget)."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m tools.browser")
    parser.add_argument("action", choices=["screens"])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("lessons", nargs="+", help="lesson prefixes, e.g. 01 06 08")
    parser.add_argument(
        "--small", action="store_true", help="256-colour PNGs, for pictures to commit"
    )
    args = parser.parse_args(argv)
    names = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    chosen = [n for n in names if any(n.startswith(prefix) for prefix in args.lessons)]
    with (
        tempfile.TemporaryDirectory() as work,
        lab_server(Path(work)) as server,
        chromium() as launched,
    ):
        for name in chosen:
            context = launched.new_context(viewport=LAPTOP)
            lab_page = LabPage(context.new_page(), server)
            for path, kind in widget_screens(lab_page, name, args.outdir, small=args.small):
                print(f"{path}\t{kind}")
            lab_page.command("kernelmenu:shutdown")
            context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
