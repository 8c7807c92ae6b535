"""My progress's report for the next visit: choose a period, look at it, download HTML or PDF.

The report is made in the kernel from the log when the person asks (nothing is kept in the
page), previewed on the page, and downloaded as a standalone HTML page or a PDF printed by the
handout's printer (Chromium; on a machine without it the download says so, and the HTML page
prints from any browser).
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets

from backcare_widgets.components.download_button import DownloadButton
from backcare_widgets.data.log import LogError
from backcare_widgets.data.visit_report import visit_report
from backcare_widgets.views.visit_report import report_css, report_html, report_pdf
from backcare_widgets.views.visit_style import with_visit_style

if TYPE_CHECKING:
    from collections.abc import Mapping

    from backcare_widgets.data.catalog import Exercise
    from backcare_widgets.data.log import SessionLog
    from backcare_widgets.data.visit_report import VisitReport

__all__ = ["VisitReportSection"]

#: The period offered first: the last four weeks (the workbook's choice; any period can be chosen).
DEFAULT_DAYS = 28


class VisitReportSection(ipywidgets.VBox):
    """Period pickers, a preview, and HTML and PDF downloads of the report for the next visit."""

    def __init__(
        self,
        log: SessionLog,
        catalog: Mapping[str, Exercise],
        *,
        today: date | None = None,
        **kwargs: Any,
    ) -> None:
        self.session_log = log
        self.catalog = catalog
        self._today = today
        end = self.today
        self.start = ipywidgets.DatePicker(
            value=end - timedelta(days=DEFAULT_DAYS - 1),
            description="From",
            style={"description_width": "initial"},
            layout={"width": "auto"},
        )
        self.end = ipywidgets.DatePicker(
            value=end,
            description="To",
            style={"description_width": "initial"},
            layout={"width": "auto"},
        )
        self.make_button = ipywidgets.Button(
            description="Make the report", button_style="primary", layout={"width": "auto"}
        )
        self.make_button.add_class("backcare-button")
        self.make_button.add_class("backcare-button--primary")
        self.make_button.on_click(lambda _b: self.show())
        self.html_download = DownloadButton(
            lambda: self.html().encode("utf-8"),
            filename="backcare-report.html",
            label="Download the report (HTML, to print)",
            mime_type="text/html",
        )
        self.pdf_download = DownloadButton(
            self.pdf, filename="backcare-report.pdf", label="Download the report (PDF)",
            mime_type="application/pdf",
        )  # fmt: skip
        self.downloads = ipywidgets.HBox(
            [self.html_download, self.pdf_download],
            layout={"flex_flow": "row wrap", "display": "none"},
        )
        self.message = ipywidgets.HTML()
        self.preview = ipywidgets.HTML(layout={"max_width": "60em"})
        intro = ipywidgets.HTML(
            with_visit_style(
                "<h2>Report for your next visit</h2><p>For your physiotherapist or doctor: the "
                "days you exercised, sessions against the dose, pain before and after, your "
                "function score, the steps you took and your notes, for the period you choose."
                "</p>"
            )
        )
        super().__init__(
            [
                intro,
                ipywidgets.HBox(
                    [self.start, self.end, self.make_button], layout={"flex_flow": "row wrap"}
                ),
                self.message,
                self.downloads,
                self.preview,
            ],
            **kwargs,
        )
        self.add_class("backcare-visit-report")
        self.add_class("backcare-form")  # 48 px fields: views/static/backcare.css

    @property
    def today(self) -> date:
        """Return the person's local day (or the day the page was given)."""
        return self._today or date.today()  # noqa: DTZ011 - the person's local day

    def report(self) -> VisitReport:
        """Read the chosen period's figures from the log."""
        start, end = self.start.value, self.end.value
        if start is None or end is None:
            raise ValueError("choose both days of the period")
        return visit_report(self.session_log, self.catalog, start=start, end=end)

    def html(self) -> str:
        """Return the report as a standalone HTML page."""
        return report_html(self.report(), catalog=self.catalog, made_on=self.today)

    def pdf(self) -> bytes:
        """Print the report to PDF (in a thread: Playwright's sync API refuses the kernel's loop)."""
        report = self.report()

        def run() -> bytes:
            with tempfile.TemporaryDirectory() as folder:
                path = report_pdf(
                    report, Path(folder) / "report.pdf", catalog=self.catalog, made_on=self.today
                )
                return path.read_bytes()

        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(run).result()

    def show(self) -> None:
        """Make the report for the chosen period and preview it on the page."""
        try:
            html = self.html()
        except (ValueError, LogError) as exc:
            self.message.value = with_visit_style(
                f'<p class="backcare-message backcare-message--error" role="alert">'
                f"{escape(str(exc))}</p>"
            )
            self.downloads.layout.display = "none"
            self.preview.value = ""
            return
        body = html[html.index('<main class="backcare-report">') : html.index("</main>") + 7]
        self.message.value = with_visit_style(
            '<p class="backcare-message" role="status">Your report is ready: look at it below, '
            "then download it to print or send.</p>"
        )
        self.downloads.layout.display = None
        self.preview.value = f"<style>{report_css()}</style>{body}"
