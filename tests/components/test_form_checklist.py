"""FormChecklist: cues as tick boxes, ticked afresh per set with a history."""

from __future__ import annotations

import pytest
import traitlets

from backcare_widgets.components.form_checklist import FormChecklist

CUES = ["Keep your feet flat on the floor.", "Breathe out as you lift."]


def test_boxes_are_labelled_with_the_cues():
    checklist = FormChecklist(CUES)
    assert [box.description for box in checklist._boxes] == CUES
    assert checklist.ticked == [False, False]
    assert "0 of 2 ticked" in checklist._heading.value


def test_ticks_per_set_and_history():
    checklist = FormChecklist(CUES)
    checklist._boxes[1].value = True  # a tap in the browser
    assert checklist.ticked == [False, True]
    assert checklist.ticked_count == 1
    checklist.next_set()
    assert checklist.set_number == 2
    assert checklist.ticked == [False, False]
    assert not checklist._boxes[1].value
    assert checklist.history == {1: (False, True), 2: (False, False)}


def test_bad_state_is_refused():
    checklist = FormChecklist(CUES)
    with pytest.raises(traitlets.TraitError, match="ticked"):
        checklist.ticked = [True]
    with pytest.raises(traitlets.TraitError, match="set_number"):
        checklist.set_number = 0
    with pytest.raises(traitlets.TraitError, match="cues"):
        FormChecklist(["ok", "  "])
