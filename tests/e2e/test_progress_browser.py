"""Issue 20 in Voila and Debian's Chromium: the log leaves the kernel only when Download is
pressed, a set can be deleted and the delete undone, and a full disk says "Not saved".

The full disk is real: the server's data folder is a 1 MiB tmpfs (mounting it needs root, as CI
and the dev container run), filled up while the page is open and freed for the retry.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from playwright.sync_api import expect

from backcare_widgets.data.log import SessionLog
from tests.conftest import fill_disk
from tests.harness import assert_fits_width, chromium_page, open_voila_page, start_voila

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

    from tests.harness import Server

PROGRESS = "notebooks/06_My_progress.ipynb"
CRUNCHES = "notebooks/02_Partial_crunches.ipynb"
SHOTS = "progress"


def test_download_on_press_and_delete_with_undo(
    browser: Browser, fresh_server: Server, tmp_path: Path
):
    data = fresh_server.log_path.parent / "data"
    with SessionLog(data / "session_log.sqlite3") as log:
        for day in (20, 21, 22):
            log.record("bridge", reps=day - 15, when=datetime(2026, 11, day, 9, tzinfo=UTC))
        exported = log.to_csv_bytes()
        uid = log.to_dataframe()["uid"].iloc[0]
    origin = fresh_server.base_url.rstrip("/")
    for width in (390, 1280):
        with chromium_page(browser, origin, width=width) as watched:
            page = watched.page
            open_voila_page(page, fresh_server.render_url(PROGRESS))
            board = page.locator(".backcare-dashboard")
            download = board.get_by_role("button", name="Download my log")
            expect(download).to_have_text("Download my log (CSV, 3 sets)")
            # the log is nowhere in the page (nor in what the widgets hold) before the press
            html = page.content()
            assert uid not in html
            assert "data:text/csv" not in html
            assert_fits_width(page)
            page.screenshot(path=tmp_path / f"{SHOTS}-{width}.png")
            if width != 1280:
                watched.assert_clean()
                continue
            with page.expect_download() as info:
                download.click()
            saved = tmp_path / "download.csv"
            info.value.save_as(saved)
            assert saved.read_bytes() == exported
            assert uid not in page.content()  # and none of it stays after

            pick = board.get_by_role("combobox", name="Set to delete")
            pick.select_option(label="21 Nov 2026 09:00 · Bridge · set 1 · 6 reps")
            board.get_by_role("button", name="Delete this set").click()
            message = board.locator(".backcare-message")
            expect(message).to_contain_text("Deleted the set of 21 Nov 2026 09:00")
            expect(download).to_have_text("Download my log (CSV, 2 sets)")
            with SessionLog(data / "session_log.sqlite3") as log:
                assert len(log) == 2
            page.screenshot(path=tmp_path / f"{SHOTS}-deleted.png")
            board.get_by_role("button", name="Undo delete").click()
            expect(message).to_contain_text("The deleted set is back in your log.")
            expect(download).to_have_text("Download my log (CSV, 3 sets)")
            expect(board.get_by_role("button", name="Undo delete")).to_be_hidden()
            with SessionLog(data / "session_log.sqlite3") as log:
                assert log.to_csv_bytes() == exported
            watched.assert_clean()


def test_a_full_disk_says_not_saved_and_the_retry_saves(
    browser: Browser, small_disk: Path, tmp_path: Path
):
    data = small_disk / "data"
    with SessionLog(data / "session_log.sqlite3") as log:
        log.record("partial-crunches", reps=8, when=datetime(2026, 11, 20, 9, tzinfo=UTC))
    server = start_voila(tmp_path / "voila.log", data)
    try:
        with chromium_page(browser, server.base_url.rstrip("/")) as watched:
            page = watched.page
            open_voila_page(page, server.render_url(CRUNCHES))
            session = page.locator(".backcare-exercise-session")
            plus = session.locator(".backcare-rep-counter").get_by_role("button", name="+ 1")
            for _ in range(3):
                plus.click()
            filler = fill_disk(small_disk)
            session.get_by_role("button", name="Save set 1").click()
            status = session.get_by_role("status").filter(has_text="saved")
            expect(status).to_contain_text("Not saved: the disk holding your log is full")
            expect(status).to_contain_text("press Save to try again")
            page.screenshot(path=tmp_path / "not-saved.png")
            filler.unlink()
            session.get_by_role("button", name="Save set 1").click()
            expect(session.get_by_text("Set 1 saved.")).to_be_visible()
            watched.assert_clean()
    finally:
        server.stop()
    with SessionLog(data / "session_log.sqlite3") as log:
        assert list(log.to_dataframe()["reps"]) == [8, 3]
