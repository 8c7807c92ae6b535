"""How many sessions a day each exercise's dosage asks for (kept for the pages that import it).

The counting lives in :mod:`backcare_widgets.dosage`, the one dose model: a target is sessions
a day (a session is one set on each side at the dose), never logged rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backcare_widgets.dosage import sessions_target

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["daily_targets", "low_end"]


def low_end(count: Any) -> int | None:
    """Return the low end of a dosage count (an int, a (low, high) range or None)."""
    if count is None:
        return None
    if isinstance(count, tuple | list):
        return int(count[0])
    return int(count)


def daily_targets(catalog: Mapping[str, Any]) -> dict[str, int]:
    """Return each exercise's target number of sessions a day (its times a day, else 1)."""
    return sessions_target(catalog)
