"""The stylesheet of the between-visits parts (suggestions, function score, reminders).

Kept in its own file, scoped under ``backcare-`` classes, and inlined with the workbook's sheet.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from backcare_widgets.views.style import with_style

_CSS = Path(__file__).parent / "static" / "visit.css"


@cache
def visit_css() -> str:
    """Return the between-visits CSS."""
    return _CSS.read_text(encoding="utf-8")


def with_visit_style(html: str) -> str:
    """Prefix ``html`` with the workbook's and the between-visits stylesheets."""
    return with_style(f"<style>{visit_css()}</style>{html}")
