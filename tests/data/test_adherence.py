"""Adherence numbers from a real session log file: active days, streaks, targets, pain."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

from backcare_widgets.data.adherence import (
    Streaks,
    daily_activity,
    daily_targets,
    pain_by_day,
    sets_vs_target,
    streaks,
)
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from tests.sets import done_set

ROOT = Path(__file__).resolve().parents[2]
IDS = ("bridge", "partial-crunches", "hamstring-stretch", "lower-back-rotational-stretch")
CEST = timezone(timedelta(hours=2))


CATALOG = load_catalog()


def at(day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=CEST)


@pytest.fixture
def log(tmp_path: Path) -> SessionLog:
    with SessionLog(tmp_path / "log.sqlite3", exercise_ids=IDS) as opened:
        yield opened


@pytest.fixture
def frame(log: SessionLog) -> pd.DataFrame:
    # days 4, 5, 6 (a run of 3), gap on 7, days 8 and 9 (a run of 2), gap, day 12
    done_set(log, "bridge", at(4), pain=(4, 3))
    done_set(log, "partial-crunches", at(4, 8, 5))
    done_set(log, "hamstring-stretch", at(5))  # one row per leg
    done_set(log, "bridge", at(6, 23, 30), pain=(2, 5))  # late
    done_set(log, "bridge", at(6, 9), pain=(3, 4))
    done_set(log, "bridge", at(8))
    done_set(log, "bridge", at(9), pain=(3, None))
    done_set(log, "bridge", at(12))
    return log.to_dataframe()


def test_daily_activity_counts_every_day_in_range(frame: pd.DataFrame) -> None:
    days = daily_activity(frame)
    assert days.index.name == "day"
    assert str(days.index.dtype) == "datetime64[s]"
    assert days.index[0] == pd.Timestamp("2026-05-04")
    assert days.index[-1] == pd.Timestamp("2026-05-12")
    assert days["sets"].tolist() == [2, 2, 2, 0, 1, 1, 0, 0, 1]
    assert days["exercises"].tolist() == [2, 1, 1, 0, 1, 1, 0, 0, 1]
    assert days["active"].tolist() == [True, True, True, False, True, True, False, False, True]
    assert days.dtypes.astype(str).to_dict() == {
        "sets": "int64",
        "exercises": "int64",
        "active": "bool",
    }


def test_daily_activity_over_a_chosen_range(frame: pd.DataFrame) -> None:
    days = daily_activity(frame, start=date(2026, 5, 1), end=date(2026, 5, 5))
    assert days["sets"].tolist() == [0, 0, 0, 2, 2]


def test_a_late_evening_set_counts_for_its_own_day(log: SessionLog) -> None:
    log.record("bridge", when=datetime(2026, 5, 4, 23, 50, tzinfo=timezone(timedelta(hours=-5))))
    days = daily_activity(log.to_dataframe())
    assert days.index.tolist() == [pd.Timestamp("2026-05-04")]  # 04:50 UTC on the 5th


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 5, 3), Streaks(0, 0, None)),
        (date(2026, 5, 4), Streaks(1, 1, date(2026, 5, 4))),
        (date(2026, 5, 6), Streaks(3, 3, date(2026, 5, 6))),
        (date(2026, 5, 7), Streaks(3, 3, date(2026, 5, 6))),  # not broken until the day passes
        (date(2026, 5, 8), Streaks(1, 3, date(2026, 5, 8))),
        (date(2026, 5, 10), Streaks(2, 3, date(2026, 5, 9))),
        (date(2026, 5, 11), Streaks(0, 3, date(2026, 5, 9))),
        (date(2026, 5, 30), Streaks(0, 3, date(2026, 5, 12))),
    ],
)
def test_streaks_relative_to_today(frame: pd.DataFrame, today: date, expected: Streaks) -> None:
    assert streaks(frame, today=today) == expected


def test_streaks_accept_datetimes_and_empty_logs(frame: pd.DataFrame) -> None:
    assert streaks(frame, today=at(6, 7)).current == 3
    assert streaks(frame.iloc[:0], today=date(2026, 5, 6)) == Streaks(0, 0, None)


def test_daily_targets_from_dosage() -> None:
    # sessions a day, not logged rows: a session is one set on each side at the dose
    assert daily_targets(CATALOG) == {
        "bridge": 1,  # no frequency in the source: once, the workbook's default
        "partial-crunches": 1,
        "hamstring-stretch": 1,  # 5 holds on each leg is one session
        "lower-back-rotational-stretch": 2,  # twice a day
    }


def test_daily_targets_of_the_real_catalogue() -> None:
    from backcare_widgets.data.catalog import load_catalog

    targets = daily_targets(load_catalog())
    assert set(targets) == set(IDS)
    assert all(isinstance(n, int) and n >= 1 for n in targets.values())


def test_sets_vs_target_per_exercise_and_day(frame: pd.DataFrame) -> None:
    table = sets_vs_target(frame, CATALOG)
    assert list(table.columns) == ["day", "exercise", "done", "target", "met"]
    assert table.dtypes.astype(str).to_dict() == {
        "day": "datetime64[s]",
        "exercise": "category",
        "done": "int64",
        "target": "Int64",
        "met": "boolean",
    }
    assert len(table) == 9 * 4  # every day from the 4th to the 12th, every exercise
    day5 = table[table["day"] == pd.Timestamp("2026-05-05")].set_index("exercise")
    assert day5.loc["hamstring-stretch", "done"] == 1  # one set per leg: the day's session
    assert bool(day5.loc["hamstring-stretch", "met"])
    assert day5.loc["bridge", "done"] == 0
    assert not bool(day5.loc["bridge", "met"])
    day6 = table[table["day"] == pd.Timestamp("2026-05-06")].set_index("exercise")
    assert day6.loc["bridge", "done"] == 1  # two sessions: done, and capped at the target
    assert bool(day6.loc["bridge", "met"])


def test_sets_vs_target_with_an_educators_programme(frame: pd.DataFrame) -> None:
    table = sets_vs_target(
        frame, targets={"bridge": 2}, start=date(2026, 5, 6), end=date(2026, 5, 6)
    )
    rows = table.set_index("exercise")
    assert rows.loc["bridge", "done"] == 2  # the 23:30 set counts for the 6th, a second visit
    assert bool(rows.loc["bridge", "met"])
    # exercises done but outside the programme have no target
    assert set(rows.index) == {"bridge"}
    wider = sets_vs_target(
        frame, targets={"bridge": 1}, start=date(2026, 5, 5), end=date(2026, 5, 5)
    )
    hamstring = wider.set_index("exercise").loc["hamstring-stretch"]
    assert hamstring["done"] == 1
    assert pd.isna(hamstring["target"])
    assert pd.isna(hamstring["met"])


def test_pain_by_day(frame: pd.DataFrame) -> None:
    pain = pain_by_day(frame)
    assert pain.index.name == "day"
    assert pain.dtypes.astype(str).to_dict() == {
        "pain_before": "Float64",
        "pain_after": "Float64",
        "change": "Float64",
        "rated": "int64",
        "worse": "int64",
    }
    day4 = pain.loc[pd.Timestamp("2026-05-04")]
    assert (day4["pain_before"], day4["pain_after"], day4["change"]) == (4, 3, -1)
    day6 = pain.loc[pd.Timestamp("2026-05-06")]
    assert day6["pain_before"] == 2.5
    assert day6["pain_after"] == 4.5
    assert day6["change"] == 2
    # the day's first bridge set began at 3 (09:00): 5 at 23:30 is 2 above it, 4 is not
    assert (day6["rated"], day6["worse"]) == (2, 1)
    day9 = pain.loc[pd.Timestamp("2026-05-09")]
    assert day9["pain_before"] == 3
    assert pd.isna(day9["pain_after"])
    assert day9["rated"] == 0
    assert pd.isna(pain.loc[pd.Timestamp("2026-05-05"), "pain_before"])


def test_empty_log_gives_empty_tables(log: SessionLog) -> None:
    empty = log.to_dataframe()
    assert daily_activity(empty).empty
    assert sets_vs_target(empty, CATALOG).empty
    assert pain_by_day(empty).empty


def test_sample_log_numbers(log: SessionLog) -> None:
    log.import_csv(ROOT / "data" / "sample_log.csv")
    frame = log.to_dataframe()
    days = daily_activity(frame)
    assert days.index[0] == pd.Timestamp("2026-05-04")
    assert days.index[-1] == pd.Timestamp("2026-05-17")
    assert int(days["active"].sum()) == 11
    assert streaks(frame, today=date(2026, 5, 17)) == Streaks(5, 5, date(2026, 5, 17))
    table = sets_vs_target(frame, CATALOG)
    assert table["met"].any()
    assert not table["met"].all()
    assert (pain_by_day(frame)["worse"] > 0).any()  # the sample shows the warning case once
