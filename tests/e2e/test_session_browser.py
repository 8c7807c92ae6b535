"""ExerciseSession in Voila and Chromium: a whole set hands-free, logged, with the pain warning."""

from __future__ import annotations

from typing import TYPE_CHECKING

from axe_playwright_python.sync_playwright import Axe

from backcare_widgets.data.log import SessionLog
from tests.harness import SCREENSHOTS, chromium_page, open_voila_page

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from tests.harness import Server, WatchedPage

NOTEBOOK = "tests/e2e/notebooks/session.ipynb"
# lower-back-rotational-stretch from the low end of its dosage: 2 holds of 5 s each side, sides
# in turn, with the notebook's 3 s get-ready and 2 s back to the middle: 3 + 4 x 5 + 3 x 2 = 29 s
SET_MS = 30_000


def _open(page: Page, server: Server) -> Locator:
    page.clock.install()
    open_voila_page(page, server.render_url(NOTEBOOK))
    session = page.locator(".backcare-exercise-session")
    session.wait_for()
    session.locator(".backcare-hold-timer").wait_for()
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # seconds
    return session


def _pain(session: Locator, which: int, score: int) -> None:
    scale = session.locator(".backcare-pain-scale").nth(which)
    scale.get_by_role("radio", name=str(score), exact=True).click()


def _log_rows(server: Server) -> list[dict]:
    with SessionLog(server.log_path.parent / "data") as log:
        frame = log.to_dataframe()
    return frame.to_dict("records")


def test_a_set_is_guided_logged_and_warns_when_pain_is_worse(
    watched: WatchedPage, voila_server: Server
):
    page = watched.page
    session = _open(page, voila_server)
    assert "Lower back rotational stretch" in session.inner_text()
    assert "ask a health-care professional" in session.inner_text().lower()
    _pain(session, 0, 3)
    session.locator(".backcare-pain-scale").nth(0).get_by_text("Chosen: 3 of 10").wait_for()

    timer = session.locator(".backcare-hold-timer")
    timer.focus()
    page.keyboard.press("Space")  # hands-free from here
    page.clock.run_for(10)
    assert timer.get_attribute("data-phase") == "get_ready"
    page.clock.run_for(3_000 + 2_500)
    assert timer.get_attribute("data-phase") == "hold"
    assert "Left side - hold 1 of 2" in timer.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    timer.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "session-mid-hold.png", full_page=True)
    # the source's order: one side, back to the middle, the other side, back, and again
    page.clock.run_for(2_500 + 1_000)  # 1 s into the first move back
    assert timer.get_attribute("data-phase") == "rest"
    assert "Back to the middle" in timer.inner_text()
    assert "Next: Right side - hold 1 of 2. Roll your knees to the right." in timer.inner_text()
    page.clock.run_for(2_000)
    assert timer.get_attribute("data-phase") == "hold"
    assert "Right side - hold 1 of 2" in timer.inner_text()
    page.clock.run_for(5_000 + 2_000)
    assert "Left side - hold 2 of 2" in timer.inner_text()
    page.clock.run_for(SET_MS)
    assert timer.get_attribute("data-phase") == "done"

    page.clock.resume()
    session.get_by_text("Set 1 done").wait_for()
    session.get_by_role("checkbox").first.check()
    _pain(session, 1, 6)
    warning = session.get_by_role("alert")
    warning.wait_for()
    assert "3 points worse" in warning.inner_text()
    assert "ask a health-care professional" in warning.inner_text()
    session.get_by_role("button", name="Save set 1").click()
    session.get_by_text("Saved set 1").wait_for()
    assert "left side: 2 holds, held 5 s (done)" in session.inner_text()
    assert "3 points worse" in session.get_by_role("alert").inner_text()  # stays up

    rows = _log_rows(voila_server)
    assert [
        (r["exercise"], r["side"], r["set_number"], r["reps"], r["hold_seconds"]) for r in rows
    ] == [
        ("lower-back-rotational-stretch", "left", 1, 2, 5),
        ("lower-back-rotational-stretch", "right", 1, 2, 5),
    ]
    assert all((r["pain_before"], r["pain_after"]) == (3, 6) for r in rows)
    assert all("Stopped early" not in r["notes"] for r in rows)
    assert all("Form cues ticked: 1 of" in r["notes"] for r in rows)
    # ready for set 2, pain before carried over
    session.get_by_role("button", name="Save set 2").wait_for()
    session.locator(".backcare-pain-scale").nth(0).get_by_text("Chosen: 6 of 10").wait_for()

    violations = [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert violations == []


def test_stopping_early_logs_a_partial_set_never_a_done_one(
    watched: WatchedPage, voila_server: Server
):
    page = watched.page
    session = _open(page, voila_server)
    timer = session.locator(".backcare-hold-timer")
    timer.get_by_role("button", name="Start").click()
    page.clock.run_for(10 + 3_000 + 5_000 + 2_000 + 2_000)  # 2 s into the first right hold
    timer.get_by_role("button", name="Stop").click()
    page.clock.resume()
    session.get_by_text("Set 1 stopped early").wait_for()
    session.get_by_role("button", name="Save set 1").click()
    session.get_by_text("Saved set 1").wait_for()
    assert "left side: 1 holds, held 5 s (stopped early)" in session.inner_text()
    rows = [r for r in _log_rows(voila_server) if "Stopped early" in r["notes"]]
    left, right = sorted(rows, key=lambda r: r["side"])  # sides in turn: both were started
    assert (left["side"], left["reps"], left["hold_seconds"]) == ("left", 1, 5)
    assert "Stopped early: 1 of 2 holds done in full." in left["notes"]
    assert (right["side"], right["reps"], right["hold_seconds"]) == ("right", 0, 2)
    assert "Stopped early: 0 of 2 holds done in full (the last held 2 s of 5 s)." in right["notes"]


def test_session_fits_a_phone(browser, voila_server: Server):
    with chromium_page(browser, voila_server.base_url.rstrip("/"), width=390, height=844) as w:
        session = _open(w.page, voila_server)
        session.locator(".backcare-hold-timer").get_by_role("button", name="Start").click()
        w.page.clock.run_for(10 + 3_000 + 2_000)
        overflow = w.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        w.page.screenshot(path=SCREENSHOTS / "session-mid-hold-phone.png", full_page=True)
        assert overflow <= 0, f"page is {overflow}px wider than a phone screen"
        w.assert_clean()
