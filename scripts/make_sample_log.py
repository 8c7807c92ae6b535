"""Regenerate ``data/sample_log.csv`` through the guided session's own path.

Every set goes through :func:`backcare_widgets.session.recording.record_timed_set`: its rows are
made by :func:`~backcare_widgets.session.recording.rows_for_set` from the holds a timer reports,
and written by :func:`~backcare_widgets.session.recording.record_set` into a real session log,
which is then exported: so the sample has one row per set per side, exactly as a person's session
writes it. A fortnight (4-17 May 2026, three days off) of a person who mostly does the
dose, sometimes stops a set early, sometimes misses the evening rotational stretch, and once has
pain rising over a session. Fixed random seed: running it again gives the same file.

Run: ``.venv/bin/python scripts/make_sample_log.py`` (``--out PATH`` to write elsewhere).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.dosage import dose_of
from backcare_widgets.data.log import SessionLog
from backcare_widgets.session.recording import record_timed_set

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "sample_log.csv"
TZ = timezone(timedelta(hours=2))
FIRST = date(2026, 5, 4)
DAYS = 14
OFF = {date(2026, 5, 6), date(2026, 5, 11), date(2026, 5, 12)}
SHORT_DAY = date(2026, 5, 9)  # the hamstring stretch stopped one hold short on the right leg
NO_EVENING = {date(2026, 5, 5), date(2026, 5, 9), date(2026, 5, 15)}
PAIN_RISE_DAY = date(2026, 5, 15)  # crunches: 3 -> 4, then 4 -> 5: 2 points above the start


class _Clock:
    """The time of the next set: a few minutes after the last one."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def next(self, minutes: float) -> datetime:
        self.now += timedelta(minutes=minutes)
        return self.now


def _do_set(
    log: SessionLog,
    exercise_id: str,
    clock: _Clock,
    rng: random.Random,
    *,
    set_number: int = 1,
    pain: tuple[int | None, int | None] = (None, None),
    short: dict[str | None, int] | None = None,
    notes: str = "",
) -> None:
    exercise = load_catalog()[exercise_id]
    dose = dose_of(exercise)
    repeats = rng.randint(*dose.per_set)
    hold = rng.randint(*dose.hold_seconds) if dose.hold_seconds else 1
    holds = repeats * len(dose.sides_or_none)
    record_timed_set(
        log,
        exercise,
        repeats=repeats,
        seconds=hold,
        short=short,
        set_number=set_number,
        pain=pain,
        notes=notes,
        when=clock.next(2 + holds * (hold + 5) / 60),
    )


def build(log: SessionLog, rng: random.Random) -> None:
    """Log the fortnight into ``log``."""
    for offset in range(DAYS):
        day = FIRST + timedelta(days=offset)
        if day in OFF:
            continue
        before = max(1, 5 - offset // 4)  # pain eases over the fortnight
        morning = _Clock(datetime(day.year, day.month, day.day, 7, 20, tzinfo=TZ))
        first_day = "First day. Took it slowly." if offset == 0 else ""
        _do_set(log, "bridge", morning, rng, pain=(before, before - 1), notes=first_day)
        if day == PAIN_RISE_DAY:
            _do_set(log, "partial-crunches", morning, rng, pain=(before, before + 1))
            _do_set(
                log,
                "partial-crunches",
                morning,
                rng,
                set_number=2,
                pain=(before + 1, before + 2),
                notes="Back felt tight today.",
            )
        else:
            _do_set(log, "partial-crunches", morning, rng, pain=(before, before))
        short = {"right": 1} if day == SHORT_DAY else None
        _do_set(log, "hamstring-stretch", morning, rng, pain=(before, before - 1), short=short)
        _do_set(log, "lower-back-rotational-stretch", morning, rng)
        if day not in NO_EVENING:
            evening = _Clock(datetime(day.year, day.month, day.day, 21, 30, tzinfo=TZ))
            _do_set(log, "lower-back-rotational-stretch", evening, rng, pain=(before, before))


def main() -> None:
    """Write the sample log CSV (without uids: the log derives stable ones when importing)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, SessionLog(Path(tmp) / "sample.sqlite3") as log:
        build(log, random.Random(20260504))
        text = log.to_csv_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow(row[1:])  # drop the random uid column, so the file is reproducible
    args.out.write_text(out.getvalue(), encoding="utf-8")
    print(f"wrote {len(rows) - 1} rows to {args.out}")


if __name__ == "__main__":
    main()
