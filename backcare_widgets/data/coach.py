"""The camera coach's rules: what is measured, and when a repetition or a position counts.

The browser runs the pose model and turns each frame into a few angles (the *measures* named
below, in degrees); it sends only those numbers, never a picture. This module holds the one
state machine that reads them, in plain Python so it is tested without a browser: feed it a
sequence of measures and it says how many repetitions were counted, or whether the position is
held. Thresholds come from the catalogue (``coach:`` in ``data/exercises.yaml``), where an
educator can read and change them; they are the workbook's own defaults, not the source text's.

A rule has two thresholds, so a measure hovering around one value cannot count twice
(hysteresis): ``enter_degrees`` is where the moved position begins, ``leave_degrees`` where it
ends. When ``enter`` is above ``leave`` the measure rises into the position (shoulders lift);
when below, it falls into it. A change counts only after ``min_frames`` frames in a row agree,
so one noisy frame changes nothing. A frame where the model did not see the body well enough
gives no value (``None``): it neither confirms nor breaks a run of frames.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "MEASURES",
    "SIDES",
    "CoachState",
    "Measure",
    "Tracker",
    "describe_rule",
]

#: The sides a measure can report: the person's left or right, or "any" for one reading of both.
SIDES = ("left", "right", "any")


@dataclass(frozen=True)
class Measure:
    """One angle the browser computes from the pose model's keypoints, in plain words.

    Attributes
    ----------
    name : str
        The name the catalogue uses (``measure: shoulder_lift``) and the browser computes.
    words : str
        What it is, for an educator reading the catalogue or a page.
    sides : tuple of str
        What the browser reports: ``("any",)`` for one value, else per side.
    """

    name: str
    words: str
    sides: tuple[str, ...] = ("any",)


#: Every measure the browser knows how to compute (``static/camera-coach.js`` has the same names).
MEASURES: dict[str, Measure] = {
    measure.name: measure
    for measure in (
        Measure(
            "shoulder_lift",
            "how far the shoulders are lifted: the angle of the hip-to-shoulder line above the "
            "floor, in degrees (0 lying flat)",
        ),
        Measure(
            "hip_lift",
            "how far the hips are lifted: the angle at the hip between the shoulder and the "
            "knee, in degrees (about 130 lying with knees bent, 180 in a straight line)",
        ),
        Measure(
            "leg_raise",
            "how far a straight leg is raised: the angle of the hip-to-ankle line above the "
            "floor, in degrees, for the higher straight leg (knee angle 140 or more; 0 on the "
            "mat)",
        ),
        Measure(
            "knee_height",
            "how upright the bent knees are: the angle of the hip-to-knee line above the floor, "
            "in degrees (about 45 with knees up, lower as the knees roll to a side)",
        ),
    )
}


def describe_rule(
    measure: str, does: Literal["count", "position"], enter: float, leave: float
) -> str:
    """Say a rule in plain words, the same on a page and in the catalogue's checks.

    Examples
    --------
    >>> describe_rule("shoulder_lift", "count", 20, 10)[:58]
    'Counts one repetition each time the shoulder lift rises to'
    """
    label = measure.replace("_", " ")
    rises = enter > leave
    to = "rises to" if rises else "falls to"
    back = "below" if rises else "above"
    if does == "count":
        return (
            f"Counts one repetition each time the {label} {to} {enter:g} degrees or more"
            f"{'' if rises else ' (less)'} and then goes back {back} {leave:g} degrees."
        )
    return (
        f"Sees the position reached when the {label} {to} {enter:g} degrees, and left when "
        f"it goes back {back} {leave:g} degrees."
    )


@dataclass
class CoachState:
    """What the tracker has decided so far (what the coach shows and sends on).

    Attributes
    ----------
    count : int
        Repetitions counted (a ``count`` rule).
    in_position : dict
        Side -> whether that side is in the moved position now.
    """

    count: int = 0
    in_position: dict[str, bool] = field(default_factory=dict)


class Tracker:
    """The state machine: reads measures frame by frame, counts repetitions or sees a position.

    Parameters
    ----------
    does : {"count", "position"}
        Count repetitions (into and back out of the moved position), or report the position.
    enter, leave : float
        The thresholds in degrees (see the module's docstring); they must differ.
    min_frames : int
        Frames in a row that must agree before the state changes (1 or more).

    Examples
    --------
    >>> tracker = Tracker("count", enter=20, leave=10, min_frames=2)
    >>> for value in [0, 5, 25, 26, 27, 5, 4, 0]:
    ...     tracker.feed({"any": value})
    >>> tracker.state.count
    1
    """

    def __init__(
        self, does: Literal["count", "position"], *, enter: float, leave: float, min_frames: int
    ) -> None:
        if does not in ("count", "position"):
            raise ValueError(f"does must be 'count' or 'position'; got {does!r}")
        if not (math.isfinite(enter) and math.isfinite(leave)) or enter == leave:
            raise ValueError(f"enter and leave must be different numbers; got {enter}, {leave}")
        if min_frames < 1:
            raise ValueError(f"min_frames must be 1 or more; got {min_frames}")
        self.does = does
        self.enter = float(enter)
        self.leave = float(leave)
        self.min_frames = int(min_frames)
        self._rises = enter > leave
        self._streak: dict[str, int] = {}
        self.state = CoachState()

    def reset(self) -> None:
        """Forget everything: no count, nobody in position (a new set)."""
        self._streak = {}
        self.state = CoachState()

    def _reached(self, value: float) -> bool:
        return value >= self.enter if self._rises else value <= self.enter

    def _left(self, value: float) -> bool:
        return value <= self.leave if self._rises else value >= self.leave

    def feed(self, values: dict[str, float | None]) -> CoachState:
        """Read one frame's measures (side -> degrees, or None where the body was not seen).

        Returns
        -------
        CoachState
            The state after this frame (the same object, updated).
        """
        for side, value in values.items():
            if side not in SIDES:
                continue
            if value is None or not isinstance(value, int | float) or not math.isfinite(value):
                continue  # not seen: neither confirms nor breaks a run of frames
            inside = self.state.in_position.get(side, False)
            changing = self._left(value) if inside else self._reached(value)
            streak = self._streak.get(side, 0) + 1 if changing else 0
            if streak >= self.min_frames:
                streak = 0
                self.state.in_position[side] = not inside
                if inside and self.does == "count":
                    self.state.count += 1  # lifted, then lowered: one repetition
            self._streak[side] = streak
        return self.state

    def sides_in_position(self) -> list[str]:
        """Return the sides in position now, in a fixed order."""
        return [side for side in SIDES if self.state.in_position.get(side)]
