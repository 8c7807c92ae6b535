"""The exercise catalogue: the shipped seed content, and every way a broken file is refused."""

from __future__ import annotations

import json
import pickle
import re
import runpy
from pathlib import Path

import msgspec
import pytest
import yaml

import backcare_widgets
from backcare_widgets.data import catalog as catalog_module
from backcare_widgets.data.catalog import (
    Catalog,
    CatalogError,
    Dosage,
    Exercise,
    UnknownExerciseError,
    catalog_json_schema,
    format_dosage,
    load_catalog,
)
from backcare_widgets.data.wording import SAFETY_LINE

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "exercises.yaml"
IDS = ["bridge", "partial-crunches", "hamstring-stretch", "lower-back-rotational-stretch"]


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def shipped_text() -> str:
    return SHIPPED.read_text(encoding="utf-8")


@pytest.fixture
def text_without_poses(shipped_text: str) -> str:
    """The shipped file with its pose keyframes taken out, for tests that write their own."""
    return re.sub(r"(?m)^    poses:\n(?:      .*\n|        .*\n)*", "", shipped_text)


def write(tmp_path: Path, text: str, name: str = "exercises.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path) -> CatalogError:
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    return info.value


def line_of(text: str, fragment: str, nth: int = 1) -> int:
    """Return the 1-based line of the ``nth`` line containing ``fragment``."""
    hits = [number for number, line in enumerate(text.splitlines(), 1) if fragment in line]
    return hits[nth - 1]


# --- the shipped catalogue -------------------------------------------------------------------


def test_default_catalogue_has_the_seed_exercises_in_order(catalog: Catalog) -> None:
    assert list(catalog) == IDS
    assert len(catalog) == 4
    assert catalog.path == SHIPPED.resolve()
    assert [exercise.id for exercise in catalog.values()] == IDS


def test_default_load_is_cached() -> None:
    assert load_catalog() is load_catalog()


def test_public_names_are_exported() -> None:
    assert backcare_widgets.load_catalog is load_catalog
    assert backcare_widgets.format_dosage is format_dosage
    for name in ("Catalog", "CatalogError", "Dosage", "Exercise"):
        assert getattr(backcare_widgets, name) is getattr(catalog_module, name)
        assert name in backcare_widgets.__all__


def test_seed_dosages(catalog: Catalog) -> None:
    crunches = catalog["partial-crunches"].dosage
    assert (crunches.reps, crunches.hold_seconds, crunches.source) == ((8, 12), 1, "seed")
    assert crunches.per_side is False

    hamstring = catalog["hamstring-stretch"].dosage
    assert hamstring.hold_seconds == (15, 30)
    assert hamstring.repeats == 5
    assert hamstring.per_side is True
    assert hamstring.source == "seed"
    assert hamstring.note is not None
    assert "at least" in hamstring.note.text

    rotation = catalog["lower-back-rotational-stretch"].dosage
    assert rotation.hold_seconds == (5, 10)
    assert rotation.repeats == (2, 3)
    assert rotation.per_side is True
    assert rotation.times_per_day == 2
    assert rotation.source == "seed"

    # nothing the seed does not give
    assert isinstance(crunches, Dosage)
    assert (crunches.sets, hamstring.sets, rotation.sets) == (None, None, None)
    assert crunches.repeats is None
    assert crunches.sets is None
    assert crunches.times_per_day is None
    assert hamstring.reps is None
    assert hamstring.times_per_day is None
    assert rotation.reps is None


def test_bridge_dosage_is_a_conservative_workbook_default(catalog: Catalog) -> None:
    dosage = catalog["bridge"].dosage
    assert dosage.source == "workbook"
    assert dosage.note is not None
    assert dosage.note.source == "workbook"
    assert "educator" in dosage.note.text
    assert isinstance(dosage.reps, int)
    assert dosage.reps <= 8
    assert isinstance(dosage.hold_seconds, int)
    assert dosage.hold_seconds <= 5
    assert dosage.per_side is False


def test_per_side(catalog: Catalog) -> None:
    assert {exercise.id: exercise.per_side for exercise in catalog.values()} == {
        "bridge": False,
        "partial-crunches": False,
        "hamstring-stretch": True,
        "lower-back-rotational-stretch": True,
    }


def test_seed_wording(catalog: Catalog) -> None:
    bridge = catalog["bridge"]
    assert bridge.name.text == "Bridge"
    assert "gluteus maximus" in bridge.works.text
    assert bridge.why is not None
    assert "squat" in bridge.why.text
    assert "support your lower back" in bridge.why.text
    assert (bridge.works.source, bridge.why.source) == ("seed", "seed")

    crunches = catalog["partial-crunches"]
    assert crunches.name.text == "Partial crunches"
    assert "back and stomach muscles" in crunches.works.text
    assert crunches.why is None  # the seed says what it works, not why
    assert "Cross your arms" in crunches.start_position.text
    assert "hands behind your neck" in crunches.start_position.text
    cues = [cue.text for cue in crunches.form_cues]
    assert "Keep your feet, tailbone and lower back on the mat at all times." in cues
    assert "Breathe out as you lift." in cues
    assert "Don't lead with your elbows." in cues
    assert "Don't pull your neck up with your arms." in cues
    assert [caution.text for caution in crunches.cautions] == [
        (
            "Some exercises may aggravate back pain and should be avoided when you have acute "
            "lower back pain."
        )
    ]
    # the source keeps this with the crunches' form, not with the general cautions
    assert cues[-1] == "Correct form avoids unnecessary stress on your low back."
    steps = [step.text for step in crunches.steps]
    assert steps[0] == "Tighten your stomach muscles."
    assert "breathing out as you lift" in steps[1]
    assert steps[2] == "Hold for one second."
    assert steps[3].startswith("Slowly lower")

    hamstring = catalog["hamstring-stretch"]
    assert hamstring.name.text == "Hamstring stretch"
    assert "back of your leg" in hamstring.works.text
    assert hamstring.why is not None
    assert "lower spine" in hamstring.why.text
    steps = [step.text for step in hamstring.steps]
    assert "towel under the ball of the foot" in steps[0]
    assert "gradually" in steps[1]
    assert "gentle stretch along the back of your leg" in steps[2]

    rotation = catalog["lower-back-rotational-stretch"]
    assert rotation.name.text == "Lower back rotational stretch"
    assert rotation.why is not None
    assert "can assist in relieving tension in your lower back and trunk" in rotation.why.text
    assert "core muscles for stability" in rotation.why.text
    assert "feet firmly on the ground" in rotation.start_position.text
    assert "shoulders on the floor" in rotation.steps[0].text
    assert "roll both bent knees" in rotation.steps[0].text


def test_bridge_steps_are_marked_as_the_workbooks_own(catalog: Catalog) -> None:
    bridge = catalog["bridge"]
    assert bridge.start_position.source == "workbook"
    assert len(bridge.steps) >= 3
    assert {step.source for step in bridge.steps} == {"workbook"}
    assert {cue.source for cue in bridge.form_cues} == {"workbook"}


def test_bridge_lifts_only_as_far_as_is_comfortable(catalog: Catalog) -> None:
    """The workbook sets no target height for the bridge: a fixed line is not the source's."""
    bridge = catalog["bridge"]
    lift = next(step for step in bridge.steps if "lift your hips" in step.text)
    assert "only as far as is comfortable" in lift.text
    assert lift.source == "workbook"
    texts = [s.text for s in (*bridge.steps, *bridge.form_cues, bridge.alt_text.end)]
    assert not any("straight line" in text for text in texts)


def test_the_source_texts_hedges_stay_hedges(catalog: Catalog) -> None:
    """The source says "can help support" and "can assist relieve": never turned into promises."""
    assert "can help support your lower back" in catalog["bridge"].why.text
    rotation = catalog["lower-back-rotational-stretch"].why.text
    assert rotation.startswith("It can assist in relieving tension")


def test_every_text_is_marked_and_pictures_have_alt_text(catalog: Catalog) -> None:
    for exercise in catalog.values():
        texts = [
            exercise.name,
            exercise.works,
            exercise.muscle,
            exercise.start_position,
            *exercise.steps,
            *exercise.form_cues,
            *exercise.cautions,
            exercise.alt_text.start,
            exercise.alt_text.end,
        ]
        if exercise.why is not None:
            texts.append(exercise.why)
        for text in texts:
            assert text.source in {"seed", "workbook"}
            assert text.text.strip() == text.text
            assert text.text
        assert exercise.alt_text.start.text != exercise.alt_text.end.text
        assert exercise.poses is not None
        assert {"start", "end"} <= set(exercise.poses)
        assert exercise.form_cues


def test_muscle_in_plain_words(catalog: Catalog) -> None:
    assert "buttock" in catalog["bridge"].muscle.text
    assert "stomach" in catalog["partial-crunches"].muscle.text
    assert "back of the leg" in catalog["hamstring-stretch"].muscle.text
    assert "lower back" in catalog["lower-back-rotational-stretch"].muscle.text


def test_safety_lines(catalog: Catalog) -> None:
    for exercise in catalog.values():
        assert exercise.safety_lines[0] == SAFETY_LINE
        assert "health-care professional" in exercise.safety_lines[0]
        assert "new pain" in exercise.safety_lines[0]
    crunches = catalog["partial-crunches"].safety_lines
    assert crunches[1].startswith("Some exercises may aggravate back pain")


def test_records_are_immutable(catalog: Catalog) -> None:
    exercise = catalog["bridge"]
    with pytest.raises(AttributeError, match="immutable"):
        exercise.id = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        exercise.dosage.reps = 100  # type: ignore[misc]
    assert isinstance(exercise.steps, tuple)
    with pytest.raises(TypeError):
        catalog["new"] = exercise  # type: ignore[index]


def test_unknown_id_names_the_known_ones(catalog: Catalog) -> None:
    known = "bridge, partial-crunches, hamstring-stretch, lower-back-rotational-stretch"
    with pytest.raises(UnknownExerciseError) as raised:
        catalog.exercise("plank")
    assert str(raised.value) == f"'plank' is not in the catalogue (known: {known})"
    assert raised.value.exercise_ids == ("plank",)
    assert raised.value.known == tuple(IDS)
    # a KeyError for mapping code, a ValueError for a bad argument: both still catch it
    assert isinstance(raised.value, KeyError)
    assert isinstance(raised.value, ValueError)
    with pytest.raises(KeyError, match=r"^'plank' is not in the catalogue") as by_index:
        catalog["plank"]
    assert str(by_index.value) == str(raised.value)
    assert "plank" not in catalog
    assert catalog.get("plank") is None


def test_several_ids_are_looked_up_in_the_order_given(catalog: Catalog) -> None:
    assert catalog.exercise("bridge") is catalog["bridge"]
    ids = ["hamstring-stretch", "bridge"]
    assert catalog.exercises(ids) == (catalog["hamstring-stretch"], catalog["bridge"])
    assert catalog.exercises(iter(ids)) == catalog.exercises(ids)
    assert catalog.exercises(()) == ()
    with pytest.raises(UnknownExerciseError) as raised:
        catalog.exercises(["plank", "bridge", "jumping-jacks", "plank"])
    assert raised.value.exercise_ids == ("plank", "jumping-jacks")  # each once, in order
    assert str(raised.value).startswith("'plank', 'jumping-jacks' are not in the catalogue (known")
    with pytest.raises(TypeError, match="not one id: 'bridge'"):
        catalog.exercises("bridge")


def test_a_huge_unknown_id_is_cut_short_and_the_error_pickles(catalog: Catalog) -> None:
    with pytest.raises(UnknownExerciseError) as raised:
        catalog.exercise("x" * 10_000)
    assert len(str(raised.value)) < 300
    assert "(10,000 characters)" in str(raised.value)
    again = pickle.loads(pickle.dumps(raised.value))
    assert type(again) is UnknownExerciseError
    assert str(again) == str(raised.value)
    assert again.exercise_ids == raised.value.exercise_ids


def test_format_dosage(catalog: Catalog) -> None:
    assert [format_dosage(exercise.dosage) for exercise in catalog.values()] == [
        "5 repetitions, hold 3 s",
        "8-12 repetitions, hold 1 s",
        "hold 15-30 s, 5 times each side",
        "hold 5-10 s, 2-3 times each side, twice a day",
    ]
    more = Dosage(source="workbook", reps=(8, 12), sets=2, repeats=1, times_per_day=3)
    assert format_dosage(more) == "2 sets of 8-12 repetitions, once, 3 times a day"
    assert format_dosage(Dosage(source="workbook", reps=1, per_side=True)) == (
        "1 repetition each side"
    )
    assert format_dosage(Dosage(source="workbook", sets=1)) == "1 set"


def test_a_fifth_exercise_needs_no_code(tmp_path: Path, shipped_text: str) -> None:
    fifth = """
  - id: knee-to-chest
    name: {text: Knee to chest, source: workbook}
    works: {text: The lower back., source: workbook}
    muscle: {text: lower back, source: workbook}
    start_position: {text: Lie on your back with your knees bent., source: workbook}
    steps:
      - {text: Bring one knee towards your chest., source: workbook}
    form_cues:
      - {text: Keep your other foot on the floor., source: workbook}
    dosage: {source: workbook, hold_seconds: [5, 10], repeats: 3, per_side: true}
    alt_text:
      start: {text: A person lying on their back with knees bent., source: workbook}
      end: {text: The same person holding one knee to the chest., source: workbook}
    poses:
      start: {neck: 0, lumbar: 5, pelvis_roll: 0, left_shoulder: -6, right_shoulder: -6,
        left_elbow: 5, right_elbow: 5, left_hip: 47, right_hip: 47, left_knee: 90,
        right_knee: 90.5, left_ankle: -32, right_ankle: -32}
      end: {neck: 0, lumbar: 5, pelvis_roll: 0, left_shoulder: -6, right_shoulder: -6,
        left_elbow: 5, right_elbow: 5, left_hip: 47, right_hip: -10, left_knee: 120,
        right_knee: 108, left_ankle: -32, right_ankle: -32}
"""
    path = write(tmp_path, shipped_text + fifth)
    catalog = load_catalog(path)
    assert list(catalog) == [*IDS, "knee-to-chest"]
    added = catalog["knee-to-chest"]
    assert added.per_side
    assert added.dosage.hold_seconds == (5, 10)
    assert format_dosage(added.dosage) == "hold 5-10 s, 3 times each side"
    assert added.poses is not None
    assert (added.poses["end"]["left_knee"], added.poses["end"]["right_hip"]) == (120.0, -10.0)
    with pytest.raises(TypeError):
        added.poses["end"]["left_knee"] = 0  # type: ignore[index]
    as_json = msgspec.to_builtins(added, enc_hook=dict)  # dict: the read-only pose mappings
    assert as_json["poses"]["start"]["right_knee"] == 90.5
    assert load_catalog() is not catalog  # the default, cached catalogue is untouched
    assert "knee-to-chest" not in load_catalog()


def test_load_accepts_a_string_path(tmp_path: Path, shipped_text: str) -> None:
    path = write(tmp_path, shipped_text)
    assert list(load_catalog(str(path))) == IDS


def test_packaged_copy_is_preferred_when_present(
    tmp_path: Path, shipped_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    packaged = write(tmp_path, shipped_text, "packaged.yaml")
    monkeypatch.setattr(catalog_module, "DEFAULT_PATHS", (packaged, SHIPPED))
    assert catalog_module.default_catalog_path() == packaged
    monkeypatch.setattr(catalog_module, "DEFAULT_PATHS", (tmp_path / "missing.yaml", SHIPPED))
    assert catalog_module.default_catalog_path() == SHIPPED


# --- bad input: each refusal names the file, line, exercise id and field ------------------------


def test_misspelt_key(tmp_path: Path, shipped_text: str) -> None:
    text = shipped_text.replace("      repeats: 5\n", "      repeets: 5\n")
    path = write(tmp_path, text)
    error = refused(path)
    message = str(error)
    assert str(path) in message
    assert f"line {line_of(text, 'repeets')}" in message
    assert "exercise 'hamstring-stretch'" in message
    assert "field 'dosage.repeets'" in message
    assert "unknown key 'repeets'" in message
    assert isinstance(error, ValueError)
    assert error.path == path


def test_missing_required_field(tmp_path: Path, shipped_text: str) -> None:
    text = shipped_text.replace("    name: {text: Partial crunches, source: seed}\n", "")
    path = write(tmp_path, text)
    message = str(refused(path))
    assert str(path) in message
    assert "exercise 'partial-crunches'" in message
    assert "field 'name'" in message
    assert "missing" in message
    assert f"line {line_of(text, 'id: partial-crunches')}" in message


def test_missing_source_of_a_text(tmp_path: Path, shipped_text: str) -> None:
    text = shipped_text.replace("{text: Keep one knee bent., source: seed}", "Keep one knee bent.")
    path = write(tmp_path, text)
    message = str(refused(path))
    assert "exercise 'hamstring-stretch'" in message
    assert "field 'form_cues[0]'" in message
    assert f"line {line_of(text, '- Keep one knee bent.')}" in message


def test_reversed_range(tmp_path: Path, shipped_text: str) -> None:
    text = shipped_text.replace("reps: [8, 12]", "reps: [12, 8]")
    path = write(tmp_path, text)
    error = refused(path)
    message = str(error)
    assert str(path) in message
    assert f"line {line_of(text, 'reps: [12, 8]')}" in message
    assert "exercise 'partial-crunches'" in message
    assert "field 'dosage.reps'" in message
    assert "[12, 8]" in message
    assert "low to high" in message
    [problem] = error.problems
    assert (problem.exercise_id, problem.field) == ("partial-crunches", "dosage.reps")
    assert problem.line == line_of(text, "reps: [12, 8]")


def test_range_with_one_value(tmp_path: Path, shipped_text: str) -> None:
    text = shipped_text.replace("repeats: [2, 3]", "repeats: [3, 3]")
    message = str(refused(write(tmp_path, text)))
    assert "field 'dosage.repeats'" in message
    assert "write 3" in message


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("      repeats: 5\n", "      repeats: -5\n", "dosage.repeats"),
        ("      repeats: 5\n", "      repeats: 0\n", "dosage.repeats"),
        ("hold_seconds: [15, 30]", "hold_seconds: [0, 30]", "dosage.hold_seconds[0]"),
        ("      times_per_day: 2\n", "      times_per_day: -1\n", "dosage.times_per_day"),
    ],
)
def test_negative_or_zero_number(
    tmp_path: Path, shipped_text: str, old: str, new: str, field: str
) -> None:
    text = shipped_text.replace(old, new)
    assert text != shipped_text
    path = write(tmp_path, text)
    message = str(refused(path))
    assert str(path) in message
    assert f"field '{field}'" in message
    assert "above zero" in message
    assert f"line {line_of(text, new.strip())}" in message


@pytest.mark.parametrize("value", ["2.5", "yes", "two", "[1, 2, 3]"])
def test_dosage_must_be_whole_numbers(tmp_path: Path, shipped_text: str, value: str) -> None:
    text = shipped_text.replace("      times_per_day: 2\n", f"      times_per_day: {value}\n")
    message = str(refused(write(tmp_path, text)))
    assert "exercise 'lower-back-rotational-stretch'" in message
    assert "field 'dosage.times_per_day" in message


def test_empty_dosage(tmp_path: Path, shipped_text: str) -> None:
    text = shipped_text.replace(
        "      source: seed\n      reps: [8, 12]\n      hold_seconds: 1\n", "      source: seed\n"
    )
    message = str(refused(write(tmp_path, text)))
    assert "exercise 'partial-crunches'" in message
    assert "field 'dosage'" in message
    assert "at least one of reps" in message


def test_duplicate_id(tmp_path: Path, shipped_text: str) -> None:
    text = shipped_text.replace("  - id: hamstring-stretch\n", "  - id: bridge\n")
    path = write(tmp_path, text)
    message = str(refused(path))
    assert str(path) in message
    assert f"line {line_of(text, '- id: bridge', nth=2)}" in message
    assert "exercise 'bridge'" in message
    assert "field 'id'" in message
    assert "duplicate id 'bridge'" in message


def test_duplicate_key(tmp_path: Path, shipped_text: str) -> None:
    text = shipped_text.replace("      repeats: 5\n", "      repeats: 5\n      repeats: 6\n")
    path = write(tmp_path, text)
    message = str(refused(path))
    assert str(path) in message
    assert f"line {line_of(text, 'repeats: 6')}" in message
    assert f"first on line {line_of(text, 'repeats: 5')}" in message
    assert "exercise 'hamstring-stretch'" in message
    assert "field 'dosage.repeats'" in message
    assert "given twice" in message


@pytest.mark.parametrize("bad_id", ["Hamstring-Stretch", "hamstring_stretch", "stretch-", "a--b"])
def test_bad_id(tmp_path: Path, shipped_text: str, bad_id: str) -> None:
    text = shipped_text.replace("  - id: hamstring-stretch\n", f"  - id: {bad_id}\n")
    path = write(tmp_path, text)
    message = str(refused(path))
    assert str(path) in message
    assert f"line {line_of(text, f'- id: {bad_id}')}" in message
    assert f"exercise '{bad_id}'" in message
    assert "field 'id'" in message
    assert "lowercase words joined by hyphens" in message


def test_texts_and_ids_are_read_without_surrounding_whitespace(
    tmp_path: Path, shipped_text: str
) -> None:
    # hand-written YAML: "$" in the id pattern also matches before a final newline, so an id is
    # stripped before it is checked, and logs and programmes get the bare id
    text = shipped_text.replace("  - id: hamstring-stretch\n", '  - id: " hamstring-stretch\\n"\n')
    assert '" hamstring-stretch\\n"' in text
    loaded = load_catalog(write(tmp_path, text))
    assert "hamstring-stretch" in loaded
    assert loaded["hamstring-stretch"].id == "hamstring-stretch"


def test_yaml_syntax_error(tmp_path: Path, shipped_text: str) -> None:
    text = shipped_text.replace(
        "{text: Keep one knee bent., source: seed}", "{text: Keep one knee bent., source: seed"
    )
    path = write(tmp_path, text)
    error = refused(path)
    message = str(error)
    assert str(path) in message
    assert "YAML syntax" in message
    broken = line_of(text, "Keep one knee bent.")
    assert error.problems[0].line in {broken, broken + 1}
    assert f"line {error.problems[0].line}" in message


def test_yaml_syntax_error_bad_indent(tmp_path: Path) -> None:
    path = write(tmp_path, "exercises:\n  - id: bridge\n   name: x\n")
    message = str(refused(path))
    assert "YAML syntax" in message
    assert "line 3" in message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    message = str(refused(path))
    assert str(path) in message
    assert "empty" in message


def test_empty_exercise_list(tmp_path: Path) -> None:
    message = str(refused(write(tmp_path, "exercises: []\n")))
    assert "field 'exercises'" in message
    assert "empty" in message


def test_wrong_top_level_shape(tmp_path: Path) -> None:
    message = str(refused(write(tmp_path, "- id: bridge\n")))
    assert "line 1" in message
    assert "expected 'key: value' lines" in message


def test_exercise_without_an_id_is_named_by_position(tmp_path: Path, shipped_text: str) -> None:
    text = shipped_text.replace("  - id: partial-crunches\n", "  - idd: partial-crunches\n")
    message = str(refused(write(tmp_path, text)))
    assert "exercise '#2', field 'id': this required field is missing" in message
    assert "exercise '#2', field 'idd': unknown key 'idd'" in message


def test_several_problems_are_all_reported(tmp_path: Path, shipped_text: str) -> None:
    text = shipped_text.replace("reps: [8, 12]", "reps: [12, 8]").replace(
        "      repeats: 5\n", "      repeets: 5\n"
    )
    error = refused(write(tmp_path, text))
    assert [(problem.exercise_id, problem.field) for problem in error.problems] == [
        ("partial-crunches", "dosage.reps"),
        ("hamstring-stretch", "dosage.repeets"),
    ]
    assert "2 problems" in str(error)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    message = str(refused(path))
    assert str(path) in message
    assert "cannot read" in message


@pytest.mark.parametrize(
    ("poses", "field", "words"),
    [
        ("{start: {Left-Knee: 90}}", "poses.start.Left-Knee", "underscores"),
        ("{Start: {left_knee: 90}}", "poses.Start", "underscores"),
        ("{start: {left_knee: .nan}}", "poses.start.left_knee", "finite"),
        ("{start: {left_knee: .inf}}", "poses.start.left_knee", "finite"),
        ("{start: {left_knee: bent}}", "poses.start.left_knee", "number"),
        ("{start: [90]}", "poses.start", "'key: value' lines"),
    ],
)
def test_bad_poses(
    tmp_path: Path, text_without_poses: str, poses: str, field: str, words: str
) -> None:
    text = text_without_poses.replace(
        "    cautions: []\n", f"    cautions: []\n    poses: {poses}\n", 1
    )
    message = str(refused(write(tmp_path, text)))
    assert "exercise 'bridge'" in message
    assert f"field '{field}'" in message
    assert words in message


def test_pose_hook_runs(
    tmp_path: Path, text_without_poses: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A joint-specific validator plugged in through ``check_poses`` reaches the message."""
    seen: list[object] = []

    def refuse_bent_knees(poses: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        seen.append(poses)
        if poses.get("end", {}).get("left_knee", 0) > 150:
            raise ValueError("left_knee bends at most 150 degrees")
        return poses

    monkeypatch.setattr(catalog_module, "check_poses", refuse_bent_knees)
    hook = "    cautions: []\n    poses: {end: {left_knee: 170.0}}\n"
    text = text_without_poses.replace("    cautions: []\n", hook, 1)
    path = write(tmp_path, text)
    message = str(refused(path))
    assert seen == [{"end": {"left_knee": 170.0}}]
    assert str(path) in message
    assert f"line {line_of(text, 'left_knee: 170.0')}" in message
    assert "exercise 'bridge', field 'poses': left_knee bends at most 150 degrees" in message

    good = text.replace("170.0", "45")
    assert load_catalog(write(tmp_path, good, "good.yaml"))["bridge"].poses == {
        "end": {"left_knee": 45.0}
    }


# --- the published JSON Schema ------------------------------------------------------------------


def test_schema_file_is_current() -> None:
    committed = (ROOT / "data" / "exercises.schema.json").read_text(encoding="utf-8")
    script = runpy.run_path(str(ROOT / "scripts" / "write_catalog_schema.py"))
    assert committed == script["render_schema"](), (
        "data/exercises.schema.json is out of date: run scripts/write_catalog_schema.py"
    )
    assert json.loads(committed) == catalog_json_schema()


def test_yaml_points_editors_at_the_schema(shipped_text: str) -> None:
    assert shipped_text.splitlines()[0] == "# yaml-language-server: $schema=exercises.schema.json"


def test_schema_describes_the_shape() -> None:
    schema = catalog_json_schema()
    assert schema["required"] == ["exercises"]
    exercise = schema["$defs"]["Exercise"]
    assert exercise["additionalProperties"] is False
    assert exercise["properties"]["id"]["pattern"] == catalog_module.ID_PATTERN
    dosage = schema["$defs"]["Dosage"]["properties"]
    assert set(dosage) == {
        "source",
        "reps",
        "hold_seconds",
        "repeats",
        "sets",
        "per_side",
        "times_per_day",
        "alternate_sides",
        "note",
    }
    moves = schema["$defs"]["SideMoves"]["properties"]
    assert moves["to_side"]["pattern"] == r"\{side\}"  # the side is filled in


def test_schema_accepts_the_shipped_catalogue_shape(catalog: Catalog) -> None:
    """Every exercise round-trips through its JSON form, which is what the schema describes."""
    for exercise in catalog.values():
        again = msgspec.json.decode(msgspec.json.encode(exercise, enc_hook=dict), type=Exercise)
        assert again == exercise


def test_id_pattern_matches_lowercase_hyphenated_words() -> None:
    pattern = re.compile(catalog_module.ID_PATTERN)
    assert all(pattern.match(exercise_id) for exercise_id in IDS)
    assert not pattern.match("Bridge")


def test_editors_schema_accepts_the_shipped_file_and_flags_a_misspelling(
    shipped_text: str,
) -> None:
    """What an editor does with the schema: the shipped file passes, a misspelt key does not."""
    import jsonschema  # in the lock through nbformat, which needs it

    schema = json.loads((ROOT / "data" / "exercises.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(yaml.safe_load(shipped_text))) == []
    bad = yaml.safe_load(shipped_text.replace("      repeats: 5\n", "      repeets: 5\n"))
    assert any("repeets" in error.message for error in validator.iter_errors(bad))
    negative = yaml.safe_load(shipped_text.replace("reps: [8, 12]", "reps: [-8, 12]"))
    assert list(validator.iter_errors(negative))


def test_side_moves_must_name_the_side(tmp_path: Path, shipped_text: str) -> None:
    """A timer cue for alternating sides that never says which side is refused, with its line."""
    text = shipped_text.replace('"Roll your knees to the {side}"', '"Roll your knees over"')
    error = refused(write(tmp_path, text))
    (problem,) = error.problems
    assert problem.exercise_id == "lower-back-rotational-stretch"
    assert problem.line == line_of(text, "Roll your knees over")
    assert problem.field == "side_moves.to_side"
    assert "write {side} where the side goes" in problem.message


# --- bounded YAML (issue 20) --------------------------------------------------------------------


def test_an_alias_bomb_catalogue_is_refused_within_a_second_with_memory_bounded(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    bomb = "exercises: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"lol{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 10)
    )
    path = write(tmp_path, bomb)
    # a child with its address space capped: a regression fails here, the machine keeps its memory
    child = f"""
import json, resource, time, tracemalloc
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
from backcare_widgets.data.catalog import CatalogError, load_catalog
tracemalloc.start()
started = time.perf_counter()
try:
    load_catalog({str(path)!r})
    message = None
except CatalogError as exc:
    message = str(exc)
print(json.dumps({{"elapsed": time.perf_counter() - started,
                  "peak": tracemalloc.get_traced_memory()[1], "message": message}}))
"""
    done = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    seen = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert seen["elapsed"] < 1.0
    assert seen["peak"] < 20 * 1024 * 1024
    assert "line 1: anchors and aliases" in seen["message"]


def test_an_anchor_alone_is_refused_too(tmp_path: Path, shipped_text: str) -> None:
    text = shipped_text.replace("      repeats: 5\n", "      repeats: &five 5\n")
    message = str(refused(write(tmp_path, text)))
    assert f"line {line_of(text, 'repeats: &five')}" in message
    assert "anchors and aliases" in message


def test_deep_nesting_in_a_catalogue_is_a_clear_message(tmp_path: Path) -> None:
    message = str(refused(write(tmp_path, "exercises: " + "[" * 5000 + "]" * 5000 + "\n")))
    assert "nested more than 32 levels deep" in message


def test_a_catalogue_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    from backcare_widgets.data.catalog import MAX_CATALOG_BYTES

    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:
        fh.truncate(MAX_CATALOG_BYTES + 1)
    message = str(refused(path))
    assert "the file is 2,000,001 bytes, larger than the limit of 2,000,000 bytes" in message


def test_a_long_bad_value_in_a_catalogue_is_quoted_short(tmp_path: Path, shipped_text: str) -> None:
    long_id = "x" * 20_000 + "Y"
    text = shipped_text.replace("  - id: hamstring-stretch\n", f"  - id: {long_id}\n")
    message = str(refused(write(tmp_path, text)))
    assert "20,001 characters" in message
    assert len(message) < 2_000
