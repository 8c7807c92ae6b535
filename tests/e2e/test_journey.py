"""A person's first day, as they would live it: start page, the bridge, a set, then progress.

Also: a note holding HTML is shown as text on the progress page, and nothing in it runs.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from backcare_widgets.data.log import SessionLog
from backcare_widgets.views.latest_sets import FIRST_DAY_MESSAGE
from tests.harness import (
    ROOT,
    SCREENSHOTS,
    START_PAGE,
    assert_fits_width,
    chromium_page,
    full_page_screenshot,
    open_voila_page,
)

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page

    from tests.harness import Server

# the bridge's workbook default: 5 holds of 3 s, 10 s get-ready and 5 s rests: 10 + 15 + 20 = 45 s
SET_MS = 50_000


def _wait_rendered(page: Page) -> None:
    page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
    page.locator(".jupyter-widgets").first.wait_for(timeout=90_000)


def test_first_day_journey(browser: Browser, fresh_server: Server, tmp_path: Path):
    origin = fresh_server.base_url.rstrip("/")
    with chromium_page(browser, origin) as watched:
        page = watched.page
        page.clock.install()
        open_voila_page(page, fresh_server.render_url(START_PAGE))
        page.get_by_role("link", name="Bridge").first.click()
        page.wait_for_url("**/01_Bridge.ipynb")
        _wait_rendered(page)
        session = page.locator(".backcare-exercise-session")
        session.locator(".backcare-hold-timer").wait_for()
        page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)

        session.locator(".backcare-pain-scale").nth(0).get_by_role(
            "radio", name="4", exact=True
        ).click()
        timer = session.locator(".backcare-hold-timer")
        timer.get_by_role("button", name="Start").click()
        page.clock.run_for(SET_MS)
        assert timer.get_attribute("data-phase") == "done"
        page.clock.resume()
        session.get_by_text("Set 1 done").wait_for()
        session.locator(".backcare-pain-scale").nth(1).get_by_role(
            "radio", name="3", exact=True
        ).click()
        session.get_by_role("button", name="Save set 1").click()
        session.get_by_text("Saved set 1").wait_for()

        page.get_by_role("link", name="My progress").first.click()
        page.wait_for_url("**/06_My_progress.ipynb")
        _wait_rendered(page)
        charts = page.locator(".backcare-progress")
        charts.wait_for()
        text = charts.inner_text()
        # a first day encourages (no calendar of days not yet lived)
        assert FIRST_DAY_MESSAGE in text
        # the first day's one session of a target of one a day (days before it are not missed)
        assert "Bridge: 1 of 1" in text
        assert "Today: 1 of 5 sessions (20%)" in text
        assert "pain 4 before, 3 after" in text

        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download my log").click()
        exported = tmp_path / "download.csv"
        download_info.value.save_as(exported)
        watched.assert_clean()

    with SessionLog(fresh_server.log_path.parent / "data") as served:
        served_rows = served.to_dataframe()
    with SessionLog(tmp_path / "elsewhere.sqlite3") as fresh:
        summary = fresh.import_csv(exported)
        imported = fresh.to_dataframe()
    assert summary.added == len(served_rows) == 1
    columns = ["uid", "when", "exercise", "set_number", "reps", "hold_seconds", "pain_before"]
    assert imported[columns].equals(served_rows[columns])


def test_a_note_with_html_is_shown_as_text(browser: Browser, fresh_server: Server):
    note = "<img src=x onerror=alert(1)> <script>alert(2)</script>"
    data = fresh_server.log_path.parent / "data"
    data.mkdir(exist_ok=True)  # the folder Voila's kernels log into (BACKCARE_DATA_DIR)
    with SessionLog(data) as log:
        log.record("bridge", reps=5, notes=note, when=datetime.now(UTC))
    origin = fresh_server.base_url.rstrip("/")
    with chromium_page(browser, origin) as watched:
        page = watched.page
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        open_voila_page(page, fresh_server.render_url("notebooks/06_My_progress.ipynb"))
        notes = page.locator(".backcare-set-card__notes").first
        notes.wait_for()
        assert notes.inner_text() == note
        assert page.locator(".backcare-latest img, .backcare-latest script").count() == 0
        assert page.locator("img[src='x']").count() == 0
        page.wait_for_timeout(500)
        assert dialogs == []
        watched.assert_clean()


def _sample_ending_today() -> bytes:
    """Return the sample log moved forward in time so that its last day is today."""
    import pandas as pd

    frame = pd.read_csv(ROOT / "data" / "sample_log.csv", dtype=str, keep_default_na=False)
    when = pd.to_datetime(frame["when"], utc=True)
    shift = pd.Timestamp.now(tz="UTC").normalize() - when.max().normalize()
    frame["when"] = (when + shift).map(lambda t: t.isoformat())
    return frame.to_csv(index=False).encode()


def test_progress_page_draws_a_fortnight_of_sets(browser: Browser, fresh_server: Server):
    data = fresh_server.log_path.parent / "data"
    data.mkdir(exist_ok=True)
    with SessionLog(data) as log:
        log.import_csv(_sample_ending_today())
    origin = fresh_server.base_url.rstrip("/")
    for width, height, name in ((1280, 900, "desktop"), (390, 844, "phone")):
        with chromium_page(browser, origin, width=width, height=height) as watched:
            open_voila_page(watched.page, fresh_server.render_url("notebooks/06_My_progress.ipynb"))
            charts = watched.page.locator("figure.backcare-chart")
            charts.first.wait_for()
            assert charts.count() == 3
            for index in range(3):
                # each figure is named by its visible caption, the chart's text alternative
                assert len(charts.nth(index).locator("figcaption").inner_text()) > 40
            # the latest sets are redrawn in the browser's time zone once it has said
            zone = watched.page.locator(".backcare-latest__zone", has_text="your time zone")
            zone.wait_for(timeout=60_000)
            assert_fits_width(watched.page)
            full_page_screenshot(watched.page, SCREENSHOTS / f"progress-{name}.png")
            watched.assert_clean()


def test_exercise_page_at_desktop_width(browser: Browser, fresh_server: Server):
    origin = fresh_server.base_url.rstrip("/")
    with chromium_page(browser, origin) as watched:
        open_voila_page(
            watched.page, fresh_server.render_url("notebooks/03_Hamstring_stretch.ipynb")
        )
        watched.page.locator(".backcare-hold-timer").wait_for()
        full_page_screenshot(watched.page, SCREENSHOTS / "exercise-page-desktop.png")
        watched.assert_clean()


def test_two_tabs_saving_at_once_lose_nothing(browser: Browser, fresh_server: Server):
    """Two pages (two kernels) finish a set and save at the same moment: both rows are kept."""
    origin = fresh_server.base_url.rstrip("/")
    url = fresh_server.render_url("notebooks/01_Bridge.ipynb")
    with chromium_page(browser, origin) as first, chromium_page(browser, origin) as second:
        tabs = (first, second)
        for watched in tabs:
            watched.page.clock.install()
            open_voila_page(watched.page, url)
            watched.page.locator(".backcare-hold-timer").wait_for()
            watched.page.clock.pause_at(watched.page.evaluate("Date.now()") / 1000 + 1)
        for watched in tabs:
            watched.page.get_by_role("button", name="Start").click()
        for watched in tabs:
            watched.page.clock.run_for(SET_MS)
            watched.page.clock.resume()
            watched.page.get_by_text("Set 1 done").wait_for()
        for watched in tabs:  # both clicks go out before either answer comes back
            watched.page.get_by_role("button", name="Save set 1").click(no_wait_after=True)
        for watched in tabs:
            watched.page.get_by_text("Saved set 1").wait_for()
            watched.assert_clean()
    with SessionLog(fresh_server.log_path.parent / "data") as log:
        rows = log.to_dataframe()
    assert len(rows) == 2
    assert rows["uid"].nunique() == 2
    assert set(rows["exercise"].astype(str)) == {"bridge"}


def test_a_20_mb_upload_is_answered_with_a_clear_message(
    browser: Browser, fresh_server: Server, tmp_path: Path
):
    big = tmp_path / "huge.csv"
    big.write_bytes(b"uid,when,exercise\n" + b"x" * (20 * 1024 * 1024))
    with chromium_page(browser, fresh_server.base_url.rstrip("/")) as watched:
        page = watched.page
        frames: list[int] = []  # every websocket frame the page sends, by size
        page.on("websocket", lambda ws: ws.on("framesent", lambda data: frames.append(len(data))))
        open_voila_page(page, fresh_server.render_url("notebooks/06_My_progress.ipynb"))
        with page.expect_file_chooser() as chooser:
            page.get_by_role("button", name="Import a CSV").click()
        chooser.value.set_files(big)
        alert = page.get_by_role("alert")
        alert.wait_for(timeout=60_000)
        assert "huge.csv is 21 MB, larger than the limit of 10 MB per file." in alert.inner_text()
        assert "Nothing was sent." in alert.inner_text()
        page.wait_for_timeout(500)  # anything sent now would be the file
        assert max(frames) < 100_000, "the refused file was sent after all"
        watched.assert_clean()
