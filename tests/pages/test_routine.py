"""Today's routine: order, skip, back, finish early, and twice-a-day tracking from a real log."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from traitlets import Bunch

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.pages.routine import TodaysRoutine
from backcare_widgets.session.recording import record_set, rows_for_set, timed_holds
from backcare_widgets.session.routine import day_status

TODAY = date(2026, 11, 25)


@pytest.fixture
def log(tmp_path: Path) -> SessionLog:
    return SessionLog(tmp_path / "log.sqlite3")


def _rotational_set(log: SessionLog, hour: int) -> None:
    """One set of 2 holds of 5 s on each side, written as the guided session writes it."""
    holds = timed_holds(("left", "right"), 2, 5)
    rows = rows_for_set(holds, sides=("left", "right"), repeats=2)
    when = datetime(2026, 11, 25, hour, tzinfo=UTC)
    record_set(log, "lower-back-rotational-stretch", rows, set_number=1, when=when)


def test_routine_walks_the_catalogue_in_order_with_skip_back_and_finish(log: SessionLog):
    routine = TodaysRoutine(log=log, today=TODAY)
    assert routine.exercise_ids == tuple(load_catalog())
    assert "Exercise 1 of 4: Bridge" in routine.heading.value
    assert routine.back_button.disabled
    routine.skip_button.click()
    assert "Exercise 2 of 4: Partial crunches" in routine.heading.value
    assert "bridge" in routine.skipped
    routine.back_button.click()
    assert routine.position == 0
    assert "bridge" not in routine.skipped  # going back to it un-skips it
    routine.finish_button.click()
    assert routine.finished
    assert routine.stage.children == ()
    assert "Done for today" in routine.heading.value


def test_last_exercise_offers_finish(log: SessionLog):
    routine = TodaysRoutine(log=log, today=TODAY)
    routine.go(3)
    assert routine.next_button.description == "Finish"
    routine.next_button.click()
    assert routine.finished


def test_twice_a_day_target_is_tracked_across_the_day(log: SessionLog):
    ids = ["lower-back-rotational-stretch"]
    at_nine = datetime(2026, 11, 25, 9, tzinfo=UTC)
    (status,) = day_status(log, load_catalog().exercises(ids), today=TODAY, now=at_nine)
    assert status.sessions_target == 2
    assert status.describe() == "0 of 2 sessions done today"
    _rotational_set(log, 8)
    _rotational_set(log, 8)  # back to back: still the morning's session
    (status,) = day_status(log, load_catalog().exercises(ids), today=TODAY, now=at_nine)
    assert status.describe() == "1 of 2 sessions done today"
    assert "The second session is due from 12:00" in status.left
    _rotational_set(log, 19)
    routine = TodaysRoutine(ids, log=log, today=TODAY)
    assert "2 of 2 sessions done today" in routine.summary.value
    assert "Done for today." in routine.summary.value
    assert "backcare-routine__item--done" in routine.summary.value


def test_unknown_exercise_is_refused_with_the_known_ids(log: SessionLog):
    with pytest.raises(ValueError, match="'jumping-jacks' is not in the catalogue"):
        TodaysRoutine(["bridge", "jumping-jacks"], log=log)


def test_routine_follows_a_programme_its_order_and_dosage(log: SessionLog):
    from backcare_widgets.data.programme import Frequency, Programme, ProgrammeItem

    programme = Programme(
        title="Ann's programme",
        exercises=[
            ProgrammeItem(
                exercise="hamstring-stretch", hold_seconds=20, repeats=3, reason="Start gently."
            ),
            ProgrammeItem(exercise="bridge"),
        ],
        frequency=Frequency(times_per_week=3),
    )
    routine = TodaysRoutine(programme=programme, log=log, today=TODAY)
    assert routine.exercise_ids == ("hamstring-stretch", "bridge")
    assert "Exercise 1 of 2: Hamstring stretch" in routine.heading.value
    session = routine.session("hamstring-stretch")
    assert session.hold_seconds == 20
    assert session.repeats == 3
    assert "Following <strong>Ann&#x27;s programme</strong>" in routine.programme_message.value
    # the programme's dose in the model's words: 3 holds a side make the day's one session
    assert "0 of 1 session done today" in routine.summary.value
    assert "A set of 3 holds of 20 s on each leg." in routine.summary.value


def test_a_bad_programme_upload_keeps_the_routine(log: SessionLog):
    routine = TodaysRoutine(log=log, today=TODAY)
    # what the browser sends: the upload widget's value holds Bunch objects
    upload = Bunch(
        name="mine.yaml",
        type="",
        size=29,
        content=memoryview(b"exercises: [{exercise: yoga}]"),
        last_modified=datetime(2026, 11, 25, tzinfo=UTC),
    )
    routine.programme_upload.value = (upload,)
    assert "could not be used" in routine.programme_message.value
    assert "mine.yaml" in routine.programme_message.value
    assert routine.exercise_ids == tuple(load_catalog())
