"""Every workbook page in Voila: widgets, no errors, offline, accessible, fits a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.harness import (
    ROOT,
    SCREENSHOTS,
    Server,
    WatchedPage,
    assert_fits_width,
    chromium_page,
    full_page_screenshot,
    open_voila_page,
)

PAGES = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
GUIDANCE_PAGES = ("00_Start_here.ipynb", "05_Todays_routine.ipynb")
SOURCE_CAUTIONS = (
    (
        "Some exercises may aggravate back pain and should be avoided when you have acute lower "
        "back pain."
    ),
    "Avoid workouts that put too much stress and strain on your back.",
)


def serious_violations(page) -> list[str]:
    """Run axe-core (shipped in a Python package, not fetched) and list serious problems."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("notebook", PAGES)
def test_page_renders_cleanly_and_accessibly(
    notebook: str, watched: WatchedPage, voila_server: Server
):
    page = watched.page
    open_voila_page(page, voila_server.render_url(f"notebooks/{notebook}"))
    page.locator(".jupyter-widgets").first.wait_for(state="visible")
    assert page.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0
    body = page.inner_text("body")
    assert "Traceback" not in body
    assert "ask a health-care professional" in body.lower()
    assert "seed" not in body.lower()  # patients read "the source text", never the project's word
    if notebook in GUIDANCE_PAGES:  # the source's cautions, not only on the crunches' page
        for caution in SOURCE_CAUTIONS:
            assert caution in body, caution
    assert serious_violations(page) == []


def test_long_page_scrolls_with_the_mouse_wheel(watched: WatchedPage, voila_server: Server):
    page = watched.page
    open_voila_page(page, voila_server.render_url("notebooks/01_Bridge.ipynb"))
    page.locator(".jupyter-widgets").first.wait_for(state="visible")
    session = page.locator(".backcare-exercise-session").first
    assert not session.is_visible() or session.bounding_box()["y"] > 900
    page.mouse.move(640, 450)
    for _ in range(20):
        page.mouse.wheel(0, 400)
    page.wait_for_timeout(500)
    box = session.bounding_box()
    assert box is not None
    assert box["y"] < 900, "the exercise session cannot be scrolled into view"


@pytest.mark.parametrize("notebook", PAGES)
def test_page_fits_a_phone(notebook: str, browser, voila_server: Server):
    with chromium_page(browser, voila_server.base_url.rstrip("/"), width=390, height=844) as w:
        open_voila_page(w.page, voila_server.render_url(f"notebooks/{notebook}"))
        w.page.locator(".jupyter-widgets").first.wait_for(state="visible")
        assert_fits_width(w.page)
        full_page_screenshot(w.page, SCREENSHOTS / f"{Path(notebook).stem}-phone.png")
        w.assert_clean()
