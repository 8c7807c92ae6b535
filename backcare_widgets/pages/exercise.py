"""One exercise's whole page: the moving picture, start and end pictures, the text, the session.

Composes the parts (it copies none of them) so a notebook page is one call, and the animation
follows the session's hold timer: into the pose during get-ready, held during the hold, back
during the rest. The id is looked up here, once; the parts get the exercise's record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets

from backcare_widgets.components.pose_animation import PoseAnimation
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.pages.progression_prompt import attach_progression
from backcare_widgets.session.guided_set import ExerciseSession
from backcare_widgets.views.exercise_card import exercise_card
from backcare_widgets.views.figures import POSE_NAMES, pose_svg
from backcare_widgets.views.preview import StaticPreview
from backcare_widgets.views.style import styled_html

if TYPE_CHECKING:
    from collections.abc import Callable

    from backcare_widgets.data.catalog import Catalog
    from backcare_widgets.data.log import SessionLog


def log_opener(catalog: Catalog) -> Callable[[], SessionLog]:
    """Return a function that opens the per-user log for this catalogue's ids.

    A session calls it at its first save, so showing a page creates no file; the log then
    accepts every exercise of the catalogue the page was given.
    """

    def open_log() -> SessionLog:
        from backcare_widgets.data.log import SessionLog  # lazy: pandas-free pages

        return SessionLog(exercise_ids=tuple(catalog))

    return open_log


class ExercisePage(StaticPreview, ipywidgets.VBox):
    """An exercise page: animation, start/end pictures, steps and dosage, and the guided set.

    Displayed, it carries a static HTML copy of its pictures and text, which Voila's page paints
    before the widget bundle has run (``views/preview.py``).

    Raises
    ------
    UnknownExerciseError
        If ``exercise_id`` is not in the catalogue (a ``ValueError``; the message lists the
        known ids).
    """

    def __init__(
        self,
        exercise_id: str,
        *,
        catalog: Catalog | None = None,
        log: SessionLog | None = None,
        **kwargs: object,
    ) -> None:
        catalog = load_catalog() if catalog is None else catalog
        self.exercise = exercise = catalog.exercise(exercise_id)
        self.animation = PoseAnimation(exercise)
        self.animation.layout = ipywidgets.Layout(max_width="36em", width="100%")
        self.pictures = styled_html(
            '<div class="backcare-poses">'
            + "".join(
                f'<div class="backcare-poses__pose"><p>{label}</p>{pose_svg(exercise, pose)}</div>'
                for pose, label in zip(POSE_NAMES, ("Start position", "End position"), strict=True)
            )
            + "</div>"
        )
        self.card = exercise_card(exercise)
        self.session = ExerciseSession(
            exercise, log=log if log is not None else log_opener(catalog), show_header=False
        )
        self.progression = attach_progression(self.session, log=log)
        if self.session.timer is not None:
            self.animation.follow(self.session.timer)
        heading = ipywidgets.HTML('<h2 class="backcare-page__heading">Do it with the timer</h2>')
        super().__init__(
            [self.animation, self.pictures, self.card, heading, self.progression, self.session],
            **kwargs,
        )
        self.add_class("backcare-exercise-page")


def exercise_page(
    exercise_id: str, *, catalog: Catalog | None = None, log: SessionLog | None = None
) -> ExercisePage:
    """Return the whole page for one catalogue exercise (what a notebook page displays)."""
    return ExercisePage(exercise_id, catalog=catalog, log=log)
