"""Drive the camera coach on a real page with Chromium's fake camera, and record what it does.

Shared by the browser tests and ``benchmarks/bench_coach.py``: Chromium is launched with a video
from :mod:`tests.camera.video` as its camera, the page's coach is switched on as a person would,
and a small recorder in the page reads the frame number stamped on the frame the preview shows
(the same stream the pose model sees) every 40 ms, noting the frame at which the coach's count,
position or the hold timer's announcement change. So each event lines up with the ground truth.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tests.harness import CHROMIUM as CHROMIUM_PATH
from tests.harness import CHROMIUM_ARGS, check_chromium, chromium_page

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, BrowserType, Locator, Page

    from tests.camera.video import Video
    from tests.harness import WatchedPage

COACH = ".backcare-camera-coach"
SWITCH = ".backcare-camera-coach__switch"
PREVIEW = ".backcare-camera-coach__video"
TIMER_LIVE = ".backcare-hold-timer__live"
#: The coach loads its pose model after the camera starts: allow for a busy machine.
START_TIMEOUT_MS = 120_000

_RECORDER = """
([frames, bits, block]) => {
  const coach = document.querySelector('.backcare-camera-coach');
  const video = coach.querySelector('.backcare-camera-coach__video');
  const canvas = document.createElement('canvas');
  canvas.width = bits * block; canvas.height = block;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const rec = window.__coachRecord = { frame: -1, wraps: 0, raw: -1, events: [], seen: 0 };
  const last = {};
  const read = () => {
    if (!video.srcObject || video.readyState < 2 || !video.videoHeight) return -1;
    ctx.drawImage(video, 0, video.videoHeight - block, bits * block, block,
                  0, 0, bits * block, block);
    const d = ctx.getImageData(0, 0, bits * block, block).data;
    let n = 0;
    for (let b = 0; b < bits; b++) {
      const i = ((block >> 1) * bits * block + b * block + (block >> 1)) * 4;
      n = n * 2 + ((d[i] + d[i + 1] + d[i + 2]) / 3 > 128 ? 1 : 0);
    }
    return n;
  };
  const note = (kind, value) => {
    if (last[kind] === value) return;
    last[kind] = value;
    rec.events.push({ kind, value, frame: rec.frame, t: performance.now() });
  };
  rec.timer = setInterval(() => {
    const n = read();
    if (n >= 0 && n < frames) {
      if (rec.raw >= 0 && n < rec.raw - frames / 2) rec.wraps += 1;
      rec.raw = n;
      rec.frame = n + rec.wraps * frames;
      rec.seen += 1;
    }
    note('status', coach.dataset.status || '');
    note('count', coach.dataset.count || '0');
    note('in_position', coach.dataset.inPosition || '');
    const live = document.querySelector('.backcare-hold-timer__live');
    note('timer', live ? live.textContent.trim() : '');
  }, 40);
}
"""


@contextlib.contextmanager
def camera_browser(browser_type: BrowserType, video: Video) -> Iterator[Browser]:
    """Launch Debian's Chromium whose camera plays ``video`` (granted without a prompt).

    ``browser_type`` is ``playwright.chromium`` (or ``browser.browser_type`` of a running one:
    the camera's file is a switch of the browser process, so each video needs its own).
    """
    check_chromium()
    browser = browser_type.launch(
        executable_path=CHROMIUM_PATH, args=[*CHROMIUM_ARGS, *video.chromium_args()]
    )
    try:
        yield browser
    finally:
        browser.close()


@contextlib.contextmanager
def coach_page(browser: Browser, origin: str, url: str) -> Iterator[WatchedPage]:
    """Open ``url`` (a Voila page) in a phone-sized context and wait for its cells."""
    from tests.harness import open_voila_page

    with chromium_page(browser, origin, width=390, height=844) as watched:
        open_voila_page(watched.page, url)
        watched.page.locator(COACH).first.wait_for(state="attached", timeout=60_000)
        yield watched


def coach(page: Page) -> Locator:
    """Return the page's (first) camera coach."""
    return page.locator(COACH).first


def switch_on(page: Page, video: Video) -> None:
    """Turn the coach on as a person does, start the recorder, and wait until it is on."""
    box = coach(page)
    box.locator(SWITCH).scroll_into_view_if_needed()
    box.locator(SWITCH).click()
    stamp = video.truth["stamp"]
    page.evaluate(_RECORDER, [video.truth["frames"], stamp["bits"], stamp["block_px"]])
    page.wait_for_function(
        "() => { const c = document.querySelector('.backcare-camera-coach');"
        " return c.dataset.status === 'on' || ['failed', 'refused', 'no_camera']"
        ".includes(c.dataset.status); }",
        timeout=START_TIMEOUT_MS,
    )
    status = box.get_attribute("data-status")
    assert status == "on", f"the coach did not start: {status}: {box.inner_text()}"


def switch_off(page: Page) -> None:
    """Turn the coach off with its switch."""
    coach(page).locator(SWITCH).click()


@dataclass
class Record:
    """What the in-page recorder saw: the frame shown now, and the changes with their frame."""

    frame: int
    seen: int
    events: list[dict[str, Any]]

    def values(self, kind: str) -> list[dict[str, Any]]:
        """Return the events of one kind (``count``, ``in_position``, ``timer``, ``status``)."""
        return [e for e in self.events if e["kind"] == kind]

    def first(self, kind: str, predicate: Any) -> dict[str, Any] | None:
        """Return the first event of ``kind`` whose value satisfies ``predicate``."""
        return next((e for e in self.values(kind) if predicate(e["value"])), None)


def record(page: Page) -> Record:
    """Return what the recorder has seen so far."""
    data = page.evaluate(
        "() => { const r = window.__coachRecord;"
        " return { frame: r.frame, seen: r.seen, events: r.events }; }"
    )
    return Record(int(data["frame"]), int(data["seen"]), list(data["events"]))


def wait_for_frame(
    page: Page, frame: int, *, timeout_s: float, fps_samples: list[float] | None = None
) -> Record:
    """Wait until the preview has shown ``frame`` (counted on through loops); return the record.

    ``fps_samples``, if given, gets the coach's detections per second at every look.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        now = record(page)
        if fps_samples is not None:
            fps_samples.append(fps(page))
        if now.frame >= frame:
            return now
        if time.monotonic() > deadline:
            raise AssertionError(
                f"the camera preview reached frame {now.frame}, not {frame}, in {timeout_s:.0f} s"
                f" ({now.seen} frames read)"
            )
        page.wait_for_timeout(200)


def events_from(made: Video, name: str, frame: int) -> list[dict[str, Any]]:
    """Return the video's ``name`` events from ``frame`` on, counted on through its loops."""
    frames = made.truth["frames"]
    out = []
    for loop in range(frame // frames, frame // frames + 2):
        for event in made.truth["events"]:
            if event["event"] == name and event["frame"] + loop * frames >= frame:
                out.append({**event, "frame": event["frame"] + loop * frames})
    return out


@dataclass
class Pass:
    """One whole pass of a repetitions video: what the coach counted against what was shown."""

    counted: int
    shown: int
    first_frame: int
    record: Record
    missed: list[int]

    def describe(self) -> str:
        """Say what was counted, and which repetitions got no count, for a failure message."""
        steps = [(e["frame"] - self.first_frame, e["value"]) for e in self.record.values("count")]
        return (
            f"counted {self.counted} of {self.shown}; repetitions without a count: "
            f"{self.missed or 'none'}; count changes (frame in the pass, count): {steps}"
        )


def count_one_pass(
    page: Page, made: Video, *, settle_s: float = 1.5, fps_samples: list[float] | None = None
) -> Pass:
    """Count over one whole pass of a repetitions video.

    If the coach came on after the video's first lift (the model loads while the camera already
    plays), the pass is the next loop: the count is taken when the video starts again.
    """
    frames, fps_hz = made.truth["frames"], made.truth["fps"]
    now = record(page).frame
    first_lift = events_from(made, "lift", 0)[0]["frame"]
    loop = 0 if now < first_lift else now // frames + 1
    start = wait_for_frame(page, loop * frames, timeout_s=frames / fps_hz + 60)
    base = int(coach(page).get_attribute("data-count") or 0)
    last_down = max(e["frame"] for e in made.truth["events"] if e["event"] == "down")
    end = loop * frames + last_down + round(settle_s * fps_hz)
    seen = wait_for_frame(
        page, end, timeout_s=(end - start.frame) / fps_hz + 60, fps_samples=fps_samples
    )
    counted = int(coach(page).get_attribute("data-count") or 0) - base
    lifts = [e["frame"] + loop * frames for e in made.truth["events"] if e["event"] == "lift"]
    downs = [e["frame"] + loop * frames for e in made.truth["events"] if e["event"] == "down"]
    missed = unmatched_reps(lifts, downs, end, seen.values("count"))
    return Pass(counted, int(made.truth["reps_shown"]), loop * frames, seen, missed)


def unmatched_reps(
    lifts: list[int], downs: list[int], end: int, changes: list[dict[str, Any]]
) -> list[int]:
    """Return the repetitions (numbered from 1) that no rise of the count belongs to.

    The count's rises are matched to the repetitions in order: a rise belongs to a repetition if
    it comes after its lift and before the next repetition is down again (the count comes back
    through the kernel, a little late), or before ``end`` for the last one.
    """
    rises = [
        e["frame"]
        for before, e in itertools.pairwise(changes)
        if int(e["value"]) > int(before["value"])
    ]
    missed = []
    for n, (lift, limit) in enumerate(zip(lifts, [*downs[1:], end], strict=True), 1):
        match = next((r for r in rises if lift <= r <= limit), None)
        if match is None:
            missed.append(n)
        else:
            rises.remove(match)
    return missed


def fps(page: Page) -> float:
    """Return the detections per second the coach reports (``data-fps``)."""
    value = coach(page).get_attribute("data-fps")
    return float(value) if value else 0.0
