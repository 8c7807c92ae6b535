"""PoseAnimation: an exercise's figure moving between its start and end pose, in the browser.

Python lays the figure out for every frame (:func:`backcare_widgets.views.figures.scene`) and sends the
shapes as traits; the view blends neighbouring frames on every animation frame, so the movement
stays smooth while the kernel is busy. ``phase`` says where the movement should be: set it by
hand, link it to a :class:`~backcare_widgets.components.hold_timer.HoldTimer` with :meth:`follow` (move into
the pose while getting ready, hold it during the hold, go back during the rest), or leave it at
``"loop"`` and the figure repeats the movement on its own. A browser that asks for reduced motion
gets the poses without the movement in between.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

from backcare_widgets.data.catalog import Exercise
from backcare_widgets.views.figures import capsule_path, scene

if TYPE_CHECKING:
    from backcare_widgets.components.hold_timer import HoldTimer

__all__ = ["PHASES", "TIMER_PHASES", "PoseAnimation"]

_STATIC = Path(__file__).parent / "static"

#: Where the figure should be: "loop" repeats the movement on its own; "start" and "rest" show
#: the start pose, "moving" goes to the end pose, "hold" stays there, "returning" goes back.
PHASES = ("loop", "start", "moving", "hold", "returning", "rest")

#: HoldTimer phase -> PoseAnimation phase, as :meth:`PoseAnimation.follow` applies it.
TIMER_PHASES = {
    "idle": "loop",
    "get_ready": "moving",
    "hold": "hold",
    "rest": "returning",
    "done": "rest",
}


class PoseAnimation(anywidget.AnyWidget):
    """An exercise's figure, animated between its start and end pose.

    Parameters
    ----------
    exercise : Exercise
        The catalogue record to draw, e.g. ``catalog.exercise("bridge")``.
    phase : str
        One of :data:`PHASES`; ``"loop"`` (the default) animates on its own.
    move_s : float
        Seconds a full move from one pose to the other takes (0.2 to 30).
    frame_count : int
        Frames laid out by Python between the poses (the view blends between them).
    **kwargs
        Passed to :class:`anywidget.AnyWidget`.

    Examples
    --------
    >>> figure = PoseAnimation(load_catalog().exercise("bridge"))
    >>> figure.phase = "hold"  # show the end pose (moving there smoothly)
    """

    _esm = _STATIC / "pose-animation.js"
    _css = _STATIC / "pose-animation.css"

    exercise = traitlets.Instance(Exercise, help="The exercise shown (its catalogue record).")
    exercise_id = traitlets.Unicode(
        read_only=True, help="The id of the exercise shown (set by ``exercise``)."
    ).tag(sync=True)
    phase = traitlets.Enum(PHASES, "loop", help="Where the figure should be; see PHASES.").tag(
        sync=True
    )
    move_s = traitlets.Float(2.0, help="Seconds a full move between the poses takes.").tag(
        sync=True
    )
    title = traitlets.Unicode(help="Accessible name of the picture.").tag(sync=True)
    description = traitlets.Unicode(help="Text alternative: what the picture shows.").tag(sync=True)
    _frames: traitlets.List[list[float]] = traitlets.List(
        help="Shapes per frame, start to end: each frame lists x1, y1, r1, x2, y2, r2 per shape."
    ).tag(sync=True)
    _paints: traitlets.List[list[str]] = traitlets.List(
        help="[fill, stroke, kind] per shape, in drawing order."
    ).tag(sync=True)
    _view_box: traitlets.List[float] = traitlets.List(
        help="SVG viewBox (x, y, width, height) in cm."
    ).tag(sync=True)
    _scenery = traitlets.Unicode(help="SVG markup of the floor, mat and legend.").tag(sync=True)

    def __init__(
        self,
        exercise: Exercise,
        *,
        phase: str = "loop",
        move_s: float = 2.0,
        frame_count: int = 25,
        **kwargs: Any,
    ) -> None:
        if frame_count < 2:
            raise ValueError(f"frame_count must be at least 2, got {frame_count}")
        self._frame_count = frame_count
        self._followed: tuple[HoldTimer, Any] | None = None
        super().__init__(**kwargs)
        self.set_trait("move_s", move_s)
        self.set_trait("phase", phase)
        self.exercise = exercise  # lays out the frames (see _layout)

    @traitlets.validate("move_s")
    def _validate_move_s(self, proposal: dict[str, Any]) -> float:
        value = float(proposal["value"])
        if not 0.2 <= value <= 30:
            raise traitlets.TraitError(f"move_s must be between 0.2 and 30 seconds, got {value}")
        return value

    @traitlets.observe("exercise")
    def _layout(self, change: dict[str, Any]) -> None:
        drawn = scene(change["new"], count=self._frame_count)
        with self.hold_sync():
            self.set_trait("exercise_id", drawn.exercise_id)
            self.title = f"{drawn.title}: moving between the start and end position"
            self.description = f"Start: {drawn.alt_start} End: {drawn.alt_end}"
            self._view_box = list(drawn.view_box)
            self._scenery = drawn.scenery
            self._paints = [[p.fill, p.stroke, p.kind] for p in drawn.paints]
            self._frames = [[v for shape in frame for v in shape] for frame in drawn.frames]

    #: the class the view adds to its element (``static/pose-animation.js``), for the HTML copy
    preview_class = "backcare-pose-animation"

    def preview_html(self) -> str:
        """Return the first frame as the view draws it, a static SVG (``views/preview.py``).

        The page paints it before the widget bundle has run; the view replaces it in place.
        """
        x, y, w, h = self._view_box
        frame = self._frames[0]
        paths = []
        for k, (fill, stroke, kind) in enumerate(self._paints):
            x1, y1, r1, x2, y2, r2 = frame[6 * k : 6 * k + 6]
            edge = (
                'stroke-width="1.2" stroke-dasharray="2.4 1.4"'
                if kind == "muscle"
                else ('stroke-width="0.6"')
            )
            paths.append(
                f'<path d="{capsule_path((x1, y1, r1, x2, y2, r2))}" fill="{fill}" '
                f'stroke="{stroke}" {edge} stroke-linejoin="round"/>'
            )
        return (
            f"<style>{_STATIC.joinpath('pose-animation.css').read_text(encoding='utf-8')}</style>"
            f'<svg viewBox="{x} {y} {w} {h}" role="img" aria-label="{escape(self.title)}">'
            f'<g aria-hidden="true">{self._scenery}</g><g aria-hidden="true">{"".join(paths)}</g>'
            "</svg>"
        )

    def follow(self, timer: HoldTimer | None) -> None:
        """Move with a hold timer's phases (see :data:`TIMER_PHASES`); ``None`` stops following.

        Parameters
        ----------
        timer : HoldTimer or None
            The timer to follow.
        """
        if self._followed is not None:
            old, handler = self._followed
            old.unobserve(handler, names="phase")
            self._followed = None
        if timer is None:
            return

        def on_phase(change: dict[str, Any]) -> None:
            self.phase = TIMER_PHASES.get(change["new"], "loop")

        timer.observe(on_phase, names="phase")
        self._followed = (timer, on_phase)
        self.phase = TIMER_PHASES.get(timer.phase, "loop")
