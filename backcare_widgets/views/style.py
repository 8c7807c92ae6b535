"""The workbook's stylesheets, inlined into HTML widgets so pages look the same in Lab and Voila.

The educators' tools add a second sheet of their own on top of the workbook's.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import ipywidgets

from backcare_widgets.views.preview import StaticPreview

_CSS = Path(__file__).parent / "static" / "backcare.css"
_EDUCATORS_CSS = Path(__file__).parent / "static" / "educators.css"
_ROUTINE_CSS = Path(__file__).parent / "static" / "routine.css"
HTML_CLASS = "backcare-html"


@cache
def stylesheet() -> str:
    """Return the workbook's CSS (scoped under ``backcare-`` classes, so it leaks nowhere)."""
    return _CSS.read_text(encoding="utf-8")


def with_style(html: str) -> str:
    """Prefix ``html`` with the workbook's stylesheet."""
    return f"<style>{stylesheet()}</style>{html}"


class StyledHTML(StaticPreview, ipywidgets.HTML):
    """An HTML widget whose display data carries its HTML, painted before the widgets load."""


def styled_html(html: str = "", *, max_width: str = "60em") -> ipywidgets.HTML:
    """Return an HTML widget that shows ``html`` styled, and shrinks to a phone's width."""
    widget = StyledHTML(with_style(html) if html else "", layout={"max_width": max_width})
    widget.add_class(HTML_CLASS)
    return widget


@cache
def educators_css() -> str:
    """Return the educators' tools' CSS (scoped under ``backcare-`` classes)."""
    return _EDUCATORS_CSS.read_text(encoding="utf-8")


def with_educators_style(html: str) -> str:
    """Prefix ``html`` with the workbook's and the educators' stylesheets."""
    return with_style(f"<style>{educators_css()}</style>{html}")


def educators_html(html: str = "", *, max_width: str = "60em") -> ipywidgets.HTML:
    """Return an HTML widget styled like the educators' tools, shrinking to a phone's width."""
    widget = styled_html(max_width=max_width)
    if html:
        widget.value = with_educators_style(html)
    return widget


@cache
def routine_css() -> str:
    """Return today's routine's CSS: its day line and its question about an unsaved set."""
    return _ROUTINE_CSS.read_text(encoding="utf-8")


def with_routine_style(html: str) -> str:
    """Prefix ``html`` with the workbook's and today's routine's stylesheets."""
    return with_style(f"<style>{routine_css()}</style>{html}")
