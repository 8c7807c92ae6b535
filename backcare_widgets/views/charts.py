"""Charts as inline SVG: one accessible figure wrapper and the colours every chart shares.

Charts are matplotlib figures inlined as SVG (crisp at any size, no image files to serve), each
inside a ``<figure>`` whose caption is a text alternative that states what the chart shows.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
from matplotlib.figure import Figure

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

__all__ = [
    "AFTER",
    "AFTER_STYLE",
    "BEFORE",
    "BEFORE_STYLE",
    "CHART_STYLE",
    "DONE",
    "MISSED",
    "MISSED_EDGE",
    "TARGET",
    "WIDTH_IN",
    "Chart",
    "chart_style",
    "figure",
    "svg",
]

DONE, MISSED, TARGET = "#15803d", "#ffffff", "#1d4ed8"
#: An empty day's outline: 4.8:1 against white (WCAG 1.4.11 asks 3:1 of what tells days apart).
MISSED_EDGE = "#6b7280"
BEFORE, AFTER = "#b45309", "#1d4ed8"
#: Pain before and after told apart by marker and line style as well as colour.
BEFORE_STYLE = {"marker": "o", "linestyle": "-"}
AFTER_STYLE = {"marker": "s", "linestyle": "--"}

#: Chart width in inches. A chart shrinks to the page, never grows: at 390 CSS px wide a phone
#: gives it about 350 px, which keeps 12 pt of a chart this wide at 12 CSS px or more.
WIDTH_IN = 4.8
#: One type size for all chart text (pt, 1 pt = 1 SVG unit): axis labels, ticks and legends.
CHART_STYLE: dict[Any, float] = {  # Any: matplotlib types the keys as one long Literal
    "font.size": 12.5,
    "axes.labelsize": 12.5,
    "axes.titlesize": 12.5,
    "xtick.labelsize": 12.5,
    "ytick.labelsize": 12.5,
    "legend.fontsize": 12.5,
}


@dataclass(frozen=True)
class Chart:
    """One chart: its SVG and the sentence that says what it shows."""

    title: str
    svg: str
    alt: str

    def html(self) -> str:
        """Return the chart as an accessible figure, named by its caption (the text alternative).

        A ``<figure>`` with a ``<figcaption>`` keeps its own role (ARIA in HTML allows no
        ``role="img"`` there); the drawing itself is hidden from screen readers.
        """
        return (
            f'<figure class="backcare-chart">'
            f"{self.svg}<figcaption>{escape(self.alt)}</figcaption></figure>"
        )


def svg(fig: Figure) -> str:
    """Render a figure to inline SVG with text kept as text (selectable, small)."""
    buffer = io.StringIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "backcare"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)
    # scale with the page (a phone is narrower than the figure)
    return text.replace("<svg ", '<svg aria-hidden="true" style="max-width:100%;height:auto" ', 1)


def chart_style() -> AbstractContextManager[None]:
    """Return the context to draw a chart in, so every text in it takes the chart type size."""
    return mpl.rc_context(CHART_STYLE)


def figure(width: float, height: float) -> Figure:
    """Return an empty figure of that size (inches) with a see-through background."""
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    fig.patch.set_alpha(0)
    return fig
