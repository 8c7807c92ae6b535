"""The docs name only paths that exist: the README's "What is where" and the rest follow the tree.

``tests/test_references.py`` follows the docs' links; this follows the paths they quote in
backticks, which a reorganisation leaves behind without breaking any link.
"""

from __future__ import annotations

import re
import subprocess

from tests.harness import ROOT

TOP = ("backcare_widgets", "benchmarks", "binder", "data", "dev", "docs", "notebooks", "scripts")
TOP += ("share", "tests")
QUOTED_PATH = re.compile(rf"`((?:{'|'.join(TOP)})/[^`\s*<>]*)`")


def test_every_quoted_path_in_the_docs_exists():
    docs = [ROOT / "README.md", ROOT / "benchmarks" / "README.md", *(ROOT / "docs").glob("*.md")]
    missing = [
        f"{doc.relative_to(ROOT)}: {path}"
        for doc in docs
        for path in QUOTED_PATH.findall(doc.read_text(encoding="utf-8"))
        if not (ROOT / path.rstrip("/")).exists() and not _made_by_a_command(path)
    ]
    assert missing == []


def _made_by_a_command(path: str) -> bool:
    """Whether git ignores ``path``: a folder a make target creates (``benchmarks/node_modules``)."""
    name = path.rstrip("/")  # as a file, and as a folder (a pattern ending in / needs the slash)
    command = ["git", "-C", str(ROOT), "check-ignore", name, f"{name}/"]
    ignored = subprocess.run(command, capture_output=True, text=True, check=False)
    return ignored.returncode == 0 and bool(ignored.stdout.strip())


def test_a_path_git_ignores_counts_as_made_and_a_tracked_one_does_not():
    assert _made_by_a_command("benchmarks/node_modules")
    assert not _made_by_a_command("benchmarks/README.md")
    assert not _made_by_a_command("docs/no-such-guide.md")


def test_the_pattern_finds_a_quoted_path():
    assert QUOTED_PATH.findall("see `backcare_widgets/static/` and `pyproject.toml`") == [
        "backcare_widgets/static/"
    ]
