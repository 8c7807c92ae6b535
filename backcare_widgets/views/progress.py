"""Progress charts from the session log: days exercised, sessions against target, pain over time.

Sessions are the dose model's (:mod:`backcare_widgets.data.dosage`): doing exactly the source's dose
is 100% of the day, more is capped at 100%, and nothing here asks for more.

Charts are matplotlib figures inlined as SVG (crisp at any size, no image files to serve), each
inside a ``<figure>`` whose caption is a text alternative that states what the chart shows.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from textwrap import fill
from typing import TYPE_CHECKING

import matplotlib as mpl
import pandas as pd
from matplotlib.dates import DateFormatter, date2num
from matplotlib.ticker import MaxNLocator

from backcare_widgets.data import adherence
from backcare_widgets.views import charts as chart_kit
from backcare_widgets.views.charts import AFTER, BEFORE, DONE, MISSED, TARGET, Chart, figure, svg
from backcare_widgets.views.latest_sets import first_day_html, latest_sets_html

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import tzinfo

    from pandas.api.typing import NAType

    from backcare_widgets.data.catalog import Exercise

CALENDAR_WEEKS = 8
RECENT_DAYS = 7
EMPTY_MESSAGE = (
    "Nothing logged yet. When you finish a set on an exercise page it is saved here, and this "
    "page shows your days, your streak and how your back felt."
)


def calendar_chart(log: pd.DataFrame, *, today: date) -> Chart:
    """Draw the last weeks as a calendar, one square per day, filled when any set was done."""
    with chart_kit.chart_style():
        return _calendar_chart(log, today=today)


def _calendar_chart(log: pd.DataFrame, *, today: date) -> Chart:
    first = today - timedelta(days=today.weekday() + 7 * (CALENDAR_WEEKS - 1))
    days = adherence.daily_activity(log, start=first, end=today)
    streak = adherence.streaks(log, today=today)
    fig = figure(chart_kit.WIDTH_IN, 4.2)
    ax = fig.add_subplot()
    for offset in range((today - first).days + 1):
        day = first + timedelta(days=offset)
        sets = int(days["sets"].get(pd.Timestamp(day), 0))
        week, weekday = divmod(offset, 7)
        ax.add_patch(
            mpl.patches.FancyBboxPatch(
                (week + 0.08, 6 - weekday + 0.08),
                0.84,
                0.84,
                boxstyle="round,pad=0,rounding_size=0.15",
                facecolor=DONE if sets else MISSED,
                edgecolor=DONE
                if sets
                else chart_kit.MISSED_EDGE,  # an empty day still shows its square
                linewidth=1.2,
            )
        )
        if day == today:
            ax.add_patch(
                mpl.patches.Rectangle(
                    (week + 0.02, 6 - weekday + 0.02), 0.96, 0.96, fill=False, lw=2, ec="#111827"
                )
            )
    ax.set_xlim(0, CALENDAR_WEEKS)
    ax.set_ylim(0, 7)
    ax.set_aspect("equal")
    ax.set_yticks([6.5 - i for i in range(7)], ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    ax.set_xticks(  # every other Monday, so the dates never overlap
        [w + 0.5 for w in range(0, CALENDAR_WEEKS, 2)],
        [f"{first + timedelta(weeks=w):%d %b}" for w in range(0, CALENDAR_WEEKS, 2)],
    )
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    active = int(days["active"].sum())
    total = len(days)
    alt = (
        f"You exercised on {active} of the last {total} days. "
        f"Current streak: {streak.current} day{'s' if streak.current != 1 else ''}; "
        f"longest: {streak.longest}."
    )
    return Chart("Days you exercised", svg(fig), alt)


def _recent_days(log: pd.DataFrame, today: date) -> tuple[date, str]:
    """Return the first day of the recent days shown, and how to name them.

    The last week, or the days since the first logged set if that is shorter: days before a
    person started are not days they missed, and counting them would call a first day's whole
    dose a small share of the week.
    """
    start = today - timedelta(days=RECENT_DAYS - 1)
    first = adherence.first_day(log)
    if first is not None and start < first <= today:
        count = (today - first).days + 1
        return first, "today" if count == 1 else f"your {count} days so far"
    return start, f"the last {RECENT_DAYS} days"


def sets_chart(log: pd.DataFrame, catalog: Mapping[str, Exercise], *, today: date) -> Chart:
    """Draw the recent days' sessions per exercise against their target."""
    with chart_kit.chart_style():
        return _sets_chart(log, catalog, today=today)


def _sets_chart(log: pd.DataFrame, catalog: Mapping[str, Exercise], *, today: date) -> Chart:
    start, period = _recent_days(log, today)
    table = adherence.sessions_vs_target(log, catalog, start=start, end=today)
    week = table.groupby("exercise", observed=False)[["done", "target"]].sum()
    names = [str(catalog[i].name) if i in catalog else i for i in week.index.astype(str)]
    fig = figure(chart_kit.WIDTH_IN, 1.2 + 0.75 * len(week))
    ax = fig.add_subplot()
    rows = range(len(week))
    ax.barh(
        rows, week["target"].astype(float), color="none", edgecolor=TARGET, lw=1.5, label="target"
    )
    ax.barh(rows, week["done"], height=0.55, color=DONE, label="done")
    ax.set_yticks(list(rows), [fill(name, 14) for name in names])  # long names on two lines
    ax.invert_yaxis()
    ax.set_xlabel(f"sessions, {period}")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # no half sessions
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    parts = [
        f"{name}: {int(done)} of {int(target)}"
        for name, done, target in zip(names, week["done"], week["target"], strict=True)
    ]
    alt = f"Sessions done, {period}, against the target: " + "; ".join(parts) + "."
    return Chart("Sessions against target", svg(fig), alt)


def days_html(log: pd.DataFrame, catalog: Mapping[str, Exercise], *, today: date) -> str:
    """Return the last week day by day: sessions against target as a percentage, and pain marks.

    A day is 100% when every exercise's sessions are done (more counts as done, never more than
    100%). A day is marked when pain after a set was 2 or more points above the pain before
    that exercise's first set of the day.
    """
    start, period = _recent_days(log, today)
    table = adherence.sessions_vs_target(log, catalog, start=start, end=today)
    percent = adherence.percent_by_day(table)
    worse = adherence.pain_by_day(log)["worse"]
    rows = []
    for offset in range((today - start).days + 1):
        day = pd.Timestamp(today - timedelta(days=offset))
        of_day = table[table["day"] == day]
        done, target = int(of_day["done"].sum()), int(of_day["target"].fillna(0).sum())
        pct = int(percent.get(day, 0))
        pain = int(worse.get(day, 0))
        mark = (
            f'<td class="backcare-days__pain backcare-days__pain--worse">'
            f"Pain rose 2+ points ({pain} set{'s' if pain != 1 else ''})</td>"
            if pain
            else "<td></td>"
        )
        rows.append(
            f'<tr data-day="{day:%Y-%m-%d}"><th scope="row">{day:%a %d %b}</th>'
            f'<td class="backcare-days__sessions">{done} of {target}</td>'
            f'<td class="backcare-days__percent">{pct}%</td>{mark}</tr>'
        )
    head = "".join(
        f'<th scope="col">{h}</th>' for h in ("Day", "Sessions done", "Of the day's dose", "Pain")
    )
    week_done = int(table["done"].sum())
    week_target = int(table["target"].fillna(0).sum())
    week_pct = round(100 * week_done / week_target) if week_target else 0
    return (
        f'<div class="backcare-days" role="region" tabindex="0" aria-label="{period.capitalize()}">'
        f"<table><caption>{period.capitalize()}: {week_done} of {week_target} sessions "
        f"({week_pct}%)</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
        "</table><p>A session is one set on each side at the dose; doing the whole dose of every "
        "exercise makes the day 100%. The pain mark means pain after a set was 2 or more points "
        "above the pain before that exercise's first set of the day: stop that exercise and ask "
        "a health-care professional.</p></div>"
    )


def pain_chart(log: pd.DataFrame) -> Chart:
    """Draw the average pain before and after exercise, day by day (0-10)."""
    with chart_kit.chart_style():
        return _pain_chart(log)


def date_ticks(days: pd.DatetimeIndex) -> list[pd.Timestamp]:
    """Return at most four whole days to mark on a date axis: the one day, if only one."""
    if len(days) == 0:
        return []
    first, last = days.min().normalize(), days.max().normalize()
    step = max(1, -(-(last - first).days // 3))  # at most four ticks, whole days apart
    return list(pd.date_range(first, last, freq=f"{step}D"))


def _pain_chart(log: pd.DataFrame) -> Chart:
    pain = adherence.pain_by_day(log)
    fig = figure(chart_kit.WIDTH_IN, 3.2)
    ax = fig.add_subplot()
    rated = pain.dropna(how="all", subset=["pain_before", "pain_after"])
    for column, colour, style, label in (
        ("pain_before", BEFORE, chart_kit.BEFORE_STYLE, "before"),
        ("pain_after", AFTER, chart_kit.AFTER_STYLE, "after"),
    ):
        series = rated[column].astype(float)
        ax.plot(
            rated.index,
            series,
            color=colour,
            label=f"pain {label}",
            marker=style["marker"],
            linestyle=style["linestyle"],
            markersize=7,
            linewidth=2,
        )
    ax.set_ylim(0, 10)
    ax.set_ylabel("pain (0-10)")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)
    ticks = date_ticks(pd.DatetimeIndex(rated.index))
    if ticks:  # half a day of room at each end, so the first and last points are not cut
        ax.set_xticks([float(date2num(tick)) for tick in ticks])
        ax.set_xlim(
            float(date2num(ticks[0])) - 0.5,
            float(date2num(max(rated.index.max(), ticks[-1]))) + 0.5,
        )
    ax.xaxis.set_major_formatter(DateFormatter("%d %b"))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if rated.empty:
        alt = "No pain ratings yet: rate your pain before and after a set to see it here."
    else:
        first, last = rated.iloc[0], rated.iloc[-1]
        alt = (
            f"Average pain before exercise went from {_num(first['pain_before'])} on "
            f"{rated.index[0]:%d %b} to {_num(last['pain_before'])} on {rated.index[-1]:%d %b}; "
            f"after exercise from {_num(first['pain_after'])} to {_num(last['pain_after'])}."
        )
    return Chart("Pain before and after", svg(fig), alt)


def _num(value: float | NAType | None) -> str:
    return "not rated" if pd.isna(value) else f"{float(value):.1f}"


def progress_html(
    log: pd.DataFrame,
    catalog: Mapping[str, Exercise],
    *,
    today: date | None = None,
    zone: tzinfo | None = None,
) -> str:
    """Return the whole progress section as HTML: a friendly note when there is nothing yet.

    On the first logged day a note encourages instead of a calendar of days not yet lived;
    the latest sets are cards, their times in ``zone`` (the person's, from the browser).
    """
    if log.empty:
        return f'<p class="backcare-progress__empty">{escape(EMPTY_MESSAGE)}</p>'
    today = today or date.today()  # noqa: DTZ011 - the person's own calendar day
    first_day = first_day_html(log, today=today)
    charts = (
        *(() if first_day else (calendar_chart(log, today=today),)),
        sets_chart(log, catalog, today=today),
        pain_chart(log),
    )
    body = "".join(f"<h2>{escape(c.title)}</h2>{c.html()}" for c in charts)
    days = f"<h2>Day by day</h2>{days_html(log, catalog, today=today)}"
    latest = latest_sets_html(log, catalog, zone=zone)
    return f'<div class="backcare-progress">{first_day}{days}{body}{latest}</div>'
