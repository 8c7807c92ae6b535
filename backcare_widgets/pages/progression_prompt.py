"""The progression suggestion a page shows above a guided set, and the level in force it applies.

:func:`attach_progression` is the one call the exercise page and the routine make: it sets the
session's hold and repetitions (so the timer and counter use them) to the level the person last
accepted, and after each saved set it asks the rule (:mod:`backcare_widgets.data.progression`)
whether to offer a step up, a step back or to ask the educator. The person accepts or declines;
the choice and the level in force are logged (:mod:`backcare_widgets.data.log.between_visits`).
A programme from an educator fixes the level: nothing is applied or suggested.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets

from backcare_widgets.data.dosage import LoggedSet
from backcare_widgets.data.log import LogError
from backcare_widgets.data.log.between_visits import level_in_force, record_choice
from backcare_widgets.data.log.store import default_log_path
from backcare_widgets.data.progression import (
    WORKBOOK_RULE,
    Level,
    Suggestion,
    ladder,
    nearest,
    outcomes,
    suggest,
)
from backcare_widgets.views.visit_style import with_visit_style

if TYPE_CHECKING:
    from datetime import datetime

    from backcare_widgets.data.log import SessionLog
    from backcare_widgets.session.guided_set import ExerciseSession

__all__ = ["ProgressionPrompt", "attach_progression"]


class ProgressionPrompt(ipywidgets.VBox):
    """The level in force and, when the rule says so, a suggestion with accept and decline."""

    def __init__(
        self,
        session: ExerciseSession,
        *,
        log: SessionLog | None = None,
        programme: bool = False,
        **kwargs: Any,
    ) -> None:
        self.session = session
        self.exercise = session.exercise
        self._given_log = log
        self.programme = programme
        self.level: Level = ladder(self.exercise)[0]
        self._since: datetime | None = None
        self.suggestion: Suggestion | None = None
        self.level_line = ipywidgets.HTML()
        self.message = ipywidgets.HTML()
        self.accept_button = ipywidgets.Button(
            description="Move up", button_style="primary", layout={"width": "auto"}
        )
        self.decline_button = ipywidgets.Button(
            description="Not now", layout={"width": "auto"}, tooltip="Stay at the level you have"
        )
        for button in (self.accept_button, self.decline_button):
            button.add_class("backcare-button")
        self.accept_button.add_class("backcare-button--primary")
        self.decline_button.add_class("backcare-button--quiet")
        self.accept_button.on_click(lambda _b: self.answer(accepted=True))
        self.decline_button.on_click(lambda _b: self.answer(accepted=False))
        self.buttons = ipywidgets.HBox(
            [self.accept_button, self.decline_button], layout={"flex_flow": "row wrap"}
        )
        super().__init__([self.level_line, self.message], **kwargs)
        self.add_class("backcare-progression")
        if not programme:
            session.observe(lambda _change: self.refresh(), names="saved_rows")
            self.refresh()

    def _log(self) -> SessionLog | None:
        """Return the log if there is one to read (showing a page creates no file)."""
        if self._given_log is not None:
            return self._given_log
        if self.session.saved_rows or default_log_path().exists():
            return self.session.log
        return None

    def refresh(self) -> None:
        """Read the level in force and the sessions since the last choice; offer what fits."""
        log = self._log()
        if log is None or self.programme:
            return
        try:
            stored, self._since = level_in_force(log, self.exercise.id)
            start = self._since.date() if self._since is not None else None
            rows = [LoggedSet(*row) for row in log.sets(start=start)]
        except LogError:
            return  # an unreadable log is reported where sets are saved
        level = nearest(self.exercise, stored)
        if level != self.level:
            self.apply(level)
        self.suggestion = suggest(
            self.exercise, self.level, outcomes(self.exercise, self.level, rows, since=self._since)
        )
        self._show()

    def apply(self, level: Level) -> None:
        """Set the session's targets (and so the timer and counter) to ``level``."""
        self.level = level
        session = self.session
        boxes = list(session._targets.children)  # the session's own inputs keep them in step
        for box in boxes:
            value = (
                level.hold_seconds if str(box.description).startswith("Hold (") else level.repeats
            )
            if value is not None and box.value != value:
                box.value = value
        if not boxes:
            if level.hold_seconds is not None:
                session.hold_seconds = level.hold_seconds
            session.repeats = level.repeats
        low = ladder(self.exercise)[0]
        self.level_line.value = (
            ""
            if level == low
            else with_visit_style(
                f'<p class="backcare-level" role="status">Your level, chosen step by step: '
                f"{escape(level.describe(self.exercise))}.</p>"
            )
        )

    def _show(self) -> None:
        found = self.suggestion
        if found is None:
            self.message.value = ""
            self.children = [self.level_line, self.message]
            return
        self.accept_button.description = {"up": "Move up", "down": "Step back", "ask": "Noted"}[
            found.kind
        ]
        self.decline_button.layout.display = "none" if found.kind == "ask" else None
        modifier = " backcare-suggestion--down" if found.kind == "down" else ""
        self.message.value = with_visit_style(
            f'<div class="backcare-suggestion{modifier}" role="status">'
            f"<p><strong>{'A step back' if found.kind == 'down' else 'Next step'}:</strong> "
            f"{escape(found.text)}</p>"
            f'<p class="backcare-suggestion__rule">{escape(WORKBOOK_RULE)}</p></div>'
        )
        self.children = [self.level_line, self.message, self.buttons]

    def answer(self, *, accepted: bool) -> None:
        """Log the person's choice; an accepted step becomes the level in force at once."""
        found = self.suggestion
        log = self._log()
        if found is None or log is None:
            return
        choice = "noted" if found.kind == "ask" else ("accepted" if accepted else "declined")
        try:
            record_choice(
                log,
                self.exercise.id,
                kind=found.kind,
                choice=choice,
                previous=found.current,
                level=found.proposed,
            )
        except LogError as exc:
            self.message.value = with_visit_style(
                f'<p class="backcare-suggestion" role="alert">Not saved: {escape(str(exc))}</p>'
            )
            return
        if choice == "accepted":
            self.apply(found.proposed)
        self.suggestion = None
        self._show()


def attach_progression(
    session: ExerciseSession, *, log: SessionLog | None = None, programme: bool = False
) -> ProgressionPrompt:
    """Return the progression prompt for a guided set (shown above it), the level in force applied."""
    return ProgressionPrompt(session, log=log, programme=programme)
