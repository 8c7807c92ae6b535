"""The package imports on its own, lazily, says its version, and works without its extras."""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
from importlib.metadata import metadata, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import backcare_widgets

ROOT = Path(__file__).resolve().parents[1]
#: each optional extra and the top-level modules it alone brings in
EXTRAS = {"pdf": ("playwright",), "lab": ("jupyterlab",)}


def test_version_matches_metadata():
    assert backcare_widgets.__version__ == version("backcare-widgets")


def test_every_public_name_resolves():
    for name in backcare_widgets.__all__:
        assert getattr(backcare_widgets, name) is not None, name


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_thing"):
        backcare_widgets.no_such_thing  # noqa: B018 - the access itself is the test


def test_importing_the_package_does_not_import_pandas_or_matplotlib():
    # Page start-up time depends on it: only chart pages may pay for pandas and matplotlib.
    code = (
        "import sys, backcare_widgets; "
        "print(sorted(m for m in ('pandas', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "page",
    [
        "backcare_widgets.safety_notice(guidance=True)",
        "backcare_widgets.exercise_page('bridge')",
        "backcare_widgets.exercise_page('hamstring-stretch')",
        "backcare_widgets.TodaysRoutine(log=backcare_widgets.SessionLog(LOG))",
        (
            "[backcare_widgets.ProgrammeBuilder(), backcare_widgets.Presenter(), "
            "backcare_widgets.QuizView(seed=1), backcare_widgets.ClassReportView()]"
        ),
    ],
)
def test_pages_import_pandas_only_when_a_chart_is_drawn(page: str, tmp_path) -> None:
    # Each Voila page has a kernel of its own: a class on one server pays pandas per person.
    code = (
        f"import sys, backcare_widgets; LOG = {str(tmp_path / 'log.sqlite3')!r}; {page}; "
        "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_wheel_carries_catalogue_views_and_voila_template(tmp_path):
    import zipfile
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(root),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("backcare_widgets-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "backcare_widgets/data/exercises.yaml" in names
    assert "backcare_widgets/components/static/hold-timer.js" in names
    assert "backcare_widgets/py.typed" in names
    template = "backcare_widgets-{v}.data/data/share/jupyter/voila/templates/backcare/index.html.j2"
    assert template.format(v=backcare_widgets.__version__) in names


def test_metadata_declares_the_extras_and_keeps_their_packages_out_of_the_core():
    meta = metadata("backcare-widgets")
    assert set(meta.get_all("Provides-Extra") or []) >= EXTRAS.keys()
    requires = [Requirement(r) for r in meta.get_all("Requires-Dist") or []]
    for extra, (module,) in EXTRAS.items():
        (req,) = [r for r in requires if r.name == module]
        assert req.marker is not None, f"{module} is a core dependency"
        assert req.marker.evaluate({"extra": extra}), req
        assert not req.marker.evaluate({"extra": ""}), req
    (kernel,) = [r for r in requires if r.name == "ipykernel"]
    assert kernel.marker is None, "Voila needs a kernel and does not install one"


def test_every_exact_pin_says_why():
    # the comment lines just above a `==` requirement give its reason
    lines = (ROOT / "pyproject.toml").read_text().splitlines()
    pins = [i for i, line in enumerate(lines) if re.match(r'\s*"[A-Za-z0-9_.-]+==', line)]
    assert pins, "no exact pin found: the test reads the wrong lines"
    for i in pins:
        assert lines[i - 1].strip().startswith("#"), f"no reason given for {lines[i].strip()}"


def _site_without(tmp_path: Path, modules: tuple[str, ...]) -> Path:
    """A site folder with every installed package except ``modules`` (symlinks, nothing copied)."""
    site = tmp_path / "site"
    site.mkdir()
    installed = Path(sysconfig.get_paths()["purelib"])
    for entry in installed.iterdir():
        project = entry.name.split("-")[0] if entry.name.endswith(".dist-info") else entry.name
        if project not in modules:
            (site / entry.name).symlink_to(entry)
    return site


def test_pages_work_and_handout_pdf_names_the_extra_without_the_extras(tmp_path):
    # A real environment without Playwright and JupyterLab: the interpreter without its own
    # site-packages (-S), given a folder of links to them that leaves the extras' packages out.
    site = _site_without(tmp_path, tuple(m for ms in EXTRAS.values() for m in ms))
    code = f"""
import importlib.util, site, sys
site.addsitedir({str(site)!r})
assert importlib.util.find_spec("playwright") is None
assert importlib.util.find_spec("jupyterlab") is None
import backcare_widgets
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.programme import Programme, ProgrammeItem
backcare_widgets.exercise_page("bridge")
backcare_widgets.ProgrammeBuilder()
programme = Programme(title="Bridge", exercises=[ProgrammeItem(exercise="bridge")])
try:
    backcare_widgets.handout_pdf(
        programme, {str(tmp_path / "handout.pdf")!r}, catalog=load_catalog()
    )
except ModuleNotFoundError as exc:
    sys.stderr.write(f"{{exc.name}}: {{exc}}")
    sys.exit(3)
"""
    env = {"BACKCARE_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-S", "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("playwright: printing the handout to PDF needs Playwright")
    assert "pip install backcare-widgets[pdf]" in result.stderr
    assert not (tmp_path / "handout.pdf").exists()
