"""The static HTML copy a page's widgets carry, which Voila's page paints before the widget bundle.

The browser test (tests/e2e/test_loading_screen.py) checks that the copy lands where the widgets
do; these check what goes into it.
"""

from __future__ import annotations

import ipywidgets

from backcare_widgets import exercise_page, load_catalog, pose_svg, safety_notice
from backcare_widgets.views.exercise_card import exercise_html
from backcare_widgets.views.preview import PREVIEW_MIME, StaticPreview, static_preview

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


class _Box(StaticPreview, ipywidgets.VBox):
    """A box that carries its copy, as the exercise page does."""


def test_exercise_page_carries_its_pictures_and_text_up_to_the_timer():
    page = exercise_page("bridge")
    bundle = page._repr_mimebundle_()
    assert WIDGET_MIME in bundle  # the widget is still what front ends with widgets show
    html = bundle[PREVIEW_MIME]
    exercise = load_catalog().exercise("bridge")
    assert html.startswith('<div class="lm-Widget jupyter-widgets widget-container widget-box')
    assert "backcare-exercise-page" in html.split(">", 1)[0]
    # the animation's first frame, in its view's element and layout
    x, y, w, h = page.animation._view_box
    assert f'<svg viewBox="{x} {y} {w} {h}"' in html
    assert 'class="lm-Widget jupyter-widgets backcare-pose-animation"' in html
    assert "max-width: 36em; width: 100%" in html
    assert pose_svg(exercise, "start") in html
    assert pose_svg(exercise, "end") in html
    assert exercise_html(exercise) in html
    assert "Do it with the timer" in html
    # the guided set (buttons, the timer) is not copied: it arrives with the widgets
    assert "<button" not in html


def test_styled_html_carries_its_html_in_ipywidgets_markup():
    notice = safety_notice(guidance=True)
    html = notice._repr_mimebundle_()[PREVIEW_MIME]
    assert html == (
        '<div class="lm-Widget jupyter-widgets widget-inline-hbox widget-html backcare-html" '
        f'style="max-width: 60em"><div class="widget-html-content">{notice.value}</div></div>'
    )


def test_copy_stops_at_the_first_widget_it_cannot_draw():
    box = _Box([ipywidgets.HTML("<p>before</p>"), ipywidgets.IntSlider(), ipywidgets.HTML("after")])
    html = static_preview(box)
    assert "<p>before</p>" in html
    assert "after" not in html
    assert html.endswith("</div>")  # the box is closed where the copy stops
    assert html.count("<div") == html.count("</div>")


def test_hidden_parts_stay_hidden_in_the_copy():
    hidden = ipywidgets.HTML("<p>not now</p>", layout={"display": "none"})
    html = static_preview(_Box([hidden]))
    assert 'style="display: none"' in html
