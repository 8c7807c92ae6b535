"""The session log against a real SQLite file, with real concurrent and killed processes."""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

from backcare_widgets.data.log import (
    CSV_COLUMNS,
    SCHEMA_VERSION,
    CsvImportError,
    LogError,
    LogStorageError,
    SessionLog,
    default_log_path,
)
from tests.conftest import fill_disk

ROOT = Path(__file__).resolve().parents[2]
IDS = ("bridge", "partial-crunches", "hamstring-stretch", "lower-back-rotational-stretch")
CEST = timezone(timedelta(hours=2))
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def log(tmp_path: Path) -> SessionLog:
    with SessionLog(tmp_path / "log.sqlite3", exercise_ids=IDS) as opened:
        yield opened


def at(day: int, hour: int = 8, minute: int = 0, tz: timezone = CEST) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=tz)


def fill(log: SessionLog) -> None:
    log.record("bridge", reps=5, hold_seconds=3, pain_before=4, pain_after=3, when=at(4))
    log.record("hamstring-stretch", side="left", hold_seconds=20, when=at(4, 8, 5))
    log.record("hamstring-stretch", side="right", hold_seconds=25, when=at(4, 8, 6))
    log.record("partial-crunches", reps=10, notes=XSS, when=at(5, 23, 30))
    log.record("bridge", set_number=2, reps=5, notes='a, "quoted"\nsecond line', when=at(6))


# ---------------------------------------------------------------- recording and validation


def test_record_returns_ids_and_reads_back_typed(log: SessionLog) -> None:
    fill(log)
    frame = log.to_dataframe()
    assert list(frame.columns) == [
        "id",
        "uid",
        "when",
        "day",
        "exercise",
        "side",
        "set_number",
        "reps",
        "hold_seconds",
        "pain_before",
        "pain_after",
        "notes",
        "completed",
    ]
    dtypes = frame.dtypes.astype(str).to_dict()
    assert dtypes["completed"] == "bool"
    assert dtypes["id"] == "int64"
    assert dtypes["when"] == "datetime64[us, UTC]"
    assert dtypes["day"] == "datetime64[s]"
    assert dtypes["exercise"] == "category"
    assert dtypes["side"] == "category"
    assert dtypes["set_number"] == "int64"
    for name in ("reps", "hold_seconds", "pain_before", "pain_after"):
        assert dtypes[name] == "Int64"
    assert dtypes["notes"] == "str"
    assert set(frame["exercise"].cat.categories) == set(IDS)
    assert list(frame["side"].cat.categories) == ["left", "right"]
    assert frame["when"].iloc[0] == pd.Timestamp("2026-05-04T06:00:00Z")
    # 23:30 in UTC+2 is 21:30 UTC, but the set was done on the 5th where it was done
    assert frame["day"].iloc[3] == pd.Timestamp("2026-05-05")
    assert frame["reps"].isna().tolist() == [False, True, True, False, False]
    assert frame["notes"].iloc[3] == XSS


def test_an_empty_log_is_still_truthy(log: SessionLog) -> None:
    assert len(log) == 0
    assert log


def test_default_when_is_now_and_aware(log: SessionLog) -> None:
    before = datetime.now(UTC)
    log.record("bridge")
    stored = log.to_dataframe()["when"].iloc[0]
    assert before - timedelta(seconds=1) <= stored <= datetime.now(UTC) + timedelta(seconds=1)


INVALID = [
    ({"exercise": "handstand"}, "exercise", "'handstand'"),
    ({"exercise": 7}, "exercise", "7"),
    ({"pain_before": 11}, "pain_before", "11"),
    ({"pain_before": -1}, "pain_before", "-1"),
    ({"pain_after": 11}, "pain_after", "11"),
    ({"pain_after": -1}, "pain_after", "-1"),
    ({"pain_after": "3"}, "pain_after", "'3'"),
    ({"reps": -1}, "reps", "-1"),
    ({"reps": 2.5}, "reps", "2.5"),
    ({"reps": True}, "reps", "True"),
    ({"hold_seconds": -1}, "hold_seconds", "-1"),
    ({"set_number": 0}, "set_number", "0"),
    ({"side": "up"}, "side", "'up'"),
    ({"side": "Left"}, "side", "'Left'"),
    ({"when": datetime(2026, 5, 4, 8, 0)}, "when", "2026-05-04T08:00:00"),  # noqa: DTZ001
    ({"when": date(2026, 5, 4)}, "when", "datetime.date(2026, 5, 4)"),
    ({"when": "2026-05-04T08:00+02:00"}, "when", "'2026-05-04T08:00+02:00'"),
    ({"when": datetime(2099, 1, 1, tzinfo=UTC)}, "when", "2099-01-01"),
    ({"notes": 42}, "notes", "42"),
    ({"notes": None}, "notes", "None"),
    ({"notes": b"bytes"}, "notes", "b'bytes'"),
    ({"notes": "\ud800"}, "notes", "not valid text"),
]


@pytest.mark.parametrize(("change", "field", "shown"), INVALID)
def test_invalid_row_is_refused_and_log_unchanged(
    log: SessionLog, change: dict[str, object], field: str, shown: str
) -> None:
    fill(log)
    before = log.to_dataframe()
    raw = log.path.read_bytes()
    arguments: dict[str, object] = {"exercise": "bridge", "when": at(7)} | change
    with pytest.raises(LogError) as info:
        log.record(**arguments)  # type: ignore[arg-type]
    message = str(info.value)
    assert field in message
    assert shown in message
    pd.testing.assert_frame_equal(log.to_dataframe(), before)
    assert log.path.read_bytes() == raw


def test_every_bad_field_is_named_at_once(log: SessionLog) -> None:
    with pytest.raises(LogError) as info:
        log.record("nope", side="up", pain_before=11, reps=-3, when=at(4))
    message = str(info.value)
    for part in ("'nope'", "'up'", "pain_before", "11", "reps", "-3"):
        assert part in message
    assert len(log) == 0


def test_log_error_is_a_value_error() -> None:
    assert issubclass(LogError, ValueError)
    assert issubclass(CsvImportError, LogError)


def test_notes_are_stored_verbatim(log: SessionLog) -> None:
    notes = [XSS, "  spaces kept  ", "line\r\nbreaks\nkept", "émoji 🦴 and \t tab", "=1+1", ""]
    for text in notes:
        log.record("bridge", notes=text, when=at(4))
    assert log.to_dataframe()["notes"].tolist() == notes


# ---------------------------------------------------------------- location and files


def test_default_location_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKCARE_DATA_DIR", str(tmp_path / "data"))
    log = SessionLog(exercise_ids=IDS)
    assert log.path == tmp_path / "data" / "session_log.sqlite3"
    assert log.path.exists()
    log.close()
    monkeypatch.delenv("BACKCARE_DATA_DIR")
    assert default_log_path().name == "session_log.sqlite3"
    assert "backcare-workbook" in str(default_log_path())


def test_a_folder_argument_holds_the_default_file(tmp_path: Path) -> None:
    with SessionLog(tmp_path, exercise_ids=IDS) as log:
        assert log.path == tmp_path / "session_log.sqlite3"


def test_default_exercise_ids_come_from_the_catalogue(tmp_path: Path) -> None:
    from backcare_widgets.data.catalog import load_catalog

    with SessionLog(tmp_path / "log.sqlite3") as log:
        assert log.exercise_ids == frozenset(load_catalog())


def test_schema_and_pragmas(log: SessionLog) -> None:
    log.record("bridge", when=at(4))
    with sqlite3.connect(log.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


@pytest.mark.parametrize(
    "content",
    [
        b"my shopping list\nbananas\n" * 50,
        b"SQLite format 3\x00" + b"\xff" * 4000,
        b"x",
    ],
    ids=["text", "corrupt-sqlite", "one-byte"],
)
def test_not_a_database_is_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "log.sqlite3"
    path.write_bytes(content)
    with pytest.raises(LogError, match=r"log\.sqlite3") as info:
        SessionLog(path, exercise_ids=IDS)
    assert "not" in str(info.value)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.sqlite3"]


def test_newer_schema_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    SessionLog(path, exercise_ids=IDS).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    content = path.read_bytes()
    with pytest.raises(LogError, match=rf"newer .*version {SCHEMA_VERSION + 1}.*untouched"):
        SessionLog(path, exercise_ids=IDS)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.sqlite3"]


def test_another_programs_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    content = path.read_bytes()
    with pytest.raises(LogError, match="not a BackCare session log"):
        SessionLog(path, exercise_ids=IDS)
    assert path.read_bytes() == content


# the first schema, frozen here as it shipped, so the migration path stays tested
SCHEMA_V1 = """
CREATE TABLE entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    when_us INTEGER NOT NULL,
    utc_offset_s INTEGER NOT NULL,
    exercise TEXT NOT NULL,
    side TEXT CHECK (side IN ('left', 'right')),
    set_number INTEGER NOT NULL CHECK (set_number >= 1),
    reps INTEGER CHECK (reps >= 0),
    hold_seconds INTEGER CHECK (hold_seconds >= 0),
    pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
    pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
    notes TEXT NOT NULL DEFAULT ''
);
PRAGMA application_id = 1111706695;
PRAGMA user_version = 1;
"""


def test_version_1_file_is_migrated_with_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_V1)
    when_us = int(at(4).timestamp() * 1_000_000)
    conn.executemany(
        "INSERT INTO entries (when_us, utc_offset_s, exercise, side, set_number, reps, notes) "
        "VALUES (?, 7200, ?, ?, 1, ?, ?)",
        [
            (when_us, "bridge", None, 5, "old"),
            (when_us + 60_000_000, "hamstring-stretch", "left", None, ""),
        ],
    )
    conn.commit()
    conn.close()
    with SessionLog(path, exercise_ids=IDS) as log:
        frame = log.to_dataframe()
        assert frame["exercise"].astype(str).tolist() == ["bridge", "hamstring-stretch"]
        assert frame["uid"].str.len().tolist() == [36, 36]
        assert frame["when"].iloc[0] == pd.Timestamp(at(4))
        new_id = log.record("bridge", when=at(5))
        assert new_id == 3
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


# the second schema as it shipped: the first plus a uid per row
SCHEMA_V2_STEPS = """
ALTER TABLE entries ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX entries_uid ON entries (uid);
CREATE INDEX entries_when ON entries (when_us);
PRAGMA user_version = 2;
"""


def test_version_2_file_is_migrated_and_reads_completed_from_the_notes(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_V1 + SCHEMA_V2_STEPS)
    when_us = int(at(4).timestamp() * 1_000_000)
    conn.executemany(
        "INSERT INTO entries (uid, when_us, utc_offset_s, exercise, side, set_number, reps, "
        "hold_seconds, notes) VALUES (?, ?, 7200, 'hamstring-stretch', ?, 1, ?, 15, ?)",
        [
            ("6c1f7a4e-0d0b-4c3e-9d43-000000000001", when_us, "left", 5, "Form cues ticked."),
            (
                "6c1f7a4e-0d0b-4c3e-9d43-000000000002",
                when_us,
                "right",
                4,
                (
                    "Stopped early: 4 of 5 holds done in full (the last held 6 s of 15 s). "
                    "Form cues ticked: 2 of 3."
                ),
            ),
        ],
    )
    conn.commit()
    conn.close()
    with SessionLog(path, exercise_ids=IDS) as log:
        frame = log.to_dataframe()
        assert frame["completed"].tolist() == [True, False]
        assert frame["uid"].tolist()[0] == "6c1f7a4e-0d0b-4c3e-9d43-000000000001"
        exported = log.to_csv_bytes().decode()
        new_id = log.record("bridge", when=at(5), completed=False)
        assert log.to_dataframe()["completed"].tolist() == [True, False, False]
        assert new_id == 3
    header, first, second = exported.splitlines()
    assert header.endswith(",completed")
    assert first.endswith(",true")
    assert second.endswith(",false")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    conn.close()


def test_csv_carries_completed_and_an_old_csv_without_it_still_imports(tmp_path: Path) -> None:
    old_csv = (
        b"when,exercise,side,set_number,reps,hold_seconds,notes\n"
        b"2026-05-04T08:00:00+02:00,hamstring-stretch,left,1,5,15,\n"
        b"2026-05-04T08:00:00+02:00,hamstring-stretch,right,1,4,15,Stopped early: 4 of 5.\n"
    )
    with SessionLog(tmp_path / "a.sqlite3", exercise_ids=IDS) as log:
        assert log.import_csv(old_csv).added == 2
        assert log.import_csv(old_csv).skipped == 2  # the same uids as before schema v3
        assert log.to_dataframe()["completed"].tolist() == [True, False]
        exported = log.to_csv_bytes()
    with SessionLog(tmp_path / "b.sqlite3", exercise_ids=IDS) as other:
        other.import_csv(exported.replace(b",true", b",false"))
        assert other.to_dataframe()["completed"].tolist() == [False, False]
        with pytest.raises(CsvImportError, match="completed must be true, false or empty"):
            other.import_csv(exported.replace(b",true", b",maybe"))


# ---------------------------------------------------------------- undo and delete


def test_undo_last_removes_only_this_objects_last_row(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    with SessionLog(path, exercise_ids=IDS) as tab_a, SessionLog(path, exercise_ids=IDS) as tab_b:
        first = tab_a.record("bridge", when=at(4))
        second = tab_a.record("bridge", set_number=2, when=at(4, 8, 1))
        other = tab_b.record("partial-crunches", when=at(4, 8, 2))
        assert tab_a.undo_last() == second
        assert tab_a.to_dataframe()["id"].tolist() == [first, other]
        assert tab_a.undo_last() == first
        with pytest.raises(LogError, match="nothing to undo"):
            tab_a.undo_last()
        assert len(tab_b) == 1


def test_delete_by_id(log: SessionLog) -> None:
    fill(log)
    log.delete(2)
    assert 2 not in log.to_dataframe()["id"].tolist()
    with pytest.raises(LogError, match="no row with id 2"):
        log.delete(2)
    with pytest.raises(LogError, match="row_id"):
        log.delete("2")  # type: ignore[arg-type]
    assert len(log) == 4


# ---------------------------------------------------------------- filtering


def test_filters_by_day_instant_and_exercise(log: SessionLog) -> None:
    fill(log)
    # the 5th at 23:30 local (21:30 UTC) belongs to the 5th, not the 6th
    assert log.to_dataframe(start=date(2026, 5, 5), end=date(2026, 5, 5))["id"].tolist() == [4]
    assert log.to_dataframe(start=date(2026, 5, 5))["id"].tolist() == [4, 5]
    assert log.to_dataframe(end=date(2026, 5, 4))["id"].tolist() == [1, 2, 3]
    instant = log.to_dataframe(start=at(4, 8, 5), end=at(4, 8, 6))
    assert instant["id"].tolist() == [2, 3]
    assert log.to_dataframe(exercise="bridge")["id"].tolist() == [1, 5]
    both = log.to_dataframe(exercise=["bridge", "partial-crunches"])
    assert both["id"].tolist() == [1, 4, 5]
    assert log.to_dataframe(exercise="lower-back-rotational-stretch").empty
    with pytest.raises(LogError, match="'brige'"):
        log.to_dataframe(exercise="brige")
    with pytest.raises(LogError, match="timezone-aware"):
        log.to_dataframe(start=datetime(2026, 5, 4))  # noqa: DTZ001
    with pytest.raises(LogError, match="start"):
        log.to_dataframe(start="2026-05-04")  # type: ignore[arg-type]


def test_a_folder_path_keeps_the_log_inside_it(tmp_path: Path) -> None:
    with SessionLog(tmp_path, exercise_ids=IDS) as existing:
        assert existing.path == tmp_path / "session_log.sqlite3"
    with SessionLog(f"{tmp_path}/new/folder/", exercise_ids=IDS) as created:
        created.record("bridge")
    assert (tmp_path / "new" / "folder" / "session_log.sqlite3").is_file()
    with SessionLog(tmp_path / "named.sqlite3", exercise_ids=IDS) as named:
        assert named.path == tmp_path / "named.sqlite3"


def test_count_sets_agrees_with_the_dataframe(log: SessionLog) -> None:
    fill(log)
    for start, end in [
        (None, None),
        (date(2026, 5, 5), date(2026, 5, 5)),
        (date(2026, 5, 4), None),
    ]:
        frame = log.to_dataframe(start=start, end=end)
        expected = frame["exercise"].astype(str).value_counts().to_dict()
        assert log.count_sets(start=start, end=end) == expected
    assert log.count_sets(start=date(2026, 5, 5), end=date(2026, 5, 5)) == {"partial-crunches": 1}
    assert log.count_sets(start=date(2030, 1, 1)) == {}


def test_empty_log_has_the_same_columns_and_types(log: SessionLog) -> None:
    fill(log)
    full = log.to_dataframe()
    empty = log.to_dataframe(exercise="lower-back-rotational-stretch")
    assert empty.empty
    pd.testing.assert_series_equal(empty.dtypes, full.dtypes)


# ---------------------------------------------------------------- CSV


def test_csv_round_trip(log: SessionLog, tmp_path: Path) -> None:
    fill(log)
    target = tmp_path / "export.csv"
    assert log.export_csv(target) == 5
    with target.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[1][1] == "2026-05-04T08:00:00+02:00"
    with SessionLog(tmp_path / "copy.sqlite3", exercise_ids=IDS) as copy:
        summary = copy.import_csv(target)
        assert (summary.added, summary.skipped) == (5, 0)
        pd.testing.assert_frame_equal(copy.to_dataframe(), log.to_dataframe())
        assert copy.to_csv_bytes() == target.read_bytes() == log.to_csv_bytes()


def test_import_from_bytes_and_open_files(log: SessionLog, tmp_path: Path) -> None:
    fill(log)
    data = log.to_csv_bytes()
    with SessionLog(tmp_path / "a.sqlite3", exercise_ids=IDS) as other:
        assert other.import_csv(data).added == 5
    with SessionLog(tmp_path / "b.sqlite3", exercise_ids=IDS) as other:
        assert other.import_csv(io.BytesIO(data)).added == 5
    with SessionLog(tmp_path / "c.sqlite3", exercise_ids=IDS) as other:
        assert other.import_csv(memoryview(b"\xef\xbb\xbf" + data)).added == 5  # Excel's BOM


def test_reimport_does_not_duplicate(log: SessionLog, tmp_path: Path) -> None:
    fill(log)
    target = tmp_path / "export.csv"
    log.export_csv(target)
    summary = log.import_csv(target)
    assert (summary.added, summary.skipped) == (0, 5)
    assert len(log) == 5


def test_hand_written_csv_without_uids_imports_once(log: SessionLog) -> None:
    data = (
        b"when,exercise,side,reps\n"
        b"2026-05-04T08:00:00+02:00,bridge,,5\n"
        b"2026-05-04T08:00:00+02:00,bridge,,5\n"  # the same set twice is two sets
        b"2026-05-04T08:01:00+02:00,hamstring-stretch,left,\n"
    )
    assert log.import_csv(data).added == 3
    summary = log.import_csv(data)
    assert (summary.added, summary.skipped) == (0, 3)
    assert len(log) == 3


def test_merged_class_exports_keep_identical_sets_of_different_people(tmp_path: Path) -> None:
    people = [SessionLog(tmp_path / f"p{i}.sqlite3", exercise_ids=IDS) for i in range(3)]
    for person in people:  # everyone does the same class routine at the same minute
        person.record("bridge", reps=5, when=at(4))
        person.record("partial-crunches", reps=10, when=at(4, 8, 2))
    exports = [person.to_csv_bytes().decode().splitlines(keepends=True) for person in people]
    merged = "".join(exports[0] + exports[1][1:] + exports[2][1:] + exports[0][1:])
    with SessionLog(tmp_path / "class.sqlite3", exercise_ids=IDS) as teacher:
        summary = teacher.import_csv(merged.encode())
        assert (summary.added, summary.skipped) == (6, 2)
        assert (
            teacher.import_csv(
                exports[1][0].encode() + b"".join(line.encode() for line in exports[1][1:])
            ).added
            == 0
        )
        assert len(teacher) == 6
    for person in people:
        person.close()


def test_import_reports_every_bad_line_and_imports_nothing(log: SessionLog) -> None:
    fill(log)
    before = log.to_dataframe()
    data = (
        b"uid,when,exercise,side,set_number,reps,hold_seconds,pain_before,pain_after,notes\n"
        b',2026-05-04T08:00:00+02:00,bridge,,1,5,,,,"a note\nover two lines"\n'  # lines 2-3: fine
        b",2026-05-04T08:00:00+02:00,handstand,,1,,,,,\n"  # 4
        b",2026-05-04T08:00:00+02:00,bridge,,1,,,11,-1,\n"  # 5
        b",2026-05-04T08:00:00,bridge,,1,,,,,\n"  # 6: naive
        b",yesterday,bridge,up,1,-2,,,,\n"  # 7
        b",2026-05-04T08:00:00+02:00,bridge,,1,1.5,,,,\n"  # 8
        b",2026-05-04T08:00:00+02:00,bridge,,1\n"  # 9: short
        b"not-a-uuid,2026-05-04T08:00:00+02:00,bridge,,1,,,,,\n"  # 10
        b",2026-05-04T08:00:00+02:00,bridge,,1,,,,,fine\n"  # 11: fine
    )
    with pytest.raises(CsvImportError) as info:
        log.import_csv(data)
    lines = {line for line, _ in info.value.problems}
    assert lines == {4, 5, 6, 7, 8, 9, 10}
    message = str(info.value)
    assert "nothing was imported" in message
    for expected in (
        "line 4: exercise 'handstand'",
        "line 5: pain_before",
        "line 5: pain_after",
        "-1",
        "line 6: when",
        "line 7: when",
        "'yesterday'",
        "line 7: side",
        "line 7: reps",
        "line 8: reps must be a whole number, got '1.5'",
        "line 9: has 5 fields",
        "line 10: uid",
    ):
        assert expected in message
    pd.testing.assert_frame_equal(log.to_dataframe(), before)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"when,exercise,pain\n", "unknown column 'pain'"),
        (b"when,exercise,pain_befor\n", "did you mean 'pain_before'"),
        (b"exercise,reps\n", "required column 'when' is missing"),
        (b"when,exercise,exercise\n", "'exercise' appears more than once"),
        (b"when,exercise\n2026-05-04T08:00+02:00,bridge\xff\n", "line 2: is not UTF-8"),
    ],
)
def test_bad_files_are_refused_with_reasons(log: SessionLog, data: bytes, expected: str) -> None:
    with pytest.raises(CsvImportError, match=expected):
        log.import_csv(data)
    assert len(log) == 0


def test_conflicting_uid_is_refused(log: SessionLog) -> None:
    log.record("bridge", reps=5, when=at(4))
    exported = log.to_csv_bytes().decode()
    changed = exported.replace(",5,", ",6,")
    with pytest.raises(CsvImportError, match="already in the log with other values"):
        log.import_csv(changed.encode())
    header, row = exported.splitlines()[:2]
    twice = "\n".join([header, row, row.replace(",5,", ",7,")]) + "\n"
    with pytest.raises(CsvImportError, match=r"line 3: uid .* also on line 2"):
        log.import_csv(twice.encode())
    assert len(log) == 1


def test_huge_upload_is_refused_quickly(log: SessionLog, tmp_path: Path) -> None:
    row = b",2026-05-04T08:00:00+02:00,bridge,,1,5,,,,\n"
    big = ",".join(CSV_COLUMNS).encode() + b"\n" + row * (20_000_000 // len(row) + 1)
    assert len(big) > 20_000_000
    with pytest.raises(LogError, match="uploaded CSV is 20 MB, larger than the limit of 10 MB"):
        log.import_csv(big)
    path = tmp_path / "big.csv"
    path.write_bytes(big)
    with pytest.raises(
        LogError, match=r"big\.csv is 20 MB, larger than the limit of 10 MB per file"
    ):
        log.import_csv(path)
    with (
        path.open("rb") as fh,
        pytest.raises(LogError, match=r"big\.csv is larger than the limit of 10 MB"),
    ):
        log.import_csv(fh)
    assert len(log) == 0


def test_missing_file_gives_a_clear_error(log: SessionLog, tmp_path: Path) -> None:
    with pytest.raises(LogError, match=r"cannot read .*nope\.csv"):
        log.import_csv(tmp_path / "nope.csv")


def test_sample_log_imports_cleanly(log: SessionLog) -> None:
    summary = log.import_csv(ROOT / "data" / "sample_log.csv")
    assert summary.added > 80  # one row per set per side, as the guided session writes them
    assert summary.skipped == 0
    frame = log.to_dataframe()
    assert frame["day"].nunique() >= 10
    assert XSS not in frame["notes"].tolist()


# ---------------------------------------------------------------- real processes

WRITER = """
import sys
from backcare_widgets.data.log import SessionLog
path, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.stdin.readline()  # start together
log = SessionLog(path, exercise_ids=["bridge"])
for i in range(count):
    log.record("bridge", reps=i % 20, notes=f"{worker}-{i}")
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_four_processes_writing_at_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"  # created by the racing writers themselves
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), f"w{n}", "250"],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(),
        )
        for n in range(4)
    ]
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write(b"go\n")
        writer.stdin.flush()
    for writer in writers:
        _, err = writer.communicate(timeout=240)
        assert writer.returncode == 0, err.decode()
    with SessionLog(path, exercise_ids=["bridge"]) as log:
        frame = log.to_dataframe()
    assert len(frame) == 1000
    assert frame["id"].is_unique
    assert frame["uid"].is_unique
    assert set(frame["notes"]) == {f"w{n}-{i}" for n in range(4) for i in range(250)}


KILLED = """
import sys
from backcare_widgets.data.log import SessionLog
log = SessionLog(sys.argv[1], exercise_ids=["bridge"])
batch = 0
while True:
    for i in range(20):
        row_id = log.record("bridge", reps=i, notes=f"single-{batch}-{i}")
        print("row", row_id, flush=True)
    rows = "".join(
        f"2026-05-04T08:00:00+02:00,bridge,{j},batch-{batch}-{j}\\n" for j in range(1, 301)
    )
    log.import_csv(("when,exercise,set_number,notes\\n" + rows).encode())
    print("batch", batch, flush=True)
    batch += 1
"""


def test_sigkill_mid_write_loses_no_committed_row(tmp_path: Path) -> None:
    path = tmp_path / "killed.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    assert child.stdout is not None
    reported: list[str] = []
    deadline = time.monotonic() + 120
    while sum(line.startswith("batch") for line in reported) < 3:
        line = child.stdout.readline().decode()
        assert line, child.stderr.read().decode() if child.stderr else "writer died"
        reported.append(line)
        assert time.monotonic() < deadline
    child.send_signal(signal.SIGKILL)
    rest, _ = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    reported += rest.decode().splitlines()
    committed_ids = {int(line.split()[1]) for line in reported if line.startswith("row")}
    committed_batches = {int(line.split()[1]) for line in reported if line.startswith("batch")}

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    with SessionLog(path, exercise_ids=["bridge"]) as log:
        frame = log.to_dataframe()
        log.record("bridge", notes="after the crash")  # still writable
    assert committed_ids <= set(frame["id"])
    batches = frame["notes"][frame["notes"].str.startswith("batch-")].str.split("-").str[1]
    sizes = batches.astype(int).value_counts()
    assert set(sizes) <= {300}  # an import is all or nothing, even when killed
    assert committed_batches <= set(sizes.index)


def test_recording_does_not_import_pandas(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from backcare_widgets.data.log import SessionLog\n"
        f"log = SessionLog({str(tmp_path / 'x.sqlite3')!r}, exercise_ids=['bridge'])\n"
        "log.record('bridge'); log.export_csv(log.path.with_suffix('.csv'))\n"
        "assert 'pandas' not in sys.modules, 'pandas was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=_env())


# ---------------------------------------------------------------- hardening (issue 20)

POISON = "0001-01-01T00:30:00+01:00"
HEADER = ",".join(CSV_COLUMNS)


@pytest.mark.parametrize(
    "when",
    [
        datetime.fromisoformat(POISON),
        datetime(1999, 12, 31, 23, 59, tzinfo=UTC),
        datetime.now(UTC) + timedelta(days=2),
    ],
)
def test_a_time_outside_2000_to_tomorrow_is_refused_at_record(
    log: SessionLog, when: datetime
) -> None:
    with pytest.raises(LogError, match="when must be from 2000-01-01 to tomorrow"):
        log.record("bridge", reps=5, when=when)
    assert len(log) == 0
    log.record("bridge", reps=5, when=datetime(2000, 1, 1, tzinfo=UTC))  # the first day is fine
    assert len(log) == 1


def test_the_poison_date_is_refused_at_import_and_the_log_still_exports(log: SessionLog) -> None:
    fill(log)
    data = f"{HEADER}\n,{POISON},bridge,,1,5,,,,,\n".encode()
    with pytest.raises(CsvImportError, match=r"line 2: when must be from 2000-01-01"):
        log.import_csv(data)
    assert len(log) == 5
    assert log.to_csv_bytes().count(b"\r\n") == 6  # export and reading still work
    assert len(log.to_dataframe()) == 5


def test_remove_returns_the_row_and_restore_puts_it_back_exactly(log: SessionLog) -> None:
    fill(log)
    before = log.to_csv_bytes()
    frame = log.to_dataframe()
    row_id = int(frame["id"].iloc[2])
    removed = log.remove(row_id)
    assert removed["id"] == row_id
    assert removed["uid"] == frame["uid"].iloc[2]
    assert len(log) == 4
    assert row_id not in set(log.to_dataframe()["id"])
    assert log.restore(removed) == row_id
    assert log.to_csv_bytes() == before
    with pytest.raises(LogError, match="holds it again"):
        log.restore(removed)
    with pytest.raises(LogError, match="no row with id 9999"):
        log.remove(9999)


def test_newest_rows_lists_a_row_whose_time_cannot_be_shown(log: SessionLog) -> None:
    """A year-1 row written by an older version must still be listed, so it can be deleted."""
    fill(log)
    conn = sqlite3.connect(log.path)
    with conn:
        conn.execute(
            "INSERT INTO entries (uid, when_us, utc_offset_s, exercise, set_number, notes) "
            "VALUES ('poison', ?, 3600, 'bridge', 1, '')",
            ((datetime.fromisoformat(POISON) - datetime(1970, 1, 1, tzinfo=UTC)) // _US,),
        )
    conn.close()
    with pytest.raises(OverflowError):
        log.to_csv_bytes()  # what locked the person out
    rows = log.newest_rows(limit=2)
    assert len(rows) == 3  # the impossible one first, whatever the limit, then the newest two
    assert rows[0]["uid"] == "poison"
    assert [r["when_us"] for r in rows[1:]] == sorted(
        (r["when_us"] for r in rows[1:]), reverse=True
    )
    log.remove(rows[0]["id"])
    assert log.to_csv_bytes().count(b"\r\n") == 6


_US = timedelta(microseconds=1)

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1", "-2", "@x", "\tx", "\rx"]


def test_formula_notes_are_neutralised_on_export_and_reimport_exactly(
    log: SessionLog, tmp_path: Path
) -> None:
    """OWASP CSV injection: a cell a spreadsheet would run starts with a quote in the export."""
    tricky = [*FORMULAS, "'=already quoted", "'tis fine", "it's = fine", "", "''+2"]
    for minute, note in enumerate(tricky):
        log.record("bridge", reps=5, notes=note, when=at(4, 8, minute))
    target = tmp_path / "export.csv"
    log.export_csv(target)
    with target.open(encoding="utf-8", newline="") as fh:
        cells = [row[CSV_COLUMNS.index("notes")] for row in list(csv.reader(fh))[1:]]
    for cell, note in zip(cells, tricky, strict=True):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        if note.lstrip("'").startswith(("=", "+", "-", "@", "\t", "\r")):
            assert cell == "'" + note
        else:
            assert cell == note
    assert log.to_csv_bytes() == target.read_bytes()
    with SessionLog(tmp_path / "copy.sqlite3", exercise_ids=IDS) as copy:
        assert copy.import_csv(target).added == len(tricky)
        assert list(copy.to_dataframe()["notes"]) == tricky
        assert copy.to_csv_bytes() == target.read_bytes()


def test_a_semicolon_separated_file_names_the_separator(log: SessionLog) -> None:
    fill(log)
    text = log.to_csv_bytes().decode()
    semicolons = "\n".join(line.replace(",", ";") for line in text.splitlines()[:1]) + "\n"
    semicolons += "x;2026-05-04T08:00:00+02:00;bridge;;1;5;;;;\n"
    with pytest.raises(CsvImportError) as info:
        log.import_csv(semicolons.encode())
    message = str(info.value)
    assert "separated by semicolons" in message
    assert "CSV UTF-8 (comma delimited)" in message
    assert "unknown column" not in message


def test_a_number_too_long_for_python_is_a_clear_import_error(log: SessionLog) -> None:
    huge = "9" * 5000
    data = f"{HEADER}\n,2026-05-04T08:00:00+02:00,bridge,,1,{huge},,,,,\n".encode()
    with pytest.raises(CsvImportError) as info:
        log.import_csv(data)
    message = str(info.value)
    assert "line 2: reps is a number with 5,000 digits" in message
    assert len(message) < 500  # the value is not echoed back


def test_a_huge_bad_cell_is_quoted_as_a_short_excerpt(log: SessionLog) -> None:
    data = f"{HEADER}\n,{'x' * 100_000},bridge,,1,,,,,,\n".encode()
    with pytest.raises(CsvImportError) as info:
        log.import_csv(data)
    assert "100,000 characters" in str(info.value)
    assert len(str(info.value)) < 500


def test_the_same_set_re_exported_in_another_zone_or_with_an_edited_note_is_the_same(
    log: SessionLog,
) -> None:
    log.record("bridge", reps=5, notes="felt fine", when=at(4))
    header, row = log.to_csv_bytes().decode().splitlines()[:2]
    # a spreadsheet in UTC re-saved the time (same instant) and the person edited the note
    moved = row.replace("2026-05-04T08:00:00+02:00", "2026-05-04T06:00:00+00:00")
    moved = moved.replace("felt fine", "felt fine; a bit stiff")
    summary = log.import_csv(f"{header}\n{moved}\n".encode())
    assert (summary.added, summary.skipped) == (0, 1)
    assert len(log) == 1
    # another set under the same uid: the message says which fields differ and how
    other = row.replace(",5,", ",8,").replace("08:00:00", "09:00:00")
    with pytest.raises(CsvImportError) as info:
        log.import_csv(f"{header}\n{other}\n".encode())
    message = str(info.value)
    assert "line 2: uid" in message
    assert "reps: 5 in the log, 8 here" in message
    assert "when_us:" in message


def test_a_full_disk_is_the_logs_own_error_and_saving_works_once_space_is_freed(
    small_disk: Path,
) -> None:
    with SessionLog(small_disk / "log.sqlite3", exercise_ids=IDS) as log:
        log.record("bridge", reps=5, when=at(4))
        filler = fill_disk(small_disk)
        error = None
        for minute in range(200):  # the WAL may have room for a few pages
            try:
                log.record("bridge", reps=5, notes="x" * 4000, when=at(4, 9, minute % 60))
            except LogError as exc:
                error = exc
                break
        assert isinstance(error, LogStorageError), error
        assert "disk holding your log is full" in str(error)
        assert "nothing was written" in str(error)
        kept = len(log)
        data = f"{HEADER}\n,2026-05-05T08:00:00+02:00,bridge,,1,5,,,,{'y' * 9000},\n".encode()
        with pytest.raises(LogStorageError, match="full"):
            log.import_csv(data * 1)
        assert len(log) == kept
        filler.unlink()
        log.record("bridge", reps=5, when=at(6))
        assert log.import_csv(data).added == 1
        assert len(log) == kept + 2


def test_a_hand_written_set_without_uid_re_saved_in_another_zone_is_the_same(
    log: SessionLog,
) -> None:
    data = (
        b"when,exercise,reps,notes\n"
        b"2026-05-04T08:00:00+02:00,bridge,5,ok\n"
        b"2026-05-04T08:00:00+02:00,bridge,5,ok\n"  # the same set twice is two sets
    )
    assert log.import_csv(data).added == 2
    moved = (
        b"when,exercise,reps,notes\n"
        b"2026-05-04T06:00:00+00:00,bridge,5,ok\n"  # the same instant, re-saved in UTC
        b"2026-05-04T07:00:00+01:00,bridge,5,ok\n"  # the second one, in yet another zone
        b"2026-05-04T06:00:00+00:00,bridge,5,ok\n"  # a third: the log holds only two
        b"2026-05-04T08:00:00+02:00,bridge,5,other\n"  # without a uid, another note: a set
    )
    summary = log.import_csv(moved)
    assert (summary.added, summary.skipped) == (2, 2)
    assert len(log) == 4
    assert log.import_csv(moved).added == 0  # and again: nothing new
