"""Which programme the routine follows when none is given: the student's own, else the class's."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcare_widgets.data.programme import Frequency, Programme, ProgrammeError, ProgrammeItem
from backcare_widgets.data.programme_lookup import (
    CLASS_DIR_ENV,
    class_programme_path,
    find_programme,
    own_programme_path,
)


def _programme(title: str, exercise: str) -> Programme:
    return Programme(
        title=title,
        exercises=[ProgrammeItem(exercise=exercise)],
        frequency=Frequency(times_per_week=3),
    )


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A student's data folder (with the log's path in it) and a class folder, both empty."""
    data, shared = tmp_path / "student", tmp_path / "class"
    data.mkdir()
    shared.mkdir()
    return data / "session_log.sqlite3", shared


def test_nothing_found_without_files_or_setting(folders: tuple[Path, Path]):
    log_path, _shared = folders
    assert find_programme(log_path, environ={}) is None
    assert class_programme_path({}) is None
    assert class_programme_path({CLASS_DIR_ENV: "  "}) is None


def test_the_class_programme_is_found_through_the_setting(folders: tuple[Path, Path]):
    log_path, shared = folders
    _programme("Week 1, the class", "bridge").save(shared / "programme.yaml")
    found = find_programme(log_path, environ={CLASS_DIR_ENV: str(shared)})
    assert found is not None
    assert (found.whose, found.path) == ("class", shared / "programme.yaml")
    assert found.programme.title == "Week 1, the class"
    assert found.programme.exercise_ids == ("bridge",)
    # without the setting the same folder is not looked at
    assert find_programme(log_path, environ={}) is None


def test_the_students_own_programme_wins(folders: tuple[Path, Path]):
    log_path, shared = folders
    _programme("Week 1, the class", "bridge").save(shared / "programme.yaml")
    _programme("Mine", "hamstring-stretch").save(own_programme_path(log_path))
    assert own_programme_path(log_path) == log_path.parent / "programme.yaml"
    found = find_programme(log_path, environ={CLASS_DIR_ENV: str(shared)})
    assert found is not None
    assert (found.whose, found.programme.title) == ("own", "Mine")
    assert found.programme.exercise_ids == ("hamstring-stretch",)


def test_a_broken_file_is_reported_by_name_not_skipped(folders: tuple[Path, Path]):
    log_path, shared = folders
    _programme("Week 1, the class", "bridge").save(shared / "programme.yaml")
    own_programme_path(log_path).write_text("exercises: [{exercise: yoga}]\n")
    with pytest.raises(ProgrammeError) as raised:
        find_programme(log_path, environ={CLASS_DIR_ENV: str(shared)})
    assert str(own_programme_path(log_path)) in str(raised.value)
    assert "yoga" in str(raised.value)
