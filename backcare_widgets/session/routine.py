"""Where the day stands: the log's rows for today set against each exercise's dose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backcare_widgets.data.dosage import (
    ExerciseStatus,
    LoggedSet,
    dose_of,
    exercise_status,
    logged_sets,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date, datetime

    from backcare_widgets.data.catalog import Exercise
    from backcare_widgets.data.log import SessionLog

__all__ = ["day_status", "first_not_done", "left_today", "saved_today"]


def day_status(
    log: SessionLog,
    exercises: Sequence[Exercise],
    *,
    today: date,
    now: datetime | None = None,
) -> list[ExerciseStatus]:
    """Read the day's rows from the log and set them against each exercise's dose.

    Counted in the dose model's sessions (:mod:`backcare_widgets.data.dosage`): one set on each side
    at the dose is a session; a twice-a-day exercise needs two visits, the workbook's default
    spacing apart, and says when the next is due. The statuses come in the order of
    ``exercises`` (the records the page resolved: a programme's carry its dosage).
    """
    rows = logged_sets(log, day=today)
    return [
        exercise_status(
            dose_of(exercise),
            [row for row in rows if row.exercise == exercise.id],
            now=now,
        )
        for exercise in exercises
    ]


def first_not_done(statuses: Sequence[ExerciseStatus]) -> int:
    """Return the index of the first exercise not done today (``len(statuses)`` when all are).

    Where the routine resumes when it is shown again: a reload or a reopened browser keeps no
    state of its own, so the day's log decides.
    """
    return next((index for index, status in enumerate(statuses) if not status.done), len(statuses))


def left_today(exercises: Sequence[Exercise], statuses: Sequence[ExerciseStatus]) -> str:
    """Say in one line what is done today and what is left, by the exercises' names."""
    done = [str(e.name) for e, s in zip(exercises, statuses, strict=True) if s.done]
    left = [
        str(e.name) + (f" ({s.describe()})" if s.sessions_target > 1 else "")
        for e, s in zip(exercises, statuses, strict=True)
        if not s.done
    ]
    if not left:
        return f"All done for today: {_names(done)}."
    if not done:
        return f"Still to do today: {_names(left)}."
    return f"Done today: {_names(done)}. Still to do: {_names(left)}."


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def saved_today(log: SessionLog, exercise: Exercise, *, today: date) -> list[LoggedSet]:
    """Return the rows of ``exercise`` saved today, oldest first (what a reload shows again)."""
    from backcare_widgets.data.log import LogError

    try:
        rows = logged_sets(log, day=today)
    except LogError:
        return []  # an unreadable log is reported when saving
    return [row for row in rows if row.exercise == exercise.id]
