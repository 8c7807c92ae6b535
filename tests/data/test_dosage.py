"""The dose model against every exercise of the catalogue, with rows made as the session makes them.

Every "a set was done" here goes through ``rows_for_set`` (from the holds a timer reports) and
``record_set`` (the session's own write path) into a real SQLite log.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

import backcare_widgets
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.dosage import (
    SESSION_SPACING,
    Dose,
    LoggedSet,
    describe_dose,
    dose_of,
    sessions_done,
    today_status,
)
from backcare_widgets.data.log import SessionLog
from backcare_widgets.session.guided_set import ExerciseSession
from backcare_widgets.session.recording import record_set, rows_for_set, timed_holds
from tests.sets import done_set

CATALOG = load_catalog()
TZ = timezone(timedelta(hours=1))
DAY = date(2026, 11, 24)
MORNING = datetime(2026, 11, 24, 8, 0, tzinfo=TZ)
LATE = datetime(2026, 11, 24, 23, 0, tzinfo=TZ)


@pytest.fixture
def log(tmp_path: Path) -> SessionLog:
    with SessionLog(tmp_path / "log.sqlite3") as session_log:
        yield session_log


def do_set(
    log: SessionLog,
    exercise_id: str,
    *,
    end: str,
    when: datetime,
    short: dict[str | None, int] | None = None,
    set_number: int = 1,
) -> None:
    """Log one set at the low or high end of every range, as the guided session writes it."""
    done_set(log, exercise_id, when, end=end, short=short, set_number=set_number)


def do_the_day(log: SessionLog, end: str, *, short: dict[str | None, int] | None = None) -> None:
    """Do every exercise's sessions of the day; ``short`` leaves holds out of the hamstring set."""
    for exercise_id, exercise in CATALOG.items():
        dose = dose_of(exercise)
        for visit in range(dose.times_a_day):
            when = MORNING + visit * SESSION_SPACING
            cut = short if exercise_id == "hamstring-stretch" else None
            do_set(log, exercise_id, end=end, when=when, short=cut)


def test_the_model_reads_the_source_numbers_and_marks_the_workbooks():
    doses = {i: dose_of(e) for i, e in CATALOG.items()}
    crunches, hamstring = doses["partial-crunches"], doses["hamstring-stretch"]
    rotation, bridge = doses["lower-back-rotational-stretch"], doses["bridge"]
    assert (crunches.unit, crunches.per_set, crunches.hold_seconds) == (
        "repetition",
        (8, 12),
        (1, 1),
    )
    assert (crunches.sides, crunches.times_a_day, crunches.source) == ((), 1, "seed")
    assert crunches.times_a_day_source == "workbook"  # the source gives no frequency
    assert (hamstring.unit, hamstring.per_set, hamstring.hold_seconds) == ("hold", (5, 5), (15, 30))
    assert (hamstring.sides, hamstring.side_word) == (("left", "right"), "leg")
    assert (rotation.per_set, rotation.hold_seconds, rotation.times_a_day) == ((2, 3), (5, 10), 2)
    assert rotation.times_a_day_source == "seed"
    assert (bridge.source, bridge.times_a_day_source) == ("workbook", "workbook")
    assert describe_dose(hamstring) == (
        "a set of 5 holds of 15-30 s on each leg, once a day (the workbook's default)"
    )
    assert describe_dose(rotation) == (
        "a set of 2-3 holds of 5-10 s on each side, twice a day "
        "(at least 4 hours apart: the workbook's default)"
    )
    assert describe_dose(crunches).startswith("a set of 8-12 repetitions (each held 1 s)")


@pytest.mark.parametrize("end", ["low", "high"])
def test_exactly_the_dose_of_every_exercise_is_done(log: SessionLog, end: str):
    do_the_day(log, end)
    status = today_status(log, day=DAY, catalog=CATALOG, now=LATE)
    assert set(status) == set(CATALOG)
    for exercise_id, item in status.items():
        target = dose_of(CATALOG[exercise_id]).times_a_day
        assert item.done, (exercise_id, item)
        assert (item.sessions_done, item.sessions_target) == (target, target)
        assert item.left == "Done for today."


def test_one_hold_short_on_one_leg_says_what_is_left(log: SessionLog):
    do_the_day(log, "low", short={"right": 1})
    status = today_status(log, day=DAY, catalog=CATALOG, now=LATE)
    hamstring = status["hamstring-stretch"]
    assert not hamstring.done
    assert (hamstring.sessions_done, hamstring.sessions_target) == (0, 1)
    assert hamstring.left == "1 more hold on the right leg."
    assert all(s.done for i, s in status.items() if i != "hamstring-stretch")
    do_set(log, "hamstring-stretch", end="low", when=MORNING + timedelta(minutes=30), set_number=2)
    assert today_status(log, day=DAY, catalog=CATALOG, now=LATE)["hamstring-stretch"].done


def test_more_than_the_dose_counts_as_done_and_never_more_than_done(log: SessionLog):
    do_the_day(log, "high")
    do_the_day(log, "high")  # twice over, back to back
    status = today_status(log, day=DAY, catalog=CATALOG, now=LATE)
    assert all(s.done and s.sessions_done == s.sessions_target for s in status.values())
    assert {s.left for s in status.values()} == {"Done for today."}


def test_two_back_to_back_rotational_runs_are_one_session(log: SessionLog):
    rotation = "lower-back-rotational-stretch"
    do_set(log, rotation, end="low", when=MORNING)
    do_set(log, rotation, end="low", when=MORNING + timedelta(minutes=20), set_number=2)
    item = today_status(log, day=DAY, catalog=CATALOG, now=MORNING + timedelta(minutes=25))[
        rotation
    ]
    assert (item.done, item.sessions_done, item.sessions_target) == (False, 1, 2)
    assert item.next_due == MORNING + SESSION_SPACING
    assert "second session is due from 12:00" in item.left
    assert "workbook's default spacing" in item.left
    later = today_status(log, day=DAY, catalog=CATALOG, now=MORNING + timedelta(hours=5))
    assert "second session is due now" in later[rotation].left
    do_set(log, rotation, end="low", when=MORNING + SESSION_SPACING)
    assert today_status(log, day=DAY, catalog=CATALOG, now=LATE)[rotation].done


def test_nothing_done_says_the_whole_dose():
    status = today_status([], day=DAY, catalog=CATALOG, now=LATE)
    assert status["hamstring-stretch"].left == ("A set of 5 holds of 15-30 s on each leg.")
    assert status["lower-back-rotational-stretch"].left.endswith(", twice today.")
    assert not any(s.done for s in status.values())


def test_holds_shorter_than_the_dose_do_not_count():
    dose = dose_of(CATALOG["hamstring-stretch"])
    rows = [
        LoggedSet(MORNING, "hamstring-stretch", side, 5, 10, True) for side in ("left", "right")
    ]
    assert sessions_done(dose, rows) == 0


def test_an_old_log_with_one_row_per_hold_still_counts(log: SessionLog):
    """Logs written before the dose model have a row per hold, without a count of repetitions."""
    for side in ("left", "right"):
        for n in range(1, 6):
            log.record("hamstring-stretch", side=side, set_number=n, hold_seconds=15, when=MORNING)
    assert today_status(log, day=DAY, catalog=CATALOG, now=LATE)["hamstring-stretch"].done


def test_a_programme_dose_is_counted_in_the_same_model(log: SessionLog):
    from backcare_widgets.data.programme import Frequency, Programme, ProgrammeItem

    programme = Programme(
        title="Ann",
        exercises=[
            ProgrammeItem(
                exercise="hamstring-stretch", hold_seconds=20, repeats=3, reason="Start gently."
            )
        ],
        frequency=Frequency(times_per_week=3),
    )
    catalog = programme.catalog(CATALOG)
    assert programme.daily_targets(CATALOG) == {"hamstring-stretch": 1}
    holds = timed_holds(("left", "right"), 3, 20)
    record_set(
        log,
        "hamstring-stretch",
        rows_for_set(holds, sides=("left", "right"), repeats=3),
        set_number=1,
        when=MORNING,
    )
    assert today_status(log, day=DAY, catalog=catalog, now=LATE)["hamstring-stretch"].done
    assert not today_status(log, day=DAY, catalog=CATALOG, now=LATE)["hamstring-stretch"].done


def test_today_status_is_public_and_reads_the_default_log():
    assert backcare_widgets.today_status is today_status
    assert "today_status" in backcare_widgets.__all__
    status = backcare_widgets.today_status()
    assert set(status) == set(CATALOG)
    assert isinstance(next(iter(status.values())).sessions_target, int)
    assert isinstance(backcare_widgets.dose_of(CATALOG["bridge"]), Dose)


def _timed_set(session: ExerciseSession, before: int, after: int) -> None:
    """Run a full set on the session's timer, as the browser reports it, and rate the pain."""
    session.pain_before.value = before
    holds = [
        {"side": side, "repeat": n, "seconds": 3.0, "target_s": 3, "completed": True}
        for side in (session._sides or (None,))
        for n in range(1, session.repeats + 1)
    ]
    session.timer.status = "running"
    session.timer.holds = holds
    session.timer.status = "done"
    session.pain_after.value = after


def test_pain_rising_over_a_session_warns_against_the_first_set_of_the_day(log: SessionLog):
    session = ExerciseSession(CATALOG["bridge"], log=log)
    _timed_set(session, 2, 3)
    assert not session.pain_warning
    session.save_set()
    _timed_set(session, 3, 4)
    assert session.pain_warning  # 4 is 2 above the day's first "before" (2)
    assert "before your first set of this exercise today (2 out of 10)" in session._warning.value
    session.save_set()
    assert session.pain_warning
    frame = log.to_dataframe()
    assert frame["completed"].tolist() == [True, True]
    # a fresh page later the same day still compares with the day's first set
    again = ExerciseSession(CATALOG["bridge"], log=log)
    again.pain_before.value = 4
    again.pain_after.value = 5
    assert again.pain_warning


def test_pain_by_day_marks_a_rise_spread_over_sets(log: SessionLog):
    from backcare_widgets.data.adherence import pain_by_day

    for n, (before, after) in enumerate(((2, 3), (3, 4), (4, 5)), start=1):
        holds = timed_holds((), 5, 3)
        rows = rows_for_set(holds, sides=(), repeats=5)
        record_set(
            log,
            "bridge",
            rows,
            set_number=n,
            pain_before=before,
            pain_after=after,
            when=MORNING + timedelta(minutes=5 * n),
        )
    pain = pain_by_day(log.to_dataframe())
    assert int(pain["worse"].iloc[0]) == 2  # 4 and 5 are 2+ above the first set's 2


def test_the_sample_log_is_what_its_script_makes(tmp_path: Path):
    """data/sample_log.csv is generated through the session's path; regenerating changes nothing."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "sample.csv"
    script = root / "scripts" / "make_sample_log.py"
    subprocess.run([sys.executable, str(script), "--out", str(out)], check=True, timeout=120)
    assert out.read_bytes() == (root / "data" / "sample_log.csv").read_bytes()


def test_the_sample_log_has_done_days_a_short_set_and_a_pain_rise(log: SessionLog):
    from backcare_widgets.data.adherence import pain_by_day, percent_by_day, sessions_vs_target

    root = Path(__file__).resolve().parents[2]
    log.import_csv(root / "data" / "sample_log.csv")
    frame = log.to_dataframe()
    assert (frame.groupby(["day", "exercise", "side"], observed=True).size() <= 2).all()
    percent = percent_by_day(sessions_vs_target(frame, CATALOG))
    assert percent[pd.Timestamp("2026-05-04")] == 100
    assert percent[pd.Timestamp("2026-05-09")] < 100  # one hold short, and no evening visit
    assert not frame["completed"].all()
    assert pain_by_day(frame).loc[pd.Timestamp("2026-05-15"), "worse"] == 1


def test_what_is_left_names_the_unit_and_the_sides(log: SessionLog):
    do_set(log, "hamstring-stretch", end="low", when=MORNING, short={"left": 2, "right": 2})
    do_set(log, "partial-crunches", end="low", when=MORNING, short={None: 3})
    do_set(log, "lower-back-rotational-stretch", end="low", when=MORNING, short={"left": 1})
    status = today_status(log, day=DAY, catalog=CATALOG, now=LATE)
    assert status["hamstring-stretch"].left == "2 more holds on each leg."
    assert status["partial-crunches"].left == "3 more repetitions."
    assert status["lower-back-rotational-stretch"].left == (
        "1 more hold on the left side to finish the first session."
    )


def test_the_session_says_when_todays_dose_is_done(log: SessionLog):
    session = ExerciseSession(CATALOG["bridge"], log=log)
    _timed_set(session, 2, 2)
    session.save_set()
    assert "done for today" in session._message.value
    hamstring = ExerciseSession(CATALOG["hamstring-stretch"], log=log)
    hamstring.timer.status = "running"
    hamstring.timer.holds = [
        {"side": "left", "repeat": n, "seconds": 15.0, "target_s": 15, "completed": True}
        for n in range(1, 6)
    ]
    hamstring.timer.status = "stopped"
    hamstring.save_set()
    assert "Still to do today: 5 more holds on the right leg." in hamstring._message.value
