"""Adherence from the session log: active days, streaks, sessions against target, pain per day.

Plain pandas on the DataFrame of :meth:`SessionLog.to_dataframe`, so the progress page only
draws and these numbers are tested without widgets. A "day" is the local calendar day where
the set was done (the log's ``day`` column), so a late-evening set counts for that evening.
Targets count in the dose model's sessions (:mod:`backcare_widgets.data.dosage`), never logged rows:
doing exactly the source's dose is 100%, and more is capped at 100%.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from backcare_widgets.data.dosage import daily_targets, doses, frame_sets, sessions_done
from backcare_widgets.data.pain import WORSE_BY

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "Streaks",
    "daily_activity",
    "daily_targets",
    "first_day",
    "pain_by_day",
    "percent_by_day",
    "sessions_vs_target",
    "sets_vs_target",
    "streaks",
]


@dataclass(frozen=True, slots=True)
class Streaks:
    """Consecutive days with any exercise, counted up to a given day."""

    current: int
    longest: int
    last_active: date | None


def _as_day(value: date | datetime | pd.Timestamp | str) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)  # the wall-clock day where it happened
    return stamp.normalize().as_unit("s")


def _local_today() -> pd.Timestamp:
    return _as_day(datetime.now(UTC).astimezone())


def _days(log: pd.DataFrame) -> pd.Series:
    """Return each row's local day as datetime64[s] (from ``day``, else from ``when``)."""
    if "day" in log.columns:
        days = pd.to_datetime(log["day"])
    elif "when" in log.columns:
        when = pd.to_datetime(log["when"])
        days = when.dt.tz_localize(None) if when.dt.tz is not None else when
    else:
        raise ValueError("the log DataFrame needs a 'day' or a 'when' column")
    return days.dt.normalize().astype("datetime64[s]").rename("day")


def first_day(log: pd.DataFrame) -> date | None:
    """Return the first local day with a logged set (None for an empty log).

    Days before it are not days a person missed: they had not started.
    """
    days = _days(log)
    return None if days.empty else days.min().date()


def _day_range(days: pd.Series, start: date | None, end: date | None) -> pd.DatetimeIndex | None:
    first = _as_day(start) if start is not None else (days.min() if len(days) else None)
    last = _as_day(end) if end is not None else (days.max() if len(days) else None)
    if first is None or last is None or pd.isna(first) or pd.isna(last):
        return None
    return pd.date_range(first, last, freq="D", unit="s", name="day")


def daily_activity(
    log: pd.DataFrame, *, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Count sets per day, with the days without exercise too, for a calendar chart.

    Parameters
    ----------
    log
        The DataFrame of ``SessionLog.to_dataframe()``.
    start, end
        The days to cover (inclusive); default from the first to the last logged day.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``day`` (datetime64[s], every day in the range), with columns ``sets``
        (int64), ``exercises`` (int64, distinct exercises done) and ``active`` (bool).
    """
    days = _days(log)
    index = _day_range(days, start, end)
    if index is None:
        index = pd.DatetimeIndex([], dtype="datetime64[s]", name="day")
    grouped = pd.DataFrame({"day": days, "exercise": log["exercise"].astype(str)}).groupby("day")
    sets = grouped.size().reindex(index, fill_value=0).astype("int64")
    exercises = grouped["exercise"].nunique().reindex(index, fill_value=0).astype("int64")
    return pd.DataFrame({"sets": sets, "exercises": exercises, "active": sets > 0}, index=index)


def streaks(log: pd.DataFrame, *, today: date | None = None) -> Streaks:
    """Return the current and the longest run of consecutive days with any exercise.

    A streak is still current on a day not yet exercised: it ends only when a whole day passes
    without exercise (so the morning's page does not show 0 before the routine).

    Parameters
    ----------
    log
        The DataFrame of ``SessionLog.to_dataframe()``.
    today
        The day to count to; days after it are ignored. Default: today, local time.
    """
    last_day = _local_today() if today is None else _as_day(today)
    days = _days(log)
    active = np.unique(days[days <= last_day].to_numpy().astype("datetime64[D]").astype(np.int64))
    if not len(active):
        return Streaks(current=0, longest=0, last_active=None)
    run_ids = np.concatenate([[0], np.cumsum(np.diff(active) != 1)])
    lengths = np.bincount(run_ids)
    today_number = (last_day - pd.Timestamp(0)).days
    current = int(lengths[-1]) if today_number - int(active[-1]) <= 1 else 0
    last_active = (pd.Timestamp(0) + pd.Timedelta(days=int(active[-1]))).date()
    return Streaks(current=current, longest=int(lengths.max()), last_active=last_active)


def sessions_vs_target(
    log: pd.DataFrame,
    catalog: Mapping[str, Any] | None = None,
    *,
    targets: Mapping[str, int] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """Compare sessions done with the sessions a day the dose asks for, per exercise and day.

    Parameters
    ----------
    log
        The DataFrame of ``SessionLog.to_dataframe()``; each row is one set on one side.
    catalog
        Exercise records with a ``.dosage`` (a programme's ``catalog()`` follows its dosage);
        default the workbook's catalogue. Sessions are counted with its doses.
    targets
        Sessions a day per exercise id, instead of each dose's times a day (e.g.
        ``programme.daily_targets()``); exercises left out have no target.
    start, end
        The days to cover (inclusive); default from the first to the last logged day.

    Returns
    -------
    pandas.DataFrame
        One row per day and exercise: ``day`` (datetime64[s]), ``exercise`` (category),
        ``done`` (int64, sessions complete, capped at the target: more is done, not more than
        done), ``target`` (Int64, missing for an exercise without one) and ``met`` (boolean,
        missing where there is no target).
    """
    if catalog is None:
        from backcare_widgets.data.catalog import load_catalog  # loaded only when needed

        catalog = load_catalog()
    dose_by_id = doses(catalog)
    if targets is None:
        targets = daily_targets(catalog)
    days = _days(log)
    exercise = log["exercise"].astype(str)
    index = _day_range(days, start, end)
    if index is None:
        index = pd.DatetimeIndex([], dtype="datetime64[s]", name="day")
    # the programme's exercises, and any other exercise done in the range
    names = sorted(set(targets) | set(exercise[days.isin(index)]))
    rows = frame_sets(log)
    grouped: dict[tuple[pd.Timestamp, str], list[Any]] = {}
    for day, row in zip(days, rows, strict=True):
        grouped.setdefault((day, row.exercise), []).append(row)
    counts: dict[tuple[pd.Timestamp, str], int] = {}
    for (day, name), day_rows in grouped.items():
        dose = dose_by_id.get(name)
        if dose is not None and targets.get(name):  # a programme's sessions a day
            dose = replace(dose, times_a_day=int(targets[name]))
        counts[(day, name)] = (
            # an exercise the catalogue does not know: its day's rows are one session
            sessions_done(dose, day_rows) if dose is not None else 1
        )
    full = pd.MultiIndex.from_product([index, names], names=["day", "exercise"])
    out = pd.DataFrame(index=full).reset_index()
    out["done"] = np.array(
        [counts.get((day, name), 0) for day, name in zip(out["day"], out["exercise"], strict=True)],
        dtype="int64",
    )
    out["exercise"] = pd.Categorical(out["exercise"], categories=names)
    out["target"] = pd.array(
        [targets.get(name) for name in out["exercise"].astype(str)], dtype="Int64"
    )
    capped = out["done"].clip(upper=out["target"].fillna(out["done"]).astype("int64"))
    out["done"] = capped.astype("int64")
    out["met"] = (out["done"] >= out["target"]).astype("boolean")
    return out


#: The old name: it counts sessions now (a set on each side at the dose), not logged rows.
sets_vs_target = sessions_vs_target


def percent_by_day(table: pd.DataFrame) -> pd.Series:
    """Return each day's sessions done as a percentage of its target (capped at 100 per exercise).

    Takes the table of :func:`sessions_vs_target`; a day without any target is left out.
    """
    planned = table[table["target"].notna() & (table["target"] > 0)]
    grouped = planned.groupby("day")
    done = grouped["done"].sum().astype(float)
    target = grouped["target"].sum().astype(float)
    return (100 * done / target).round().astype("int64").rename("percent")


def pain_by_day(log: pd.DataFrame) -> pd.DataFrame:
    """Return mean pain before and after the sets of each day, and how often it got worse.

    A set counts as worse when its pain after is ``WORSE_BY`` or more above the pain before that
    exercise's first set of the day (the first one rated), so a rise spread over several sets
    (2, 3, 4, 5) counts too.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``day`` (datetime64[s], days with any set), with ``pain_before`` and
        ``pain_after`` (Float64 means of the sets rated; missing if none), ``change`` (Float64,
        mean of after minus before over sets rated both times), ``rated`` (int64, sets rated
        both times) and ``worse`` (int64, sets whose pain after was ``WORSE_BY`` or more above
        the day's first pain before for that exercise).
    """
    before = log["pain_before"].astype("Float64")
    after = log["pain_after"].astype("Float64")
    change = after - before
    days = _days(log)
    order = pd.to_datetime(log["when"]) if "when" in log.columns else days
    keys = pd.DataFrame(
        {"day": days, "exercise": log["exercise"].astype(str), "order": order, "before": before}
    )
    first_before = (
        keys.sort_values("order", kind="stable")
        .groupby(["day", "exercise"])["before"]
        .transform("first")
    ).reindex(keys.index)
    from_first = after - first_before.astype("Float64")
    frame = pd.DataFrame(
        {
            "day": _days(log),
            "pain_before": before,
            "pain_after": after,
            "change": change,
            "rated": change.notna().astype("int64"),
            "worse": (from_first >= WORSE_BY).fillna(value=False).astype("int64"),
        }
    )
    grouped = frame.groupby("day")
    out = grouped[["pain_before", "pain_after", "change"]].mean()
    out[["rated", "worse"]] = grouped[["rated", "worse"]].sum().astype("int64")
    return out
