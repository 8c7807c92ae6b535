"""The session log as CSV: export and import, with formula cells neutralised and every bad line named.

An import is all or nothing: every line is parsed (text to values) and checked as a row
(:func:`~backcare_widgets.data.log.rows.check_row`), and a file with any bad line imports
nothing, listing each line's number and reason. Rows carry a random ``uid`` that travels with
the export, so a class's merged exports (many people, overlapping files) import without
duplicates while two people's identical sets stay two rows; a row without one gets a uid derived
from its content, so importing the same file twice adds it once.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from backcare_widgets.data.log.rows import LogError, StoredRow, check_row
from backcare_widgets.data.reading import TooLargeError, read_limited
from backcare_widgets.data.records import excerpt

if TYPE_CHECKING:
    import os
    import sqlite3
    from collections.abc import Iterator

__all__ = [
    "CSV_COLUMNS",
    "MAX_CLASS_BYTES",
    "MAX_CLASS_FILES",
    "MAX_IMPORT_BYTES",
    "CsvImportError",
    "ImportSummary",
    "clash",
    "drop_held_sets",
    "neutralise_cell",
    "parse_csv",
    "read_source",
    "restore_cell",
    "write_csv",
]

MAX_IMPORT_BYTES = 10_000_000  # about 100k rows; far beyond a person's or a class's log
#: Exported logs one class report reads.
MAX_CLASS_FILES = 200
#: All files of one class upload together: a class's logs are a few MB; this keeps the kernel
#: (which reads them all at once) well within a shared server's memory.
MAX_CLASS_BYTES = 100_000_000
MAX_SHOWN_PROBLEMS = 25

CSV_COLUMNS = (
    "uid",
    "when",
    "exercise",
    "side",
    "set_number",
    "reps",
    "hold_seconds",
    "pain_before",
    "pain_after",
    "notes",
    "completed",
)
REQUIRED_CSV_COLUMNS = ("when", "exercise")
#: Digits a number cell may have (every column's limit is far shorter; Python refuses > 4300).
MAX_NUMBER_DIGITS = 18
#: OWASP "CSV Injection": a cell starting with one of these is run as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_INT_RE = re.compile(r"[+-]?\d+")
_UID_NAMESPACE = uuid.UUID("6f0b6c1e-2d7a-4a51-9a57-3c0e4b8f5d21")
_TRUE_CELLS = ("1", "true", "yes")
_FALSE_CELLS = ("0", "false", "no")
#: The stored columns, in the order of :meth:`StoredRow.values`.
STORED = (
    "when_us, utc_offset_s, exercise, side, set_number, reps, hold_seconds, "
    "pain_before, pain_after, notes, completed"
)


def _needs_quote(cell: str) -> bool:
    return cell.lstrip("'").startswith(FORMULA_STARTS)


def neutralise_cell(cell: object) -> object:
    """Make a text cell safe for a spreadsheet: prefix ``'`` to one that would run as a formula.

    OWASP's advice for CSV injection. Text already starting with quotes before such a
    character gets one more, so :func:`restore_cell` undoes exactly this and nothing else.
    """
    if isinstance(cell, str) and _needs_quote(cell):
        return "'" + cell
    return cell


def restore_cell(cell: str) -> str:
    """Undo :func:`neutralise_cell` (a ``'`` written before formula text); other text is kept."""
    if cell.startswith("'") and _needs_quote(cell[1:]):
        return cell[1:]
    return cell


class CsvImportError(LogError):
    """A CSV import found bad lines and imported nothing.

    Parameters
    ----------
    source
        What was imported (a path, or "uploaded CSV").
    problems
        Every bad line as ``(line_number, reason)``; the message shows the first few.
    """

    def __init__(self, source: str, problems: list[tuple[int, str]]) -> None:
        self.source = source
        self.problems = problems
        shown = [f"  line {line}: {reason}" for line, reason in problems[:MAX_SHOWN_PROBLEMS]]
        if len(problems) > MAX_SHOWN_PROBLEMS:
            shown.append(f"  ... and {len(problems) - MAX_SHOWN_PROBLEMS} more (see .problems)")
        lines = len({line for line, _ in problems})
        super().__init__(
            f"{source}: nothing was imported; {lines} bad line(s):\n" + "\n".join(shown)
        )


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did: rows added, and rows skipped because the log already had them."""

    added: int
    skipped: int


#: Fields that may differ while a row is still the same set: a spreadsheet re-saves the time in
#: its own zone (the instant is unchanged), and a person may edit a note.
_SAME_SET_IGNORES = frozenset({"utc_offset_s", "notes"})


def _differences(kept: StoredRow, other: StoredRow) -> list[str]:
    """Name each field in which two rows with one uid differ, e.g. "reps: 5 in the log, 6 here"."""
    names = [f.name for f in dataclasses.fields(StoredRow)]
    return [
        f"{name}: {excerpt(getattr(kept, name))} in the log, {excerpt(getattr(other, name))} here"
        for name in names
        if name not in _SAME_SET_IGNORES and getattr(kept, name) != getattr(other, name)
    ]


def clash(uid: str, kept: StoredRow, other: StoredRow, where: str) -> str | None:
    """Return why a row cannot join the one with its uid, or None if it is the same set."""
    differences = _differences(kept, other)
    if not differences:
        return None
    return (
        f"uid {uid} is {where} with other values, so it is another set under the same uid: "
        + "; ".join(differences)
        + " (give the row an empty uid to import it as a new set)"
    )


def _set_key(row: StoredRow) -> tuple[Any, ...]:
    """Return what makes a row without a uid the set it is: every field but its zone offset.

    Notes count here (unlike for rows with a uid): without a uid, two rows that differ only in
    their notes may be two sets, and both are kept.
    """
    return tuple(
        getattr(row, f.name) for f in dataclasses.fields(StoredRow) if f.name != "utc_offset_s"
    )


def _content_uid(row: StoredRow, occurrence: int) -> str:
    """Derive a stable uid for a CSV row without one, so importing it twice adds it once."""
    # without ``completed``: a file imported before schema v3 keeps the uids it was given then
    return str(uuid.uuid5(_UID_NAMESPACE, repr((row.values()[:10], occurrence))))


# --------------------------------------------------------------------------- CSV parsing


def read_source(
    source: str | os.PathLike[str] | bytes | bytearray | memoryview | IO[Any], max_bytes: int
) -> tuple[str, str]:
    """Return (label, text) of a CSV given as a path, bytes or an open file, within max_bytes."""
    try:
        label, data = read_limited(source, max_bytes, name="uploaded CSV")
    except TooLargeError as exc:
        raise LogError(
            f"{exc} Split it into smaller files, or pass a larger max_bytes= to import_csv."
        ) from None
    except OSError as exc:
        raise LogError(f"cannot read {source!s}: {exc}") from exc
    except TypeError:
        raise LogError(f"import_csv needs a path, bytes or an open file, got {source!r}") from None
    if isinstance(data, str):
        return label, data
    try:
        return label, data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CsvImportError(
            label, [(line, f"is not UTF-8 text (byte {data[exc.start]:#04x}); save as UTF-8")]
        ) from None


def _parse_cell_int(problems: list[str], name: str, cell: str) -> object:
    text = cell.strip()
    if not text:
        return None
    if _INT_RE.fullmatch(text):
        digits = len(text.lstrip("+-"))
        if digits <= MAX_NUMBER_DIGITS:
            return int(text)
        problems.append(f"{name} is a number with {digits:,} digits, far too long to be a {name}")
        return _INVALID
    problems.append(f"{name} must be a whole number, got {excerpt(cell)}")
    return _INVALID


def _parse_cell_when(problems: list[str], cell: str) -> object:
    text = cell.strip()
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        problems.append(
            f"when must be an ISO 8601 time with a UTC offset "
            f"(e.g. 2026-05-01T08:30:00+02:00), got {excerpt(cell)}"
        )
        return _INVALID


_INVALID = object()


_SEPARATORS = ((";", "semicolons (;)"), ("\t", "tabs"))


def _separator_problem(header: list[str]) -> str | None:
    """Say so when the columns are split by another separator (a spreadsheet's regional CSV)."""
    if len(header) != 1:
        return None
    for separator, called in _SEPARATORS:
        names = [name.strip() for name in header[0].split(separator)]
        if len(names) > 1 and set(REQUIRED_CSV_COLUMNS) <= set(names):
            return (
                f"the columns are separated by {called}, but the workbook reads CSV with commas "
                "between columns. Import the file your progress page downloaded, unchanged; or "
                "in your spreadsheet choose 'Save as' > 'CSV UTF-8 (comma delimited)' (in "
                "LibreOffice tick 'Edit filter settings' and pick the comma as field delimiter)"
            )
    return None


def _check_header_row(header: list[str]) -> list[str]:
    if separator := _separator_problem(header):
        return [separator]
    problems = []
    names = [name.strip() for name in header]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"column {excerpt(name)} appears more than once")
    for name in names:
        if name not in CSV_COLUMNS:
            close = difflib.get_close_matches(name[:100], CSV_COLUMNS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(
                f"unknown column {excerpt(name)}{hint}; columns are {', '.join(CSV_COLUMNS)}"
            )
    problems.extend(
        f"required column {name!r} is missing" for name in REQUIRED_CSV_COLUMNS if name not in names
    )
    return problems


def _parse_record(
    cells: dict[str, str], known: frozenset[str], now: datetime
) -> tuple[StoredRow | None, str | None, list[str]]:
    """Turn one CSV record into (row, uid or None, problems), reporting every bad cell."""
    problems: list[str] = []
    uid: str | None = None
    raw_uid = cells.get("uid", "").strip()
    if raw_uid:
        try:
            uid = str(uuid.UUID(raw_uid))
        except ValueError:
            problems.append(f"uid must be a UUID or empty, got {excerpt(raw_uid)}")
    when = _parse_cell_when(problems, cells["when"])
    ints = {
        name: _parse_cell_int(problems, name, cells.get(name, ""))
        for name in ("set_number", "reps", "hold_seconds", "pain_before", "pain_after")
    }
    if ints["set_number"] is None:
        ints["set_number"] = 1
    # a cell that did not parse is reported once; a valid stand-in lets the rest be checked
    stand_in = {"set_number": 1}
    ints = {k: stand_in.get(k) if v is _INVALID else v for k, v in ints.items()}
    completed_cell = cells.get("completed", "").strip().lower()
    completed: bool | None = None
    if completed_cell in _TRUE_CELLS or completed_cell in _FALSE_CELLS:
        completed = completed_cell in _TRUE_CELLS
    elif completed_cell:
        problems.append(f"completed must be true, false or empty, got {cells['completed']!r}")
    row, more = check_row(
        known,
        when=now if when is _INVALID else when,
        exercise=cells["exercise"].strip(),
        side=cells.get("side", "").strip() or None,
        notes=cells.get("notes", ""),
        now=now,
        completed=completed,
        **ints,
    )
    problems.extend(more)
    return (None if problems else row), uid, problems


def _read_header(reader: Iterator[list[str]], label: str) -> list[str]:
    """Read and check the header row; return the column names."""
    try:
        header = next(reader)
    except StopIteration:
        expected = ",".join(CSV_COLUMNS)
        raise CsvImportError(
            label, [(1, f"the file is empty; expected a header: {expected}")]
        ) from None
    except csv.Error as exc:
        raise CsvImportError(label, [(1, f"not readable as CSV: {exc}")]) from None
    header_problems = _check_header_row(header)
    if header_problems:
        raise CsvImportError(label, [(1, p) for p in header_problems])
    return [name.strip() for name in header]


def parse_csv(
    label: str, text: str, known: frozenset[str], now: datetime
) -> tuple[dict[str, tuple[int, StoredRow]], int, dict[str, int]]:
    """Parse and check a whole CSV: return its rows by uid, repeats, and uid-less occurrences.

    The rows are ``{uid: (line, row)}``; for each row without a uid in the file, the third
    value says which occurrence of its set (:func:`_set_key`) it is.

    Raises CsvImportError listing every bad line, so nothing is imported from a flawed file.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    names = _read_header(reader, label)
    problems: list[tuple[int, str]] = []
    parsed: dict[str, tuple[int, StoredRow]] = {}
    occurrences: dict[StoredRow, int] = {}
    set_occurrences: dict[tuple[Any, ...], int] = {}
    uidless: dict[str, int] = {}
    duplicates = 0
    while True:
        line = reader.line_num + 1  # where the next record starts (notes may span lines)
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append((line, f"not readable as CSV ({exc}); stopped reading here"))
            break
        if not record or (len(record) == 1 and not record[0].strip()):
            continue  # a blank line
        if len(record) != len(names):
            problems.append((line, f"has {len(record)} fields, the header has {len(names)}"))
            continue
        cells = dict(zip(names, map(restore_cell, record), strict=True))
        row, uid, row_problems = _parse_record(cells, known, now)
        if row is None:
            problems.extend((line, p) for p in row_problems)
            continue
        if uid is None:
            occurrences[row] = occurrences.get(row, 0) + 1
            uid = _content_uid(row, occurrences[row])
            key = _set_key(row)
            set_occurrences[key] = set_occurrences.get(key, 0) + 1
            uidless.setdefault(uid, set_occurrences[key])
        if uid in parsed:
            first_line, first = parsed[uid]
            if why := clash(uid, first, row, f"also on line {first_line}"):
                problems.append((line, why.replace(" in the log,", f" on line {first_line},")))
            duplicates += 1
            continue
        parsed[uid] = (line, row)
    if problems:
        raise CsvImportError(label, problems)
    return parsed, duplicates, uidless


def write_csv(fh: IO[str], rows: list[tuple[Any, ...]]) -> None:
    """Write rows (``uid`` then the :data:`STORED` columns) as CSV, formula cells neutralised."""
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for uid, *stored in rows:
        row = StoredRow(*stored)
        writer.writerow(
            neutralise_cell(cell)
            for cell in (
                uid,
                row.when().isoformat(),
                row.exercise,
                row.side or "",
                row.set_number,
                *("" if v is None else v for v in stored[5:9]),
                row.notes,
                "true" if row.completed else "false",
            )
        )


def drop_held_sets(
    conn: sqlite3.Connection, parsed: dict[str, tuple[int, StoredRow]], uidless: dict[str, int]
) -> int:
    """Drop rows without a uid whose set the log already holds; return how many were dropped.

    The same set written again by a spreadsheet in another time zone gets another content uid;
    it is still that set. The n-th such row of a file is dropped if
    the log holds at least n rows of that set (two identical sets stay two).
    """
    pending = {uid: parsed[uid] for uid in uidless if uid in parsed}
    if not pending:
        return 0
    instants = sorted({row.when_us for _, row in pending.values()})
    held: dict[tuple[Any, ...], int] = {}
    for i in range(0, len(instants), 500):
        chunk = instants[i : i + 500]
        sql = f"SELECT {STORED} FROM entries WHERE when_us IN ({','.join('?' * len(chunk))})"
        for stored in conn.execute(sql, chunk):
            key = _set_key(StoredRow(*stored))
            held[key] = held.get(key, 0) + 1
    dropped = 0
    for uid, (_, row) in pending.items():
        if uidless[uid] <= held.get(_set_key(row), 0):
            del parsed[uid]
            dropped += 1
    return dropped
