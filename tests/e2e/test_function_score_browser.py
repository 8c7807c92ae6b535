"""The function score in Voila and Chromium: filled in, then a week later, two points on the line.

The kernel's clock cannot be moved from the browser, so "a week later" moves the saved score back
seven days in the log file (as ``test_routine_browser`` moves a morning back), then reopens
My progress, as the person would a week later.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from tests.harness import chromium_page, full_page_screenshot, open_voila_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

    from tests.harness import Server

PROGRESS = "notebooks/06_My_progress.ipynb"
WEEK_US = 7 * 24 * 3600 * 1_000_000
SHOTS = Path("/tmp/visit-shots")


def _open(page: Page, server: Server) -> Locator:
    open_voila_page(page, server.render_url(PROGRESS), timeout_ms=180_000)
    section = page.locator(".backcare-function-score")
    section.wait_for(timeout=180_000)
    return section


def _rate(section: Locator, ratings: list[int]) -> None:
    boxes = section.locator(".widget-inline-hbox", has_text="Rating, 0-10").locator("select")
    for index, value in enumerate(ratings):
        boxes.nth(index).select_option(label=str(value))


def test_a_function_score_a_week_apart_draws_two_points(
    browser: Browser, fresh_server: Server
) -> None:
    origin = fresh_server.base_url.rstrip("/")
    with chromium_page(browser, origin) as watched:
        page = watched.page
        section = _open(page, fresh_server)
        assert "Stratford" in section.inner_text()
        section.get_by_placeholder("Activity 1").fill("Putting on socks")
        section.get_by_placeholder("Activity 2").fill("Lifting a shopping bag")
        _rate(section, [3, 4])
        section.get_by_role("button", name="Save my function score").click()
        section.get_by_text("your function score this week is 3.5 out of 10").wait_for()
        section.get_by_text("One score so far: 3.5").wait_for()
        assert section.get_by_placeholder("Activity 1").is_hidden()  # at most once a week
        watched.assert_clean()

    log_file = fresh_server.log_path.parent / "data" / "session_log.sqlite3"
    with sqlite3.connect(log_file) as conn:
        conn.execute("UPDATE function_scores SET when_us = when_us - ?", (WEEK_US,))

    with chromium_page(browser, origin) as watched:
        page = watched.page
        section = _open(page, fresh_server)
        names = section.get_by_placeholder("Activity 1")
        assert names.input_value() == "Putting on socks"  # the same activities, rated again
        _rate(section, [6, 6])
        section.get_by_role("button", name="Save my function score").click()
        section.get_by_text("2 weekly scores, from 3.5 to 6").wait_for()
        chart = section.locator("figure.backcare-chart")
        assert "a real change" in chart.inner_text()
        labels = chart.locator("svg text").evaluate_all("els => els.map(e => e.textContent)")
        assert "3.5" in labels
        assert "6" in labels
        assert "+2 points: a real change" in labels
        section.scroll_into_view_if_needed()
        full_page_screenshot(page, SHOTS / "function-score-desktop.png")
        page.set_viewport_size({"width": 390, "height": 844})
        full_page_screenshot(page, SHOTS / "function-score-phone.png")
        watched.assert_clean()
