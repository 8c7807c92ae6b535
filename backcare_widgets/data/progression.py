"""Progression inside the source's ranges: when to suggest the next step, or a step back.

The source gives ranges (crunches 8-12 repetitions; hamstring holds of 15-30 s; rotational holds
of 5-10 s, 2-3 times each side). The workbook starts at the low end, which is the whole dose (see
:mod:`~backcare_widgets.data.dosage`: the low end is enough, more is never asked for). A person
who finds the low end easy may move up *within* the range, never past its top. The rule:

- after :data:`GOOD_SESSIONS` sessions in a row at the level in force, each with every set done in
  full and pain not 2 points worse (:func:`~backcare_widgets.data.pain.pain_got_worse`), suggest
  the next step of the range's ladder (:func:`ladder`); at the top, suggest nothing;
- after a session with a pain warning, suggest one step back (at the bottom, nothing: the warning
  already says to stop and ask a health-care professional);
- for an exercise whose dosage the source does not give (the bridge), the suggestion is to ask
  the educator: the workbook does not invent a next step;
- an educator's programme fixes the level: pages that follow one make no suggestion at all.

"A few sessions" (:data:`GOOD_SESSIONS`) and the step sizes (:data:`HOLD_STEP_S`,
:data:`REPS_STEP`, :data:`REPEATS_STEP`) are the workbook's own rules, not the source's, and every
suggestion says so. Plain Python: no widget, no HTML.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from backcare_widgets.data.dosage import dose_of, pain_baseline, shortfall, visits
from backcare_widgets.data.pain import pain_got_worse

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime

    from backcare_widgets.data.catalog import Exercise
    from backcare_widgets.data.dosage import Dose, LoggedSet

__all__ = [
    "GOOD_SESSIONS",
    "HOLD_STEP_S",
    "REPEATS_STEP",
    "REPS_STEP",
    "WORKBOOK_RULE",
    "Level",
    "SessionOutcome",
    "Suggestion",
    "ladder",
    "outcomes",
    "suggest",
]

#: Sessions in a row, all done in full without pain getting worse, before a step up is offered:
#: the workbook's own rule ("a few sessions"), not the source's.
GOOD_SESSIONS = 3
#: One step of a hold's length, in seconds (the workbook's rule), up to the top of the range.
HOLD_STEP_S = 5
#: One step of counted repetitions (crunches), the workbook's rule, up to the top of the range.
REPS_STEP = 2
#: One step of holds per side (the rotational stretch's 2-3 times), the workbook's rule.
REPEATS_STEP = 1
#: How every suggestion names the rule it follows.
WORKBOOK_RULE = (
    f"The workbook's own rule (not the source's): after {GOOD_SESSIONS} sessions in a row done "
    "in full without your pain getting 2 points worse, it offers the next step within the "
    "source's range, never beyond its top; after a pain warning, it offers a step back."
)

Kind = Literal["up", "down", "ask"]


@dataclass(frozen=True, order=True)
class Level:
    """A dose within the source's range: seconds per hold (None without a hold) and repetitions.

    ``repeats`` is the repetitions (or holds per side) in one set.
    """

    hold_seconds: int | None
    repeats: int

    def describe(self, exercise: Exercise) -> str:
        """Say the level in the dose model's words (``"a set of 5 holds of 20 s on each leg"``)."""
        from backcare_widgets.data.dosage import describe_set

        return describe_set(at_level(dose_of(exercise), self))


def _range(value: int | tuple[int, ...] | None) -> tuple[int, int] | None:
    if value is None:
        return None
    if isinstance(value, tuple):
        return int(value[0]), int(value[-1])
    return int(value), int(value)


def _steps(low: int, high: int, step: int) -> list[int]:
    """Return low, low + step, ... and always the top itself (never beyond it)."""
    values = list(range(low, high, step))
    return [*values, high]


def ladder(exercise: Exercise) -> tuple[Level, ...]:
    """Return the levels within an exercise's source range, lowest first.

    The hold lengthens first, a step at a time, then (with the hold at its top) the repetitions
    grow: rotational ``(5 s, 2)``, ``(10 s, 2)``, ``(10 s, 3)``. An exercise without a range (or
    whose dosage is the workbook's, not the source's) has one level, its dosage's low end.
    """
    dosage = exercise.dosage
    holds = _range(dosage.hold_seconds)
    counted = dosage.repeats is None
    repeats = _range(dosage.repeats if not counted else dosage.reps) or (1, 1)
    if dosage.source != "seed":
        return (Level(holds[0] if holds else None, repeats[0]),)
    levels = [
        Level(hold, repeats[0]) for hold in (_steps(*holds, HOLD_STEP_S) if holds else [None])
    ]
    top_hold = levels[-1].hold_seconds
    step = REPS_STEP if counted else REPEATS_STEP
    levels += [Level(top_hold, count) for count in _steps(*repeats, step)[1:]]
    return tuple(levels)


def nearest(exercise: Exercise, level: Level | None) -> Level:
    """Return the ladder's level closest to ``level`` from below (the low end if none fits).

    A level logged before the catalogue changed may no longer be on the ladder; it is never
    read as more than the range allows.
    """
    steps = ladder(exercise)
    if level is None:
        return steps[0]
    fitting = [
        step
        for step in steps
        if step.repeats <= level.repeats
        and (
            step.hold_seconds is None
            or (level.hold_seconds is not None and step.hold_seconds <= level.hold_seconds)
        )
    ]
    return fitting[-1] if fitting else steps[0]


def at_level(dose: Dose, level: Level) -> Dose:
    """Return the dose with one level's numbers (what a session at that level asks)."""
    hold = None if level.hold_seconds is None else (level.hold_seconds, level.hold_seconds)
    return replace(
        dose,
        per_set=(level.repeats, level.repeats),
        hold_seconds=hold if dose.hold_seconds is not None else None,
    )


@dataclass(frozen=True)
class SessionOutcome:
    """How one session (one visit of the dose model) went, for the progression rule.

    ``good`` means every set was done in full at the level in force and pain did not get worse;
    ``pain_worse`` means a set's pain after was 2 or more points above the day's first "before".
    """

    when: datetime
    good: bool
    pain_worse: bool


def outcomes(
    exercise: Exercise, level: Level, rows: Iterable[LoggedSet], *, since: datetime | None = None
) -> list[SessionOutcome]:
    """Read the sessions of one exercise from log rows, oldest first, counting from ``since``.

    Rows are grouped by the local day they were done and then into visits as the dose model
    does; pain is set against the pain before the day's first set (as the session warns).
    """
    dose = at_level(dose_of(exercise), level)
    by_day: dict[object, list[LoggedSet]] = defaultdict(list)
    for row in rows:
        if row.exercise == exercise.id:
            by_day[row.when.date()].append(row)
    found: list[SessionOutcome] = []
    for day_rows in (by_day[day] for day in sorted(by_day)):  # type: ignore[type-var]
        baseline = pain_baseline(day_rows, exercise.id)
        for visit in visits(dose, day_rows):
            if since is not None and visit[0].when <= since:
                continue
            worse = any(
                pain_got_worse(
                    baseline if baseline is not None else row.pain_before, row.pain_after
                )
                for row in visit
            )
            full = not any(shortfall(dose, visit).values()) and all(
                row.completed is not False for row in visit
            )
            found.append(SessionOutcome(visit[0].when, full and not worse, worse))
    return found


@dataclass(frozen=True)
class Suggestion:
    """What the pages offer: a step up, a step back, or to ask the educator.

    ``proposed`` is the level offered (the current one for ``"ask"``); ``text`` says it in plain
    words, naming the workbook's rule.
    """

    exercise_id: str
    kind: Kind
    current: Level
    proposed: Level
    text: str


def suggest(
    exercise: Exercise,
    level: Level,
    sessions: Sequence[SessionOutcome],
    *,
    programme: bool = False,
) -> Suggestion | None:
    """Apply the rule to the sessions done since the level (or the last choice) began.

    Parameters
    ----------
    exercise : Exercise
        The catalogue record (its dosage gives the range).
    level : Level
        The level in force.
    sessions : sequence of SessionOutcome
        The sessions since the level took effect or the person last chose, oldest first.
    programme : bool
        True when an educator's programme sets the dose: no suggestion is ever made.

    Returns
    -------
    Suggestion or None
        None when there is nothing to suggest.
    """
    if programme or not sessions:
        return None
    level = nearest(exercise, level)
    if sessions[-1].pain_worse:
        return _step_back(exercise, level)
    recent = sessions[-GOOD_SESSIONS:]
    if len(recent) < GOOD_SESSIONS or not all(outcome.good for outcome in recent):
        return None
    return _step_up(exercise, level)


def _step_back(exercise: Exercise, level: Level) -> Suggestion | None:
    """Offer the step below after a pain warning (none at the bottom: the warning says stop)."""
    steps = ladder(exercise)
    index = steps.index(level)
    if index == 0:
        return None
    back = steps[index - 1]
    return Suggestion(
        exercise.id,
        "down",
        level,
        back,
        f"Your pain got worse during your last {exercise.name.text.lower()} session. If you do "
        f"it again, take a step back to {back.describe(exercise)} (still within the source's "
        "range), and ask a health-care professional if the pain stays worse.",
    )


def _step_up(exercise: Exercise, level: Level) -> Suggestion | None:
    """Offer the next step after a good run; for a dosage not from the source, ask the educator."""
    name = exercise.name.text.lower()
    run = f"You have done {GOOD_SESSIONS} {name} sessions in a row in full without your pain getting worse."
    if exercise.dosage.source != "seed":
        return Suggestion(
            exercise.id,
            "ask",
            level,
            level,
            f"{run} The source text gives no dosage for this exercise, so the workbook offers no "
            "next step: ask your educator or health-care professional how much to do next.",
        )
    steps = ladder(exercise)
    index = steps.index(level)
    if index == len(steps) - 1:
        return None  # the top of the source's range: never beyond it
    up = steps[index + 1]
    return Suggestion(
        exercise.id,
        "up",
        level,
        up,
        f"{run} You may move up to {up.describe(exercise)} (within the source's range; you are "
        f"now at {level.describe(exercise)}). Staying where you are is fine too.",
    )
