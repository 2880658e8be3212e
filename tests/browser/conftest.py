"""Fixtures for the real-browser tests: one JupyterLab and one Chromium per session.

Where Debian's Chromium is missing the tests skip on a developer's machine, and fail in CI
(``CI=true``), where `make test` installs it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from tools import browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)  # a JupyterLab and Chromium per session


@pytest.fixture(scope="session")
def chromium_browser(chromium_session):
    """The process's one Chromium (``chromium_session`` in tests/conftest.py), for JupyterLab."""
    return chromium_session


@pytest.fixture(scope="session")
def lab(tmp_path_factory, chromium_browser):
    with browser.lab_server(tmp_path_factory.mktemp("lab")) as server:
        yield server


@contextlib.contextmanager
def _page(lab, chromium_browser, viewport):
    context = chromium_browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        yield browser.LabPage(page, lab)
    finally:
        # close the notebook's kernel so that 2 cores are not shared by a dozen kernels
        with contextlib.suppress(Exception):  # the page may already be gone
            page.evaluate(
                "async () => { const w = window.jupyterapp.shell.currentWidget;"
                " if (w && w.sessionContext) await w.sessionContext.shutdown(); }"
            )
        context.close()


@pytest.fixture
def lab_page(lab, chromium_browser):
    with _page(lab, chromium_browser, {"width": 1280, "height": 1000}) as page:
        yield page


@pytest.fixture
def laptop_page(lab, chromium_browser):
    """A tab at the review's laptop size (1366×900); tests open the file browser themselves."""
    with _page(lab, chromium_browser, browser.LAPTOP) as page:
        yield page


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
