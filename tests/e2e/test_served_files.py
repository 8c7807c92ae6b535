"""Voila serves pictures the pages use, and nothing else: no log, no config, no escape by '..'."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

import pytest

from backcare_widgets.data.log import SessionLog
from tests.harness import ROOT, start_voila

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.harness import Server


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """A copy of the app's layout with a log database, config files and one allowed picture."""
    root = tmp_path_factory.mktemp("site")
    shutil.copy(ROOT / "voila.json", root / "voila.json")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(ROOT / "data", root / "data")
    (root / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "00_Start_here.ipynb", root / "notebooks")
    (root / "notebooks" / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with SessionLog(root / "data" / "session_log.sqlite3") as log:
        log.record("bridge", reps=5)
    # the launcher `make app` runs, and the notebooks only tests and benchmarks may render
    shutil.copytree(ROOT / "scripts", root / "scripts")
    shutil.copytree(ROOT / "tests" / "e2e" / "notebooks", root / "tests" / "e2e" / "notebooks")
    shutil.copytree(ROOT / "benchmarks" / "notebooks", root / "benchmarks" / "notebooks")
    # links whose names pass the allow list, to files it does not allow
    links = {
        "notebooks/config.png": "../pyproject.toml",
        "notebooks/log.svg": "../data/session_log.sqlite3",
        "data/settings.png": "../voila.json",
        "notebooks/passwd.png": "/etc/passwd",
        "notebooks/linked.ipynb": "../tests/e2e/notebooks/session.ipynb",
        "notebooks/folder": "../tests/e2e/notebooks",
    }
    for name, target in links.items():
        (root / name).symlink_to(target)
    server = start_voila(root / "voila.log", root / "kernel-data", cwd=root, extra_pages=())
    try:
        yield server, root
    finally:
        server.stop()


def status(server: Server, path: str) -> int:
    request = urllib.request.Request(server.base_url + path)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_picture_under_notebooks_is_served(site):
    server, _ = site
    assert status(server, "voila/files/notebooks/figure.png") == 200


@pytest.mark.parametrize(
    "path",
    [
        "voila/files/data/session_log.sqlite3",
        "voila/files/data/session_log.sqlite3-wal",
        "voila/files/data/exercises.yaml",
        "voila/files/pyproject.toml",
        "voila/files/voila.json",
        "voila/files/notebooks/00_Start_here.ipynb",
        "voila/files/notebooks/../pyproject.toml",
        "voila/files/notebooks/%2e%2e/pyproject.toml",
        "voila/files/..%2fpyproject.toml",
        "voila/render/../pyproject.toml",
        "pyproject.toml",
        "files/pyproject.toml",
        # symlinks are judged by the file they lead to
        "voila/files/notebooks/config.png",
        "voila/files/notebooks/log.svg",
        "voila/files/data/settings.png",
        "voila/files/notebooks/passwd.png",
    ],
)
def test_nothing_else_is_served(site, path: str):
    server, root = site
    assert (root / "pyproject.toml").is_file()
    code = status(server, path)
    assert code in (403, 404), f"{path} answered {code}"


def test_the_start_page_is_rendered(site):
    server, _ = site
    assert status(server, "voila/render/notebooks/00_Start_here.ipynb") == 200


@pytest.mark.parametrize(
    "path",
    [
        "voila/render/tests/e2e/notebooks/session.ipynb",
        "voila/render/benchmarks/notebooks/bare_slider.ipynb",
        "voila/render/notebooks/linked.ipynb",
        "voila/render/notebooks/folder/session.ipynb",
        "voila/render/notebooks/figure.png",
        "voila/render/notebooks/missing.ipynb",
    ],
)
def test_only_the_workbooks_pages_are_rendered(site, path: str):
    # `make app` renders notebooks/*.ipynb, judged by the real file: no test or benchmark
    # notebook runs because someone typed its address (tests ask for theirs, see start_voila)
    server, _ = site
    request = urllib.request.Request(server.base_url + path)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60).close()
    assert refused.value.code == 404, path
    assert "Not a workbook page" in refused.value.read().decode()
