"""Class report: several students' generated logs, exported as CSV, summarised; bad files apart."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.class_summary import summarize_files
from backcare_widgets.views.class_report import report_html
from tests.classroom import END, START, TARGETS

CATALOG = load_catalog()


def test_summary_per_student(class_files):
    report = summarize_files(class_files, catalog=CATALOG, targets=TARGETS)
    assert report.problems == ()
    assert report.end == END
    amber, birch, cedar = report.students
    assert [s.student for s in report.students] == ["amber", "birch", "cedar"]
    assert (amber.days_done, amber.days_in_period) == (14, 14)
    assert (amber.sessions_done, amber.sessions_target, amber.percent_of_target) == (28, 28, 100)
    assert amber.pain_trend().startswith("better")
    # each student over their own period: their first to their last logged day
    assert (birch.days_done, birch.days_in_period, birch.sessions_done) == (6, 12, 12)
    assert (birch.first_day, birch.last_day) == (START, START + timedelta(days=11))
    assert birch.pain_trend().startswith("worse")
    # cedar logged on days 6 and 8 only: 2 of their 3 days, not 2 of the class's 8 days left
    assert (cedar.first_day, cedar.last_day, cedar.days_in_period, cedar.days_done) == (
        START + timedelta(days=6),
        START + timedelta(days=8),
        3,
        2,
    )
    assert cedar.percent_of_target == round(100 * 4 / 6)
    assert cedar.pain_trend() == "not rated"


def test_a_chosen_period_is_the_same_for_every_student(class_files):
    start, end = START + timedelta(days=7), END
    report = summarize_files(class_files, catalog=CATALOG, targets=TARGETS, start=start, end=end)
    assert report.chosen
    assert "the same for every student" in report.describe_period()
    amber, birch, cedar = report.students
    assert {(s.first_day, s.last_day, s.days_in_period) for s in report.students} == {
        (start, end, 7)
    }
    assert (amber.days_done, birch.days_done, cedar.days_done) == (7, 3, 1)


def test_a_student_with_nothing_in_the_chosen_period_is_said_so(class_files):
    report = summarize_files(
        class_files, catalog=CATALOG, targets=TARGETS, start=START, end=START + timedelta(days=3)
    )
    assert [s.student for s in report.students] == ["amber", "birch"]
    assert [(p.name, p.message) for p in report.problems] == [
        ("cedar", "logged no sets in the chosen period")
    ]


def test_pain_not_rated_leaves_no_empty_chart(tmp_path):
    from tests.classroom import export

    files = [("dune.csv", export(tmp_path, "dune", [0, 1, 2]))]
    report = summarize_files(files, catalog=CATALOG, targets=TARGETS)
    html = report_html(report)
    assert "Pain before exercise</h3>" not in html  # no chart with nothing in it
    assert "no pain chart" in html
    assert "<td>not rated</td>" in html
    assert "Sessions against target</h3>" in html


def test_targets_default_to_the_catalogue(class_files):
    report = summarize_files(class_files[:1], catalog=CATALOG)
    # sessions a day: bridge 1, crunches 1, hamstring 1 (5 holds a leg), rotational 2
    assert report.students[0].sessions_target == 14 * 5
    assert report.students[0].sessions_done == 14 * 2


def test_summary_csv_has_one_row_per_student(class_files):
    report = summarize_files(class_files, catalog=CATALOG, targets=TARGETS)
    rows = list(csv.DictReader(io.StringIO(report.to_csv_bytes().decode())))
    assert [r["student"] for r in rows] == ["amber", "birch", "cedar"]
    assert rows[0]["percent_of_target"] == "100"
    assert rows[0]["days_done"] == "14"
    assert set(rows[0]) >= {
        "sessions_done",
        "sessions_target",
        "pain_first",
        "pain_last",
        "pain_trend",
    }


def test_bad_and_mixed_files_are_reported_and_good_files_still_count(class_files, tmp_path):
    good = class_files[0]
    header = b"uid,when,exercise,side,set_number,reps,hold_seconds,pain_before,pain_after,notes\n"
    two_students = (
        b"student_id,when,exercise\n"
        b"s1,2026-11-03T09:00:00+00:00,bridge\n"
        b"s2,2026-11-03T09:00:00+00:00,bridge\n"
    )
    files = [
        good,
        ("notes.txt", b"hello"),
        ("wrong-columns.csv", b"date,exercise,count\n2026-11-03,bridge,3\n"),
        ("bad-rows.csv", header + b",2026-11-03T09:00:00+00:00,plank,,1,,,,,\n"),
        ("latin1.csv", "when,exercise\n2026-11-03T09:00:00+00:00,bridge,\xe9\n".encode("latin-1")),
        ("two-students.csv", two_students),
        ("empty.csv", header),
    ]
    report = summarize_files(files, catalog=CATALOG, targets=TARGETS)
    assert [s.student for s in report.students] == ["amber"]
    problems = {p.name: p.message for p in report.problems}
    assert problems["notes.txt"].startswith("not a CSV file")
    assert "unknown column 'date'" in problems["wrong-columns.csv"]
    assert "line 2" in problems["bad-rows.csv"]
    assert "plank" in problems["bad-rows.csv"]
    assert "not UTF-8" in problems["latin1.csv"]
    assert "several students' ids" in problems["two-students.csv"]
    assert "no sets" in problems["empty"]
    html = report_html(report)
    assert "6 file(s) could not be used; 1 student(s)" in html
    assert "wrong-columns.csv" in html


def test_an_id_column_names_the_student_and_files_of_one_student_merge(class_files):
    body = class_files[0][1].decode()
    lines = body.splitlines()
    with_id = "\n".join(
        [f"student_id,{lines[0]}", *(f"S-17,{line}" for line in lines[1:])]
    ).encode()
    report = summarize_files(
        [("export (3).csv", with_id), ("amber-again.csv", with_id)],
        catalog=CATALOG,
        targets=TARGETS,
    )
    assert report.problems == ()
    (student,) = report.students
    assert student.student == "S-17"
    assert student.files == 2
    assert student.sets == 14 * 3  # rows in both files counted once


def test_pseudonyms_are_file_names_only(class_files):
    report = summarize_files(
        [("C:\\Users\\x\\Desktop\\pat.csv", class_files[0][1])], catalog=CATALOG, targets=TARGETS
    )
    assert report.students[0].student == "pat"


# --- issue 20: one bad file never sinks the report; the summary runs nothing in a spreadsheet --


def test_the_summary_csv_neutralises_formulas_in_student_ids(class_files):
    header = "uid,when,exercise,side,set_number,reps,hold_seconds,pain_before,pain_after,notes"
    row = ",2026-11-03T09:00:00+00:00,partial-crunches,,1,10,,,,"
    files = []
    for n, student in enumerate(['=HYPERLINK("http://evil.example","x")', "+1", "-2", "@x"]):
        out = io.StringIO()
        csv.writer(out).writerow([student])
        text = f"student_id,{header}\n{out.getvalue().strip()},{row}\n"
        files.append((f"s{n}.csv", text.encode()))
    report = summarize_files(files, catalog=CATALOG, targets=TARGETS)
    assert report.problems == ()
    rows = list(csv.reader(io.StringIO(report.to_csv_bytes().decode())))
    students = [r[0] for r in rows[1:]]
    assert sorted(students) == sorted(
        ['\'=HYPERLINK("http://evil.example","x")', "'+1", "'-2", "'@x"]
    )
