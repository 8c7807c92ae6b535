"""PresenterSlides: slides from exercise records, index kept in range, synced state for the view."""

from __future__ import annotations

import re

import pytest

from backcare_widgets.components.presenter import SIGNS_SLIDE_ID, PresenterSlides, slide
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.wording import SAFETY_LINE, WARNING_TIERS

CATALOG = load_catalog()


def test_slides_carry_pictures_cues_muscle_and_dosage():
    data = slide(CATALOG["partial-crunches"])
    assert data["name"] == "Partial crunches"
    assert data["muscle"] == "stomach and back muscles"
    texts = [cue["text"] for cue in data["cues"]]
    assert texts[0] == "Keep your feet, tailbone and lower back on the mat at all times."
    # every form cue, not the first three: the neck cue was once dropped
    assert texts == [cue.text for cue in CATALOG["partial-crunches"].form_cues]
    assert "Don't pull your neck up with your arms." in texts
    assert not any(cue["workbook"] for cue in data["cues"])
    assert [c["text"] for c in data["cautions"]] == [
        c.text for c in CATALOG["partial-crunches"].cautions
    ]
    assert data["dosage"] == (
        "a set of 8-12 repetitions (each held 1 s), once a day (the workbook's default)"
    )
    assert data["dosage_workbook"] is False
    assert len(data["pictures"]) == 2
    assert all(svg.startswith("<svg") for svg in data["pictures"])


def test_the_bridges_slide_marks_the_workbooks_own_text_and_dosage():
    data = slide(CATALOG["bridge"])
    assert all(cue["workbook"] for cue in data["cues"])
    assert data["dosage_workbook"] is True
    assert data["dosage_note"] == {"text": str(CATALOG["bridge"].dosage.note), "workbook": True}
    hamstring = slide(CATALOG["hamstring-stretch"])
    assert hamstring["dosage_note"]["text"] == "Hold each stretch for at least this long."
    assert hamstring["dosage_workbook"] is False


def test_the_last_slide_is_the_warning_signs_from_the_safety_module():
    presenter = PresenterSlides([CATALOG["bridge"]])
    last = presenter._slides[-1]
    assert last["id"] == SIGNS_SLIDE_ID
    assert last["tiers"] == [tier.as_dict() for tier in WARNING_TIERS]
    presenter.last()
    assert presenter.index == 1
    assert presenter.exercise_id is None


def test_no_seed_word_on_any_slide():
    presenter = PresenterSlides(tuple(CATALOG.values()))
    assert "seed" not in repr(presenter._slides).lower()


def test_picture_ids_are_unique():
    presenter = PresenterSlides(tuple(CATALOG.values()))
    assert presenter.exercise_ids == tuple(CATALOG)
    ids = re.findall(r' id="([^"]+)"', "".join(s for d in presenter._slides for s in d["pictures"]))
    assert ids
    assert len(ids) == len(set(ids))


def test_index_steps_and_stays_in_range():
    presenter = PresenterSlides(
        CATALOG.exercises(["bridge", "hamstring-stretch", "partial-crunches"])
    )
    presenter.previous()
    assert presenter.index == 0
    presenter.next()
    assert presenter.exercise_id == "hamstring-stretch"
    presenter.last()
    presenter.next()
    assert presenter.index == 3  # three exercises, then the warning signs
    presenter.index = 99
    assert presenter.index == 3
    presenter.index = -3
    assert presenter.index == 0
    presenter.first()
    assert presenter.exercise_id == "bridge"


def test_state_is_synced_for_the_view():
    presenter = PresenterSlides([CATALOG["bridge"]])
    for name in ("index", "_slides", "safety_line"):
        assert presenter.trait_metadata(name, "sync")
    state = presenter.get_state()
    assert state["safety_line"] == SAFETY_LINE
    assert state["_slides"][0]["id"] == "bridge"


def test_at_least_one_exercise_is_needed():
    with pytest.raises(ValueError, match="at least one exercise"):
        PresenterSlides(())
