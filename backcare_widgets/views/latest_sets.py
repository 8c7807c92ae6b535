"""The latest sets as cards, with times in the person's own time zone.

A table of eight columns scrolls sideways on a phone; a card per set reads at 320 px. The log
keeps each set's moment in UTC; the page converts it to the zone the person's browser reports
(:class:`~backcare_widgets.components.browser_clock.BrowserClock`), or, until it has, to the
zone of the computer that runs the workbook, and says which one it used.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date, tzinfo

    from backcare_widgets.data.catalog import Exercise

__all__ = ["FIRST_DAY_MESSAGE", "LATEST_SETS", "first_day_html", "latest_sets_html"]

LATEST_SETS = 10
#: What My progress says on the day of the first logged set (words of the workbook's own).
FIRST_DAY_MESSAGE = (
    "Your first day: well done for starting. Every set you save is kept here, and from tomorrow "
    "this page shows your days, your streak and how your back felt over time."
)
_CSS = Path(__file__).parent / "static" / "latest-sets.css"


@cache
def _stylesheet() -> str:
    return _CSS.read_text(encoding="utf-8")


def _text(value: object) -> str:
    # pd.isna takes any value; pandas-stubs lists only some scalars
    return "" if pd.isna(value) else escape(str(value))  # type: ignore[call-overload]


def _zone_label(zone: tzinfo | None) -> str:
    if zone is None:
        return "Times in the time zone of the computer that runs the workbook."
    return f"Times in your time zone ({escape(str(zone))})."


def first_day_html(log: pd.DataFrame, *, today: date) -> str:
    """Return the first day's encouraging note, or "" when sets were logged before today."""
    if log.empty or log["day"].min().date() < today:
        return ""
    return f'<p class="backcare-first-day" role="status">{escape(FIRST_DAY_MESSAGE)}</p>'


def latest_sets_html(
    log: pd.DataFrame, catalog: Mapping[str, Exercise], *, zone: tzinfo | None = None
) -> str:
    """Return the latest sets as a list of cards (newest first), times in ``zone``."""
    latest = log.sort_values("when").tail(LATEST_SETS).iloc[::-1]
    shown_in = zone if zone is not None else datetime.now(UTC).astimezone().tzinfo
    cards = []
    for row in latest.itertuples():
        when = pd.Timestamp(str(row.when))
        local = when.tz_convert(shown_in)
        exercise = str(row.exercise)
        name = str(catalog[exercise].name) if exercise in catalog else exercise
        what = [f"set {_text(row.set_number)}"]
        if _text(row.side):
            what.insert(0, f"{_text(row.side)} side")
        done = []
        if _text(row.reps):
            unit = "hold" if _text(row.hold_seconds) else "repetition"
            unit += "" if _text(row.reps) == "1" else "s"
            done.append(f"{_text(row.reps)} {unit}")
        if _text(row.hold_seconds):
            done.append(f"held {_text(row.hold_seconds)} s")
        pain = (
            f"pain {_text(row.pain_before) or 'not rated'} before, "
            f"{_text(row.pain_after) or 'not rated'} after"
        )
        notes = _text(row.notes)
        cards.append(
            '<li class="backcare-set-card">'
            f'<p class="backcare-set-card__when"><time datetime="{when.isoformat()}">'
            f"{local:%a %d %b, %H:%M}</time></p>"
            f'<p class="backcare-set-card__what"><strong>{escape(name)}</strong>, '
            f"{', '.join(what)}</p>"
            f'<p class="backcare-set-card__done">{", ".join(done) or "no count"}; {pain}</p>'
            + (f'<p class="backcare-set-card__notes">{notes}</p>' if notes else "")
            + "</li>"
        )
    return (
        f"<style>{_stylesheet()}</style>"
        '<section class="backcare-latest" aria-labelledby="backcare-latest-heading">'
        '<h3 id="backcare-latest-heading">Your latest sets</h3>'
        f'<p class="backcare-latest__zone">{_zone_label(zone)}</p>'
        f'<ul class="backcare-latest__list">{"".join(cards)}</ul></section>'
    )
