"""Calendar reminders offered on a page: choose the time(s) and time zone, download an .ics file.

The routine offers them for the day's exercises (or the programme it follows), and the programme
builder beside the handout. The file is made in the kernel when the button is pressed
(:class:`~backcare_widgets.components.download_button.DownloadButton`); nothing is sent anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING, Any
from zoneinfo import available_timezones

import ipywidgets

from backcare_widgets.components.download_button import DownloadButton
from backcare_widgets.data.dosage import SESSION_SPACING, dose_of
from backcare_widgets.data.reminders import calendar_bytes, local_zone_name
from backcare_widgets.views.visit_style import with_visit_style

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import date

    from backcare_widgets.data.catalog import Exercise
    from backcare_widgets.data.programme import Frequency

__all__ = ["ReminderPicker", "ReminderPlan"]

FILENAME = "backcare-reminders.ics"


@dataclass(frozen=True)
class ReminderPlan:
    """What the reminders are for: the exercises, and a programme's days and first day if any."""

    exercises: Sequence[Exercise]
    frequency: Frequency | None = None
    start: date | None = None
    title: str = "Today's back exercises"


class ReminderPicker(ipywidgets.VBox):
    """Times, time zone and a download button for the calendar file."""

    def __init__(self, plan: Callable[[], ReminderPlan], **kwargs: Any) -> None:
        self.plan = plan
        hours = int(SESSION_SPACING.total_seconds() // 3600)
        self.first_time = ipywidgets.TimePicker(
            value=time(8, 0),
            description="Reminder at",
            style={"description_width": "initial"},
            layout={"width": "auto"},
        )
        self.second_time = ipywidgets.TimePicker(
            value=time(18, 0),
            description="Second session at",
            tooltip=f"At least {hours} hours after the first (the workbook's default spacing)",
            style={"description_width": "initial"},
            layout={"width": "auto"},
        )
        self.zone = ipywidgets.Combobox(
            value=local_zone_name(),
            options=sorted(available_timezones()),
            ensure_option=True,
            description="Time zone",
            style={"description_width": "initial"},
            layout={"width": "22em", "max_width": "100%"},
        )
        self.download = DownloadButton(
            self.calendar,
            filename=FILENAME,
            label="Add reminders to my calendar (.ics)",
            mime_type="text/calendar",
        )
        self._hours = hours
        self.intro = ipywidgets.HTML()
        super().__init__(
            [
                self.intro,
                ipywidgets.HBox(
                    [self.first_time, self.second_time, self.zone],
                    layout={"flex_flow": "row wrap", "grid_gap": "0.5em"},
                ),
                self.download,
            ],
            **kwargs,
        )
        self.add_class("backcare-reminder-picker")
        self.add_class("backcare-form")  # 48 px fields: views/static/backcare.css
        self.refresh()

    def refresh(self) -> None:
        """Show the second time only when an exercise is done twice a day."""
        try:
            exercises = self.plan().exercises
        except ValueError:  # a programme not ready yet: the download will say why
            return
        twice = any(dose_of(exercise).times_a_day > 1 for exercise in exercises)
        self.second_time.layout.display = None if twice else "none"
        second = (
            f" An exercise done twice a day (the rotational stretch) gets its second session "
            f"as a reminder of its own, at least {self._hours} hours after the first (the "
            "workbook's default spacing)."
            if twice
            else ""
        )
        self.intro.value = with_visit_style(
            '<div class="backcare-reminders"><h3>Reminders</h3><p>A calendar file for your '
            "phone or computer's calendar: a reminder every day (or on the programme's days) at "
            f"the time you choose, with an alarm.{second} Open the downloaded file to add it.</p>"
            "</div>"
        )

    def calendar(self) -> bytes:
        """Return the calendar file for the plan as it is now (called when the button is pressed)."""
        plan = self.plan()
        twice = any(dose_of(exercise).times_a_day > 1 for exercise in plan.exercises)
        return calendar_bytes(
            plan.exercises,
            at=self.first_time.value or time(8, 0),
            second_at=self.second_time.value if twice else None,
            zone=self.zone.value or "UTC",
            start=plan.start,
            frequency=plan.frequency,
            title=plan.title,
        )
