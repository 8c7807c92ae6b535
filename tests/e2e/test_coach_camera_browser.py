"""The camera coach, closed loop: Chromium's fake camera plays the workbook's own poses.

Each test launches a Chromium whose camera plays a video from :mod:`tests.camera.video`, opens the
real exercise page from the shared Voila, and turns the coach on with its switch as a person
does. The page's recorder reads the frame number stamped on the frame the preview shows, so what
the coach does is compared with what the video showed at that moment (the ground truth JSON).
Videos are short and made once into build/camera. Privacy (no picture on the websocket, no
foreign request, no model file before the switch) is tested in test_camera_coach_browser.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.camera import browser as cam
from tests.camera import video

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.harness import Server

CRUNCHES = "notebooks/02_Partial_crunches.ipynb"
ROTATIONAL = "notebooks/04_Lower_back_rotational_stretch.ipynb"
#: How far past a video's last event the tests watch (the coach needs a few frames to decide).
SETTLE_S = 1.5


def test_crunch_video_of_ten_counts_ten_and_off_ends_the_track(
    browser: Browser, voila_server: Server
) -> None:
    made = video.video("crunches", reps=10)
    origin = voila_server.base_url.rstrip("/")
    with (
        cam.camera_browser(browser.browser_type, made) as camera,
        cam.coach_page(camera, origin, voila_server.render_url(CRUNCHES)) as watched,
    ):
        page = watched.page
        cam.switch_on(page, made)
        done = cam.count_one_pass(page, made, settle_s=SETTLE_S)
        assert done.counted == done.shown == 10, done.describe()

        page.evaluate(
            "() => { window.__tracks = document.querySelector("
            "'.backcare-camera-coach__video').srcObject.getVideoTracks(); }"
        )
        cam.switch_off(page)
        page.wait_for_function(
            "() => window.__tracks.length > 0 &&"
            " window.__tracks.every(t => t.readyState === 'ended')",
            timeout=10_000,
        )
        assert cam.coach(page).get_attribute("data-status") == "off"
        watched.assert_clean()


@pytest.mark.parametrize("scene", ["empty", "still-person"])
def test_still_scenes_count_nothing(browser: Browser, voila_server: Server, scene: str) -> None:
    made = video.video(scene)
    origin = voila_server.base_url.rstrip("/")
    with (
        cam.camera_browser(browser.browser_type, made) as camera,
        cam.coach_page(camera, origin, voila_server.render_url(CRUNCHES)) as watched,
    ):
        page = watched.page
        cam.switch_on(page, made)
        start = cam.record(page).frame
        seen = cam.wait_for_frame(page, start + made.truth["frames"], timeout_s=90)
        counts = [e["value"] for e in seen.values("count")]
        assert set(counts) <= {"0"}, f"{scene}: counted {counts} in a video with no repetition"
        watched.assert_clean()


def test_rotational_hold_starts_when_the_knees_roll(browser: Browser, voila_server: Server) -> None:
    made = video.video("rotational")
    fps = made.truth["fps"]
    origin = voila_server.base_url.rstrip("/")
    with (
        cam.camera_browser(browser.browser_type, made) as camera,
        cam.coach_page(camera, origin, voila_server.render_url(ROTATIONAL)) as watched,
    ):
        page = watched.page
        cam.switch_on(page, made)
        timer = page.get_by_role("group", name="Hold timer").first
        timer.get_by_role("button", name="Start").click()
        pressed = cam.record(page).frame
        # the first position reached after Start is the one the timer waits for
        target = cam.events_from(made, "position", pressed + 1)[0]
        seen = cam.wait_for_frame(page, target["frame"] + 2 * fps, timeout_s=90)
        started = seen.first("timer", lambda text: "hold started" in text.lower())
        assert started is not None, f"no hold started; the timer said {seen.values('timer')}"
        late_s = (started["frame"] - target["frame"]) / fps
        assert abs(late_s) <= 1.0, (
            f"the hold started at frame {started['frame']}, {late_s:+.2f} s from the knees "
            f"reaching the {target['side']} side (frame {target['frame']})"
        )
        watched.assert_clean()
