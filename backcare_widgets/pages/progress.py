"""The progress page: charts of the log, a CSV download, and an all-or-nothing CSV upload.

Binder storage is temporary, so the download is how a person keeps their log; the upload brings
it back (or merges another device's log). Nothing leaves the page but that download, and the
log leaves the kernel only when the person presses Download (it is never kept in the page).
A set logged by mistake, or a row the charts cannot show, can be deleted here, with undo.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta, timezone
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets

from backcare_widgets.components.browser_clock import BrowserClock
from backcare_widgets.components.download_button import DownloadButton
from backcare_widgets.components.file_upload import FileUpload
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import MAX_IMPORT_BYTES, LogError, SessionLog
from backcare_widgets.pages.function_score import FunctionScoreSection
from backcare_widgets.pages.visit_report import VisitReportSection
from backcare_widgets.views.progress import progress_html
from backcare_widgets.views.style import styled_html, with_style

if TYPE_CHECKING:
    from datetime import date

    from backcare_widgets.components.file_upload import UploadedFile
    from backcare_widgets.data.catalog import Catalog

DOWNLOAD_NAME = "backcare-log.csv"
#: Rows offered for deleting, newest first (a mistake is nearly always recent; rows with an
#: impossible date are always offered too). Few, as the list is part of the page's state.
PICK_ROWS = 50
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_LOG = logging.getLogger(__name__)


def _when_text(row: dict[str, Any]) -> str:
    """Say a stored row's local time, or that it cannot be shown (a poison date, say)."""
    try:
        tz = timezone(timedelta(seconds=int(row["utc_offset_s"])))
        when = (_EPOCH + timedelta(microseconds=int(row["when_us"]))).astimezone(tz)
    except (OverflowError, ValueError, TypeError, KeyError):
        return "a date that cannot be shown"
    return f"{when:%d %b %Y %H:%M}"


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
        self.catalog = load_catalog() if catalog is None else catalog
        self._today = today
        self.charts = styled_html()
        # the person's time zone, from their browser: the latest sets are shown in their time
        self.clock = BrowserClock()
        self.clock.observe(lambda _change: self.refresh(), names="time_zone")
        self.download = DownloadButton(
            self.session_log.to_csv_bytes, filename=DOWNLOAD_NAME, label="Download my log (CSV)"
        )
        self.pick = ipywidgets.Dropdown(
            description="Set to delete",
            style={"description_width": "auto"},
            layout={"width": "auto", "max_width": "100%"},
        )
        self.pick.add_class("backcare-select")  # the workbook's look: views/static/backcare.css
        self.delete_button = ipywidgets.Button(
            description="Delete this set",
            tooltip="Remove the chosen set from your log (you can undo it)",
            layout={"width": "auto"},
        )
        self.delete_button.add_class("backcare-button")
        self.delete_button.on_click(lambda _button: self.delete_chosen())
        self.undo_button = ipywidgets.Button(
            description="Undo delete",
            tooltip="Put the set you just deleted back",
            layout={"width": "auto", "display": "none"},
        )
        self.undo_button.add_class("backcare-button")
        self.undo_button.on_click(lambda _button: self.undo_delete())
        self.removed: dict[str, Any] | None = None
        self.refresh_button = ipywidgets.Button(
            description="Refresh",
            tooltip="Read the log again (after exercising in another tab)",
            layout={"width": "auto"},
        )
        self.refresh_button.add_class("backcare-button")
        self.refresh_button.on_click(lambda _button: self.refresh())
        for button in (self.delete_button, self.undo_button, self.refresh_button):
            button.add_class("backcare-button")  # the workbook's one button style
            button.add_class("backcare-button--quiet")
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
        self.manage = ipywidgets.VBox(
            [
                ipywidgets.HTML("<h2>Delete a set logged by mistake</h2>"),
                ipywidgets.HBox(
                    [self.pick, self.delete_button, self.undo_button],
                    layout={"flex_flow": "row wrap", "align_items": "center"},
                ),
            ]
        )
        self.manage.add_class("backcare-dashboard__manage")
        self.function_score = FunctionScoreSection(self.session_log)
        self.visit_report = VisitReportSection(self.session_log, self.catalog, today=today)
        super().__init__(
            [
                self.clock,
                self.charts,
                self.function_score,
                self.visit_report,
                data_bar,
                self.message,
                self.manage,
            ],
            **kwargs,
        )
        self.add_class("backcare-dashboard")
        self.refresh()

    def refresh(self) -> None:
        """Redraw the charts, the download button and the list of sets from the log as it is.

        A row the charts cannot show never locks the person out: the page says so, and the
        list below still offers every set for deleting.
        """
        try:
            rows = self.session_log.newest_rows(PICK_ROWS)
            count = len(self.session_log)
        except LogError as exc:
            self.charts.value = with_style(self._problem(f"Your log cannot be read: {exc}"))
            rows, count = [], 0
        else:
            try:
                frame = self.session_log.to_dataframe()
                html = progress_html(frame, self.catalog, today=self._today, zone=self.clock.zone)
            except Exception as exc:  # noqa: BLE001 - one bad row must not take the page down
                _LOG.exception("progress charts failed")
                html = self._problem(
                    "Your log holds a set the charts cannot show "
                    f"({type(exc).__name__}: {str(exc)[:200]}). Delete it below (sets with "
                    "an impossible date are listed first) and the charts come back."
                )
            self.charts.value = with_style(html)
        self.download.label = f"Download my log (CSV, {count} set{'' if count == 1 else 's'})"
        self.download.layout.display = None if count else "none"
        self.pick.options = [(self._row_label(row), int(row["id"])) for row in rows]
        self.manage.layout.display = None if (rows or self.removed) else "none"
        self.delete_button.disabled = not rows

    @staticmethod
    def _problem(text: str) -> str:
        return (
            '<div class="backcare-message backcare-message--error" role="alert">'
            f"{escape(text)}</div>"
        )

    def _row_label(self, row: dict[str, Any]) -> str:
        exercise = str(row.get("exercise"))
        name = str(self.catalog[exercise].name) if exercise in self.catalog else exercise
        parts = [_when_text(row), name]
        if row.get("side"):
            parts.append(f"{row['side']} side")
        parts.append(f"set {row.get('set_number')}")
        if row.get("reps") is not None:
            parts.append(f"{row['reps']} reps")
        if row.get("hold_seconds") is not None:
            parts.append(f"held {row['hold_seconds']} s")
        return " · ".join(parts)

    def delete_chosen(self) -> None:
        """Delete the set chosen in the list; the Undo button puts it back."""
        row_id = self.pick.value
        if row_id is None:
            return
        label = self.pick.label
        try:
            self.removed = self.session_log.remove(int(row_id))
        except LogError as exc:
            self._say(f"Not deleted: {exc}", error=True)
            return
        self.undo_button.layout.display = None
        self.refresh()
        self._say(f"Deleted the set of {label}. Press Undo delete to put it back.")

    def undo_delete(self) -> None:
        """Put back the set deleted last."""
        if self.removed is None:
            return
        try:
            self.session_log.restore(self.removed)
        except LogError as exc:
            self._say(f"Not put back: {exc}", error=True)
            return
        self.removed = None
        self.undo_button.layout.display = "none"
        self.refresh()
        self._say("The deleted set is back in your log.")

    def _say(self, text: str, *, error: bool = False) -> None:
        kind, role = ("backcare-message--error", "alert") if error else ("", "status")
        self.message.value = with_style(
            f'<div class="backcare-message {kind}" role="{role}">{escape(text)}</div>'
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

    def _on_upload(self, change: dict[str, Any]) -> None:
        files: tuple[UploadedFile, ...] = change["new"]
        if not files:
            return
        upload = files[0]
        self.message.value = with_style(self.import_bytes(bytes(upload.content), upload.name))
        self.upload.value = ()
