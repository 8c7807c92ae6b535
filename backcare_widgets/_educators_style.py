"""Styles of the educators' tools, inlined with the workbook's own into their HTML widgets."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from backcare_widgets._style import styled_html, with_style

if TYPE_CHECKING:
    import ipywidgets

_CSS = Path(__file__).parent / "static" / "educators.css"


@cache
def educators_css() -> str:
    """Return the educators' tools' CSS (scoped under ``backcare-`` classes)."""
    return _CSS.read_text(encoding="utf-8")


def with_educators_style(html: str) -> str:
    """Prefix ``html`` with the workbook's and the educators' stylesheets."""
    return with_style(f"<style>{educators_css()}</style>{html}")


def educators_html(html: str = "", *, max_width: str = "60em") -> ipywidgets.HTML:
    """Return an HTML widget styled like the workbook's, shrinking to a phone's width."""
    widget = styled_html(max_width=max_width)
    if html:
        widget.value = with_educators_style(html)
    return widget
