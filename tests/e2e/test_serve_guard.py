"""The standalone app answers this computer only, starts no kernel for another site, and stops.

Every server here is started as `make app` starts it (scripts/serve.py, voila.json), on a free
loopback port. A DNS-rebinding attacker's page reaches the server with its own name in the
``Host`` header; another site's page reaches it with ``Sec-Fetch-Site: cross-site`` or
``same-site`` (every port of 127.0.0.1 is the same site).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import http.server
import json
import os
import re
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

import psutil
import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from tests.harness import (
    START_PAGE,
    chromium_page,
    free_port,
    kernel_pids,
    open_voila_page,
    start_server,
    start_voila,
    wait_for_cells,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser

    from tests.harness import Server

NO_POOLS = '--VoilaKernelManager.kernel_pools_config={"default": {"pool_size": 0}}'
CONFIGURED_HOST = "workbook.example"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app with one host name configured by the person (BACKCARE_ALLOWED_HOSTS)."""
    tmp = tmp_path_factory.mktemp("guard")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BACKCARE_ALLOWED_HOSTS", f"{CONFIGURED_HOST}, other.example")
        started = start_voila(tmp / "voila.log", tmp / "data", NO_POOLS, extra_pages=())
    try:
        yield started
    finally:
        started.stop()


def get(server: Server, path: str, headers: dict[str, str]) -> tuple[int, str]:
    """GET ``path`` with ``headers`` (Host included); return the status and the body."""
    request = urllib.request.Request(server.base_url + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


PATHS = [
    f"voila/render/{START_PAGE}",
    "voila/tree",
    "voila/tree/notebooks",
    "voila/api/contents/",
    "voila/api/contents/notebooks",
    "voila/static/voila.js",
    "voila/templates/backcare/static/backcare.css",
    "voila/files/notebooks/figure.png",
    "api/kernels",
    "",
]


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "localhost.evil"])
@pytest.mark.parametrize("path", PATHS)
def test_a_rebound_host_is_refused_before_any_handler(server: Server, host: str, path: str):
    status, body = get(server, path, {"Host": f"{host}:{server.port}"})
    assert status == 403, f"{path} for {host} answered {status}: {body[:200]}"
    assert "is not served" in body


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "LocalHost", "127.0.0.2", "[::1]", CONFIGURED_HOST]
)
def test_loopback_and_configured_hosts_are_served(server: Server, host: str):
    status, body = get(server, "voila/api/contents/notebooks", {"Host": f"{host}:{server.port}"})
    assert status == 200, body[:300]
    assert "00_Start_here.ipynb" in body


def _websocket(server: Server, kernel_id: str, host: str) -> int:
    """Open the kernel's websocket as ``host`` (Host and Origin); return 101 or the refusal."""

    async def attempt() -> int:
        request = HTTPRequest(
            f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels",
            headers={"Host": f"{host}:{server.port}", "Origin": f"http://{host}:{server.port}"},
            request_timeout=30,
        )
        try:
            connection = await websocket_connect(request)
        except HTTPClientError as error:
            return error.code
        connection.close()
        return 101

    # in a thread of its own: Playwright's sync API may hold this thread's event loop
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, attempt()).result()


def test_a_rebound_page_cannot_reach_a_kernel(server: Server):
    status, page = get(server, f"voila/render/{START_PAGE}", {})
    assert status == 200
    match = re.search(r'"kernelId": "([0-9a-f-]{36})"', page)
    assert match, page[:500]
    kernel = match.group(1)
    assert _websocket(server, kernel, "evil.example") == 403
    assert _websocket(server, kernel, "127.0.0.1") == 101  # the page's own origin still connects


@pytest.mark.parametrize(
    ("site", "mode", "dest"),
    [
        ("cross-site", "no-cors", "empty"),
        ("same-site", "no-cors", "empty"),
        ("cross-site", "navigate", "iframe"),
        ("cross-site", "no-cors", "image"),
        ("cross-site", "cors", "empty"),
    ],
)
def test_another_sites_requests_are_refused(server: Server, site: str, mode: str, dest: str):
    headers = {"Sec-Fetch-Site": site, "Sec-Fetch-Mode": mode, "Sec-Fetch-Dest": dest}
    status, body = get(server, f"voila/render/{START_PAGE}", headers)
    assert status == 403, body[:200]


@pytest.mark.parametrize(
    ("site", "mode", "dest"),
    [
        ("cross-site", "navigate", "document"),  # a link in an e-mail
        ("none", "navigate", "document"),  # typed or bookmarked
        ("same-origin", "cors", "empty"),  # the page's own requests
    ],
)
def test_links_and_own_requests_are_served(server: Server, site: str, mode: str, dest: str):
    headers = {"Sec-Fetch-Site": site, "Sec-Fetch-Mode": mode, "Sec-Fetch-Dest": dest}
    status, body = get(server, "voila/tree/notebooks", headers)
    assert status == 200, body[:200]


class _OtherSite(http.server.BaseHTTPRequestHandler):
    """A page on another origin (another 127.0.0.1 port) that targets the workbook."""

    page = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, *args: object) -> None:
        return


@contextlib.contextmanager
def other_site(page: str) -> Iterator[str]:
    """Serve ``page`` on another loopback port; yield its URL."""
    handler = type("Page", (_OtherSite,), {"page": page.encode()})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_another_sites_page_starts_no_kernel_but_its_link_works(browser: Browser, tmp_path: Path):
    server = start_voila(tmp_path / "voila.log", tmp_path / "data", NO_POOLS, extra_pages=())
    url = server.render_url(START_PAGE)
    page_html = f"""<!DOCTYPE html><title>elsewhere</title>
        <a id="link" href="{url}">the workbook</a>
        <script>
        window.done = Promise.allSettled([
            fetch({json.dumps(url)}, {{mode: "no-cors"}}),
            fetch({json.dumps(url + "?again=1")}, {{mode: "no-cors", credentials: "include"}}),
        ]);
        </script>
        <iframe src="{url}?frame=1"></iframe>"""
    try:
        with other_site(page_html) as elsewhere, chromium_page(browser, elsewhere) as watched:
            page = watched.page
            page.goto(elsewhere)
            page.evaluate("() => window.done")
            page.wait_for_timeout(3000)  # a kernel started by the fetches would show by now
            assert kernel_pids(server.process.pid) == set(), server.log()[-3000:]
            assert server.log().count("Refused GET /voila/render/") >= 3, server.log()[-3000:]
            assert "Kernel started" not in server.log()
            # a person following a link from that site gets the page, with its kernel
            page.click("#link")
            page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
            page.locator(".backcare-safety").wait_for(state="visible", timeout=90_000)
            assert len(kernel_pids(server.process.pid)) == 1
    finally:
        server.stop()


def test_the_kernel_cap_shows_a_clear_page(browser: Browser, tmp_path: Path):
    server = start_voila(
        tmp_path / "voila.log",
        tmp_path / "data",
        NO_POOLS,
        "--WorkbookVoila.max_kernels=1",
        extra_pages=(),
    )
    try:
        url = server.render_url(START_PAGE)
        with chromium_page(browser, server.base_url.rstrip("/"), width=390, height=844) as watched:
            first = watched.page
            open_voila_page(first, url)
            second = first.context.new_page()
            response = second.goto(server.render_url("notebooks/01_Bridge.ipynb"))
            assert response is not None
            assert response.status == 503
            assert second.get_by_role("heading", name="The workbook is busy").is_visible()
            assert "Close a workbook tab you no longer use" in second.inner_text("body")
            # the person closes their first tab: Voila stops its kernel, and the page opens
            first.close(run_before_unload=True)
            deadline = time.monotonic() + 30
            while kernel_pids(server.process.pid) and time.monotonic() < deadline:
                time.sleep(0.3)
            assert kernel_pids(server.process.pid) == set(), server.log()[-2000:]
            # the person reloads; the kernel manager may still be finishing the shutdown
            bridge = server.render_url("notebooks/01_Bridge.ipynb")
            deadline = time.monotonic() + 30
            while (response := second.goto(bridge)).status == 503 and time.monotonic() < deadline:
                second.wait_for_timeout(500)
            assert response.status == 200, server.log()[-2000:]
            wait_for_cells(second)
            second.locator(".backcare-hold-timer").first.wait_for(state="visible")
            watched.console_errors.clear()  # the 503 itself is logged by the browser
    finally:
        server.stop()


def test_sigterm_to_the_launcher_stops_voila_and_its_kernels(tmp_path: Path):
    # `make app` runs exactly this: PORT=... .venv/bin/python scripts/serve.py
    port = free_port()
    server = start_server(
        [sys.executable, "scripts/serve.py"],
        log_path=tmp_path / "app.log",
        port=port,
        env={"PORT": str(port), "BACKCARE_DATA_DIR": str(tmp_path / "data")},
        ready_path="voila/tree",
    )
    started: list[psutil.Process] = []
    try:
        status, _ = get(server, f"voila/render/{START_PAGE}", {})  # a page left open: a kernel
        assert status == 200
        assert kernel_pids(server.process.pid), server.log()[-2000:]
        started = psutil.Process(server.process.pid).children(recursive=True)
        os.kill(server.process.pid, signal.SIGTERM)  # the launcher alone, as a service manager
        server.process.wait(timeout=15)
        deadline = time.monotonic() + 5
        while _listening(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _listening(port), f"port {port} still held after SIGTERM:\n{server.log()}"
        alive = [p for p in started if _alive(p)]
        assert alive == [], f"left running: {[p.cmdline() for p in alive]}"
    finally:
        for process in started:  # never leave a leftover behind, even when the test fails
            with contextlib.suppress(psutil.Error):
                process.kill()
        server.stop()


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _listening(port: int) -> bool:
    return any(
        c.laddr.port == port and c.status == psutil.CONN_LISTEN
        for c in psutil.net_connections(kind="inet")
    )
