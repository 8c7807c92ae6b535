"""Handout HTML: pictures, steps, dosage, reasons, safety, warning signs, tick chart, print CSS."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.dosage import describe_dose, dose_of
from backcare_widgets.data.programme import Frequency, Programme, ProgrammeItem
from backcare_widgets.data.wording import GENERAL_GUIDANCE, SAFETY_LINE, WARNING_TIERS
from backcare_widgets.views.handout import handout_css, handout_html, tick_chart_html, unique_svg

CATALOG = load_catalog()


class _Text(HTMLParser):
    """Collect the text a reader sees (not styles), and every id."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.ids: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "title", "desc")
        self.ids += [value for name, value in attrs if name == "id"]

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "title", "desc")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def text_of(html: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts)), parser.ids


def programme(**kwargs) -> Programme:
    return Programme(
        title="Back programme",
        exercises=[
            ProgrammeItem(exercise="partial-crunches", reps=15, hold_seconds=1, reason="Ready."),
            ProgrammeItem(exercise="hamstring-stretch"),
            ProgrammeItem(exercise="lower-back-rotational-stretch"),
        ],
        **kwargs,
    )


def test_handout_has_dosage_reason_steps_safety_and_warning_signs():
    html = handout_html(programme(note="Walk <first>"), catalog=CATALOG, made_on=date(2026, 11, 25))
    text, ids = text_of(html)
    assert html.startswith("<!DOCTYPE html>")
    assert "How much: a set of 15 repetitions (each held 1 s), once a day" in text
    assert "How much: a set of 5 holds of 15 s on each leg, once a day" in text
    assert "How much: a set of 2 holds of 5 s on each side, twice a day (at least 4 hours" in text
    assert "Changed from the usual amount (a set of 8-12 repetitions (each held 1 s)" in text
    assert "Reason: Ready." in text
    assert "Thread a towel under the ball of the foot of your straight leg." in text
    assert text.count(SAFETY_LINE) >= 4  # the top, every exercise, and the end
    signs = text.index("Stop, and get help")
    for tier in WARNING_TIERS:
        at = text.index(tier.action, signs)
        for sign in tier.signs:
            assert text.index(sign, at) > at, sign
    assert "Walk <first>" in text
    assert "<first>" not in html
    assert "Made on: 25 November 2026" in text
    assert len(ids) == len(set(ids)), "ids must be unique"
    assert html.count('class="backcare-pose"') == 6  # start and end for each exercise


def test_handout_loads_nothing_from_anywhere():
    html = handout_html(programme(), catalog=CATALOG)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "@import" not in html
    assert "url(" not in html


def test_print_css_breaks_pages_sensibly():
    css = handout_css()
    assert "@page" in css
    assert "@media print" in css
    assert "break-inside: avoid" in css  # an exercise never splits over two pages
    assert "break-before: page" in css  # the tick chart starts a page


def test_tick_chart_without_start_date_counts_days_and_sessions():
    html = tick_chart_html(programme(), CATALOG)
    text, _ = text_of(html)
    assert "Day 1" in text
    assert "Day 14" in text
    assert "Day 15" not in text
    row = re.search(r"Lower back rotational stretch</th>(.*?)</tr>", html).group(1)
    assert row.count("backcare-handout__box") == 7 * 2  # twice a day, a week per table
    assert "every day" in text


def test_tick_chart_with_start_date_shades_days_off():
    html = tick_chart_html(
        programme(start=date(2026, 11, 30), frequency=Frequency(days=("mon", "thu"))), CATALOG
    )
    text, _ = text_of(html)
    assert "Mon 30 Nov" in text
    assert "Sun 13 Dec" in text
    row = re.search(r"Partial crunches</th>(.*?)</tr>", html).group(1)
    assert row.count("backcare-handout__box") == 2  # Mon and Thu of the week
    assert row.count("rest day") == 5
    assert "on Mon and Thu" in text


def test_unique_svg_prefixes_every_id_reference():
    svg = '<svg aria-labelledby="backcare-pose-a-title backcare-pose-a-desc"><title id="backcare-pose-a-title">'
    out = unique_svg(svg, "x")
    assert 'aria-labelledby="x-backcare-pose-a-title x-backcare-pose-a-desc"' in out
    assert 'id="x-backcare-pose-a-title"' in out


def test_handout_marks_the_bridges_dosage_as_the_workbooks_own():
    """The source gives no dosage for the bridge: the handout says whose the numbers are."""
    bridge_only = Programme(title="Bridge", exercises=[ProgrammeItem(exercise="bridge")])
    html = handout_html(bridge_only, catalog=CATALOG)
    text, _ = text_of(html)
    bridge = CATALOG["bridge"]
    assert f"How much: {describe_dose(dose_of(bridge))}" in text
    assert "a set of 5 repetitions (each held 3 s)" in text
    note = str(bridge.dosage.note)
    assert "This amount is the workbook's own default *" in text
    assert f"{note} *" in text  # the note, marked as the workbook's
    assert "The source text gives no dosage for this exercise." in text
    assert "General guidance written by the BackCare Workbook" in text  # the mark's footnote
    # the bridge's steps are marked too
    assert "only as far as is comfortable. *" in text


def test_handout_keeps_at_least_in_the_hamstring_hold_and_no_workbook_mark_on_source_dosage():
    html = handout_html(programme(), catalog=CATALOG)
    text, _ = text_of(html)
    assert "Hold each stretch for at least this long." in text
    assert "workbook's own default" not in text


def test_an_educators_own_bridge_dosage_is_not_called_the_workbooks():
    html = handout_html(
        Programme(title="B", exercises=[ProgrammeItem(exercise="bridge", reps=8, hold_seconds=5)]),
        catalog=CATALOG,
    )
    text, _ = text_of(html)
    assert "How much was set by your educator" in text
    assert "workbook's own default" not in text
    assert "Changed from the workbook's default (a set of " in text


def test_a_change_within_the_range_is_marked_too_and_the_default_is_not():
    changed = Programme(
        title="H", exercises=[ProgrammeItem(exercise="hamstring-stretch", hold_seconds=30)]
    )
    text, _ = text_of(handout_html(changed, catalog=CATALOG))
    assert "Chosen by your educator within the usual amount (a set of 5 holds of 15-30 s" in text
    assert "Reason" not in text
    same = Programme(title="H", exercises=[ProgrammeItem(exercise="hamstring-stretch")])
    text, _ = text_of(handout_html(same, catalog=CATALOG))
    assert "Changed from" not in text


def test_handout_carries_the_general_guidance_and_cautions():
    text, _ = text_of(handout_html(programme(), catalog=CATALOG))
    for line in GENERAL_GUIDANCE:
        assert line in text, line
    assert "should be avoided when you have acute lower back pain" in text
    assert "Avoid workouts that put too much stress and strain on your back." in text
    # the crunches keep their own caution and the source's line about form
    assert "Correct form avoids unnecessary stress on your low back." in text


def test_no_seed_word_on_a_handout():
    """Patients read "the source text", never the project's word "seed"."""
    everything = Programme(title="All", exercises=[ProgrammeItem(exercise=i) for i in CATALOG])
    assert "seed" not in handout_html(everything, catalog=CATALOG).lower()
