"""The safety box as HTML: the line, the guidance and every warning sign under its action."""

from __future__ import annotations

from html import escape

from backcare_widgets.data import wording as safety
from backcare_widgets.views import safety as safety_views


def test_safety_box_has_the_line_and_every_warning_sign_under_its_action():
    html = safety_views.safety_html()
    assert "Ask a health-care professional before starting" in html
    assert "Stop if your symptoms get worse or you feel new pain." in html
    position = 0
    for tier in safety.WARNING_TIERS:
        at = html.index(escape(tier.action), position)
        for sign in tier.signs:
            assert html.index(escape(sign), at) > at
        position = at
    assert "not a medical device" in html


def test_guidance_is_optional_and_carries_the_sources_advice_and_cautions():
    assert "Moving is good for your back" not in safety_views.safety_html()
    html = safety_views.safety_html(guidance=True)
    assert "Moving is good for your back, even when resting feels tempting." in html
    assert "Avoid workouts that put too much stress and strain on your back." in html
    assert (
        "Some exercises may aggravate back pain and should be avoided when you have acute lower "
        "back pain." in html
    )
    # the source's hedges stay hedges
    assert "can help relieve and prevent lower back pain" in html
    assert "They may also strengthen your core" in html


def test_the_short_form_leaves_out_the_warning_signs():
    html = safety_views.safety_html(warning_signs=False)
    assert safety.SAFETY_LINE in html
    assert safety.EMERGENCY_SIGNS[0] not in html


def test_safety_notice_is_a_styled_widget():
    widget = safety_views.safety_notice()
    assert widget.value.startswith("<style>")
    assert ".backcare-safety" in widget.value
