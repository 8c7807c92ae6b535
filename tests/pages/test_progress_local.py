"""My progress in the person's local time, a first day that encourages, and cards for the sets."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from backcare_widgets.data.log import SessionLog
from backcare_widgets.pages.progress import ProgressDashboard
from backcare_widgets.views.latest_sets import FIRST_DAY_MESSAGE
from tests.sets import done_set

if TYPE_CHECKING:
    from pathlib import Path


def test_times_follow_the_browsers_time_zone_once_it_says(tmp_path: Path):
    with SessionLog(tmp_path / "log.sqlite3") as log:
        done_set(log, "bridge", datetime(2026, 11, 25, 23, 30, tzinfo=UTC))
        board = ProgressDashboard(log, today=date(2026, 11, 25))
        assert "time zone of the computer that runs the workbook" in board.charts.value
        board.clock.time_zone = "Asia/Tokyo"  # what the browser reports (UTC+9)
        assert "Times in your time zone (Asia/Tokyo)." in board.charts.value
        assert "Thu 26 Nov, 08:30" in board.charts.value
        assert "When (UTC)" not in board.charts.value
        board.clock.time_zone = "Not/AZone"  # an unknown name is not trusted
        assert "time zone of the computer" in board.charts.value


def test_the_first_day_encourages_instead_of_counting_missed_days(tmp_path: Path):
    with SessionLog(tmp_path / "log.sqlite3") as log:
        done_set(log, "bridge", datetime(2026, 11, 25, 9, tzinfo=UTC))
        first = ProgressDashboard(log, today=date(2026, 11, 25))
        assert FIRST_DAY_MESSAGE in first.charts.value
        assert "of the last" not in first.charts.value
        later = ProgressDashboard(log, today=date(2026, 11, 26))
        assert FIRST_DAY_MESSAGE not in later.charts.value


def test_the_latest_sets_are_cards_not_a_wide_table(tmp_path: Path):
    with SessionLog(tmp_path / "log.sqlite3") as log:
        done_set(log, "hamstring-stretch", datetime(2026, 11, 25, 9, tzinfo=UTC), pain=(3, 2))
        board = ProgressDashboard(log, today=date(2026, 11, 25))
        html = board.charts.value
        assert html.count('class="backcare-set-card"') == 2  # one per side
        assert "<strong>Hamstring stretch</strong>, left side, set 1" in html
        assert "5 holds, held 15 s; pain 3 before, 2 after" in html
        assert "<table><caption>Your latest sets" not in html
