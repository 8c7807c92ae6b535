"""The function score's weekly line, with the smallest change that counts marked, and its source.

One point a week (the week's latest score); a band of :data:`SMALLEST_CHANGE` points either side
of the first week's score shows which later points are a real change, and the citation sits
beside the chart.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from backcare_widgets.data.function_score import (
    CITATION,
    SMALLEST_CHANGE,
    SMALLEST_CHANGE_SOURCE,
    weekly,
)
from backcare_widgets.views.charts import TARGET, Chart, figure, svg

if TYPE_CHECKING:
    from collections.abc import Sequence

    from backcare_widgets.data.function_score import FunctionScore

__all__ = ["function_score_chart", "function_score_html", "sources_html"]


def function_score_chart(scores: Sequence[FunctionScore]) -> Chart | None:
    """Return the weekly line (None before the first score)."""
    points = weekly(scores)
    if not points:
        return None
    weeks = [week for week, _ in points]
    means = [mean for _, mean in points]
    fig = figure(6.4, 2.8)
    axes = fig.add_subplot()
    first = means[0]
    low, high = max(0.0, first - SMALLEST_CHANGE), min(10.0, first + SMALLEST_CHANGE)
    axes.axhspan(low, high, color="#e5e7eb", zorder=0)
    axes.axhline(first + SMALLEST_CHANGE, color="#6b7280", linestyle="--", linewidth=1)
    axes.text(
        0.01,
        min(9.6, first + SMALLEST_CHANGE + 0.15),
        f"+{SMALLEST_CHANGE} points: a real change",
        transform=axes.get_yaxis_transform(),
        fontsize=9,
        color="#374151",
    )
    axes.plot(range(len(weeks)), means, marker="o", color=TARGET, linewidth=2, markersize=7)
    for index, mean in enumerate(means):
        axes.annotate(f"{mean:g}", (index, mean), textcoords="offset points", xytext=(0, 8),
                      ha="center", fontsize=9)  # fmt: skip
    axes.set_xticks(range(len(weeks)), [f"{week:%d %b}" for week in weeks])
    axes.set_xlim(-0.5, max(len(weeks) - 0.5, 1.5))
    axes.set_ylim(0, 10.5)
    axes.set_ylabel("Score (0-10)")
    axes.set_xlabel("Week of")
    axes.spines[["top", "right"]].set_visible(False)
    change = means[-1] - first
    if len(means) == 1:
        said = f"One score so far: {first:g} out of 10, in the week of {weeks[0]:%d %B %Y}."
    else:
        real = "a real change" if abs(change) >= SMALLEST_CHANGE else "less than a real change"
        said = (
            f"{len(means)} weekly scores, from {first:g} to {means[-1]:g} out of 10 "
            f"({change:+.1f} points: {real}; {SMALLEST_CHANGE} points is the smallest that counts)."
        )
    return Chart("Function score, week by week", svg(fig), said)


def sources_html() -> str:
    """Return the scale's citation and the source of the smallest change, as a note."""
    return (
        f'<p class="backcare-function-score__source">{escape(CITATION)}. '
        f"{escape(SMALLEST_CHANGE_SOURCE)}</p>"
    )


def function_score_html(scores: Sequence[FunctionScore]) -> str:
    """Return the chart (or a line saying none yet) with the citation beside it."""
    chart = function_score_chart(scores)
    body = chart.html() if chart else "<p>No function score yet.</p>"
    return f'<div class="backcare-function-score__chart">{body}{sources_html()}</div>'
