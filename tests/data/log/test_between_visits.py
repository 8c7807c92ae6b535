"""Function scores and progression choices in the log's SQLite file, and the v3 -> v4 migration."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pytest

from backcare_widgets.data.function_score import FunctionScoreError
from backcare_widgets.data.log import SCHEMA_VERSION, LogError, SessionLog
from backcare_widgets.data.log.between_visits import (
    choices,
    function_scores,
    level_in_force,
    record_choice,
    record_function_score,
)
from backcare_widgets.data.log.store import MIGRATIONS
from backcare_widgets.data.progression import Level

if TYPE_CHECKING:
    from pathlib import Path

IDS = ("bridge", "partial-crunches", "hamstring-stretch", "lower-back-rotational-stretch")
CET = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 3, 2, 9, tzinfo=CET)


def _v3_file(path: Path) -> None:
    """Write a log file as version 3 shipped it (the migrations up to 3), with one set in it."""
    conn = sqlite3.connect(path, isolation_level=None)
    for version in (1, 2, 3):
        MIGRATIONS[version](conn)
    conn.execute("PRAGMA user_version = 3")
    conn.execute(
        "INSERT INTO entries (uid, when_us, utc_offset_s, exercise, side, set_number, reps, "
        "hold_seconds, completed) VALUES ('u-1', ?, 3600, 'partial-crunches', NULL, 1, 8, 1, 1)",
        (int(MONDAY.timestamp() * 1_000_000),),
    )
    conn.close()


def test_a_version_3_file_gains_the_tables_and_keeps_its_sets(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    _v3_file(path)
    with SessionLog(path, exercise_ids=IDS) as log:
        assert len(log) == 1
        assert log.sets()[0][1:5] == ("partial-crunches", None, 8, 1)
        assert function_scores(log) == []
        record_function_score(log, [("Putting on socks", 4)], when=MONDAY)
        record_choice(
            log, "partial-crunches", kind="up", choice="accepted",
            previous=Level(1, 8), level=Level(1, 10), when=MONDAY,
        )  # fmt: skip
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"entries", "function_scores", "progression_choices"} <= tables
    conn.close()
    with SessionLog(path, exercise_ids=IDS) as again:  # read back from the file
        assert [s.mean for s in function_scores(again)] == [4.0]
        assert level_in_force(again, "partial-crunches") == (Level(1, 10), MONDAY)


def test_function_score_at_most_once_a_week(tmp_path: Path) -> None:
    with SessionLog(tmp_path / "log.sqlite3", exercise_ids=IDS) as log:
        first = record_function_score(log, [("Walk", 3), ("Sit", 5)], when=MONDAY)
        assert first.mean == 4.0
        with pytest.raises(FunctionScoreError, match=r"at most once every 7 days.*Monday 09 March"):
            record_function_score(log, [("Walk", 4)], when=MONDAY + timedelta(days=6, hours=23))
        record_function_score(log, [("Walk", 6), ("Sit", 6)], when=MONDAY + timedelta(days=7))
        scores = function_scores(log)
        assert [s.mean for s in scores] == [4.0, 6.0]
        assert scores[0].when == MONDAY
        assert scores[0].when.utcoffset() == timedelta(hours=1)
        start = (MONDAY + timedelta(days=7)).date()
        assert [s.mean for s in function_scores(log, start=start)] == [6.0]


def test_choices_log_the_level_in_force(tmp_path: Path) -> None:
    with SessionLog(tmp_path / "log.sqlite3", exercise_ids=IDS) as log:
        assert level_in_force(log, "hamstring-stretch") == (None, None)
        record_choice(
            log, "hamstring-stretch", kind="up", choice="declined",
            previous=Level(15, 5), level=Level(20, 5), when=MONDAY,
        )  # fmt: skip
        assert level_in_force(log, "hamstring-stretch") == (None, MONDAY)
        later = MONDAY + timedelta(days=4)
        record_choice(
            log, "hamstring-stretch", kind="up", choice="accepted",
            previous=Level(15, 5), level=Level(20, 5), when=later,
        )  # fmt: skip
        assert level_in_force(log, "hamstring-stretch") == (Level(20, 5), later)
        assert level_in_force(log, "partial-crunches") == (None, None)
        found = choices(log)
        assert [(c.choice, c.in_force) for c in found] == [
            ("declined", Level(15, 5)),
            ("accepted", Level(20, 5)),
        ]
        with pytest.raises(LogError, match="not in the catalogue"):
            record_choice(
                log, "plank", kind="up", choice="accepted",
                previous=Level(1, 1), level=Level(1, 2),
            )  # fmt: skip
        with pytest.raises(LogError, match="not a progression choice"):
            record_choice(
                log, "bridge", kind="sideways", choice="accepted",
                previous=Level(3, 5), level=Level(3, 5),
            )  # fmt: skip
