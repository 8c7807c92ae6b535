"""Presenter: one exercise at a time, large and clear on a projector, stepped with the keyboard.

The slides (start and end pictures, what the exercise works, the muscle, every form cue, the
cautions and the dosage, with the workbook's own text marked as on the pages) are laid out in
Python from the catalogue and sent once as a trait; the last slide lists the warning signs from
:mod:`backcare_widgets.data.wording`. The view shows one slide and steps with ArrowLeft/ArrowRight
(also PageUp/PageDown, as presentation clickers send), Home and End, or its buttons, and
announces each change to screen readers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

from backcare_widgets.data.dosage import describe_dose, dose_of
from backcare_widgets.data.wording import SAFETY_LINE, WARNING_TIERS
from backcare_widgets.views.figures import POSE_NAMES, pose_svg
from backcare_widgets.views.handout import unique_svg

if TYPE_CHECKING:
    from collections.abc import Sequence

    from backcare_widgets.data.catalog import Exercise, Text

__all__ = ["SIGNS_SLIDE_ID", "PresenterSlides", "signs_slide", "slide"]

_STATIC = Path(__file__).parent / "static"
#: The id of the last slide, the warning signs.
SIGNS_SLIDE_ID = "warning-signs"


def _marked(text: Text) -> dict[str, Any]:
    """Return a text with whether it is the workbook's own (the view marks those)."""
    return {"text": str(text), "workbook": text.source == "workbook"}


def slide(exercise: Exercise, *, prefix: str = "presenter") -> dict[str, Any]:
    """Return one exercise's slide as plain data (the view escapes every text)."""
    pictures = []
    if exercise.poses is not None:
        pictures = [
            unique_svg(pose_svg(exercise, pose), f"{prefix}-{index}")
            for index, pose in enumerate(POSE_NAMES)
        ]
    note = exercise.dosage.note
    return {
        "kind": "exercise",
        "id": exercise.id,
        "name": str(exercise.name),
        "works": " ".join(str(t) for t in (exercise.works, exercise.why) if t is not None),
        "works_workbook": any(
            t.source == "workbook" for t in (exercise.works, exercise.why) if t is not None
        ),
        "muscle": str(exercise.muscle),
        "cues": [_marked(cue) for cue in exercise.form_cues],
        "cautions": [_marked(caution) for caution in exercise.cautions],
        "dosage": describe_dose(dose_of(exercise)),
        "dosage_workbook": exercise.dosage.source == "workbook",
        "dosage_note": None if note is None else _marked(note),
        "pictures": pictures,
    }


def signs_slide() -> dict[str, Any]:
    """Return the last slide: the warning signs in their three tiers, from the safety module."""
    return {
        "kind": "signs",
        "id": SIGNS_SLIDE_ID,
        "name": "Warning signs: stop, and get help",
        "tiers": [tier.as_dict() for tier in WARNING_TIERS],
        "pictures": [],
    }


class PresenterSlides(anywidget.AnyWidget):
    """Show exercises one at a time for a class; the keyboard or buttons step through them.

    The widget behind :class:`~backcare_widgets.pages.educators.presenter.Presenter`, which
    looks the exercises up by id; this one takes the records.

    Parameters
    ----------
    exercises : sequence of Exercise
        The exercises, in order (at least one).
    **kwargs
        Passed to :class:`anywidget.AnyWidget`.

    Examples
    --------
    >>> catalog = load_catalog()
    >>> slides = PresenterSlides(catalog.exercises(["bridge", "partial-crunches"]))
    >>> slides.next()
    >>> slides.index
    1
    """

    _esm = _STATIC / "presenter.js"
    _css = _STATIC / "presenter.css"

    index = traitlets.Int(0, help="The slide shown (0-based); kept within the slides.").tag(
        sync=True
    )
    safety_line = traitlets.Unicode(SAFETY_LINE, help="Shown under every slide.").tag(sync=True)
    _slides: traitlets.List[dict[str, Any]] = traitlets.List(
        help="One dict per exercise (see slide()), then the warning signs (see signs_slide())."
    ).tag(sync=True)

    def __init__(self, exercises: Sequence[Exercise], **kwargs: Any) -> None:
        if not exercises:
            raise ValueError("give at least one exercise to present")
        self.exercise_ids = tuple(exercise.id for exercise in exercises)
        super().__init__(**kwargs)
        self._slides = [
            *(slide(exercise, prefix=f"presenter-{n}") for n, exercise in enumerate(exercises)),
            signs_slide(),
        ]
        self.index = 0

    @traitlets.validate("index")
    def _validate_index(self, proposal: dict[str, Any]) -> int:
        last = max(0, len(self._slides) - 1)
        return min(max(int(proposal["value"]), 0), last)

    @property
    def exercise_id(self) -> str | None:
        """Return the id of the exercise shown (None on the last slide, the warning signs)."""
        return self.exercise_ids[self.index] if self.index < len(self.exercise_ids) else None

    def next(self) -> None:
        """Show the next slide (stays on the last, the warning signs)."""
        self.index += 1

    def previous(self) -> None:
        """Show the previous exercise (stays on the first)."""
        self.index -= 1

    def first(self) -> None:
        """Show the first exercise."""
        self.index = 0

    def last(self) -> None:
        """Show the last slide, the warning signs."""
        self.index = len(self._slides) - 1
