"""A class logging in at once through a real JupyterHub, beside the same class on one server.

For N = 1, 5 and 10 students, a fresh hub (hub/jupyterhub_config.py, as tests/hub_harness.py
starts it) and N browser contexts in one Chromium: each fills in the hub's login form, then all
N submit within a few milliseconds. Each student's time is from that submit until their start
page (the hub's default URL, in their own newly started server) is interactive: every cell run
and the first widget visible, noted by the page itself (``Date.now()``, the same clock as this
script). So it includes the login, starting the student's server, and the page.

Beside it, on one standalone server (scripts/serve.py, as `make app`), N people open the same
start page at once, timed the same way from the moment they all navigate. Ratios are against
one person on the standalone server, in the same run. Run alone with
``python -m benchmarks.bench_hub`` (about eight minutes on 2 cores).
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.bench_pages import page_ready_script, percentile, settle, tree_rss_mib
from tests.harness import START_PAGE, chromium_page, launch_chromium, start_voila
from tests.hub_harness import START_PATH, STUDENT_PASSWORD, start_hub

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

STUDENTS = (1, 5, 10)
ROUND_TIMEOUT_S = 300
BUDGET_S = 600  # for the hub rounds: a larger class is skipped (and said so) past it
# On each page: once the start page has run every cell and shows a widget, note the wall clock.
DONE_SCRIPT = page_ready_script(
    "!location.pathname.includes('/voila/render/')", "window.__backcareDone = Date.now() / 1000;"
)


def _done_at(page: Page) -> float | None:
    with contextlib.suppress(Exception):  # the page may be between documents (redirects)
        value = page.evaluate("() => window.__backcareDone || null")
        return float(value) if value else None
    return None


def _wait_all(pages: list[Page], started: float) -> tuple[list[float], int]:
    """Return each page's seconds from ``started`` until interactive, and how many never were."""
    done: dict[int, float] = {}
    deadline = time.monotonic() + ROUND_TIMEOUT_S
    while len(done) < len(pages) and time.monotonic() < deadline:
        for i, page in enumerate(pages):
            if i not in done and (at := _done_at(page)) is not None:
                done[i] = at - started
        time.sleep(1.0)  # the page notes its own time: how often we look changes nothing
    return list(done.values()), len(pages) - len(done)


def hub_class(browser: Browser, students: int, tmp: Path) -> tuple[list[float], int, float]:
    """Log ``students`` in at once on a fresh hub; return their times, failures, peak MiB."""
    hub = start_hub(tmp)
    try:
        with contextlib.ExitStack() as stack:
            pages = []
            for number in range(students):
                watched = stack.enter_context(chromium_page(browser, hub.url.rstrip("/")))
                page = watched.page
                page.add_init_script(DONE_SCRIPT)
                page.goto(f"{hub.url}hub/login", timeout=60_000)
                page.fill("#username_input", f"student{number + 1}")
                page.fill("#password_input", STUDENT_PASSWORD)
                pages.append(page)
            started = time.time()
            for page in pages:  # every login is submitted within a few milliseconds
                page.evaluate(
                    "() => setTimeout(() => document.querySelector('#login_submit').click(), 0)"
                )
            times, failed = _wait_all(pages, started)
            for page in pages:
                assert START_PATH in page.url or failed, page.url
            # the students' servers are the hub's children (in sessions of their own)
            peak = tree_rss_mib(hub.server.process.pid)
    finally:
        hub.stop()
    return times, failed, peak


def standalone_class(browser: Browser, people: int, tmp: Path) -> tuple[list[float], int, float]:
    """Open the start page for ``people`` at once on one fresh standalone server."""
    server = start_voila(tmp / "voila.log", tmp / "data", extra_pages=())
    try:
        settle(server)
        url = server.render_url(START_PAGE)
        with contextlib.ExitStack() as stack:
            pages = []
            for _ in range(people):
                watched = stack.enter_context(chromium_page(browser, server.base_url.rstrip("/")))
                watched.page.add_init_script(DONE_SCRIPT)
                pages.append(watched.page)
            started = time.time()
            for page in pages:
                page.evaluate("url => { setTimeout(() => location.assign(url), 0); }", url)
            times, failed = _wait_all(pages, started)
            peak = tree_rss_mib(server.process.pid)
    finally:
        server.stop()
    return times, failed, peak


def run() -> list[str]:
    """Measure every class size through the hub and on one server; return Markdown."""
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    rows: dict[tuple[str, int], tuple[list[float], int, float]] = {}
    notes = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        browser = launch_chromium(playwright)
        try:
            for people in STUDENTS:
                tmp = Path(scratch) / f"standalone-{people}"
                tmp.mkdir()
                rows["one server", people] = standalone_class(browser, people, tmp)
            hub_started = time.monotonic()
            for students in STUDENTS:
                if time.monotonic() - hub_started > BUDGET_S:
                    notes.append(f"hub: {students} students and more skipped (budget {BUDGET_S} s)")
                    break
                tmp = Path(scratch) / f"hub-{students}"
                tmp.mkdir()
                rows["hub", students] = hub_class(browser, students, tmp)
        finally:
            browser.close()
    solo = percentile(rows["one server", 1][0], 0.5)
    lines = [
        "### A class logging in at once: through JupyterHub, and on one standalone server",
        "",
        (
            "Seconds from the moment N people start (hub: all submit the hub's login form; one "
            "server: all open the start page) until each one's start page is interactive, noted "
            "by the page. Through the hub that includes starting each student's own server "
            "(hub/jupyterhub_config.py: a Jupyter server with Voila as an extension per student). "
            "Ratios against one person on one standalone server, this run. RSS: after the round, "
            "the server and its kernels; for the hub, the hub, its proxy and every student's "
            "server with its kernels. Browsers run on the same 2 cores."
        ),
        "",
        "| where | people | p50 (s) | p95 (s) | min-max (s) | p50 ratio | p95 ratio | RSS (MiB) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for (where, people), (times, failed, rss) in rows.items():
        spread = f"{min(times):.1f}-{max(times):.1f}" if times else "n/a"
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        lines.append(
            f"| {where} | {people} | {p50:.1f} | {p95:.1f} | {spread} | {p50 / solo:.2f}x "
            f"| {p95 / solo:.2f}x | {rss:.0f} |"
        )
        if failed:
            notes.append(f"{where}, {people}: {failed} not interactive in {ROUND_TIMEOUT_S} s")
    lines += [""]
    lines += [f"Note: {note}." for note in notes]
    lines += ["", f"Took {time.monotonic() - started:.0f} s.", ""]
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
