"""The report for the next visit in Voila and Chromium: a period chosen, previewed, printed to PDF.

The person imports their log (the sample log, through My progress's own import button), picks the
period, makes the report, looks at it, and downloads the PDF; its text holds the period's figures
as the data layer reads them from the same log file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pypdf import PdfReader

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.data.visit_report import visit_report
from tests.harness import ROOT, chromium_page, full_page_screenshot, open_voila_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

    from tests.harness import Server

PROGRESS = "notebooks/06_My_progress.ipynb"
SAMPLE = ROOT / "data" / "sample_log.csv"
SHOTS = Path("/tmp/visit-shots")


def _import_sample(page: Page) -> None:
    upload = page.locator(".backcare-dashboard .backcare-file-upload")
    with page.expect_file_chooser() as chooser:
        upload.get_by_role("button", name="Import a CSV").click()
    chooser.value.set_files([str(SAMPLE)])
    page.locator(".backcare-dashboard").get_by_text("Imported").wait_for(timeout=120_000)


def _choose_day(section: Locator, label: str, value: str) -> None:
    box = section.locator(".widget-inline-hbox", has_text=label).locator("input").first
    box.fill(value)
    box.press("Tab")


def test_the_report_prints_to_a_pdf_with_the_periods_figures(
    browser: Browser, fresh_server: Server, tmp_path: Path
) -> None:
    origin = fresh_server.base_url.rstrip("/")
    with chromium_page(browser, origin) as watched:
        page = watched.page
        open_voila_page(page, fresh_server.render_url(PROGRESS), timeout_ms=180_000)
        section = page.locator(".backcare-visit-report")
        section.wait_for(timeout=180_000)
        _import_sample(page)
        _choose_day(section, "From", "2026-05-04")
        _choose_day(section, "To", "2026-05-17")
        section.get_by_role("button", name="Make the report").click()
        preview = section.locator(".backcare-report")
        preview.wait_for()
        assert "04 May 2026 to 17 May 2026 (14 days)" in preview.inner_text()
        preview.scroll_into_view_if_needed()
        full_page_screenshot(page, SHOTS / "report-desktop.png")
        with page.expect_download(timeout=180_000) as download_info:
            section.get_by_role("button", name="Download the report (PDF)").click()
        download = download_info.value
        assert download.suggested_filename == "backcare-report.pdf"
        pdf = tmp_path / "report.pdf"
        download.save_as(pdf)
        page.set_viewport_size({"width": 390, "height": 844})
        full_page_screenshot(page, SHOTS / "report-phone.png")
        watched.assert_clean()
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    text = " ".join(text.split())
    log_file = fresh_server.log_path.parent / "data" / "session_log.sqlite3"
    with SessionLog(log_file) as log:
        report = visit_report(log, load_catalog(), start=date(2026, 5, 4), end=date(2026, 5, 17))
    assert report.days_exercised  # the sample has sets in this period
    assert f"{len(report.days_exercised)} of 14 days exercised" in text
    sessions = sum(line.sessions_done for line in report.exercises)
    target = sum(line.sessions_target for line in report.exercises)
    assert f"{sessions} of {target} sessions done against the dose" in text
    assert f"before {report.pain_before:g} out of 10, after {report.pain_after:g} out of 10" in text
    for line in report.exercises:
        assert f"{line.name} {line.sessions_done} of {line.sessions_target} {line.percent}%" in text
    assert "First day. Took it slowly." in text
    assert "Ask a health-care professional before starting these exercises." in text
    (SHOTS / "report.pdf").write_bytes(pdf.read_bytes())
