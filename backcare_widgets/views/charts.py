"""Charts as inline SVG: one accessible figure wrapper and the colours every chart shares.

Charts are matplotlib figures inlined as SVG (crisp at any size, no image files to serve), each
inside a ``<figure role="img">`` with a text alternative that states what the chart shows.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html import escape

import matplotlib as mpl
from matplotlib.figure import Figure

__all__ = ["AFTER", "BEFORE", "DONE", "MISSED", "TARGET", "Chart", "figure", "svg"]

DONE, MISSED, TARGET = "#15803d", "#e5e7eb", "#1d4ed8"
BEFORE, AFTER = "#b45309", "#1d4ed8"


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


def figure(width: float, height: float) -> Figure:
    """Return an empty figure of that size (inches) with a see-through background."""
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    fig.patch.set_alpha(0)
    return fig
