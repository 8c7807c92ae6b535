"""Test helper: "a set was done", written exactly as the guided session writes it.

The holds are those a timer reports for the set (:func:`~backcare_widgets.session.guided_set.
timed_holds`), turned into rows by ``rows_for_set`` and written by ``record_set``, the session's
own path: one row per set per side, reps = holds done, hold_seconds = the shortest full hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.dosage import dose_of
from backcare_widgets.session.recording import record_timed_set

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date, datetime

    from backcare_widgets.data.catalog import Exercise
    from backcare_widgets.data.log import SessionLog


def done_set(
    log: SessionLog,
    exercise_id: str,
    when: datetime,
    *,
    end: str = "low",
    pain: tuple[int | None, int | None] = (None, None),
    short: Mapping[str | None, int] | None = None,
    set_number: int = 1,
    catalog: Mapping[str, Exercise] | None = None,
) -> list[int]:
    """Log one set at the ``"low"`` or ``"high"`` end of every range of the exercise's dose.

    ``short`` maps a side to the holds it stopped short of the dose (a set stopped early).
    """
    exercise = (catalog or load_catalog())[exercise_id]
    dose = dose_of(exercise)
    pick = 0 if end == "low" else 1
    return record_timed_set(
        log,
        exercise,
        repeats=dose.per_set[pick],
        seconds=dose.hold_seconds[pick] if dose.hold_seconds else 1,
        short=short,
        set_number=set_number,
        pain=pain,
        when=when,
    )


def last_day(log: SessionLog) -> date:
    """Return the local day of the log's newest set (the sample log's "today")."""
    return log.to_dataframe()["when"].max().date()
