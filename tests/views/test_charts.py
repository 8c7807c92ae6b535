"""Charts people can read (issue 19): type size at phone width, empty days outlined, pain before
and after told apart without colour, and a date axis that makes sense for a single day."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.views import figures
from backcare_widgets.views.charts import MISSED_EDGE
from backcare_widgets.views.progress import calendar_chart, date_ticks, pain_chart, sets_chart
from tests.sets import done_set

if TYPE_CHECKING:
    from pathlib import Path

#: The width a chart gets on a 390 CSS px wide phone (the page's padding taken off), measured
#: in Chromium by tests/e2e/test_look_browser.py; a little less, to be safe.
PHONE_CHART_PX = 340
#: Each of the two small start and end pictures at 390 px (side by side).
PHONE_PICTURE_PX = 160
SVG = "{http://www.w3.org/2000/svg}"


def _log(tmp_path: Path, days: tuple[int, ...]) -> pd.DataFrame:
    log = SessionLog(tmp_path / "log.sqlite3")
    for day in days:
        done_set(log, "bridge", datetime(2026, 11, day, 9, tzinfo=UTC), pain=(4, 2))
    return log.to_dataframe()


def _root(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _font_sizes(root: ET.Element) -> list[float]:
    sizes = []
    for text in root.iter(f"{SVG}text"):
        style = text.get("style", "")
        found = re.search(r"font:\s*([\d.]+)px", style) or re.search(
            r"font-size:\s*([\d.]+)", style
        )
        size = found.group(1) if found else text.get("font-size")
        assert size is not None, ET.tostring(text)
        sizes.append(float(size))
    return sizes


def _smallest_css_px(svg: str, width_px: float) -> float:
    """The smallest text of ``svg`` in CSS px when the picture is drawn ``width_px`` wide."""
    root = _root(svg)
    view_width = float(root.get("viewBox", "").split()[2])
    sizes = _font_sizes(root)
    assert sizes, "no text in the chart"
    return min(sizes) * min(width_px, _natural_px(root)) / view_width


def _natural_px(root: ET.Element) -> float:
    width = root.get("width", "")
    if width.endswith("pt"):
        return float(width[:-2]) * 4 / 3
    return float("inf")  # a picture without a width takes the width it is given


@pytest.fixture
def week(tmp_path: Path) -> pd.DataFrame:
    return _log(tmp_path, (17, 18, 20, 22, 23))


def test_chart_text_is_12_css_px_or_more_at_phone_width(week: pd.DataFrame):
    today = date(2026, 11, 23)
    for chart in (
        calendar_chart(week, today=today),
        sets_chart(week, load_catalog(), today=today),
        pain_chart(week),
    ):
        assert _smallest_css_px(chart.svg, PHONE_CHART_PX) >= 12, chart.title


def test_the_working_caption_under_small_pictures_is_12_css_px_or_more():
    catalog = load_catalog()
    for exercise in catalog.values():
        for pose in figures.POSE_NAMES:
            svg = figures.pose_svg(exercise, pose)
            assert "Working:" in svg
            assert _smallest_css_px(svg, PHONE_PICTURE_PX) >= 12, (exercise.id, pose)


def test_the_working_muscle_has_a_dashed_white_outline_as_well_as_its_hue():
    svg = figures.pose_svg(load_catalog()["bridge"], "end")
    muscles = [path for path in _root(svg).iter(f"{SVG}path") if path.get("fill") == figures.MUSCLE]
    assert muscles
    for path in muscles:
        assert path.get("stroke") == "#ffffff"
        assert path.get("stroke-dasharray")
        assert float(path.get("stroke-width", "0")) >= 1


def test_empty_calendar_days_are_outlined_at_3_to_1(week: pd.DataFrame):
    svg = calendar_chart(week, today=date(2026, 11, 23)).svg
    assert f"stroke: {MISSED_EDGE}" in svg
    assert _contrast(MISSED_EDGE, "#ffffff") >= 3


def test_pain_before_and_after_differ_in_marker_and_line_style(week: pd.DataFrame):
    from backcare_widgets.views.charts import AFTER_STYLE, BEFORE_STYLE

    assert BEFORE_STYLE["marker"] != AFTER_STYLE["marker"]
    assert BEFORE_STYLE["linestyle"] != AFTER_STYLE["linestyle"]
    svg = pain_chart(week).svg
    assert "stroke-dasharray" in svg  # the dashed "after" line is drawn so


def test_a_single_day_has_one_date_on_its_axis(tmp_path: Path):
    one_day = _log(tmp_path, (23,))
    ticks = date_ticks(pd.DatetimeIndex(one_day["when"].dt.tz_convert(None).dt.normalize()))
    assert ticks == [pd.Timestamp(2026, 11, 23)]
    svg = pain_chart(one_day).svg
    dates = re.findall(r"\b\d\d (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", svg)
    assert dates == ["23 Nov"], dates


def test_date_ticks_are_whole_days_at_most_four():
    days = pd.DatetimeIndex(pd.date_range("2026-11-01", "2026-11-20"))
    ticks = date_ticks(days)
    assert 2 <= len(ticks) <= 4
    assert all(tick == tick.normalize() for tick in ticks)
    assert ticks[0] == pd.Timestamp("2026-11-01")
    assert date_ticks(pd.DatetimeIndex([])) == []


def _contrast(one: str, other: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)
