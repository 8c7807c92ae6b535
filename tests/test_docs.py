"""The docs name only paths that exist: the README's "What is where" and the rest follow the tree.

``tests/test_references.py`` follows the docs' links; this follows the paths they quote in
backticks, which a reorganisation leaves behind without breaking any link.
"""

from __future__ import annotations

import re

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
        if not (ROOT / path.rstrip("/")).exists()
    ]
    assert missing == []


def test_the_pattern_finds_a_quoted_path():
    assert QUOTED_PATH.findall("see `backcare_widgets/static/` and `pyproject.toml`") == [
        "backcare_widgets/static/"
    ]
