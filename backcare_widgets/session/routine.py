"""Where the day stands: the log's rows for today set against each exercise's dose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backcare_widgets.data.dosage import ExerciseStatus, dose_of, exercise_status, logged_sets

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date, datetime

    from backcare_widgets.data.catalog import Exercise
    from backcare_widgets.data.log import SessionLog

__all__ = ["day_status"]


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
