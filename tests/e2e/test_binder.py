"""Binder, simulated: an environment built from binder/ alone, Voila as a server extension.

Binder and JupyterHub run `jupyter server` (or jupyterhub-singleuser) with Voila as an extension,
which reads the Jupyter server's configuration instead of voila.json. This builds a fresh
virtual environment from binder/ as repo2docker would, starts the server on loopback with a
token, opens the badge's urlpath in Chromium, and checks the page and its configuration.
repo2docker installs binder/requirements.txt with pip; here uv's pip interface (the dev group's
uv) installs the same file, resolved from the same index, in seconds where pip took about three
minutes for its some 100 packages on a busy CI machine.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.harness import ROOT, START_PAGE, chromium_page, free_port, open_voila_page, start_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.harness import Server

URLPATH = f"voila/render/{START_PAGE}"
TEMPLATE_MARK = "BackCare: readable from a mat"


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Build a virtual environment from binder/ and run postBuild in it, as repo2docker does."""
    tmp = tmp_path_factory.mktemp("binder")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    env = {
        **os.environ,
        "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
        "VIRTUAL_ENV": str(venv),
        "JUPYTER_CONFIG_DIR": str(tmp / "user-config"),  # no personal config leaks in
        "JUPYTER_DATA_DIR": str(tmp / "user-data"),
        "BACKCARE_DATA_DIR": str(tmp / "backcare-data"),
    }
    uv = Path(sys.executable).with_name("uv")  # the project's own, from requirements.lock
    python = venv / "bin" / "python"
    subprocess.run(
        [
            str(uv),
            "pip",
            "install",
            "--quiet",
            "--python",
            str(python),
            "-r",
            "binder/requirements.txt",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    subprocess.run(["bash", "binder/postBuild"], cwd=ROOT, env=env, check=True)
    return env


def _jupyter_server(binder_env: dict[str, str], tmp_path: Path) -> tuple[Server, str]:
    """Start `jupyter server` from the Binder environment on loopback with a token, as a hub would."""
    token = secrets.token_hex(16)
    port = free_port()
    server = start_server(
        [
            binder_env["VIRTUAL_ENV"] + "/bin/jupyter",
            "server",
            "--no-browser",
            "--allow-root",  # CI runs as root
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
        ],
        log_path=tmp_path / "server.log",
        port=port,
        env=binder_env,
        ready_path="api/status",
    )
    return server, token


def test_binder_config_matches_voila_json():
    standalone = json.loads((ROOT / "voila.json").read_text())
    extension = json.loads((ROOT / "binder" / "jupyter_server_config.json").read_text())
    for section in ("VoilaConfiguration", "VoilaExecutor", "MappingKernelManager"):
        assert extension[section] == standalone[section], section


def test_binder_pins_the_widget_stack_like_the_lock():
    pins = [
        line.split("#")[0].strip()
        for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    ]
    lock = (ROOT / "requirements.lock").read_text()
    for name in ("ipywidgets", "voila"):
        (pin,) = [p for p in pins if p.startswith(f"{name}==")]
        assert f"\n{pin} " in lock or lock.startswith(f"{pin} "), pin


def test_binder_installs_jupyterlab_and_voila_as_server_extensions(binder_env: dict[str, str]):
    # JupyterLab comes from the workbook's `lab` extra, which binder/requirements.txt asks for.
    listed = subprocess.run(
        [binder_env["VIRTUAL_ENV"] + "/bin/jupyter", "server", "extension", "list"],
        env=binder_env,
        capture_output=True,
        text=True,
        check=True,
    )
    shown = re.sub(r"\x1b\[[0-9;]*m", "", listed.stdout + listed.stderr)  # colours out
    for extension in ("jupyterlab", "voila.server_extension"):
        assert re.search(rf"^\s*{re.escape(extension)} enabled", shown, re.MULTILINE), shown


def test_badge_urlpath_opens_the_start_page_offline(
    binder_env: dict[str, str], browser: Browser, tmp_path: Path
):
    # what the server will really load (the config.d folder would only enable extensions)
    shown = subprocess.run(
        [binder_env["VIRTUAL_ENV"] + "/bin/jupyter", "server", "--show-config-json"],
        env=binder_env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    loaded = json.loads(shown)
    assert loaded["VoilaConfiguration"]["template"] == "backcare"
    assert loaded["MappingKernelManager"]["cull_idle_timeout"] > 0
    assert loaded["MappingKernelManager"]["cull_connected"] is False

    server, token = _jupyter_server(binder_env, tmp_path)
    try:
        with chromium_page(browser, server.base_url.rstrip("/")) as watched:
            page = watched.page
            open_voila_page(page, f"{server.base_url}{URLPATH}?token={token}")
            safety = page.locator(".backcare-safety")
            safety.wait_for(state="visible")
            assert "Ask a health-care professional" in safety.inner_text()
            assert TEMPLATE_MARK in page.content()  # the project's own template, not Voila's
            watched.assert_clean()  # no console error, no request to any other host
    finally:
        server.stop()


def test_the_jupyter_server_refuses_a_rebound_host(binder_env: dict[str, str], tmp_path: Path):
    # As an extension Voila is behind the Jupyter server: its own Host check (loopback unless
    # allow_remote_access) and its token apply to the workbook's pages, files and kernels too.
    server, token = _jupyter_server(binder_env, tmp_path)

    no_redirects = urllib.request.build_opener(_NoRedirect)

    def status(path: str, host: str, *, with_token: bool = True) -> int:
        query = f"?token={token}" if with_token else ""
        request = urllib.request.Request(
            f"{server.base_url}{path}{query}", headers={"Host": f"{host}:{server.port}"}
        )
        try:
            with no_redirects.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    try:
        for path in (URLPATH, "voila/tree", "voila/api/contents/notebooks", "api/kernels"):
            assert status(path, "evil.example") == 403, path
            assert status(path, "127.0.0.1", with_token=False) in (302, 403), path  # to login
        assert status("voila/api/contents/notebooks", "127.0.0.1") == 200
        assert status("api/kernels", "localhost") == 200
    finally:
        server.stop()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report a redirect (to the login page) as it is, instead of following it."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
