"""My progress in Chromium at 320 px, in a browser whose time zone is not the server's: the
latest sets are cards that fit, their times in the browser's zone, and a first day encourages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from backcare_widgets.data.log import SessionLog
from backcare_widgets.views.latest_sets import FIRST_DAY_MESSAGE
from tests.harness import SCREENSHOTS, WatchedPage, assert_fits_width, open_voila_page
from tests.sets import done_set

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.harness import Server

PROGRESS = "notebooks/06_My_progress.ipynb"


def test_latest_sets_are_cards_in_the_browsers_local_time(browser: Browser, fresh_server: Server):
    data = fresh_server.log_path.parent / "data"
    data.mkdir(exist_ok=True)
    when = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    with SessionLog(data) as log:
        done_set(log, "hamstring-stretch", when, pain=(3, 2))
    tokyo = when.astimezone(UTC) + timedelta(hours=9)  # Asia/Tokyo keeps no summer time
    context = browser.new_context(viewport={"width": 320, "height": 800}, timezone_id="Asia/Tokyo")
    try:
        watched = WatchedPage(context.new_page(), fresh_server.base_url.rstrip("/")).watch()
        page = watched.page
        open_voila_page(page, fresh_server.render_url(PROGRESS))
        latest = page.locator(".backcare-latest")
        latest.get_by_text("Times in your time zone (Asia/Tokyo).").wait_for(timeout=60_000)
        cards = latest.locator(".backcare-set-card")
        assert cards.count() == 2  # one per leg
        assert f"{tokyo:%a %d %b, %H:%M}" in cards.first.inner_text()
        assert page.get_by_text(FIRST_DAY_MESSAGE).count() == 1
        assert_fits_width(page)
        for card in cards.all():
            box = card.bounding_box()
            assert box is not None
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= 320, box
        latest.scroll_into_view_if_needed()
        page.screenshot(path=SCREENSHOTS / "progress-latest-sets-320.png")
        watched.assert_clean()
    finally:
        context.close()
