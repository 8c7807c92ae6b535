"""Shared fixtures: every test writes its session log into its own temporary folder."""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from backcare_widgets.data.log import SessionLog


# `make test` runs whole files on two workers (pytest-xdist's --dist loadfile), each taking the
# next file in collection order when it is free (--no-loadscope-reorder: xdist would otherwise
# start the files with the most tests first, and the few long browser files would end the run on
# one worker). So the longest files, from a run's --durations, go first and the many short ones
# fill the gaps; a file missing here only balances the workers less well.
LONGEST_FILES = (
    "tests/e2e/test_hub.py",
    "tests/e2e/test_coach_camera_browser.py",
    "tests/e2e/test_educators_browser.py",
    "tests/e2e/test_look_browser.py",
    "tests/e2e/test_routine_browser.py",
    "tests/e2e/test_hub_culling.py",
    "tests/e2e/test_serve_guard.py",
    "tests/e2e/test_journey.py",
    "tests/e2e/test_upload_browser.py",
    "tests/e2e/test_progress_browser.py",
    "tests/e2e/test_binder.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the longest files first, then the other browser tests, each file's tests in order."""
    rank = {name: n for n, name in enumerate(LONGEST_FILES)}

    def order(item: pytest.Item) -> tuple[int, int]:
        file = item.nodeid.split("::")[0]
        if file in rank:
            return (0, rank[file])
        return (1, 0) if file.startswith("tests/e2e/") else (2, 0)

    items.sort(key=order)  # stable: the order within a file and among the rest is kept


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep tests away from the real per-user log (BACKCARE_DATA_DIR overrides its location)."""
    monkeypatch.setenv("BACKCARE_DATA_DIR", str(tmp_path_factory.mktemp("backcare-data")))


# A real full disk: a 1 MiB tmpfs. Mounting needs root, as CI and the dev container run.
def fill_disk(folder: Path) -> Path:
    """Write a file until the file system is full; return it (delete it to free the space)."""
    filler = folder / "filler.bin"
    with filler.open("wb", buffering=0) as fh, contextlib.suppress(OSError):
        while True:
            fh.write(b"\0" * 4096)
    return filler


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs of the test's own, unmounted at the end."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        pytest.fail(f"mounting a small tmpfs needs root: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture
def sample_log(tmp_path: Path) -> SessionLog:
    """A real log holding ``data/sample_log.csv`` (made through the session's own path)."""
    from backcare_widgets.data.log import SessionLog

    log = SessionLog(tmp_path / "log.sqlite3")
    log.import_csv(Path(__file__).resolve().parents[1] / "data" / "sample_log.csv")
    return log


@pytest.fixture
def class_files(tmp_path: Path) -> list[tuple[str, bytes]]:
    """Three students' exported logs (see :func:`tests.classroom.class_of_three`)."""
    from tests.classroom import class_of_three

    return class_of_three(tmp_path)
