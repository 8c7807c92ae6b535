"""The class report on the educators' page: upload students' exports, see charts and a download."""

from __future__ import annotations

from backcare_widgets.data.catalog import load_catalog

CATALOG = load_catalog()
