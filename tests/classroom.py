"""A class of students' logs for the class report's tests, logged through the session's own path."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from backcare_widgets.data.log import SessionLog
from backcare_widgets.session.recording import record_set, rows_for_set, timed_holds

if TYPE_CHECKING:
    from pathlib import Path

START = date(2026, 11, 2)  # a Monday
END = START + timedelta(days=13)
TARGETS = {"partial-crunches": 1, "hamstring-stretch": 1}  # sessions a day


def export(
    tmp_path: Path, name: str, days: list[int], pain: tuple[int, int] | None = None
) -> bytes:
    """Log a student's sets on the given days (offsets from START) and export them as CSV."""
    log = SessionLog(tmp_path / f"{name}.sqlite3")
    for offset in days:
        when = datetime.combine(START + timedelta(days=offset), datetime.min.time(), UTC)
        when += timedelta(hours=9)
        before = None
        if pain is not None:  # pain falls (or rises) linearly from the first to the last day
            first, last = pain
            before = round(first + (last - first) * offset / 13)
        crunches = rows_for_set(timed_holds((), 10, 1), sides=(), repeats=10)
        record_set(
            log,
            "partial-crunches",
            crunches,
            set_number=1,
            pain_before=before,
            pain_after=before,
            when=when,
        )
        sides = ("left", "right")
        hamstring = rows_for_set(timed_holds(sides, 5, 20), sides=sides, repeats=5)
        record_set(log, "hamstring-stretch", hamstring, set_number=1, when=when)
    path = tmp_path / f"{name}.csv"
    log.export_csv(path)
    log.close()
    return path.read_bytes()


def class_of_three(tmp_path: Path) -> list[tuple[str, bytes]]:
    """Three students: every day with pain falling, patchy with pain rising, two days only."""
    return [
        ("amber.csv", export(tmp_path, "amber", list(range(14)), pain=(6, 2))),
        ("birch.csv", export(tmp_path, "birch", [0, 2, 4, 7, 9, 11], pain=(3, 6))),
        ("cedar.csv", export(tmp_path, "cedar", [6, 8])),
    ]
