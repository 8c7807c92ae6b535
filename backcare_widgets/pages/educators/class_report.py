"""The class report's page component: upload students' CSV exports, see the report.

Kept apart from :mod:`backcare_widgets.data.class_summary` and
:mod:`backcare_widgets.views.class_report` (pandas and matplotlib) so the educators' page loads
without them; they are imported when the first files arrive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets

from backcare_widgets.components.download_button import DownloadButton
from backcare_widgets.components.file_upload import FileUpload
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import MAX_CLASS_BYTES, MAX_CLASS_FILES, MAX_IMPORT_BYTES
from backcare_widgets.views.style import educators_html, with_educators_style

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from backcare_widgets.data.catalog import Catalog
    from backcare_widgets.data.class_summary import ClassReport

__all__ = ["ClassReportView"]


class ClassReportView(ipywidgets.VBox):
    """Upload students' CSV exports; see adherence per student, charts and a summary CSV.

    Parameters
    ----------
    catalog : Catalog, optional
        The exercises rows may name.
    targets : mapping, optional
        Sessions a day per exercise (e.g. a programme's); default the catalogue's doses.
    **kwargs
        Passed to :class:`ipywidgets.VBox`.
    """

    def __init__(
        self,
        *,
        catalog: Catalog | None = None,
        targets: Mapping[str, int] | None = None,
        **kwargs: Any,
    ) -> None:
        self.catalog = load_catalog() if catalog is None else catalog
        self.targets = targets
        self.report: ClassReport | None = None
        self.upload = FileUpload(
            accept=".csv,text/csv",
            multiple=True,
            description="Upload CSV files",
            tooltip="Students' logs, exported from the progress page (one file per student)",
            max_bytes=MAX_IMPORT_BYTES,
            max_files=MAX_CLASS_FILES,
            max_total_bytes=MAX_CLASS_BYTES,
        )
        self.upload.observe(self._on_upload, names="value")
        # made when pressed, so the class's summary is never kept in the page's widget state
        self.download = DownloadButton(
            self._summary_bytes,
            filename="backcare-class-summary.csv",
            label="Download the summary (CSV)",
            layout={"display": "none"},
        )
        # a period chosen for every student; left empty, each student's own (first to last day)
        self.period_start = ipywidgets.DatePicker(
            description="From", tooltip="First day of a period chosen for every student"
        )
        self.period_end = ipywidgets.DatePicker(
            description="To", tooltip="Last day of a period chosen for every student"
        )
        for picker in (self.period_start, self.period_end):
            picker.layout = {"width": "auto"}
            picker.observe(lambda _change: self._period_changed(), names="value")
        self.period_note = ipywidgets.HTML(
            '<p class="backcare-class-report__period-note">Leave the dates empty to see each '
            "student over their own period, from their first to their last logged day.</p>"
        )
        self._files: list[tuple[str, bytes]] = []
        self.result = educators_html()
        self.result.add_class("backcare-class-report")
        super().__init__(
            [
                ipywidgets.HBox(
                    [self.upload, self.download],
                    layout={"flex_flow": "row wrap", "align_items": "center"},
                ),
                ipywidgets.HBox(
                    [self.period_start, self.period_end],
                    layout={"flex_flow": "row wrap", "align_items": "center"},
                ),
                self.period_note,
                self.result,
            ],
            **kwargs,
        )
        self.add_class("backcare-class-report-view")
        self.add_class("backcare-form")  # 48 px date fields: views/static/backcare.css

    def show(self, files: Iterable[tuple[str, bytes]]) -> ClassReport:
        """Summarise ``files`` (name, bytes) and show the report and its CSV download."""
        # here, not at the top: the page stays light until a class's files arrive
        from backcare_widgets.data.class_summary import SUMMARY_NAME, summarize_files
        from backcare_widgets.views.class_report import report_html

        files = list(files)
        self._files = files
        self.download.layout.display = "none"
        self.result.value = with_educators_style(
            f'<p class="backcare-class-report__busy" role="status">Reading {len(files)} '
            f"file{'' if len(files) == 1 else 's'}…</p>"
        )
        self.report = summarize_files(
            files,
            catalog=self.catalog,
            targets=self.targets,
            start=self.period_start.value,
            end=self.period_end.value,
        )
        self.result.value = with_educators_style(
            f'<div class="backcare-class-report">{report_html(self.report)}</div>'
        )
        if self.report.students:
            self.download.filename = SUMMARY_NAME
            self.download.label = (
                f"Download the summary (CSV, {len(self.report.students)} students)"
            )
            self.download.layout.display = None
        return self.report

    def _period_changed(self) -> None:
        """Show the report again over the period chosen (the files are kept only while shown)."""
        start, end = self.period_start.value, self.period_end.value
        if start is not None and end is not None and end < start:
            self.result.value = with_educators_style(
                '<p class="backcare-message backcare-message--error" role="alert">'
                "The period ends before it starts: choose a To date on or after the From date.</p>"
            )
            return
        if self._files:
            self.show(self._files)

    def _summary_bytes(self) -> bytes:
        if self.report is None or not self.report.students:
            raise ValueError("there is no report to download yet: upload students' CSV files")
        return self.report.to_csv_bytes()

    def _on_upload(self, change: dict[str, Any]) -> None:
        uploads = change["new"]
        if not uploads:
            return
        self.show([(u.name, bytes(u.content)) for u in uploads])
        self.upload.value = ()
