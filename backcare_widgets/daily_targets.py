"""How many logged sets a day each exercise's dosage asks for.

Plain Python on the catalogue's dosage, apart from the pandas-based adherence module, so the
routine page can set today's sets against their targets without importing pandas (a kernel's
memory is what a class of people on one server share).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    """Return each exercise's target number of logged sets a day, from its dosage.

    Target = (sets, else repeats, else 1) x (times a day, else 1) x (2 if per side). A range
    counts its low end: the least the dosage asks for.
    """
    targets = {}
    for exercise_id, record in catalog.items():
        dosage = record.dosage
        per_session = low_end(getattr(dosage, "sets", None)) or low_end(
            getattr(dosage, "repeats", None)
        )
        times = low_end(getattr(dosage, "times_per_day", None)) or 1
        sides = 2 if getattr(dosage, "per_side", False) else 1
        targets[exercise_id] = (per_session or 1) * times * sides
    return targets
