"""The workbook's stylesheet, inlined into HTML widgets so pages look the same in Lab and Voila."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_CSS = Path(__file__).parent / "static" / "backcare.css"


@cache
def stylesheet() -> str:
    """Return the workbook's CSS (scoped under ``backcare-`` classes, so it leaks nowhere)."""
    return _CSS.read_text(encoding="utf-8")


def with_style(html: str) -> str:
    """Prefix ``html`` with the workbook's stylesheet."""
    return f"<style>{stylesheet()}</style>{html}"
