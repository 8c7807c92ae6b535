"""PainScale: a 0-10 numeric pain rating where "not recorded" is kept apart from 0 (no pain).

The generic 0-10 numeric rating scale (free to use, unlike licensed questionnaires). Built from
ipywidgets controls, each labelled for screen readers; the state is the ``value`` trait.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import traitlets

__all__ = ["PainScale"]

LOW_LABEL = "0 = no pain"
HIGH_LABEL = "10 = worst pain you can imagine"


def check_pain(name: str, value: object) -> int | None:
    """Return a pain score if it is a whole number 0-10 or None; the message names ``name``.

    Raises
    ------
    traitlets.TraitError
        If ``value`` is anything else.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise traitlets.TraitError(
            f"{name} must be a whole number from 0 to 10, or None for not recorded; got {value!r}"
        )
    return value


class PainScale(widgets.VBox):
    """A 0-10 pain rating with end labels; ``value`` is None until the person picks a number.

    Parameters
    ----------
    label : str
        What is rated, e.g. ``"Pain before"``; shown and read out by screen readers.
    value : int or None
        The starting score; None means "not recorded" (different from 0, no pain).
    **kwargs
        Passed to :class:`ipywidgets.VBox`.
    """

    value = traitlets.Int(
        None, allow_none=True, help="Pain from 0 (none) to 10 (worst); None: not recorded."
    )
    label = traitlets.Unicode("Pain", help="What is rated, e.g. 'Pain before'.")

    def __init__(self, *, label: str = "Pain", value: int | None = None, **kwargs: Any) -> None:
        self._buttons = widgets.ToggleButtons(
            options=[(str(score), score) for score in range(11)],
            value=None,
            description=label,
            tooltips=[LOW_LABEL, *[""] * 9, HIGH_LABEL],
            style={"button_width": "3.2em", "description_width": "initial"},
        )
        self._clear = widgets.Button(
            description="Not recorded",
            tooltip="Clear the score: pain not recorded",
            layout=widgets.Layout(width="auto"),
        )
        self._ends = widgets.HTML(
            f"<small><span>{LOW_LABEL}</span> &middot; <span>{HIGH_LABEL}</span></small>"
        )
        self._status = widgets.HTML()
        super().__init__(
            children=[self._buttons, self._ends, widgets.HBox([self._status, self._clear])],
            **kwargs,
        )
        self.add_class("backcare-pain-scale")
        self.label = label
        self.value = value
        self._buttons.observe(self._from_buttons, names="value")
        self._clear.on_click(lambda _button: self.clear())
        self._show()

    @traitlets.validate("value")
    def _validate_value(self, proposal: dict[str, Any]) -> int | None:
        return check_pain("value (pain)", proposal["value"])

    @traitlets.observe("value", "label")
    def _value_changed(self, change: dict[str, Any]) -> None:
        if getattr(self, "_buttons", None) is None:
            return
        self._buttons.value = self.value
        self._buttons.description = self.label
        self._show()

    def _from_buttons(self, change: dict[str, Any]) -> None:
        self.value = change["new"]

    def _show(self) -> None:
        text = "not recorded" if self.value is None else f"{self.value} of 10"
        self._status.value = f"<span>{self.label}: <strong>{text}</strong></span>"
        self._clear.disabled = self.value is None

    @property
    def recorded(self) -> bool:
        """Whether a score has been picked (0 counts: it means no pain)."""
        return self.value is not None

    def clear(self) -> None:
        """Go back to "not recorded"."""
        self.value = None
