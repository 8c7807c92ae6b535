"""My progress's report section on a real log: a period chosen, previewed, a bad period refused."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.pages.progress import ProgressDashboard
from backcare_widgets.pages.visit_report import VisitReportSection

TODAY = date(2026, 3, 20)


def test_a_period_is_previewed_and_a_period_backwards_is_refused(tmp_path: Path) -> None:
    log = SessionLog(tmp_path / "log.sqlite3")
    log.record("bridge", reps=5, hold_seconds=3, notes="<script>x</script>",
               when=datetime(2026, 3, 10, 9, tzinfo=timezone(timedelta(hours=1))))  # fmt: skip
    section = VisitReportSection(log, load_catalog(), today=TODAY)
    assert section.start.value == TODAY - timedelta(days=27)
    assert section.downloads.layout.display == "none"
    section.make_button.click()
    assert "1 of 28</strong>days exercised" in section.preview.value
    assert "&lt;script&gt;x&lt;/script&gt;" in section.preview.value
    assert "<script>" not in section.preview.value
    assert section.downloads.layout.display is None
    assert section.html().startswith("<!DOCTYPE html>")
    section.end.value = section.start.value - timedelta(days=1)
    section.make_button.click()
    assert "before it starts" in section.message.value
    assert section.preview.value == ""


def test_my_progress_offers_the_report(tmp_path: Path) -> None:
    dashboard = ProgressDashboard(SessionLog(tmp_path / "log.sqlite3"), today=TODAY)
    assert dashboard.visit_report in dashboard.children
    assert dashboard.visit_report.end.value == TODAY
