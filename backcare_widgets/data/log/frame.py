"""The session log as a pandas DataFrame, typed column by column.

pandas and numpy are imported inside :func:`frame`, so pages that only record a set never
import them (``tests/test_package.py`` checks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backcare_widgets.data.log.rows import DAY_US, SIDES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FRAME_COLUMNS", "frame"]

# missing values come as -1 (never stored) and side as a category code, so columns convert without Python loops
FRAME_COLUMNS = (
    "id, uid, when_us, utc_offset_s, exercise, "
    "CASE side WHEN 'left' THEN 0 WHEN 'right' THEN 1 ELSE -1 END, set_number, "
    "coalesce(reps, -1), coalesce(hold_seconds, -1), coalesce(pain_before, -1), "
    "coalesce(pain_after, -1), notes, completed"
)


def frame(rows: list[tuple[Any, ...]], known: frozenset[str]) -> pd.DataFrame:
    """Build the typed DataFrame column by column (much faster than inferring from records)."""
    import numpy as np  # here, so pages that only record never import numpy or pandas
    import pandas as pd

    n = len(rows)
    cols: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [()] * 13
    when_us = np.fromiter(cols[2], dtype=np.int64, count=n)
    offsets = np.fromiter(cols[3], dtype=np.int64, count=n)
    local_days = (when_us + offsets * 1_000_000) // DAY_US

    def nullable(values: tuple[Any, ...]) -> pd.arrays.IntegerArray:
        data = np.fromiter(values, dtype=np.int64, count=n)
        mask = data < 0
        data[mask] = 0
        return pd.arrays.IntegerArray(data, mask)

    exercises = sorted(known | set(cols[4]))
    return pd.DataFrame(
        {
            "id": np.fromiter(cols[0], dtype=np.int64, count=n),
            "uid": pd.array(cols[1], dtype="str"),
            "when": pd.Series(when_us.astype("datetime64[us]")).dt.tz_localize("UTC"),
            "day": local_days.astype("datetime64[D]").astype("datetime64[s]"),
            "exercise": pd.Categorical(cols[4], categories=exercises),
            "side": pd.Categorical.from_codes(
                np.fromiter(cols[5], dtype=np.int8, count=n), categories=pd.Index(SIDES)
            ),
            "set_number": np.fromiter(cols[6], dtype=np.int64, count=n),
            "reps": nullable(cols[7]),
            "hold_seconds": nullable(cols[8]),
            "pain_before": nullable(cols[9]),
            "pain_after": nullable(cols[10]),
            "notes": pd.array(cols[11], dtype="str"),
            "completed": np.fromiter(cols[12], dtype=bool, count=n),
        }
    )
