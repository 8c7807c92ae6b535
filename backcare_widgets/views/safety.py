"""The safety box and warning signs as HTML, laid out from :mod:`backcare_widgets.data.wording`."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from backcare_widgets.data.wording import (
    GENERAL_GUIDANCE,
    NOT_A_DEVICE,
    SAFETY_LINE,
    WARNING_TIERS,
)
from backcare_widgets.views.style import styled_html

if TYPE_CHECKING:
    import ipywidgets

__all__ = ["guidance_html", "safety_html", "safety_notice", "warning_signs_html"]


def _items(lines: tuple[str, ...]) -> str:
    return "".join(f"<li>{escape(line)}</li>" for line in lines)


def warning_signs_html(*, level: int = 3, css: str = "backcare-safety") -> str:
    """Return the three tiers of warning signs as HTML headings and lists, most urgent first.

    Parameters
    ----------
    level : int
        The heading level of each tier's action (3 gives ``<h3>``).
    css : str
        The class prefix; each list gets ``{css}__{tier.key}``.
    """
    return "".join(
        f'<h{level} class="{css}__action {css}__action--{tier.key}">{escape(tier.action)}:'
        f'</h{level}><ul class="{css}__{tier.key}">{_items(tier.signs)}</ul>'
        for tier in WARNING_TIERS
    )


def safety_html(*, warning_signs: bool = True, guidance: bool = False) -> str:
    """Return the safety box as HTML: the safety line and, optionally, guidance and warning signs."""
    parts = [
        '<div class="backcare-safety" role="note" aria-label="Safety">',
        f'<p class="backcare-safety__line"><strong>{escape(SAFETY_LINE)}</strong></p>',
    ]
    if guidance:
        parts += ["<h2>Before you start</h2>", guidance_html()]
    if warning_signs:
        parts.append(warning_signs_html())
    parts += [f'<p class="backcare-safety__device">{escape(NOT_A_DEVICE)}</p>', "</div>"]
    return "".join(parts)


def safety_notice(*, warning_signs: bool = True, guidance: bool = False) -> ipywidgets.HTML:
    """Return the safety box as a widget, styled by the workbook's stylesheet."""
    return styled_html(safety_html(warning_signs=warning_signs, guidance=guidance))


def guidance_html() -> str:
    """Return the source text's general guidance and cautions as an HTML list."""
    return f'<ul class="backcare-guidance">{_items(GENERAL_GUIDANCE)}</ul>'
