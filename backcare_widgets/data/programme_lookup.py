"""Which programme today's routine follows when none is given: the student's own, else the class's.

A student's own programme is ``programme.yaml`` beside their session log (in their data folder);
the routine page writes it there when they load a programme file, so it is still followed on
their next visit. A class programme is ``programme.yaml`` in the folder ``$BACKCARE_CLASS_DIR``
names: on a JupyterHub the educator puts it in a folder every student's server can read (the
hub's configuration sets the variable; see docs/jupyterhub.md). The student's own always wins.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from backcare_widgets.data.programme import Programme, load_programme

if TYPE_CHECKING:
    from collections.abc import Mapping

    from backcare_widgets.data.catalog import Catalog

__all__ = [
    "CLASS_DIR_ENV",
    "PROGRAMME_FILENAME",
    "FoundProgramme",
    "class_programme_path",
    "find_programme",
    "own_programme_path",
]

#: The environment variable naming the class folder (set by the hub for every student's server).
CLASS_DIR_ENV = "BACKCARE_CLASS_DIR"
#: The file name a programme is looked for under, in the student's data folder and the class's.
PROGRAMME_FILENAME = "programme.yaml"


@dataclass(frozen=True)
class FoundProgramme:
    """A programme found on disk, with where it came from (said on the routine page)."""

    programme: Programme
    path: Path
    whose: Literal["own", "class"]


def own_programme_path(log_path: Path) -> Path:
    """Return where a student's own programme is kept: beside their session log."""
    return log_path.parent / PROGRAMME_FILENAME


def class_programme_path(environ: Mapping[str, str] | None = None) -> Path | None:
    """Return the class programme's path from ``$BACKCARE_CLASS_DIR``, or None when it is unset."""
    folder = (os.environ if environ is None else environ).get(CLASS_DIR_ENV, "").strip()
    return Path(folder).expanduser() / PROGRAMME_FILENAME if folder else None


def find_programme(
    log_path: Path,
    *,
    catalog: Catalog | None = None,
    environ: Mapping[str, str] | None = None,
) -> FoundProgramme | None:
    """Return the student's own programme if there is one, else the class's, else None.

    Raises
    ------
    ProgrammeError
        If the file that would be followed cannot be read or is not a valid programme (the
        message names the file): a broken own programme is not silently replaced by the class's.
    """
    candidates: list[tuple[Path | None, Literal["own", "class"]]] = [
        (own_programme_path(log_path), "own"),
        (class_programme_path(environ), "class"),
    ]
    for path, whose in candidates:
        if path is not None and path.is_file():
            return FoundProgramme(load_programme(path, catalog=catalog), path, whose)
    return None
