"""The figures of the report for the next visit: one period of the log, summed up plainly.

Days exercised, sessions against the dose (per exercise, the dose model's sessions against its
times a day on each day of the period), pain before and after (each day's first "before" and last
"after", averaged over the days that have both; days 2 points worse counted with the one rule in
:mod:`~backcare_widgets.data.pain`), the function scores, the progression steps and the person's
notes. Plain Python: the views lay it out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backcare_widgets.data.dosage import LoggedSet, doses, sessions_done
from backcare_widgets.data.log.between_visits import choices, function_scores
from backcare_widgets.data.pain import pain_got_worse

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date

    from backcare_widgets.data.catalog import Exercise
    from backcare_widgets.data.function_score import FunctionScore
    from backcare_widgets.data.log import SessionLog
    from backcare_widgets.data.log.between_visits import Choice

__all__ = ["ExerciseLine", "VisitReport", "visit_report"]

#: Notes the session writes itself (not the person's words): left out of the notes list.
_AUTOMATIC = ("Form cues ticked:",)


@dataclass(frozen=True)
class ExerciseLine:
    """One exercise over the period: sessions done against the sessions the dose asks for."""

    exercise_id: str
    name: str
    sessions_done: int
    sessions_target: int
    days_done: int

    @property
    def percent(self) -> int:
        """Return sessions done as a whole percentage of the target (never above 100)."""
        if not self.sessions_target:
            return 0
        return min(100, round(100 * self.sessions_done / self.sessions_target))


@dataclass(frozen=True)
class VisitReport:
    """Everything the report shows for one period (both ends included)."""

    start: date
    end: date
    days_exercised: tuple[date, ...]
    exercises: tuple[ExerciseLine, ...]
    pain_days: int
    pain_before: float | None
    pain_after: float | None
    worse_days: tuple[date, ...]
    function_scores: tuple[FunctionScore, ...]
    steps: tuple[Choice, ...]
    notes: tuple[tuple[date, str, str], ...]

    @property
    def days(self) -> int:
        """Return the number of days in the period."""
        return (self.end - self.start).days + 1


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def visit_report(
    log: SessionLog, catalog: Mapping[str, Exercise], *, start: date, end: date
) -> VisitReport:
    """Read one period of the log (local days, inclusive) into the report's figures.

    Raises
    ------
    ValueError
        If ``end`` is before ``start``.
    """
    if end < start:
        raise ValueError(f"the period ends ({end:%d %B %Y}) before it starts ({start:%d %B %Y})")
    rows = [LoggedSet(*row) for row in log.sets(start=start, end=end)]
    names = {exercise_id: exercise.name.text for exercise_id, exercise in catalog.items()}
    by_day: dict[date, list[LoggedSet]] = defaultdict(list)
    for row in rows:
        by_day[row.when.date()].append(row)
    days = sorted(by_day)
    lines = []
    for exercise_id, dose in doses(catalog).items():
        done = [
            sessions_done(dose, [row for row in by_day[day] if row.exercise == exercise_id])
            for day in days
        ]
        lines.append(
            ExerciseLine(
                exercise_id,
                names[exercise_id],
                sum(done),
                dose.times_a_day * ((end - start).days + 1),
                sum(1 for count in done if count),
            )
        )
    befores: list[int] = []
    afters: list[int] = []
    worse: list[date] = []
    for day in days:
        ordered = sorted(by_day[day], key=lambda row: row.when)
        before = next((row.pain_before for row in ordered if row.pain_before is not None), None)
        after = next(
            (row.pain_after for row in reversed(ordered) if row.pain_after is not None), None
        )
        if before is not None and after is not None:
            befores.append(before)
            afters.append(after)
        if _day_worse(ordered):
            worse.append(day)
    return VisitReport(
        start=start,
        end=end,
        days_exercised=tuple(days),
        exercises=tuple(lines),
        pain_days=len(befores),
        pain_before=_mean(befores),
        pain_after=_mean(afters),
        worse_days=tuple(worse),
        function_scores=tuple(function_scores(log, start=start, end=end)),
        steps=tuple(choices(log, start=start, end=end)),
        notes=_notes(log, start, end, names),
    )


def _day_worse(ordered: list[LoggedSet]) -> bool:
    """Whether any set's pain after was 2 points above its exercise's first "before" that day."""
    first: dict[str, int] = {}
    for row in ordered:
        if row.pain_before is not None:
            first.setdefault(row.exercise, row.pain_before)
        if pain_got_worse(first.get(row.exercise, row.pain_before), row.pain_after):
            return True
    return False


def _notes(
    log: SessionLog, start: date, end: date, names: Mapping[str, str]
) -> tuple[tuple[date, str, str], ...]:
    """Return the person's own notes in the period: local day, exercise name, text (not HTML).

    A set on both sides carries its note on each side's row: it is listed once.
    """
    frame = log.to_dataframe(start=start, end=end)
    found: list[tuple[date, str, str]] = []
    for day, exercise, note in zip(
        frame["day"], frame["exercise"].astype(str), frame["notes"], strict=True
    ):
        text = str(note)
        for marker in _AUTOMATIC:
            if marker in text:
                text = text[: text.index(marker)]
        item = (day.date(), names.get(exercise, exercise), text.strip())
        if item[2] and item not in found:
            found.append(item)
    return tuple(found)
