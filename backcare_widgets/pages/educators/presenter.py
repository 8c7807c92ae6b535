"""The presenter on the educators' page: exercises named by id, looked up once, shown as slides.

The slides themselves are :class:`~backcare_widgets.components.presenter.PresenterSlides`; this
page class only resolves the ids a notebook gives (``Presenter()``, ``Presenter(["bridge"])``,
``Presenter(programme.exercise_ids)``) through the catalogue, so an unknown id gets the
catalogue's one message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backcare_widgets.components.presenter import PresenterSlides
from backcare_widgets.data.catalog import load_catalog

if TYPE_CHECKING:
    from collections.abc import Sequence

    from backcare_widgets.data.catalog import Catalog

__all__ = ["Presenter"]


class Presenter(PresenterSlides):
    """Show exercises one at a time for a class; the keyboard or buttons step through them.

    Parameters
    ----------
    exercise_ids : sequence of str, optional
        The exercises, in order (default: the whole catalogue, or a programme's
        ``exercise_ids``).
    catalog : Catalog, optional
        Where exercises come from (default: the shipped catalogue).
    **kwargs
        Passed to :class:`anywidget.AnyWidget`.

    Raises
    ------
    UnknownExerciseError
        If an id is not in the catalogue (a ``ValueError``; the message lists the known ids).

    Examples
    --------
    >>> presenter = Presenter(["bridge", "partial-crunches"])
    >>> presenter.next()
    >>> presenter.index
    1
    """

    def __init__(
        self,
        exercise_ids: Sequence[str] | None = None,
        *,
        catalog: Catalog | None = None,
        **kwargs: Any,
    ) -> None:
        catalog = load_catalog() if catalog is None else catalog
        super().__init__(catalog.exercises(exercise_ids or tuple(catalog)), **kwargs)
