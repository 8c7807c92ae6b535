"""Today's routine follows a saved programme: the student's own (kept from an upload), else the
class's from $BACKCARE_CLASS_DIR; an explicit list of exercises or programme is never replaced."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from traitlets import Bunch

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.data.programme import Frequency, Programme, ProgrammeItem, load_programme
from backcare_widgets.data.programme_lookup import CLASS_DIR_ENV
from backcare_widgets.pages.routine import TodaysRoutine
from tests.sets import done_set

TODAY = date(2026, 11, 25)


@pytest.fixture
def log(tmp_path: Path) -> SessionLog:
    return SessionLog(tmp_path / "student" / "session_log.sqlite3")


@pytest.fixture
def class_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A class folder with a two-exercise programme, named by the hub's setting."""
    folder = tmp_path / "class"
    folder.mkdir()
    Programme(
        title="Class week 1",
        exercises=[
            ProgrammeItem(exercise="hamstring-stretch"),
            ProgrammeItem(exercise="bridge"),
        ],
        frequency=Frequency(days=("mon", "wed", "fri")),
    ).save(folder / "programme.yaml")
    monkeypatch.setenv(CLASS_DIR_ENV, str(folder))
    return folder


def _upload(content: bytes) -> Bunch:
    return Bunch(
        name="mine.yaml",
        type="",
        size=len(content),
        content=memoryview(content),
        last_modified=datetime(2026, 11, 25, tzinfo=UTC),
    )


def test_the_class_programme_is_followed(log: SessionLog, class_dir: Path):
    routine = TodaysRoutine(log=log, today=TODAY)
    assert routine.exercise_ids == ("hamstring-stretch", "bridge")
    assert "Class week 1" in routine.programme_message.value
    assert "your class's programme" in routine.programme_message.value


def test_an_uploaded_programme_is_kept_and_wins_next_time(log: SessionLog, class_dir: Path):
    routine = TodaysRoutine(log=log, today=TODAY)
    mine = (
        b"title: Mine\nexercises: [{exercise: partial-crunches}]\nfrequency: {times_per_week: 2}\n"
    )
    routine.programme_upload.value = (_upload(mine),)
    assert routine.exercise_ids == ("partial-crunches",)
    kept = log.path.parent / "programme.yaml"
    assert load_programme(kept).title == "Mine"

    again = TodaysRoutine(log=log, today=TODAY)  # the next visit
    assert again.exercise_ids == ("partial-crunches",)
    assert "your programme" in again.programme_message.value


def test_a_broken_saved_programme_says_so_and_lists_every_exercise(
    log: SessionLog, class_dir: Path
):
    log.path.parent.mkdir(parents=True, exist_ok=True)
    (log.path.parent / "programme.yaml").write_text("exercises: [{exercise: yoga}]\n")
    routine = TodaysRoutine(log=log, today=TODAY)
    assert "could not be used" in routine.programme_message.value
    assert "yoga" in routine.programme_message.value
    assert routine.exercise_ids == tuple(load_catalog())


def test_given_exercises_or_programme_are_not_replaced(log: SessionLog, class_dir: Path):
    assert TodaysRoutine(["bridge"], log=log, today=TODAY).exercise_ids == ("bridge",)
    given = Programme(exercises=[ProgrammeItem(exercise="partial-crunches")])
    assert TodaysRoutine(programme=given, log=log, today=TODAY).exercise_ids == (
        "partial-crunches",
    )


def test_the_class_programme_resumes_at_its_first_exercise_not_done(
    log: SessionLog, class_dir: Path
):
    now = datetime.now(UTC).astimezone()
    done_set(log, "hamstring-stretch", now)  # the class programme's first exercise
    routine = TodaysRoutine(log=log, today=now.date())
    assert routine.exercise_ids == ("hamstring-stretch", "bridge")
    assert routine.position == 1
    assert "Exercise 2 of 2: Bridge" in routine.heading.value
