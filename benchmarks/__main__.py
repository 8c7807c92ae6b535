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
    "benchmarks.bench_coach",
]
# Run by name only (`python -m benchmarks benchmarks.bench_hub`): the hub's logins alone take
# about 7 minutes, beyond the whole run's 15-minute budget; its section is kept between runs.
BY_NAME_ONLY = ["benchmarks.bench_hub"]


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


def sections(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """Split results.md into its header and its `## module` sections, in order."""
    head: list[str] = []
    parts: dict[str, list[str]] = {}
    current = head
    for line in text.splitlines():
        if line.startswith("## "):
            current = parts.setdefault(line[3:].strip(), [])
        current.append(line)
    return head, parts


def merged(previous: str, fresh: dict[str, list[str]]) -> list[str]:
    """The earlier results with the sections just run replaced (or added), each one dated.

    A run of a few named modules keeps what the other modules measured before, so one
    benchmark can be rerun without losing the rest of the table.
    """
    head, parts = sections(previous)
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    for name, section in fresh.items():
        parts[name] = [section[0], "", f"(rerun alone on {when}, load {load()})", *section[1:]]
    return head + [
        line
        for section in parts.values()
        for line in (section if section[-1] == "" else [*section, ""])
    ]


def main(names: list[str]) -> int:
    """Run the named benchmark modules (all by default) and write the table.

    With names, only their sections of results.md are replaced; without, the file is rewritten.
    """
    started = time.monotonic()
    earlier = RESULTS.read_text() if RESULTS.exists() else ""
    previous = earlier if names and earlier else None
    lines = header()
    fresh: dict[str, list[str]] = {}
    chosen = names or MODULES
    took: list[str] = []  # each benchmark's own time, for the 15-minute budget
    for number, name in enumerate(chosen, 1):
        print(f"[{number}/{len(chosen)}] running {name} ...", flush=True)
        module_started = time.monotonic()
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
        took.append(f"{name.removeprefix('benchmarks.')} {time.monotonic() - module_started:.0f} s")
        print("\n".join(section), flush=True)  # each section as soon as it is measured
        print(f"{name} took {time.monotonic() - module_started:.0f} s", flush=True)
        lines += section
        fresh[name] = section
        if previous is None:
            RESULTS.write_text("\n".join(lines) + "\n")  # a stopped run keeps what it measured
        else:
            RESULTS.write_text("\n".join(merged(previous, fresh)) + "\n")
    minutes = (time.monotonic() - started) / 60
    if previous is not None:
        print(f"Replaced {', '.join(fresh)} in {RESULTS} ({minutes:.1f} minutes).")
        return 0
    for name, section in sections(earlier)[1].items():
        if name in BY_NAME_ONLY and name not in fresh:  # kept from the run that measured it
            lines += [*section, ""] if section[-1] != "" else section
    verdict = "met" if minutes <= 15 else "**NOT met**"
    total = f"The whole run took {minutes:.1f} minutes (budget 15: {verdict})"
    lines += [f"{total}; machine load at the end: {load()}. Each benchmark: {', '.join(took)}."]
    RESULTS.write_text("\n".join(lines) + "\n")
    print(f"{lines[-1]} Written to {RESULTS}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
