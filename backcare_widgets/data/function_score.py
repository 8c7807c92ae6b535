"""The function score: the Patient-Specific Functional Scale (PSFS), its score and weekly rule.

The person names up to five activities that back pain makes hard and rates each from 0 (unable
to do it) to 10 (able to do it as before the problem); the score is the mean of the ratings
(Stratford, Gill, Westaway and Binkley, "Assessing disability and change on individual patients:
a report of a patient-specific measure", Physiotherapy Canada 1995;47(4):258-263). A change of
:data:`SMALLEST_CHANGE` points in the mean is the smallest the scale tells from measurement
error (the minimum detectable change, 90% confidence, for the average score, as the scale's form
states beside the same citation); the sources are in ``docs/function-score-sources.md``.

The workbook asks at most once a week (:data:`ASK_EVERY`), a rule of its own: the scale is meant
to be repeated over weeks, not days. Plain Python: no widget, no HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "ASK_EVERY",
    "CITATION",
    "MAX_ACTIVITIES",
    "MAX_NAME_LENGTH",
    "SMALLEST_CHANGE",
    "SMALLEST_CHANGE_SOURCE",
    "FunctionScore",
    "FunctionScoreError",
    "check_activities",
    "next_due",
    "weekly",
]

MAX_ACTIVITIES = 5
MAX_NAME_LENGTH = 80
#: Points on the mean (0-10) that count as a real change: the PSFS form's minimum detectable
#: change (90% confidence) for the average score.
SMALLEST_CHANGE = 2
#: The workbook asks again only after a week (its own rule).
ASK_EVERY = timedelta(days=7)
CITATION = (
    "Patient-Specific Functional Scale: Stratford P, Gill C, Westaway M, Binkley J. Assessing "
    "disability and change on individual patients: a report of a patient-specific measure. "
    "Physiotherapy Canada 1995;47(4):258-263. doi:10.3138/ptc.47.4.258"
)
SMALLEST_CHANGE_SOURCE = (
    f"A change of {SMALLEST_CHANGE} points in the average score is the smallest the scale tells "
    "apart from measurement error (minimum detectable change, 90% confidence), as the scale's "
    "published form states with the citation above."
)


class FunctionScoreError(ValueError):
    """A function score that cannot be kept, with every reason in plain words."""


@dataclass(frozen=True)
class FunctionScore:
    """One filled-in scale: when, and each activity with its rating (0-10)."""

    when: datetime
    activities: tuple[tuple[str, int], ...]

    @property
    def mean(self) -> float:
        """Return the score: the mean of the ratings, to one decimal."""
        return round(sum(score for _, score in self.activities) / len(self.activities), 1)

    @property
    def day(self) -> date:
        """Return the local calendar day it was filled in."""
        return self.when.date()


def check_activities(activities: Iterable[tuple[str, int | None]]) -> tuple[tuple[str, int], ...]:
    """Return the activities to keep (blank names left out), or refuse them with every reason.

    Raises
    ------
    FunctionScoreError
        No activity named, more than five, a name too long, or a rating missing or not 0-10.
    """
    kept: list[tuple[str, int]] = []
    problems: list[str] = []
    for number, (raw_name, score) in enumerate(activities, start=1):
        name = " ".join(str(raw_name).split())
        if not name:
            continue
        if len(name) > MAX_NAME_LENGTH:
            problems.append(f"activity {number} is longer than {MAX_NAME_LENGTH} characters")
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
            problems.append(f"activity {number} ({name}) needs a rating from 0 to 10")
            continue
        kept.append((name, score))
    if not kept and not problems:
        problems.append("name at least one activity that your back pain makes hard, and rate it")
    if len(kept) > MAX_ACTIVITIES:
        problems.append(f"name at most {MAX_ACTIVITIES} activities")
    if problems:
        text = "; ".join(problems)
        raise FunctionScoreError(f"{text[0].upper()}{text[1:]}.")  # names keep their capitals
    return tuple(kept)


def next_due(scores: Sequence[FunctionScore]) -> datetime | None:
    """Return when the scale may be filled in again (None: now, nothing filled in yet)."""
    if not scores:
        return None
    return max(score.when for score in scores) + ASK_EVERY


def week_start(day: date) -> date:
    """Return the Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def weekly(scores: Iterable[FunctionScore]) -> list[tuple[date, float]]:
    """Return one point a week (the week's Monday, the latest score that week), oldest first."""
    latest: dict[date, FunctionScore] = {}
    for score in sorted(scores, key=lambda item: item.when):
        latest[week_start(score.day)] = score
    return [(week, latest[week].mean) for week in sorted(latest)]
