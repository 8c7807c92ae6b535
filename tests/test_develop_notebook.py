"""dev/develop.ipynb: hot reload for the notebook that asks for it, and for nothing else.

nbval runs the notebook itself (the Makefile's test commands name it); these tests check what a
clean run cannot show: the order of its cells, that hot reload really works in this
environment, and that the test run itself runs without it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from tests.harness import ROOT

NOTEBOOK = ROOT / "dev" / "develop.ipynb"


def _code_cells() -> list[str]:
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def test_autoreload_and_hot_reload_are_on_before_the_first_import():
    cells = _code_cells()
    assert cells[0].splitlines() == ["%load_ext autoreload", "%autoreload 2"]
    source = "\n".join(cells)
    # anywidget reads the variable when a widget class is defined, i.e. on first import
    hot_reload = source.index('os.environ["ANYWIDGET_HMR"] = "1"')
    assert hot_reload < source.index("from backcare_widgets import")
    assert "HoldTimer(" in source


def test_the_test_commands_run_it_and_voila_does_not_serve_it():
    makefile = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    for target in ("test:", "test-fast:"):
        recipe = makefile.split(f"\n{target}", 1)[1].split("\n\n", 1)[0]
        assert "--nbval-lax" in recipe, target
        assert "dev/develop.ipynb" in recipe, target
    assert NOTEBOOK.parent.name != "notebooks"  # Voila renders notebooks/*.ipynb only


def test_hot_reload_works_here(tmp_path):
    # A widget of its own, as anywidget's tests do: the view file changes, the trait follows.
    view = tmp_path / "widget.js"
    view.write_text("export default { render() {} };\n")
    code = textwrap.dedent(f"""
        import pathlib, time
        import anywidget

        class Probe(anywidget.AnyWidget):
            _esm = pathlib.Path({str(view)!r})

        probe = Probe()
        time.sleep(0.5)  # let the watcher start
        pathlib.Path({str(view)!r}).write_text("// changed\\n")
        deadline = time.monotonic() + 20
        while probe._esm != "// changed\\n" and time.monotonic() < deadline:
            time.sleep(0.05)
        print(probe._esm == "// changed\\n")
    """)
    result = subprocess.run(
        [sys.executable, "-W", "error::UserWarning", "-c", code],  # a missing watchfiles warns
        env={**os.environ, "ANYWIDGET_HMR": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_the_test_run_itself_has_no_hot_reload():
    # Set only inside the notebook's own kernel; a file watcher in every test's widgets would
    # start threads and read files while tests run.
    assert "ANYWIDGET_HMR" not in os.environ
