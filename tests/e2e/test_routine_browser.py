"""Today's routine in Voila and Chromium: exactly the source's dose reads as done, and as 100%.

A person does every exercise of ``05_Todays_routine`` with its hold timer (Playwright's clock
skips the waiting), saves each set, and does the rotational stretch again after the workbook's
default spacing. The kernel's clock cannot be moved from the browser, so "four and a half hours
later" moves the morning's rotational rows back in the log file, then reopens the page, as the
person would. The server runs in a time zone where it is about midday, so that move never
crosses midnight.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from backcare_widgets.data.log import SessionLog
from tests.harness import chromium_page, full_page_screenshot, open_voila_page, start_voila

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser, Locator, Page

    from tests.harness import Server

ROUTINE = "notebooks/05_Todays_routine.ipynb"
PROGRESS = "notebooks/06_My_progress.ipynb"
ROTATIONAL = "lower-back-rotational-stretch"
NAMES = {
    "bridge": "Bridge",
    "partial-crunches": "Partial crunches",
    "hamstring-stretch": "Hamstring stretch",
    ROTATIONAL: "Lower back rotational stretch",
}
LATER_US = int(4.5 * 3600 * 1_000_000)  # more than the workbook's default spacing (4 hours)


@pytest.fixture
def midday_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    """A Voila of the test's own, with an empty log, in a time zone where it is about noon."""
    offset = 12 - datetime.now(UTC).hour  # -11 .. +12 hours
    monkeypatch.setenv("TZ", f"BCW{-offset:+d}")  # POSIX signs are reversed: BCW-5 is UTC+5
    server = start_voila(tmp_path / "voila.log", tmp_path / "data")
    try:
        yield server
    finally:
        server.stop()


def _data(server: Server) -> Path:
    return server.log_path.parent / "data"


def _open_routine(page: Page, server: Server) -> Locator:
    open_voila_page(page, server.render_url(ROUTINE))
    routine = page.locator(".backcare-routine")
    routine.locator(".backcare-hold-timer").wait_for(timeout=90_000)  # a busy machine
    return routine


def _item(routine: Locator, exercise_id: str) -> Locator:
    return routine.locator(f".backcare-routine__item[data-exercise='{exercise_id}']")


def _set_target(session: Locator, label: str, value: int) -> None:
    box = session.locator(".widget-inline-hbox", has_text=label).locator("input")
    box.fill(str(value))
    box.press("Enter")
    box.blur()


def _do_set(page: Page, routine: Locator, exercise_id: str, *, stop_at: str | None = None) -> None:
    """Run one set on the timer to its end (or stop it at a hold), then save it."""
    name = NAMES[exercise_id]
    # the new exercise's own session (the last one's leaves the page a moment later)
    session = routine.locator(".backcare-exercise-session", has_text=re.compile(rf"{name}: set \d"))
    timer = session.locator(".backcare-hold-timer")
    timer.wait_for()
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # seconds
    timer.get_by_role("button", name="Start").click()
    # The clock fires every timer on the way, so a long step runs the set as a short one does;
    # whole seconds only where the test stops at a hold (each step costs three round trips).
    step_ms = 1_000 if stop_at is not None else 15_000
    for _ in range(900_000 // step_ms):
        page.clock.run_for(step_ms)
        if stop_at is not None and re.search(stop_at, timer.inner_text()):
            page.clock.run_for(1_000)  # part way into that hold
            timer.get_by_role("button", name="Stop").click()
            break
        if timer.get_attribute("data-phase") == "done":
            break
    else:
        page.screenshot(path="/tmp/dose-shots/timer-stuck.png", full_page=True)
        pytest.fail(
            f"the {exercise_id} timer never finished: {timer.get_attribute('data-status')} "
            f"{timer.get_attribute('data-phase')} {timer.inner_text()!r}"
        )
    page.clock.resume()
    # set 1, or the next after the sets saved earlier today (a reopened routine shows them)
    session.get_by_text(re.compile(r"Set \d+ (done|stopped early)")).wait_for()
    session.get_by_role("button", name=re.compile(r"Save set \d+")).click()
    session.get_by_text(re.compile(r"Saved set \d+: ")).wait_for()


def _next(routine: Locator, heading: str) -> None:
    routine.get_by_role("button", name="Next exercise").click()
    routine.locator(".backcare-routine__heading", has_text=heading).wait_for()


def _targets(page: Page, routine: Locator, end: str) -> None:
    """At the high end, set the ranges' inputs to their top (the low end is the default)."""
    if end != "high":
        return
    heading = routine.locator(".backcare-routine__heading").inner_text()
    name = next(n for n in NAMES.values() if n in heading)
    # set 1, or the next after the sets saved earlier today
    session = routine.locator(".backcare-exercise-session", has_text=re.compile(rf"{name}: set \d"))
    session.locator(".backcare-hold-timer").wait_for()
    if "Partial crunches" in heading:
        _set_target(session, "Repetitions, 8-12", 12)
    elif "Hamstring" in heading:
        _set_target(session, "Hold (seconds), 15-30", 30)
    elif "rotational" in heading:
        _set_target(session, "Hold (seconds), 5-10", 10)
        _set_target(session, "Holds per side, 2-3", 3)
    page.wait_for_timeout(300)  # let the kernel take the new targets


def _the_whole_day(browser: Browser, server: Server, end: str, shots: Path) -> str:
    """Do every exercise at one end of its dose, the rotational twice; return today's ISO day."""
    origin = server.base_url.rstrip("/")
    with chromium_page(browser, origin) as watched:
        page = watched.page
        page.clock.install()
        routine = _open_routine(page, server)
        for exercise_id, heading in (
            ("bridge", "Bridge"),
            ("partial-crunches", "Partial crunches"),
            ("hamstring-stretch", "Hamstring stretch"),
            (ROTATIONAL, "Lower back rotational stretch"),
        ):
            if exercise_id != "bridge":
                _next(routine, heading)
            _targets(page, routine, end)
            _do_set(page, routine, exercise_id)
        rotational = _item(routine, ROTATIONAL)
        rotational.get_by_text("1 of 2 sessions done today").wait_for()
        assert "The second session is due from" in rotational.inner_text()
        assert "the workbook's default spacing" in rotational.inner_text()
        for exercise_id in ("bridge", "partial-crunches", "hamstring-stretch"):
            assert "Done for today." in _item(routine, exercise_id).inner_text()
        watched.assert_clean()

    with SessionLog(_data(server)) as log:  # four and a half hours later
        day = str(log.to_dataframe()["day"].max().date())
    with sqlite3.connect(_data(server) / "session_log.sqlite3") as conn:
        conn.execute(
            "UPDATE entries SET when_us = when_us - ? WHERE exercise = ?", (LATER_US, ROTATIONAL)
        )

    with chromium_page(browser, origin) as watched:
        page = watched.page
        page.clock.install()
        routine = _open_routine(page, server)
        assert "second session is due now" in _item(routine, ROTATIONAL).inner_text()
        # reopened, the routine resumes at the first exercise not done today
        routine.locator(
            ".backcare-routine__heading", has_text="Lower back rotational stretch"
        ).wait_for()
        _targets(page, routine, end)
        _do_set(page, routine, ROTATIONAL)
        routine.locator(".backcare-routine__item--done").nth(3).wait_for()
        items = routine.locator(".backcare-routine__item")
        assert items.count() == 4
        for n in range(4):
            text = items.nth(n).inner_text()
            assert "Done for today." in text, text
            assert "more" not in text, text  # never a nudge to do more
        assert "2 of 2 sessions done today" in _item(routine, ROTATIONAL).inner_text()
        for width, height, name in ((1280, 900, "desktop"), (390, 844, "phone")):
            page.set_viewport_size({"width": width, "height": height})
            full_page_screenshot(page, shots / f"routine-{end}-{name}.png")
        watched.assert_clean()
    return day


def _progress_percent(browser: Browser, server: Server, day: str, shots: Path, end: str) -> str:
    with chromium_page(browser, server.base_url.rstrip("/")) as watched:
        page = watched.page
        open_voila_page(page, server.render_url(PROGRESS))
        row = page.locator(f".backcare-days tr[data-day='{day}']")
        row.wait_for()
        full_page_screenshot(page, shots / f"progress-{end}-desktop.png")
        watched.assert_clean()
        return row.locator(".backcare-days__percent").inner_text()


@pytest.fixture
def shots() -> Path:
    from pathlib import Path

    folder = Path("/tmp/dose-shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("end", ["low", "high"])
def test_exactly_the_dose_is_done_and_100_percent(
    browser: Browser, midday_server: Server, end: str, shots: Path
):
    day = _the_whole_day(browser, midday_server, end, shots)
    with SessionLog(_data(midday_server)) as log:
        frame = log.to_dataframe()
    # one row per set per side, as the session writes them: 1 + 1 + 2 + 2 x 2
    assert len(frame) == 8
    assert frame["completed"].all()
    done = {
        (r.exercise, r.side if isinstance(r.side, str) else None, r.reps, r.hold_seconds)
        for r in frame.itertuples()
    }
    if end == "low":
        assert ("partial-crunches", None, 8, 1) in done
        assert ("hamstring-stretch", "right", 5, 15) in done
        assert (ROTATIONAL, "left", 2, 5) in done
    else:
        assert ("partial-crunches", None, 12, 1) in done
        assert ("hamstring-stretch", "right", 5, 30) in done
        assert (ROTATIONAL, "left", 3, 10) in done
    assert _progress_percent(browser, midday_server, day, shots, end) == "100%"


def test_one_hold_short_on_one_leg_is_not_done_and_says_what_is_left(
    browser: Browser, midday_server: Server, shots: Path
):
    with chromium_page(browser, midday_server.base_url.rstrip("/")) as watched:
        page = watched.page
        page.clock.install()
        routine = _open_routine(page, midday_server)
        _next(routine, "Partial crunches")
        _next(routine, "Hamstring stretch")
        _do_set(page, routine, "hamstring-stretch", stop_at=r"Right leg - hold 5 of 5")
        hamstring = _item(routine, "hamstring-stretch")
        hamstring.get_by_text("1 more hold on the right leg.").wait_for()
        assert "backcare-routine__item--to-do" in (hamstring.get_attribute("class") or "")
        assert "0 of 1 session done today" in hamstring.inner_text()
        for width, height, name in ((1280, 900, "desktop"), (390, 844, "phone")):
            page.set_viewport_size({"width": width, "height": height})
            hamstring.scroll_into_view_if_needed()
            page.screenshot(path=shots / f"routine-one-short-{name}.png")
        watched.assert_clean()
    with SessionLog(_data(midday_server)) as log:
        frame = log.to_dataframe()
    rows = [(r.side, r.reps, r.completed) for r in frame.itertuples()]
    assert rows == [("left", 5, True), ("right", 4, False)]
