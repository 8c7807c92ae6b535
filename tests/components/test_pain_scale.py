"""PainScale: 0-10 with "not recorded" kept apart from 0, refused outside the scale; its view is
an anywidget (one radio group) whose state is synced traitlets."""

from __future__ import annotations

import pytest
import traitlets

from backcare_widgets.components.pain_scale import HIGH_LABEL, LOW_LABEL, PainScale

STATIC = "backcare_widgets/components/static"


def test_not_recorded_is_not_zero():
    scale = PainScale(label="Pain before")
    assert scale.value is None
    assert not scale.recorded
    assert scale.status == "Not recorded yet"  # the heading above says what is rated
    scale.value = 0
    assert scale.recorded
    assert scale.status == "Chosen: 0 of 10"
    scale.clear()
    assert scale.value is None


def test_state_is_synced_traits_the_view_rebuilds_from():
    scale = PainScale(label="Pain after", value=3)
    for name in ("value", "label", "low_label", "high_label"):
        assert scale.has_trait(name)
        assert scale.trait_metadata(name, "sync") is True, name
    state = scale.get_state()
    assert (state["value"], state["label"]) == (3, "Pain after")
    assert (state["low_label"], state["high_label"]) == (LOW_LABEL, HIGH_LABEL)


def test_a_choice_from_the_browser_reaches_python():
    scale = PainScale(label="Pain after")
    seen = []
    scale.observe(lambda change: seen.append(change["new"]), names="value")
    scale.set_state({"value": 7})  # as the view's model.save_changes() delivers a tap
    assert scale.value == 7
    scale.set_state({"value": None})  # "Clear"
    assert scale.value is None
    assert seen == [7, None]


def test_view_files_are_its_own_and_scoped():
    from pathlib import Path

    js = Path(STATIC, "pain-scale.js").read_text(encoding="utf-8")
    css = Path(STATIC, "pain-scale.css").read_text(encoding="utf-8")
    for needed in ('role", "radio"', 'role="radiogroup"', "aria-checked", "tabIndex", "ArrowRight"):
        assert needed in js, needed
    assert '__clear">Clear</button>' in js  # the clear button reads "Clear", not "Not recorded"
    selectors = [
        line.strip() for line in css.splitlines() if line.endswith("{") and "@" not in line
    ]
    assert selectors
    assert all(line.startswith(".backcare-pain-scale") for line in selectors), selectors
    assert "min-height: 3rem" in css  # 48 px targets


@pytest.mark.parametrize("bad", [-1, 11, 2.5, True, "5"])
def test_values_outside_the_scale_are_refused(bad):
    scale = PainScale()
    with pytest.raises(traitlets.TraitError, match=r"'?value'? .*(0 to 10|expected an int)"):
        scale.value = bad
    with pytest.raises(traitlets.TraitError, match="value"):
        PainScale(value=bad)
    assert scale.value is None
