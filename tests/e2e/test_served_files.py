"""Voila serves pictures the pages use, and nothing else: no log, no config, no escape by '..'."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

import pytest

from backcare_widgets.log import SessionLog
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
    server = start_voila(root / "voila.log", root / "kernel-data", cwd=root)
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
    ],
)
def test_nothing_else_is_served(site, path: str):
    server, root = site
    assert (root / "pyproject.toml").is_file()
    code = status(server, path)
    assert code in (403, 404), f"{path} answered {code}"
