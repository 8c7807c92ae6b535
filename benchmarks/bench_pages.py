"""Time to interactive and kernel memory of each workbook page in Voila, against bare pages.

Each page is loaded several times in Debian's Chromium; the ratio to a one-slider notebook (and,
for chart pages, to a pandas-and-one-figure notebook) measured in the same run is what counts,
since this shared machine is noisy.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

from tests.harness import (
    ROOT,
    chromium_page,
    kernel_pids,
    launch_chromium,
    open_voila_page,
    start_voila,
)

BASELINES = {
    "bare slider": "benchmarks/notebooks/bare_slider.ipynb",
    "pandas + figure": "benchmarks/notebooks/pandas_figure.ipynb",
}
CHART_PAGES = {"06_My_progress.ipynb"}
REPEATS = 5
MAIN_WIDGET = ".jupyter-widgets"


def measure(server, browser, notebook: str) -> tuple[list[float], list[float]]:
    """Load ``notebook`` REPEATS times; return seconds to interactive and kernel RSS in MiB."""
    seconds, rss = [], []
    url = server.render_url(notebook)
    for _ in range(REPEATS):
        before = kernel_pids(server.process.pid)
        with chromium_page(browser, server.base_url.rstrip("/")) as watched:
            page = watched.page
            start = time.perf_counter()
            open_voila_page(page, url, timeout_ms=120_000)
            page.locator(MAIN_WIDGET).first.wait_for(state="visible", timeout=120_000)
            seconds.append(time.perf_counter() - start)
            new = kernel_pids(server.process.pid) - before
            # Kernels are left running (culling ends them later): a killed kernel is restarted
            # by the kernel manager and would show up as a fresh, empty one in the next load.
            rss.extend(psutil.Process(pid).memory_info().rss / 2**20 for pid in new)
    return seconds, rss


def _row(name: str, seconds: list[float], rss: list[float], base: tuple[float, float]) -> str:
    t, m = statistics.median(seconds), statistics.median(rss) if rss else float("nan")
    spread = f"{min(seconds):.2f}-{max(seconds):.2f}"
    return f"| {name} | {t:.2f} | {spread} | {t / base[0]:.2f}x | {m:.0f} | {m / base[1]:.2f}x |"


def run(*, preheat: bool = False) -> list[str]:
    """Measure every page and both baselines; return Markdown lines."""
    pages = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    extra = ["--preheat_kernel=True", "--pool_size=1"] if preheat else []
    lines = [
        (
            f"### Pages in Voila ({'with' if preheat else 'without'} preheated kernels), "
            f"median of {REPEATS} loads"
        ),
        "",
        (
            "| page | time to interactive (s) | spread (s) | vs baseline | kernel RSS (MiB) "
            "| vs baseline |"
        ),
        "| --- | --- | --- | --- | --- | --- |",
    ]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        server = start_voila(Path(tmp) / "voila.log", Path(tmp) / "data", *extra)
        browser = launch_chromium(playwright)
        try:
            results = {name: measure(server, browser, nb) for name, nb in BASELINES.items()}
            base = {
                name: (statistics.median(s), statistics.median(r) if r else float("nan"))
                for name, (s, r) in results.items()
            }
            for name in BASELINES:
                lines.append(_row(f"baseline: {name}", *results[name], base["bare slider"]))
            for page in pages:
                baseline = "pandas + figure" if page in CHART_PAGES else "bare slider"
                seconds, rss = measure(server, browser, f"notebooks/{page}")
                lines.append(_row(f"{page} (vs {baseline})", seconds, rss, base[baseline]))
        finally:
            browser.close()
            server.stop()
    return [*lines, ""]


if __name__ == "__main__":
    print("\n".join(run()))
