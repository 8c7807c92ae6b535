"""The log's tables kept between visits: function scores and progression choices.

Both live in the same SQLite file as the sets (schema v4, :mod:`~backcare_widgets.data.log.store`),
so the person's data stays in one place and one backup. Each write is one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from backcare_widgets.data.function_score import (
    ASK_EVERY,
    FunctionScore,
    FunctionScoreError,
    check_activities,
    next_due,
)
from backcare_widgets.data.log.rows import EPOCH, US, LogError
from backcare_widgets.data.progression import Level

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date

    from backcare_widgets.data.log.store import SessionLog

__all__ = [
    "Choice",
    "FunctionScoreError",
    "choices",
    "function_scores",
    "level_in_force",
    "record_choice",
    "record_function_score",
]


def _stamp(when: datetime) -> tuple[int, int]:
    if when.utcoffset() is None:
        raise LogError(f"when must be timezone-aware, got {when.isoformat()!r}")
    offset = when.utcoffset() or timedelta(0)
    return (when - EPOCH) // US, int(offset.total_seconds())


def _when(when_us: int, offset_s: int) -> datetime:
    return (EPOCH + timedelta(microseconds=when_us)).astimezone(
        timezone(timedelta(seconds=offset_s))
    )


def _now(when: datetime | None) -> datetime:
    return datetime.now(UTC).astimezone() if when is None else when


# --------------------------------------------------------------------------- function scores


def function_scores(
    log: SessionLog, *, start: date | None = None, end: date | None = None
) -> list[FunctionScore]:
    """Return the function scores, oldest first (``start``/``end``: local days, inclusive)."""
    with log.reading() as conn:
        rows = conn.execute(
            "SELECT when_us, utc_offset_s, activities FROM function_scores ORDER BY when_us, id"
        ).fetchall()
    scores = [
        FunctionScore(_when(when_us, offset), tuple((str(n), int(s)) for n, s in json.loads(text)))
        for when_us, offset, text in rows
    ]
    return [
        score
        for score in scores
        if (start is None or score.day >= start) and (end is None or score.day <= end)
    ]


def record_function_score(
    log: SessionLog,
    activities: Iterable[tuple[str, int | None]],
    *,
    when: datetime | None = None,
) -> FunctionScore:
    """Check and keep one filled-in scale; at most one a week.

    Raises
    ------
    FunctionScoreError
        If the activities are not valid, or the last one was filled in less than a week ago.
    """
    kept = check_activities(activities)
    when = _now(when)
    due = next_due(function_scores(log))
    if due is not None and when < due:
        days = ASK_EVERY.days
        raise FunctionScoreError(
            f"The function score is asked at most once every {days} days (the workbook's rule): "
            f"the next one is due from {due.astimezone(when.tzinfo):%A %d %B}."
        )
    when_us, offset = _stamp(when)
    with log.writing() as conn:
        conn.execute(
            "INSERT INTO function_scores (when_us, utc_offset_s, activities) VALUES (?, ?, ?)",
            (when_us, offset, json.dumps([list(item) for item in kept])),
        )
    return FunctionScore(when, kept)


# --------------------------------------------------------------------------- progression


@dataclass(frozen=True)
class Choice:
    """One answer to a progression suggestion, with the levels before and after it."""

    when: datetime
    exercise: str
    kind: str
    choice: str
    previous: Level
    level: Level

    @property
    def in_force(self) -> Level:
        """Return the level in force after this choice (the new one only if accepted)."""
        return self.level if self.choice == "accepted" else self.previous


def record_choice(
    log: SessionLog,
    exercise: str,
    *,
    kind: str,
    choice: str,
    previous: Level,
    level: Level,
    when: datetime | None = None,
) -> Choice:
    """Log the person's answer to a suggestion: the choice and the level then in force.

    Raises
    ------
    LogError
        If the exercise is unknown or the kind, choice or levels are not valid.
    """
    if exercise not in log.exercise_ids:
        raise LogError(f"exercise {exercise!r} is not in the catalogue")
    if kind not in ("up", "down", "ask") or choice not in ("accepted", "declined", "noted"):
        raise LogError(f"not a progression choice: {kind!r}, {choice!r}")
    when = _now(when)
    when_us, offset = _stamp(when)
    with log.writing() as conn:
        conn.execute(
            "INSERT INTO progression_choices (when_us, utc_offset_s, exercise, kind, choice, "
            "from_hold_seconds, from_repeats, hold_seconds, repeats) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                when_us,
                offset,
                exercise,
                kind,
                choice,
                previous.hold_seconds,
                previous.repeats,
                level.hold_seconds,
                level.repeats,
            ),
        )
    return Choice(when, exercise, kind, choice, previous, level)


def choices(
    log: SessionLog,
    *,
    exercise: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Choice]:
    """Return the progression choices, oldest first (optionally one exercise's, within days)."""
    sql = (
        "SELECT when_us, utc_offset_s, exercise, kind, choice, from_hold_seconds, from_repeats, "
        "hold_seconds, repeats FROM progression_choices"
    )
    params: list[object] = []
    if exercise is not None:
        sql += " WHERE exercise = ?"
        params.append(exercise)
    with log.reading() as conn:
        rows = conn.execute(sql + " ORDER BY when_us, id", params).fetchall()
    found = [
        Choice(
            _when(when_us, offset),
            name,
            kind,
            choice,
            Level(from_hold, from_repeats),
            Level(hold, repeats),
        )
        for when_us, offset, name, kind, choice, from_hold, from_repeats, hold, repeats in rows
    ]
    return [
        item
        for item in found
        if (start is None or item.when.date() >= start) and (end is None or item.when.date() <= end)
    ]


def level_in_force(log: SessionLog, exercise: str) -> tuple[Level | None, datetime | None]:
    """Return the level in force for an exercise and when the last choice was made.

    ``(None, None)`` when the person never chose: the dosage's low end (the default) holds.
    """
    found = choices(log, exercise=exercise)
    if not found:
        return None, None
    accepted = [item for item in found if item.choice == "accepted"]
    return (accepted[-1].level if accepted else None), found[-1].when
