"""The class report as HTML: a table per student and two charts, from a :class:`ClassReport`."""

from __future__ import annotations

import logging
from html import escape
from typing import TYPE_CHECKING

from matplotlib.ticker import MaxNLocator

from backcare_widgets.data.pain import WORSE_BY
from backcare_widgets.views.charts import DONE, TARGET, Chart, figure, svg

if TYPE_CHECKING:
    from collections.abc import Callable

    from backcare_widgets.data.class_summary import ClassReport, StudentSummary

__all__ = ["adherence_chart", "pain_chart", "report_html"]

_LOG = logging.getLogger(__name__)


def _plain(text: str) -> str:
    """Chart text shown as written: matplotlib would read ``$...$`` as maths (and fail)."""
    return text.replace("$", r"\$")


def adherence_chart(report: ClassReport) -> Chart:
    """Draw each student's sessions done against the target of their period."""
    students = report.students
    fig = figure(6.4, 0.7 + 0.45 * len(students))
    ax = fig.add_subplot()
    rows = range(len(students))
    ax.barh(
        rows,
        [s.sessions_target for s in students],
        color="none",
        edgecolor=TARGET,
        lw=1.5,
        label="target",
    )
    ax.barh(rows, [s.sessions_done for s in students], height=0.55, color=DONE, label="done")
    ax.set_yticks(list(rows), [_plain(s.student) for s in students])
    ax.invert_yaxis()
    ax.set_xlabel("sessions (each day counts up to its target)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # no half sessions
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=2, frameon=False, fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    parts = [
        f"{s.student}: {s.sessions_done} of {s.sessions_target} ({s.percent_of_target}%)"
        for s in students
    ]
    alt = "Sessions done against the target, per student: " + "; ".join(parts) + "."
    return Chart("Sessions against target", svg(fig), alt)


def pain_chart(report: ClassReport) -> Chart:
    """Draw each student's mean pain before exercise, first week to last week, as an arrow.

    Only students who rated their pain on two or more days are drawn (see
    :func:`report_html`, which leaves the chart out when none did).
    """
    weeks = [
        (s, first, last)
        for s in report.students
        if (first := s.pain_first) is not None and (last := s.pain_last) is not None
    ]
    rated = [s for s, _, _ in weeks]
    fig = figure(6.4, 0.7 + 0.45 * max(1, len(rated)))
    ax = fig.add_subplot()
    for row, (s, first, last) in enumerate(weeks):
        colour = "#b91c1c" if (s.pain_change or 0) >= WORSE_BY else "#1d4ed8"
        ax.annotate(
            "",
            xy=(last, row),
            xytext=(first, row),
            arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 2},
        )
        ax.plot([first], [row], "o", color="#b45309")
    ax.set_yticks(list(range(len(rated))), [_plain(s.student) for s in rated])
    ax.set_ylim(len(rated) - 0.5, -0.5)
    ax.set_xlim(0, 10)
    ax.set_xlabel("mean pain before exercise (0-10): first week (dot) to last week (arrow)")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if rated:
        parts = [f"{s.student}: {s.pain_first} to {s.pain_last}" for s in rated]
        alt = "Mean pain before exercise, first week to last week: " + "; ".join(parts) + "."
    else:
        alt = "No student rated their pain on two or more days."
    return Chart("Pain before exercise", svg(fig), alt)


def _pain_cell(student: StudentSummary) -> str:
    if student.pain_change is None:
        return "not rated"
    return f"{student.pain_first} → {student.pain_last}: {escape(student.pain_trend())}"


def _charts(report: ClassReport) -> list[Callable[[ClassReport], Chart]]:
    """Return the charts with something to show: no empty pain chart when nobody rated pain."""
    return [adherence_chart, *([pain_chart] if report.rated else [])]


def _not_rated(report: ClassReport) -> str:
    names = [s.student for s in report.students if s.pain_change is None]
    if not names:
        return ""
    if len(names) == len(report.students):
        text = (
            "No student rated their pain before exercise on two or more days, so there is no "
            "pain chart"
        )
    else:
        text = "Not in the pain chart (pain not rated on two or more days): " + ", ".join(names)
    return f'<p class="backcare-class-report__not-rated">{escape(text)}.</p>'


def report_html(report: ClassReport) -> str:
    """Return the report as HTML: problems per file, a table, and the charts."""
    parts = ['<div class="backcare-class-report__result">']
    if report.problems:
        items = "".join(
            f"<li><strong>{escape(p.name)}</strong>: {escape(p.message)}</li>"
            for p in report.problems
        )
        used = len(report.students)
        parts.append(
            '<div class="backcare-message backcare-message--error" role="alert">'
            f"<strong>{len(report.problems)} file(s) could not be used; {used} student(s) "
            f'from the other files are shown.</strong><ul class="backcare-class-report__problems">'
            f"{items}</ul></div>"
        )
    if not report.students:
        parts.append("<p>No student's log to show yet.</p></div>")
        return "".join(parts)
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in (
            "Student",
            "Period",
            "Days done",
            "Sessions against target",
            "Pain before, first → last week",
            "Sets with pain 2+ above the day's start",
        )
    )
    rows = []
    for s in report.students:
        period = f"{s.first_day:%d %b} to {s.last_day:%d %b}"
        rows.append(
            f'<tr><th scope="row">{escape(s.student)}</th><td>{period}</td>'
            f'<td class="backcare-class-report__num">{s.days_done} of {s.days_in_period}</td>'
            f'<td class="backcare-class-report__num">{s.sessions_done} of {s.sessions_target} '
            f"({s.percent_of_target}%)</td>"
            f"<td>{_pain_cell(s)}</td>"
            f'<td class="backcare-class-report__num">{s.sets_pain_worse}</td></tr>'
        )
    parts.append(
        '<div class="backcare-class-report__table" role="region" tabindex="0" '
        'aria-label="Students">'
        f"<table><caption>Adherence per student ({escape(report.describe_period())})</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
    for draw in _charts(report):
        try:
            chart = draw(report)
        except Exception:  # noqa: BLE001 - the table above still stands without the chart
            _LOG.exception("class report chart failed")
            parts.append("<p>This chart could not be drawn; the table above has its numbers.</p>")
            continue
        parts.append(f'<h3 class="backcare-class-report__heading">{escape(chart.title)}</h3>')
        parts.append(chart.html())
    parts.append(_not_rated(report))
    parts.append("</div>")
    return "".join(parts)
