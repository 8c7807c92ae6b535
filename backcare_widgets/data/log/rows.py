"""A row of the session log: the record a set is checked as, and the form it is stored in.

A row is checked like the catalogue and programmes (:mod:`backcare_widgets.data.records`): a
typed record, decoded by :func:`~backcare_widgets.data.records.validate`, every broken field told
in the one table's words. The rules no type can say (a known exercise, a time from 2000 to
tomorrow, notes that are valid text) sit in the fields' types, so they are reported together with
the rest. What is stored is the time as UTC microseconds plus the original offset.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Annotated, Any, Literal

from msgspec import Meta

from backcare_widgets.data.catalog import not_in_catalogue
from backcare_widgets.data.records import Record, explain, rule, validate

__all__ = [
    "EARLIEST_WHEN",
    "FUTURE_TOLERANCE",
    "SIDES",
    "STOPPED_EARLY",
    "LogError",
    "LogStorageError",
    "Row",
    "StoredRow",
    "check_row",
    "completed_from_notes",
]

SIDES = ("left", "right")
MAX_SET_NUMBER = 1_000
MAX_REPS = 10_000
MAX_HOLD_SECONDS = 86_400
MAX_NOTES_CHARS = 10_000
FUTURE_TOLERANCE = timedelta(days=1)
#: The earliest time a row may carry: no person logged a set before the workbook's exercises
#: were written down, and a year-1 date broke every export and chart (it cannot be shown).
EARLIEST_WHEN = datetime(2000, 1, 1, tzinfo=UTC)
#: How the guided session marks a set it did not finish; rows from before schema v3 (which had
#: no ``completed`` column) and CSV files without one are read as completed unless it is there.
STOPPED_EARLY = "Stopped early"

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)
DAY_US = 86_400_000_000


def completed_from_notes(notes: str) -> bool:
    """Whether a row without a ``completed`` value was a set done in full (read from its notes)."""
    return STOPPED_EARLY.lower() not in notes.lower()


class LogError(ValueError):
    """The session log refused a row, a file or a request; the message says what and why."""


class LogStorageError(LogError):
    """The log's file could not be written or read (disk full, read-only, locked, damaged).

    Nothing of the failed call was written; what was asked can be tried again once the cause
    (say, a full disk) is fixed.
    """


@dataclass(frozen=True, slots=True)
class StoredRow:
    """A checked row, in the form it is stored (UTC microseconds plus the original offset)."""

    when_us: int
    utc_offset_s: int
    exercise: str
    side: str | None
    set_number: int
    reps: int | None
    hold_seconds: int | None
    pain_before: int | None
    pain_after: int | None
    notes: str
    completed: bool = True

    def values(self) -> tuple[Any, ...]:
        """Return the values in the order of the table's columns."""
        return (
            self.when_us,
            self.utc_offset_s,
            self.exercise,
            self.side,
            self.set_number,
            self.reps,
            self.hold_seconds,
            self.pain_before,
            self.pain_after,
            self.notes,
            self.completed,
        )

    def when(self) -> datetime:
        """Return the time, aware in the row's own offset."""
        tz = timezone(timedelta(seconds=self.utc_offset_s))
        return (EPOCH + timedelta(microseconds=self.when_us)).astimezone(tz)


# --- the row record and its rules ----------------------------------------------------------------

#: The exercise ids a row may name, and the time now, while :func:`check_row` runs.
_KNOWN: ContextVar[frozenset[str]] = ContextVar("backcare_log_known", default=frozenset())
_NOW: ContextVar[datetime | None] = ContextVar("backcare_log_now", default=None)


def _known_exercise(exercise: str) -> str | None:
    known = _KNOWN.get()
    if exercise in known:
        return None
    return not_in_catalogue([exercise], sorted(known))


def _possible_time(when: datetime) -> str | None:
    try:
        offset = when.utcoffset()
        if offset is not None and offset % timedelta(seconds=1):
            return f"has a UTC offset that is not whole seconds: {when!r}"
        now = _NOW.get() or datetime.now(UTC)
        if when - now > FUTURE_TOLERANCE or when < EARLIEST_WHEN:
            return (
                f"must be from {EARLIEST_WHEN:%Y-%m-%d} to tomorrow (a set cannot be logged "
                f"for a time outside that), got {when.isoformat()!r}"
            )
    except (TypeError, ValueError, OverflowError) as exc:
        return f"is not a usable datetime ({exc}): {when!r}"
    return None


def _valid_text(notes: str) -> str | None:
    try:
        notes.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"contain a character that is not valid text ({exc.reason})"
    return None


Pain = Annotated[int, Meta(ge=0, le=10)]


class Row(Record, frozen=True, kw_only=True):
    """One completed set as a caller or a CSV line gives it; :func:`check_row` checks it."""

    when: Annotated[datetime, Meta(tz=True), rule(_possible_time)]
    exercise: Annotated[str, rule(_known_exercise)]
    side: Literal["left", "right"] | None = None
    set_number: Annotated[int, Meta(ge=1, le=MAX_SET_NUMBER)] = 1
    reps: Annotated[int, Meta(ge=0, le=MAX_REPS)] | None = None
    hold_seconds: Annotated[int, Meta(ge=0, le=MAX_HOLD_SECONDS)] | None = None
    pain_before: Pain | None = None
    pain_after: Pain | None = None
    notes: Annotated[str, Meta(max_length=MAX_NOTES_CHARS), rule(_valid_text)] = ""
    completed: bool | None = None

    def stored(self) -> StoredRow:
        """Return the row as it is stored; ``completed`` left out is read from the notes."""
        offset = self.when.utcoffset() or timedelta(0)
        completed = self.completed
        if completed is None:
            completed = completed_from_notes(self.notes)
        return StoredRow(
            when_us=(self.when - EPOCH) // US,
            utc_offset_s=int(offset.total_seconds()),
            exercise=self.exercise,
            side=self.side,
            set_number=self.set_number,
            reps=self.reps,
            hold_seconds=self.hold_seconds,
            pain_before=self.pain_before,
            pain_after=self.pain_after,
            notes=self.notes,
            completed=completed,
        )


def check_row(
    known: frozenset[str], *, now: datetime, **fields: object
) -> tuple[StoredRow | None, list[str]]:
    """Check every field of a row; return the stored row, or every problem (``"reps must ..."``).

    Parameters
    ----------
    known : frozenset of str
        The exercise ids a row may name.
    now : datetime
        The time now (a row may be at most a day ahead of it).
    **fields
        The row's fields, as :class:`Row` names them.
    """
    known_token, now_token = _KNOWN.set(known), _NOW.set(now)
    try:
        row, faults = validate(fields, Row, strip=False)  # notes are kept verbatim
    finally:
        _KNOWN.reset(known_token)
        _NOW.reset(now_token)
    if faults:
        return None, [" ".join((*map(str, fault.loc), explain(fault))) for fault in faults]
    return row.stored(), []
