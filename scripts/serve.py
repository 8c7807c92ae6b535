"""Serve the workbook on 127.0.0.1 and say where to open it (used by `make app`).

Settings come from voila.json in the repository root. Voila runs in this very process, behind
the workbook's own checks (backcare_widgets/launcher.py), so a SIGTERM or Ctrl+C stops Voila and
its kernels and frees the port. A busy port gives one clear message instead of Voila quietly
moving to another one. Arguments are passed on to Voila (e.g. --Voila.ip=0.0.0.0).
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_PAGE = "voila/render/notebooks/00_Start_here.ipynb"


def port_is_free(host: str, port: int) -> bool:
    """Return whether ``host:port`` can be bound right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def main(argv: list[str]) -> int:
    """Check the port, then serve ROOT with the workbook's Voila in this process."""
    port = int(os.environ.get("PORT", "8866"))
    if not port_is_free("127.0.0.1", port):
        print(
            f"error: port {port} on 127.0.0.1 is already in use (is the workbook already "
            f"running?). Stop that program, or choose another port: make app PORT={port + 1}",
            file=sys.stderr,
        )
        return 1
    print(f"\n  BackCare Workbook: open http://127.0.0.1:{port}/{START_PAGE}\n", flush=True)
    from backcare_widgets.launcher import WorkbookVoila  # imports Voila: after the quick checks

    os.chdir(ROOT)  # Voila reads voila.json from the working directory, and serves it
    with contextlib.suppress(KeyboardInterrupt):
        WorkbookVoila.launch_instance(argv=[f"--port={port}", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
