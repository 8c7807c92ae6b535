"""An exercise's text as a page section: what it works, how to do it, dosage, cautions, safety.

The source text's words and the workbook's own general guidance are set apart visibly (and for screen
readers), so nobody mistakes the workbook's text for the source's advice.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from backcare_widgets.data.dosage import describe_dose, dose_of
from backcare_widgets.data.wording import ACUTE_CAUTION, SAFETY_LINE

if TYPE_CHECKING:
    import ipywidgets

    from backcare_widgets.data.catalog import Exercise, Text

WORKBOOK_LABEL = "General guidance written by the workbook"


def _text(text: Text) -> str:
    """Escape one text, marking the workbook's own words as general guidance."""
    return _text_from(escape(str(text)), text.source)


def _list(tag: str, texts: tuple[Text, ...], css: str) -> str:
    items = "".join(f"<li>{_text(t)}</li>" for t in texts)
    return f'<{tag} class="{css}">{items}</{tag}>'


def exercise_html(exercise: Exercise) -> str:
    """Return the exercise's page section as HTML (every text escaped)."""
    dosage = _text_from(escape(describe_dose(dose_of(exercise))), exercise.dosage.source)
    parts = [
        f'<section class="backcare-exercise" aria-label="{escape(str(exercise.name))}">',
        # the key comes first, above the first marked text, and is always in view: a tooltip
        # (the marks' title) cannot be read on a phone
        (
            '<p class="backcare-exercise__legend">'
            '<span class="backcare-workbook-text">Text marked like this</span> is general '
            "guidance written by the workbook where the source is silent, not advice for you in "
            "particular.</p>"
        ),
        f'<p class="backcare-exercise__works"><strong>Works:</strong> {_text(exercise.works)}',
    ]
    if exercise.why is not None:
        parts.append(f" {_text(exercise.why)}")
    parts += [
        "</p>",
        f'<p class="backcare-exercise__dosage"><strong>How much:</strong> {dosage}</p>',
    ]
    if exercise.dosage.note is not None:
        parts.append(f'<p class="backcare-exercise__note">{_text(exercise.dosage.note)}</p>')
    parts += [
        "<h2>Starting position</h2>",
        f"<p>{_text(exercise.start_position)}</p>",
        "<h2>Steps</h2>",
        _list("ol", exercise.steps, "backcare-exercise__steps"),
        "<h2>Check your form</h2>",
        _list("ul", exercise.form_cues, "backcare-exercise__cues"),
    ]
    if exercise.cautions:
        parts += [
            "<h2>Take care</h2>",
            _list("ul", exercise.cautions, "backcare-exercise__cautions"),
        ]
    # every exercise page carries the source's acute-pain caution (once: the crunches list it)
    listed = ACUTE_CAUTION in (c.text for c in exercise.cautions)
    acute = "" if listed else f" {escape(ACUTE_CAUTION)}"
    parts += [
        (
            '<p class="backcare-exercise__safety" role="note">'
            f"<strong>{escape(SAFETY_LINE)}</strong>{acute}</p>"
        ),
        "</section>",
    ]
    return "".join(parts)


def _text_from(escaped: str, source: str) -> str:
    """Mark an already-escaped string with its source, as `_text` does for catalogue texts."""
    if source != "workbook":
        return f'<span class="backcare-source-text">{escaped}</span>'
    return (
        f'<span class="backcare-workbook-text" title="{WORKBOOK_LABEL}">{escaped}'
        f'<span class="backcare-visually-hidden"> ({WORKBOOK_LABEL})</span></span>'
    )


def exercise_card(exercise: Exercise) -> ipywidgets.HTML:
    """Return an exercise's text section as a styled widget."""
    from backcare_widgets.views.style import styled_html

    return styled_html(exercise_html(exercise))
