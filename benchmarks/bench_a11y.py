"""Lighthouse accessibility on every page of the workbook, as a phone meets it (issue 19).

Lighthouse 12 (``benchmarks/package.json``, run through bench_lighthouse's runner, with its
default mobile profile) scores the accessibility category of every page in ``notebooks/`` on the
workbook's own server (scripts/serve.py, voila.json), first with an empty log, as a new visitor
sees the pages, then My progress again with a week of sets logged, so its charts and latest
sets are scored too. Each row gives the score (0-100) and the audits that failed. Target
(issue 19): 100 on every page.

Run alone with ``python -m benchmarks.bench_a11y`` (half a minute to a minute per page on a
busy 2-core machine; a budget skips the remaining pages and says so).
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from backcare_widgets.data.log import SessionLog
from benchmarks.bench_lighthouse import LIGHTHOUSE, lighthouse_report
from benchmarks.bench_pages import bench_voila, met, pages, settle
from tests.sets import done_set

PROGRESS_PAGE = "notebooks/06_My_progress.ipynb"
BUDGET_S = 600  # all runs; the remaining ones are skipped (and listed) once it is spent
TARGET_SCORE = 100


def failing_audits(report: dict[str, Any]) -> list[str]:
    """Name the accessibility audits of a Lighthouse report that did not pass, with their nodes."""
    audits = report["audits"]
    failed = []
    for ref in report["categories"]["accessibility"]["auditRefs"]:
        audit = audits[ref["id"]]
        if audit.get("scoreDisplayMode") != "binary" or audit.get("score") in (None, 1):
            continue
        items = (audit.get("details") or {}).get("items") or []
        where = [str((item.get("node") or {}).get("selector", "")) for item in items][:2]
        failed.append(f"{ref['id']} ({audit['title']}; at {', '.join(where) or '-'})")
    return failed


def seed_week(data_dir: Path) -> None:
    """Log a week of bridge and hamstring sets with pain before and after (every chart drawn)."""
    today = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    with SessionLog(data_dir / "session_log.sqlite3") as log:
        for back in range(6, 0, -1):
            when = today - timedelta(days=back)
            done_set(log, "bridge", when, pain=(4, 3))
            done_set(log, "hamstring-stretch", when, pain=(3, 3))


def run() -> list[str]:
    """Score every page's accessibility with Lighthouse; return Markdown."""
    started = time.monotonic()
    if not LIGHTHOUSE.exists():
        return [
            "not run: Lighthouse is not installed (`make benchmark` runs `npm ci` in benchmarks/).",
            "",
        ]
    plan = [(notebook, "empty log") for notebook in pages()]
    plan.append((PROGRESS_PAGE, "a week of sets"))
    results: dict[tuple[str, str], tuple[int, list[str]] | str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        server = bench_voila(Path(tmp))
        seeded = False
        try:
            for key in plan:
                notebook, log = key
                if time.monotonic() - started > BUDGET_S:
                    results[key] = f"skipped (budget of {BUDGET_S} s spent)"
                    continue
                if log != "empty log" and not seeded:
                    seed_week(Path(tmp) / "data")  # the empty-log rows come first
                    seeded = True
                settle(server)
                try:
                    report = lighthouse_report(
                        server.render_url(notebook), "phone", category="accessibility"
                    )
                    score = round(100 * (report["categories"]["accessibility"]["score"] or 0))
                    results[key] = (score, failing_audits(report))
                except (subprocess.SubprocessError, KeyError, ValueError) as exc:
                    results[key] = f"failed: {type(exc).__name__}"
        finally:
            server.stop()
    return [*table(plan, results), f"Took {time.monotonic() - started:.0f} s.", ""]


def table(
    plan: list[tuple[str, str]], results: dict[tuple[str, str], tuple[int, list[str]] | str]
) -> list[str]:
    """Lay the scores out as Markdown, one row per page, and judge them against the target."""
    lines = [
        "### Lighthouse 12: accessibility of every page (phone profile)",
        "",
        (
            "Accessibility score (0-100) and the audits that failed, on scripts/serve.py with "
            "voila.json; every page with an empty log (a new visitor), My progress also with a "
            f"week of sets. Target (issue 19): {TARGET_SCORE} on every page."
        ),
        "",
        "| page | log | score | failing audits |",
        "| --- | --- | ---: | --- |",
    ]
    all_met = True
    for key in plan:
        result = results[key]
        name = Path(key[0]).stem
        if isinstance(result, str):
            lines.append(f"| {name} | {key[1]} | {result} | |")
            all_met = False
            continue
        score, failed = result
        all_met = all_met and score >= TARGET_SCORE
        lines.append(f"| {name} | {key[1]} | {score} | {'; '.join(failed) or 'none'} |")
    lines += ["", f"Target: {TARGET_SCORE} on every page: {met(all_met)}.", ""]
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
