"""The progress page: charts of the log, a CSV download, and an all-or-nothing CSV upload.

Binder storage is temporary, so the download is how a person keeps their log; the upload brings
it back (or merges another device's log). Nothing leaves the page but that download.
"""

from __future__ import annotations

import base64
from html import escape
from typing import TYPE_CHECKING

import ipywidgets

from backcare_widgets._style import styled_html, with_style
from backcare_widgets.catalog import load_catalog
from backcare_widgets.file_upload import FileUpload
from backcare_widgets.log import MAX_IMPORT_BYTES, LogError, SessionLog
from backcare_widgets.progress import progress_html

if TYPE_CHECKING:
    from datetime import date

    from backcare_widgets.catalog import Catalog

DOWNLOAD_NAME = "backcare-log.csv"


class ProgressDashboard(ipywidgets.VBox):
    """Charts, download and upload for one session log, recomputed whenever the log changes."""

    def __init__(
        self,
        log: SessionLog | None = None,
        *,
        catalog: Catalog | None = None,
        today: date | None = None,
        **kwargs: object,
    ) -> None:
        self.session_log = log if log is not None else SessionLog()
        self.catalog = catalog or load_catalog()
        self._today = today
        self.charts = styled_html()
        self.download = ipywidgets.HTML()
        self.refresh_button = ipywidgets.Button(
            description="Refresh",
            tooltip="Read the log again (after exercising in another tab)",
            layout={"width": "auto"},
        )
        self.refresh_button.on_click(lambda _button: self.refresh())
        self.upload = FileUpload(
            accept=".csv,text/csv",
            multiple=False,
            description="Import a CSV",
            tooltip="Import a log exported from BackCare Workbook (all or nothing)",
            max_bytes=MAX_IMPORT_BYTES,
        )
        self.upload.observe(self._on_upload, names="value")
        self.message = styled_html()
        data_bar = ipywidgets.HBox(
            [self.download, self.upload, self.refresh_button],
            layout={"flex_flow": "row wrap", "align_items": "center"},
        )
        super().__init__([self.charts, data_bar, self.message], **kwargs)
        self.add_class("backcare-dashboard")
        self.refresh()

    def refresh(self) -> None:
        """Redraw the charts and the download link from the log as it is now."""
        frame = self.session_log.to_dataframe()
        self.charts.value = with_style(progress_html(frame, self.catalog, today=self._today))
        if frame.empty:
            self.download.value = ""
            return
        payload = base64.b64encode(self.session_log.to_csv_bytes()).decode("ascii")
        self.download.value = (
            f'<a class="backcare-download" download="{DOWNLOAD_NAME}" '
            f'href="data:text/csv;base64,{payload}">Download my log (CSV, {len(frame)} sets)</a>'
        )

    def import_bytes(self, content: bytes, name: str = "uploaded CSV") -> str:
        """Import CSV bytes all or nothing; return the message shown to the person (as HTML)."""
        try:
            summary = self.session_log.import_csv(content)
        except LogError as exc:
            problems = getattr(exc, "problems", None)
            if problems:
                items = "".join(
                    f"<li>line {line}: {escape(reason)}</li>" for line, reason in problems[:50]
                )
                more = f"<li>... and {len(problems) - 50} more</li>" if len(problems) > 50 else ""
                detail = f"<ul>{items}{more}</ul>"
            else:
                detail = f"<p>{escape(str(exc))}</p>"
            return (
                f'<div class="backcare-message backcare-message--error" role="alert">'
                f"<strong>Nothing was imported from {escape(name)}.</strong>{detail}</div>"
            )
        self.refresh()
        return (
            f'<div class="backcare-message" role="status">Imported {summary.added} set(s) from '
            f"{escape(name)}; {summary.skipped} were already in your log.</div>"
        )

    def _on_upload(self, change: dict[str, object]) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]  # type: ignore[index]
        self.message.value = with_style(self.import_bytes(bytes(upload.content), upload.name))
        self.upload.value = ()
