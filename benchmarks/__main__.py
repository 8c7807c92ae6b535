"""Run every benchmark and write benchmarks/results.md (`make benchmark`)."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import platform
import sys
import time
import traceback
from importlib.metadata import version
from pathlib import Path

RESULTS = Path(__file__).parent / "results.md"
# Each module offers run() -> list of Markdown lines; missing ones are reported, not hidden.
MODULES = [
    "benchmarks.bench_log",
    "benchmarks.bench_timer",
    "benchmarks.bench_pages",
    "benchmarks.bench_lighthouse",
    "benchmarks.bench_a11y",
    "benchmarks.bench_class",
    "benchmarks.bench_kernels",
    "benchmarks.bench_hub",
]


def load() -> str:
    """The machine's load averages: on a shared machine they say how busy the run's cores were."""
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def header() -> list[str]:
    """Describe the machine and the versions the numbers were taken with."""
    versions = ", ".join(
        f"{name} {version(name)}" for name in ("voila", "ipywidgets", "anywidget", "pandas")
    )
    return [
        "# Benchmark results",
        "",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}",
        f"- versions: {versions}",
        "- each figure is a median over repeats; ratios are against baselines from the same run",
        f"- machine load at the start (1, 5, 15 min averages): {load()}",
        "",
    ]


def main(names: list[str]) -> int:
    """Run the named benchmark modules (all by default) and write the table."""
    started = time.monotonic()
    lines = header()
    chosen = names or MODULES
    for number, name in enumerate(chosen, 1):
        print(f"[{number}/{len(chosen)}] running {name} ...", flush=True)
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            section = [f"## {name}", "", f"not run: {exc}", ""]
        else:
            try:
                section = [f"## {name}", "", *module.run()]
            except Exception as exc:  # noqa: BLE001 - one broken benchmark must not lose the rest
                traceback.print_exc()
                section = [f"## {name}", "", f"**failed**: {type(exc).__name__}: {exc}", ""]
        print("\n".join(section), flush=True)  # each section as soon as it is measured
        lines += section
        RESULTS.write_text("\n".join(lines) + "\n")  # a stopped run keeps what it measured
    minutes = (time.monotonic() - started) / 60
    verdict = "met" if minutes <= 15 else "**NOT met**"
    total = f"The whole run took {minutes:.1f} minutes (budget 15: {verdict})"
    lines += [f"{total}; machine load at the end: {load()}."]
    RESULTS.write_text("\n".join(lines) + "\n")
    print(f"{lines[-1]} Written to {RESULTS}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
