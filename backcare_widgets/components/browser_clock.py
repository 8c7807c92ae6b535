"""BrowserClock: the person's time zone, as their browser knows it, sent to the kernel.

The kernel runs on a server (Binder, a classroom machine) whose clock zone is not the
person's. The browser knows theirs (``Intl.DateTimeFormat().resolvedOptions().timeZone``, an
IANA name such as ``"Europe/London"``); this invisible widget writes it back into ``time_zone``
when it is shown, so a page can show times in the person's own local time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import anywidget
import traitlets

if TYPE_CHECKING:
    from datetime import tzinfo

__all__ = ["BrowserClock", "zone_named"]

_STATIC = Path(__file__).parent / "static"


def zone_named(name: str) -> tzinfo | None:
    """Return the IANA zone called ``name``, or None for an empty or unknown name."""
    if not name or len(name) > 64:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


class BrowserClock(anywidget.AnyWidget):
    """An invisible widget whose ``time_zone`` is the browser's IANA time zone name ("" until shown)."""

    _esm = _STATIC / "browser-clock.js"

    time_zone = traitlets.Unicode("", help="The browser's IANA time zone, e.g. Europe/London.").tag(
        sync=True
    )

    @property
    def zone(self) -> tzinfo | None:
        """Return the browser's zone, or None before the browser said (or if it named none known)."""
        return zone_named(self.time_zone)
