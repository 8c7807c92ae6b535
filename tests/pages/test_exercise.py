"""An exercise page composes the picture, the text and the session, and links them."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcare_widgets.components.pose_animation import PoseAnimation
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.data.programme import Programme, ProgrammeItem
from backcare_widgets.pages.exercise import ExercisePage, exercise_page
from backcare_widgets.session.guided_set import ExerciseSession


@pytest.mark.parametrize("exercise_id", list(load_catalog()))
def test_every_exercise_has_a_whole_page(exercise_id: str, tmp_path: Path):
    page = exercise_page(exercise_id, log=SessionLog(tmp_path / "log.sqlite3"))
    assert isinstance(page.animation, PoseAnimation)
    assert isinstance(page.session, ExerciseSession)
    assert page.pictures.value.count("<svg") == 2
    assert "Start position" in page.pictures.value
    assert "End position" in page.pictures.value
    assert page.card in page.children
    assert page.session in page.children


def test_the_picture_follows_the_timer(tmp_path: Path):
    page = ExercisePage("hamstring-stretch", log=SessionLog(tmp_path / "log.sqlite3"))
    assert page.session.timer is not None
    page.session.timer.phase = "hold"
    assert page.animation.phase == "hold"
    page.session.timer.phase = "rest"
    assert page.animation.phase == "returning"


def test_the_session_does_not_repeat_what_the_page_shows(tmp_path: Path):
    log = SessionLog(tmp_path / "log.sqlite3")
    alone = ExerciseSession(load_catalog()["bridge"], log=log)
    on_page = ExercisePage("bridge", log=log).session
    assert len(alone.children) == len(on_page.children) + 1
    assert "How much:" in alone.children[0].value  # the same words as every page


def test_unknown_exercise_names_the_known_ones():
    with pytest.raises(
        ValueError, match=r"'plank' is not in the catalogue \(known: bridge, partial"
    ):
        exercise_page("plank")


def test_the_page_looks_the_exercise_up_once_and_hands_the_record_down(tmp_path: Path):
    page = exercise_page("bridge", log=SessionLog(tmp_path / "log.sqlite3"))
    assert page.exercise is load_catalog()["bridge"]
    assert page.session.exercise is page.exercise
    assert page.animation.exercise is page.exercise
    assert page.animation.exercise_id == page.session.exercise_id == "bridge"


def test_without_a_log_the_session_opens_one_for_the_pages_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("BACKCARE_DATA_DIR", str(tmp_path))
    programme = Programme(
        exercises=[ProgrammeItem(exercise="bridge"), ProgrammeItem(exercise="partial-crunches")]
    )
    page = exercise_page("partial-crunches", catalog=programme.catalog(load_catalog()))
    assert not any(tmp_path.iterdir())  # showing the page writes nothing
    assert page.session.log.exercise_ids == {"bridge", "partial-crunches"}
    assert page.session.log.path.parent == tmp_path


def test_the_timer_names_sides_as_the_catalogue_does(tmp_path: Path):
    log = SessionLog(tmp_path / "log.sqlite3")
    hamstring = ExercisePage("hamstring-stretch", log=log).session.timer
    rotation = ExercisePage("lower-back-rotational-stretch", log=log).session.timer
    assert hamstring is not None
    assert rotation is not None
    assert hamstring.side_word == "leg"  # "Left leg - hold 2 of 5"
    assert rotation.side_word == "side"
