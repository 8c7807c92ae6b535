"""The start page in Voila, in Debian's Chromium: rendered, safe, offline and loopback-only."""

from __future__ import annotations

import ipaddress

import psutil

from backcare_widgets.data.wording import GENERAL_GUIDANCE, SAFETY_LINE, WARNING_TIERS
from tests.harness import (
    SCREENSHOTS,
    START_PAGE,
    Server,
    WatchedPage,
    chromium_page,
    full_page_screenshot,
    open_voila_page,
)


def test_start_page_renders_safety_text_offline(watched: WatchedPage, voila_server: Server):
    page = watched.page
    open_voila_page(page, voila_server.render_url(START_PAGE))
    safety = page.locator(".backcare-safety")
    safety.wait_for(state="visible")
    assert page.locator(".jupyter-widgets").count() >= 1
    text = safety.inner_text()
    assert SAFETY_LINE in text
    for tier in WARNING_TIERS:
        assert tier.action in text
        for sign in tier.signs:
            assert sign in text, sign
    for line in GENERAL_GUIDANCE:  # the source's cautions too, not only on the crunches' page
        assert line in text, line
    assert "seed" not in page.inner_text("body").lower()
    assert "ask a health-care professional" in page.inner_text("body").lower()
    assert page.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / "start-page-desktop.png")


def test_start_page_fits_a_phone(browser, voila_server: Server):
    with chromium_page(browser, voila_server.base_url.rstrip("/"), width=390, height=844) as w:
        open_voila_page(w.page, voila_server.render_url(START_PAGE))
        w.page.locator(".backcare-safety").wait_for(state="visible")
        overflow = w.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"page is {overflow}px wider than a phone screen"
        full_page_screenshot(w.page, SCREENSHOTS / "start-page-phone.png")
        w.assert_clean()


def test_voila_listens_on_loopback_only(voila_server: Server):
    sockets = [
        conn.laddr
        for conn in psutil.Process(voila_server.process.pid).net_connections(kind="inet")
        if conn.status == psutil.CONN_LISTEN
    ]
    assert sockets, f"Voila (pid {voila_server.process.pid}) is not listening"
    for address in sockets:
        assert ipaddress.ip_address(address.ip).is_loopback, address
    assert any(address.port == voila_server.port for address in sockets)
