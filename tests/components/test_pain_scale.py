"""PainScale: 0-10 with "not recorded" kept apart from 0, refused outside the scale."""

from __future__ import annotations

import pytest
import traitlets

from backcare_widgets.components.pain_scale import PainScale


def test_not_recorded_is_not_zero():
    scale = PainScale(label="Pain before")
    assert scale.value is None
    assert not scale.recorded
    assert "not recorded" in scale._status.value
    scale.value = 0
    assert scale.recorded
    assert "0 of 10" in scale._status.value
    scale.clear()
    assert scale.value is None


def test_buttons_and_value_stay_in_step():
    scale = PainScale(label="Pain after", value=3)
    assert scale._buttons.value == 3
    scale._buttons.value = 7  # as a tap in the browser
    assert scale.value == 7
    assert scale._buttons.description == "Pain after"
    assert scale._buttons.options == tuple((str(n), n) for n in range(11))


@pytest.mark.parametrize("bad", [-1, 11, 2.5, True, "5"])
def test_values_outside_the_scale_are_refused(bad):
    scale = PainScale()
    with pytest.raises(traitlets.TraitError, match=r"'?value'? .*(0 to 10|expected an int)"):
        scale.value = bad
    with pytest.raises(traitlets.TraitError, match="value"):
        PainScale(value=bad)
    assert scale.value is None
