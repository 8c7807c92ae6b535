"""Every exercise's pictures and animation in Voila, in Debian's Chromium, with screenshots.

The screenshots in ``docs/screenshots/pose-*.png`` are for people to look at: keep them
recognisable to a physiotherapist (see ``backcare_widgets/views/figures.py``).
"""

from __future__ import annotations

from backcare_widgets import load_catalog
from tests.harness import SCREENSHOTS, Server, WatchedPage, chromium_page, open_voila_page

PAGE = "tests/e2e/notebooks/figures.ipynb"
IDS = list(load_catalog())


def _progress(page, exercise_id: str) -> float:
    return float(page.locator(f".animation-{exercise_id}").get_attribute("data-progress") or "nan")


def test_pictures_and_animations_render(watched: WatchedPage, voila_server: Server):
    page = watched.page
    open_voila_page(page, voila_server.render_url(PAGE))
    assert page.locator("[data-mime-type*='error'], [data-mime-type*='stderr']").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog()
    for exercise_id in IDS:
        section = page.locator(f".pose-pair[data-exercise='{exercise_id}']")
        section.wait_for(state="visible")
        pictures = section.locator("svg[role='img']")
        assert pictures.count() == 2
        for index, pose in enumerate(("start", "end")):
            svg = pictures.nth(index)
            assert svg.locator("title").text_content() == (
                f"{catalog[exercise_id].name.text}: {pose} position"
            )
            alt = getattr(catalog[exercise_id].alt_text, pose).text
            assert svg.locator("desc").text_content() == alt
            box = svg.bounding_box()
            assert box is not None
            assert box["width"] > 200
            assert box["height"] > 80
        section.scroll_into_view_if_needed()
        section.screenshot(path=SCREENSHOTS / f"pose-{exercise_id}.png")

        animation = page.locator(f".animation-{exercise_id}")
        animation.locator("svg path").first.wait_for(state="attached")
        assert animation.locator("svg path").count() > 15
        assert animation.locator("svg").get_attribute("role") == "img"
        phases = page.locator(f".phase-{exercise_id}")
        phases.get_by_role("button", name="hold", exact=True).click()
        page.wait_for_function(
            f"() => document.querySelector('.animation-{exercise_id}')"
            ".dataset.progress === '1.000'",
            timeout=10_000,
        )
        animation.scroll_into_view_if_needed()
        animation.screenshot(path=SCREENSHOTS / f"pose-{exercise_id}-animation-hold.png")
        phases.get_by_role("button", name="returning", exact=True).click()
        page.wait_for_function(
            f"() => document.querySelector('.animation-{exercise_id}')"
            ".dataset.progress === '0.000'",
            timeout=10_000,
        )


def test_animation_loops_on_its_own(watched: WatchedPage, voila_server: Server):
    page = watched.page
    open_voila_page(page, voila_server.render_url(PAGE))
    exercise_id = IDS[0]
    page.locator(f".animation-{exercise_id} svg path").first.wait_for(state="attached")
    seen = set()
    for _ in range(30):
        seen.add(round(_progress(page, exercise_id), 2))
        page.wait_for_timeout(100)
    assert len(seen) > 3, f"the loop did not move: {sorted(seen)}"
    assert min(seen) == 0.0
    assert max(seen) > 0.5


def test_reduced_motion_shows_the_pose_without_moving(browser, voila_server: Server):
    origin = voila_server.base_url.rstrip("/")
    with chromium_page(browser, origin) as watched:
        watched.page.emulate_media(reduced_motion="reduce")
        open_voila_page(watched.page, voila_server.render_url(PAGE))
        exercise_id = IDS[0]
        watched.page.locator(f".animation-{exercise_id} svg path").first.wait_for(state="attached")
        samples = set()
        for _ in range(6):
            samples.add(_progress(watched.page, exercise_id))
            watched.page.wait_for_timeout(200)
        assert samples == {1.0}
        watched.assert_clean()


def test_pictures_fit_a_phone(browser, voila_server: Server):
    origin = voila_server.base_url.rstrip("/")
    with chromium_page(browser, origin, width=390, height=844) as watched:
        page = watched.page
        open_voila_page(page, voila_server.render_url(PAGE))
        page.locator(".pose-pair").first.wait_for(state="visible")
        page.locator(".backcare-pose-animation svg path").first.wait_for(state="attached")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"page is {overflow}px wider than a phone screen"
        for svg in page.locator(".pose-pair svg").all():
            box = svg.bounding_box()
            assert box is not None
            assert box["width"] >= 300, "a picture is too small to read on a phone"
        section = page.locator(".pose-pair[data-exercise='hamstring-stretch']")
        section.scroll_into_view_if_needed()
        section.screenshot(path=SCREENSHOTS / "pose-hamstring-stretch-phone.png")
        watched.assert_clean()
