"""The same page in a real JupyterLab: run all cells, and the workbook's widgets render."""

from __future__ import annotations

import secrets
import shutil
from typing import TYPE_CHECKING

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.test_camera_coach_browser import assert_coach_files_served
from tests.harness import ROOT, START_PAGE, _bin, chromium_page, free_port, start_server

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser


def test_start_page_runs_in_jupyterlab(browser: Browser, tmp_path: Path):
    # A copy, so that JupyterLab's autosave never writes outputs into the repository.
    root = tmp_path / "lab"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / START_PAGE, root / START_PAGE)
    token = secrets.token_hex(16)
    port = free_port()
    server = start_server(
        [
            _bin("jupyter"),
            "lab",
            "--no-browser",
            "--allow-root",  # CI runs as root
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        log_path=tmp_path / "lab.log",
        port=port,
        cwd=root,
        env={"BACKCARE_DATA_DIR": str(tmp_path / "data"), "JUPYTER_CONFIG_DIR": str(tmp_path)},
        ready_path="api/status",
    )
    try:
        with chromium_page(browser, server.base_url.rstrip("/")) as watched:
            page = watched.page
            page.goto(f"{server.base_url}lab/tree/{START_PAGE}?token={token}", timeout=120_000)
            page.locator(".jp-Notebook").wait_for(timeout=120_000)
            page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(
                timeout=120_000
            )
            page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=120_000)
            safety = page.locator(".jp-OutputArea .backcare-safety")
            # A run requested while the kernel's websocket is still connecting can be dropped,
            # so ask again (a few times at most) until the output appears.
            for _attempt in range(4):
                page.get_by_role("menuitem", name="Run", exact=True).click()
                page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
                try:
                    safety.wait_for(state="visible", timeout=20_000)
                    break
                except PlaywrightTimeout:
                    continue
            page.screenshot(path=tmp_path / "lab.png")
            safety.wait_for(state="visible", timeout=1_000)
            assert "Ask a health-care professional" in safety.inner_text()
            assert page.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0
            assert watched.foreign_requests == []
        # the camera coach's library is served by the server extension, and nothing else there
        assert_coach_files_served(server.base_url)
    finally:
        server.stop()
