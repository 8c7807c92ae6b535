"""Today's routine remembers through the log: resume, saved sets shown, unsaved sets asked about."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pytest

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.pages.routine import TodaysRoutine
from backcare_widgets.session.guided_set import GET_READY_SECONDS
from tests.sets import done_set

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from backcare_widgets.session.guided_set import ExerciseSession

CATALOG = load_catalog()


def _now() -> datetime:
    return datetime.now(UTC).astimezone()


def _today() -> date:
    return _now().date()


@pytest.fixture
def log(tmp_path: Path) -> Iterator[SessionLog]:
    with SessionLog(tmp_path / "log.sqlite3") as session_log:
        yield session_log


def _finish_on_the_timer(session: ExerciseSession) -> None:
    """Report every hold of the set, then its end, as the browser's timer view does."""
    assert session.timer is not None
    sides = session.timer.sides or [None]
    session.timer.status = "running"
    session.timer.holds = [
        {
            "side": side,
            "repeat": n,
            "seconds": float(session.timer.hold_seconds),
            "target_s": session.timer.hold_seconds,
            "completed": True,
        }
        for side in sides
        for n in range(1, session.timer.repeats + 1)
    ]
    session.timer.status = "done"


def _shown(routine: TodaysRoutine) -> ExerciseSession:
    """Return the set on the stage (below its progression prompt)."""
    prompt, session = routine.stage.children
    assert prompt is routine._prompts[routine.exercise_ids[routine.position]]
    assert session is routine.session(routine.exercise_ids[routine.position])
    return session


def test_shown_again_it_resumes_at_the_first_exercise_not_done(log: SessionLog):
    done_set(log, "bridge", _now())
    routine = TodaysRoutine(log=log, today=_today())
    assert routine.position == 1
    assert "Exercise 2 of 4: Partial crunches" in routine.heading.value
    assert "Done today: Bridge. Still to do: Partial crunches, Hamstring stretch and " in (
        routine.day_line.value
    )
    assert "(0 of 2 sessions done today)" in routine.day_line.value


def test_the_sets_saved_today_are_shown_again_and_the_next_set_follows(log: SessionLog):
    done_set(log, "hamstring-stretch", _now(), short={"right": 1})  # one hold short
    routine = TodaysRoutine(["bridge", "hamstring-stretch"], log=log, today=_today())
    assert routine.position == 0  # the bridge is not done either
    routine.go(1)
    session = _shown(routine)
    saved = session._saved.value
    assert "Saved set 1 earlier today: left side: 5 holds, held 15 s (done)" in saved
    assert "right side: 4 holds" in saved
    assert "stopped early" in saved
    assert session.set_number == 2
    assert session._save.description == "Save set 2"


def test_a_day_all_done_says_done_for_today_and_hides_the_navigation(log: SessionLog):
    for exercise_id in ("bridge", "partial-crunches"):
        done_set(log, exercise_id, _now())
    routine = TodaysRoutine(["bridge", "partial-crunches"], log=log, today=_today())
    assert routine.finished
    assert "Done for today" in routine.heading.value
    assert routine.nav.layout.display == "none"
    assert routine.again.layout.display == "flex"
    assert "All done for today: Bridge and Partial crunches." in routine.day_line.value
    routine.again_button.click()
    assert not routine.finished
    assert routine.position == 0
    assert routine.nav.layout.display == "flex"


def test_after_a_save_the_page_says_what_is_done_and_what_is_left(log: SessionLog):
    routine = TodaysRoutine(["bridge", "partial-crunches"], log=log, today=_today())
    assert "Still to do today: Bridge and Partial crunches." in routine.day_line.value
    session = _shown(routine)
    _finish_on_the_timer(session)
    session.save_set()
    assert "Done today: Bridge. Still to do: Partial crunches." in routine.day_line.value
    assert "backcare-routine__item--done" in routine.summary.value


def test_leaving_a_finished_set_unsaved_asks_first(log: SessionLog):
    routine = TodaysRoutine(["hamstring-stretch", "bridge"], log=log, today=_today())
    session = _shown(routine)
    assert not routine.leave_guard.armed
    _finish_on_the_timer(session)
    assert session.unsaved
    assert routine.leave_guard.armed  # the browser asks before a reload or a closed tab
    for leave in (routine.next_button, routine.skip_button, routine.finish_button):
        leave.click()
        assert routine.position == 0, leave.description
        assert not routine.finished
        assert routine.prompt.layout.display == "flex"
        assert "Set 1 of Hamstring stretch is not saved." in routine.prompt_text.value
        routine.stay_button.click()
        assert routine.prompt.layout.display == "none"
    routine.next_button.click()
    routine.save_and_go_button.click()
    assert routine.position == 1
    assert [row["side"] for row in log.newest_rows()] == ["right", "left"]
    assert not routine.leave_guard.armed


def test_going_on_without_saving_logs_nothing_and_says_so(log: SessionLog):
    routine = TodaysRoutine(["hamstring-stretch", "bridge"], log=log, today=_today())
    session = _shown(routine)
    _finish_on_the_timer(session)
    routine.skip_button.click()
    routine.leave_unsaved_button.click()
    assert routine.position == 1
    assert "hamstring-stretch" in routine.skipped
    assert len(log) == 0
    assert not session.unsaved
    assert not routine.leave_guard.armed
    assert "Set 1 was not saved." in session._message.value


def test_a_saved_set_leaves_without_a_question(log: SessionLog):
    routine = TodaysRoutine(["bridge", "partial-crunches"], log=log, today=_today())
    session = _shown(routine)
    _finish_on_the_timer(session)
    session.save_set()
    routine.next_button.click()
    assert routine.position == 1
    assert routine.prompt.layout.display == "none"


def test_get_ready_is_long_enough_to_lie_down_and_can_be_changed(log: SessionLog):
    routine = TodaysRoutine(["bridge"], log=log, today=_today())
    session = _shown(routine)
    assert session.timer is not None
    assert GET_READY_SECONDS == 10
    assert session.timer.get_ready_seconds == 10
    box = next(b for b in session._targets.children if "Get ready" in b.description)
    box.value = 20
    assert session.timer.get_ready_seconds == 20
    assert "General guidance" in session._get_ready_note.value


def test_the_routines_buttons_take_the_workbooks_button_style(log: SessionLog):
    routine = TodaysRoutine(["bridge"], log=log, today=_today())
    for button in (routine.back_button, routine.skip_button, routine.finish_button):
        assert "backcare-button" in button._dom_classes
    assert "backcare-button--primary" in routine.next_button._dom_classes
    assert "backcare-button--quiet" in routine.skip_button._dom_classes
    assert "backcare-button--primary" in _shown(routine)._save._dom_classes
