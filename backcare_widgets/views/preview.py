"""A page's widgets as plain HTML, so a phone can paint the page before the widget bundle runs.

Voila sends each output as JSON that its front end turns into widgets only after several MB of
JavaScript have arrived and run (20 s on Lighthouse's phone profile, issue 18). A widget that
mixes in :class:`StaticPreview` adds a ``text/html`` copy of itself to its display data: the
workbook's template (``share/jupyter/voila/templates/backcare``) writes it into the page's HTML,
where it paints at once, and swaps it for the real widget once that has drawn. Other front ends
(JupyterLab, nbconvert) prefer the widget and ignore it, or show it where widgets cannot run.

The copy has the same DOM classes and inline layout styles as ipywidgets' own views, so the
real widget lands exactly where its copy was (no layout shift). Boxes and HTML widgets are
copied; a widget with a ``preview_html()`` method (the pose animation) draws its own copy, in an
element with the classes its view adds (``preview_class``) besides its own; the
copy stops at the first widget it cannot draw (the timer), which arrives with the rest.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets

PREVIEW_MIME = "text/html"
# ipywidgets 8's views: these classes, then Layout's traits as inline styles
_BOX = "lm-Widget jupyter-widgets widget-container widget-box"
_HTML = "lm-Widget jupyter-widgets widget-inline-hbox widget-html"


def _style(widget: ipywidgets.DOMWidget) -> str:
    """Return the inline style ipywidgets' LayoutView sets from ``widget.layout``."""
    layout = widget.layout
    rules = []
    for name in sorted(layout.keys):
        value = getattr(layout, name) if not name.startswith("_") else None
        if isinstance(value, str) and value:
            rules.append(f"{name.replace('_', '-')}: {value}")
    return f' style="{escape("; ".join(rules))}"' if rules else ""


def _classes(base: str, widget: ipywidgets.DOMWidget) -> str:
    return escape(" ".join([base, *widget._dom_classes]))


def _draw(widget: Any, out: list[str]) -> bool:
    """Append ``widget``'s HTML copy to ``out``; False where it stopped (a widget it cannot draw)."""
    own = getattr(widget, "preview_html", None)
    if callable(own):  # a view of its own: its element (classes, layout) around its drawing
        base = f"lm-Widget jupyter-widgets {getattr(widget, 'preview_class', '')}".strip()
        out.append(f'<div class="{_classes(base, widget)}"{_style(widget)}>{own()}</div>')
        return True
    if isinstance(widget, ipywidgets.HTML):
        out.append(
            f'<div class="{_classes(_HTML, widget)}"{_style(widget)}>'
            f'<div class="widget-html-content">{widget.value}</div></div>'
        )
        return True
    if isinstance(widget, ipywidgets.Box):
        kind = {ipywidgets.VBox: " widget-vbox", ipywidgets.HBox: " widget-hbox"}
        base = _BOX + next((v for k, v in kind.items() if isinstance(widget, k)), "")
        out.append(f'<div class="{_classes(base, widget)}"{_style(widget)}>')
        complete = all(_draw(child, out) for child in widget.children)
        out.append("</div>")
        return complete
    return False


def static_preview(widget: ipywidgets.DOMWidget) -> str:
    """Return ``widget`` as HTML laid out like its view, up to the first part it cannot draw."""
    out: list[str] = []
    _draw(widget, out)
    return "".join(out)


class StaticPreview:
    """Mixin for a widget: its display data carries a static HTML copy (see the module)."""

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]  # a mixin: the widget class has it
        if isinstance(bundle, dict) and bundle:
            bundle[PREVIEW_MIME] = static_preview(self)
        return bundle
