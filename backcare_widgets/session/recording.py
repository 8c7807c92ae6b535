"""What a guided set writes to the log: one row per side, done in full or stopped early.

Plain Python, testable without a browser: :class:`~backcare_widgets.session.guided_set.
ExerciseSession` and the sample log (``scripts/make_sample_log.py``) both record through
:func:`record_set`, so a test fixture's rows are the rows a person's set writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from backcare_widgets.components.hold_timer import Hold

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from backcare_widgets.data.catalog import Exercise
    from backcare_widgets.data.log import SessionLog

__all__ = [
    "SetRow",
    "record_set",
    "record_timed_set",
    "rows_for_set",
    "timed_holds",
]


@dataclass(frozen=True)
class SetRow:
    """One log row to write for a set: what was done on one side.

    Attributes
    ----------
    side : str or None
        ``"left"``, ``"right"`` or None.
    reps : int or None
        Holds (or repetitions) done in full.
    hold_seconds : int or None
        Seconds held: the shortest full hold, or the partial one if none was full.
    complete : bool
        Whether the side's set was done in full.
    notes : str
        Says what was not done, for a set stopped early.
    """

    side: str | None
    reps: int | None
    hold_seconds: int | None
    complete: bool
    notes: str


def rows_for_set(
    holds: tuple[Hold, ...],
    *,
    sides: tuple[str, ...],
    repeats: int,
    counted: Mapping[str | None, int] | None = None,
) -> list[SetRow]:
    """Decide the log rows for one set from the holds the timer measured.

    A side is complete only if all its holds ran to the end. A side stopped part way is logged
    with what was done and a note; a side with no hold at all is not logged.

    Parameters
    ----------
    holds : tuple of Hold
        The holds of the set, as the timer reported them.
    sides : tuple of str
        The exercise's sides (empty for none).
    repeats : int
        Holds planned per side.
    counted : mapping, optional
        Repetitions per side as counted by hand (a RepCounter), used instead of the number of
        full holds when no holds were timed.

    Returns
    -------
    list of SetRow
        One per side with something done, in side order.
    """
    rows = []
    for side in sides or (None,):
        side_holds = [hold for hold in holds if hold.side == side]
        manual = (counted or {}).get(side, 0)
        if not side_holds:
            if manual > 0:
                rows.append(SetRow(side, manual, None, manual >= repeats, ""))
            continue
        full = [hold for hold in side_holds if hold.completed]
        complete = len(full) >= repeats and len(full) == len(side_holds)
        seconds = min(hold.seconds for hold in full) if full else side_holds[-1].seconds
        notes = ""
        if not complete:
            last = side_holds[-1]
            notes = f"Stopped early: {len(full)} of {repeats} holds done in full"
            if not last.completed:
                notes += f" (the last held {last.seconds:.0f} s of {last.target_s} s)"
            notes += "."
        rows.append(SetRow(side, len(full), round(seconds), complete, notes))
    return rows


def timed_holds(
    sides: tuple[str, ...],
    repeats: int,
    seconds: int,
    *,
    short: Mapping[str | None, int] | None = None,
) -> tuple[Hold, ...]:
    """Return the holds a timer reports for a set held to the end (scripts, samples and tests).

    ``short`` maps a side to how many holds it stopped short of ``repeats`` (the set was stopped
    part way into the next hold of that side).
    """
    holds: list[Hold] = []
    for side in sides or (None,):
        missing = (short or {}).get(side, 0)
        full = repeats - missing
        holds += [Hold(side, n, float(seconds), seconds, True) for n in range(1, full + 1)]
        if missing:
            holds.append(Hold(side, full + 1, seconds / 2, seconds, False))
    return tuple(holds)


def record_set(
    log: SessionLog,
    exercise_id: str,
    rows: list[SetRow],
    *,
    set_number: int,
    pain_before: int | None = None,
    pain_after: int | None = None,
    notes: str = "",
    when: datetime | None = None,
) -> list[int]:
    """Write one set's rows to the log, one per side, as the guided session saves them.

    The same path for the session, the sample log script and the tests' fixtures, so that what
    the counting is tested on is what a person's session writes.
    """
    return [
        log.record(
            exercise_id,
            side=row.side,
            set_number=set_number,
            reps=row.reps,
            hold_seconds=row.hold_seconds,
            pain_before=pain_before,
            pain_after=pain_after,
            notes=" ".join(part for part in (row.notes, notes) if part),
            completed=row.complete,
            when=when,
        )
        for row in rows
    ]


def record_timed_set(
    log: SessionLog,
    exercise: Exercise,
    *,
    repeats: int,
    seconds: int,
    short: Mapping[str | None, int] | None = None,
    set_number: int = 1,
    pain: tuple[int | None, int | None] = (None, None),
    notes: str = "",
    when: datetime | None = None,
) -> list[int]:
    """Log a set held on the timer, as the session would: its holds, then its rows, then the log.

    One path from "a set was done" to the log's rows for the sample log script and the tests'
    fixtures, so that what is counted is what a person's session writes.
    """
    sides = ("left", "right") if exercise.dosage.per_side else ()
    holds = timed_holds(sides, repeats, seconds, short=short)
    return record_set(
        log,
        exercise.id,
        rows_for_set(holds, sides=sides, repeats=repeats),
        set_number=set_number,
        pain_before=pain[0],
        pain_after=pain[1],
        notes=notes,
        when=when,
    )
