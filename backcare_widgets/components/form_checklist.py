"""FormChecklist: the exercise's form cues as tick boxes, ticked afresh for every set.

The cues come from the catalogue (``Exercise.form_cues``); the widget takes plain strings so it
works without it. State: ``ticked`` (one bool per cue) and ``set_number``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import traitlets

from backcare_widgets.views.style import styled_html, with_style

__all__ = ["FormChecklist"]


class FormChecklist(widgets.VBox):
    """Tick boxes for an exercise's form cues, with a per-set history.

    Parameters
    ----------
    cues : sequence of str
        The form cues, e.g. ``["Breathe out as you lift."]``.
    set_number : int
        The set the ticks belong to (1-based).
    **kwargs
        Passed to :class:`ipywidgets.VBox`.
    """

    cues = traitlets.List(traitlets.Unicode(), help="The form cues, in order.")
    ticked = traitlets.List(traitlets.Bool(), help="One flag per cue: ticked in this set.")
    set_number = traitlets.Int(
        1, min=1, help="The set the ticks belong to (1-based)."
    )  # traitlets refuses 0

    def __init__(
        self, cues: list[str] | tuple[str, ...] = (), *, set_number: int = 1, **kwargs: Any
    ) -> None:
        self._heading = styled_html()  # carries the stylesheet the boxes' class needs
        self._boxes: list[widgets.Checkbox] = []
        self._history: dict[int, list[bool]] = {}
        super().__init__(children=[self._heading], **kwargs)
        self.add_class("backcare-form-checklist")
        self.set_number = set_number
        self.cues = [str(cue) for cue in cues]

    @traitlets.validate("cues")
    def _validate_cues(self, proposal: dict[str, Any]) -> list[str]:
        cues = [cue.strip() for cue in proposal["value"]]
        if any(not cue for cue in cues):
            raise traitlets.TraitError("cues must not contain an empty cue")
        return cues

    @traitlets.validate("ticked")
    def _validate_ticked(self, proposal: dict[str, Any]) -> list[bool]:
        if len(proposal["value"]) != len(self.cues):
            raise traitlets.TraitError(
                f"ticked must have one flag per cue ({len(self.cues)}); "
                f"got {len(proposal['value'])}"
            )
        return list(proposal["value"])

    @traitlets.observe("cues")
    def _cues_changed(self, change: dict[str, Any]) -> None:
        self._boxes = [
            widgets.Checkbox(
                value=False,
                description=cue,
                indent=False,
                layout=widgets.Layout(width="auto"),
            )
            for cue in self.cues
        ]
        for box in self._boxes:
            box.add_class("backcare-check")
        for index, box in enumerate(self._boxes):
            box.observe(lambda change, i=index: self._tick(i, change["new"]), names="value")
        self.ticked = [False] * len(self.cues)
        self.children = [self._heading, *self._boxes]
        self._show()

    @traitlets.observe("ticked")
    def _ticked_changed(self, change: dict[str, Any]) -> None:
        for box, value in zip(self._boxes, self.ticked, strict=True):
            box.value = value
        self._history[self.set_number] = list(self.ticked)
        self._show()

    @traitlets.observe("set_number")
    def _set_changed(self, change: dict[str, Any]) -> None:
        self._show()

    def _tick(self, index: int, value: bool) -> None:
        ticked = list(self.ticked)
        ticked[index] = value
        self.ticked = ticked

    def _show(self) -> None:
        done = sum(self.ticked)
        self._heading.value = with_style(
            f"<p class='backcare-check__heading'><strong>Form check, set {self.set_number}</strong>"
            f" <span>({done} of {len(self.cues)} ticked)</span></p>"
        )

    @property
    def ticked_count(self) -> int:
        """How many cues are ticked in this set."""
        return sum(self.ticked)

    @property
    def history(self) -> dict[int, tuple[bool, ...]]:
        """Ticks per set number, for the sets seen so far."""
        return {number: tuple(flags) for number, flags in self._history.items()}

    def next_set(self) -> None:
        """Keep this set's ticks in :attr:`history` and start the next set with none ticked."""
        self._history[self.set_number] = list(self.ticked)
        self.set_number += 1
        self.ticked = [False] * len(self.cues)
