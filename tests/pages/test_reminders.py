"""Reminders on the routine and beside the handout: the file follows the page's plan."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from icalendar import Calendar

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.data.programme import Frequency, Programme, ProgrammeItem
from backcare_widgets.pages.educators.programme_builder import CHOSEN_DAYS, ProgrammeBuilder
from backcare_widgets.pages.routine import TodaysRoutine

CATALOG = load_catalog()


def _events(raw: bytes) -> list:
    return list(Calendar.from_ical(raw).walk("VEVENT"))


def test_the_routine_offers_a_daily_file_with_the_second_rotational_session(
    tmp_path: Path,
) -> None:
    routine = TodaysRoutine(log=SessionLog(tmp_path / "log.sqlite3"))
    picker = routine.reminders
    assert picker in routine.children
    assert picker.second_time.layout.display is None  # the rotational stretch is twice a day
    picker.first_time.value = time(7, 30)
    picker.second_time.value = time(19, 0)
    picker.zone.value = "Europe/Berlin"
    first, second = _events(picker.calendar())
    assert first.decoded("dtstart").time() == time(7, 30)
    assert second.decoded("dtstart").time() == time(19, 0)
    assert first["DTSTART"].params["TZID"] == "Europe/Berlin"
    # following a programme without the rotational stretch: one event, on its days
    programme = Programme(
        title="After the knee",
        exercises=[ProgrammeItem(exercise="bridge", reps=5, hold_seconds=3)],
        frequency=Frequency(days=("tue", "thu")),
    )
    routine.follow(programme)
    assert picker.second_time.layout.display == "none"
    (event,) = _events(picker.calendar())
    assert event["RRULE"]["BYDAY"] == ["TU", "TH"]
    assert str(event["SUMMARY"]) == "After the knee"


def test_the_builder_offers_reminders_beside_the_handout() -> None:
    builder = ProgrammeBuilder(catalog=CATALOG)
    assert builder.reminders.layout.display == "none"
    builder.rows["hamstring-stretch"].include.value = True
    builder.frequency.value = CHOSEN_DAYS
    builder.make_handout()
    assert builder.reminders.layout.display is None
    assert builder.reminders.second_time.layout.display == "none"
    (event,) = _events(builder.reminders.calendar())
    assert "Hamstring stretch" in str(event["DESCRIPTION"])
