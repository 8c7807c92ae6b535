"""The progression rule at every edge of every range: ladders, steps up and back, the bridge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.dosage import LoggedSet
from backcare_widgets.data.progression import (
    GOOD_SESSIONS,
    WORKBOOK_RULE,
    Level,
    SessionOutcome,
    ladder,
    nearest,
    outcomes,
    suggest,
)

CATALOG = load_catalog()
CRUNCHES = CATALOG.exercise("partial-crunches")
HAMSTRING = CATALOG.exercise("hamstring-stretch")
ROTATIONAL = CATALOG.exercise("lower-back-rotational-stretch")
BRIDGE = CATALOG.exercise("bridge")
START = datetime(2026, 3, 2, 9, tzinfo=UTC)


def good(count: int) -> list[SessionOutcome]:
    return [SessionOutcome(START + timedelta(days=i), True, False) for i in range(count)]


def test_ladders_stay_within_the_sources_ranges() -> None:
    assert ladder(CRUNCHES) == (Level(1, 8), Level(1, 10), Level(1, 12))
    assert ladder(HAMSTRING) == (Level(15, 5), Level(20, 5), Level(25, 5), Level(30, 5))
    assert ladder(ROTATIONAL) == (Level(5, 2), Level(10, 2), Level(10, 3))
    assert ladder(BRIDGE) == (Level(3, 5),)  # the workbook's default: no source range


@pytest.mark.parametrize(
    ("exercise", "level", "expected"),
    [
        (CRUNCHES, Level(1, 8), Level(1, 10)),
        (CRUNCHES, Level(1, 10), Level(1, 12)),
        (CRUNCHES, Level(1, 12), None),  # the top: never beyond
        (HAMSTRING, Level(15, 5), Level(20, 5)),
        (HAMSTRING, Level(25, 5), Level(30, 5)),
        (HAMSTRING, Level(30, 5), None),
        (ROTATIONAL, Level(5, 2), Level(10, 2)),
        (ROTATIONAL, Level(10, 2), Level(10, 3)),
        (ROTATIONAL, Level(10, 3), None),
    ],
)
def test_a_run_of_good_sessions_offers_the_next_step_never_past_the_top(
    exercise: object, level: Level, expected: Level | None
) -> None:
    found = suggest(exercise, level, good(GOOD_SESSIONS))  # type: ignore[arg-type]
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found.kind, found.current, found.proposed) == ("up", level, expected)
        assert "within the source's range" in found.text


@pytest.mark.parametrize("exercise", [CRUNCHES, HAMSTRING, ROTATIONAL])
def test_one_session_short_of_the_run_offers_nothing(exercise: object) -> None:
    low = ladder(exercise)[0]  # type: ignore[arg-type]
    assert suggest(exercise, low, good(GOOD_SESSIONS - 1)) is None  # type: ignore[arg-type]
    broken = [*good(GOOD_SESSIONS)]
    broken[0] = SessionOutcome(START, False, False)  # a set stopped early
    assert suggest(exercise, low, broken) is None  # type: ignore[arg-type]
    # the run counts the last sessions: an older bad one does not block
    assert suggest(exercise, low, [SessionOutcome(START, False, False), *good(3)]) is not None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("exercise", "level", "expected"),
    [
        (CRUNCHES, Level(1, 12), Level(1, 10)),
        (CRUNCHES, Level(1, 10), Level(1, 8)),
        (CRUNCHES, Level(1, 8), None),  # the bottom: the pain warning itself says stop
        (HAMSTRING, Level(20, 5), Level(15, 5)),
        (HAMSTRING, Level(15, 5), None),
        (ROTATIONAL, Level(10, 3), Level(10, 2)),
        (ROTATIONAL, Level(10, 2), Level(5, 2)),
        (ROTATIONAL, Level(5, 2), None),
    ],
)
def test_a_pain_warning_offers_a_step_back(
    exercise: object, level: Level, expected: Level | None
) -> None:
    sessions = [*good(5), SessionOutcome(START + timedelta(days=9), False, True)]
    found = suggest(exercise, level, sessions)  # type: ignore[arg-type]
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found.kind, found.proposed) == ("down", expected)
        assert "health-care professional" in found.text


def test_the_bridge_asks_the_educator_and_a_programme_turns_suggestions_off() -> None:
    found = suggest(BRIDGE, Level(3, 5), good(GOOD_SESSIONS))
    assert found is not None
    assert found.kind == "ask"
    assert found.proposed == found.current == Level(3, 5)
    assert "ask your educator" in found.text
    assert suggest(BRIDGE, Level(3, 5), good(GOOD_SESSIONS - 1)) is None
    assert suggest(CRUNCHES, Level(1, 8), good(10), programme=True) is None
    assert "workbook's own rule" in WORKBOOK_RULE


def test_a_level_off_the_ladder_is_read_as_the_step_below_it() -> None:
    assert nearest(HAMSTRING, Level(22, 5)) == Level(20, 5)
    assert nearest(HAMSTRING, Level(99, 9)) == Level(30, 5)  # never beyond the top
    assert nearest(HAMSTRING, Level(10, 5)) == Level(15, 5)
    assert nearest(CRUNCHES, None) == Level(1, 8)


def _rows(day: int, *, hold: int, reps: int, before: int = 2, after: int = 2) -> list[LoggedSet]:
    when = START + timedelta(days=day)
    return [
        LoggedSet(when, HAMSTRING.id, side, reps, hold, True, before, after)
        for side in ("left", "right")
    ]


def test_outcomes_read_the_log_at_the_level_in_force() -> None:
    rows = (
        _rows(0, hold=15, reps=5)
        + _rows(1, hold=20, reps=5)
        + _rows(2, hold=20, reps=4)  # one hold short
        + _rows(3, hold=20, reps=5, before=2, after=4)  # pain 2 points worse
    )
    found = outcomes(HAMSTRING, Level(20, 5), rows)
    assert [(o.good, o.pain_worse) for o in found] == [
        (False, False),  # 15 s holds are short of the level's 20 s
        (True, False),
        (False, False),
        (False, True),
    ]
    since = START + timedelta(days=1, hours=1)
    assert len(outcomes(HAMSTRING, Level(20, 5), rows, since=since)) == 2
