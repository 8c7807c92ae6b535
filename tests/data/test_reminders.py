"""The reminders' calendar file, parsed with icalendar: alarm, daily rule, times across DST."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.programme import Frequency
from backcare_widgets.data.reminders import ReminderError, calendar_bytes

CATALOG = load_catalog()
EVERY = CATALOG.exercises(tuple(CATALOG))
LONDON = ZoneInfo("Europe/London")
BEFORE_DST = date(2026, 3, 27)  # British Summer Time starts on Sunday 29 March 2026


def _events(raw: bytes) -> list:
    calendar = Calendar.from_ical(raw)
    return list(calendar.walk("VEVENT"))


def _occurrences(event: object, count: int) -> list[datetime]:
    start = event.decoded("dtstart")  # type: ignore[attr-defined]
    rule = event["RRULE"].to_ical().decode()  # type: ignore[index]
    return list(rrulestr(rule, dtstart=start))[:count]


def test_the_file_is_rfc_5545_with_an_alarm_and_a_daily_rule() -> None:
    raw = calendar_bytes(EVERY, at=time(8, 0), zone="Europe/London", start=BEFORE_DST)
    text = raw.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded lines
    calendar = Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    zones = list(calendar.walk("VTIMEZONE"))
    assert [str(zone["TZID"]) for zone in zones] == ["Europe/London"]
    offsets = {str(part["TZOFFSETTO"].to_ical()) for part in zones[0].subcomponents}
    assert {"+0000", "+0100"} <= offsets
    first, second = _events(raw)
    for event in (first, second):
        assert event["UID"].endswith("@backcare-workbook")
        assert event["DTSTAMP"]
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert event["RRULE"]["FREQ"] == ["DAILY"]
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("trigger") == timedelta(0)
    assert "Partial crunches: a set of 8-12 repetitions" in str(first["DESCRIPTION"])
    assert "Stop if your symptoms get worse" in str(first["DESCRIPTION"])
    assert str(second["SUMMARY"]) == "Second session: Lower back rotational stretch"


def test_times_stay_on_the_wall_clock_across_the_daylight_saving_change() -> None:
    raw = calendar_bytes(
        EVERY, at=time(8, 0), second_at=time(18, 30), zone="Europe/London", start=BEFORE_DST
    )
    first, second = _events(raw)
    days = _occurrences(first, 4)
    assert [d.date() for d in days] == [BEFORE_DST + timedelta(days=i) for i in range(4)]
    assert {d.astimezone(LONDON).time() for d in days} == {time(8, 0)}
    assert [d.utcoffset() for d in days] == [timedelta(0)] * 2 + [timedelta(hours=1)] * 2
    assert {d.astimezone(LONDON).time() for d in _occurrences(second, 4)} == {time(18, 30)}


def test_the_second_session_keeps_the_dose_models_spacing() -> None:
    raw = calendar_bytes(EVERY, at=time(7, 15), zone="America/New_York", start=BEFORE_DST)
    _first, second = _events(raw)
    assert second.decoded("dtstart").time() == time(11, 15)  # default: 4 hours after
    with pytest.raises(ReminderError, match="at least 4 hours after the first"):
        calendar_bytes(EVERY, at=time(8, 0), second_at=time(11, 59), zone="Europe/London")


def test_a_once_a_day_routine_has_one_event_and_a_programmes_days_are_kept() -> None:
    once = CATALOG.exercises(("bridge", "hamstring-stretch"))
    (event,) = _events(calendar_bytes(once, at=time(9, 0), zone="UTC", start=BEFORE_DST))
    assert event["RRULE"]["FREQ"] == ["DAILY"]
    raw = calendar_bytes(
        once,
        at=time(9, 0),
        zone="Europe/Paris",
        start=BEFORE_DST,
        frequency=Frequency(days=("mon", "wed", "fri")),
    )
    (event,) = _events(raw)
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["BYDAY"] == ["MO", "WE", "FR"]
    assert [d.weekday() for d in _occurrences(event, 3)] == [4, 0, 2]  # from Friday 27 March
    thursday = calendar_bytes(
        once,
        at=time(9, 0),
        zone="Europe/Paris",
        start=BEFORE_DST - timedelta(days=1),
        frequency=Frequency(days=("mon", "wed", "fri")),
    )
    (event,) = _events(thursday)
    assert event.decoded("dtstart").date() == BEFORE_DST  # the first named day


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ReminderError, match="not a time zone name"):
        calendar_bytes(EVERY, at=time(8, 0), zone="Mars/Olympus")
