"""Calendar reminders: an iCalendar file (RFC 5545) for the routine or an educator's programme.

One event a day (or on the programme's days) at the time the person chooses, repeating
(``RRULE``), with an alarm (``VALARM``) at that time; an exercise done twice a day (the
rotational stretch) gets its second session as an event of its own, at its own time, at least
the dose model's spacing after the first. Times are local wall-clock times in a named time zone
(``TZID``, with its ``VTIMEZONE`` written by :mod:`icalendar`), so "08:00" stays 08:00 across a
daylight-saving change. The file is made in the kernel and handed to the person as a download:
nothing leaves their machine.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from backcare_widgets.data.dosage import SESSION_SPACING, describe_dose, dose_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from backcare_widgets.data.catalog import Exercise
    from backcare_widgets.data.programme import Frequency

__all__ = ["ReminderError", "calendar_bytes", "local_zone_name"]

#: How long each event lasts in the calendar (the workbook's guess at a session's length).
EVENT_LENGTH = timedelta(minutes=20)
_BYDAY = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}


class ReminderError(ValueError):
    """Reminders that cannot be made as asked, in plain words."""


def local_zone_name() -> str:
    """Return the machine's IANA time zone name if it can be told, else ``"UTC"``."""
    import os
    from pathlib import Path

    name = os.environ.get("TZ", "").lstrip(":")
    if name in available_timezones():
        return name
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return "UTC"
    marker = "zoneinfo/"
    if marker in target:
        candidate = target.split(marker, 1)[1]
        if candidate in available_timezones():
            return candidate
    return "UTC"


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ReminderError(f"{name!r} is not a time zone name (such as Europe/London)") from exc


def _uid(*parts: object) -> str:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:24]
    return f"{digest}@backcare-workbook"


def calendar_bytes(
    exercises: Sequence[Exercise],
    *,
    at: time,
    zone: str,
    second_at: time | None = None,
    start: date | None = None,
    frequency: Frequency | None = None,
    title: str = "Today's back exercises",
) -> bytes:
    """Return an .ics file with a daily (or the programme's days) reminder and its alarm.

    Parameters
    ----------
    exercises : sequence of Exercise
        The routine's or programme's exercises (a programme's catalogue gives its dosage).
    at : time
        The local time of the day's session.
    zone : str
        The IANA time zone the times are in (``"Europe/London"``).
    second_at : time, optional
        The second session of an exercise done twice a day; default ``at`` plus the dose
        model's spacing. Refused if less than that spacing after ``at``.
    start : date, optional
        The first day; default today in ``zone``.
    frequency : Frequency, optional
        A programme's frequency: named days become ``BYDAY``; otherwise every day.
    title : str
        The event's summary.

    Raises
    ------
    ReminderError
        An unknown time zone, or a second session too soon after the first.
    """
    from icalendar import Alarm, Calendar, Event, vRecur

    tz = _zone(zone)
    start = start or datetime.now(tz).date()
    doses = [dose_of(exercise) for exercise in exercises]
    twice = [
        (exercise, dose)
        for exercise, dose in zip(exercises, doses, strict=True)
        if dose.times_a_day > 1
    ]
    first = datetime.combine(start, at, tzinfo=tz)
    if twice:
        second_at = second_at or (first + SESSION_SPACING).time()
        gap = datetime.combine(start, second_at) - datetime.combine(start, at)
        if gap < SESSION_SPACING:
            hours = int(SESSION_SPACING.total_seconds() // 3600)
            raise ReminderError(
                f"The second session must be at least {hours} hours after the first "
                f"({at:%H:%M}), the workbook's default spacing: choose {(first + SESSION_SPACING):%H:%M} "
                "or later."
            )
    rule: dict[str, object] = {"FREQ": "DAILY"}
    if frequency is not None and frequency.days is not None and len(frequency.days) < 7:
        rule = {"FREQ": "WEEKLY", "BYDAY": [_BYDAY[day] for day in frequency.days]}
        # the first event is the first named day (RFC 5545 counts DTSTART as an occurrence)
        while list(_BYDAY)[start.weekday()] not in frequency.days:
            start += timedelta(days=1)
        first = datetime.combine(start, at, tzinfo=tz)

    calendar = Calendar()
    calendar.add("prodid", "-//BackCare Workbook//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "BackCare Workbook")
    stamp = datetime.now(UTC).replace(microsecond=0)

    def event(summary: str, when: datetime, lines: list[str], key: str) -> None:
        item = Event()
        item.add("uid", _uid(key, zone, when.isoformat(), *sorted(e.id for e in exercises)))
        item.add("dtstamp", stamp)
        item.add("summary", summary)
        item.add("dtstart", when)
        item.add("duration", EVENT_LENGTH)
        item.add("rrule", vRecur(rule))
        item.add("description", "\n".join(lines))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(0))
        item.add_component(alarm)
        calendar.add_component(item)

    caution = (
        "Stop if your symptoms get worse or you feel new pain, and ask a health-care professional."
    )
    lines = [
        f"{exercise.name.text}: {describe_dose(dose)}"
        for exercise, dose in zip(exercises, doses, strict=True)
    ]
    event(title, first, [*lines, caution], "first")
    if twice:
        names = ", ".join(exercise.name.text for exercise, _ in twice)
        second = datetime.combine(start, second_at, tzinfo=tz)  # type: ignore[arg-type]
        event(
            f"Second session: {names}",
            second,
            [f"{exercise.name.text}: the day's second session." for exercise, _ in twice]
            + [caution],
            "second",
        )
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
