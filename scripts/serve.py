"""Serve the workbook with Voila on 127.0.0.1 and say where to open it (used by `make app`).

Settings come from voila.json in the repository root; this script only checks the port first,
so a busy port gives one clear message instead of Voila quietly moving to another one.
"""

from __future__ import annotations

import errno
import os
import socket
import subprocess
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


def main() -> int:
    """Check the port, then hand over to Voila."""
    port = int(os.environ.get("PORT", "8866"))
    if not port_is_free("127.0.0.1", port):
        print(
            f"error: port {port} on 127.0.0.1 is already in use (is the workbook already "
            f"running?). Stop that program, or choose another port: make app PORT={port + 1}",
            file=sys.stderr,
        )
        return 1
    print(f"\n  BackCare Workbook: open http://127.0.0.1:{port}/{START_PAGE}\n", flush=True)
    voila = Path(sys.executable).with_name("voila")
    return subprocess.call([str(voila), f"--port={port}"], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
