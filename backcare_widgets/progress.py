"""Progress charts from the session log: days exercised, sets against target, pain over time.

Charts are matplotlib figures inlined as SVG (crisp at any size, no image files to serve), each
inside a ``<figure role="img">`` with a text alternative that states what the chart shows.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from backcare_widgets import adherence

if TYPE_CHECKING:
    from collections.abc import Mapping

    from backcare_widgets.catalog import Exercise

CALENDAR_WEEKS = 8
RECENT_DAYS = 7
DONE, MISSED, TARGET = "#15803d", "#e5e7eb", "#1d4ed8"
BEFORE, AFTER = "#b45309", "#1d4ed8"
EMPTY_MESSAGE = (
    "Nothing logged yet. When you finish a set on an exercise page it is saved here, and this "
    "page shows your days, your streak and how your back felt."
)


@dataclass(frozen=True)
class Chart:
    """One chart: its SVG and the sentence that says what it shows."""

    title: str
    svg: str
    alt: str

    def html(self) -> str:
        """Return the chart as an accessible figure."""
        label = escape(f"{self.title}. {self.alt}")
        return (
            f'<figure class="backcare-chart" role="img" aria-label="{label}">'
            f"{self.svg}<figcaption>{escape(self.alt)}</figcaption></figure>"
        )


def _svg(fig: Figure) -> str:
    """Render a figure to inline SVG with text kept as text (selectable, small)."""
    buffer = io.StringIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "backcare"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    # scale with the page (a phone is narrower than the figure)
    return svg.replace("<svg ", '<svg aria-hidden="true" style="max-width:100%;height:auto" ', 1)


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    fig.patch.set_alpha(0)
    return fig


def calendar_chart(log: pd.DataFrame, *, today: date) -> Chart:
    """Draw the last weeks as a calendar, one square per day, filled when any set was done."""
    first = today - timedelta(days=today.weekday() + 7 * (CALENDAR_WEEKS - 1))
    days = adherence.daily_activity(log, start=first, end=today)
    streak = adherence.streaks(log, today=today)
    fig = _figure(6.4, 2.6)
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
                color=DONE if sets else MISSED,
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
        fontsize=8,
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
    return Chart("Days you exercised", _svg(fig), alt)


def sets_chart(log: pd.DataFrame, catalog: Mapping[str, Exercise], *, today: date) -> Chart:
    """Draw the last week's sets per exercise against the week's target."""
    start = today - timedelta(days=RECENT_DAYS - 1)
    table = adherence.sets_vs_target(log, catalog, start=start, end=today)
    week = table.groupby("exercise", observed=False)[["done", "target"]].sum()
    names = [str(catalog[i].name) if i in catalog else i for i in week.index.astype(str)]
    fig = _figure(6.4, 0.6 + 0.55 * len(week))
    ax = fig.add_subplot()
    rows = range(len(week))
    ax.barh(
        rows, week["target"].astype(float), color="none", edgecolor=TARGET, lw=1.5, label="target"
    )
    ax.barh(rows, week["done"], height=0.55, color=DONE, label="done")
    ax.set_yticks(list(rows), names)
    ax.invert_yaxis()
    ax.set_xlabel(f"sets in the last {RECENT_DAYS} days")
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    parts = [
        f"{name}: {int(done)} of {int(target)}"
        for name, done, target in zip(names, week["done"], week["target"], strict=True)
    ]
    alt = f"Sets done in the last {RECENT_DAYS} days against the target: " + "; ".join(parts) + "."
    return Chart("Sets against target", _svg(fig), alt)


def pain_chart(log: pd.DataFrame) -> Chart:
    """Draw the average pain before and after exercise, day by day (0-10)."""
    pain = adherence.pain_by_day(log)
    fig = _figure(6.4, 2.6)
    ax = fig.add_subplot()
    rated = pain.dropna(how="all", subset=["pain_before", "pain_after"])
    for column, colour, label in (
        ("pain_before", BEFORE, "before"),
        ("pain_after", AFTER, "after"),
    ):
        series = rated[column].astype(float)
        ax.plot(rated.index, series, marker="o", color=colour, label=f"pain {label}")
    ax.set_ylim(0, 10)
    ax.set_ylabel("pain (0-10)")
    ax.legend(loc="upper right", frameon=False, fontsize=8)
    ax.xaxis.set_major_formatter(mpl.dates.DateFormatter("%d %b"))
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
    return Chart("Pain before and after", _svg(fig), alt)


def _num(value: object) -> str:
    return "not rated" if pd.isna(value) else f"{float(value):.1f}"  # type: ignore[arg-type]


RECENT_ROWS = 10


def _cell(value: object) -> str:
    return "" if pd.isna(value) else escape(str(value))  # type: ignore[arg-type]


def recent_sets_html(log: pd.DataFrame, catalog: Mapping[str, Exercise]) -> str:
    """Return the latest sets as a table; notes are escaped, shown as the text they are."""
    rows = []
    for row in log.sort_values("when").tail(RECENT_ROWS).iloc[::-1].itertuples():
        exercise = str(row.exercise)
        name = str(catalog[exercise].name) if exercise in catalog else exercise
        pain = f"{_cell(row.pain_before) or '-'} → {_cell(row.pain_after) or '-'}"
        rows.append(
            "<tr>"
            f"<td>{row.when.tz_convert(None):%d %b %H:%M}</td>"
            f"<td>{escape(name)}</td><td>{_cell(row.side)}</td><td>{_cell(row.set_number)}</td>"
            f"<td>{_cell(row.reps)}</td><td>{_cell(row.hold_seconds)}</td><td>{pain}</td>"
            f'<td class="backcare-recent__notes">{_cell(row.notes)}</td>'
            "</tr>"
        )
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in ("When (UTC)", "Exercise", "Side", "Set", "Reps", "Hold (s)", "Pain", "Notes")
    )
    return (
        '<div class="backcare-recent" role="region" tabindex="0" aria-label="Your latest sets">'
        "<table><caption>Your latest sets</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def progress_html(
    log: pd.DataFrame, catalog: Mapping[str, Exercise], *, today: date | None = None
) -> str:
    """Return the whole progress section as HTML: a friendly note when there is nothing yet."""
    if log.empty:
        return f'<p class="backcare-progress__empty">{escape(EMPTY_MESSAGE)}</p>'
    today = today or date.today()  # noqa: DTZ011 - the person's own calendar day
    charts = (
        calendar_chart(log, today=today),
        sets_chart(log, catalog, today=today),
        pain_chart(log),
    )
    body = "".join(f"<h3>{escape(c.title)}</h3>{c.html()}" for c in charts)
    return f'<div class="backcare-progress">{body}{recent_sets_html(log, catalog)}</div>'
