"""The README's set-up fails clearly on a broken environment and does not reinstall needlessly."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.harness import ROOT


def test_make_does_not_reinstall_an_up_to_date_environment():
    # `make -q` exits 0 only when the target is up to date: a second `make test` installs nothing.
    result = subprocess.run(
        ["make", "-q", ".venv/.installed"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, (
        ".venv is older than its inputs: run 'make test' (not bare pytest)"
    )


def test_the_lock_pins_the_extras_and_the_dev_group_too():
    # `make app` and `make test` install requirements.lock only: what an extra or the dev group
    # needs (Playwright for the PDF, JupyterLab, the test tools) must be in it.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = [
        *project["project"]["dependencies"],
        *(r for extra in project["project"]["optional-dependencies"].values() for r in extra),
        *(r for r in project["dependency-groups"]["dev"] if isinstance(r, str)),
    ]
    assert {"pdf", "lab"} <= project["project"]["optional-dependencies"].keys()
    lock = (ROOT / "requirements.lock").read_text()
    pinned = {canonicalize_name(m) for m in re.findall(r"^([A-Za-z0-9_.-]+)==", lock, re.MULTILINE)}
    missing = {canonicalize_name(Requirement(r).name) for r in wanted} - pinned
    assert not missing, f"requirements.lock lacks {sorted(missing)}: run 'make lock'"


def test_busy_port_gives_one_clear_message():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "scripts/serve.py"],
            cwd=ROOT,
            env={**os.environ, "PORT": str(port)},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert f"make app PORT={port + 1}" in result.stderr


def test_missing_chromium_gives_one_line_saying_how_to_install_it():
    result = subprocess.run(
        [sys.executable, "scripts/check_browser.py"],
        cwd=ROOT,
        env={**os.environ, "BACKCARE_CHROMIUM": "/nonexistent/chromium"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "apt-get install chromium" in lines[0]


def test_old_python_is_refused_before_anything_is_installed():
    script = (ROOT / "scripts" / "check_python.py").read_text()
    fake = "import sys\nsys.version_info = (3, 9, 0)\n" + script
    result = subprocess.run(
        [sys.executable, "-c", fake], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "needs Python 3.11 or newer" in result.stderr
