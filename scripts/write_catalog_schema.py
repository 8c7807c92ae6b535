"""Write ``data/exercises.schema.json`` from the catalogue's records (msgspec Structs).

The schema lets an educator's editor check ``data/exercises.yaml`` while typing (the YAML's first
line points at it). Run this after changing the records in ``backcare_widgets/data/catalog.py``; a test
fails while the committed file is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "data" / "exercises.schema.json"


def render_schema() -> str:
    """Return the schema file's exact text (stable key order, so diffs stay small)."""
    sys.path.insert(0, str(ROOT))  # the source tree's models, not an installed copy's
    from backcare_widgets.data.catalog import catalog_json_schema

    return json.dumps(catalog_json_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    """Write the schema and say where."""
    SCHEMA_PATH.write_text(render_schema(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
