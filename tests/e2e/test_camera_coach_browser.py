"""The camera coach in Voila and Chromium's fake camera: private, light, and off when turned off.

Chromium runs with a fake camera (``--use-fake-device-for-media-stream``) and grants it without
asking (``--use-fake-ui-for-media-stream``); ``BACKCARE_FAKE_VIDEO`` may name a Y4M file to play
instead of Chromium's own test pattern. Every websocket frame the page sends or receives is
recorded: with the coach on, none carries a picture (no frame over a few KB, no base64 run, no
``data:image``), and no request leaves the server's origin.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pytest

from tests.harness import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, chromium_page, open_voila_page

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page, WebSocket

    from tests.harness import Server

PAGE = "notebooks/02_Partial_crunches.ipynb"
#: A frame bigger than this is not a measure (a 160x120 JPEG alone is ~5 KB); the widget's own
#: state (its ES module and CSS, sent once when the page opens) is recorded before the switch.
MAX_FRAME_BYTES = 4096
BASE64_RUN = re.compile(rb"[A-Za-z0-9+/]{400,}={0,2}")
MODEL_FILES = ("human.esm.js", "movenet-lightning")
MIN_MEASURES = 5


def assert_coach_files_served(base_url: str) -> None:
    """The coach's files answer under ``base_url``; anything else under its path is refused."""
    import urllib.error
    import urllib.request

    with urllib.request.urlopen(f"{base_url}backcare/coach/LICENSE", timeout=30) as response:
        assert "MIT License" in response.read().decode()
    with urllib.request.urlopen(f"{base_url}backcare/coach/human.esm.js", timeout=30) as response:
        assert response.headers["Content-Type"].startswith("text/javascript")
        assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    for path in ("package.json", "dist/human.js", "models/blazeface.bin", "..%2Fpackage.json"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base_url}backcare/coach/{path}", timeout=30)
        refused.value.close()
        assert refused.value.code in (403, 404), path


def test_only_the_coachs_files_are_served(voila_server: Server) -> None:
    assert_coach_files_served(voila_server.base_url)


def _fake_camera_args() -> list[str]:
    args = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        # WebGL through SwiftShader on a machine without a GPU (the library falls back to cpu)
        "--use-angle=swiftshader",
        "--enable-unsafe-swiftshader",
    ]
    video = os.environ.get("BACKCARE_FAKE_VIDEO")
    if video:
        args.append(f"--use-file-for-fake-video-capture={video}")
    return [arg for arg in CHROMIUM_ARGS if arg != "--disable-gpu"] + args


@pytest.fixture(scope="module")
def camera_browser(browser: Browser) -> Iterator[Browser]:
    """A Chromium of this module's own, with the fake camera (one Playwright per process)."""
    camera = browser.browser_type.launch(executable_path=CHROMIUM, args=_fake_camera_args())
    try:
        yield camera
    finally:
        camera.close()


class Frames:
    """Every websocket frame a page sends and receives, as bytes."""

    def __init__(self, page: Page) -> None:
        self.sent: list[bytes] = []
        self.received: list[bytes] = []
        page.on("websocket", self._on_socket)

    def _on_socket(self, socket: WebSocket) -> None:
        socket.on("framesent", lambda payload: self.sent.append(self._bytes(payload)))
        socket.on("framereceived", lambda payload: self.received.append(self._bytes(payload)))

    @staticmethod
    def _bytes(payload: str | bytes) -> bytes:
        return payload.encode() if isinstance(payload, str) else bytes(payload)

    def measures(self) -> list[bytes]:
        return [frame for frame in self.sent if b'"measure"' in frame]


def _no_picture(frames: list[bytes], where: str) -> None:
    for frame in frames:
        assert len(frame) <= MAX_FRAME_BYTES, f"a {len(frame)}-byte frame {where}: {frame[:200]!r}"
        assert b"data:image" not in frame, f"an image {where}: {frame[:200]!r}"
        assert not BASE64_RUN.search(frame), f"a base64 run {where}: {frame[:200]!r}"


def test_the_coach_stays_in_the_browser_and_turns_the_camera_off(
    camera_browser: Browser, voila_server: Server
) -> None:
    with chromium_page(camera_browser, voila_server.base_url.rstrip("/"), width=390) as watched:
        page = watched.page
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        frames = Frames(page)
        open_voila_page(page, voila_server.render_url(PAGE))
        coach = page.locator(".backcare-camera-coach")
        coach.wait_for()
        assert "nothing is recorded or sent" in coach.inner_text()
        switch = coach.get_by_role("switch", name="Camera coach")
        assert switch.get_attribute("aria-checked") == "false"
        box = switch.bounding_box()
        assert box is not None
        assert box["height"] >= 44
        assert box["width"] >= 44
        page.wait_for_timeout(1000)
        # a page where the coach stays off loads no model file
        assert [url for url in requested if any(name in url for name in MODEL_FILES)] == []
        before = len(frames.sent), len(frames.received)

        switch.focus()
        page.keyboard.press("Enter")  # reachable by keyboard
        page.wait_for_function(
            "() => document.querySelector('.backcare-camera-coach').dataset.status === 'on'",
            timeout=120_000,
        )
        assert switch.get_attribute("aria-checked") == "true"
        # up to 12 measures a second reach the kernel, as fast as the model runs on this
        # machine's CPU (a busy CI runner may manage one a second): wait for a few
        for _ in range(180):
            if len(frames.measures()) >= MIN_MEASURES:
                break
            page.wait_for_timeout(500)
        measures = frames.measures()
        assert len(measures) >= MIN_MEASURES, f"only {len(measures)} measures were sent"
        _no_picture(frames.sent[before[0] :], "sent with the coach on")
        _no_picture(frames.received[before[1] :], "received with the coach on")
        loaded = [url for url in requested if any(name in url for name in MODEL_FILES)]
        assert any(url.endswith("/backcare/coach/human.esm.js") for url in loaded), loaded
        assert any(url.endswith("/models/movenet-lightning.bin") for url in loaded), loaded
        elsewhere = [
            url
            for url in requested
            if not url.startswith(("blob:", "data:", voila_server.base_url))
        ]
        assert elsewhere == [], "requests that left the server's origin"
        preview = coach.locator(".backcare-camera-coach__preview")
        assert preview.is_visible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        coach.screenshot(path=SCREENSHOTS / "camera-coach-on-phone.png")

        page.evaluate(
            "() => { window.coachTracks ="
            " document.querySelector('.backcare-camera-coach__video').srcObject.getTracks(); }"
        )
        assert page.evaluate("() => window.coachTracks.map(t => t.readyState)") == ["live"]
        switch.click()
        page.wait_for_function(
            "() => window.coachTracks.every(t => t.readyState === 'ended')", timeout=10_000
        )
        assert switch.get_attribute("aria-checked") == "false"
        assert preview.is_hidden()
        assert "camera is stopped" in coach.locator(".backcare-camera-coach__status").inner_text()
        count = len(frames.measures())
        page.wait_for_timeout(1500)
        assert len(frames.measures()) == count, "measures were still sent after turning it off"
        watched.assert_clean()


def test_a_refused_camera_leaves_the_page_as_it_was(
    camera_browser: Browser, voila_server: Server
) -> None:
    with chromium_page(camera_browser, voila_server.base_url.rstrip("/")) as watched:
        page = watched.page
        # the person says no to the camera: the browser rejects the request as it would
        page.add_init_script(
            "navigator.mediaDevices.getUserMedia = () =>"
            " Promise.reject(new DOMException('denied', 'NotAllowedError'));"
        )
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        open_voila_page(page, voila_server.render_url(PAGE))
        coach = page.locator(".backcare-camera-coach")
        coach.get_by_role("switch", name="Camera coach").click()
        status = coach.locator(".backcare-camera-coach__status")
        page.wait_for_function(
            "() => document.querySelector('.backcare-camera-coach').dataset.status === 'refused'"
        )
        assert status.inner_text() == (
            "The camera was not allowed: count and time by hand, as before."
        )
        assert coach.get_by_role("switch").get_attribute("aria-checked") == "false"
        assert [url for url in requested if any(name in url for name in MODEL_FILES)] == []
        # the counter works by hand as before
        counter = page.locator(".backcare-rep-counter")
        counter.get_by_role("button", name="+ 1").click()
        counter.get_by_text("1 of 8").wait_for()
        watched.assert_clean()


def test_the_hold_waits_for_the_position_and_starts_when_it_is_reached(
    browser: Browser, voila_server: Server
) -> None:
    """Get-ready runs out, the timer waits; the coach sees the side: the hold starts at once."""
    with chromium_page(browser, voila_server.base_url.rstrip("/")) as watched:
        page = watched.page
        open_voila_page(page, voila_server.render_url("tests/e2e/notebooks/coach_timer.ipynb"))
        timer = page.locator(".backcare-hold-timer")
        label = timer.locator(".backcare-hold-timer__label")
        live = timer.locator(".backcare-hold-timer__live")
        timer.get_by_role("button", name="Start").click()
        page.wait_for_timeout(3500)  # 2 s of get-ready, then waiting
        assert timer.get_attribute("data-phase") == "get_ready"
        assert label.text_content() == "Waiting for your position"
        page.get_by_role("button", name="Coach sees: right").click()  # the wrong side
        page.wait_for_timeout(1000)
        assert timer.get_attribute("data-phase") == "get_ready"
        page.get_by_role("button", name="Coach sees: left").click()
        page.wait_for_function(
            "() => document.querySelector('.backcare-hold-timer').dataset.phase === 'hold'",
            timeout=1000,  # the target: the hold starts within 1 s of the position
        )
        assert live.inner_text().startswith("In position: hold started.")
        assert "Left side" in timer.inner_text()
        # after the hold (2 s) and the 1 s back to the middle, the right side waits for its position
        page.wait_for_timeout(3500)
        assert timer.get_attribute("data-phase") == "rest"
        assert label.text_content() == "Waiting for your position"
        page.get_by_role("button", name="Coach sees: right").click()
        page.wait_for_function(
            "() => document.querySelector('.backcare-hold-timer').dataset.phase === 'hold'",
            timeout=1000,
        )
        assert "Right side" in timer.inner_text()
        page.wait_for_function(
            "() => document.querySelector('.backcare-hold-timer').dataset.status === 'done'",
            timeout=5000,
        )
        watched.assert_clean()
