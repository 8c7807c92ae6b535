"""The safety text carries the warning signs in three urgency tiers and renders them as text."""

from __future__ import annotations

from pathlib import Path

from backcare_widgets.data import wording as safety

DOCS = Path(__file__).resolve().parents[2] / "docs" / "safety-sources.md"


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
