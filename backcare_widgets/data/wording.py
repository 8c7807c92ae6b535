"""Safety text shown on every page, in one place so no page can drift from another.

Plain words only; :mod:`backcare_widgets.views.safety` lays them out as HTML.

The warning signs come in three urgency tiers, in the workbook's own words, checked against
public guidance (the NHS pages on back pain and cauda equina syndrome, NICE's low back pain
guideline NG59 and its clinical summaries); ``docs/safety-sources.md`` names the pages each tier
comes from. The start page, the handout and the presenter's last slide all read them from here.
The general guidance is the source text's, edited for grammar only, with its hedges kept. None of
it is a clinical claim of the workbook's own: it tells people when to stop and whom to ask.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ACUTE_CAUTION",
    "EMERGENCY_SIGNS",
    "GENERAL_GUIDANCE",
    "NOT_A_DEVICE",
    "SAFETY_LINE",
    "SAME_DAY_SIGNS",
    "SEE_SOMEONE_SIGNS",
    "WARNING_TIERS",
    "WarningTier",
]

#: The line every exercise page and handout carries.
SAFETY_LINE = (
    "Ask a health-care professional before starting these exercises. "
    "Stop if your symptoms get worse or you feel new pain."
)

#: The source text's caution that every exercise page carries besides the safety line.
ACUTE_CAUTION = (
    "Some exercises may aggravate back pain and should be avoided when you have acute lower "
    "back pain."
)

#: The source text's general guidance and cautions, edited for grammar only (hedges kept).
GENERAL_GUIDANCE: tuple[str, ...] = (
    (
        "Exercises that strengthen the lower back can help relieve and prevent lower back pain. "
        "They may also strengthen your core, leg and arm muscles."
    ),
    "Moving is good for your back, even when resting feels tempting.",
    "Always ask a health-care professional before doing any exercise for lower back pain.",
    ACUTE_CAUTION,
    "Avoid workouts that put too much stress and strain on your back.",
)

#: Call an emergency number or go to an emergency department (the workbook's own wording).
EMERGENCY_SIGNS: tuple[str, ...] = (
    "numbness or tingling around your genitals or buttocks",
    "loss of control of your bladder or bowels, or not being able to pee",
    (
        "loss of feeling or function in your sex organs (for example, not being able to get or "
        "keep an erection)"
    ),
    "weakness or numbness in both legs, or weakness or numbness in your legs that is getting worse",
    "chest pain",
    "pain that started after a serious accident, such as a car crash",
)

#: An urgent appointment, or a medical helpline, the same day (the workbook's own wording).
#: A fever alone belongs here, not with the emergency signs.
SAME_DAY_SIGNS: tuple[str, ...] = (
    "a fever (high temperature), or you feel generally unwell",
    "pain that started after a fall or a smaller accident",
    "you have had cancer",
    "weight loss you cannot explain",
    "a lump or swelling in your back, or your back has changed shape",
    "pain that is there all the time or worse at night, and is not eased by rest or lying down",
    "new pain, and you take steroid medicines or have osteoporosis (thin, weak bones)",
    "new back pain that started before the age of 20 or after about the age of 50",
)

#: See a doctor or physiotherapist: a routine appointment (the workbook's own wording).
SEE_SOMEONE_SIGNS: tuple[str, ...] = (
    "your back pain is not getting better after a few weeks",
    "the pain stops you doing your daily activities",
    "the pain is very bad or gets worse over time",
    "you are worried about the pain or finding it hard to cope",
)


@dataclass(frozen=True)
class WarningTier:
    """One urgency tier: what to do, and the signs (with back pain) that call for it."""

    key: str
    action: str
    signs: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """Return the tier as plain data (for a widget's synced state)."""
        return {"key": self.key, "action": self.action, "signs": list(self.signs)}


#: The three tiers, most urgent first.
WARNING_TIERS: tuple[WarningTier, ...] = (
    WarningTier(
        "emergency",
        "Call your emergency number (999 in the UK) or go to an emergency department (A&E) now "
        "if you have back pain and",
        EMERGENCY_SIGNS,
    ),
    WarningTier(
        "same-day",
        "Get an urgent appointment with a doctor, or call a medical helpline (NHS 111 in the "
        "UK), the same day if you have back pain and",
        SAME_DAY_SIGNS,
    ),
    WarningTier(
        "see-someone",
        "See a doctor or physiotherapist if",
        SEE_SOMEONE_SIGNS,
    ),
)

NOT_A_DEVICE = (
    "BackCare Workbook is self-care education, not a medical device, and it does not diagnose "
    "or treat anything."
)
