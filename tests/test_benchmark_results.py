"""Rerunning one benchmark replaces its section of results.md and keeps the others."""

from benchmarks.__main__ import merged, sections

PREVIOUS = """# Benchmark results

- date: earlier

## benchmarks.bench_log

old log table

## benchmarks.bench_pages

old pages table
"""


def test_a_rerun_replaces_its_section_and_keeps_the_rest() -> None:
    fresh = {"benchmarks.bench_log": ["## benchmarks.bench_log", "", "new log table", ""]}
    text = "\n".join(merged(PREVIOUS, fresh))
    head, parts = sections(text)
    assert head[0] == "# Benchmark results"
    assert list(parts) == ["benchmarks.bench_log", "benchmarks.bench_pages"]
    assert "new log table" in parts["benchmarks.bench_log"]
    assert "old log table" not in text
    assert any(line.startswith("(rerun alone on ") for line in parts["benchmarks.bench_log"])
    assert "old pages table" in parts["benchmarks.bench_pages"]


def test_a_new_benchmark_is_added_after_the_others() -> None:
    fresh = {"benchmarks.bench_coach": ["## benchmarks.bench_coach", "", "coach table"]}
    _, parts = sections("\n".join(merged(PREVIOUS, fresh)))
    assert list(parts)[-1] == "benchmarks.bench_coach"
    assert parts["benchmarks.bench_pages"][-1] == ""  # a blank line before the next heading
