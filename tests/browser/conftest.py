"""Fixtures for the real-browser tests: one JupyterLab and one Chromium per session.

Where Debian's Chromium is missing the tests skip on a developer's machine, and fail in CI
(``CI=true``), where `make test` installs it.
"""

from __future__ import annotations

import contextlib
import os
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
def chromium_browser():
    if browser.chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Debian's chromium for the browser tests (make browser)")
        pytest.skip("Debian's chromium is not installed; run `make browser`")
    with browser.chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def lab(tmp_path_factory, chromium_browser):
    with browser.lab_server(tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture
def lab_page(lab, chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 1000})
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


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
