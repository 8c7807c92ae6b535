"""The session log: one row per completed set, kept in SQLite, read back as a pandas DataFrame.

Its parts: :mod:`~backcare_widgets.data.log.rows` (the row record and its checks),
:mod:`~backcare_widgets.data.log.store` (:class:`SessionLog`, the SQLite schema and its
migrations), :mod:`~backcare_widgets.data.log.csv` (export and import, formula cells neutralised)
and :mod:`~backcare_widgets.data.log.frame` (the DataFrame; pandas is imported only there, only
when a chart asks). The names the rest of the workbook uses are re-exported here.
"""

from __future__ import annotations

from backcare_widgets.data.log.csv import (
    CSV_COLUMNS,
    MAX_CLASS_BYTES,
    MAX_CLASS_FILES,
    MAX_IMPORT_BYTES,
    CsvImportError,
    ImportSummary,
    neutralise_cell,
    restore_cell,
)
from backcare_widgets.data.log.rows import (
    STOPPED_EARLY,
    LogError,
    LogStorageError,
    completed_from_notes,
)
from backcare_widgets.data.log.store import SCHEMA_VERSION, SessionLog, default_log_path

__all__ = [
    "CSV_COLUMNS",
    "MAX_CLASS_BYTES",
    "MAX_CLASS_FILES",
    "MAX_IMPORT_BYTES",
    "SCHEMA_VERSION",
    "STOPPED_EARLY",
    "CsvImportError",
    "ImportSummary",
    "LogError",
    "LogStorageError",
    "SessionLog",
    "completed_from_notes",
    "default_log_path",
    "neutralise_cell",
    "restore_cell",
]
