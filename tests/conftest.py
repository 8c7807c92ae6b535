"""Shared fixtures: every test writes its session log into its own temporary folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep tests away from the real per-user log (BACKCARE_DATA_DIR overrides its location)."""
    monkeypatch.setenv("BACKCARE_DATA_DIR", str(tmp_path_factory.mktemp("backcare-data")))
