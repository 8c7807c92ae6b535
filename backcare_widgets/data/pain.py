"""When pain counts as clearly worse, and how to say so: one rule for the set and the reports.

The guided set warns with it, My progress and the class report mark a day or a student with it.
"""

from __future__ import annotations

__all__ = ["WORSE_BY", "pain_got_worse", "worse_message"]

#: Points on the 0-10 scale that count as clearly worse. 2 points is the usual smallest change
#: in a 0-10 pain rating that matters to people with low back pain: the international consensus
#: on minimal important change (Ostelo et al., "Interpreting change scores for pain and
#: functional status in low back pain", Spine 2008;33(1):90-94) proposes 2 points for the
#: numerical rating scale, and Suzuki et al. (PLOS ONE 2020;15(3):e0229228,
#: https://pmc.ncbi.nlm.nih.gov/articles/PMC7053735) round their cut-off up to 2 for general use.
#: Both measured improvement; the workbook uses the same size of change for getting worse.
WORSE_BY = 2


def pain_got_worse(before: int | None, after: int | None) -> bool:
    """Whether pain after a set is clearly worse than before (both must be recorded).

    Parameters
    ----------
    before, after : int or None
        Pain on the 0-10 scale; None when not recorded.

    Returns
    -------
    bool
        True when ``after >= before + 2``.
    """
    return before is not None and after is not None and after >= before + WORSE_BY


def worse_message(before: int, after: int, *, first_of_day: bool = False) -> str:
    """Say plainly that pain got worse and what to do (text, not HTML)."""
    when = "before your first set of this exercise today" if first_of_day else "before"
    return (
        f"Your pain is {after} out of 10 after this set: {after - before} points worse than "
        f"{when} ({before} out of 10). Stop this exercise for now, and ask a health-care "
        "professional before you do it again."
    )
