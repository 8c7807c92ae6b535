"""Progression in Voila and Chromium: a run of good sessions brings a suggestion; accepting it
changes the timer's hold.

A person does the rotational stretch with its timer and saves the set, three times. The kernel's
clock cannot be moved from the browser, so "the next day" moves the sets already saved back a day
in the log file (as ``test_routine_browser`` moves a morning back), between saves on the same page.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from backcare_widgets.data.log import SessionLog
from backcare_widgets.data.log.between_visits import choices
from tests.harness import chromium_page, full_page_screenshot, open_voila_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

    from tests.harness import Server

PAGE = "notebooks/04_Lower_back_rotational_stretch.ipynb"
DAY_US = 24 * 3600 * 1_000_000
SHOTS = "/tmp/visit-shots"


def _log_file(server: Server) -> Path:
    return server.log_path.parent / "data" / "session_log.sqlite3"


def _do_set(page: Page, session: Locator, number: int) -> None:
    """Run one set on the timer to its end, then save it."""
    timer = session.locator(".backcare-hold-timer")
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # seconds
    timer.get_by_role("button", name="Start").click()
    for _ in range(300):
        page.clock.run_for(1_000)
        if timer.get_attribute("data-phase") == "done":
            break
    else:
        pytest.fail(f"the timer never finished: {timer.inner_text()!r}")
    page.clock.resume()
    session.get_by_text(f"Set {number} done").wait_for()
    session.get_by_role("button", name=f"Save set {number}").click()
    session.get_by_text(f"Saved set {number}").wait_for()


def _a_day_earlier(server: Server) -> None:
    with sqlite3.connect(_log_file(server)) as conn:
        conn.execute("UPDATE entries SET when_us = when_us - ?", (DAY_US,))


def test_good_sessions_bring_a_step_up_and_accepting_it_lengthens_the_hold(
    browser: Browser, fresh_server: Server
) -> None:
    origin = fresh_server.base_url.rstrip("/")
    with chromium_page(browser, origin) as watched:
        page = watched.page
        page.clock.install()
        open_voila_page(page, fresh_server.render_url(PAGE))
        session = page.locator(".backcare-exercise-session")
        try:
            session.locator(".backcare-hold-timer").wait_for(timeout=180_000)  # a busy machine
        finally:
            page.screenshot(path=f"{SHOTS}/progression-opened.png", full_page=True)
        prompt = page.locator(".backcare-progression")
        for number in (1, 2):
            _do_set(page, session, number)
            assert "Next step" not in prompt.inner_text()
            _a_day_earlier(fresh_server)  # the sets so far were on the days before
        _do_set(page, session, 3)
        prompt.locator(".backcare-suggestion").wait_for()
        text = prompt.inner_text()
        assert "3 lower back rotational stretch sessions in a row" in text
        assert "2 holds of 10 s on each side" in text
        assert "workbook's own rule" in text
        hold_box = session.locator(".widget-inline-hbox", has_text="Hold (seconds)").locator(
            "input"
        )
        assert hold_box.input_value() == "5"
        full_page_screenshot(page, Path(SHOTS) / "progression-offer.png")
        prompt.get_by_role("button", name="Move up").click()
        prompt.get_by_text("Your level, chosen step by step").wait_for()
        assert hold_box.input_value() == "10"
        # the timer now holds 10 s: start it and read the digits at the start of the first hold
        timer = session.locator(".backcare-hold-timer")
        page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)
        timer.get_by_role("button", name="Start").click()
        for _ in range(30):
            page.clock.run_for(500)
            if timer.get_attribute("data-phase") == "hold":
                break
        assert re.search(r"\b10\b", timer.locator("[aria-label$='seconds']").first.inner_text())
        page.clock.run_for(6_000)
        assert timer.get_attribute("data-phase") == "hold"  # past the old 5 s, still holding
        watched.assert_clean()
    with SessionLog(_log_file(fresh_server)) as log:
        logged = choices(log)
    assert [(c.kind, c.choice, c.level.hold_seconds) for c in logged] == [("up", "accepted", 10)]
