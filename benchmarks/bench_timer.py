"""Hold timing error of HoldTimer in real Chromium, with the kernel idle and busy.

Serves ``tests/e2e/notebooks/timer.ipynb`` with Voila (4 holds of 3 s per set), runs sets in
real time and measures, per hold, against the page's wall clock (``performance.now()``):

- heard: start beep to end beep (tones are scheduled on the audio clock), minus 3 s;
- shown: the screen switching to HOLD and away from it, minus 3 s;
- reported: the seconds the view reported to Python, minus 3 s (the view measures holds on its
  pause-aware clock from the step boundaries the beeps are scheduled at, so this is 0 by
  construction for a full hold; it is listed to show nothing is lost on the way to Python).

Busy: the notebook's button blocks the kernel for 6 s at the start of each set. Target (issue
5): median <= 20 ms and max <= 50 ms per hold. Run with ``python -m benchmarks.bench_timer``;
it takes about 2 minutes and stops everything it starts.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "tests/e2e/notebooks/timer.ipynb"
HOLD_S = 3.0
HOLDS_PER_SET = 4
SETS_PER_CASE = 1
TARGET_MEDIAN_MS, TARGET_MAX_MS = 20.0, 50.0

SPIES = """
window.__beeps = [];
window.__phases = [];
const realStart = OscillatorNode.prototype.start;
OscillatorNode.prototype.start = function (...args) {
  const ahead = args.length ? (args[0] - this.context.currentTime) * 1000 : 0;
  window.__beeps.push({ at: performance.now() + Math.max(0, ahead), hz: this.frequency.value });
  return realStart.apply(this, args);
};
new MutationObserver((records) => {
  for (const r of records) {
    const last = window.__phases[window.__phases.length - 1];
    if (!last || last.phase !== r.target.dataset.phase) {
      window.__phases.push({ t: performance.now(), phase: r.target.dataset.phase });
    }
  }
}).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-phase'] });
"""


def _run_set(page, *, busy: bool) -> dict[str, list[float]]:
    """Run one set in real time; return the errors (ms) of its holds."""
    import json

    page.evaluate("window.__beeps = []; window.__phases = []")
    timer = page.get_by_role("group", name="Hold timer: Test stretch")
    timer.locator(".backcare-hold-timer__start").click()
    if busy:
        page.get_by_role("button", name="Keep the kernel busy for 6 s").click()
    page.wait_for_selector(".backcare-hold-timer[data-phase='done']", timeout=60_000)
    page.wait_for_function(
        "JSON.parse(document.querySelector('.python-holds').textContent).length === "
        f"{HOLDS_PER_SET}",
        timeout=60_000,
    )
    if busy:
        page.locator(".busy-status", has_text="kernel idle again").wait_for(timeout=60_000)
    beeps = page.evaluate("window.__beeps")
    starts = [b["at"] for b in beeps if b["hz"] == 880]
    ends = [b["at"] for b in beeps if b["hz"] == 587]
    phases = page.evaluate("window.__phases")
    shown = [
        after["t"] - before["t"]
        for before, after in itertools.pairwise(phases)
        if before["phase"] == "hold"
    ]
    reported = [h["seconds"] * 1000 for h in json.loads(page.locator(".python-holds").inner_text())]
    target = HOLD_S * 1000
    return {
        "heard": [abs(end - start - target) for start, end in zip(starts, ends, strict=True)],
        "shown": [abs(ms - target) for ms in shown],
        "reported": [abs(ms - target) for ms in reported],
    }


def measure() -> dict[str, dict[str, list[float]]]:
    """Start Voila and Chromium, run the sets, stop both; return errors per case and measure."""
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.harness import chromium_page, launch_chromium, open_voila_page, start_voila

    results: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-timer-") as tmp:
        server = start_voila(Path(tmp) / "voila.log", Path(tmp) / "data")
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                try:
                    with chromium_page(browser, server.base_url.rstrip("/")) as watched:
                        page = watched.page
                        page.add_init_script(SPIES)
                        open_voila_page(page, server.render_url(NOTEBOOK))
                        for case, busy in (("idle kernel", False), ("busy kernel", True)):
                            errors: dict[str, list[float]] = {}
                            for _ in range(SETS_PER_CASE):
                                for name, values in _run_set(page, busy=busy).items():
                                    errors.setdefault(name, []).extend(values)
                            results[case] = errors
                finally:
                    browser.close()
        finally:
            server.stop()
    return results


def run() -> list[str]:
    """Measure and return the results as markdown lines."""
    started = time.monotonic()
    results = measure()
    lines = [
        "### Hold timer: timing error per hold (real Chromium, Voila)",
        "",
        (
            f"{SETS_PER_CASE} sets x {HOLDS_PER_SET} holds of {HOLD_S:.0f} s per case; error ="
            " |measured - target| against the page's wall clock (`performance.now()`)."
        ),
        (
            f"Target: median <= {TARGET_MEDIAN_MS:.0f} ms, max <= {TARGET_MAX_MS:.0f} ms per hold"
            " (the heard beeps are what the person times the hold by)."
        ),
        (
            "heard: when the start and end tones were scheduled to sound (audio clock, mapped to"
            " the page clock at scheduling time); shown: when the screen changed phase; reported:"
            " what Python received (measured on the view's pause-aware clock from the step"
            " boundaries, so it equals the target unless the set was paused or stopped)."
        ),
        "",
        "| case | measure | holds | median ms | max ms | within target |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for case, errors in results.items():
        for name, values in errors.items():
            median, worst = statistics.median(values), max(values)
            ok = median <= TARGET_MEDIAN_MS and worst <= TARGET_MAX_MS
            lines.append(
                f"| {case} | {name} | {len(values)} | {median:.1f} | {worst:.1f} |"
                f" {'yes' if ok else 'no'} |"
            )
    lines += ["", f"Took {time.monotonic() - started:.0f} s.", ""]
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
