"""The house plan holds: imports run one way through the layers, with no loop.

Layers, lowest first: ``data`` -> ``views`` -> ``components`` -> ``session`` -> ``pages``; the
package's ``__init__`` (the public names), ``launcher`` (the Voila server) and ``coach_server``
(the camera coach's files, for Voila and Jupyter server) sit on top. A
module may import from its own layer or a lower one, never from a higher one, and the data layer
imports no widget library and writes no HTML. Every import counts, including the ones inside
functions (kept there so pages load fast) and the ones only type checkers read.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "backcare_widgets"
LAYERS = ("data", "views", "components", "session", "pages")
TOP = len(LAYERS)
#: Libraries that draw or make widgets: the data layer stays plain Python.
WIDGET_LIBRARIES = ("ipywidgets", "anywidget", "traitlets", "matplotlib", "html")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    """Return a module's layer: its index in LAYERS, or TOP for the package's top modules."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    return TOP


def _imports(module: str, path: Path) -> set[str]:
    """Every module name ``module`` imports, absolute, anywhere in its source."""
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            found.add(source)
            # ``from backcare_widgets.data import log`` imports the module ``...data.log``
            found.update(f"{source}.{alias.name}" for alias in node.names)
    return found


def import_graph() -> dict[str, set[str]]:
    """Map each module of the package to the package modules it imports."""
    modules = _modules()
    return {
        name: {other for other in _imports(name, path) if other in modules and other != name}
        for name, path in modules.items()
    }


def _loop(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one import loop as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        # a package imports its own submodules by design (re-exports); that is not a loop
        for nxt in sorted(graph[node] - {m for m in graph[node] if m.startswith(node + ".")}):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_package_has_exactly_the_five_layers_and_the_top() -> None:
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert folders == sorted(LAYERS)
    top = sorted(name for name in _modules() if layer(name) == TOP)
    assert top == [
        "backcare_widgets",
        "backcare_widgets.coach_server",
        "backcare_widgets.launcher",
    ]


def test_imports_never_go_up_a_layer() -> None:
    upward = [
        f"{module} ({LAYERS[layer(module)]}) imports {other} ({LAYERS[layer(other)]})"
        for module, imports in import_graph().items()
        if layer(module) < TOP
        for other in sorted(imports)
        if layer(other) > layer(module)
    ]
    assert upward == []


def test_nothing_imports_the_top_modules() -> None:
    graph = import_graph()
    importers = [
        f"{module} imports {other}"
        for module, imports in graph.items()
        for other in imports
        if layer(other) == TOP and not other.startswith(module) and module != "backcare_widgets"
    ]
    assert importers == []


def test_there_is_no_import_loop() -> None:
    assert _loop(import_graph()) is None


def test_the_data_layer_imports_no_widget_and_no_html() -> None:
    offending = [
        f"{name} imports {other}"
        for name, path in _modules().items()
        if layer(name) == LAYERS.index("data")
        for other in sorted(_imports(name, path))
        if other.split(".")[0] in WIDGET_LIBRARIES
    ]
    assert offending == []


@pytest.mark.parametrize(
    ("graph", "loop"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"b"}, "b": set(), "c": {"a"}}, None),
    ],
)
def test_the_loop_finder_finds_a_loop_and_only_a_loop(
    graph: dict[str, set[str]], loop: list[str] | None
) -> None:
    assert _loop(graph) == loop


def test_an_upward_import_inside_a_function_is_seen(tmp_path: Path) -> None:
    """The walk sees imports inside functions: a data module importing a page is reported."""
    source = "def f():\n    from backcare_widgets.pages.exercise import exercise_page\n"
    path = tmp_path / "bad.py"
    path.write_text(source, encoding="utf-8")
    found = _imports("backcare_widgets.data.bad", path)
    assert "backcare_widgets.pages.exercise" in found
    assert layer("backcare_widgets.pages.exercise") > layer("backcare_widgets.data.bad")
