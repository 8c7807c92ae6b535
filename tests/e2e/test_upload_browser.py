"""The upload button in Voila and Debian's Chromium: too big refused before sending, a good file
imported afterwards, a class's files sent one message each with progress, and the keyboard.

Every websocket frame the page sends is measured, so "nothing was sent" is checked on the wire.
Pictures of the refusal (phone and desktop width) go to this test's temporary folder.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from backcare_widgets.data.log import MAX_CLASS_FILES as MAX_FILES
from backcare_widgets.data.log import MAX_IMPORT_BYTES
from tests.harness import ROOT, assert_fits_width, chromium_page, open_voila_page

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Locator, Page

    from tests.harness import Server, WatchedPage

PROGRESS = "notebooks/06_My_progress.ipynb"
EDUCATORS = "notebooks/07_For_educators.ipynb"
SAMPLE = ROOT / "data" / "sample_log.csv"
SAMPLE_SETS = len(SAMPLE.read_text(encoding="utf-8").splitlines()) - 1
# Records every text the upload's status line shows, however briefly.
STATUS_SPY = """
window.__uploadStatus = [];
new MutationObserver(() => {
  for (const el of document.querySelectorAll('.backcare-file-upload__status')) {
    const text = el.textContent;
    if (text && window.__uploadStatus.at(-1) !== text) window.__uploadStatus.push(text);
  }
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def open_page(page: Page, url: str) -> None:
    """Open a Voila page with file choosers intercepted from the start.

    Playwright turns interception on when a listener is added, and does so asynchronously: a key
    pressed at once (no click's actionability checks in between) can open the chooser before
    interception is on, and ``expect_file_chooser`` then waits in vain.
    """
    page.on("filechooser", lambda _chooser: None)
    open_voila_page(page, url)


def record_frames(page: Page) -> list[int]:
    """Return a list that fills with the size of every websocket frame the page sends."""
    sizes: list[int] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sizes.append(len(payload))))
    return sizes


def choose(page: Page, button: Locator, *files: Path) -> None:
    """Press the upload button and pick ``files`` in the file chooser it opens."""
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files([str(f) for f in files])


def big_csv(path: Path, size: int) -> Path:
    """A CSV file of ``size`` bytes (sparse, so it costs no disk)."""
    with path.open("wb") as fh:
        fh.write(b"uid,when,exercise\n")
        fh.truncate(size)
    return path


def test_a_70_mb_csv_is_refused_in_the_browser_and_the_page_stays_usable(
    browser: Browser, fresh_server: Server, tmp_path: Path
):
    huge = big_csv(tmp_path / "huge.csv", 70 * 1024 * 1024)
    small = shutil.copy(SAMPLE, tmp_path / "small.csv")
    origin = fresh_server.base_url.rstrip("/")
    for width, height, name in ((375, 812, "phone"), (1280, 900, "desktop")):
        with chromium_page(browser, origin, width=width, height=height) as watched:
            page = watched.page
            frames = record_frames(page)
            open_page(page, fresh_server.render_url(PROGRESS))
            upload = page.locator(".backcare-dashboard .backcare-file-upload")
            button = upload.get_by_role("button", name="Import a CSV")
            choose(page, button, huge)
            alert = upload.get_by_role("alert")
            expect(alert).to_contain_text(
                "huge.csv is 73.4 MB, larger than the limit of 10 MB per file."
            )
            expect(alert).to_contain_text("Nothing was sent.")
            page.wait_for_timeout(500)  # anything sent now would be the file
            assert max(frames) < 100_000, f"a frame of {max(frames)} bytes was sent"
            assert_fits_width(page)
            upload.screenshot(path=tmp_path / f"refusal-{name}.png")
            page.screenshot(path=tmp_path / f"refusal-{name}-page.png")

            if name == "desktop":  # then a good file, on the same page: imported and shown
                choose(page, button, small)
                expect(upload.get_by_role("status")).to_have_text("Sent small.csv.")
                expect(alert).to_have_count(0)
                message = page.locator(".backcare-dashboard .backcare-message")
                expect(message).to_contain_text(
                    f"Imported {SAMPLE_SETS} set(s) from small.csv", timeout=60_000
                )
                expect(page.get_by_role("button", name="Download my log")).to_contain_text(
                    f"{SAMPLE_SETS} sets"
                )
                expect(page.locator("figure.backcare-chart")).to_have_count(3)
                assert max(frames) < SAMPLE.stat().st_size + 10_000  # the file, in one frame
            watched.assert_clean()


def test_too_many_files_are_refused_before_sending(
    watched: WatchedPage, voila_server: Server, tmp_path: Path
):
    page = watched.page
    frames = record_frames(page)
    open_page(page, voila_server.render_url(EDUCATORS))
    upload = page.locator(".backcare-class-report-view .backcare-file-upload")
    files = [tmp_path / f"student-{n:03}.csv" for n in range(MAX_FILES + 1)]
    for path in files:
        path.write_bytes(b"uid,when,exercise\n")
    files.append(big_csv(tmp_path / "whole-class.csv", MAX_IMPORT_BYTES + 1))
    choose(page, upload.get_by_role("button", name="Upload CSV files"), *files)
    alert = upload.get_by_role("alert")
    expect(alert).to_contain_text(
        f"You chose {MAX_FILES + 2} files; at most {MAX_FILES} can be sent at once."
    )
    expect(alert).to_contain_text(
        "whole-class.csv is 10,000,001 bytes, larger than the limit of 10,000,000 bytes per file."
    )
    expect(alert).to_contain_text("Nothing was sent.")
    page.wait_for_timeout(500)
    assert max(frames) < 100_000
    expect(page.locator(".backcare-class-report-view table")).to_have_count(0)  # no report


def test_a_class_is_sent_one_file_at_a_time_with_progress(
    watched: WatchedPage, voila_server: Server, tmp_path: Path
):
    page = watched.page
    page.add_init_script(STATUS_SPY)
    frames = record_frames(page)
    open_page(page, voila_server.render_url(EDUCATORS))
    view = page.locator(".backcare-class-report-view")
    files = [shutil.copy(SAMPLE, tmp_path / f"student-{n:02}.csv") for n in range(1, 13)]
    choose(page, view.get_by_role("button", name="Upload CSV files"), *files)
    expect(view.locator("table")).to_contain_text("Adherence per student", timeout=90_000)
    for n in range(1, 13):
        expect(view.get_by_role("rowheader", name=f"student-{n:02}")).to_be_visible()
    expect(view.locator(".backcare-file-upload").get_by_role("status")).to_have_text(
        "Sent 12 files."
    )
    seen = page.evaluate("window.__uploadStatus")
    assert seen[0] == "Sending 1 of 12 files…"
    assert "Sending 12 of 12 files…" in seen
    assert seen[-1] == "Sent 12 files."
    # one frame per file (about the file's size), never the class in one message
    assert max(frames) < SAMPLE.stat().st_size + 10_000
    assert sum(size > SAMPLE.stat().st_size for size in frames) == 12


def test_the_upload_button_works_from_the_keyboard(watched: WatchedPage, voila_server: Server):
    page = watched.page
    open_page(page, voila_server.render_url(PROGRESS))
    button = page.locator(".backcare-dashboard .backcare-file-upload").get_by_role(
        "button", name="Import a CSV"
    )
    button.wait_for()
    page.locator("body").click(position={"x": 2, "y": 2})
    for _ in range(60):
        page.keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the upload button")
    outline = button.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline[0] != "none"
    assert float(outline[1].removesuffix("px")) >= 2
    # the hidden file input is never a stop of its own
    page.keyboard.press("Tab")
    assert not page.evaluate(
        "() => document.activeElement.classList.contains('backcare-file-upload__input')"
    )
    page.keyboard.press("Shift+Tab")
    assert button.evaluate("el => el === document.activeElement")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    assert not chooser.value.is_multiple()
    with page.expect_file_chooser():
        page.keyboard.press("Space")
