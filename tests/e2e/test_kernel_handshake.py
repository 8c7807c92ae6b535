"""A page closed while its kernel's websocket was still connecting leaves no kernel behind.

Jupyter server counted such a close as a disconnection without having counted the connection:
the kernel's count went below 0, which its culler reads as "connected", so the kernel was never
culled. Here the start page is rendered over HTTP (as a browser's first request does), then
websocket handshakes to its kernel are cut off at once, as a closed tab cuts them, and culling is
shortened so the kernel must go.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

from tests.harness import START_PAGE, start_voila

if TYPE_CHECKING:
    from pathlib import Path

    from tests.harness import Server

CUT_HANDSHAKES = 5
CULL = ("--MappingKernelManager.cull_idle_timeout=2", "--MappingKernelManager.cull_interval=1")


def connections(server: Server, kernel_id: str) -> int | None:
    """Return the connections the server counts for a kernel, or None once it is gone."""
    try:
        with urllib.request.urlopen(f"{server.base_url}api/kernels/{kernel_id}", timeout=30) as r:
            count: int = json.load(r)["connections"]
            return count
    except urllib.error.HTTPError as gone:
        gone.close()
        if gone.code == 404:
            return None
        raise


def cut_handshake(server: Server, kernel_id: str, session: str) -> None:
    """Ask for the kernel's websocket and hang up before the server has answered."""
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall(
            (
                f"GET /api/kernels/{kernel_id}/channels?session_id={session} HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )


def test_handshakes_cut_short_leave_no_kernel_after_culling(tmp_path: Path):
    server = start_voila(tmp_path / "voila.log", tmp_path / "data", *CULL, extra_pages=())
    try:
        with urllib.request.urlopen(server.render_url(START_PAGE), timeout=120) as response:
            html = response.read().decode()
        found = re.search(r'"kernelId": "([0-9a-f-]+)"', html)
        assert found, "no kernel id in the page"
        kernel_id = found.group(1)
        for number in range(CUT_HANDSHAKES):
            cut_handshake(server, kernel_id, f"cut-{number}")

        counts: list[int] = []
        deadline = (
            time.monotonic() + 90
        )  # culling takes ~3 s here; the deadline is for a busy machine
        while time.monotonic() < deadline and (count := connections(server, kernel_id)) is not None:
            counts.append(count)
            time.sleep(0.5)
        assert connections(server, kernel_id) is None, f"kernel left, connections seen: {counts}"
        assert all(count >= 0 for count in counts), counts
        assert "Culling 'idle' kernel" in server.log()
    finally:
        server.stop()
