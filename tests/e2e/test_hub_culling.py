"""Culling on a real JupyterHub: an idle student's server is stopped and comes back, log kept.

A hub of its own (hub/jupyterhub_config.py with a culler that looks every 5 s and stops a
server after 30 s idle), so its short timeout cannot stop the servers of test_hub.py's class.
Being its own file, pytest-xdist runs it on one worker while test_hub.py runs on the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.e2e.test_hub import _do_a_bridge_set, _latest_sets
from tests.harness import chromium_page
from tests.hub_harness import log_in, start_hub

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

# The students' servers start twice and the culler needs a minute (test_hub.py says the same)
pytestmark = pytest.mark.timeout(600)


def test_an_idle_server_is_culled_and_comes_back_with_its_log(browser: Browser, tmp_path: Path):
    """A hub of its own whose culler stops a server after 30 s idle, looking every 5 s."""
    hub = start_hub(tmp_path, cull_timeout_s=30, cull_every_s=5, activity_interval_s=5)
    try:
        origin = hub.url.rstrip("/")
        with chromium_page(browser, origin) as dave:
            dave.page.clock.install()
            log_in(dave.page, hub, "dave")
            _do_a_bridge_set(dave.page, (5, 2))
            dave.assert_clean()
        # the page is closed: nothing uses the server any more
        assert hub.server_running("dave")
        hub.wait_until("dave", running=False, timeout_s=150)
        assert "Culling server dave" in hub.log()
        assert hub.log_file("dave").is_file()  # stopping a server leaves the home alone

        with chromium_page(browser, origin) as dave:
            log_in(dave.page, hub, "dave")  # the next visit starts the server again
            assert hub.server_running("dave")
            rows = _latest_sets(dave.page, hub, "dave")
            assert len(rows) == 1, rows
            assert "pain 5 before, 2 after" in rows[0]
            dave.assert_clean()
    finally:
        left = hub.stop()
    assert left == [], f"processes left running in the homes after the hub stopped: {left}"
