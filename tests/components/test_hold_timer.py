"""HoldTimer's Python side: targets, validation, the plan the view walks, and hold reports."""

from __future__ import annotations

import pytest
import traitlets

from backcare_widgets.components.hold_plan import build_plan, hold_title, locate, total_seconds
from backcare_widgets.components.hold_timer import Hold, HoldTimer, TimerResult


def test_traits_are_synced_and_documented():
    timer = HoldTimer()
    for name in (
        "hold_seconds",
        "repeats",
        "sides",
        "get_ready_seconds",
        "rest_seconds",
        "muted",
        "status",
        "phase",
        "remaining_s",
        "holds",
        "_plan",
    ):
        assert timer.has_trait(name)
        assert timer.trait_metadata(name, "sync") is True, name
        assert timer.trait_metadata(name, "help"), name
    state = timer.get_state()
    assert state["status"] == "idle"
    assert state["_esm"].startswith("// @ts-check")
    assert ".backcare-hold-timer" in state["_css"]


def test_defaults_give_a_five_second_get_ready():
    timer = HoldTimer(hold_seconds=20, repeats=5, sides=("left", "right"))
    assert timer.get_ready_seconds == 5
    assert timer.plan[0].phase == "get_ready"
    assert timer.plan[0].duration_s == 5
    assert timer.remaining_s == 5
    assert timer.sides == ["left", "right"]


def test_plan_walks_repeats_and_sides_with_what_comes_next():
    plan = build_plan(
        hold_seconds=20, repeats=2, sides=("left", "right"), get_ready_seconds=5, rest_seconds=4
    )
    assert [(s.phase, s.side, s.repeat) for s in plan] == [
        ("get_ready", "left", 1),
        ("hold", "left", 1),
        ("rest", "left", 2),
        ("hold", "left", 2),
        ("get_ready", "right", 1),
        ("hold", "right", 1),
        ("rest", "right", 2),
        ("hold", "right", 2),
        ("done", "right", 2),
    ]
    assert plan[0].detail == "Next: Left side - hold 1 of 2"
    assert plan[1].detail == "Left side - hold 1 of 2"
    assert plan[1].then == "Then: rest 4 s"
    assert plan[2].detail == "Next: Left side - hold 2 of 2"
    assert plan[3].then == "Then: switch to the right side"
    assert plan[4].label == "Switch sides"
    assert plan[4].cues == ("Relax", "Switch sides")
    assert plan[4].fallback_beeps == 2
    assert plan[7].then == "Then: set complete"
    assert plan[1].cues == ("Hold",)
    assert plan[2].cues == ("Relax",)
    assert plan[-1].duration_s == 0
    assert [s.start_s for s in plan] == [0, 5, 25, 29, 49, 54, 74, 78, 98]
    assert total_seconds(plan) == 98


def test_alternating_sides_take_turns_and_say_which_way_to_go():
    plan = build_plan(
        hold_seconds=5,
        repeats=2,
        sides=("left", "right"),
        get_ready_seconds=3,
        rest_seconds=2,
        alternate=True,
        to_side="roll your knees to the {side}",
        to_middle="back to the middle",
    )
    assert [(s.phase, s.side, s.repeat) for s in plan] == [
        ("get_ready", "left", 1),
        ("hold", "left", 1),
        ("rest", "right", 1),
        ("hold", "right", 1),
        ("rest", "left", 2),
        ("hold", "left", 2),
        ("rest", "right", 2),
        ("hold", "right", 2),
        ("done", "right", 2),
    ]
    assert plan[0].detail == "Next: Left side - hold 1 of 2. Roll your knees to the left."
    assert plan[0].then == "Then: hold 5 s, left side"
    assert plan[1].then == "Then: back to the middle"
    assert plan[2].label == "Back to the middle"
    assert plan[2].cues == ("Back to the middle.", "Roll your knees to the right.")
    assert plan[2].then == "Then: hold 5 s, right side"
    assert plan[7].then == "Then: set complete"
    assert plan[-1].cues == ("Back to the middle.", "Set complete")
    assert total_seconds(plan) == 3 + 4 * 5 + 3 * 2
    # no rest set: still time to come back to the middle and roll over
    quick = build_plan(hold_seconds=5, repeats=1, sides=("left", "right"), rest_seconds=0,
                       alternate=True)  # fmt: skip
    assert [s.duration_s for s in quick if s.phase == "rest"] == [5]
    assert quick[2].detail == "Next: Right side - hold 1 of 1. Go to the right."


def test_the_rotational_stretch_alternates_as_its_source_describes():
    from backcare_widgets.data.catalog import load_catalog
    from backcare_widgets.session.guided_set import ExerciseSession

    catalog = load_catalog()
    session = ExerciseSession(catalog["lower-back-rotational-stretch"])
    sides = [s.side for s in session.timer.plan if s.phase == "hold"]
    assert sides == ["left", "right", "left", "right"]
    assert "Roll your knees to the right." in session.timer.plan[2].cues
    hamstring = ExerciseSession(catalog["hamstring-stretch"])
    sides = [s.side for s in hamstring.timer.plan if s.phase == "hold"]
    assert sides == ["left"] * 5 + ["right"] * 5  # "for each leg, repeat five times"


def test_side_word_and_no_sides():
    assert hold_title("left", 2, 5, "leg") == "Left leg - hold 2 of 5"
    assert hold_title(None, 1, 3) == "Hold 1 of 3"
    plan = build_plan(hold_seconds=3, repeats=2, get_ready_seconds=0, rest_seconds=0)
    assert [s.phase for s in plan] == ["hold", "hold", "done"]
    assert plan[0].then == "Then: hold 3 s"


def test_switching_sides_always_leaves_time_to_change_position():
    plan = build_plan(
        hold_seconds=3, repeats=1, sides=("left", "right"), get_ready_seconds=0, rest_seconds=0
    )
    switch = next(s for s in plan if s.label == "Switch sides")
    assert switch.duration_s == 5


def test_locate_matches_the_step_boundaries():
    plan = build_plan(hold_seconds=10, repeats=2, get_ready_seconds=5, rest_seconds=5)
    assert locate(plan, 0) == (0, 5)
    assert locate(plan, 4.5) == (0, 0.5)
    assert locate(plan, 5) == (1, 10)
    assert locate(plan, 15) == (2, 5)
    assert locate(plan, 30) == (4, 0.0)  # done
    assert locate(plan, 999) == (4, 0.0)


@pytest.mark.parametrize(
    ("kwargs", "trait"),
    [
        ({"hold_seconds": 0}, "hold_seconds"),
        ({"hold_seconds": -5}, "hold_seconds"),
        ({"hold_seconds": 601}, "hold_seconds"),
        ({"hold_seconds": 2.5}, "hold_seconds"),
        ({"repeats": 0}, "repeats"),
        ({"get_ready_seconds": -1}, "get_ready_seconds"),
        ({"rest_seconds": 700}, "rest_seconds"),
        ({"sides": ("left", "middle")}, "sides"),
        ({"sides": ("left", "left")}, "sides"),
        ({"side_word": "  "}, "side_word"),
    ],
)
def test_bad_targets_are_refused_at_the_call(kwargs, trait):
    with pytest.raises(traitlets.TraitError, match=trait):
        HoldTimer(**kwargs)


def test_ten_minutes_is_the_limit():
    timer = HoldTimer(hold_seconds=600)
    with pytest.raises(traitlets.TraitError, match=r"hold_seconds must be from 1 to 600"):
        timer.hold_seconds = 601
    assert timer.hold_seconds == 600


def test_changing_targets_replans():
    timer = HoldTimer(hold_seconds=10, repeats=1, get_ready_seconds=0)
    timer.hold_seconds = 30
    assert timer.plan[0].duration_s == 30
    assert timer.get_state()["_plan"][0]["duration_s"] == 30
    assert timer.remaining_s == 30


def test_targets_are_locked_while_a_set_runs():
    timer = HoldTimer()
    timer.status = "running"  # as the view reports it
    with pytest.raises(traitlets.TraitError, match="cannot change repeats while a set is running"):
        timer.repeats = 3
    timer.reset()
    timer.repeats = 3
    assert timer.repeats == 3


def test_holds_reported_by_the_view_reach_callbacks():
    timer = HoldTimer(hold_seconds=5, repeats=2, sides=("left",))
    seen: list[Hold] = []
    results: list[TimerResult] = []
    timer.on_hold(seen.append)
    timer.on_complete(results.append)
    entry1 = {"side": "left", "repeat": 1, "seconds": 5.002, "target_s": 5, "completed": True}
    entry2 = {"side": "left", "repeat": 2, "seconds": 2.4, "target_s": 5, "completed": False}
    timer.status = "running"
    timer.holds = [entry1]
    timer.holds = [entry1, entry2]
    timer.status = "stopped"
    assert seen == [Hold("left", 1, 5.002, 5, True), Hold("left", 2, 2.4, 5, False)]
    assert results == [TimerResult(finished=False, holds=tuple(seen))]
    timer.on_hold(seen.append, remove=True)
    timer.reset()
    assert timer.holds == []
    assert timer.status == "idle"


def test_malformed_holds_are_refused():
    timer = HoldTimer()
    with pytest.raises(traitlets.TraitError, match="holds"):
        timer.holds = [{"side": "left"}]


@pytest.mark.parametrize(("seconds", "said"), [(1, "1 second"), (20, "20 seconds")])
def test_live_and_spoken_holds_say_second_in_the_singular_for_one(seconds: int, said: str):
    """Issue 19: "1 second", never "1 seconds", in what the live region and the voice say."""
    holds = [s for s in build_plan(hold_seconds=seconds, repeats=2) if s.phase == "hold"]
    assert holds
    assert all(s.announce.endswith(f", {said}") for s in holds), [s.announce for s in holds]
    assert not any("1 seconds" in s.announce for s in holds)
