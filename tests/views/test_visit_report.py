"""The report page: figures, escaped notes, the safety text and citation; printed to a PDF."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from pypdf import PdfReader

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.data.log.between_visits import record_function_score
from backcare_widgets.data.visit_report import visit_report
from backcare_widgets.data.wording import SAFETY_LINE
from backcare_widgets.session.recording import record_set, rows_for_set, timed_holds
from backcare_widgets.views.visit_report import report_html, report_pdf

CATALOG = load_catalog()
CET = timezone(timedelta(hours=1))
XSS = "<img src=x onerror=alert(1)>"


def _report(tmp_path: Path):
    log = SessionLog(tmp_path / "log.sqlite3")
    rows = rows_for_set(timed_holds(("left", "right"), 5, 15), sides=("left", "right"), repeats=5)
    record_set(log, "hamstring-stretch", rows, set_number=1, pain_before=4, pain_after=3,
               notes=f"Slept well {XSS}", when=datetime(2026, 3, 3, 9, tzinfo=CET))  # fmt: skip
    record_function_score(log, [(f"Socks {XSS}", 5)], when=datetime(2026, 3, 3, 10, tzinfo=CET))
    return visit_report(log, CATALOG, start=date(2026, 3, 1), end=date(2026, 3, 14))


def test_the_page_holds_the_figures_escaped_with_the_safety_text(tmp_path: Path) -> None:
    html = report_html(_report(tmp_path), catalog=CATALOG, made_on=date(2026, 3, 15))
    assert "1 of 14</strong>days exercised" in html
    assert "1 of 70</strong>sessions done against the dose" in html  # 14 days x (1+1+1+2)
    assert "4 out of 10" in html
    assert "3 out of 10" in html
    assert XSS not in html
    assert "Slept well &lt;img src=x onerror=alert(1)&gt;" in html
    assert "Socks &lt;img" in html
    assert SAFETY_LINE in html
    assert "Stratford" in html
    assert "http" not in html.replace("http://www.w3.org", "")  # nothing fetched


def test_the_pdf_is_printed_by_the_handouts_printer(tmp_path: Path) -> None:
    # in a thread, as the page prints: Playwright's sync API refuses a thread with a running loop
    # (the browser tests' own Playwright, when they ran first in this process)
    report = _report(tmp_path)
    with ThreadPoolExecutor(max_workers=1) as pool:
        path = pool.submit(report_pdf, report, tmp_path / "report.pdf", catalog=CATALOG).result()
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Report for my next visit" in text
    assert "1 of 14" in text
    assert "Slept well <img src=x onerror=alert(1)>" in text  # shown as text, never run
