"""Programme builder: defaults, the reason field when out of range, handout, save and load."""

from __future__ import annotations

import base64
from datetime import date

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.programme import load_programme
from backcare_widgets.pages.educators.programme_builder import CHOSEN_DAYS, ProgrammeBuilder

CATALOG = load_catalog()


def decoded_link(html: str) -> str:
    return base64.b64decode(html.split("base64,")[1].split('"', maxsplit=1)[0]).decode("utf-8")


def test_nothing_ticked_says_what_to_do():
    builder = ProgrammeBuilder(catalog=CATALOG)
    assert builder.make_handout() is None
    assert "tick at least one exercise" in builder.message.value
    assert builder.links.value == ""


def test_reason_field_appears_only_out_of_range_and_is_required():
    builder = ProgrammeBuilder(catalog=CATALOG)
    row = builder.rows["partial-crunches"]
    row.include.value = True
    assert row.details.layout.display is None
    assert row.counts["reps"].value == 8
    assert row.reason.layout.display == "none"
    row.counts["reps"].value = 15
    assert row.reason.layout.display is None
    assert "Repetitions 15 (usual: 8-12)" in row.warning.value
    assert builder.make_handout() is None
    assert "write a reason" in builder.message.value
    # the message names what is on screen: the exercise's name and the input's label
    assert "Partial crunches: Repetitions 15 (usual: 8-12)" in builder.message.value
    assert "exercise #" not in builder.message.value
    assert "reps" not in builder.message.value
    row.reason.value = "Twelve felt easy for two weeks."
    html = builder.make_handout()
    assert "Twelve felt easy for two weeks." in html
    assert decoded_link(builder.links.value) == html
    row.counts["reps"].value = 10  # back in range: the reason is hidden and not kept
    assert row.reason.layout.display == "none"
    assert "reason" not in builder.data()["exercises"][0]


def test_field_names_become_the_forms_labels():
    from backcare_widgets.pages.educators.programme_builder import on_screen_words

    text = "exercise #1 'hamstring-stretch', field 'hold_seconds': must be a whole number"
    assert on_screen_words(text, CATALOG) == (
        "Hamstring stretch, “Hold (seconds)”: must be a whole number"
    )


def test_bridge_dosage_is_the_educators_to_set():
    builder = ProgrammeBuilder(catalog=CATALOG)
    row = builder.rows["bridge"]
    row.include.value = True
    row.counts["reps"].value = 12
    assert row.reason.layout.display == "none"
    assert "How much: a set of 12 repetitions (each held 3 s), once a day" in builder.make_handout()


def test_save_and_load_round_trip_through_the_form(tmp_path):
    builder = ProgrammeBuilder(catalog=CATALOG)
    builder.title.value = "Week one"
    builder.rows["hamstring-stretch"].include.value = True
    builder.rows["hamstring-stretch"].counts["hold_seconds"].value = 30
    builder.frequency.value = CHOSEN_DAYS
    assert builder.day_box.layout.display is None
    builder.days["wed"].value = False
    builder.start.value = date(2026, 12, 7)
    text = builder.offer_yaml()
    assert decoded_link(builder.links.value) == text
    saved = builder.save(tmp_path / "p.yaml")
    programme = load_programme(saved)
    assert programme.frequency.days == ("mon", "fri")
    assert programme.start == date(2026, 12, 7)

    other = ProgrammeBuilder(catalog=CATALOG)
    assert other.load(text.encode(), "p.yaml") == programme
    assert other.title.value == "Week one"
    assert other.rows["hamstring-stretch"].include.value
    assert not other.rows["bridge"].include.value
    assert other.rows["hamstring-stretch"].counts["hold_seconds"].value == 30
    assert other.programme() == programme


def test_a_bad_file_is_reported_and_the_form_is_kept():
    builder = ProgrammeBuilder(catalog=CATALOG)
    builder.rows["bridge"].include.value = True
    assert builder.load(b"exercises:\n  - exercise: plank\n", "mine.yaml") is None
    assert "Nothing was loaded from mine.yaml" in builder.message.value
    assert "plank" in builder.message.value
    assert builder.rows["bridge"].include.value
