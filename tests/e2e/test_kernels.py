"""Pages opened straight from a link must not leave kernels running: idle ones are culled."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

from tests.harness import (
    ROOT,
    START_PAGE,
    chromium_page,
    kernel_pids,
    open_voila_page,
    start_voila,
)

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser


def test_voila_json_culls_idle_kernels():
    config = json.loads((ROOT / "voila.json").read_text())["MappingKernelManager"]
    assert 0 < config["cull_idle_timeout"] <= 600
    assert 0 < config["cull_interval"] <= config["cull_idle_timeout"]
    assert config["cull_connected"] is False  # a person mid-exercise keeps their kernel


def test_voila_json_waits_for_a_busy_kernels_output():
    # Found with 20 pages opened at once on 2 cores: Voila's executor waited only nbclient's
    # default 4 s for a starved kernel's output after each cell, then served the page without a
    # single widget and without an error (benchmarks/bench_class.py shows it; 60 s fixed it).
    for config in ("voila.json", "binder/jupyter_server_config.json"):
        settings = json.loads((ROOT / config).read_text())["VoilaExecutor"]
        assert settings["iopub_timeout"] >= 30, config


def test_closed_pages_leave_no_kernels_behind(browser: Browser, tmp_path: Path):
    # The same culling settings as voila.json, with short times so the test is quick.
    server = start_voila(
        tmp_path / "voila.log",
        tmp_path / "data",
        "--MappingKernelManager.cull_idle_timeout=4",
        "--MappingKernelManager.cull_interval=1",
    )
    try:
        url = server.render_url(START_PAGE)
        for _ in range(3):
            with chromium_page(browser, server.base_url.rstrip("/")) as watched:
                open_voila_page(watched.page, url)
                watched.page.locator(".backcare-safety").wait_for(state="visible")
        deadline = time.monotonic() + 30
        while len(kernel_pids(server.process.pid)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert len(kernel_pids(server.process.pid)) == 0, server.log()[-3000:]
    finally:
        server.stop()
