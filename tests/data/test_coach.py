"""The camera coach's state machine, fed sequences of measures as the browser sends them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from backcare_widgets.data.catalog import CoachRule, load_catalog
from backcare_widgets.data.coach import MEASURES, Tracker, describe_rule

if TYPE_CHECKING:
    from pathlib import Path


def run(tracker: Tracker, values: list[float | None], side: str = "any") -> Tracker:
    """Feed one value a frame, as the browser would."""
    for value in values:
        tracker.feed({side: value})
    return tracker


def test_a_lift_and_lower_counts_one_repetition() -> None:
    """Up past enter, then back past leave, is one repetition (counted on the way down)."""
    tracker = Tracker("count", enter=20, leave=10, min_frames=2)
    run(tracker, [0, 2, 21, 25, 28])
    assert tracker.state.count == 0
    assert tracker.state.in_position == {"any": True}
    run(tracker, [9, 5])
    assert tracker.state.count == 1
    assert tracker.state.in_position == {"any": False}


def test_ten_repetitions_count_ten() -> None:
    """A noisy crunch-like wave of ten lifts counts exactly ten."""
    wave = [1, 3, 8, 14, 19, 23, 26, 24, 19, 13, 7, 3, 1, 0]
    tracker = run(Tracker("count", enter=18, leave=10, min_frames=2), wave * 10)
    assert tracker.state.count == 10


def test_hovering_between_the_thresholds_counts_nothing() -> None:
    """A wobble around one value never counts (the gap between enter and leave)."""
    tracker = Tracker("count", enter=20, leave=10, min_frames=1)
    run(tracker, [12, 19, 11, 19.9, 10.5, 15] * 20)
    assert tracker.state.count == 0


def test_one_frame_spike_is_not_a_repetition() -> None:
    """A single noisy frame above the threshold changes nothing with min_frames=2."""
    tracker = run(Tracker("count", enter=20, leave=10, min_frames=2), [0, 0, 40, 0, 0, 50, 0])
    assert tracker.state.count == 0


def test_unseen_frames_neither_confirm_nor_break() -> None:
    """None (body not seen) in a run of frames is skipped over."""
    tracker = run(Tracker("count", enter=20, leave=10, min_frames=2), [0, 25, None, 26, None])
    assert tracker.state.in_position == {"any": True}
    run(tracker, [None, 5, None, None, 4])
    assert tracker.state.count == 1


def test_still_scene_counts_nothing() -> None:
    """A person lying still (and frames not seen at all) gives no count and no position."""
    tracker = run(Tracker("count", enter=18, leave=10, min_frames=2), [3.0, 3.4, None, 2.9] * 100)
    assert tracker.state.count == 0
    assert tracker.sides_in_position() == []


def test_a_position_falling_into_place() -> None:
    """enter below leave: the measure falls into the position (knees rolled lower)."""
    tracker = Tracker("position", enter=30, leave=38, min_frames=2)
    run(tracker, [45, 44, 35, 31, 29])
    assert tracker.sides_in_position() == []
    run(tracker, [28])
    assert tracker.sides_in_position() == ["any"]
    run(tracker, [36, 37, 39, 40])
    assert tracker.sides_in_position() == []
    assert tracker.state.count == 0  # a position rule never counts


def test_sides_are_tracked_apart() -> None:
    """Each side has its own run of frames and its own position."""
    tracker = Tracker("position", enter=30, leave=20, min_frames=2)
    for left, right in [(0, 40), (0, 41), (35, 42), (36, 5), (37, 4)]:
        tracker.feed({"left": left, "right": right})
    assert tracker.sides_in_position() == ["left"]


def test_reset_forgets_the_count() -> None:
    """A new set starts from nothing."""
    tracker = run(Tracker("count", enter=20, leave=10, min_frames=1), [30, 0, 30, 0])
    assert tracker.state.count == 2
    tracker.reset()
    assert tracker.state.count == 0
    assert tracker.sides_in_position() == []


@pytest.mark.parametrize(
    ("does", "enter", "leave", "frames", "message"),
    [
        ("judge", 20, 10, 2, "does must be"),
        ("count", 20, 20, 2, "must be different"),
        ("count", 20, 10, 0, "min_frames"),
    ],
)
def test_impossible_rules_are_refused(
    does: str, enter: float, leave: float, frames: int, message: str
) -> None:
    """A rule that could never work is refused with its reason."""
    with pytest.raises(ValueError, match=message):
        Tracker(does, enter=enter, leave=leave, min_frames=frames)  # type: ignore[arg-type]


def test_catalogue_rules_are_the_workbooks_own_and_name_known_measures() -> None:
    """Every exercise has a coach rule, marked as the workbook's, naming a measure the view knows."""
    catalog = load_catalog()
    does = {}
    for exercise in catalog.values():
        rule = exercise.coach
        assert rule is not None, exercise.id
        assert rule.source == "workbook"
        assert rule.measure in MEASURES
        does[exercise.id] = rule.does
    assert does == {
        "bridge": "count",
        "partial-crunches": "count",
        "hamstring-stretch": "position",
        "lower-back-rotational-stretch": "position",
    }


def test_the_catalogues_measure_names_match_the_measures() -> None:
    """The catalogue's choice of measures is exactly the list the coach computes."""
    import typing

    hints = typing.get_type_hints(CoachRule, include_extras=True)
    literal = typing.get_args(hints["measure"])[0]
    assert set(typing.get_args(literal)) == set(MEASURES)


def test_the_view_computes_the_same_measures() -> None:
    """camera-coach.js defines a function for each measure name, and no other."""
    import re
    from pathlib import Path

    from backcare_widgets import components

    js = (Path(components.__file__).parent / "static" / "camera-coach.js").read_text()
    block = js.split("export const MEASURES = {", 1)[1].split("\n};", 1)[0]
    assert set(re.findall(r"^  (\w+): \(p\)", block, re.MULTILINE)) == set(MEASURES)


def test_rule_words_say_the_thresholds() -> None:
    """The rule shown on the page says its numbers and direction."""
    assert "rises to 20 degrees" in describe_rule("shoulder_lift", "count", 20, 10)
    words = describe_rule("knee_height", "position", 30, 38)
    assert "falls to 30 degrees" in words
    assert "above 38" in words


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("      leave_degrees: 6\n", "      leave_degrees: 12\n", "must differ from enter_degrees"),
        ("      measure: shoulder_lift\n", "      measure: smile\n", "measure"),
        (
            "    coach:\n      source: workbook\n      does: count\n      measure: shoulder_lift\n",
            "    coach:\n      source: seed\n      does: count\n      measure: shoulder_lift\n",
            "source",
        ),
        ("      enter_degrees: 12\n", "      enter_degrees: 400\n", "enter_degrees"),
    ],
)
def test_a_broken_rule_is_named_where_the_catalogue_is_checked(
    tmp_path: Path, old: str, new: str, words: str
) -> None:
    """A coach rule is validated with the catalogue: the message names the exercise and field."""
    from backcare_widgets.data.catalog import CatalogError, default_catalog_path

    text = default_catalog_path().read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "exercises.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    message = str(info.value)
    assert "partial-crunches" in message
    assert "coach" in message
    assert words in message
