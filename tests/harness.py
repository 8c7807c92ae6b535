"""Start real servers and a real Chromium for the browser tests and the benchmarks.

Everything binds to 127.0.0.1 on a free port, and everything started here is stopped here.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from backcare_widgets.views.handout import CHROMIUM_ARGS as _HANDOUT_CHROMIUM_ARGS
from backcare_widgets.views.handout import CHROMIUM_ENV, DEFAULT_CHROMIUM

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request

ROOT = Path(__file__).resolve().parent.parent
# one Chromium command line for the tests and the package's handout printer
CHROMIUM = os.environ.get(CHROMIUM_ENV, DEFAULT_CHROMIUM)
CHROMIUM_ARGS = list(_HANDOUT_CHROMIUM_ARGS)
START_PAGE = "notebooks/00_Start_here.ipynb"
#: Where the browser tests save the pictures they take: a build folder (gitignored), so a test
#: run leaves the checkout clean. `make screenshots` sets BACKCARE_SCREENSHOTS=docs/screenshots
#: to refresh the published pictures.
SCREENSHOTS = ROOT / os.environ.get("BACKCARE_SCREENSHOTS", "build/screenshots")
# the browser tests' own notebooks: rendered only when the server is told to (start_voila)
TEST_PAGES = ("tests/e2e/notebooks",)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


@dataclass
class Server:
    """A server process started by a test, with its address and log file."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    base_path: str = "/"

    @property
    def base_url(self) -> str:
        """Return the server's root URL, ending in a slash."""
        return f"http://127.0.0.1:{self.port}{self.base_path}"

    def render_url(self, notebook: str) -> str:
        """Return the Voila URL of a notebook given relative to the repository root."""
        return f"{self.base_url}voila/render/{notebook}"

    def log(self) -> str:
        """Return what the server has logged so far."""
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        """Stop the server and everything it started (its kernels are in its process group)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def wait_for_http(server: Server, path: str = "", timeout_s: float = 60.0) -> None:
    """Wait until ``server`` answers HTTP on ``path``; fail with its log if it dies or hangs."""
    deadline = time.monotonic() + timeout_s
    url = server.base_url + path
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited with {server.process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answered; the status is the caller's business
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"server did not answer {url} in {timeout_s} s:\n{server.log()}")


def start_server(
    argv: list[str],
    *,
    log_path: Path,
    port: int,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    ready_path: str = "",
    base_path: str = "/",
) -> Server:
    """Start ``argv`` in its own process group, logging to ``log_path``, and wait until ready."""
    log = log_path.open("wb")
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    server = Server(process, port, log_path, base_path)
    wait_for_http(server, ready_path)
    return server


def start_voila(
    log_path: Path,
    data_dir: Path,
    *extra_args: str,
    cwd: Path = ROOT,
    extra_pages: tuple[str, ...] = TEST_PAGES,
) -> Server:
    """Start the workbook's server as `make app` does (scripts/serve.py in ``cwd``) on a free port.

    ``extra_pages`` are folders of notebooks rendered besides the workbook's pages (the tests'
    own); ``extra_pages=()`` gives exactly what `make app` serves.
    """
    port = free_port()
    pages = [f"--WorkbookVoila.extra_page_dirs={folder}" for folder in extra_pages]
    return start_server(
        [sys.executable, str(cwd / "scripts" / "serve.py"), *pages, *extra_args],
        log_path=log_path,
        port=port,
        cwd=cwd,
        env={"PORT": str(port), "BACKCARE_DATA_DIR": str(data_dir)},
        ready_path="voila/tree",
    )


def kernel_pids(server_pid: int) -> set[int]:
    """Return the live kernel processes a server has started (zombies and leavers ignored)."""
    import psutil

    pids = set()
    for child in psutil.Process(server_pid).children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "ipykernel_launcher" in " ".join(
                child.cmdline()
            ):
                pids.add(child.pid)
        except psutil.Error:
            continue
    return pids


def check_chromium() -> None:
    """Raise with one clear line when Chromium is missing (never skip the browser tests)."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        raise RuntimeError(
            f"Chromium not found at {CHROMIUM}: install it with 'sudo apt-get install chromium' "
            "(or set BACKCARE_CHROMIUM)."
        )


def launch_chromium(playwright: Playwright) -> Browser:
    """Launch Debian's Chromium headless, with no background traffic."""
    check_chromium()
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class WatchedPage:
    """A page whose console errors and requests to other hosts are recorded."""

    page: Page
    allowed_origin: str
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location})")

    def _on_page_error(self, error: Exception) -> None:
        self.console_errors.append(f"uncaught: {error}")

    def _on_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.allowed_origin:
            self.foreign_requests.append(request.url)

    def watch(self) -> WatchedPage:
        """Start recording."""
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_page_error)
        self.page.on("request", self._on_request)
        return self

    def assert_clean(self) -> None:
        """Fail if the page logged an error or asked any host but the server for anything."""
        assert self.console_errors == [], "console errors:\n" + "\n".join(self.console_errors)
        assert self.foreign_requests == [], "requests to other hosts:\n" + "\n".join(
            self.foreign_requests
        )


def open_voila_page(page: Page, url: str, *, timeout_ms: float = 90_000) -> None:
    """Open a Voila page and wait until every cell has run and the cells are shown."""
    response = page.goto(url, timeout=timeout_ms)
    if response is not None and response.status >= 400:  # e.g. the kernel cap's busy page
        raise AssertionError(f"{url} answered {response.status}: {page.inner_text('body')[:500]}")
    wait_for_cells(page, timeout_ms=timeout_ms)


def wait_for_cells(page: Page, *, timeout_ms: float = 90_000) -> None:
    """Wait until the Voila page open in ``page`` has run every cell and shows them."""
    page.wait_for_selector("#rendered_cells", state="visible", timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('#loading') ||"
        " getComputedStyle(document.querySelector('#loading')).display === 'none'",
        timeout=timeout_ms,
    )


def assert_fits_width(page: Page) -> None:
    """Fail if the page scrolls sideways or any widget's content runs past the screen's edge."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"
    cut = page.evaluate(
        """() => [...document.querySelectorAll('.widget-html-content, .backcare-chart')]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .map(el => el.className + ' ' + Math.round(el.getBoundingClientRect().right))"""
    )
    assert cut == [], f"content runs past the screen's edge: {cut}"


def full_page_screenshot(page: Page, path: Path) -> None:
    """Save the whole Voila page: it scrolls inside a panel, which ``full_page`` alone misses.

    The viewport is stretched to the content's height for the picture, then put back.
    """
    size = page.viewport_size
    assert size is not None
    height = page.evaluate("() => document.querySelector('#rendered_cells').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    try:
        page.wait_for_timeout(300)  # let the layout settle at the new size
        page.screenshot(path=path)
    finally:
        page.set_viewport_size(size)


@contextlib.contextmanager
def chromium_page(
    browser: Browser, origin: str, *, width: int = 1280, height: int = 900
) -> Iterator[WatchedPage]:
    """Yield a watched page in a fresh browser context of the given size, then close it."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        yield WatchedPage(context.new_page(), origin).watch()
    finally:
        context.close()
