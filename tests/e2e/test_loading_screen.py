"""Once a page's HTML has arrived, the person sees its title, text and pictures (painted from the
HTML, before Voila's scripts and the widget bundle have run) and a line saying what is still
happening; then the widgets take the places of their static copies without anything moving.

Voila's scripts are held back in the browser (a route that answers only when released), so the
page stays in that state as long as the test looks at it, as on a slow phone connection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.harness import chromium_page, wait_for_cells

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

    from tests.harness import Server

TITLE_BOX = "el => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }"
# the boxes of what a widget output shows (pictures, headings, paragraphs), in page order
CONTENT_BOXES = """sel => [...document.querySelectorAll(sel)]
  .filter(el => getComputedStyle(el).visibility !== 'hidden' && el.getClientRects().length)
  .map(el => { const r = el.getBoundingClientRect(); return [el.tagName, r.x, r.y, r.width, r.height]; })"""
COPY = "#rendered_cells .backcare-preview :is(svg, h2, h3, p, li)"
WIDGETS = "#rendered_cells .jp-OutputArea-output:not(.backcare-preview) :is(svg, h2, h3, p, li)"


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
    ("notebook", "title", "waiting", "shown"),
    [
        ("notebooks/01_Bridge.ipynb", "Bridge", "Getting your exercise ready…", ".backcare-poses"),
        (
            "notebooks/00_Start_here.ipynb",
            "BackCare Workbook: exercises for your lower back",
            "Getting the page ready…",
            ".backcare-safety",
        ),
    ],
)
@pytest.mark.parametrize("width", [390, 1280])
def test_page_paints_before_the_widgets_and_does_not_jump(  # noqa: PLR0917
    browser: Browser,
    voila_server: Server,
    notebook: str,
    title: str,
    waiting: str,
    shown: str,
    width: int,
):
    with chromium_page(browser, voila_server.base_url.rstrip("/"), width=width) as watched:
        page = watched.page
        held = open_held(page, voila_server.render_url(notebook))
        loading = page.locator("#loading")
        assert loading.is_visible()
        assert loading.get_attribute("role") == "status"
        assert page.locator("#loading_text").inner_text() == waiting
        assert "Executing" not in loading.inner_text()
        assert page.title().startswith(title)
        # the page itself, from the HTML alone: its title, and the widget's text and pictures
        heading = page.locator("#rendered_cells h1").first
        assert heading.is_visible()
        assert heading.inner_text() == title
        copy = page.locator(f"#rendered_cells .backcare-preview {shown}")
        assert copy.is_visible()
        assert (
            page.locator("#rendered_cells .jupyter-widgets:not(.backcare-preview *)").count() == 0
        )
        before = heading.evaluate(TITLE_BOX)
        copied = page.evaluate(CONTENT_BOXES, COPY)
        assert len(copied) >= 5  # pictures, headings and text: not an empty copy

        for route in held:
            route.continue_()
        page.unroute("**/voila.js")
        wait_for_cells(page)
        assert page.locator("#loading").count() == 0
        assert page.locator("#rendered_cells .backcare-preview").count() == 0
        assert page.locator(f"#rendered_cells .jp-OutputArea-output {shown}").is_visible()
        after = page.locator("#rendered_cells h1").first.evaluate(TITLE_BOX)
        assert after == pytest.approx(before, abs=1)  # same place, same size: nothing jumps
        drawn = page.evaluate(CONTENT_BOXES, WIDGETS)[: len(copied)]
        assert [box[0] for box in drawn] == [box[0] for box in copied]
        for real, static in zip(drawn, copied, strict=True):
            assert real[1:] == pytest.approx(static[1:], abs=1), (real, static)
        watched.assert_clean()
