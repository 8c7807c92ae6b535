"""Fixtures for the browser tests: a real Voila on a free loopback port and Debian's Chromium."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.harness import Server, chromium_page, launch_chromium, start_voila

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser

    from tests.harness import WatchedPage


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as e2e, so `-m "not e2e"` leaves them out."""
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Serve the repository through scripts/serve.py and voila.json as `make app` does."""
    tmp = tmp_path_factory.mktemp("voila")
    # The run opens some 200 pages within minutes, and Playwright closes them without the
    # browser's unload, so their kernels wait for idle culling (5 minutes): the server's own
    # cap of 30 kernels (tested in test_serve_guard.py) would turn later pages away.
    server = start_voila(tmp / "voila.log", tmp / "data", "--WorkbookVoila.max_kernels=300")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[Server]:
    """A Voila of the test's own, with an empty log, so what the test records or imports is its."""
    server = start_voila(tmp_path / "voila.log", tmp_path / "data")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch one headless Chromium for the whole run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def watched(browser: Browser, voila_server: Server) -> Iterator[WatchedPage]:
    """Give a fresh desktop-size page; at the end, fail on console errors or foreign requests."""
    with chromium_page(browser, voila_server.base_url.rstrip("/")) as page:
        yield page
        page.assert_clean()


@pytest.fixture(scope="session", autouse=True)
def screenshot_folder() -> Path:
    """Make the folder the browser tests save pictures in (build/screenshots unless told)."""
    from tests.harness import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
