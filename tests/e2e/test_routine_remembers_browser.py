"""Today's routine remembers, in Voila and Chromium at phone size: save, reload, resume.

A person does the bridge's set on the timer (Playwright's clock skips the waiting). Before
saving, Next asks in the page and a reload makes the browser ask (``beforeunload``); after
saving, the page says what is done and what is left, and a reload resumes at the next
exercise with the bridge's saved set shown again.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tests.harness import SCREENSHOTS, chromium_page, full_page_screenshot, open_voila_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Locator, Page

    from tests.harness import Server

ROUTINE = "notebooks/05_Todays_routine.ipynb"


def _open_routine(page: Page, server: Server) -> Locator:
    open_voila_page(page, server.render_url(ROUTINE))
    routine = page.locator(".backcare-routine")
    routine.locator(".backcare-routine__heading").wait_for(timeout=90_000)
    return routine


def _finish_set_on_the_timer(page: Page, session: Locator) -> None:
    timer = session.locator(".backcare-hold-timer")
    timer.wait_for()
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)
    timer.get_by_role("button", name="Start").click()
    for _ in range(900):
        page.clock.run_for(1_000)
        if timer.get_attribute("data-phase") == "done":
            break
    page.clock.resume()
    session.get_by_text(re.compile(r"Set 1 done")).wait_for()


def _leaving_asks_first(page: Page, routine: Locator) -> None:
    """Next asks in the page, and a reload makes the browser ask; staying keeps the set."""
    heading = routine.locator(".backcare-routine__heading")
    # Next asks in the page; "Stay here" keeps the set
    routine.get_by_role("button", name="Next exercise").click()
    prompt = routine.locator(".backcare-routine__prompt")
    prompt.get_by_text("Set 1 of Bridge is not saved.").wait_for()
    full_page_screenshot(page, SCREENSHOTS / "routine-unsaved-prompt-phone.png")
    prompt.get_by_role("button", name="Stay here").click()
    prompt.wait_for(state="hidden")
    assert "Exercise 1 of 4: Bridge" in heading.inner_text()

    # leaving the page asks too: the browser's own question (beforeunload), dismissed
    page.locator(".backcare-leave-guard[data-armed='true']").wait_for(state="attached")
    asked: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.evaluate("() => { setTimeout(() => location.reload(), 0); }")
    page.wait_for_timeout(1_500)
    assert asked == ["beforeunload"]
    assert "Exercise 1 of 4: Bridge" in heading.inner_text()  # still here, set kept
    page.remove_listener("dialog", dismiss)


def test_save_reload_resume_and_an_unsaved_set_is_asked_about(
    browser: Browser, fresh_server: Server
):
    origin = fresh_server.base_url.rstrip("/")
    with chromium_page(browser, origin, width=390, height=844) as watched:
        page = watched.page
        page.clock.install()
        routine = _open_routine(page, fresh_server)
        heading = routine.locator(".backcare-routine__heading")
        assert "Exercise 1 of 4: Bridge" in heading.inner_text()
        day = routine.locator(".backcare-routine__day")
        assert day.inner_text().startswith("Still to do today: Bridge, Partial crunches")
        session = routine.locator(".backcare-exercise-session")  # one shown at a time
        session.get_by_text("Bridge: set 1").wait_for()
        _finish_set_on_the_timer(page, session)

        _leaving_asks_first(page, routine)

        # the kernel still answers after staying (Voila's unload did not shut it down): save
        session.get_by_role("button", name="Save set 1").click()
        session.get_by_text("Saved set 1").wait_for()
        day.filter(has_text="Done today: Bridge. Still to do: Partial crunches").wait_for()
        page.locator(".backcare-leave-guard[data-armed='false']").wait_for(state="attached")
        watched.assert_clean()

    # a reopened browser: the routine resumes at the first exercise not done
    with chromium_page(browser, origin, width=390, height=844) as watched:
        page = watched.page
        routine = _open_routine(page, fresh_server)
        heading = routine.locator(".backcare-routine__heading")
        assert "Exercise 2 of 4: Partial crunches" in heading.inner_text()
        day = routine.locator(".backcare-routine__day").inner_text()
        assert day.startswith("Done today: Bridge. Still to do: Partial crunches"), day
        bridge = routine.locator(".backcare-routine__item[data-exercise='bridge']")
        assert "Done for today." in bridge.inner_text()
        full_page_screenshot(page, SCREENSHOTS / "routine-resumed-phone.png")
        routine.get_by_role("button", name="Back").click()
        session = routine.locator(".backcare-exercise-session")
        session.get_by_text("Bridge: set 2").wait_for()
        session.get_by_text("Saved set 1 earlier today").wait_for()
        assert session.get_by_role("button", name="Save set 2").is_visible()
        watched.assert_clean()
