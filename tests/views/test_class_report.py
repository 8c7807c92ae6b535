"""The class report as HTML: files that could not be used are listed with their reasons."""

from __future__ import annotations

from backcare_widgets.data.catalog import load_catalog

CATALOG = load_catalog()
