"""Progress charts and tables (views), on a real SQLite log in a temporary folder."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.views.progress import EMPTY_MESSAGE, progress_html
from tests.sets import done_set, last_day


def test_empty_log_shows_a_friendly_message_not_an_empty_axis(tmp_path: Path):
    log = SessionLog(tmp_path / "log.sqlite3")
    html = progress_html(log.to_dataframe(), load_catalog())
    assert EMPTY_MESSAGE in html
    assert "<svg" not in html


def test_sample_log_draws_three_charts_with_text_alternatives(sample_log: SessionLog):
    today = last_day(sample_log)
    html = progress_html(sample_log.to_dataframe(), load_catalog(), today=today)
    assert html.count('<figure class="backcare-chart">') == 3
    assert html.count("<svg") == 3
    # named by a visible caption; the drawing hidden (a figure with a caption takes no role="img")
    assert html.count("<figcaption>") == 3
    assert html.count('<svg aria-hidden="true"') == 3
    assert 'role="img"' not in html
    assert "Current streak:" in html
    assert "Sessions done, the last 7 days, against the target: Bridge:" in html
    assert "Average pain before exercise went from" in html


def test_charts_are_valid_svg_without_external_references(sample_log: SessionLog):
    html = progress_html(sample_log.to_dataframe(), load_catalog(), today=last_day(sample_log))
    for chunk in html.split("<svg")[1:]:
        svg = "<svg" + chunk[: chunk.index("</svg>") + len("</svg>")]
        ET.fromstring(svg)  # parses
        assert not re.search(r"(href|src)=\"(https?:)?//|url\((https?:)?//", svg)
        assert "<metadata" not in svg


def test_calendar_counts_the_days_exercised(tmp_path: Path):
    log = SessionLog(tmp_path / "log.sqlite3")
    for day in (20, 21, 23):
        done_set(log, "bridge", datetime(2026, 11, day, 9, tzinfo=UTC))
    html = progress_html(log.to_dataframe(), load_catalog(), today=date(2026, 11, 23))
    assert "You exercised on 3 of the last" in html
    assert "Current streak: 1 day;" in html
    assert "longest: 2." in html


def test_recent_sets_show_notes_as_text(tmp_path: Path):
    log = SessionLog(tmp_path / "log.sqlite3")
    log.record(
        "bridge",
        reps=5,
        pain_before=3,
        pain_after=2,
        notes="<img src=x onerror=alert(1)>",
        when=datetime(2026, 11, 23, 9, tzinfo=UTC),
    )
    html = progress_html(log.to_dataframe(), load_catalog(), today=date(2026, 11, 23))
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Your latest sets</h3>" in html
    assert "pain 3 before, 2 after" in html


def test_day_by_day_shows_each_days_share_of_the_dose_and_marks_pain_rises(
    sample_log: SessionLog,
):
    from backcare_widgets.views.progress import days_html

    frame = sample_log.to_dataframe()
    html = days_html(frame, load_catalog(), today=date(2026, 5, 17))
    rows = dict(re.findall(r'<tr data-day="([\d-]+)">(.*?)</tr>', html))
    assert len(rows) == 7  # the 11th to the 17th
    assert "5 of 5" in rows["2026-05-17"]
    assert "100%" in rows["2026-05-17"]  # the whole dose: done, and no more than 100%
    assert "0 of 5" in rows["2026-05-12"]  # a day off
    assert "4 of 5" in rows["2026-05-15"]  # no evening rotational stretch
    assert "Pain rose 2+ points (1 set)" in rows["2026-05-15"]  # 3 -> 4, then 4 -> 5
    assert "Pain rose" not in rows["2026-05-16"]


# --- issue 20: the log leaves the kernel only when asked; a bad row never locks anyone out ----


def test_a_first_day_at_the_dose_reads_as_the_whole_dose_not_a_share_of_a_week(tmp_path: Path):
    """Days before the first set are not days missed: the first day's dose is 100%, not 14%."""
    from backcare_widgets.views.progress import days_html, sets_chart

    log = SessionLog(tmp_path / "log.sqlite3")
    first = date(2026, 11, 30)
    for exercise_id in ("bridge", "partial-crunches", "hamstring-stretch"):
        done_set(log, exercise_id, datetime(2026, 11, 30, 9, tzinfo=UTC))
    for hour in (9, 15):  # the rotational stretch's two visits
        done_set(log, "lower-back-rotational-stretch", datetime(2026, 11, 30, hour, tzinfo=UTC))
    frame, catalog = log.to_dataframe(), load_catalog()
    html = days_html(frame, catalog, today=first)
    assert "Today: 5 of 5 sessions (100%)" in html
    assert html.count("<tr data-day=") == 1  # no empty days before the first
    chart = sets_chart(frame, catalog, today=first)
    assert "Bridge: 1 of 1" in chart.alt
    ticks = set(re.findall(r">\s*(\d+(?:\.\d+)?)\s*<", chart.svg))
    assert "1" in ticks
    assert all("." not in tick for tick in ticks), ticks  # no half sessions
    # three days on, the table covers the three days since the start
    later = days_html(frame, catalog, today=date(2026, 12, 2))
    assert "Your 3 days so far: 5 of 15 sessions" in later
    assert later.count("<tr data-day=") == 3
