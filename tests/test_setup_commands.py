"""The README's set-up fails clearly on a broken environment and does not reinstall needlessly."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from tests.harness import ROOT


def test_make_does_not_reinstall_an_up_to_date_environment():
    # `make -q` exits 0 only when the target is up to date: a second `make test` installs nothing.
    result = subprocess.run(
        ["make", "-q", ".venv/.installed"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, (
        ".venv is older than its inputs: run 'make test' (not bare pytest)"
    )


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
