"""The report's figures from a real log: days, sessions against the dose, pain, scores, steps."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.data.log.between_visits import record_choice, record_function_score
from backcare_widgets.data.progression import Level
from backcare_widgets.data.visit_report import visit_report
from backcare_widgets.session.recording import record_set, rows_for_set, timed_holds

CATALOG = load_catalog()
CET = timezone(timedelta(hours=1))
MONDAY = date(2026, 3, 2)


def _at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, 2 + day, hour, tzinfo=CET)


def _hamstring(log: SessionLog, day: int, *, before: int, after: int, notes: str = "") -> None:
    rows = rows_for_set(timed_holds(("left", "right"), 5, 15), sides=("left", "right"), repeats=5)
    record_set(log, "hamstring-stretch", rows, set_number=1, pain_before=before,
               pain_after=after, notes=notes, when=_at(day))  # fmt: skip


def test_the_period_is_summed_up(tmp_path: Path) -> None:
    log = SessionLog(tmp_path / "log.sqlite3")
    _hamstring(log, 0, before=4, after=3, notes="Stiff <b>morning</b>. Form cues ticked: 3 of 3.")
    _hamstring(log, 2, before=3, after=5)  # 2 points worse
    _hamstring(log, 9, before=1, after=1)  # after the period
    rotational = rows_for_set(timed_holds(("left", "right"), 2, 5), sides=("left", "right"),
                              repeats=2)  # fmt: skip
    for hour in (8, 14):
        record_set(log, "lower-back-rotational-stretch", rotational, set_number=1,
                   when=_at(2, hour))  # fmt: skip
    record_function_score(log, [("Socks", 4)], when=_at(1))
    record_choice(log, "hamstring-stretch", kind="up", choice="accepted",
                  previous=Level(15, 5), level=Level(20, 5), when=_at(3))  # fmt: skip
    report = visit_report(log, CATALOG, start=MONDAY, end=MONDAY + timedelta(days=6))
    assert report.days == 7
    assert report.days_exercised == (MONDAY, MONDAY + timedelta(days=2))
    lines = {line.exercise_id: line for line in report.exercises}
    assert (
        lines["hamstring-stretch"].sessions_done,
        lines["hamstring-stretch"].sessions_target,
    ) == (2, 7)
    assert lines["hamstring-stretch"].percent == 29
    assert (lines["lower-back-rotational-stretch"].sessions_done,
            lines["lower-back-rotational-stretch"].sessions_target) == (2, 14)  # fmt: skip
    assert lines["bridge"].sessions_done == 0
    assert report.pain_days == 2
    assert (report.pain_before, report.pain_after) == (3.5, 4.0)
    assert report.worse_days == (MONDAY + timedelta(days=2),)
    assert [s.mean for s in report.function_scores] == [4.0]
    assert [(c.kind, c.level) for c in report.steps] == [("up", Level(20, 5))]
    assert report.notes == ((MONDAY, "Hamstring stretch", "Stiff <b>morning</b>."),)


def test_a_period_ending_before_it_starts_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"ends .* before it starts"):
        visit_report(SessionLog(tmp_path / "l.sqlite3"), CATALOG, start=MONDAY,
                     end=MONDAY - timedelta(days=1))  # fmt: skip
