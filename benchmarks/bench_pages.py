"""Time to interactive and kernel memory of each workbook page in Voila, against bare pages.

Every page in ``notebooks/`` and the two baseline notebooks in ``benchmarks/notebooks/`` are
loaded in turn (round robin, so the machine's slow moments hit every page alike), ``REPEATS``
times each, in a fresh Chromium context, first on a plain Voila server and then on one started
with ``--preheat_kernel=True --pool_size=1``. Before each load the server and its kernels are
left to go idle, so a kernel still starting or a pool still refilling does not slow the next
page. What counts is the ratio to a baseline measured in the same run, since this shared machine
is noisy:

- time to interactive: from ``page.goto`` until every cell has run and the first widget is
  visible (its state came from the kernel over a live comm), as ratio to the one-slider page;
- kernel RSS just after that, as ratio to the one-slider page's kernel;
- the progress page (charts) against the pandas-and-one-figure page instead;
- with preheated kernels, exercise pages against the one-slider page *without* preheating;
- the stock baseline: the one-slider page on Voila as installed (no voila.json, its stock
  template), so the table shows what the workbook's own serving choices win or lose against
  what a user gets out of the box.

Run alone with ``python -m benchmarks.bench_pages`` (about five minutes).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import psutil
from playwright.sync_api import sync_playwright

from tests.harness import (
    ROOT,
    TEST_PAGES,
    chromium_page,
    free_port,
    kernel_pids,
    launch_chromium,
    open_voila_page,
    start_server,
    start_voila,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser

    from tests.harness import Server

BARE = "benchmarks/notebooks/bare_slider.ipynb"
PANDAS = "benchmarks/notebooks/pandas_figure.ipynb"
# the server renders these baselines (and the tests' notebooks) only when told to
BENCH_PAGES = (*TEST_PAGES, "benchmarks/notebooks")
BASELINES = {BARE: "baseline: bare slider", PANDAS: "baseline: pandas + figure"}
CHART_PAGES = {"notebooks/06_My_progress.ipynb"}
REPEATS = 3
MODE_BUDGET_S = 70  # per server mode: stop repeating (and say so) once this is spent
MAIN_WIDGET = ".jupyter-widgets"
# the pages voila.json pools when preheating is on (not those showing today's log: they'd be stale)
POOLED = {
    nb
    for nb, pool in json.loads((ROOT / "voila.json").read_text())["VoilaKernelManager"][
        "kernel_pools_config"
    ].items()
    if pool.get("pool_size")
}
HTML_DONE = "() => performance.getEntriesByType('navigation')[0].responseEnd / 1000"
# targets (issue 9): ratio of time, ratio of memory
PAGE_TARGET = (1.0, 1.2)  # issue 18: every page no slower than the bare page (issue 9: 1.3x)
CHART_TARGET = (1.1, 1.1)
PREHEAT_TARGET = 0.8  # exercise pages with preheating, against the bare page without
# issue 18: exercise pages against the bare page on a stock Voila, without and with preheating
STOCK_TARGETS = (0.8, 0.6)
STOCK_BARE = Path(BARE).name  # the stock server serves a folder holding only this notebook


# --- helpers shared with bench_class and bench_kernels -----------------------------------------


def page_ready_script(skip_if: str, record: str) -> str:
    """Return a page init script that runs ``record`` (JavaScript) once the page is ready.

    Ready: Voila's loading screen gone, every cell rendered and a widget shown. Pages where the
    JavaScript expression ``skip_if`` holds (redirects, blank pages) record nothing.
    """
    return f"""
(() => {{
  if ({skip_if}) return;
  const shown = el => {{
    if (!el) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  }};
  const timer = setInterval(() => {{
    const loading = document.querySelector('#loading');
    if (loading && getComputedStyle(loading).display !== 'none') return;
    if (!shown(document.querySelector('#rendered_cells'))) return;
    if (!shown(document.querySelector('.jupyter-widgets'))) return;
    {record}
    clearInterval(timer);
  }}, 20);
}})();
"""


def bench_voila(tmp: Path, *extra: str) -> Server:
    """Start the workbook's Voila for a benchmark, its log and data in ``tmp``.

    The benchmarks leave kernels to culling and open a class at once: they measure speed and
    memory, not the launcher's kernel cap (30 by default), so it is raised here.
    """
    return start_voila(
        tmp / "voila.log",
        tmp / "data",
        "--WorkbookVoila.max_kernels=300",
        *extra,
        extra_pages=BENCH_PAGES,
    )


def tree_rss_mib(pid: int) -> float:
    """Return the RSS of a server and every process it started (kernels), in MiB."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return total / 2**20


def _cpu_seconds(pid: int) -> dict[int, float]:
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return {}
    out = {}
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            times = proc.cpu_times()
            out[proc.pid] = times.user + times.system
    return out


def settle(server: Server, *, timeout_s: float = 30.0, busy: float = 0.1) -> float:
    """Wait until the server and its kernels use under ``busy`` of one core; return the wait."""
    start = time.monotonic()
    quiet = 0
    while time.monotonic() - start < timeout_s and quiet < 2:
        before = _cpu_seconds(server.process.pid)
        time.sleep(0.25)
        after = _cpu_seconds(server.process.pid)
        used = sum(after[p] - before[p] for p in after.keys() & before.keys())
        quiet = quiet + 1 if used / 0.25 < busy else 0
    return time.monotonic() - start


def preheat_args(pools: dict[str, int]) -> tuple[str, ...]:
    """Voila arguments for preheated kernels: ``pools`` maps notebook to pool size, others 0.

    This replaces the pool configuration in voila.json (which pools only the pages that do not
    depend on today's date or the log) so the benchmark can pool exactly what it measures.
    """
    config = {"default": {"pool_size": 0}} | {nb: {"pool_size": n} for nb, n in pools.items()}
    return (
        "--preheat_kernel=True",
        f"--VoilaKernelManager.kernel_pools_config={json.dumps(config)}",
    )


def median_spread(values: list[float], digits: int = 2) -> str:
    """Format ``median (min-max)``."""
    if not values:
        return "n/a"
    med = statistics.median(values)
    return f"{med:.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def percentile(values: list[float], q: float) -> float:
    """Return the ``q`` quantile (0-1) of ``values``: NaN for none, the value itself for one."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def verdict_line(verdicts: list[tuple[str, bool]]) -> str:
    """Return the sentence naming the targets met and not met in a benchmark's table."""
    met_names = ", ".join(n for n, ok in verdicts if ok) or "none"
    missed = ", ".join(n for n, ok in verdicts if not ok) or "none"
    return f"Targets met: {met_names}. Targets NOT met: {missed}."


def met(ok: bool | None) -> str:
    """Say plainly whether a target is met."""
    return "n/a" if ok is None else ("met" if ok else "**NOT met**")


def pages() -> list[str]:
    """Return every workbook page, relative to the repository root."""
    return [f"notebooks/{p.name}" for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]


def is_exercise_page(notebook: str) -> bool:
    """Exercise pages are the ones that show one exercise through ``exercise_page(...)``."""
    return "exercise_page(" in (ROOT / notebook).read_text()


# --- measuring ---------------------------------------------------------------------------------


@dataclass
class Loads:
    """What repeated loads of one notebook measured."""

    seconds: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    html: list[float] = field(default_factory=list)  # navigation until the last byte of HTML
    preheated: int = 0

    @property
    def time(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def memory(self) -> float:
        return statistics.median(self.rss) if self.rss else float("nan")


def load_once(server: Server, browser: Browser, notebook: str, loads: Loads) -> None:
    """Open ``notebook`` in a fresh context, time it to interactive, note its kernel's RSS."""
    before = kernel_pids(server.process.pid)
    used_pool = server.log().count("Using pre-heated kernel")
    with chromium_page(browser, server.base_url.rstrip("/")) as watched:
        page = watched.page
        start = time.perf_counter()
        open_voila_page(page, server.render_url(notebook), timeout_ms=120_000)
        page.locator(MAIN_WIDGET).first.wait_for(state="visible", timeout=120_000)
        loads.seconds.append(time.perf_counter() - start)
        # Voila streams the page while the kernel runs its cells: the HTML ends when they have run
        loads.html.append(page.evaluate(HTML_DONE))
        preheated = server.log().count("Using pre-heated kernel") > used_pool
        loads.preheated += preheated
        if not preheated:
            # Kernels are left running (culling ends them later): a killed kernel is restarted
            # by the kernel manager and would show up as a fresh, empty one in the next load.
            for pid in kernel_pids(server.process.pid) - before:
                with contextlib.suppress(psutil.Error):
                    loads.rss.append(psutil.Process(pid).memory_info().rss / 2**20)


@contextlib.contextmanager
def voila_and_chromium(*extra: str) -> Iterator[tuple[Server, Browser]]:
    """Start a Voila server (voila.json settings plus ``extra``) and a Chromium; stop both."""
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        server = bench_voila(Path(tmp), *extra)
        try:
            browser = launch_chromium(playwright)
            try:
                yield server, browser
            finally:
                browser.close()
        finally:
            server.stop()


@contextlib.contextmanager
def stock_voila() -> Iterator[Server]:
    """Serve the bare notebook with Voila as installed: no voila.json, its stock lab template."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(ROOT / BARE, folder / STOCK_BARE)
        port = free_port()
        server = start_server(
            [
                str(Path(sys.executable).with_name("voila")),
                "--no-browser",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
                "--Voila.port_retries=0",
            ],
            log_path=folder / "stock.log",
            port=port,
            cwd=folder,
            env={"BACKCARE_DATA_DIR": str(folder / "data")},
            ready_path="voila/tree",
        )
        try:
            yield server
        finally:
            server.stop()


def measure_stock() -> Loads:
    """Load the bare page on a stock Voila REPEATS times (after one unmeasured load)."""
    loads = Loads()
    with stock_voila() as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            load_once(server, browser, STOCK_BARE, Loads())
            for _ in range(REPEATS):
                settle(server)
                load_once(server, browser, STOCK_BARE, loads)
        finally:
            browser.close()
    return loads


def wait_for_pools(server: Server, timeout_s: float = 180.0) -> float:
    """Wait until Voila's kernel pools stop filling and every kernel is idle; return the wait."""
    start = time.monotonic()
    last = (-1, -1)
    while time.monotonic() - start < timeout_s:
        settle(server, timeout_s=10)
        now = (server.log().count("is filled with"), len(kernel_pids(server.process.pid)))
        if now == last and now[0] > 0:
            break
        last = now
    return time.monotonic() - start


def measure_mode(notebooks: list[str], extra: tuple[str, ...]) -> tuple[dict[str, Loads], str]:
    """Load every notebook REPEATS times, round robin, on one server; return loads and a note."""
    results = {nb: Loads() for nb in notebooks}
    note = ""
    with voila_and_chromium(*extra) as (server, browser):
        if extra:
            warm = wait_for_pools(server)
            pooled = kernel_pids(server.process.pid)
            idle = sum(psutil.Process(p).memory_info().rss for p in pooled) / 2**20
            note = (
                f"{len(pooled)} pooled kernels ready after {warm:.0f} s, idle RSS {idle:.0f} MiB "
                "in all (pooled kernels are never culled). "
            )
        # one unmeasured load, so the server's own first-use costs (templates) hit nobody
        load_once(server, browser, BARE, Loads())
        deadline = time.monotonic() + MODE_BUDGET_S
        for rounds in range(REPEATS):
            if time.monotonic() > deadline:
                note += f"Budget of {MODE_BUDGET_S} s spent: {rounds} of {REPEATS} rounds. "
                break
            for nb in notebooks:
                if extra:
                    time.sleep(1.2)  # Voila refills a used pool after fill_delay = 1 s
                settle(server)
                load_once(server, browser, nb, results[nb])
    return results, note


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x"


def stock_table(
    stock: Loads,
    cold: dict[str, Loads],
    warm: dict[str, Loads],
    exercises: list[str],
    verdicts: list[tuple[str, bool]],
) -> list[str]:
    """Compare with the bare page on a stock Voila; add the stock targets' verdicts."""
    lines = [
        "",
        (
            "Against the stock baseline: the bare one-slider notebook on Voila as installed (no "
            "voila.json, stock lab template) on its own server, "
            f"{median_spread(stock.seconds)} s to interactive (HTML arrived after "
            f"{statistics.median(stock.html) if stock.html else float('nan'):.2f} s). Targets for "
            f"exercise pages: <= {STOCK_TARGETS[0]}x without preheating, <= {STOCK_TARGETS[1]}x "
            "with it."
        ),
        "",
        "| page | plain / stock bare | target | preheated / stock bare | target |",
        "| --- | ---: | --- | ---: | --- |",
        (
            f"| baseline: bare slider (workbook's server) | {cold[BARE].time / stock.time:.2f}x "
            f"| - | {warm[BARE].time / stock.time:.2f}x | - |"
        ),
    ]
    for nb in exercises:
        plain = cold[nb].time / stock.time
        pre = warm[nb].time / stock.time if nb in warm else float("nan")
        ok_plain, ok_pre = plain <= STOCK_TARGETS[0], pre <= STOCK_TARGETS[1]
        verdicts += [
            (f"{Path(nb).stem} vs stock", ok_plain),
            (f"{Path(nb).stem} preheated vs stock", ok_pre),
        ]
        lines.append(
            f"| {Path(nb).stem} | {plain:.2f}x | <= {STOCK_TARGETS[0]}x: {met(ok_plain)} "
            f"| {pre:.2f}x | <= {STOCK_TARGETS[1]}x: {met(ok_pre)} |"
        )
    return lines


def run() -> list[str]:
    """Measure every page and both baselines with and without preheating; return Markdown."""
    started = time.monotonic()
    notebooks = [BARE, PANDAS, *pages()]
    stock = measure_stock()
    cold, cold_note = measure_mode(notebooks, ())
    pooled = [BARE, *(nb for nb in pages() if nb in POOLED)]  # bare: the preheat target's base
    warm, warm_note = measure_mode(pooled, preheat_args(dict.fromkeys(pooled, 1)))
    bare = cold[BARE]
    lines = [
        f"### Pages in Voila: median (min-max) of {REPEATS} loads each, round robin",
        "",
        (
            "Time to interactive: from navigation until every cell has run and the first widget is "
            "visible. RSS: the page's own kernel just after. Ratios against the baseline named in "
            "the row, measured on the same server in the same run; *preheated* is a second server "
            "started with `--preheat_kernel=True` and a pool of one kernel for each baseline and "
            "each page voila.json pools, its ratio against the bare page *without* preheating."
        ),
        "",
        (
            "| page | time (s) | time ratio | kernel RSS (MiB) | RSS ratio | target | "
            "preheated time (s) | preheated ratio | preheat target (<= 0.8x) |"
        ),
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    verdicts = []
    ex = [nb for nb in notebooks if is_exercise_page(nb)]
    for nb in notebooks:
        chart = nb in CHART_PAGES
        base = cold[PANDAS] if chart else bare
        t_ratio, m_ratio = cold[nb].time / base.time, cold[nb].memory / base.memory
        if nb in BASELINES:
            name, target, ok = BASELINES[nb], "", None
        else:
            limit = CHART_TARGET if chart else PAGE_TARGET
            name = f"{Path(nb).stem} (vs {'pandas + figure' if chart else 'bare slider'})"
            ok = t_ratio <= limit[0] and m_ratio <= limit[1]
            target = f"<= {limit[0]}x time, <= {limit[1]}x RSS: {met(ok)}"
            verdicts.append((name, ok))
        w = warm.get(nb)
        if w is None:
            why = (
                "not measured (no target uses it)"
                if nb in BASELINES
                else "not pooled in voila.json"
            )
            preheated, pre_ok = f"{why} | -", None
        else:
            pre_ok = w.time / bare.time <= PREHEAT_TARGET if is_exercise_page(nb) else None
            preheated = (
                f"{median_spread(w.seconds)}, {w.preheated}/{len(w.seconds)} from the pool "
                f"| {w.time / bare.time:.2f}x"
            )
        lines.append(
            f"| {name} | {median_spread(cold[nb].seconds)} | {t_ratio:.2f}x "
            f"| {median_spread(cold[nb].rss, 0)} | {m_ratio:.2f}x | {target} "
            f"| {preheated} | {met(pre_ok)} |"
        )
        if pre_ok is not None:
            verdicts.append((f"{Path(nb).stem} preheated", pre_ok))
    lines += stock_table(stock, cold, warm, ex, verdicts)
    bare_gain = warm[BARE].time / bare.time
    ex_cold = statistics.median(cold[nb].time for nb in ex) if ex else float("nan")
    ex_warm = statistics.median(warm[nb].time for nb in ex) if ex else float("nan")
    lines += [
        "",
        (
            "Where the time goes (medians, s): until the page's HTML has arrived (without preheating "
            "it ends when the kernel has run every cell), then the front end (Voila's scripts, the "
            "widget manager, drawing the widgets) until interactive."
        ),
        "",
        "| server | page | HTML arrived | front end after it | interactive |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, mode in (("plain", cold), ("preheated", warm)):
        for name, chosen in (("bare slider", [BARE]), ("exercise pages", ex)):
            html = statistics.median(v for nb in chosen for v in mode[nb].html)
            tti = statistics.median(v for nb in chosen for v in mode[nb].seconds)
            lines.append(f"| {label} | {name} | {html:.2f} | {tti - html:.2f} | {tti:.2f} |")
    lines += [
        "",
        (
            f"What preheating changed: bare page {bare.time:.2f} s -> {warm[BARE].time:.2f} s "
            f"({bare_gain:.2f}x); exercise pages (median of medians) {ex_cold:.2f} s -> "
            f"{ex_warm:.2f} s ({ex_warm / ex_cold:.2f}x). {warm_note}{cold_note}"
        ),
        "",
        verdict_line(verdicts),
        "",
        f"Took {time.monotonic() - started:.0f} s.",
        "",
    ]
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
