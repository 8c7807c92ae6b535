"""Benchmark only: lets bench_kernels ask the Voila server how its memory is held.

bench_kernels starts the server with this folder on PYTHONPATH, so Python imports this file at
start-up, and names a file in BACKCARE_MEMHOOK_OUT. In the server process (not its kernels,
which inherit the environment) SIGUSR1 then appends one JSON line to that file: the server's RSS,
the blocks Python's own allocator holds for live objects and the number of objects the garbage
collector tracks (what grows with a leak), and the RSS again after glibc's ``malloc_trim(0)``
hands the free memory it keeps back to the system (what is left then is memory in use). The
workbook's server itself never loads this file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _rss_mib() -> float:
    resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _report(_signum: int, _frame: object) -> None:
    import ctypes
    import gc
    import json

    gc.collect()
    before = _rss_mib()
    blocks = sys.getallocatedblocks()
    objects = len(gc.get_objects())
    released = ctypes.CDLL("libc.so.6").malloc_trim(0)
    line = {
        "rss_mib": before,
        "rss_trimmed_mib": _rss_mib(),
        "released": bool(released),
        "allocated_blocks": blocks,
        "gc_objects": objects,
    }
    with Path(os.environ["BACKCARE_MEMHOOK_OUT"]).open("a") as out:
        out.write(json.dumps(line) + "\n")


if os.environ.get("BACKCARE_MEMHOOK_OUT") and "serve.py" in " ".join(sys.argv):
    import signal

    signal.signal(signal.SIGUSR1, _report)
