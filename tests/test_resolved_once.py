"""An exercise is resolved once: pages look ids up, the layers below them take the records.

The catalogue's lookup (:meth:`Catalog.exercise`, :meth:`Catalog.exercises`) owns the one "not in
the catalogue" message, so every place that is given an unknown id says the same thing; and no
component, session or view loads a catalogue of its own to look an id up again.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from backcare_widgets.data.catalog import UnknownExerciseError, load_catalog, not_in_catalogue
from backcare_widgets.data.log import SessionLog
from backcare_widgets.data.programme import ProgrammeError, check_programme
from backcare_widgets.pages.educators.presenter import Presenter
from backcare_widgets.pages.exercise import exercise_page
from backcare_widgets.pages.routine import TodaysRoutine

PACKAGE = Path(__file__).resolve().parents[1] / "backcare_widgets"
#: The layers that take records and never look an id up in a catalogue of their own.
RECORD_LAYERS = ("components", "session", "views")
#: What loading a catalogue is called (the shipped one is cached behind ``_load_default``).
LOADERS = frozenset({"load_catalog", "_load_default"})


def test_an_unknown_id_gets_the_one_message_wherever_it_is_given(tmp_path: Path) -> None:
    message = not_in_catalogue(["plank"], load_catalog())
    assert message == (
        "'plank' is not in the catalogue (known: bridge, partial-crunches, hamstring-stretch, "
        "lower-back-rotational-stretch)"
    )
    log = SessionLog(tmp_path / "log.sqlite3")
    refused = []
    for make in (
        lambda: exercise_page("plank", log=log),
        lambda: TodaysRoutine(["bridge", "plank"], log=log),
        lambda: Presenter(["plank", "bridge"]),
    ):
        with pytest.raises(UnknownExerciseError) as raised:
            make()
        refused.append(str(raised.value))
    with pytest.raises(ProgrammeError) as programme:
        check_programme({"exercises": [{"exercise": "plank"}]})
    assert refused == [message] * 3
    assert f"exercise #1 'plank': {message}" in str(programme.value)


def loads_a_catalogue(source: str) -> list[int]:
    """Return the lines where ``source`` imports, calls or names a catalogue loader."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if any(alias.name in LOADERS for alias in node.names):
                lines.append(node.lineno)
        elif (isinstance(node, ast.Name) and node.id in LOADERS) or (
            isinstance(node, ast.Attribute) and node.attr in LOADERS
        ):
            lines.append(node.lineno)
    return sorted(set(lines))


def test_the_check_finds_a_loader_wherever_it_hides() -> None:
    """The walk below can fail: a lazy import, a module attribute and a bare call all count."""
    assert loads_a_catalogue("def f():\n    from x.catalog import load_catalog\n") == [2]
    assert loads_a_catalogue("import x.catalog as c\nc.load_catalog()['bridge']\n") == [2]
    assert loads_a_catalogue("g = _load_default\n") == [1]
    assert loads_a_catalogue("catalog.exercise('bridge')  # load_catalog in a comment\n") == []


@pytest.mark.parametrize("layer", RECORD_LAYERS)
def test_no_component_session_or_view_loads_a_catalogue(layer: str) -> None:
    modules = sorted((PACKAGE / layer).rglob("*.py"))
    assert modules
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in modules
        if (lines := loads_a_catalogue(path.read_text(encoding="utf-8")))
    }
    assert found == {}, f"look the exercise up in a page and pass the record down: {found}"
