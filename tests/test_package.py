"""The package imports on its own, lazily, and says its version."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import pytest

import backcare_widgets


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
