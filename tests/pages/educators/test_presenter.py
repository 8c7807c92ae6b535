"""The educators' Presenter: ids looked up once, the whole catalogue by default."""

from __future__ import annotations

import pytest

import backcare_widgets
from backcare_widgets.components.presenter import PresenterSlides
from backcare_widgets.data.catalog import UnknownExerciseError, load_catalog
from backcare_widgets.data.programme import Programme, ProgrammeItem
from backcare_widgets.pages.educators.presenter import Presenter

CATALOG = load_catalog()


def test_the_public_name_is_the_page_and_shows_the_slides():
    assert backcare_widgets.Presenter is Presenter
    presenter = Presenter()
    assert isinstance(presenter, PresenterSlides)
    assert presenter.exercise_ids == tuple(CATALOG)
    assert [s["id"] for s in presenter._slides[:-1]] == list(CATALOG)


def test_a_programmes_ids_in_its_order():
    programme = Programme(
        exercises=[ProgrammeItem(exercise="hamstring-stretch"), ProgrammeItem(exercise="bridge")]
    )
    presenter = Presenter(programme.exercise_ids, catalog=CATALOG)
    assert presenter.exercise_ids == ("hamstring-stretch", "bridge")
    assert presenter.exercise_id == "hamstring-stretch"


def test_unknown_exercises_are_refused_by_name():
    with pytest.raises(UnknownExerciseError) as raised:
        Presenter(["bridge", "plank", "jumping-jacks"], catalog=CATALOG)
    assert isinstance(raised.value, ValueError)  # as before the catalogue owned the message
    assert raised.value.exercise_ids == ("plank", "jumping-jacks")
    assert str(raised.value).startswith("'plank', 'jumping-jacks' are not in the catalogue")


def test_one_id_as_a_string_is_refused():
    with pytest.raises(TypeError, match="collection of exercise ids"):
        Presenter("bridge")  # type: ignore[arg-type]
