"""Reminders in Voila and Chromium: the routine's button downloads a calendar file that parses."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING

from icalendar import Calendar

from tests.harness import full_page_screenshot, open_voila_page

if TYPE_CHECKING:
    from tests.harness import Server, WatchedPage

ROUTINE = "notebooks/05_Todays_routine.ipynb"
SHOTS = Path("/tmp/visit-shots")


def test_the_routine_downloads_reminders_at_the_chosen_times(
    watched: WatchedPage, voila_server: Server, tmp_path: Path
) -> None:
    page = watched.page
    open_voila_page(page, voila_server.render_url(ROUTINE), timeout_ms=180_000)
    picker = page.locator(".backcare-reminder-picker")
    picker.wait_for(timeout=180_000)
    picker.get_by_label("Reminder at").fill("07:45")
    picker.get_by_label("Reminder at").press("Tab")
    second = picker.locator(".widget-inline-hbox", has_text="Second session at").locator("input")
    second.fill("19:15")
    second.press("Tab")
    zone = picker.locator(".widget-inline-hbox", has_text="Time zone").locator("input")
    zone.fill("Europe/Madrid")
    zone.press("Enter")
    picker.scroll_into_view_if_needed()
    full_page_screenshot(page, SHOTS / "reminders-desktop.png")
    with page.expect_download() as download_info:
        picker.get_by_role("button", name="Add reminders to my calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == "backcare-reminders.ics"
    path = tmp_path / "reminders.ics"
    download.save_as(path)
    calendar = Calendar.from_ical(path.read_bytes())
    first, evening = calendar.walk("VEVENT")
    assert first.decoded("dtstart").time() == time(7, 45)
    assert evening.decoded("dtstart").time() == time(19, 15)
    assert first["DTSTART"].params["TZID"] == "Europe/Madrid"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Madrid"]
    assert first.walk("VALARM")
    page.set_viewport_size({"width": 390, "height": 844})
    full_page_screenshot(page, SHOTS / "reminders-phone.png")
