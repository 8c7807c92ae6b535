"""HoldTimer: a get-ready, hold and rest timer that counts in the browser and speaks its cues.

Time is kept by the browser (``performance.now()``), never by Python, so the count stays right
while the kernel is busy. Python sets the targets; the view walks the plan Python lays out
(``backcare_widgets.components.hold_plan``), syncs ``remaining_s`` on whole seconds, and appends each
finished (or stopped) hold to ``holds`` with the seconds actually held.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets
from ipywidgets import CallbackDispatcher

from backcare_widgets.components import hold_plan as _hold_plan
from backcare_widgets.components.hold_plan import Step, build_plan

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Hold", "HoldTimer", "TimerResult"]

_STATIC = Path(__file__).parent / "static"

STATUSES = ("idle", "running", "paused", "done", "stopped")
PHASES = ("idle", "get_ready", "hold", "rest", "done")
_TARGETS = (
    "hold_seconds",
    "repeats",
    "sides",
    "get_ready_seconds",
    "rest_seconds",
    "side_word",
    "alternate_sides",
    "to_side_cue",
    "to_middle_cue",
)


@dataclass(frozen=True)
class Hold:
    """One hold as the browser measured it.

    Attributes
    ----------
    side : str or None
        ``"left"``, ``"right"`` or None.
    repeat : int
        Which hold of the side (1-based).
    seconds : float
        Seconds actually held (paused time excluded).
    target_s : int
        Seconds the hold was meant to last.
    completed : bool
        False when the set was stopped during this hold.
    """

    side: str | None
    repeat: int
    seconds: float
    target_s: int
    completed: bool

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Hold:
        """Read one entry of :attr:`HoldTimer.holds`."""
        return cls(
            side=data.get("side"),
            repeat=int(data["repeat"]),
            seconds=float(data["seconds"]),
            target_s=int(data["target_s"]),
            completed=bool(data["completed"]),
        )


@dataclass(frozen=True)
class TimerResult:
    """How a set on the timer ended, passed to :meth:`HoldTimer.on_complete` callbacks.

    Attributes
    ----------
    finished : bool
        True if every hold ran to the end; False if the set was stopped early.
    holds : tuple of Hold
        The holds in order; a hold cut short is there with ``completed=False``.
    """

    finished: bool
    holds: tuple[Hold, ...]


def _count_trait(default: int, help_text: str) -> traitlets.Int[int, int]:
    return traitlets.Int(default, help=help_text).tag(sync=True)


class HoldTimer(anywidget.AnyWidget):
    """A hands-free hold timer: get ready, hold, rest, through every repeat and side.

    Parameters
    ----------
    hold_seconds : int
        Length of each hold, 1 to 600 s.
    repeats : int
        Holds per side (or in all, without sides), 1 to 100.
    sides : sequence of str
        ``("left", "right")`` for exercises done on each side, else empty.
    get_ready_seconds : int
        Countdown after pressing start, so there is time to lie down (0 to 600 s).
    rest_seconds : int
        Rest between holds (0 to 600 s).
    side_word : str
        What the sides are, as shown: ``"Left leg - hold 2 of 5"`` with ``"leg"``.
    alternate_sides : bool
        Take the sides in turns, hold by hold, coming back to the middle between (the lower back
        rotational stretch), instead of every hold of one side first.
    to_side_cue, to_middle_cue : str
        With ``alternate_sides``: what is said before each hold (``{side}`` is filled in) and
        after it, e.g. ``"Roll your knees to the {side}"`` and ``"Back to the middle"``.
    title : str
        Shown above the timer, e.g. the exercise name.
    muted : bool
        Start with sound (beeps and voice) off.
    **kwargs
        Passed to :class:`anywidget.AnyWidget`.

    Examples
    --------
    >>> timer = HoldTimer(hold_seconds=20, repeats=5, sides=("left", "right"))
    >>> timer.plan[1].detail
    'Left side - hold 1 of 5'
    """

    _esm = _STATIC / "hold-timer.js"
    _css = _STATIC / "hold-timer.css"

    hold_seconds = _count_trait(20, "Length of each hold, in seconds (1-600).")
    repeats = _count_trait(1, "Holds per side, or in all without sides (1-100).")
    get_ready_seconds = _count_trait(5, "Countdown after start, before the first hold, in seconds.")
    rest_seconds = _count_trait(5, "Rest between holds, in seconds.")
    sides = traitlets.List(
        traitlets.Unicode(), help="Sides in order, e.g. ['left', 'right']; empty for none."
    ).tag(sync=True)
    side_word = traitlets.Unicode("side", help="What the sides are ('side', 'leg').").tag(sync=True)
    alternate_sides = traitlets.Bool(
        False, help="Whether the sides take turns hold by hold, back to the middle between."
    ).tag(sync=True)
    to_side_cue = traitlets.Unicode(
        "", help="Said before each hold of alternating sides; {side} is filled in."
    ).tag(sync=True)
    to_middle_cue = traitlets.Unicode(
        "", help="Said after each hold of alternating sides, e.g. 'Back to the middle'."
    ).tag(sync=True)
    title = traitlets.Unicode("", help="Heading shown above the timer.").tag(sync=True)
    muted = traitlets.Bool(False, help="Whether beeps and spoken cues are off.").tag(sync=True)

    wait_for_position = traitlets.Bool(
        False,
        help="Whether a hold waits for the camera coach to see the position (get-ready and rest "
        "end when it is reached, and wait past their time until it is).",
    ).tag(sync=True)
    position_sides = traitlets.List(
        traitlets.Unicode(),
        help="Sides the camera coach sees in position now: 'left', 'right' or 'any'.",
    ).tag(sync=True)

    status = traitlets.Enum(
        STATUSES, "idle", help="idle, running, paused, done (all holds ran) or stopped (early)."
    ).tag(sync=True)
    phase = traitlets.Enum(PHASES, "idle", help="The step now running.").tag(sync=True)
    step_index = traitlets.Int(0, help="Index of the current step in the plan.").tag(sync=True)
    remaining_s = traitlets.Int(
        0, help="Whole seconds left in the current step (synced on whole seconds only)."
    ).tag(sync=True)
    holds = traitlets.List(
        traitlets.Dict(),
        help="Holds of this set as the browser measured them: side, repeat, seconds, target_s, "
        "completed (False when stopped during the hold).",
    ).tag(sync=True)
    _plan = traitlets.List(traitlets.Dict(), help="The steps the view walks through.").tag(
        sync=True
    )

    def __init__(
        self,
        *,
        hold_seconds: int = 20,
        repeats: int = 1,
        sides: tuple[str, ...] | list[str] = (),
        get_ready_seconds: int = 5,
        rest_seconds: int = 5,
        side_word: str = "side",
        alternate_sides: bool = False,
        to_side_cue: str = "",
        to_middle_cue: str = "",
        title: str = "",
        muted: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            hold_seconds=hold_seconds,
            repeats=repeats,
            sides=list(sides),
            get_ready_seconds=get_ready_seconds,
            rest_seconds=rest_seconds,
            side_word=side_word,
            alternate_sides=alternate_sides,
            to_side_cue=to_side_cue,
            to_middle_cue=to_middle_cue,
            title=title,
            muted=muted,
            **kwargs,
        )
        self._hold_handlers = CallbackDispatcher()
        self._complete_handlers = CallbackDispatcher()
        self._replan()
        self.observe(self._on_holds_change, names="holds")
        self.observe(self._on_status_change, names="status")

    # --- validation (next to the traits it guards) ---------------------------------------------

    @traitlets.validate("hold_seconds", "repeats", "get_ready_seconds", "rest_seconds")
    def _validate_count(self, proposal: dict[str, Any]) -> int:
        name = proposal["trait"].name
        self._refuse_while_running(name)
        low = 1 if name in ("hold_seconds", "repeats") else 0
        try:
            return _hold_plan.check_count(name, proposal["value"], low)
        except (TypeError, ValueError) as exc:
            raise traitlets.TraitError(str(exc)) from None

    @traitlets.validate("sides")
    def _validate_sides(self, proposal: dict[str, Any]) -> list[str]:
        self._refuse_while_running("sides")
        try:
            return list(_hold_plan.check_sides(proposal["value"]))
        except ValueError as exc:
            raise traitlets.TraitError(str(exc)) from None

    @traitlets.validate("alternate_sides", "to_side_cue", "to_middle_cue")
    def _validate_alternation(self, proposal: dict[str, Any]) -> object:
        self._refuse_while_running(proposal["trait"].name)
        return proposal["value"]

    @traitlets.validate("side_word")
    def _validate_side_word(self, proposal: dict[str, Any]) -> str:
        self._refuse_while_running("side_word")
        word: str = proposal["value"].strip()
        if not word:
            raise traitlets.TraitError("side_word must not be empty (e.g. 'side' or 'leg')")
        return word

    def _refuse_while_running(self, name: str) -> None:
        if self.status in ("running", "paused"):
            raise traitlets.TraitError(
                f"cannot change {name} while a set is {self.status}; stop it or call reset()"
            )

    @traitlets.observe(*_TARGETS)
    def _targets_changed(self, change: dict[str, Any]) -> None:
        if getattr(self, "_hold_handlers", None) is not None:  # after __init__
            self._replan()

    def _replan(self) -> None:
        plan = build_plan(
            hold_seconds=self.hold_seconds,
            repeats=self.repeats,
            sides=tuple(self.sides),
            get_ready_seconds=self.get_ready_seconds,
            rest_seconds=self.rest_seconds,
            side_word=self.side_word,
            alternate=self.alternate_sides,
            to_side=self.to_side_cue,
            to_middle=self.to_middle_cue,
        )
        self._steps = plan
        self._plan = [step.to_json() for step in plan]
        if self.status == "idle":
            self.remaining_s = plan[0].duration_s

    # --- reading the state ---------------------------------------------------------------------

    @property
    def plan(self) -> tuple[Step, ...]:
        """The steps of a set, in order (the view walks exactly these)."""
        return tuple(self._steps)

    @property
    def current_step(self) -> Step:
        """The step the browser last reported as running."""
        return self._steps[min(self.step_index, len(self._steps) - 1)]

    @property
    def finished_holds(self) -> tuple[Hold, ...]:
        """The holds of this set reported so far."""
        return tuple(Hold.from_json(entry) for entry in self.holds)

    # --- commands and events -------------------------------------------------------------------

    def reset(self) -> None:
        """Return to the start of a set (the view stops counting, the holds are cleared).

        Audio cannot start without a tap, so starting is left to the person, in the browser.
        """
        with self.hold_trait_notifications():
            self.status = "idle"
            self.phase = "idle"
            self.step_index = 0
            self.holds = []
            self.remaining_s = self._steps[0].duration_s

    def on_hold(self, callback: Callable[[Hold], Any], remove: bool = False) -> None:
        """Register a function to call with each hold the browser reports.

        Parameters
        ----------
        callback : callable
            Called as ``callback(hold)`` with a :class:`Hold`.
        remove : bool
            Unregister ``callback`` instead.
        """
        self._hold_handlers.register_callback(callback, remove=remove)

    def on_complete(self, callback: Callable[[TimerResult], Any], remove: bool = False) -> None:
        """Register a function to call when a set ends, run through or stopped early.

        Parameters
        ----------
        callback : callable
            Called as ``callback(result)`` with a :class:`TimerResult`.
        remove : bool
            Unregister ``callback`` instead.
        """
        self._complete_handlers.register_callback(callback, remove=remove)

    def _on_holds_change(self, change: dict[str, Any]) -> None:
        old, new = change["old"] or [], change["new"] or []
        if len(new) > len(old) and new[: len(old)] == old:
            for entry in new[len(old) :]:
                self._hold_handlers(Hold.from_json(entry))

    def _on_status_change(self, change: dict[str, Any]) -> None:
        if change["new"] in ("done", "stopped"):
            result = TimerResult(finished=change["new"] == "done", holds=self.finished_holds)
            self._complete_handlers(result)

    @traitlets.validate("holds")
    def _validate_holds(self, proposal: dict[str, Any]) -> list[dict[str, Any]]:
        holds: list[dict[str, Any]] = proposal["value"]
        for entry in holds:
            try:
                Hold.from_json(entry)
            except (KeyError, TypeError, ValueError) as exc:
                raise traitlets.TraitError(f"holds: malformed entry {entry!r} ({exc})") from None
        return holds
