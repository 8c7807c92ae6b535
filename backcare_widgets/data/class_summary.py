"""Class report: several students' exported logs, summarised per student, with charts and a CSV.

Each file is checked exactly as the progress page's import checks it (it is imported into a
temporary :class:`~backcare_widgets.data.log.SessionLog`), so a bad file is reported with its own
name and line numbers while every good file still counts. Students are named by what they chose
to send: the file's name, or an id column (``student_id`` or ``id``) if the file has one, never
by anything the files do not hold. Nothing is stored: the temporary logs are deleted at once.
"""

from __future__ import annotations

import csv
import io
import logging
import tempfile
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

import pandas as pd

from backcare_widgets.data import adherence
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import (
    CSV_COLUMNS,
    MAX_CLASS_FILES,
    CsvImportError,
    LogError,
    SessionLog,
    neutralise_cell,
    restore_cell,
)
from backcare_widgets.data.pain import WORSE_BY

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from backcare_widgets.data.catalog import Catalog

__all__ = [
    "ID_COLUMNS",
    "ClassReport",
    "FileProblem",
    "StudentSummary",
    "summarize_files",
]

_LOG = logging.getLogger(__name__)

#: Columns a student may add to name themselves; taken out before the file is checked.
ID_COLUMNS = ("student_id", "id")
TREND_DAYS = 7
SUMMARY_NAME = "backcare-class-summary.csv"


@dataclass(frozen=True)
class StudentSummary:
    """One student's adherence and pain over their period.

    The period is the student's own (their first to their last logged day: a student who
    logged two weeks in May is measured over those two weeks, not to the class's last day), or
    the period the educator chose, the same for every student. ``first_day`` and ``last_day``
    are the period's bounds.
    """

    student: str
    files: int
    sets: int
    first_day: date
    last_day: date
    days_in_period: int
    days_done: int
    sessions_done: int
    sessions_target: int
    pain_first: float | None
    pain_last: float | None
    sets_pain_worse: int

    @property
    def percent_of_target(self) -> int:
        """Return sessions done (up to each day's target) as a percentage of the target."""
        return round(100 * self.sessions_done / self.sessions_target) if self.sessions_target else 0

    @property
    def pain_change(self) -> float | None:
        """Return the change in mean pain before exercise, last week against the first."""
        if self.pain_first is None or self.pain_last is None:
            return None
        return round(self.pain_last - self.pain_first, 1)

    def pain_trend(self) -> str:
        """Say the pain trend in words (2 points matter: Ostelo et al., Spine 2008)."""
        change = self.pain_change
        if change is None:
            return "not rated"
        if change <= -WORSE_BY:
            return f"better ({change:+.1f})"
        if change >= WORSE_BY:
            return f"worse ({change:+.1f})"
        return f"about the same ({change:+.1f})"


@dataclass(frozen=True)
class FileProblem:
    """A file that could not be used, and why (the other files still count)."""

    name: str
    message: str


@dataclass(frozen=True)
class ClassReport:
    """The summary of every good file, and the problem with every bad one."""

    students: tuple[StudentSummary, ...]
    problems: tuple[FileProblem, ...]
    end: date | None
    #: The period the educator chose (None: each student over their own period).
    start: date | None = None
    chosen: bool = False

    @property
    def rated(self) -> tuple[StudentSummary, ...]:
        """Return the students who rated their pain on two or more days (a trend to show)."""
        return tuple(s for s in self.students if s.pain_change is not None)

    def describe_period(self) -> str:
        """Say the period the report covers, in words."""
        if self.chosen and self.start is not None and self.end is not None:
            return f"{self.start:%d %b %Y} to {self.end:%d %b %Y}, the same for every student"
        return "each student from their first to their last logged day"

    def to_frame(self) -> pd.DataFrame:
        """Return one row per student, as in the summary CSV."""
        rows = []
        for student in self.students:
            row = asdict(student)
            row["percent_of_target"] = student.percent_of_target
            row["pain_change"] = student.pain_change
            row["pain_trend"] = student.pain_trend()
            rows.append(row)
        columns = [
            *(f.name for f in fields(StudentSummary)),
            "percent_of_target",
            "pain_change",
            "pain_trend",
        ]
        return pd.DataFrame(rows, columns=columns)

    def to_csv_bytes(self) -> bytes:
        """Return the summary as UTF-8 CSV, one row per student.

        Text a spreadsheet would run as a formula (a student id ``=HYPERLINK(...)``) starts
        with a quote, as OWASP advises against CSV injection.
        """
        frame = self.to_frame()
        for column in frame.columns:
            if not pd.api.types.is_numeric_dtype(frame[column]):
                frame[column] = frame[column].map(neutralise_cell)
        return frame.to_csv(index=False).encode("utf-8")


def _pseudonym(name: str) -> str:
    stem = PurePath(name.replace("\\", "/")).name
    return stem[:-4] if stem.lower().endswith(".csv") else stem


def _split_id(text: str, name: str) -> tuple[str | None, str]:
    """Take an id column out of the CSV; return (the id or None, the CSV without it)."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return None, text
    header = [cell.strip() for cell in rows[0]]
    column = next((c for c in ID_COLUMNS if c in header and c not in CSV_COLUMNS), None)
    if column is None:
        return None, text
    at = header.index(column)
    ids = {
        restore_cell(row[at]).strip()
        for row in rows[1:]
        if len(row) > at and any(c.strip() for c in row)
    }
    ids.discard("")
    if len(ids) > 1:
        shown = ", ".join(sorted(ids)[:5])
        raise LogError(
            f"{name}: holds several students' ids in column {column!r} ({shown}); "
            "send one file per student"
        )
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([cell for i, cell in enumerate(row) if i != at])
    return (ids.pop() if ids else None), out.getvalue()


def _describe(exc: LogError, name: str) -> str:
    if isinstance(exc, CsvImportError):
        seen_columns = False
        reasons = []
        for line, reason in exc.problems[:5]:
            if "; columns are " in reason:  # say the expected columns once
                reason = reason.split("; columns are ")[0] if seen_columns else reason  # noqa: PLW2901
                seen_columns = True
            reasons.append(f"line {line}: {reason}")
        shown = "; ".join(reasons)
        more = f" (and {len(exc.problems) - 5} more)" if len(exc.problems) > 5 else ""
        return f"nothing was used from this file: {shown}{more}"
    return str(exc).removeprefix(f"{name}: ")


def _unexpected(exc: Exception) -> str:
    text = str(exc)
    if len(text) > 120:
        text = text[:100] + "..."
    return f"nothing was used from this file: it could not be read ({type(exc).__name__}: {text})"


def _mean(values: pd.Series) -> float | None:
    values = values.dropna().astype(float)
    return round(float(values.mean()), 1) if len(values) else None


def _summarize(
    student: str,
    files: int,
    frame: pd.DataFrame,
    targets: Mapping[str, int],
    *,
    start: date | None,
    end: date | None,
    catalog: Catalog,
) -> StudentSummary | None:
    """Summarise one student over their own period, or over ``start``-``end`` if given.

    Returns None when the student logged nothing within the chosen period.
    """
    days = adherence.pain_by_day(frame).index
    period_start = start or days.min().date()
    period_end = end or days.max().date()
    if start is not None or end is not None:
        day = pd.to_datetime(frame["day"]).dt.normalize()
        inside = (day >= pd.Timestamp(period_start)) & (day <= pd.Timestamp(period_end))
        frame = frame[inside.to_numpy()]
        if frame.empty:
            return None
    pain = adherence.pain_by_day(frame)  # one row per local day with any set
    table = adherence.sessions_vs_target(
        frame, catalog, targets=targets, start=period_start, end=period_end
    )
    planned = table[table["target"].notna()]
    done = planned["done"].clip(upper=planned["target"].astype("int64"))
    rated = pain["pain_before"].dropna()
    first_week = rated[rated.index < pd.Timestamp(period_start + timedelta(days=TREND_DAYS))]
    last_week = rated[rated.index > pd.Timestamp(period_end - timedelta(days=TREND_DAYS))]
    return StudentSummary(
        student=student,
        files=files,
        sets=len(frame),
        first_day=period_start,
        last_day=period_end,
        days_in_period=(period_end - period_start).days + 1,
        days_done=len(pain),
        sessions_done=int(done.sum()),
        sessions_target=int(planned["target"].sum()),
        pain_first=_mean(first_week) if len(rated) > 1 else None,
        pain_last=_mean(last_week) if len(rated) > 1 else None,
        sets_pain_worse=int(pain["worse"].sum()),
    )


def _import_file(
    name: str, content: bytes, logs: dict[str, SessionLog], tmp: Path, catalog: Catalog
) -> tuple[str, str | None]:
    """Import one file into its student's log; return (student, None) or ("", why not)."""
    try:
        text = bytes(content).decode("utf-8-sig")
        student_id, text = _split_id(text, name)
        student = student_id or _pseudonym(name)
        if student not in logs:
            logs[student] = SessionLog(tmp / f"{len(logs)}.sqlite3", exercise_ids=catalog.keys())
        with io.StringIO(text) as fh:
            fh.name = name
            logs[student].import_csv(fh)
    except UnicodeDecodeError:
        return "", "not a CSV file (not UTF-8 text)"
    except LogError as exc:
        return "", _describe(exc, name)
    except csv.Error as exc:
        return "", f"not readable as CSV ({exc})"
    except Exception as exc:  # noqa: BLE001 - one file must never sink the report
        _LOG.exception("class report: %s failed", name)
        return "", _unexpected(exc)
    return student, None


def summarize_files(
    files: Iterable[tuple[str, bytes]],
    *,
    catalog: Catalog | None = None,
    targets: Mapping[str, int] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> ClassReport:
    """Check and summarise students' CSV exports; a bad file is reported, the rest still count.

    Parameters
    ----------
    files : iterable of (name, bytes)
        Each file's name (the student's pseudonym unless it holds an id column) and contents.
        Files naming the same student are merged (rows in both are counted once).
    catalog : Catalog, optional
        The exercises rows may name, and the default daily targets.
    targets : mapping, optional
        Sessions a day per exercise (e.g. ``programme.daily_targets()``); default the
        catalogue's (its doses' times a day). Sessions are counted with the catalogue's doses.
    start, end : date, optional
        A period chosen for every student (either bound alone: from it, or up to it); default
        each student's own period, their first to their last logged day.

    Returns
    -------
    ClassReport
        A summary per student, sorted by name, and a problem per bad file.
    """
    catalog = load_catalog() if catalog is None else catalog
    targets = dict(targets) if targets is not None else adherence.daily_targets(catalog)
    problems: list[FileProblem] = []
    frames: dict[str, pd.DataFrame] = {}
    counts: dict[str, int] = {}
    files = list(files)
    if len(files) > MAX_CLASS_FILES:
        problems.append(
            FileProblem(
                f"{len(files) - MAX_CLASS_FILES} files", f"only {MAX_CLASS_FILES} files are read"
            )
        )
        files = files[:MAX_CLASS_FILES]
    with tempfile.TemporaryDirectory(prefix="backcare-class-") as tmp:
        logs: dict[str, SessionLog] = {}
        try:
            for name, content in files:
                if not name.lower().endswith(".csv"):
                    problems.append(FileProblem(name, "not a CSV file (expected a .csv export)"))
                    continue
                student, problem = _import_file(name, content, logs, Path(tmp), catalog)
                if problem is not None:
                    problems.append(FileProblem(name, problem))
                    continue
                counts[student] = counts.get(student, 0) + 1
            for student, log in logs.items():
                frame = log.to_dataframe()
                if len(frame):
                    frames[student] = frame
                elif student in counts:
                    problems.append(FileProblem(student, "holds no sets (only a header)"))
        finally:
            for log in logs.values():
                log.close()
    students = _summaries(
        frames, counts, targets, start=start, end=end, catalog=catalog, problems=problems
    )
    chosen = start is not None or end is not None
    last = max((adherence.pain_by_day(f).index.max().date() for f in frames.values()), default=None)
    return ClassReport(tuple(students), tuple(problems), end or last, start, chosen)


def _summaries(
    frames: Mapping[str, pd.DataFrame],
    counts: Mapping[str, int],
    targets: Mapping[str, int],
    *,
    start: date | None,
    end: date | None,
    catalog: Catalog,
    problems: list[FileProblem],
) -> list[StudentSummary]:
    """Summarise each student, by name; a student who cannot be summarised is a problem."""
    students = []
    for student in sorted(frames):
        try:
            summary = _summarize(
                student,
                counts[student],
                frames[student],
                targets,
                start=start,
                end=end,
                catalog=catalog,
            )
        except Exception as exc:  # noqa: BLE001 - one student must never sink the report
            _LOG.exception("class report: summarising %s failed", student)
            problems.append(FileProblem(student, _unexpected(exc)))
            continue
        if summary is None:
            problems.append(FileProblem(student, "logged no sets in the chosen period"))
            continue
        students.append(summary)
    return students
