"""While a page's cells run, the person sees the page's title and what is happening, and then the
page arrives with its title exactly where the loading screen had it.

Voila's scripts are held back in the browser (a route that answers only when released), so the
loading screen stays up as long as the test looks at it, as on a slow phone connection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.harness import chromium_page, wait_for_cells

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

    from tests.harness import Server

TITLE_BOX = "el => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }"


def open_held(page: Page, url: str) -> list[Route]:
    """Open ``url`` with Voila's main script held; return once the page's HTML has arrived."""
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route("**/voila.js", hold)
    page.goto(url, wait_until="commit")
    # the HTML names voila.js last, after every cell has run
    page.wait_for_function("() => !!document.querySelector('script[src$=\"/voila.js\"]')")
    return held


@pytest.mark.parametrize(
    ("notebook", "title", "waiting"),
    [
        ("notebooks/01_Bridge.ipynb", "Bridge", "Getting your exercise ready…"),
        (
            "notebooks/00_Start_here.ipynb",
            "BackCare Workbook: exercises for your lower back",
            "Getting the page ready…",
        ),
    ],
)
@pytest.mark.parametrize("width", [390, 1280])
def test_loading_screen_shows_the_title_and_the_page_does_not_jump(  # noqa: PLR0917
    browser: Browser, voila_server: Server, notebook: str, title: str, waiting: str, width: int
):
    with chromium_page(browser, voila_server.base_url.rstrip("/"), width=width) as watched:
        page = watched.page
        held = open_held(page, voila_server.render_url(notebook))
        loading = page.locator("#loading")
        assert loading.is_visible()
        assert loading.get_attribute("role") == "status"
        assert page.locator("#loading h1").inner_text() == title
        assert page.locator("#loading_text").inner_text() == waiting
        assert "Executing" not in loading.inner_text()
        assert page.title().startswith(title)
        before = page.locator("#loading h1").evaluate(TITLE_BOX)

        for route in held:
            route.continue_()
        page.unroute("**/voila.js")
        wait_for_cells(page)
        assert page.locator("#loading").count() == 0
        after = page.locator("#rendered_cells h1").first.evaluate(TITLE_BOX)
        assert page.locator("#rendered_cells h1").first.inner_text() == title
        assert after == pytest.approx(before, abs=1)  # same place, same size: nothing jumps
        watched.assert_clean()
