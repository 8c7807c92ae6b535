"""My progress's function score: the scale to fill in (at most once a week) and its weekly line.

The person names up to five activities their back pain makes hard and rates each from 0 to 10;
the score is the mean. The next time, the activities they named are offered again, so the same
activities are rated week after week, as the scale intends.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets

from backcare_widgets.data.function_score import (
    MAX_ACTIVITIES,
    MAX_NAME_LENGTH,
    FunctionScoreError,
    next_due,
)
from backcare_widgets.data.log import LogError
from backcare_widgets.data.log.between_visits import function_scores, record_function_score
from backcare_widgets.views.function_score import function_score_html
from backcare_widgets.views.visit_style import with_visit_style

if TYPE_CHECKING:
    from collections.abc import Callable

    from backcare_widgets.data.log import SessionLog

__all__ = ["FunctionScoreSection"]

INTRO = (
    "Name up to five activities that your back pain makes hard (for example putting on socks, "
    "lifting a shopping bag) and rate how well you can do each today: 0 means unable to do it, "
    "10 means able to do it as well as before the problem. Your score is the average. It is "
    "asked at most once a week (the workbook's rule)."
)


class FunctionScoreSection(ipywidgets.VBox):
    """The Patient-Specific Functional Scale: a form, the weekly chart and its citation."""

    def __init__(
        self,
        log: SessionLog,
        *,
        now: Callable[[], datetime] | None = None,
        **kwargs: Any,
    ) -> None:
        self.session_log = log
        self._now = now or (lambda: datetime.now(UTC).astimezone())
        self.names = [
            ipywidgets.Text(
                placeholder=f"Activity {number}",
                description=f"Activity {number}",
                style={"description_width": "initial"},
                layout={"width": "22em", "max_width": "100%"},
            )
            for number in range(1, MAX_ACTIVITIES + 1)
        ]
        # no rating until one is chosen: a forgotten rating must not be saved as 0 ("unable")
        self.ratings = [
            ipywidgets.Dropdown(
                options=[("not rated", None), *((str(value), value) for value in range(11))],
                index=0,  # shows "not rated" (value None; a bare value=None would show blank)
                description="Rating, 0-10",
                style={"description_width": "initial"},
                layout={"width": "22em", "max_width": "100%"},
            )
            for _ in range(MAX_ACTIVITIES)
        ]
        rows = [
            ipywidgets.HBox([name, rating], layout={"flex_flow": "row wrap"})
            for name, rating in zip(self.names, self.ratings, strict=True)
        ]
        self.save_button = ipywidgets.Button(
            description="Save my function score", button_style="primary", layout={"width": "auto"}
        )
        self.save_button.add_class("backcare-button")
        self.save_button.add_class("backcare-button--primary")
        self.save_button.on_click(lambda _b: self.save())
        self.intro = ipywidgets.HTML(
            with_visit_style(
                f"<h2>Function score</h2><p>{escape(INTRO)}</p>"
                f"<p class='backcare-visually-hidden'>Up to {MAX_NAME_LENGTH} characters each.</p>"
            )
        )
        self.form = ipywidgets.VBox([*rows, self.save_button])
        self.due = ipywidgets.HTML()
        self.message = ipywidgets.HTML()
        self.chart = ipywidgets.HTML(layout={"max_width": "60em"})
        super().__init__([self.intro, self.due, self.form, self.message, self.chart], **kwargs)
        self.add_class("backcare-function-score")
        self.add_class("backcare-form")  # 48 px fields: views/static/backcare.css
        self.refresh()

    def refresh(self) -> None:
        """Read the scores; show the form only when one is due, and redraw the line."""
        try:
            scores = function_scores(self.session_log)
        except LogError as exc:
            self.message.value = with_visit_style(
                f'<p class="backcare-message backcare-message--error" role="alert">'
                f"{escape(str(exc))}</p>"
            )
            return
        due = next_due(scores)
        now = self._now()
        open_now = due is None or now >= due
        self.form.layout.display = None if open_now else "none"
        self.due.value = (
            ""
            if open_now
            else with_visit_style(
                '<p class="backcare-function-score__due" role="status">Your next function '
                f"score is due from {due.astimezone(now.tzinfo):%A %d %B}.</p>"  # type: ignore[union-attr]
            )
        )
        if scores and open_now and not any(name.value for name in self.names):
            for box, (name, _score) in zip(self.names, scores[-1].activities, strict=False):
                box.value = name  # rate the same activities again
        self.chart.value = with_visit_style(function_score_html(scores))

    def save(self) -> None:
        """Keep the filled-in scale (refused with its reasons if it is not valid)."""
        activities = [
            (name.value, rating.value)
            for name, rating in zip(self.names, self.ratings, strict=True)
        ]
        try:
            score = record_function_score(self.session_log, activities, when=self._now())
        except (FunctionScoreError, LogError) as exc:
            self.message.value = with_visit_style(
                f'<p class="backcare-message backcare-message--error" role="alert">'
                f"Not saved: {escape(str(exc))}</p>"
            )
            return
        self.message.value = with_visit_style(
            f'<p class="backcare-message" role="status">Saved: your function score this week is '
            f"{score.mean:g} out of 10.</p>"
        )
        self.refresh()
