"""Each exercise's text section: seed text plain, workbook text marked, everything escaped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.wording import ACUTE_CAUTION, SAFETY_LINE
from backcare_widgets.views.exercise_card import WORKBOOK_LABEL, exercise_card, exercise_html

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.parametrize("exercise_id", list(load_catalog()))
def test_every_exercise_shows_steps_dosage_and_safety(exercise_id: str):
    exercise = load_catalog()[exercise_id]
    html = exercise_html(exercise)
    assert SAFETY_LINE in html
    # every exercise page carries the source's acute-pain caution, once
    assert html.count(ACUTE_CAUTION) == 1
    assert html.count("<li>") == len(exercise.steps) + len(exercise.form_cues) + len(
        exercise.cautions
    )
    assert "<ol" in html  # steps are numbered
    assert "seed" not in html.lower()  # "the source text", never the project's word


def test_workbook_text_is_marked_and_seed_text_is_not():
    bridge = exercise_html(load_catalog()["bridge"])  # steps are the workbook's own
    assert f"({WORKBOOK_LABEL})" in bridge
    crunch = load_catalog()["partial-crunches"]
    html = exercise_html(crunch)
    first_step = str(crunch.steps[0])
    assert f'<span class="backcare-source-text">{first_step}</span>' in html


def test_seed_dosage_in_plain_words():
    html = exercise_html(load_catalog()["hamstring-stretch"])
    assert "a set of 5 holds of 15-30 s on each leg, once a day" in html


def test_catalogue_text_is_escaped(tmp_path: Path):
    path = tmp_path / "exercises.yaml"
    shutil.copy(DATA / "exercises.yaml", path)
    text = path.read_text().replace(
        "Hold the position and keep breathing.", "<img src=x onerror=alert(1)>", 1
    )
    path.write_text(text)
    widget = exercise_card(load_catalog(path)["bridge"])
    assert "<img src=x" not in widget.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in widget.value
