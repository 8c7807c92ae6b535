"""The way in, at phone size: the start page leads to today's routine first, and the set of an
exercise page or of the routine is one tap away (its timer within the screen after the tap).
The presenter goes full screen with a button."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.harness import SCREENSHOTS, START_PAGE, chromium_page, open_voila_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.harness import Server

PHONE = {"width": 390, "height": 844}


def test_the_start_pages_first_action_is_todays_routine(browser: Browser, voila_server: Server):
    with chromium_page(browser, voila_server.base_url.rstrip("/"), **PHONE) as watched:
        page = watched.page
        open_voila_page(page, voila_server.render_url(START_PAGE))
        links = page.locator("#rendered_cells a[href]:not(.anchor-link)")
        first = links.first
        assert first.inner_text().strip() == "Start today's routine"
        assert (first.get_attribute("href") or "").endswith("05_Todays_routine.ipynb")
        box = first.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= PHONE["height"], box  # on the first screen
        texts = [t.strip() for t in links.all_inner_texts()]
        assert texts.index("Start today's routine") < texts.index("Bridge")  # then exercises
        page.screenshot(path=SCREENSHOTS / "start-page-first-screen-phone.png")
        watched.assert_clean()


@pytest.mark.parametrize(
    "notebook",
    ["notebooks/03_Hamstring_stretch.ipynb", "notebooks/05_Todays_routine.ipynb"],
)
def test_the_timer_is_one_tap_away_on_a_phone(
    browser: Browser, voila_server: Server, notebook: str
):
    with chromium_page(browser, voila_server.base_url.rstrip("/"), **PHONE) as watched:
        page = watched.page
        open_voila_page(page, voila_server.render_url(notebook))
        timer = page.locator(".backcare-hold-timer").first
        timer.wait_for(timeout=90_000)
        jump = page.get_by_role("link", name="Go to the timer ↓")
        box = jump.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= PHONE["height"]  # the link is on the first screen
        jump.click()
        page.wait_for_timeout(500)
        name = notebook.rsplit("/", maxsplit=1)[-1].removesuffix(".ipynb")
        page.screenshot(path=SCREENSHOTS / f"{name}-after-go-to-the-timer-phone.png")
        start = timer.get_by_role("button", name="Start")
        button = start.bounding_box()
        assert button is not None
        assert button["y"] >= 0, button
        assert button["y"] + button["height"] <= PHONE["height"], button
        if "Hamstring" in notebook:  # the pictures and steps are still on the page
            assert page.locator(".backcare-poses svg").count() == 2
            assert page.get_by_text("Starting position").count() > 0
        watched.assert_clean()


def test_the_presenter_goes_full_screen_and_back(browser: Browser, voila_server: Server):
    with chromium_page(browser, voila_server.base_url.rstrip("/")) as watched:
        page = watched.page
        open_voila_page(page, voila_server.render_url("notebooks/07_For_educators.ipynb"))
        root = page.locator(".backcare-presenter__root")
        full = root.get_by_role("button", name="Full screen")
        full.click()
        page.wait_for_function(
            "() => document.fullscreenElement?.classList.contains('backcare-presenter__root')"
        )
        exit_button = root.get_by_role("button", name="Exit full screen")
        assert exit_button.get_attribute("aria-pressed") == "true"
        exit_button.click()
        page.wait_for_function("() => document.fullscreenElement === null")
        assert full.get_attribute("aria-pressed") == "false"
        watched.assert_clean()
