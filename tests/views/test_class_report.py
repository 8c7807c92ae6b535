"""The class report as HTML: files that could not be used are listed with their reasons."""

from __future__ import annotations

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.class_summary import summarize_files
from backcare_widgets.views.class_report import report_html
from tests.classroom import TARGETS

CATALOG = load_catalog()


def test_bad_files_are_listed_with_reasons_and_the_others_reported(class_files):
    header = "uid,when,exercise,side,set_number,reps,hold_seconds,pain_before,pain_after,notes"
    row = ",2026-11-03T09:00:00+00:00,partial-crunches,,1,{reps},,,,{notes}"
    huge_cell = (header + "\n" + row.format(reps=10, notes="x" * 140_000) + "\n").encode()
    long_number = (header + "\n" + row.format(reps="9" * 4400, notes="") + "\n").encode()
    maths_id = (
        "student_id," + header + "\n" + "$\\foo{$," + row.format(reps=10, notes="") + "\n"
    ).encode()
    files = [
        *class_files,
        ("huge-cell.csv", huge_cell),
        ("long-number.csv", long_number),
        ("maths.csv", maths_id),
    ]
    report = summarize_files(files, catalog=CATALOG, targets=TARGETS)
    reasons = {p.name: p.message for p in report.problems}
    assert set(reasons) == {"huge-cell.csv", "long-number.csv"}
    assert "field larger than field limit" in reasons["huge-cell.csv"]
    assert "reps is a number with 4,400 digits" in reasons["long-number.csv"]
    assert [s.student for s in report.students] == ["$\\foo{$", "amber", "birch", "cedar"]
    html = report_html(report)  # the charts draw the id as text, not maths
    assert html.count("<svg") == 2
    assert "$\\foo{$" in html
    assert "could not be drawn" not in html
    assert "2 file(s) could not be used; 4 student(s)" in html
