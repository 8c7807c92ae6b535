"""The class report on the educators' page: upload students' exports, see charts and a download."""

from __future__ import annotations

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.pages.educators.class_report import ClassReportView
from tests.classroom import TARGETS

CATALOG = load_catalog()


def test_view_shows_charts_with_text_and_a_download(class_files):
    view = ClassReportView(catalog=CATALOG, targets=TARGETS)
    assert view.upload.multiple
    view.show([*class_files, ("notes.txt", b"x")])
    html = view.result.value
    assert html.count('<figure class="backcare-chart">') == 2  # the two charts
    assert "Sessions done against the target, per student: amber: 28 of 28 (100%)" in html
    assert "Mean pain before exercise, first week to last week: amber:" in html
    assert "notes.txt" in html
    assert "data:" not in repr(view.download.get_state())  # made only when pressed
    message, [data] = view.download.file_message()
    assert message["name"] == "backcare-class-summary.csv"
    assert data.decode().startswith("student,files,sets")
    assert data == view.report.to_csv_bytes()
