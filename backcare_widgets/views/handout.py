"""A printable handout for a programme: pictures, steps, dosage, safety, a two-week tick chart.

The handout is one standalone HTML page (styles and pictures inlined, nothing fetched), so it can
be downloaded from Voila, opened and printed anywhere, and printed to PDF by Chromium with
:func:`handout_pdf`. Every exercise carries the safety line; a dosage outside the catalogue's
range carries the educator's reason, so the patient sees that the change was deliberate.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from backcare_widgets.data.dosage import describe_dose, dose_of
from backcare_widgets.data.programme import COUNT_FIELDS, default_item
from backcare_widgets.data.wording import NOT_A_DEVICE, SAFETY_LINE
from backcare_widgets.views.figures import pose_svg
from backcare_widgets.views.safety import guidance_html, warning_signs_html

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from backcare_widgets.data.catalog import Catalog, Exercise, Text
    from backcare_widgets.data.programme import Programme, ProgrammeItem
    from backcare_widgets.views.figures import PoseName

__all__ = [
    "CHART_DAYS",
    "CHROMIUM_ARGS",
    "handout_html",
    "handout_pdf",
    "html_pdf",
    "tick_chart_html",
]

_CSS = Path(__file__).parent / "static" / "handout.css"
CHART_DAYS = 14
WORKBOOK_MARK = "*"
#: Chromium's command line for printing: headless, and nothing sent anywhere in the background.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
CHROMIUM_ENV = "BACKCARE_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"


@cache
def handout_css() -> str:
    """Return the handout's stylesheet (screen and print)."""
    return _CSS.read_text(encoding="utf-8")


def _text(text: Text) -> str:
    """Escape a text; mark the workbook's own words, which the footnote explains."""
    body = escape(str(text))
    return f"{body}{_mark()}" if text.source == "workbook" else body


def _mark() -> str:
    """Return the mark that the footnote explains: general guidance written by the workbook."""
    return f'<span class="backcare-handout__workbook" title="workbook text"> {WORKBOOK_MARK}</span>'


def unique_svg(svg: str, prefix: str) -> str:
    """Give a picture's ids a prefix, so one page can hold the same picture twice."""
    return re.sub(r'(id="|aria-labelledby="| )(backcare-pose-)', rf"\1{prefix}-\2", svg)


def _pose(exercise: Exercise, pose: PoseName, prefix: str) -> str:
    label = "Start" if pose == "start" else "End"
    svg = unique_svg(pose_svg(exercise, pose), prefix)
    return f'<figure class="backcare-handout__pose">{svg}<figcaption>{label}</figcaption></figure>'


def _exercise_html(item: ProgrammeItem, exercise: Exercise, number: int) -> str:
    name = escape(str(exercise.name))
    dosage = escape(item.describe(exercise))
    parts = [
        f'<section class="backcare-handout__exercise" aria-labelledby="handout-ex-{number}">',
        f'<h2 id="handout-ex-{number}">{number}. {name}</h2>',
        f"<p><strong>Works:</strong> {_text(exercise.works)}"
        + (f" {_text(exercise.why)}" if exercise.why else "")
        + "</p>",
    ]
    if exercise.poses is not None:
        parts.append(
            '<div class="backcare-handout__poses">'
            + _pose(exercise, "start", f"handout-{number}")
            + _pose(exercise, "end", f"handout-{number}")
            + "</div>"
        )
    parts.append(f'<p class="backcare-handout__dosage">How much: {dosage}</p>')
    parts.append(_changed_html(item, exercise))
    parts.append(_dosage_source_html(item, exercise))
    steps = "".join(f"<li>{_text(step)}</li>" for step in exercise.steps)
    cues = "".join(f"<li>{_text(cue)}</li>" for cue in exercise.form_cues)
    parts.append(
        '<div class="backcare-handout__columns"><div>'
        f"<h3>Starting position</h3><p>{_text(exercise.start_position)}</p>"
        f"<h3>Steps</h3><ol>{steps}</ol></div>"
        f"<div><h3>Check your form</h3><ul>{cues}</ul>"
    )
    if exercise.cautions:
        cautions = "".join(f"<li>{_text(c)}</li>" for c in exercise.cautions)
        parts.append(f"<h3>Take care</h3><ul>{cautions}</ul>")
    parts.append(
        f'<p class="backcare-handout__safety-line"><strong>{escape(SAFETY_LINE)}</strong></p>'
        "</div></div></section>"
    )
    return "".join(parts)


def _changed_html(item: ProgrammeItem, exercise: Exercise) -> str:
    """Mark a dosage changed from the default, for every exercise, the bridge's included.

    A number outside the usual range says so, with the educator's reason; a number chosen
    within the range, or a change to the workbook's own default (the bridge's), is marked too,
    with the usual dosage beside it, so the patient sees the change was deliberate.
    """
    usual = escape(describe_dose(dose_of(exercise)))
    default = default_item(exercise)
    changed = any(getattr(item, name) != getattr(default, name) for name in COUNT_FIELDS)
    if item.reason or item.out_of_range(exercise):
        reason = f" Reason:</strong> {escape(item.reason)}" if item.reason else "</strong>"
        text = f"<strong>Changed from the usual amount ({usual}) by your educator.{reason}"
    elif not changed:
        return ""
    elif exercise.dosage.source == "workbook":
        text = f"<strong>Changed from the workbook's default ({usual}) by your educator.</strong>"
    else:
        text = f"<strong>Chosen by your educator</strong> within the usual amount ({usual})."
    return f'<p class="backcare-handout__reason backcare-handout__changed">{text}</p>'


def _dosage_source_html(item: ProgrammeItem, exercise: Exercise) -> str:
    """Say whose the dosage is, as the exercise pages do.

    The workbook's own default (the bridge's, where the source text gives none) is marked as
    the workbook's, with its note; a note on the source's numbers (the hamstring stretch's "at
    least") is kept, so the handout never says less than the page.
    """
    note = exercise.dosage.note
    if exercise.dosage.source == "workbook":
        if item.describe(exercise) != describe_dose(dose_of(exercise)):
            return (
                '<p class="backcare-handout__dosage-note">How much was set by your educator: '
                "the workbook's source text gives no amount for this exercise.</p>"
            )
        mark = f"<strong>This amount is the workbook's own default{_mark()}.</strong>"
        return (
            f'<p class="backcare-handout__dosage-note">{mark}'
            + (f" {_text(note)}" if note is not None else "")
            + "</p>"
        )
    if note is None:
        return ""
    return f'<p class="backcare-handout__dosage-note">{_text(note)}</p>'


def _sessions_a_day(item: ProgrammeItem, exercise: Exercise) -> int:
    """Return the boxes a day: the dose model's sessions a day for the programme's dosage."""
    from backcare_widgets.data.dosage import dose_of

    return dose_of(exercise, item.dosage(exercise)).times_a_day


def tick_chart_html(programme: Programme, catalog: Catalog) -> str:
    """Return the two-week tick chart: a box per session a day, per exercise, per day.

    With a start date the columns are dated and, for programmes on named days, the other days
    are shaded; without one they are "Day 1" to "Day 14" for the patient to date.
    """
    return _tick_chart(programme, catalog.exercises(programme.exercise_ids))


def _tick_chart(programme: Programme, exercises: tuple[Exercise, ...]) -> str:
    """Draw the tick chart for a programme whose exercises are already looked up, in its order."""
    weeks = []
    for week in range(CHART_DAYS // 7):
        days = [week * 7 + offset for offset in range(7)]
        heads = []
        for day in days:
            if programme.start is None:
                heads.append(f'<th scope="col">Day {day + 1}</th>')
            else:
                when = programme.start + timedelta(days=day)
                heads.append(f'<th scope="col">{when:%a}<br>{when:%d %b}</th>')
        rows = []
        for item, exercise in zip(programme.exercises, exercises, strict=True):
            boxes = '<span class="backcare-handout__box"></span>' * _sessions_a_day(item, exercise)
            cells = []
            for day in days:
                on = programme.start + timedelta(days=day) if programme.start else None
                if on is not None and not programme.frequency.is_day(on):
                    cells.append('<td class="backcare-handout__off" aria-label="rest day"></td>')
                else:
                    cells.append(f"<td>{boxes}</td>")
            rows.append(
                f'<tr><th scope="row">{escape(str(exercise.name))}</th>{"".join(cells)}</tr>'
            )
        weeks.append(
            '<div class="backcare-handout__chart-wrap">'
            f'<table class="backcare-handout__chart"><caption>Week {week + 1}</caption>'
            f"<thead><tr><td></td>{''.join(heads)}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
    how_often = escape(programme.frequency.describe())
    return (
        '<section class="backcare-handout__chart-page" aria-labelledby="handout-chart">'
        '<h2 id="handout-chart">Your two weeks: tick a box each time</h2>'
        f"<p>Do the exercises <strong>{how_often}</strong>. Tick one box for each session you "
        "do (a session is one set on each side at the dose above); an exercise done twice a day "
        "has two boxes, for two separate visits. Bring this sheet to your next "
        f"appointment.</p>{''.join(weeks)}</section>"
    )


def handout_body(programme: Programme, *, catalog: Catalog, made_on: date | None = None) -> str:
    """Return the handout's content (no ``<html>`` around it), e.g. to preview it in a page."""
    exercises = catalog.exercises(programme.exercise_ids)
    made_on = made_on or date.today()  # noqa: DTZ011 - the educator's own calendar day
    meta = [f"<li><strong>How often:</strong> {escape(programme.frequency.describe())}</li>"]
    if programme.start is not None:
        meta.append(f"<li><strong>Starting:</strong> {programme.start:%A %d %B %Y}</li>")
    meta.append(f"<li><strong>Made on:</strong> {made_on:%d %B %Y}</li>")
    parts = [
        '<article class="backcare-handout">',
        f"<header><h1>{escape(programme.title)}</h1>",
        f'<ul class="backcare-handout__meta">{"".join(meta)}</ul></header>',
    ]
    if programme.note:
        parts.append(f'<p class="backcare-handout__note">{escape(programme.note)}</p>')
    parts.append(
        '<div class="backcare-handout__safety" role="note" aria-label="Safety">'
        f"<p><strong>{escape(SAFETY_LINE)}</strong></p>"
        "<p>The warning signs that need medical help are listed at the end of this handout.</p>"
        "</div>"
    )
    parts.append(
        '<section class="backcare-handout__guidance" aria-labelledby="handout-guidance">'
        f'<h2 id="handout-guidance">Before you start</h2>{guidance_html()}</section>'
    )
    for number, (item, exercise) in enumerate(
        zip(programme.exercises, exercises, strict=True), start=1
    ):
        parts.append(_exercise_html(item, exercise, number))
    parts += [
        _tick_chart(programme, exercises),
        '<section class="backcare-handout__signs" aria-labelledby="handout-signs">',
        '<h2 id="handout-signs">Stop, and get help</h2>',
        f"<p><strong>{escape(SAFETY_LINE)}</strong></p>",
        warning_signs_html(css="backcare-handout__signs"),
        "</section>",
        "<footer>",
        (
            f"<p>{WORKBOOK_MARK} General guidance written by the BackCare Workbook where its "
            "source text is silent (such as the bridge's steps and dosage); other exercise text "
            "is from the workbook's source text. "
            f"{escape(NOT_A_DEVICE)}</p>"
        ),
        "</footer></article>",
    ]
    return "".join(parts)


def handout_html(programme: Programme, *, catalog: Catalog, made_on: date | None = None) -> str:
    """Return the printable handout as a standalone HTML page (styles and pictures inlined).

    Parameters
    ----------
    programme : Programme
        The programme to print.
    catalog : Catalog
        The catalogue the programme was checked against (``load_catalog()`` for the shipped one).
    made_on : date, optional
        The date printed on the handout (today by default).

    Returns
    -------
    str
        A complete HTML document that loads nothing from anywhere.
    """
    body = handout_body(programme, catalog=catalog, made_on=made_on)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(programme.title)}</title><style>{handout_css()}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def chromium_path() -> str:
    """Return the Chromium to print with: ``$BACKCARE_CHROMIUM`` or Debian's."""
    return os.environ.get(CHROMIUM_ENV, DEFAULT_CHROMIUM)


def handout_pdf(
    programme: Programme,
    path: str | os.PathLike[str],
    *,
    catalog: Catalog,
    made_on: date | None = None,
    browser: Browser | None = None,
) -> Path:
    """Print the handout to a PDF file with Chromium (A4, backgrounds kept); return its path.

    Parameters
    ----------
    programme : Programme
        The programme to print.
    path : str or Path
        Where to write the PDF.
    catalog : Catalog
        The catalogue the programme was checked against.
    made_on : date, optional
        The date printed on the handout.
    browser : playwright Browser, optional
        A running Chromium to print with; by default one is started (``$BACKCARE_CHROMIUM``
        or ``/usr/bin/chromium``) and stopped again. Uses Playwright's synchronous API, so call
        it outside a running asyncio loop (in a notebook, from a thread).

    Returns
    -------
    Path
        The PDF file written.

    Raises
    ------
    ModuleNotFoundError
        Without a ``browser``, when Playwright is not installed (the ``pdf`` extra).
    FileNotFoundError
        Without a ``browser``, when there is no Chromium to start.
    """
    return html_pdf(
        handout_html(programme, catalog=catalog, made_on=made_on), path, browser=browser
    )


def html_pdf(html: str, path: str | os.PathLike[str], *, browser: Browser | None = None) -> Path:
    """Print a standalone HTML page to a PDF file as the handout is printed; return its path.

    The same printer for every printable page (the handout, the report for the next visit):
    A4, backgrounds kept, nothing fetched. Raises as :func:`handout_pdf` does.
    """
    target = Path(path)
    if browser is not None:
        _print(browser, html, target)
        return target
    try:  # the optional extra `pdf`: nothing else in the workbook needs Playwright
        from playwright.sync_api import sync_playwright
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            "printing the handout to PDF needs Playwright: pip install backcare-widgets[pdf] "
            "(or print the HTML handout from a browser)",
            name=exc.name,
        ) from exc

    executable = chromium_path()
    if not Path(executable).is_file():
        raise FileNotFoundError(
            f"Chromium not found at {executable}: install it (e.g. 'apt-get install chromium') "
            f"or set {CHROMIUM_ENV}; or print the HTML handout from a browser"
        )
    with sync_playwright() as playwright:
        own = playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        try:
            _print(own, html, target)
        finally:
            own.close()
    return target


def _print(browser: Browser, html: str, target: Path) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        # nothing may be fetched: the handout is self-contained
        page.route("**/*", lambda route: route.abort())
        page.set_content(html, wait_until="load")
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        context.close()
    target.write_bytes(pdf)
