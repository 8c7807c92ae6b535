"""PoseAnimation's Python side: traits, their sync metadata, validation and following a timer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import traitlets

from backcare_widgets import HoldTimer, PoseAnimation
from backcare_widgets.components.pose_animation import PHASES, TIMER_PHASES
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.views.figures import scene

CATALOG = load_catalog()

STATIC = Path(__file__).resolve().parents[2] / "backcare_widgets" / "components" / "static"


def test_traits_sync_to_the_view() -> None:
    animation = PoseAnimation(CATALOG["bridge"])
    for name in (
        "exercise_id",
        "phase",
        "move_s",
        "title",
        "description",
        "_frames",
        "_paints",
        "_view_box",
        "_scenery",
    ):
        assert animation.has_trait(name)
        assert animation.trait_metadata(name, "sync") is True
        assert animation.trait_metadata(name, "help")
    assert animation.phase == "loop"
    assert animation.move_s == 2.0


def test_frames_come_from_the_scene() -> None:
    animation = PoseAnimation(CATALOG["hamstring-stretch"], frame_count=7)
    drawn = scene(CATALOG["hamstring-stretch"], count=7)
    assert len(animation._frames) == 7
    assert animation._frames[0] == [v for shape in drawn.frames[0] for v in shape]
    assert len(animation._paints) == len(drawn.paints)
    assert all(len(frame) == 6 * len(animation._paints) for frame in animation._frames)
    assert animation._view_box == list(drawn.view_box)
    assert "Hamstring stretch" in animation.title
    assert drawn.alt_start in animation.description
    assert drawn.alt_end in animation.description
    state = animation.get_state()
    assert state["exercise_id"] == "hamstring-stretch"
    assert len(state["_frames"]) == 7


def test_changing_the_exercise_lays_out_again() -> None:
    animation = PoseAnimation(CATALOG["bridge"], frame_count=3)
    before = animation._frames
    animation.exercise = CATALOG["partial-crunches"]
    assert animation._frames != before
    assert "Partial crunches" in animation.title
    assert animation.exercise_id == "partial-crunches"
    assert animation.get_state()["exercise_id"] == "partial-crunches"


def test_bad_settings_are_refused() -> None:
    with pytest.raises(traitlets.TraitError):
        PoseAnimation(CATALOG["bridge"], phase="bouncing")
    animation = PoseAnimation(CATALOG["bridge"])
    with pytest.raises(traitlets.TraitError, match="move_s"):
        animation.move_s = 0
    with pytest.raises(ValueError, match="frame_count"):
        PoseAnimation(CATALOG["bridge"], frame_count=1)
    with pytest.raises(traitlets.TraitError, match="exercise"):
        PoseAnimation("bridge")  # type: ignore[arg-type]  # an id: look it up first
    with pytest.raises(traitlets.TraitError, match="read-only"):
        animation.exercise_id = "partial-crunches"  # set by the record, never alone
    for phase in PHASES:
        animation.phase = phase


def test_follows_a_hold_timer() -> None:
    timer = HoldTimer(hold_seconds=5)
    animation = PoseAnimation(CATALOG["bridge"])
    animation.follow(timer)
    assert animation.phase == "loop"  # the timer is idle
    for timer_phase, expected in TIMER_PHASES.items():
        timer.phase = timer_phase
        assert animation.phase == expected
    animation.follow(None)
    timer.phase = "hold"
    assert animation.phase == TIMER_PHASES["done"]  # no longer following


def test_view_files_are_plain_modules_with_scoped_css() -> None:
    js = (STATIC / "pose-animation.js").read_text(encoding="utf-8")
    assert "export function render" in js
    assert "export default" in js
    assert "prefers-reduced-motion" in js
    assert not re.search(r"""import\s.*from\s+["']https?:""", js)
    css = (STATIC / "pose-animation.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    selectors = [s.strip() for block in re.findall(r"([^{}]+)\{", css) for s in block.split(",")]
    assert selectors
    assert all(s.startswith(".backcare-pose-animation") for s in selectors)
