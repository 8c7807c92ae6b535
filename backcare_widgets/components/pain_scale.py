"""PainScale: a 0-10 numeric pain rating where "not recorded" is kept apart from 0 (no pain).

The generic 0-10 numeric rating scale (free to use, unlike licensed questionnaires). Its view is
one radio group (``static/pain-scale.js``): one Tab stop, arrow keys to move, ``aria-checked`` on
the chosen number, 44 px targets in the timer card's look. The state is the ``value`` trait.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets

__all__ = ["PainScale"]

_STATIC = Path(__file__).parent / "static"

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


def status_text(value: int | None) -> str:
    """Say what is recorded, as the view shows it under the scale's heading: ``"Chosen: 3 of 10"``.

    The heading (the label) sits right above, so the line does not repeat it.
    """
    return "Not recorded yet" if value is None else f"Chosen: {value} of 10"


class PainScale(anywidget.AnyWidget):
    """A 0-10 pain rating with end labels; ``value`` is None until the person picks a number.

    Parameters
    ----------
    label : str
        What is rated, e.g. ``"Pain before"``; shown and read out by screen readers.
    value : int or None
        The starting score; None means "not recorded" (different from 0, no pain).
    **kwargs
        Passed to :class:`anywidget.AnyWidget`.
    """

    _esm = _STATIC / "pain-scale.js"
    _css = _STATIC / "pain-scale.css"

    value = traitlets.Int(
        None, allow_none=True, help="Pain from 0 (none) to 10 (worst); None: not recorded."
    ).tag(sync=True)
    label = traitlets.Unicode("Pain", help="What is rated, e.g. 'Pain before'.").tag(sync=True)
    low_label = traitlets.Unicode(LOW_LABEL, help="What 0 means, shown under the scale.").tag(
        sync=True
    )
    high_label = traitlets.Unicode(HIGH_LABEL, help="What 10 means, shown under the scale.").tag(
        sync=True
    )

    def __init__(self, *, label: str = "Pain", value: int | None = None, **kwargs: Any) -> None:
        super().__init__(label=label, value=value, **kwargs)

    @traitlets.validate("value")
    def _validate_value(self, proposal: dict[str, Any]) -> int | None:
        return check_pain("value (pain)", proposal["value"])

    @property
    def status(self) -> str:
        """What the scale says is recorded (the view's live status line)."""
        return status_text(self.value)

    @property
    def recorded(self) -> bool:
        """Whether a score has been picked (0 counts: it means no pain)."""
        return self.value is not None

    def clear(self) -> None:
        """Go back to "not recorded"."""
        self.value = None
