"""The dose model: one definition of repetition, set, session and times a day, used everywhere.

Every page, the log, the handout, the class report and the public API count in these words, so
that a person who does exactly the source's dose reads as done (100%) everywhere, and doing more
never reads as a reason to do more:

- a *repetition* is one movement (a crunch: lift, hold one second, lower) or one hold of a
  stretch or of the bridge;
- a *set* is the repetitions done in a row on one side (crunches 8-12; hamstring 5 holds per
  leg; rotational 2-3 holds per side; the bridge's workbook default);
- a *session* is each side's set of that exercise once;
- *times a day* is how many sessions a day: the rotational stretch twice (two separate visits, at
  least :data:`SESSION_SPACING` apart); once where the source gives no frequency, shown as the
  workbook's own default.

The log keeps one row per set per side (``reps`` = repetitions done in full, ``hold_seconds`` =
the shortest full hold, ``completed``), as :func:`backcare_widgets.session.guided_set.rows_for_set`
makes them. Plain Python, no pandas: the routine page imports it in every kernel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from backcare_widgets.data.catalog import Dosage, Exercise
    from backcare_widgets.data.log import SessionLog

__all__ = [
    "DEFAULT_TIMES_A_DAY",
    "SESSION_SPACING",
    "Dose",
    "ExerciseStatus",
    "LoggedSet",
    "daily_targets",
    "describe_dose",
    "describe_set",
    "dose_of",
    "doses",
    "exercise_status",
    "pain_baseline",
    "sessions_done",
    "sessions_target",
    "today_status",
    "visits",
]

Source = Literal["seed", "workbook"]

#: Sessions a day where the source gives no frequency: the workbook's own default.
DEFAULT_TIMES_A_DAY = 1
#: The workbook's default time between two sessions of the same day (the source says "twice a
#: day" and no more): sets closer together than this are one visit, never "morning and evening".
SESSION_SPACING = timedelta(hours=4)


def _range(value: int | tuple[int, ...] | None) -> tuple[int, int] | None:
    if value is None:
        return None
    if isinstance(value, tuple | list):
        return int(value[0]), int(value[-1])
    return int(value), int(value)


@dataclass(frozen=True)
class Dose:
    """One exercise's dose in the model's words.

    Attributes
    ----------
    exercise_id : str
        The catalogue id.
    unit : str
        What one repetition is called: ``"hold"`` for a stretch held, else ``"repetition"``.
    per_set : tuple of int
        Repetitions in one set on one side, ``(low, high)`` (equal when the source gives one number).
    hold_seconds : tuple of int or None
        How long each hold lasts, ``(low, high)``; None when there is no hold.
    sides : tuple of str
        ``("left", "right")`` when the dose is for each side, else empty.
    side_word : str
        What a side is called (``"leg"``, ``"side"``).
    sets_per_session : int
        Sets on each side in one session (1 unless the dosage gives ``sets``).
    times_a_day : int
        Sessions a day.
    source : str
        ``"seed"`` if the numbers are the source's, ``"workbook"`` for the workbook's default.
    times_a_day_source : str
        Where the times a day come from: ``"workbook"`` when the source gives no frequency.
    """

    exercise_id: str
    unit: str
    per_set: tuple[int, int]
    hold_seconds: tuple[int, int] | None
    sides: tuple[str, ...]
    side_word: str
    sets_per_session: int
    times_a_day: int
    source: Source
    times_a_day_source: Source

    @property
    def per_session(self) -> int:
        """Return the repetitions one session asks of each side (the low end: the least asked)."""
        return self.sets_per_session * self.per_set[0]

    @property
    def sides_or_none(self) -> tuple[str | None, ...]:
        """Return the sides a session has rows for (``(None,)`` for an exercise without sides)."""
        return self.sides or (None,)

    def units(self, count: int) -> str:
        """Return ``"1 hold"`` / ``"3 holds"`` in this exercise's unit."""
        return f"{count} {self.unit}{'' if count == 1 else 's'}"


def dose_of(exercise: Exercise, dosage: Dosage | None = None) -> Dose:
    """Read an exercise's dose from its catalogue (or programme) dosage.

    Repetitions per set are the dosage's ``repeats`` (holds of a stretch) or ``reps``; a dosage
    with neither asks for one. ``times_per_day`` missing means once a day, the workbook's default.
    """
    dosage = dosage or exercise.dosage
    repeats = _range(dosage.repeats)
    per_set = repeats or _range(dosage.reps) or (1, 1)
    times = _range(dosage.times_per_day)
    return Dose(
        exercise_id=exercise.id,
        unit="hold" if repeats is not None else "repetition",
        per_set=per_set,
        hold_seconds=_range(dosage.hold_seconds),
        sides=("left", "right") if dosage.per_side else (),
        side_word=getattr(exercise, "side_word", "side") or "side",
        sets_per_session=(_range(dosage.sets) or (1, 1))[0],
        times_a_day=times[0] if times else DEFAULT_TIMES_A_DAY,
        source=dosage.source,
        times_a_day_source=dosage.source if times else "workbook",
    )


def doses(catalog: Mapping[str, Exercise]) -> dict[str, Dose]:
    """Return every exercise's dose, by id."""
    return {exercise_id: dose_of(exercise) for exercise_id, exercise in catalog.items()}


def sessions_target(catalog: Mapping[str, Exercise]) -> dict[str, int]:
    """Return the sessions a day each exercise asks for (its times a day)."""
    return {exercise_id: dose.times_a_day for exercise_id, dose in doses(catalog).items()}


def _span(values: tuple[int, int], unit: str = "") -> str:
    low, high = values
    text = str(low) if low == high else f"{low}-{high}"
    return f"{text}{unit}"


def describe_set(dose: Dose) -> str:
    """Say one session's sets (``"a set of 5 holds of 15-30 s on each leg"``)."""
    low, high = dose.per_set
    unit = f"{dose.unit}{'' if low == high == 1 else 's'}"
    text = f"{_span(dose.per_set)} {unit}"
    if dose.hold_seconds is not None and dose.unit == "hold":
        text += f" of {_span(dose.hold_seconds, ' s')}"
    elif dose.hold_seconds is not None:
        text += f" (each held {_span(dose.hold_seconds, ' s')})"
    sets = dose.sets_per_session
    text = f"{sets} sets of {text}" if sets > 1 else f"a set of {text}"
    if dose.sides:
        text += f" on each {dose.side_word}"
    return text


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def describe_dose(dose: Dose) -> str:
    """Say a dose in the model's words, the same on every page, handout and quiz.

    For example ``"a set of 5 holds of 15-30 s on each leg, once a day (the workbook's default)"``.
    """
    text = f"{describe_set(dose)}, {_times(dose.times_a_day)} a day"
    if dose.times_a_day > 1:
        hours = int(SESSION_SPACING.total_seconds() // 3600)
        text += f" (at least {hours} hours apart: the workbook's default)"
    elif dose.times_a_day_source == "workbook":
        text += " (the workbook's default)"
    return text


# --------------------------------------------------------------------------- counting


@dataclass(frozen=True)
class LoggedSet:
    """One log row as the guided session writes it: one set on one side.

    ``completed`` is None for a row whose log did not say (it is then read as done in full).
    """

    when: datetime
    exercise: str
    side: str | None
    reps: int | None
    hold_seconds: int | None
    completed: bool | None = True
    pain_before: int | None = None
    pain_after: int | None = None


def _counted(dose: Dose, row: LoggedSet) -> int:
    """Return the repetitions of a row that count toward the dose.

    A hold shorter than the dose's shortest hold does not count; a row without a count (an old
    log's one row per hold) stands for one repetition, unless it says it was not completed.
    """
    if (
        row.hold_seconds is not None
        and dose.hold_seconds is not None
        and row.hold_seconds < dose.hold_seconds[0]
    ):
        return 0
    if row.reps is None:
        return 1 if row.completed is not False and row.hold_seconds is not None else 0
    return row.reps


def visits(dose: Dose, rows: Iterable[LoggedSet]) -> list[list[LoggedSet]]:
    """Group one day's rows of one exercise into visits, oldest first.

    Once a day: the whole day is one visit. More often: a visit starts at its first row and takes
    every row less than :data:`SESSION_SPACING` after that, so two runs back to back are one.
    """
    ordered = sorted((row for row in rows if row.exercise == dose.exercise_id), key=_when)
    if dose.times_a_day <= 1:
        return [ordered] if ordered else []
    groups: list[list[LoggedSet]] = []
    for row in ordered:
        if not groups or _when(row) - _when(groups[-1][0]) >= SESSION_SPACING:
            groups.append([row])
        else:
            groups[-1].append(row)
    return groups


def _when(row: LoggedSet) -> datetime:
    return row.when if row.when.tzinfo is not None else row.when.replace(tzinfo=UTC)


def shortfall(dose: Dose, rows: Iterable[LoggedSet]) -> dict[str | None, int]:
    """Return the repetitions each side still needs for one session (0 when that side is done)."""
    done: dict[str | None, int] = dict.fromkeys(dose.sides_or_none, 0)
    for row in rows:
        side = row.side if dose.sides else None
        if side in done:
            done[side] += _counted(dose, row)
    return {side: max(0, dose.per_session - count) for side, count in done.items()}


def sessions_done(dose: Dose, rows: Iterable[LoggedSet]) -> int:
    """Return the sessions one day's rows complete, capped at the times a day (more is done)."""
    complete = sum(1 for visit in visits(dose, rows) if not any(shortfall(dose, visit).values()))
    return min(dose.times_a_day, complete)


def pain_baseline(rows: Iterable[LoggedSet], exercise: str) -> int | None:
    """Return the pain before the day's first set of an exercise that had it rated."""
    for row in sorted(rows, key=_when):
        if row.exercise == exercise and row.pain_before is not None:
            return row.pain_before
    return None


# --------------------------------------------------------------------------- status


@dataclass(frozen=True)
class ExerciseStatus:
    """Where one exercise stands today.

    Attributes
    ----------
    exercise_id : str
        The catalogue id.
    done : bool
        Whether the day's sessions are all done (more than the dose is done too).
    sessions_done, sessions_target : int
        Sessions complete today (capped at the target) and sessions a day.
    left : str
        What is left, in words (``"1 more hold on the right leg."``, ``"Done for today."``).
    next_due : datetime or None
        When the next session is due, if it is not due yet (the workbook's default spacing).
    """

    exercise_id: str
    done: bool
    sessions_done: int
    sessions_target: int
    left: str
    next_due: datetime | None = None

    def describe(self) -> str:
        """Say the sessions done in words (``"1 of 2 sessions done today"``)."""
        noun = "session" if self.sessions_target == 1 else "sessions"
        return f"{self.sessions_done} of {self.sessions_target} {noun} done today"


def _missing_words(dose: Dose, missing: dict[str | None, int]) -> str:
    """Say what a session still needs, e.g. ``"1 more hold on the right leg"``."""
    needed = {side: count for side, count in missing.items() if count}
    if not dose.sides:
        count = needed[None]
        return f"{count} more {dose.unit}{'' if count == 1 else 's'}"
    if len(needed) == len(dose.sides) and len(set(needed.values())) == 1:
        count = next(iter(needed.values()))
        return f"{count} more {dose.unit}{'' if count == 1 else 's'} on each {dose.side_word}"
    parts = [
        f"{count} more {dose.unit}{'' if count == 1 else 's'} on the {side} {dose.side_word}"
        for side, count in needed.items()
    ]
    return " and ".join(parts)


def _ordinal(number: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(number, f"number {number}")


def exercise_status(
    dose: Dose, rows: Iterable[LoggedSet], *, now: datetime | None = None
) -> ExerciseStatus:
    """Set one day's rows of an exercise against its dose and say what is left."""
    now = now or datetime.now(UTC)
    groups = visits(dose, rows)
    complete = [not any(shortfall(dose, visit).values()) for visit in groups]
    target = dose.times_a_day
    done_count = min(target, sum(complete))

    def status(left: str, next_due: datetime | None = None) -> ExerciseStatus:
        return ExerciseStatus(
            dose.exercise_id, done_count >= target, done_count, target, left, next_due
        )

    if done_count >= target:
        return status("Done for today.")  # more than the dose is done too, never "do more"
    one_session = describe_set(dose)
    which = _ordinal(done_count + 1)
    if groups and not complete[-1]:
        missing = _missing_words(dose, shortfall(dose, groups[-1]))
        left = f"{missing[0].upper()}{missing[1:]}"
        return status(f"{left} to finish the {which} session." if target > 1 else f"{left}.")
    if groups:  # the last visit is complete, another session is still to come
        due = _when(groups[-1][0]) + SESSION_SPACING
        if now < due:
            hours = int(SESSION_SPACING.total_seconds() // 3600)
            local = due.astimezone(groups[-1][0].when.tzinfo)
            return status(
                f"The {which} session is due from {local:%H:%M} ({hours} hours after the last "
                f"one began: the workbook's default spacing): {one_session}.",
                next_due=due,
            )
        return status(f"The {which} session is due now: {one_session}.")
    left = f"{one_session[0].upper()}{one_session[1:]}"
    return status(f"{left}, {_times(target)} today." if target > 1 else f"{left}.")


def _today(day: date | None) -> date:
    return day or datetime.now(UTC).astimezone().date()


def logged_sets(log: SessionLog, *, day: date) -> list[LoggedSet]:
    """Read one day's rows from a session log (no pandas)."""
    return [LoggedSet(*row) for row in log.sets(start=day, end=day)]


def today_status(
    log: SessionLog | Iterable[LoggedSet] | None = None,
    *,
    day: date | None = None,
    catalog: Mapping[str, Exercise] | None = None,
    now: datetime | None = None,
) -> dict[str, ExerciseStatus]:
    """Return, per exercise id, where the day stands: done, sessions done and target, what is left.

    Parameters
    ----------
    log : SessionLog or iterable of LoggedSet, optional
        The session log (default: the per-user log), or rows already read.
    day : date, optional
        The day to look at; default today, local time.
    catalog : mapping, optional
        Exercise id -> Exercise (a programme's ``catalog()`` follows its dosage); default the
        workbook's catalogue.
    now : datetime, optional
        The time "due" is measured from; default now.

    Returns
    -------
    dict of str to ExerciseStatus
        In catalogue order.
    """
    if catalog is None:
        from backcare_widgets.data.catalog import load_catalog

        catalog = load_catalog()
    day = _today(day)
    from backcare_widgets.data.log import SessionLog  # the standard library's modules only

    if log is None:
        log = SessionLog(exercise_ids=catalog.keys())
    rows = logged_sets(log, day=day) if isinstance(log, SessionLog) else list(log)
    return {
        exercise_id: exercise_status(
            dose, [row for row in rows if row.exercise == exercise_id], now=now
        )
        for exercise_id, dose in doses(catalog).items()
    }


def frame_sets(frame: Any) -> list[LoggedSet]:
    """Turn the DataFrame of :meth:`SessionLog.to_dataframe` into rows of the model."""
    import pandas as pd  # the frame is pandas already; the routine page never comes here

    def number(item: Any) -> int | None:
        return None if pd.isna(item) else int(item)

    completed = frame["completed"] if "completed" in frame.columns else [True] * len(frame)
    return [
        LoggedSet(
            when.to_pydatetime() if hasattr(when, "to_pydatetime") else when,
            exercise,
            None if pd.isna(side) else str(side),
            number(reps),
            number(hold),
            None if pd.isna(done) else bool(done),
            number(before),
            number(after),
        )
        for when, exercise, side, reps, hold, done, before, after in zip(
            frame["when"],
            frame["exercise"].astype(str),
            frame["side"].astype(object),
            frame["reps"],
            frame["hold_seconds"],
            completed,
            frame["pain_before"],
            frame["pain_after"],
            strict=True,
        )
    ]


def daily_targets(catalog: Mapping[str, Exercise]) -> dict[str, int]:
    """Return each exercise's target number of sessions a day (its times a day, else 1)."""
    return sessions_target(catalog)
