"""The safety text carries the design's warning signs and never renders as anything but text."""

from __future__ import annotations

from backcare_widgets import safety


def test_safety_box_has_the_line_and_every_warning_sign():
    html = safety.safety_html()
    assert "Ask a health-care professional before starting" in html
    assert "Stop if your symptoms get worse or you feel new pain." in html
    for sign in (*safety.URGENT_SIGNS, *safety.PROMPT_SIGNS):
        assert sign in html
    assert "not a medical device" in html


def test_guidance_is_optional_and_carries_the_seed_advice():
    assert "Moving is good for your back" not in safety.safety_html()
    html = safety.safety_html(guidance=True)
    assert "Moving is good for your back, even when resting feels tempting." in html
    assert "Avoid workouts that put too much stress and strain on your back." in html


def test_the_short_form_leaves_out_the_warning_signs():
    html = safety.safety_html(warning_signs=False)
    assert safety.SAFETY_LINE in html
    assert safety.URGENT_SIGNS[0] not in html


def test_safety_notice_is_a_styled_widget():
    widget = safety.safety_notice()
    assert widget.value.startswith("<style>")
    assert ".backcare-safety" in widget.value
