"""The safety text carries the warning signs in three urgency tiers and renders them as text."""

from __future__ import annotations

from html import escape
from pathlib import Path

from backcare_widgets import safety

DOCS = Path(__file__).resolve().parents[1] / "docs" / "safety-sources.md"


def _tier(key: str) -> str:
    tier = next(t for t in safety.WARNING_TIERS if t.key == key)
    return " | ".join(tier.signs).lower()


def test_three_tiers_most_urgent_first():
    assert [t.key for t in safety.WARNING_TIERS] == ["emergency", "same-day", "see-someone"]
    assert "emergency number" in safety.WARNING_TIERS[0].action
    assert "same day" in safety.WARNING_TIERS[1].action
    assert "doctor or physiotherapist" in safety.WARNING_TIERS[2].action
    signs = [sign for tier in safety.WARNING_TIERS for sign in tier.signs]
    assert len(signs) == len(set(signs))  # each sign in one tier only


def test_emergency_tier_holds_the_cauda_equina_and_chest_signs():
    text = _tier("emergency")
    for words in (
        "numbness or tingling around your genitals or buttocks",
        "bladder or bowels",
        "not being able to pee",
        "sex organs",
        "both legs",
        "getting worse",
        "chest pain",
    ):
        assert words in text, words
    assert "fever" not in text  # a fever alone is not an emergency-number sign


def test_same_day_tier_holds_the_red_flags_for_an_urgent_appointment():
    text = _tier("same-day")
    for words in (
        "fever",
        "generally unwell",
        "fall or a smaller accident",
        "cancer",
        "weight loss",
        "lump or swelling",
        "changed shape",
        "worse at night",
        "not eased by rest or lying down",
        "steroid",
        "osteoporosis",
        "before the age of 20",
        "about the age of 50",
    ):
        assert words in text, words


def test_see_someone_tier_holds_slow_recovery_and_daily_life():
    text = _tier("see-someone")
    assert "not getting better after a few weeks" in text
    assert "stops you doing your daily activities" in text


def test_safety_box_has_the_line_and_every_warning_sign_under_its_action():
    html = safety.safety_html()
    assert "Ask a health-care professional before starting" in html
    assert "Stop if your symptoms get worse or you feel new pain." in html
    position = 0
    for tier in safety.WARNING_TIERS:
        at = html.index(escape(tier.action), position)
        for sign in tier.signs:
            assert html.index(escape(sign), at) > at
        position = at
    assert "not a medical device" in html


def test_each_tier_cites_its_public_sources_in_the_docs():
    text = DOCS.read_text(encoding="utf-8")
    for tier in safety.WARNING_TIERS:
        assert f"`{tier.key}`" in text
    for page in (
        "nhs.uk/conditions/back-pain",
        "nhs.uk/conditions/cauda-equina-syndrome",
        "nice.org.uk/guidance/ng59",
        "cks.nice.org.uk",
    ):
        assert page in text, page


def test_guidance_is_optional_and_carries_the_sources_advice_and_cautions():
    assert "Moving is good for your back" not in safety.safety_html()
    html = safety.safety_html(guidance=True)
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
    html = safety.safety_html(warning_signs=False)
    assert safety.SAFETY_LINE in html
    assert safety.EMERGENCY_SIGNS[0] not in html


def test_safety_notice_is_a_styled_widget():
    widget = safety.safety_notice()
    assert widget.value.startswith("<style>")
    assert ".backcare-safety" in widget.value
