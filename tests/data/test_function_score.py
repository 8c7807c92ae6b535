"""The function score (PSFS): its checks, its mean, the weekly rule and the weekly line."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backcare_widgets.data.function_score import (
    SMALLEST_CHANGE,
    FunctionScore,
    FunctionScoreError,
    check_activities,
    next_due,
    weekly,
)

MONDAY = datetime(2026, 3, 2, 10, tzinfo=UTC)


def test_the_score_is_the_mean_of_the_ratings() -> None:
    score = FunctionScore(MONDAY, (("Putting on socks", 3), ("Lifting a bag", 4), ("Walk", 6)))
    assert score.mean == pytest.approx(4.3)
    assert FunctionScore(MONDAY, (("Sit", 0),)).mean == 0
    assert FunctionScore(MONDAY, (("Sit", 10),) * 5).mean == 10
    assert SMALLEST_CHANGE == 2


def test_blank_activities_are_left_out_and_names_are_tidied() -> None:
    kept = check_activities([("  Putting on   socks ", 3), ("", None), ("Lifting", 0)])
    assert kept == (("Putting on socks", 3), ("Lifting", 0))


@pytest.mark.parametrize(
    ("activities", "message"),
    [
        ([], "name at least one activity"),
        ([("", None)], "name at least one activity"),
        ([("Walk", None)], "activity 1 \\(Walk\\) needs a rating from 0 to 10"),
        ([("Walk", 11)], "needs a rating from 0 to 10"),
        ([("Walk", -1)], "needs a rating from 0 to 10"),
        ([("Walk", True)], "needs a rating from 0 to 10"),
        ([("x" * 81, 5)], "longer than 80 characters"),
        ([(f"A{i}", 5) for i in range(6)], "at most 5 activities"),
    ],
)
def test_a_bad_scale_is_refused_with_its_reason(
    activities: list[tuple[str, int | None]], message: str
) -> None:
    with pytest.raises(FunctionScoreError, match=f"(?i){message}"):
        check_activities(activities)


def test_at_most_once_a_week() -> None:
    assert next_due([]) is None
    first = FunctionScore(MONDAY, (("Walk", 4),))
    assert next_due([first]) == MONDAY + timedelta(days=7)


def test_weekly_line_keeps_one_point_a_week() -> None:
    scores = [
        FunctionScore(MONDAY + timedelta(days=2), (("Walk", 4),)),
        FunctionScore(MONDAY, (("Walk", 3),)),  # the same week, earlier: replaced
        FunctionScore(MONDAY + timedelta(days=9), (("Walk", 7),)),
    ]
    assert weekly(scores) == [(date(2026, 3, 2), 4.0), (date(2026, 3, 9), 7.0)]
