"""RepCounter: reps and sets counted against the target, with plus and minus, per side.

State: ``reps`` (this set, this side), ``set_number``, ``side``, and the targets. Counts per side
are kept, so switching side and back does not lose a count.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import traitlets

from backcare_widgets.views.style import styled_html, with_style

__all__ = ["RepCounter"]

MAX_REPS = 999


class RepCounter(widgets.VBox):
    """A plus/minus counter of repetitions against a target, per set and per side.

    Parameters
    ----------
    target_reps : int
        Repetitions aimed for in each set (per side), 1 to 999.
    target_sets : int
        Sets aimed for, 1 or more.
    sides : sequence of str
        ``("left", "right")`` for exercises done on each side, else empty.
    **kwargs
        Passed to :class:`ipywidgets.VBox`.
    """

    reps = traitlets.Int(0, help="Repetitions done in this set on this side (0-999, clamped).")
    target_reps = traitlets.Int(10, help="Repetitions aimed for per set (and side).")
    set_number = traitlets.Int(
        1, min=1, help="The set being counted (1-based)."
    )  # traitlets refuses 0
    target_sets = traitlets.Int(1, help="Sets aimed for.")
    sides = traitlets.List(traitlets.Unicode(), help="Sides in order, or empty for none.")
    side = traitlets.Unicode(None, allow_none=True, help="The side being counted, or None.")
    unit = traitlets.Unicode(
        "Repetitions", help="What is counted, in the dose model's words: Repetitions or Holds."
    )

    def __init__(
        self,
        *,
        target_reps: int = 10,
        target_sets: int = 1,
        sides: tuple[str, ...] | list[str] = (),
        **kwargs: Any,
    ) -> None:
        self._counts: dict[str | None, int] = {}
        self._minus = widgets.Button(description="\N{MINUS SIGN} 1", tooltip="One repetition fewer")
        self._plus = widgets.Button(description="+ 1", tooltip="One repetition more")
        for button in (self._minus, self._plus):
            button.add_class("backcare-button")
        self._count = widgets.HTML()
        self._set = styled_html()  # carries the stylesheet the buttons' classes need
        self._side = widgets.ToggleButtons(description="Side", options=[("None", None)])
        self._side.add_class("backcare-side-switch")
        super().__init__(**kwargs)
        self.add_class("backcare-rep-counter")
        self.target_reps = target_reps
        self.target_sets = target_sets
        self.sides = list(sides)
        self._minus.on_click(lambda _button: self.decrement())
        self._plus.on_click(lambda _button: self.increment())
        self._side.observe(lambda change: setattr(self, "side", change["new"]), names="value")
        self._layout_children()
        self._show()

    # --- validation ----------------------------------------------------------------------------

    @traitlets.validate("reps")
    def _validate_reps(self, proposal: dict[str, Any]) -> int:
        return min(max(int(proposal["value"]), 0), MAX_REPS)  # a tap too many is clamped

    @traitlets.validate("target_reps", "target_sets")
    def _validate_target(self, proposal: dict[str, Any]) -> int:
        name = proposal["trait"].name
        value: int = proposal["value"]  # an int already: the Int trait checked its type
        if isinstance(value, bool) or not 1 <= value <= MAX_REPS:
            raise traitlets.TraitError(f"{name} must be from 1 to {MAX_REPS}; got {value!r}")
        return value

    @traitlets.validate("sides")
    def _validate_sides(self, proposal: dict[str, Any]) -> list[str]:
        sides = list(proposal["value"])
        if any(side not in ("left", "right") for side in sides) or len(set(sides)) != len(sides):
            raise traitlets.TraitError(
                f"sides must be 'left' and/or 'right' once each; got {sides}"
            )
        return sides

    @traitlets.validate("side")
    def _validate_side(self, proposal: dict[str, Any]) -> str | None:
        side: str | None = proposal["value"]
        allowed: list[str | None] = [*self.sides] or [None]
        if side not in allowed:
            raise traitlets.TraitError(f"side must be one of {allowed}; got {side!r}")
        return side

    # --- reactions -----------------------------------------------------------------------------

    @traitlets.observe("sides")
    def _sides_changed(self, change: dict[str, Any]) -> None:
        self._counts = {}
        self._side.options = [(side.capitalize(), side) for side in self.sides] or [("None", None)]
        self.side = self.sides[0] if self.sides else None
        self.reps = 0
        self._layout_children()

    @traitlets.observe("side")
    def _side_changed(self, change: dict[str, Any]) -> None:
        self._counts[change["old"]] = self.reps
        self.reps = self._counts.get(change["new"], 0)
        self._side.value = change["new"]
        self._show()

    @traitlets.observe("reps", "target_reps", "set_number", "target_sets", "unit")
    def _counts_changed(self, change: dict[str, Any]) -> None:
        self._counts[self.side] = self.reps
        self._show()

    def _layout_children(self) -> None:
        if not hasattr(self, "_side"):
            return
        row = widgets.HBox([self._minus, self._count, self._plus])
        self.children = [self._set, row, *([self._side] if self.sides else [])]

    def _show(self) -> None:
        if not hasattr(self, "_count"):
            return
        side = f", {self.side} side" if self.side else ""
        self._count.value = (
            f"<span class='backcare-counter__count' role='status'>"
            f"{self.reps} of {self.target_reps}</span>"
        )
        self._set.value = with_style(
            f"<p class='backcare-counter__heading'><strong>{self.unit}</strong>: "
            f"set {self.set_number} of {self.target_sets}{side}</p>"
        )
        self._minus.disabled = self.reps == 0

    # --- commands ------------------------------------------------------------------------------

    @property
    def counts(self) -> dict[str | None, int]:
        """Repetitions done in this set, per side (None without sides)."""
        sides: list[str | None] = [*self.sides] or [None]
        return {side: self._counts.get(side, 0) for side in sides}

    def increment(self) -> None:
        """Count one more repetition."""
        self.reps += 1

    def decrement(self) -> None:
        """Take one repetition back (never below 0)."""
        self.reps -= 1

    def next_set(self) -> None:
        """Start counting the next set, from the first side."""
        self.set_number += 1
        self._counts = {}
        if self.sides and self.side != self.sides[0]:
            self.side = self.sides[0]
        self._counts = {}
        self.reps = 0
