"""HoldTimer in Voila and Debian's Chromium: phases, what comes next, sound, keys, busy kernel.

Time is moved with Playwright's clock, except in the busy-kernel test, which runs in real time
because the kernel's sleep is real. Beeps and speech are recorded by spies installed before the
page loads.
"""

from __future__ import annotations

import base64
import itertools
import json
import time
from typing import TYPE_CHECKING

import pytest

from backcare_widgets.components.hold_plan import build_plan, locate
from backcare_widgets.components.hold_timer import HoldTimer
from tests.harness import open_voila_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

    from tests.harness import Server, WatchedPage

NOTEBOOK = "tests/e2e/notebooks/timer.ipynb"
HOLD_START_HZ, HOLD_END_HZ, FALLBACK_HZ = 880, 587, 660

SPIES = """
window.__beeps = [];
window.__spoken = [];
const realStart = OscillatorNode.prototype.start;
OscillatorNode.prototype.start = function (...args) {
  // `at`: when the tone sounds, on the page's clock (tones are scheduled on the audio clock)
  const ahead = args.length ? (args[0] - this.context.currentTime) * 1000 : 0;
  window.__beeps.push({ at: performance.now() + Math.max(0, ahead), hz: this.frequency.value });
  return realStart.apply(this, args);
};
const realSpeak = speechSynthesis.speak.bind(speechSynthesis);
speechSynthesis.speak = (utterance) => {
  window.__spoken.push(utterance.text);
  if (!window.__silentVoice) return realSpeak(utterance);
};
"""
# A page that pretends to have a voice; `silent` also keeps the utterances from the synthesiser.
FAKE_VOICE = """
window.__silentVoice = %s;
speechSynthesis.getVoices = () => [{ name: "Test voice", lang: "en-GB", default: true }];
"""


def _open(page: Page, server: Server, *, init: str = "") -> Locator:
    page.add_init_script(SPIES + init)
    page.clock.install()
    open_voila_page(page, server.render_url(NOTEBOOK))
    timer = page.get_by_role("group", name="Hold timer: Test stretch")
    timer.wait_for()
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # seconds
    return timer


def _face(timer: Locator) -> tuple[str, str, str, str, str]:
    def text(part: str) -> str:
        return timer.locator(f".backcare-hold-timer__{part}").inner_text().strip()

    return (
        timer.get_attribute("data-phase") or "",
        text("label"),
        text("digits"),
        text("detail"),
        text("then"),
    )


def _beeps(page: Page, hz: int) -> int:
    return page.evaluate(f"window.__beeps.filter(b => b.hz === {hz}).length")


def _python_holds(page: Page, count: int) -> list[dict]:
    page.clock.resume()
    page.wait_for_function(
        f"JSON.parse(document.querySelector('.python-holds').textContent).length === {count}",
        timeout=30_000,
    )
    return json.loads(page.locator(".python-holds").inner_text())


def test_full_set_with_clicks_walks_phases_speaks_and_reports(
    watched: WatchedPage, voila_server: Server
):
    page = watched.page
    timer = _open(page, voila_server, init=FAKE_VOICE % "true")
    assert _face(timer)[:4] == ("idle", "READY", "3", "First: Left leg - hold 1 of 2")
    live = timer.locator("[aria-live='polite']")

    timer.get_by_role("button", name="Start").click()
    page.clock.run_for(10)  # step boundaries are then 10 ms before each whole second below
    assert _face(timer) == ("get_ready", "GET READY", "2", "Next: Left leg - hold 1 of 2",
                            "Then: hold 3 s")  # fmt: skip
    assert "Get ready" in live.inner_text()
    assert timer.get_attribute("data-wake-lock") == "on"
    page.clock.run_for(2_000)
    assert _face(timer) == ("hold", "HOLD", "3", "Left leg - hold 1 of 2", "Then: rest 2 s")
    assert _beeps(page, HOLD_START_HZ) == 1
    page.clock.run_for(3_000)
    assert _face(timer)[:4] == ("rest", "REST", "2", "Next: Left leg - hold 2 of 2")
    assert _beeps(page, HOLD_END_HZ) == 1
    page.clock.run_for(2_000 + 3_000)
    phase, label, _digits, detail, _then = _face(timer)
    assert (phase, label, detail) == ("get_ready", "SWITCH SIDES", "Next: Right leg - hold 1 of 2")
    assert "Switch sides" in live.inner_text()
    page.clock.run_for(2_000 + 3_000 + 2_000 + 3_000)
    assert _face(timer)[:3] == ("done", "SET COMPLETE", "0")
    assert timer.get_attribute("data-wake-lock") == "off"
    assert _beeps(page, HOLD_START_HZ) == 4
    assert _beeps(page, HOLD_END_HZ) == 4
    assert _beeps(page, FALLBACK_HZ) == 0  # the voice spoke, no fallback needed
    spoken = page.evaluate("window.__spoken")
    assert spoken == [
        "Get ready",
        *["Hold", "Relax", "Hold", "Relax", "Switch sides"],
        *["Hold", "Relax", "Hold", "Relax", "Set complete"],
    ]

    holds = _python_holds(page, 4)
    assert [(h["side"], h["repeat"], h["completed"]) for h in holds] == [
        ("left", 1, True),
        ("left", 2, True),
        ("right", 1, True),
        ("right", 2, True),
    ]
    assert all(h["seconds"] == pytest.approx(3, abs=0.01) for h in holds)
    page.locator(".python-status", has_text="finished 4").wait_for()


def test_keyboard_pause_resume_and_early_stop_without_voices(
    watched: WatchedPage, voila_server: Server
):
    """Debian's headless Chromium has no voices: cues fall back to beeps, without errors."""
    page = watched.page
    timer = _open(page, voila_server)
    assert page.evaluate("speechSynthesis.getVoices().length") == 0
    timer.focus()
    page.keyboard.press("Space")
    page.clock.run_for(10)
    assert _face(timer)[0] == "get_ready"
    page.clock.run_for(2_000 + 1_500)  # 1.5 s into the first hold
    page.keyboard.press("Space")
    assert timer.get_attribute("data-status") == "paused"
    assert _face(timer)[1] == "PAUSED - HOLD"
    frozen = _face(timer)[2]
    page.clock.run_for(10_000)
    assert _face(timer)[2] == frozen == "2"
    page.keyboard.press("Space")  # resumes where it stopped, not from the start
    page.clock.run_for(1_500)
    assert _face(timer)[0] == "rest"
    page.clock.run_for(2_000 + 3_000 + 2_000)  # through the switch to the right side
    assert _face(timer)[0] == "hold"
    assert _beeps(page, FALLBACK_HZ) == 2  # "Switch sides" as two beeps
    page.clock.run_for(1_200)
    page.keyboard.press("Escape")
    assert timer.get_attribute("data-status") == "stopped"
    assert "Stopped early after 2 full holds; the last one 1.2 s of 3 s" in timer.inner_text()
    assert page.evaluate("window.__spoken") == []

    holds = _python_holds(page, 3)
    assert [(h["side"], h["repeat"], h["completed"]) for h in holds] == [
        ("left", 1, True),
        ("left", 2, True),
        ("right", 1, False),
    ]
    assert holds[0]["seconds"] == pytest.approx(3, abs=0.01)  # the pause is not counted
    assert holds[2]["seconds"] == pytest.approx(1.2, abs=0.02)
    page.locator(".python-status", has_text="stopped 3").wait_for()


def test_failed_synthesis_falls_back_to_beeps(watched: WatchedPage, voila_server: Server):
    """A voice that ends in `synthesis-failed` (Debian's, once spoken) switches to beeps."""
    page = watched.page
    timer = _open(page, voila_server, init=FAKE_VOICE % "false")
    timer.get_by_role("button", name="Start").click()
    page.clock.run_for(2_000)
    page.clock.resume()  # let the synthesiser report its failure
    page.wait_for_function("window.__spoken.length >= 1")
    time.sleep(1)
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # seconds
    page.clock.run_for(30_000)
    assert _face(timer)[0] == "done"
    assert _beeps(page, FALLBACK_HZ) == 2 + 3  # "Switch sides" and "Set complete"
    assert "Switch sides" not in page.evaluate("window.__spoken")


def test_mute_silences_beeps_and_voice(watched: WatchedPage, voila_server: Server):
    page = watched.page
    timer = _open(page, voila_server, init=FAKE_VOICE % "true")
    mute = timer.get_by_role("button", name="Sound on")
    mute.click()
    assert timer.get_by_role("button", name="Sound off").get_attribute("aria-pressed") == "true"
    timer.get_by_role("button", name="Start").click()
    page.clock.run_for(30_000)
    assert _face(timer)[0] == "done"
    assert page.evaluate("window.__beeps.length") == 0
    assert page.evaluate("window.__spoken") == []


def test_busy_kernel_does_not_slow_the_timer(watched: WatchedPage, voila_server: Server):
    """Real time: the kernel sleeps 6 s during the holds; the count and the report stay right."""
    page = watched.page
    page.add_init_script(
        SPIES
        + """
        window.__phases = [];
        new MutationObserver((records) => {
          for (const r of records) {
            const last = window.__phases[window.__phases.length - 1];
            if (!last || last.phase !== r.target.dataset.phase) {
              window.__phases.push({ t: performance.now(), phase: r.target.dataset.phase });
            }
          }
        }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-phase'] });
        """
    )
    open_voila_page(page, voila_server.render_url(NOTEBOOK))
    timer = page.get_by_role("group", name="Hold timer: Test stretch")
    timer.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Keep the kernel busy for 6 s").click()
    page.locator(".busy-status", has_text="kernel busy").wait_for()
    busy_since = time.monotonic()
    page.wait_for_function("document.querySelector('[data-phase=\"hold\"]') !== null")
    samples = []
    while time.monotonic() - busy_since < 5:
        samples.append(_face(timer)[2])
        time.sleep(0.25)
    assert page.locator(".busy-status").inner_text() == "kernel busy"  # still blocked
    assert len(set(samples)) >= 3, f"the display stalled while the kernel was busy: {samples}"
    page.wait_for_selector("[data-phase='done']", timeout=40_000)
    beeps = page.evaluate("window.__beeps.filter(b => b.hz === 880 || b.hz === 587)")
    starts = [b["at"] for b in beeps if b["hz"] == HOLD_START_HZ]
    ends = [b["at"] for b in beeps if b["hz"] == HOLD_END_HZ]
    heard = [(end - start) / 1000 for start, end in zip(starts, ends, strict=True)]
    assert len(heard) == 4
    assert all(abs(seconds - 3) < 0.05 for seconds in heard), heard  # start to end beep
    phases = page.evaluate("window.__phases")
    shown = [
        (after["t"] - before["t"]) / 1000
        for before, after in itertools.pairwise(phases)
        if before["phase"] == "hold"
    ]
    assert len(shown) == 4
    assert all(abs(seconds - 3) < 0.25 for seconds in shown), shown  # what the screen showed
    page.locator(".busy-status", has_text="kernel idle again").wait_for(timeout=30_000)
    holds = json.loads(page.locator(".python-holds").inner_text())
    assert len(holds) == 4
    assert all(abs(h["seconds"] - 3) < 0.05 for h in holds), holds


def test_view_walks_the_same_steps_as_python(browser: Browser):
    """The JS `locate` and the Python one agree (the plan itself is laid out in Python)."""
    esm = HoldTimer().get_state()["_esm"]
    url = "data:text/javascript;base64," + base64.b64encode(esm.encode()).decode()
    plan = build_plan(
        hold_seconds=7, repeats=3, sides=("left", "right"), get_ready_seconds=5, rest_seconds=4
    )
    alternating = build_plan(
        hold_seconds=5, repeats=2, sides=("left", "right"), rest_seconds=3, alternate=True
    )
    instants = [0, 0.5, 4.999, 5, 11.9, 12, 15.5, 40, 59.99, 60, 75, 200]
    page = browser.new_page()
    try:
        found = page.evaluate(
            """async ([url, plan, instants, alternating]) => {
                const view = await import(url);
                let now = 0;
                const clock = view.createClock(() => now);
                clock.start();
                now = 1000;
                clock.pause();
                now = 5000;
                const paused = clock.elapsed();
                clock.start();
                now = 5500;
                return {
                  located: instants.map((s) => {
                    const r = view.locate(plan, s * 1000);
                    return [r.index, Math.round(r.remainingMs)];
                  }),
                  shown: [20000, 19999, 19001, 19000, 1, 0].map(view.displaySeconds),
                  delays: [20000, 19999.5, 1].map(view.nextDelay),
                  summary: view.summary(plan),
                  alternating: view.summary(alternating),
                  clock: [paused, clock.elapsed()],
                };
            }""",
            [url, [step.to_json() for step in plan], instants, [s.to_json() for s in alternating]],
        )
    finally:
        page.close()
    expected = [[i, round(r * 1000)] for i, r in (locate(plan, s) for s in instants)]
    assert found["located"] == expected
    assert found["shown"] == [20, 20, 20, 19, 1, 0]
    assert found["delays"] == [1001, 1000.5, 2]
    assert found["clock"] == [1000, 1500]  # paused time is not counted
    assert found["summary"] == "3 holds of 7 s each side, 4 s rest between"
    assert found["alternating"] == "2 holds of 5 s each side, sides in turn, 3 s rest between"
