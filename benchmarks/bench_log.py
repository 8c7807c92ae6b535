"""Session log speed, as ratios to plain sqlite3 + pandas.read_sql measured in the same run.

Two measurements (issue 4): appending 5k rows one transaction each, through
``SessionLog.record`` against bare ``INSERT``+``COMMIT`` with the same durability pragmas; and
reading 100k rows into a DataFrame, through ``SessionLog.to_dataframe`` against
``pandas.read_sql("SELECT * ...")``. Runs alternate so machine noise hits both sides alike.
Target: 100k rows in under 0.5 s and no slower than 1.5x the baseline. Run alone with
``python -m benchmarks.bench_log`` (about a minute).
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from backcare_widgets.data.log import SessionLog

if TYPE_CHECKING:
    from collections.abc import Callable

IDS = ("bridge", "partial-crunches", "hamstring-stretch", "lower-back-rotational-stretch")
APPEND_ROWS = 5_000
APPEND_REPEATS = 3
APPEND_BUDGET_S = 60  # stop repeating after this, so the whole run stays under two minutes
READ_ROWS = 100_000
READ_REPEATS = 5
READ_TARGET_S = 0.5
READ_TARGET_RATIO = 1.5
START = datetime(2026, 1, 1, 7, tzinfo=UTC)

BASELINE_TABLE = """CREATE TABLE entries (
    id INTEGER PRIMARY KEY, uid TEXT, when_us INTEGER, utc_offset_s INTEGER, exercise TEXT,
    side TEXT, set_number INTEGER, reps INTEGER, hold_seconds INTEGER, pain_before INTEGER,
    pain_after INTEGER, notes TEXT)"""
# the log's indexes (uid for de-duplicating imports, time for range queries), to show their cost
LOG_INDEXES = (
    "CREATE UNIQUE INDEX entries_uid ON entries (uid)",
    "CREATE INDEX entries_when ON entries (when_us)",
)


def _rows(count: int) -> list[tuple[object, ...]]:
    """Realistic rows: mostly empty pain and notes, some sides, all four exercises."""
    rng = random.Random(4)
    rows = []
    for i in range(count):
        when = START + timedelta(minutes=i)
        rows.append(
            (
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                (when - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1),
                7200,
                IDS[i % 4],
                ("left", "right", None)[i % 3],
                1 + i % 5,
                rng.randint(5, 12) if i % 2 else None,
                rng.randint(3, 30) if i % 2 == 0 else None,
                rng.randint(0, 10) if i % 7 == 0 else None,
                rng.randint(0, 10) if i % 7 == 0 else None,
                "felt fine" if i % 50 == 0 else "",
            )
        )
    return rows


def _stats(name: str, ours: list[float], base: list[float], unit: str = "s") -> str:
    o, b = statistics.median(ours), statistics.median(base)
    return (
        f"| {name} | {o:.3f} {unit} ({min(ours):.3f}-{max(ours):.3f}) "
        f"| {b:.3f} {unit} ({min(base):.3f}-{max(base):.3f}) | {o / b:.2f}x |"
    )


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _bare_insert(path: Path, rows: list[tuple[object, ...]], *, indexed: bool) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")  # the log's own durability setting
    conn.execute(BASELINE_TABLE)
    for statement in LOG_INDEXES if indexed else ():
        conn.execute(statement)

    def insert() -> None:
        for r in rows:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO entries (uid, when_us, utc_offset_s, exercise, side, set_number,"
                " reps, hold_seconds, pain_before, pain_after, notes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r,
            )
            conn.execute("COMMIT")

    seconds = _timed(insert)
    conn.close()
    return seconds


def bench_append(folder: Path) -> dict[str, list[float]]:
    """Time APPEND_ROWS single-row transactions: SessionLog.record versus bare sqlite3."""
    rows = _rows(APPEND_ROWS)
    kwargs = [
        {
            "side": r[4],
            "set_number": r[5],
            "reps": r[6],
            "hold_seconds": r[7],
            "pain_before": r[8],
            "pain_after": r[9],
            "notes": r[10],
            "when": START + timedelta(minutes=i),
        }
        for i, r in enumerate(rows)
    ]
    times: dict[str, list[float]] = {"ours": [], "bare": [], "indexed": []}
    began = time.perf_counter()
    for run in range(APPEND_REPEATS):
        log = SessionLog(folder / f"append-{run}.sqlite3", exercise_ids=IDS)

        def append(log: SessionLog = log) -> None:
            for r, kw in zip(rows, kwargs, strict=True):
                log.record(r[3], **kw)

        times["ours"].append(_timed(append))
        log.close()
        times["bare"].append(_bare_insert(folder / f"bare-{run}.sqlite3", rows, indexed=False))
        times["indexed"].append(_bare_insert(folder / f"idx-{run}.sqlite3", rows, indexed=True))
        if time.perf_counter() - began > APPEND_BUDGET_S:
            break
    return times


def bench_read(folder: Path) -> tuple[list[float], list[float], pd.DataFrame]:
    """Time reading READ_ROWS rows into a DataFrame: to_dataframe versus read_sql."""
    path = folder / "read.sqlite3"
    log = SessionLog(path, exercise_ids=IDS)
    conn = sqlite3.connect(path)
    with conn:  # set-up, not measured: one bulk insert into the log's own table
        conn.executemany(
            "INSERT INTO entries (uid, when_us, utc_offset_s, exercise, side, set_number, reps,"
            " hold_seconds, pain_before, pain_after, notes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _rows(READ_ROWS),
        )
    ours, base = [], []
    frame = pd.DataFrame()
    for _ in range(READ_REPEATS):
        start = time.perf_counter()
        frame = log.to_dataframe()
        ours.append(time.perf_counter() - start)
        base.append(_timed(lambda: pd.read_sql("SELECT * FROM entries", conn)))
    conn.close()
    log.close()
    return ours, base, frame


def run() -> list[str]:
    """Run both measurements and return a markdown section."""
    report_lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-log-") as tmp:
        folder = Path(tmp)
        read_ours, read_base, frame = bench_read(folder)
        append = bench_append(folder)
    assert len(frame) == READ_ROWS
    read_median = statistics.median(read_ours)
    read_ratio = read_median / statistics.median(read_base)
    met = read_median < READ_TARGET_S and read_ratio <= READ_TARGET_RATIO
    runs = len(append["ours"])
    report_lines += [
        "Median (min-max) of each side; ratio = SessionLog / plain sqlite3 + pandas, same run.",
        "",
        "| measurement | SessionLog | baseline | ratio |",
        "| --- | --- | --- | --- |",
        _stats(f"read {READ_ROWS:,} rows to a typed DataFrame", read_ours, read_base),
        _stats(
            f"append {APPEND_ROWS:,} rows, one transaction each",
            append["ours"],
            append["bare"],
        ),
        _stats("append, baseline given the log's two indexes", append["ours"], append["indexed"]),
        "",
        (
            f"Read target (< {READ_TARGET_S} s and <= {READ_TARGET_RATIO}x): "
            f"{'met' if met else 'NOT met'}. Appends use WAL with synchronous=FULL on both "
            "sides (a committed set survives a power cut), so they time the disk's fsync as "
            f"much as the code. {READ_REPEATS} read and {runs} append repeats, alternating."
        ),
        "",
    ]
    return report_lines


if __name__ == "__main__":
    print("\n".join(run()))
