"""CameraCoach: an opt-in camera that counts repetitions or sees a position, in the browser only.

Off by default. Turned on, the view asks for the camera, loads the pose model (the MIT-licensed
``@vladmandic/human`` library, served by the workbook itself and imported only now), and turns
each frame into one angle per side. Only those numbers reach the kernel, about 12 times a
second, as small messages; the picture stays in the browser, where a small mirrored preview
shows it with the body outline the model found. Turning it off stops the camera track (the
camera's light goes out). Without a camera, when it is refused, or when the model does not load,
the view says so in one line and everything else works as before.

Python holds the rule (from the catalogue) and the one state machine
(:class:`backcare_widgets.data.coach.Tracker`); it publishes ``count`` and ``in_position``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

from backcare_widgets.data.coach import MEASURES, Tracker, describe_rule

if TYPE_CHECKING:
    from backcare_widgets.data.catalog import CoachRule

__all__ = ["COACH_WORDS", "CameraCoach"]

_STATIC = Path(__file__).parent / "static"

STATUSES = ("off", "starting", "on", "no_camera", "refused", "failed")
#: The plain explanation shown beside the switch, before the camera is asked for.
COACH_WORDS = "The picture stays in this browser; nothing is recorded or sent."
#: The most measures a message may carry (one per side): anything bigger is not a measure.
_MAX_VALUES = 3


class CameraCoach(anywidget.AnyWidget):
    """The camera coach for one exercise's rule.

    Parameters
    ----------
    rule : CoachRule
        The exercise's ``coach:`` rule from the catalogue.
    title : str
        What the coach is for, e.g. the exercise's name.
    **kwargs
        Passed to :class:`anywidget.AnyWidget`.
    """

    _esm = _STATIC / "camera-coach.js"
    _css = _STATIC / "camera-coach.css"

    enabled = traitlets.Bool(
        False, help="Whether the person turned the coach on (the view's switch)."
    ).tag(sync=True)
    status = traitlets.Enum(
        STATUSES,
        "off",
        help="off, starting, on (camera and model running), no_camera, refused or failed.",
    ).tag(sync=True)
    message = traitlets.Unicode("", help="One line on what the coach is doing or why not.").tag(
        sync=True
    )
    title = traitlets.Unicode("", help="What the coach is for, e.g. the exercise's name.").tag(
        sync=True
    )
    does = traitlets.Enum(
        ("count", "position"), "count", help="Count repetitions, or see the position."
    ).tag(sync=True)
    measure = traitlets.Unicode(
        "shoulder_lift", help="The angle the view computes (a name in data.coach.MEASURES)."
    ).tag(sync=True)
    rule_words = traitlets.Unicode("", help="The rule in plain words, shown on the page.").tag(
        sync=True
    )
    backend = traitlets.Enum(
        ("wasm", "webgl", "cpu"),
        "wasm",
        help="The pose model's backend tried first: wasm (fast on a CPU), webgl (needs a GPU) "
        "or cpu; the view falls back to the others.",
    ).tag(sync=True)
    rate_hz = traitlets.Int(12, help="Most measures sent to the kernel a second (1-30).").tag(
        sync=True
    )
    count = traitlets.Int(0, help="Repetitions counted since the last reset.").tag(sync=True)
    in_position = traitlets.List(
        traitlets.Unicode(), help="Sides in the position now: 'left', 'right' or 'any'."
    ).tag(sync=True)
    fps = traitlets.Float(
        0.0, help="Frames the pose model read per second (the view reports)."
    ).tag(sync=True)
    frames = traitlets.Int(0, help="Measures received since the coach was turned on.")

    def __init__(self, rule: CoachRule, *, title: str = "", **kwargs: Any) -> None:
        super().__init__(
            title=title,
            does=rule.does,
            measure=rule.measure,
            rule_words=describe_rule(
                rule.measure, rule.does, rule.enter_degrees, rule.leave_degrees
            ),
            **kwargs,
        )
        self.rule = rule
        self.tracker = Tracker(
            rule.does,
            enter=rule.enter_degrees,
            leave=rule.leave_degrees,
            min_frames=rule.min_frames,
        )
        self.on_msg(self._on_view_message)
        self.observe(self._on_enabled, names="enabled")

    @traitlets.validate("measure")
    def _validate_measure(self, proposal: dict[str, Any]) -> str:
        name: str = proposal["value"]
        if name not in MEASURES:
            raise traitlets.TraitError(f"measure must be one of {sorted(MEASURES)}; got {name!r}")
        return name

    @traitlets.validate("rate_hz")
    def _validate_rate(self, proposal: dict[str, Any]) -> int:
        return min(max(int(proposal["value"]), 1), 30)

    def reset(self) -> None:
        """Start counting afresh (a new set); the camera stays as it is."""
        self.tracker.reset()
        with self.hold_trait_notifications():
            self.count = 0
            self.in_position = []

    def feed(self, values: dict[str, float | None]) -> None:
        """Read one frame's measures, as the view sends them, and publish the new state."""
        state = self.tracker.feed(values)
        self.frames += 1
        if state.count != self.count:
            self.count = state.count
        sides = self.tracker.sides_in_position()
        if sides != self.in_position:
            self.in_position = sides

    def _on_enabled(self, change: dict[str, Any]) -> None:
        if not change["new"]:
            self.tracker.reset()
            self.in_position = []  # a camera turned off sees nobody in position

    def _on_view_message(self, _widget: Any, content: Any, buffers: Any) -> None:
        """Take a measure message: numbers only; anything else (or any buffer) is dropped."""
        if buffers or not isinstance(content, dict) or content.get("type") != "measure":
            return
        values = content.get("values")
        if not isinstance(values, dict) or len(values) > _MAX_VALUES or not self.enabled:
            return
        clean: dict[str, float | None] = {}
        for side, value in values.items():
            if value is None:
                clean[str(side)] = None
            elif isinstance(value, int | float) and not isinstance(value, bool):
                clean[str(side)] = float(value) if math.isfinite(value) else None
            else:
                return
        self.feed(clean)
