"""ExerciseSession: targets from the dosage, one honest log row per side, pain-worse warning."""

from __future__ import annotations

import pytest
import traitlets

from backcare_widgets.components.form_checklist import FormChecklist
from backcare_widgets.components.hold_timer import Hold, HoldTimer
from backcare_widgets.components.pain_scale import PainScale
from backcare_widgets.components.rep_counter import RepCounter
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.data.pain import pain_got_worse
from backcare_widgets.session.guided_set import ExerciseSession
from backcare_widgets.session.recording import rows_for_set
from tests.conftest import fill_disk

CATALOG = load_catalog()


@pytest.fixture
def log(tmp_path):
    with SessionLog(tmp_path / "log.sqlite3") as session_log:
        yield session_log


def _hold(side, repeat, seconds=15.0, target=15, completed=True):
    return {
        "side": side,
        "repeat": repeat,
        "seconds": seconds,
        "target_s": target,
        "completed": completed,
    }


def _run_timer(session, holds, status="done"):
    """Report holds and the end of the set as the browser view does."""
    session.timer.status = "running"
    session.timer.holds = holds
    session.timer.status = status


def test_composes_the_components_and_fills_targets_from_the_dosage(log):
    session = ExerciseSession(CATALOG["hamstring-stretch"], log=log)
    assert isinstance(session.timer, HoldTimer)
    assert isinstance(session.counter, RepCounter)
    assert isinstance(session.checklist, FormChecklist)
    assert isinstance(session.pain_before, PainScale)
    assert session.hold_seconds == 15  # the low end of 15-30
    assert session.timer.hold_seconds == 15
    assert session.timer.repeats == 5
    assert session.timer.sides == ["left", "right"]
    assert session.checklist.cues == [c.text for c in session.exercise.form_cues]
    session.hold_seconds = 30
    assert session.timer.hold_seconds == 30
    with pytest.raises(traitlets.TraitError, match=r"hold_seconds must be within .* 15-30"):
        session.hold_seconds = 31


def test_takes_the_record_not_an_id_and_keeps_its_exercise(log):
    with pytest.raises(TypeError, match=r"catalog\.exercise\(id\)\), not 'bridge'"):
        ExerciseSession("bridge", log=log)  # type: ignore[arg-type]
    session = ExerciseSession(CATALOG["bridge"], log=log)
    assert session.exercise is CATALOG["bridge"]
    assert session.exercise_id == "bridge"
    with pytest.raises(traitlets.TraitError, match="read-only"):
        session.exercise_id = "partial-crunches"


def test_a_log_opener_is_called_at_the_first_save_only(tmp_path):
    opened = []

    def open_log():
        opened.append(SessionLog(tmp_path / "log.sqlite3"))
        return opened[-1]

    session = ExerciseSession(CATALOG["partial-crunches"], log=open_log)
    assert opened == []  # showing the set creates no file
    session.counter.reps = 8
    assert session.save_set()
    session.counter.reps = 9
    assert session.save_set()
    assert len(opened) == 1
    assert session.log is opened[0]
    assert [row["exercise"] for row in opened[0].newest_rows()] == ["partial-crunches"] * 2


def test_a_finished_set_writes_one_row_per_side(log):
    session = ExerciseSession(CATALOG["hamstring-stretch"], log=log)
    session.pain_before.value = 3
    holds = [_hold(side, n) for side in ("left", "right") for n in range(1, 6)]
    _run_timer(session, holds)
    assert session.counter.counts == {"left": 5, "right": 5}
    session.checklist.ticked = [True] * len(session.checklist.cues)
    session.pain_after.value = 4
    ids = session.save_set()
    assert len(ids) == 2
    frame = log.to_dataframe()
    assert list(frame["side"]) == ["left", "right"]
    assert list(frame["reps"]) == [5, 5]
    assert list(frame["hold_seconds"]) == [15, 15]
    assert list(frame["set_number"]) == [1, 1]
    assert list(frame["pain_before"]) == [3, 3]
    assert list(frame["pain_after"]) == [4, 4]
    assert all("Stopped early" not in note for note in frame["notes"])
    assert not session.pain_warning
    # ready for the next set; pain before carries over from pain after
    assert session.set_number == 2
    assert session.timer.status == "idle"
    assert session.timer.holds == []
    assert session.pain_before.value == 4
    assert session.pain_after.value is None
    assert session.checklist.ticked_count == 0


def test_a_set_stopped_half_way_is_never_logged_as_done(log):
    session = ExerciseSession(CATALOG["hamstring-stretch"], log=log)
    holds = [_hold("left", 1), _hold("left", 2), _hold("left", 3, seconds=6.4, completed=False)]
    _run_timer(session, holds, status="stopped")
    session.save_set()
    frame = log.to_dataframe()
    assert list(frame["side"]) == ["left"]  # the right side was never started: no row
    assert list(frame["reps"]) == [2]
    assert (
        "Stopped early: 2 of 5 holds done in full (the last held 6 s of 15 s)."
        in (frame["notes"].iloc[0])
    )


def test_saving_while_the_timer_runs_logs_a_partial_set(log):
    session = ExerciseSession(CATALOG["lower-back-rotational-stretch"], log=log)
    session.timer.status = "running"
    session.timer.holds = [_hold("left", 1, seconds=5, target=5)]
    session.save_set()  # never blocked
    frame = log.to_dataframe()
    assert len(frame) == 1
    assert "Stopped early" in frame["notes"].iloc[0]
    assert session.timer.status == "idle"


def test_nothing_done_logs_nothing(log):
    session = ExerciseSession(CATALOG["bridge"], log=log)
    assert session.save_set() == []
    assert len(log) == 0
    assert "Nothing to save yet" in session._message.value


def test_counted_reps_without_the_timer_are_logged(log):
    session = ExerciseSession(CATALOG["partial-crunches"], log=log)
    session.counter.reps = 9
    session.save_set()
    frame = log.to_dataframe()
    assert list(frame["reps"]) == [9]
    assert frame["hold_seconds"].isna().all()


def test_pain_two_points_worse_warns_and_the_warning_stays(log):
    session = ExerciseSession(CATALOG["bridge"], log=log)
    session.pain_before.value = 2
    session.pain_after.value = 3
    assert not session.pain_warning
    session.pain_after.value = 4
    assert session.pain_warning
    assert "ask a health-care professional" in session._warning.value
    assert "Stop this exercise" in session._warning.value
    _run_timer(session, [_hold(None, n, seconds=3, target=3) for n in range(1, 6)])
    session.save_set()
    assert session.pain_warning  # still shown after saving
    assert "Set 1:" in session._warning.value


def test_pain_rule():
    assert pain_got_worse(3, 5)
    assert not pain_got_worse(3, 4)
    assert not pain_got_worse(None, 9)
    assert not pain_got_worse(0, None)
    assert pain_got_worse(0, 2)


def test_rows_for_set_rules():
    full = tuple(Hold("left", n, 10.0, 10, True) for n in (1, 2))
    rows = rows_for_set(full, sides=("left", "right"), repeats=2)
    assert [(r.side, r.reps, r.hold_seconds, r.complete) for r in rows] == [("left", 2, 10, True)]
    partial = (Hold(None, 1, 2.6, 10, False),)
    (row,) = rows_for_set(partial, sides=(), repeats=3)
    assert (row.reps, row.hold_seconds, row.complete) == (0, 3, False)


def test_a_full_disk_says_not_saved_keeps_the_set_and_the_retry_saves_it(small_disk):
    """On a real full file system: no raw sqlite3 error, no stale "saved", the set kept."""
    with SessionLog(small_disk / "log.sqlite3") as log:
        session = ExerciseSession(CATALOG["hamstring-stretch"], log=log)
        _run_timer(session, [_hold(side, n) for side in ("left", "right") for n in range(1, 6)])
        session.pain_before.value = 3
        filler = fill_disk(small_disk)
        for _attempt in range(50):  # the log's WAL may hold a few writes before it must grow
            assert session.save_set() == [] or session.set_number == 1
            if "Not saved" in session._message.value:
                break
        message = session._message.value
        assert "Not saved: the disk holding your log is full" in message
        assert "press Save to try again" in message
        assert "saved." not in message.replace("Not saved", "")
        assert session.set_number == 1  # the set is kept, with its holds
        assert session.counter.counts == {"left": 5, "right": 5}
        filler.unlink()
        ids = session.save_set()
        assert len(ids) == 2
        assert "Set 1 saved." in session._message.value
        frame = log.to_dataframe()
        assert list(frame["side"]) == ["left", "right"]  # each side once, whatever failed
        assert session.set_number == 2


@pytest.mark.parametrize(
    ("exercise_id", "unit"),
    [
        ("bridge", "Repetitions"),
        ("partial-crunches", "Repetitions"),
        ("hamstring-stretch", "Holds"),
        ("lower-back-rotational-stretch", "Holds"),
    ],
)
def test_the_counter_counts_in_the_dose_models_words(log, exercise_id, unit):
    session = ExerciseSession(CATALOG[exercise_id], log=log)
    assert session.counter.unit == unit


def test_the_save_button_takes_the_workbooks_primary_look(log):
    session = ExerciseSession(CATALOG["bridge"], log=log)
    assert {"backcare-button", "backcare-button--primary"} <= set(session._save._dom_classes)
    assert session._save.style.button_color is None  # no colour of its own beside the classes
