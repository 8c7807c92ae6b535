"""CameraCoach's Python side: traits, the numbers-only messages, and the session it feeds."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import pytest
import traitlets

from backcare_widgets.components.camera_coach import COACH_WORDS, CameraCoach
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.session.guided_set import ExerciseSession

if TYPE_CHECKING:
    from pathlib import Path


def coach_for(exercise_id: str) -> CameraCoach:
    exercise = load_catalog().exercise(exercise_id)
    assert exercise.coach is not None
    return CameraCoach(exercise.coach, title=exercise.name.text)


def measure(coach: CameraCoach, *values: float | None, buffers: list[bytes] | None = None) -> None:
    """Deliver measure messages the way the comm does (the widget's custom-message path)."""
    for value in values:
        coach._handle_custom_msg({"type": "measure", "t": 0, "values": {"any": value}}, buffers)


def test_traits_are_synced_documented_and_off_by_default() -> None:
    coach = coach_for("partial-crunches")
    for name in ("enabled", "status", "message", "does", "measure", "rule_words", "count"):
        assert coach.trait_metadata(name, "sync") is True, name
        assert coach.trait_metadata(name, "help"), name
    state = coach.get_state()
    assert state["enabled"] is False
    assert state["status"] == "off"
    assert state["measure"] == "shoulder_lift"
    assert "rises to" in state["rule_words"]
    assert ".backcare-camera-coach" in state["_css"]
    assert "nothing is recorded or sent" in state["_esm"]
    assert "nothing is recorded or sent" in COACH_WORDS


def test_the_library_is_imported_only_when_turned_on() -> None:
    """The view's module has no static import of the library: a dynamic import() in turnOn."""
    esm = coach_for("bridge").get_state()["_esm"]
    assert "import(`${base}human.esm.js`)" in esm
    assert "\nimport " not in esm
    assert "https://" not in esm  # nothing from another origin


def test_measures_count_only_while_turned_on() -> None:
    coach = coach_for("partial-crunches")
    measure(coach, 0, 30, 30, 0, 0)
    assert coach.count == 0  # off: nothing is read
    coach.enabled = True
    measure(coach, 0, 30, 30, 0, 0, 2, 25, 26, 3, 1)
    assert coach.count == 2
    assert coach.frames == 10


def test_anything_but_numbers_is_dropped() -> None:
    """A picture (as text or as a buffer) or any other payload never reaches the tracker."""
    coach = coach_for("partial-crunches")
    coach.enabled = True
    picture = "data:image/png;base64," + base64.b64encode(b"\x89PNG" * 10).decode()
    coach._handle_custom_msg({"type": "measure", "values": {"any": picture}}, None)
    coach._handle_custom_msg({"type": "frame", "values": {"any": 30}}, None)
    coach._handle_custom_msg({"type": "measure", "values": {str(i): 1 for i in range(9)}}, None)
    measure(coach, 30, 30, 0, 0, buffers=[b"\x89PNG"])
    assert coach.frames == 0
    assert coach.count == 0


def test_turning_off_forgets_the_position() -> None:
    coach = coach_for("hamstring-stretch")
    coach.enabled = True
    measure(coach, 10, 40, 45)
    assert coach.in_position == ["any"]
    coach.enabled = False
    assert coach.in_position == []


def test_bad_measure_name_is_refused() -> None:
    coach = coach_for("bridge")
    with pytest.raises(traitlets.TraitError, match="measure must be one of"):
        coach.measure = "smile"


def test_counted_repetitions_go_into_the_rep_counter_which_stays_correctable() -> None:
    session = ExerciseSession(load_catalog().exercise("partial-crunches"))
    assert session.coach is not None
    # just under the timer, so "Go to the timer" brings Start onto a phone screen
    assert session.children.index(session.coach) == session.children.index(session.timer) + 1
    session.coach.enabled = True
    measure(session.coach, *([0, 25, 26, 3, 1] * 3))
    assert session.counter.reps == 3
    session.counter.decrement()  # the person corrects it by hand
    measure(session.coach, 25, 26, 3, 1)
    assert session.counter.reps == 3
    rows = session.pending_rows()
    assert [row.reps for row in rows] == [3]


def test_a_saved_set_starts_the_next_count_from_zero() -> None:
    session = ExerciseSession(load_catalog().exercise("bridge"))
    assert session.coach is not None
    session.coach.enabled = True
    measure(session.coach, 130, 165, 166, 130, 131)
    assert session.counter.reps == 1
    session.save_set()
    assert session.coach.count == 0
    assert session.counter.reps == 0
    measure(session.coach, 165, 166, 130, 131)
    assert session.counter.reps == 1


def test_a_stretch_timer_waits_for_the_position_while_the_coach_is_on() -> None:
    session = ExerciseSession(load_catalog().exercise("lower-back-rotational-stretch"))
    assert session.coach is not None
    assert session.timer is not None
    assert session.timer.wait_for_position is False
    session.coach.enabled = True
    session.coach.status = "on"  # the view says so once the camera and the model run
    assert session.timer.wait_for_position is True
    measure(session.coach, 45, 44, 28, 27)
    assert session.timer.position_sides == ["any"]
    measure(session.coach, 47, 48)
    assert session.timer.position_sides == []
    session.coach.status = "off"
    assert session.timer.wait_for_position is False


def test_the_timer_has_the_coachs_traits() -> None:
    """The hold timer's view reads whether to wait, and what the coach sees, from two traits."""
    from backcare_widgets.components.hold_timer import HoldTimer

    timer = HoldTimer()
    for name in ("wait_for_position", "position_sides"):
        assert timer.trait_metadata(name, "sync") is True, name
        assert timer.trait_metadata(name, "help"), name
    assert timer.wait_for_position is False
    assert "Waiting for your position" in timer.get_state()["_esm"]


def test_todays_routine_and_the_exercise_page_offer_the_coach(tmp_path: Path) -> None:
    """Every session of the routine, and each exercise page, has its coach, off."""
    from backcare_widgets.data.log import SessionLog
    from backcare_widgets.pages.exercise import ExercisePage
    from backcare_widgets.pages.routine import TodaysRoutine

    with SessionLog(tmp_path / "log.sqlite") as log:
        routine = TodaysRoutine(log=log)
        for exercise_id in load_catalog():
            coach = routine.session(exercise_id).coach
            assert coach is not None
            assert coach.enabled is False
        page = ExercisePage("hamstring-stretch", log=log)
        assert page.session.coach is not None
        assert page.session.coach.does == "position"
