"""RepCounter: plus/minus against the target, clamped, per side and per set."""

from __future__ import annotations

import pytest
import traitlets

from backcare_widgets.components.rep_counter import RepCounter


def test_plus_minus_and_clamping():
    counter = RepCounter(target_reps=8, target_sets=2)
    counter._plus.click()
    counter._plus.click()
    counter._minus.click()
    assert counter.reps == 1
    assert "1 of 8" in counter._count.value
    counter.decrement()
    counter.decrement()
    assert counter.reps == 0  # never negative
    assert counter._minus.disabled
    counter.reps = 5000
    assert counter.reps == 999


def test_counts_are_kept_per_side():
    counter = RepCounter(target_reps=3, sides=("left", "right"))
    assert counter.side == "left"
    counter.reps = 3
    counter.side = "right"
    assert counter.reps == 0
    counter.increment()
    counter._side.value = "left"  # the toggle in the browser
    assert counter.reps == 3
    assert counter.counts == {"left": 3, "right": 1}
    assert "left side" in counter._set.value
    counter.next_set()
    assert counter.set_number == 2
    assert counter.counts == {"left": 0, "right": 0}
    with pytest.raises(traitlets.TraitError, match="set_number"):
        counter.set_number = 0


def test_targets_are_checked():
    with pytest.raises(traitlets.TraitError, match="target_reps"):
        RepCounter(target_reps=0)
    with pytest.raises(traitlets.TraitError, match="target_sets"):
        RepCounter(target_sets=-1)
    with pytest.raises(traitlets.TraitError, match="sides"):
        RepCounter(sides=("up",))
    counter = RepCounter()
    assert counter.side is None
    with pytest.raises(traitlets.TraitError, match="side"):
        counter.side = "left"


def test_the_heading_names_what_is_counted_in_the_dose_models_words():
    counter = RepCounter(target_reps=5, sides=("left", "right"))
    assert "<strong>Repetitions</strong>: set 1 of 1, left side" in counter._set.value
    counter.unit = "Holds"
    assert "<strong>Holds</strong>: set 1 of 1, left side" in counter._set.value
