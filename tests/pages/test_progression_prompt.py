"""The progression prompt on a real log: a good run offers a step, accepting it sets the timer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.data.log.between_visits import choices, level_in_force
from backcare_widgets.data.programme import Programme, ProgrammeItem
from backcare_widgets.data.progression import Level
from backcare_widgets.pages.exercise import ExercisePage
from backcare_widgets.pages.routine import TodaysRoutine
from backcare_widgets.session.recording import record_set, rows_for_set, timed_holds

HAMSTRING = "hamstring-stretch"
START = datetime.now(UTC) - timedelta(days=20)


@pytest.fixture
def log(tmp_path: Path) -> SessionLog:
    return SessionLog(tmp_path / "log.sqlite3")


def _hamstring_day(log: SessionLog, day: int, *, seconds: int = 15, after: int = 2) -> None:
    """One session on both legs, written as the guided session writes it."""
    holds = timed_holds(("left", "right"), 5, seconds)
    rows = rows_for_set(holds, sides=("left", "right"), repeats=5)
    when = START + timedelta(days=day)
    record_set(log, HAMSTRING, rows, set_number=1, pain_before=2, pain_after=after, when=when)


def test_a_good_run_offers_a_step_and_accepting_it_sets_the_timers_hold(log: SessionLog) -> None:
    for day in range(2):
        _hamstring_day(log, day)
    page = ExercisePage(HAMSTRING, log=log)
    assert page.progression.suggestion is None  # two sessions: not yet
    assert page.progression.message.value == ""
    _hamstring_day(log, 2)
    page = ExercisePage(HAMSTRING, log=log)
    prompt = page.progression
    assert prompt.suggestion is not None
    assert prompt.suggestion.proposed == Level(20, 5)
    assert "workbook&#x27;s own rule" in prompt.message.value
    assert prompt.buttons in prompt.children
    assert page.session.timer is not None
    assert page.session.timer.hold_seconds == 15
    prompt.accept_button.click()
    assert page.session.hold_seconds == page.session.timer.hold_seconds == 20
    assert prompt.buttons not in prompt.children
    assert "20 s" in prompt.level_line.value
    assert level_in_force(log, HAMSTRING)[0] == Level(20, 5)
    # a new page opens at the level in force, with nothing to suggest until a new run
    again = ExercisePage(HAMSTRING, log=log)
    assert again.session.timer is not None
    assert again.session.timer.hold_seconds == 20
    assert again.progression.suggestion is None


def _move_last_choice(log: SessionLog, day: int) -> None:
    """Date the last choice back to a day of the run (the person chose it then, not today)."""
    when_us = int((START + timedelta(days=day)).timestamp() * 1_000_000)
    with log.writing() as conn:
        conn.execute(
            "UPDATE progression_choices SET when_us = ? WHERE id = (SELECT max(id) FROM "
            "progression_choices)",
            (when_us,),
        )


def test_declining_is_logged_and_a_pain_warning_offers_a_step_back(log: SessionLog) -> None:
    for day in range(3):
        _hamstring_day(log, day)
    page = ExercisePage(HAMSTRING, log=log)
    page.progression.decline_button.click()
    assert [c.choice for c in choices(log)] == ["declined"]
    assert page.session.hold_seconds == 15
    assert ExercisePage(HAMSTRING, log=log).progression.suggestion is None
    _move_last_choice(log, 3)
    for day in range(4, 7):  # a new run after the decline offers the step again
        _hamstring_day(log, day)
    ExercisePage(HAMSTRING, log=log).progression.accept_button.click()
    _move_last_choice(log, 7)
    # at 20 s, a session with pain 2 points worse offers the step back to 15 s
    _hamstring_day(log, 8, seconds=20, after=4)
    prompt = ExercisePage(HAMSTRING, log=log).progression
    assert prompt.suggestion is not None
    assert (prompt.suggestion.kind, prompt.suggestion.proposed) == ("down", Level(15, 5))
    assert prompt.accept_button.description == "Step back"
    prompt.accept_button.click()
    assert level_in_force(log, HAMSTRING)[0] == Level(15, 5)
    assert [c.choice for c in choices(log)] == ["declined", "accepted", "accepted"]


def test_a_programme_fixes_the_level_and_offers_nothing(log: SessionLog) -> None:
    for day in range(3):
        _hamstring_day(log, day)
    programme = Programme(exercises=[ProgrammeItem(exercise=HAMSTRING, hold_seconds=15)])
    routine = TodaysRoutine(log=log, programme=programme)
    prompt = routine.stage.children[0]
    assert prompt.suggestion is None
    assert prompt.children[1].value == ""
    free = TodaysRoutine([HAMSTRING], log=log, catalog=load_catalog())
    assert free.stage.children[0].suggestion is not None
