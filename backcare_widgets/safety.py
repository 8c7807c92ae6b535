"""Safety text shown on every page, in one place so no page can drift from another.

The wording is the workbook's own (general self-care guidance), except where DESIGN.md marks it as
the seed's. It makes no clinical claim: it tells people when to stop and whom to ask.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ipywidgets

#: The line every exercise page and handout carries.
SAFETY_LINE = (
    "Ask a health-care professional before starting these exercises. "
    "Stop if your symptoms get worse or you feel new pain."
)

#: The seed's general guidance, lightly edited for grammar only.
GENERAL_GUIDANCE: tuple[str, ...] = (
    (
        "Exercises that strengthen the lower back can help relieve and prevent lower back pain. "
        "They also strengthen your core, leg and arm muscles."
    ),
    "Moving is good for your back, even when resting feels tempting.",
    "Always ask a health-care professional before doing any exercise for lower back pain.",
    "Avoid workouts that put too much stress and strain on your back.",
)

#: Warning signs that need urgent medical help (the workbook's own wording).
URGENT_SIGNS: tuple[str, ...] = (
    "numbness or tingling around your genitals or buttocks",
    "difficulty passing urine, or losing control of your bladder or bowels",
    "weakness, numbness or pain in both legs",
    "a fever, or feeling generally unwell, as well as back pain",
    "back pain after a serious fall or accident",
)

#: Signs that need a prompt (non-urgent) appointment (the workbook's own wording).
PROMPT_SIGNS: tuple[str, ...] = (
    "pain that is worse at night",
    "weight loss you cannot explain",
    "no improvement after a couple of weeks",
)

NOT_A_DEVICE = (
    "BackCare Workbook is self-care education, not a medical device, and it does not diagnose "
    "or treat anything."
)


def _items(lines: tuple[str, ...]) -> str:
    return "".join(f"<li>{escape(line)}</li>" for line in lines)


def safety_html(*, warning_signs: bool = True, guidance: bool = False) -> str:
    """Return the safety box as HTML: the safety line and, optionally, guidance and warning signs."""
    parts = [
        '<div class="backcare-safety" role="note" aria-label="Safety">',
        f'<p class="backcare-safety__line"><strong>{escape(SAFETY_LINE)}</strong></p>',
    ]
    if guidance:
        parts += ["<h3>Before you start</h3>", guidance_html()]
    if warning_signs:
        parts += [
            "<h3>Get urgent medical help (call your emergency number) if you have back pain and</h3>",
            f'<ul class="backcare-safety__urgent">{_items(URGENT_SIGNS)}</ul>',
            "<h3>See a doctor or physiotherapist soon if you have</h3>",
            f'<ul class="backcare-safety__prompt">{_items(PROMPT_SIGNS)}</ul>',
        ]
    parts += [f'<p class="backcare-safety__device">{escape(NOT_A_DEVICE)}</p>', "</div>"]
    return "".join(parts)


def safety_notice(*, warning_signs: bool = True, guidance: bool = False) -> ipywidgets.HTML:
    """Return the safety box as a widget, styled by the workbook's stylesheet."""
    from backcare_widgets._style import styled_html

    return styled_html(safety_html(warning_signs=warning_signs, guidance=guidance))


def guidance_html() -> str:
    """Return the seed's general guidance as an HTML list."""
    return f'<ul class="backcare-guidance">{_items(GENERAL_GUIDANCE)}</ul>'
