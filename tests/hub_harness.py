"""Start a real JupyterHub (hub/jupyterhub_config.py) on loopback for the hub test and benchmark.

The hub runs exactly the shipped configuration, loaded from a small wrapper that adds what only
a test needs: free ports, a state folder under the test's tmp dir, and one API token (a service
with read access to users and servers) to watch servers start and stop. Everything the hub
started (proxy, students' servers and their kernels) is stopped with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.harness import ROOT, Server, free_port, start_server, wait_for_cells

if TYPE_CHECKING:
    from playwright.sync_api import Page

HUB_CONFIG = ROOT / "hub" / "jupyterhub_config.py"
PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
START_PATH = "voila/render/notebooks/00_Start_here.ipynb"
STUDENT_PASSWORD = "class-password-" + secrets.token_hex(4)
EDUCATOR_PASSWORD = "educator-password-" + secrets.token_hex(16)

_WRAPPER = """\
c = get_config()  # noqa: F821
load_subconfig({config!r})  # noqa: F821 - the shipped configuration, unchanged
c.JupyterHub.services.append({{"name": "test-observer", "api_token": {token!r}}})
c.JupyterHub.load_roles.append(
    {{"name": "test-observer", "scopes": ["list:users", "read:users", "read:servers"],
      "services": ["test-observer"]}}
)
"""


@dataclass
class Hub:
    """A running hub: its address, state folder and an API token to watch it with."""

    server: Server
    state: Path
    token: str

    @property
    def url(self) -> str:
        """Return the hub's public address (the proxy), ending in a slash."""
        return self.server.base_url

    def home(self, user: str) -> Path:
        """Return a user's home folder (their server's working directory)."""
        return self.state / "homes" / user

    def log_file(self, user: str) -> Path:
        """Return where a user's session log is kept: in their home."""
        return self.home(user) / ".backcare" / "session_log.sqlite3"

    def api(self, path: str) -> Any:
        """GET a hub REST API path (e.g. ``users/alice``) with the observer's token."""
        request = urllib.request.Request(
            f"{self.url}hub/api/{path}", headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def server_running(self, user: str) -> bool:
        """Return whether the user's (default) server is up and ready, as the hub sees it."""
        return bool(self._server(user).get("ready"))

    def server_gone(self, user: str) -> bool:
        """Return whether the user has no server at all (not even one still stopping)."""
        return self._server(user) is None

    def _server(self, user: str) -> Any:
        return self.api(f"users/{user}").get("servers", {}).get("")

    def wait_until(self, user: str, *, running: bool, timeout_s: float) -> float:
        """Wait until the user's server is ready, or gone; return the seconds it took."""
        start = time.monotonic()
        while time.monotonic() - start < timeout_s:
            if self.server_running(user) if running else self.server_gone(user):
                return time.monotonic() - start
            time.sleep(1)
        state = "running" if running else "stopped"
        raise AssertionError(f"{user}'s server not {state} after {timeout_s} s:\n{self.log()}")

    def log(self) -> str:
        """Return the hub's log so far."""
        return self.server.log()

    def stop(self) -> list[int]:
        """Stop the hub, which stops the proxy and every student's server; return any left over.

        The students' servers run in sessions of their own (the spawner's choice), so anything
        still running from a home here after the hub exits is killed by its process id, and
        returned, so a test can fail on it.
        """
        self.server.stop()
        left = _processes_under(self.state / "homes")
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return left


def _processes_under(folder: Path) -> list[int]:
    """Return the processes whose working directory is inside ``folder``."""
    import psutil

    found = []
    for process in psutil.process_iter(["pid", "cwd"]):
        cwd = process.info.get("cwd") or ""
        if cwd == str(folder) or cwd.startswith(f"{folder}/"):
            found.append(process.info["pid"])
    return found


def check_proxy() -> None:
    """Raise with one clear line when the proxy is missing (make installs it from npm)."""
    if not PROXY.is_file():
        raise RuntimeError(
            f"{PROXY} not found: run 'make test' (or 'npm ci') to install JupyterHub's proxy"
        )


def start_hub(
    tmp: Path,
    *,
    educators: tuple[str, ...] = ("educator",),
    cull_timeout_s: int = 3600,
    cull_every_s: int = 300,
    activity_interval_s: int = 300,
    class_dir: Path | None = None,
) -> Hub:
    """Start the shipped hub configuration on free loopback ports, its state under ``tmp``."""
    check_proxy()
    state = tmp / "hub-state"
    state.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(32)
    wrapper = tmp / "jupyterhub_test_config.py"
    wrapper.write_text(_WRAPPER.format(config=str(HUB_CONFIG), token=token))
    port, hub_port, proxy_api_port = free_port(), free_port(), free_port()
    env = {
        "BACKCARE_HUB_STATE": str(state),
        "BACKCARE_HUB_PASSWORD": STUDENT_PASSWORD,
        "BACKCARE_HUB_ADMIN_PASSWORD": EDUCATOR_PASSWORD,
        "BACKCARE_HUB_EDUCATORS": ",".join(educators),
        "BACKCARE_HUB_CULL_TIMEOUT": str(cull_timeout_s),
        "BACKCARE_HUB_CULL_EVERY": str(cull_every_s),
        "BACKCARE_HUB_ACTIVITY_INTERVAL": str(activity_interval_s),
        "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(32),
    }
    if class_dir is not None:
        env["BACKCARE_CLASS_DIR"] = str(class_dir)
    server = start_server(
        [
            str(Path(sys.executable).with_name("jupyterhub")),
            "-f",
            str(wrapper),
            f"--port={port}",
            f"--JupyterHub.hub_port={hub_port}",
            f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{proxy_api_port}",
        ],
        log_path=tmp / "jupyterhub.log",
        port=port,
        cwd=tmp,
        env=env,
    )
    hub = Hub(server, state, token)
    _wait_for_routes(hub)
    return hub


def _wait_for_routes(hub: Hub, timeout_s: float = 120.0) -> None:
    """Wait until the proxy routes to the hub: it answers (404) before the hub adds its route."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if hub.server.process.poll() is not None:
            raise RuntimeError(f"the hub exited:\n{hub.log()}")
        try:
            hub.api("")  # the hub's own answer (its version), through the proxy
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
        else:
            return
    hub.stop()
    raise RuntimeError(
        f"the hub was not reachable through its proxy in {timeout_s} s:\n{hub.log()}"
    )


def log_in(page: Page, hub: Hub, user: str, password: str = STUDENT_PASSWORD) -> None:
    """Log in through the hub's own form and wait for the start page the hub sends a student to."""
    page.goto(f"{hub.url}hub/login", timeout=60_000)
    page.fill("#username_input", user)
    page.fill("#password_input", password)
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{user}/{START_PATH}*", timeout=120_000)
    wait_for_cells(page, timeout_ms=120_000)
