"""The report for the next visit as one standalone, printable HTML page (and a PDF of it).

Everything the person typed (activity names, notes) is escaped, never read as HTML. The safety
text and the function score's citation are on the page; nothing is fetched, so it prints the same
anywhere, and :func:`report_pdf` prints it with the handout's printer.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from backcare_widgets.data.function_score import CITATION, SMALLEST_CHANGE
from backcare_widgets.data.wording import NOT_A_DEVICE, SAFETY_LINE
from backcare_widgets.views.function_score import function_score_chart
from backcare_widgets.views.handout import html_pdf
from backcare_widgets.views.safety import warning_signs_html

if TYPE_CHECKING:
    import os
    from collections.abc import Mapping
    from datetime import date

    from playwright.sync_api import Browser

    from backcare_widgets.data.catalog import Exercise
    from backcare_widgets.data.visit_report import VisitReport

__all__ = ["report_html", "report_pdf"]

_CSS = Path(__file__).parent / "static" / "visit-report.css"


@cache
def report_css() -> str:
    """Return the report's stylesheet (screen and print)."""
    return _CSS.read_text(encoding="utf-8")


def _pain(value: float | None) -> str:
    return "not recorded" if value is None else f"{value:g} out of 10"


def _figures(report: VisitReport) -> str:
    sessions = sum(line.sessions_done for line in report.exercises)
    target = sum(line.sessions_target for line in report.exercises)
    items = [
        (f"{len(report.days_exercised)} of {report.days}", "days exercised"),
        (f"{sessions} of {target}", "sessions done against the dose"),
        (_pain(report.pain_before), f"pain before (average of {report.pain_days} days)"),
        (_pain(report.pain_after), "pain after (same days)"),
    ]
    return (
        '<ul class="backcare-report__figures">'
        + "".join(f"<li><strong>{escape(a)}</strong>{escape(b)}</li>" for a, b in items)
        + "</ul>"
    )


def _exercises(report: VisitReport) -> str:
    rows = "".join(
        f"<tr><td>{escape(line.name)}</td>"
        f'<td class="backcare-report__number">{line.sessions_done} of {line.sessions_target}</td>'
        f'<td class="backcare-report__number">{line.percent}%</td>'
        f'<td class="backcare-report__number">{line.days_done}</td></tr>'
        for line in report.exercises
    )
    return (
        "<table><caption class='backcare-report__small'>Sessions against the dose (the dose is "
        "the source's, or the workbook's default where the source gives none)</caption>"
        "<thead><tr><th>Exercise</th><th class='backcare-report__number'>Sessions</th>"
        "<th class='backcare-report__number'>Of the dose</th>"
        "<th class='backcare-report__number'>Days done</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _pain_section(report: VisitReport) -> str:
    worse = (
        "No day with pain 2 or more points worse after a set."
        if not report.worse_days
        else "Days with pain 2 or more points worse after a set than before: "
        + ", ".join(f"{day:%d %b}" for day in report.worse_days)
        + "."
    )
    return (
        f"<p>Each day's first pain before and last pain after, averaged over the "
        f"{report.pain_days} days both were rated: before {escape(_pain(report.pain_before))}, "
        f"after {escape(_pain(report.pain_after))}. {escape(worse)}</p>"
    )


def _function_section(report: VisitReport) -> str:
    if not report.function_scores:
        return "<p>No function score in this period.</p>"
    rows = "".join(
        f"<tr><td>{score.day:%d %b %Y}</td>"
        f'<td class="backcare-report__number">{score.mean:g}</td><td>'
        + "; ".join(f"{escape(name)}: {rating}" for name, rating in score.activities)
        + "</td></tr>"
        for score in report.function_scores
    )
    chart = function_score_chart(report.function_scores)
    return (
        (chart.html() if chart and len(report.function_scores) > 1 else "")
        + "<table><thead><tr><th>Date</th><th class='backcare-report__number'>Score (0-10)</th>"
        f"<th>Activities rated</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<p class='backcare-report__small'>{escape(CITATION)}. A change of {SMALLEST_CHANGE} "
        "points in the average is the smallest the scale tells apart from measurement error.</p>"
    )


def _steps_section(report: VisitReport, catalog: Mapping[str, Exercise]) -> str:
    if not report.steps:
        return "<p>No progression step in this period.</p>"
    words = {"up": "step up", "down": "step back", "ask": "ask the educator"}
    items = []
    for step in report.steps:
        exercise = catalog.get(step.exercise)
        name = exercise.name.text if exercise else step.exercise
        level = step.level.describe(exercise) if exercise else str(step.level)
        items.append(
            f"<li>{step.when:%d %b %Y}: {escape(name)}, {escape(words.get(step.kind, step.kind))} "
            f"to {escape(level)}: {escape(step.choice)}</li>"
        )
    return (
        f"<ul>{''.join(items)}</ul><p class='backcare-report__small'>Steps are offered by the "
        "workbook's own rule (3 sessions in a row done in full without pain getting 2 points "
        "worse), always within the source's ranges.</p>"
    )


def _notes_section(report: VisitReport) -> str:
    if not report.notes:
        return "<p>No notes in this period.</p>"
    rows = "".join(
        f"<tr><td>{day:%d %b}</td><td>{escape(name)}</td>"
        f'<td class="backcare-report__note">{escape(text)}</td></tr>'
        for day, name, text in report.notes
    )
    return (
        "<table><thead><tr><th>Date</th><th>Exercise</th><th>Note</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def report_html(
    report: VisitReport, *, catalog: Mapping[str, Exercise], made_on: date | None = None
) -> str:
    """Return the report as a standalone HTML page (styles and chart inlined)."""
    made = f" Made on {made_on:%d %B %Y}." if made_on else ""
    period = f"{report.start:%d %B %Y} to {report.end:%d %B %Y}"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Report for my next visit: {escape(period)}</title>"
        f"<style>{report_css()}</style></head><body>"
        '<main class="backcare-report">'
        f"<h1>Report for my next visit</h1><p>{escape(period)} ({report.days} days), from "
        f"my BackCare Workbook log.{escape(made)}</p>"
        f"<h2>Summary</h2>{_figures(report)}"
        f"<h2>Exercises</h2>{_exercises(report)}"
        f"<h2>Pain before and after</h2>{_pain_section(report)}"
        f"<h2>Function score</h2>{_function_section(report)}"
        f"<h2>Progression steps</h2>{_steps_section(report, catalog)}"
        f"<h2>My notes</h2>{_notes_section(report)}"
        '<section class="backcare-report__safety" aria-label="Safety">'
        f"<p><strong>{escape(SAFETY_LINE)}</strong></p>"
        f"{warning_signs_html(level=3, css='backcare-report__safety')}"
        f"<p class='backcare-report__small'>{escape(NOT_A_DEVICE)}</p></section>"
        "</main></body></html>"
    )


def report_pdf(
    report: VisitReport,
    path: str | os.PathLike[str],
    *,
    catalog: Mapping[str, Exercise],
    made_on: date | None = None,
    browser: Browser | None = None,
) -> Path:
    """Print the report to a PDF with the handout's printer (Chromium, the ``pdf`` extra)."""
    return html_pdf(report_html(report, catalog=catalog, made_on=made_on), path, browser=browser)
