"""Where the day stands, said in words, and where the routine resumes (from a real log)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.session.routine import day_status, first_not_done, left_today, saved_today
from tests.sets import done_set

CATALOG = load_catalog()
DAY = date(2026, 11, 25)
AT_NINE = datetime(2026, 11, 25, 9, tzinfo=UTC)


def test_first_not_done_and_left_today(tmp_path):
    exercises = CATALOG.exercises(["bridge", "partial-crunches", "hamstring-stretch"])
    with SessionLog(tmp_path / "log.sqlite3") as log:
        statuses = day_status(log, exercises, today=DAY, now=AT_NINE)
        assert first_not_done(statuses) == 0
        assert left_today(exercises, statuses) == (
            "Still to do today: Bridge, Partial crunches and Hamstring stretch."
        )
        done_set(log, "bridge", AT_NINE)
        done_set(log, "hamstring-stretch", AT_NINE)
        statuses = day_status(log, exercises, today=DAY, now=AT_NINE)
        assert first_not_done(statuses) == 1
        assert left_today(exercises, statuses) == (
            "Done today: Bridge and Hamstring stretch. Still to do: Partial crunches."
        )
        done_set(log, "partial-crunches", AT_NINE)
        statuses = day_status(log, exercises, today=DAY, now=AT_NINE)
        assert first_not_done(statuses) == 3
        assert left_today(exercises, statuses).startswith("All done for today: Bridge, ")
        assert [r.exercise for r in saved_today(log, CATALOG["bridge"], today=DAY)] == ["bridge"]
        assert saved_today(log, CATALOG["bridge"], today=date(2026, 11, 26)) == []
