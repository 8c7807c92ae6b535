"""The session log: one row per completed set, kept in SQLite, read back as a pandas DataFrame.

SQLite (standard library) because the log must survive a killed kernel and two browser tabs
writing at once: every write is one transaction in WAL mode with a busy timeout, and the file
carries its schema version (``PRAGMA user_version``) so a newer file is refused, never rewritten.
Every row is validated before it is written; a refused row leaves the log unchanged.

Rows carry a random ``uid`` besides their local integer id. The uid travels with CSV exports,
so a class's merged exports (many people, overlapping files) import without duplicates while two
people's identical sets stay two rows; content-based uniqueness would merge those.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import difflib
import io
import operator
import os
import re
import shutil
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    import pandas as pd

__all__ = [
    "CSV_COLUMNS",
    "SCHEMA_VERSION",
    "CsvImportError",
    "ImportSummary",
    "LogError",
    "LogStorageError",
    "SessionLog",
    "default_log_path",
]

SCHEMA_VERSION = 3
APPLICATION_ID = 0x42434C47  # "BCLG": marks the file as a BackCare session log
DATA_DIR_ENV = "BACKCARE_DATA_DIR"
DEFAULT_FILENAME = "session_log.sqlite3"
BUSY_TIMEOUT_MS = 30_000
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
SIDES = ("left", "right")
MAX_SET_NUMBER = 1_000
MAX_REPS = 10_000
MAX_HOLD_SECONDS = 86_400
MAX_NOTES_CHARS = 10_000
FUTURE_TOLERANCE = timedelta(days=1)
#: The earliest time a row may carry: no person logged a set before the workbook's exercises
#: were written down, and a year-1 date broke every export and chart (it cannot be shown).
EARLIEST_WHEN = datetime(2000, 1, 1, tzinfo=UTC)
#: Longest value quoted in a message (a 128 KB cell must not be echoed back whole).
MAX_QUOTED_CHARS = 40
#: Digits a number cell may have (every column's limit is far shorter; Python refuses > 4300).
MAX_NUMBER_DIGITS = 18
#: OWASP "CSV Injection": a cell starting with one of these is run as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_SQLITE_MAGIC = b"SQLite format 3\x00"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_DAY_US = 86_400_000_000
_INT_RE = re.compile(r"[+-]?\d+")
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
_UID_NAMESPACE = uuid.UUID("6f0b6c1e-2d7a-4a51-9a57-3c0e4b8f5d21")
_STORED = (
    "when_us, utc_offset_s, exercise, side, set_number, reps, hold_seconds, "
    "pain_before, pain_after, notes, completed"
)
_INSERT = f"INSERT INTO entries (uid, {_STORED}) VALUES ({', '.join('?' * 12)})"
#: How the guided session marks a set it did not finish; rows from before schema v3 (which had
#: no ``completed`` column) and CSV files without one are read as completed unless it is there.
STOPPED_EARLY = "Stopped early"
_TRUE_CELLS = ("1", "true", "yes")
_FALSE_CELLS = ("0", "false", "no")


def completed_from_notes(notes: str) -> bool:
    """Whether a row without a ``completed`` value was a set done in full (read from its notes)."""
    return STOPPED_EARLY.lower() not in notes.lower()


class LogError(ValueError):
    """The session log refused a row, a file or a request; the message says what and why."""


class LogStorageError(LogError):
    """The log's file could not be written or read (disk full, read-only, locked, damaged).

    Nothing of the failed call was written; what was asked can be tried again once the cause
    (say, a full disk) is fixed.
    """


def _excerpt(value: object) -> str:
    """Quote a value for a message, cut to a short excerpt so a huge cell is not echoed whole."""
    text = repr(value)
    if len(text) <= MAX_QUOTED_CHARS:
        return text
    return f"{text[: MAX_QUOTED_CHARS - 6]}...{text[-3:]} ({len(str(value)):,} characters)"


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


def _disk_full(path: Path) -> bool:
    """Tell whether the file system holding ``path`` has (next to) no room left."""
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def _storage_message(path: Path, exc: sqlite3.Error) -> str:
    text = str(exc)
    if "full" in text.lower() or _disk_full(path):
        return (
            f"the disk holding your log is full, so nothing was written: free some space, then "
            f"try again (log {path}; {text})"
        )
    if "readonly" in text.lower() or "read-only" in text.lower():
        return f"the log {path} cannot be written ({text}), so nothing was written."
    return f"the log {path} could not be used ({text}), so nothing was written. Try again."


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


@dataclass(frozen=True, slots=True)
class _Row:
    """A validated row, in the form it is stored (UTC microseconds plus the original offset)."""

    when_us: int
    utc_offset_s: int
    exercise: str
    side: str | None
    set_number: int
    reps: int | None
    hold_seconds: int | None
    pain_before: int | None
    pain_after: int | None
    notes: str
    completed: bool = True

    def values(self) -> tuple[Any, ...]:
        return (
            self.when_us,
            self.utc_offset_s,
            self.exercise,
            self.side,
            self.set_number,
            self.reps,
            self.hold_seconds,
            self.pain_before,
            self.pain_after,
            self.notes,
            self.completed,
        )

    def when(self) -> datetime:
        tz = timezone(timedelta(seconds=self.utc_offset_s))
        return (_EPOCH + timedelta(microseconds=self.when_us)).astimezone(tz)


# --------------------------------------------------------------------------- validation


def _check_int(
    problems: list[str], name: str, value: object, low: int, high: int, *, optional: bool
) -> int | None:
    if value is None and optional:
        return None
    expected = f"{name} must be a whole number from {low} to {high}"
    if optional:
        expected += " or None"
    if isinstance(value, bool):
        problems.append(f"{expected}, got {_excerpt(value)}")
        return None
    try:
        # any object may come in: operator.index's TypeError is the check that it is a whole number
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        problems.append(f"{expected}, got {_excerpt(value)}")
        return None
    if not low <= number <= high:
        problems.append(f"{expected}, got {_excerpt(number)}")
        return None
    return number


def _check_when(problems: list[str], value: object, now: datetime) -> tuple[int, int] | None:
    if not isinstance(value, datetime):
        problems.append(f"when must be a timezone-aware datetime, got {value!r}")
        return None
    try:
        offset = value.utcoffset()
        if offset is None:
            problems.append(
                "when must be timezone-aware (with a UTC offset such as +02:00), "
                f"got the naive time {value.isoformat()!r}"
            )
            return None
        if offset % timedelta(seconds=1):
            problems.append(f"when has a UTC offset that is not whole seconds: {value!r}")
            return None
        if value - now > FUTURE_TOLERANCE or value < EARLIEST_WHEN:
            problems.append(
                f"when must be from {EARLIEST_WHEN:%Y-%m-%d} to tomorrow (a set cannot be logged "
                f"for a time outside that), got {value.isoformat()!r}"
            )
            return None
        return (value - _EPOCH) // _US, int(offset.total_seconds())
    except (TypeError, ValueError, OverflowError) as exc:
        problems.append(f"when is not a usable datetime ({exc}): {value!r}")
        return None


def _validate(
    known: frozenset[str],
    *,
    when: object,
    exercise: object,
    side: object,
    set_number: object,
    reps: object,
    hold_seconds: object,
    pain_before: object,
    pain_after: object,
    notes: object,
    now: datetime,
    completed: object = None,
) -> tuple[_Row | None, list[str]]:
    """Check every field and return the stored row, or every problem found."""
    problems: list[str] = []
    stamp = _check_when(problems, when, now)
    if not isinstance(exercise, str) or exercise not in known:
        problems.append(
            f"exercise {_excerpt(exercise)} is not in the catalogue (known: {', '.join(sorted(known))})"
        )
    if side is not None and side not in SIDES:
        problems.append(f"side must be None, 'left' or 'right', got {_excerpt(side)}")
    checked_set = _check_int(problems, "set_number", set_number, 1, MAX_SET_NUMBER, optional=False)
    checked_reps = _check_int(problems, "reps", reps, 0, MAX_REPS, optional=True)
    checked_hold = _check_int(
        problems, "hold_seconds", hold_seconds, 0, MAX_HOLD_SECONDS, optional=True
    )
    checked_before = _check_int(problems, "pain_before", pain_before, 0, 10, optional=True)
    checked_after = _check_int(problems, "pain_after", pain_after, 0, 10, optional=True)
    if not isinstance(notes, str):
        problems.append(f"notes must be a string, got {notes!r}")
    elif len(notes) > MAX_NOTES_CHARS:
        problems.append(f"notes must be at most {MAX_NOTES_CHARS} characters, got {len(notes)}")
    else:
        try:
            notes.encode("utf-8")
        except UnicodeEncodeError as exc:
            problems.append(f"notes contain a character that is not valid text ({exc.reason})")
    if completed is not None and not isinstance(completed, bool):
        problems.append(f"completed must be True, False or None, got {completed!r}")
    if problems or stamp is None or checked_set is None:
        return None, problems
    return (
        _Row(
            stamp[0],
            stamp[1],
            str(exercise),
            side,  # type: ignore[arg-type]  # checked against SIDES above ('in' does not narrow)
            checked_set,
            checked_reps,
            checked_hold,
            checked_before,
            checked_after,
            str(notes),
            completed_from_notes(str(notes)) if completed is None else bool(completed),
        ),
        [],
    )


#: Fields that may differ while a row is still the same set: a spreadsheet re-saves the time in
#: its own zone (the instant is unchanged), and a person may edit a note.
_SAME_SET_IGNORES = frozenset({"utc_offset_s", "notes"})


def _differences(kept: _Row, other: _Row) -> list[str]:
    """Name each field in which two rows with one uid differ, e.g. "reps: 5 in the log, 6 here"."""
    names = [f.name for f in dataclasses.fields(_Row)]
    return [
        f"{name}: {_excerpt(getattr(kept, name))} in the log, {_excerpt(getattr(other, name))} here"
        for name in names
        if name not in _SAME_SET_IGNORES and getattr(kept, name) != getattr(other, name)
    ]


def _clash(uid: str, kept: _Row, other: _Row, where: str) -> str | None:
    """Return why a row cannot join the one with its uid, or None if it is the same set."""
    differences = _differences(kept, other)
    if not differences:
        return None
    return (
        f"uid {uid} is {where} with other values, so it is another set under the same uid: "
        + "; ".join(differences)
        + " (give the row an empty uid to import it as a new set)"
    )


def _set_key(row: _Row) -> tuple[Any, ...]:
    """Return what makes a row without a uid the set it is: every field but its zone offset.

    Notes count here (unlike for rows with a uid): without a uid, two rows that differ only in
    their notes may be two sets, and both are kept.
    """
    return tuple(getattr(row, f.name) for f in dataclasses.fields(_Row) if f.name != "utc_offset_s")


def _content_uid(row: _Row, occurrence: int) -> str:
    """Derive a stable uid for a CSV row without one, so importing it twice adds it once."""
    # without ``completed``: a file imported before schema v3 keeps the uids it was given then
    return str(uuid.uuid5(_UID_NAMESPACE, repr((row.values()[:10], occurrence))))


# --------------------------------------------------------------------------- files


def default_log_path() -> Path:
    """Return where the log lives unless told otherwise.

    ``$BACKCARE_DATA_DIR/session_log.sqlite3`` if that variable is set (tests, Binder, shared
    machines), else the per-user data directory from platformdirs.
    """
    env = os.environ.get(DATA_DIR_ENV, "").strip()
    if env:
        return Path(env).expanduser() / DEFAULT_FILENAME
    import platformdirs  # only needed when no path is given

    return Path(platformdirs.user_data_dir("backcare-workbook", appauthor=False)) / DEFAULT_FILENAME


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite touches it."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise LogError(f"cannot read the session log {path}: {exc}") from exc
    if head and head != _SQLITE_MAGIC:
        raise LogError(
            f"{path} is not a SQLite database (it starts with {head!r}), so it is not a session "
            "log. It was left untouched: move it away or pass another path."
        )


def _migrate_1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            when_us INTEGER NOT NULL,
            utc_offset_s INTEGER NOT NULL,
            exercise TEXT NOT NULL,
            side TEXT CHECK (side IN ('left', 'right')),
            set_number INTEGER NOT NULL CHECK (set_number >= 1),
            reps INTEGER CHECK (reps >= 0),
            hold_seconds INTEGER CHECK (hold_seconds >= 0),
            pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            notes TEXT NOT NULL DEFAULT ''
        )"""
    )
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _migrate_2(conn: sqlite3.Connection) -> None:
    """Give every row a uid, so imports can tell a row they already hold."""
    conn.execute("ALTER TABLE entries ADD COLUMN uid TEXT")
    ids = [row[0] for row in conn.execute("SELECT id FROM entries WHERE uid IS NULL")]
    conn.executemany(
        "UPDATE entries SET uid = ? WHERE id = ?", [(str(uuid.uuid4()), i) for i in ids]
    )
    conn.execute("CREATE UNIQUE INDEX entries_uid ON entries (uid)")
    conn.execute("CREATE INDEX entries_when ON entries (when_us)")


def _migrate_3(conn: sqlite3.Connection) -> None:
    """Store whether each set was done in full; older rows say so only in their notes."""
    conn.execute(
        "ALTER TABLE entries ADD COLUMN completed INTEGER NOT NULL DEFAULT 1 "
        "CHECK (completed IN (0, 1))"
    )
    conn.execute(
        "UPDATE entries SET completed = 0 WHERE instr(lower(notes), lower(?)) > 0",
        (STOPPED_EARLY,),
    )


# version -> step that upgrades the schema from version - 1 (a new file runs them all)
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _migrate_1,
    2: _migrate_2,
    3: _migrate_3,
}


def _pragma(conn: sqlite3.Connection, name: str) -> int:
    return int(conn.execute(f"PRAGMA {name}").fetchone()[0])


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse newer schemas and other programs' databases before anything is written."""
    version = _pragma(conn, "user_version")
    app_id = _pragma(conn, "application_id")
    if version > SCHEMA_VERSION:
        raise LogError(
            f"{path} was written by a newer BackCare Workbook (log schema version {version}; "
            f"this version reads up to {SCHEMA_VERSION}). It was left untouched: update "
            "backcare-widgets to open it."
        )
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and (version or tables)):
        raise LogError(
            f"{path} is a SQLite database but not a BackCare session log. It was left "
            "untouched: pass another path."
        )


def _open(path: Path) -> sqlite3.Connection:
    _check_header(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LogError(f"cannot create the folder for the session log {path}: {exc}") from exc
    try:
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise LogError(f"cannot open the session log {path}: {exc}") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _refuse_foreign(conn, path)
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed set survives a power cut too, not only a killed kernel
        conn.execute("PRAGMA synchronous = FULL")
        if _pragma(conn, "user_version") < SCHEMA_VERSION:
            conn.execute("BEGIN IMMEDIATE")
            try:
                _refuse_foreign(conn, path)  # another process may have migrated meanwhile
                for version in range(_pragma(conn, "user_version") + 1, SCHEMA_VERSION + 1):
                    MIGRATIONS[version](conn)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
    except LogError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        if _disk_full(path):
            raise LogStorageError(_storage_message(path, exc)) from exc
        raise LogError(f"cannot open {path} as a session log: {exc}") from exc
    return conn


# --------------------------------------------------------------------------- CSV parsing


def _read_source(
    source: str | os.PathLike[str] | bytes | bytearray | memoryview | IO[Any], max_bytes: int
) -> tuple[str, str]:
    """Return (label, text) of a CSV given as a path, bytes or an open file, within max_bytes."""
    too_big = (
        "{label} is larger than the import limit of {limit:.0f} MB. Split it into smaller "
        "files, or pass a larger max_bytes= to import_csv."
    )
    limit = max_bytes / 1e6
    data: bytes | str
    if isinstance(source, bytes | bytearray | memoryview):
        label, data = "uploaded CSV", bytes(source)
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        label = str(path)
        try:
            if path.stat().st_size > max_bytes:
                raise LogError(too_big.format(label=label, limit=limit))
            with path.open("rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise LogError(f"cannot read {label}: {exc}") from exc
    elif hasattr(source, "read"):
        label = str(getattr(source, "name", "uploaded CSV"))
        data = source.read(max_bytes + 1)
    else:
        raise LogError(f"import_csv needs a path, bytes or an open file, got {source!r}")
    if len(data) > max_bytes:
        raise LogError(too_big.format(label=label, limit=limit))
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
    problems.append(f"{name} must be a whole number, got {_excerpt(cell)}")
    return _INVALID


def _parse_cell_when(problems: list[str], cell: str) -> object:
    text = cell.strip()
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        problems.append(
            f"when must be an ISO 8601 time with a UTC offset "
            f"(e.g. 2026-05-01T08:30:00+02:00), got {_excerpt(cell)}"
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
        problems.append(f"column {_excerpt(name)} appears more than once")
    for name in names:
        if name not in CSV_COLUMNS:
            close = difflib.get_close_matches(name[:100], CSV_COLUMNS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(
                f"unknown column {_excerpt(name)}{hint}; columns are {', '.join(CSV_COLUMNS)}"
            )
    problems.extend(
        f"required column {name!r} is missing" for name in REQUIRED_CSV_COLUMNS if name not in names
    )
    return problems


def _parse_record(
    cells: dict[str, str], known: frozenset[str], now: datetime
) -> tuple[_Row | None, str | None, list[str]]:
    """Turn one CSV record into (row, uid or None, problems), reporting every bad cell."""
    problems: list[str] = []
    uid: str | None = None
    raw_uid = cells.get("uid", "").strip()
    if raw_uid:
        try:
            uid = str(uuid.UUID(raw_uid))
        except ValueError:
            problems.append(f"uid must be a UUID or empty, got {_excerpt(raw_uid)}")
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
    row, more = _validate(
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


def _bound_us(name: str, bound: object) -> int:
    """Return a filter bound in UTC microseconds (a date: its midnight, as if in UTC)."""
    if isinstance(bound, datetime):
        if bound.utcoffset() is None:
            raise LogError(f"{name} must be timezone-aware, got {bound.isoformat()!r}")
        return (bound - _EPOCH) // _US
    if isinstance(bound, date):
        return (bound - date(1970, 1, 1)).days * _DAY_US
    raise LogError(f"{name} must be a date or an aware datetime, got {bound!r}")


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


def _parse_csv(
    label: str, text: str, known: frozenset[str], now: datetime
) -> tuple[dict[str, tuple[int, _Row]], int, dict[str, int]]:
    """Parse and check a whole CSV: return its rows by uid, repeats, and uid-less occurrences.

    The rows are ``{uid: (line, row)}``; for each row without a uid in the file, the third
    value says which occurrence of its set (:func:`_set_key`) it is.

    Raises CsvImportError listing every bad line, so nothing is imported from a flawed file.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    names = _read_header(reader, label)
    problems: list[tuple[int, str]] = []
    parsed: dict[str, tuple[int, _Row]] = {}
    occurrences: dict[_Row, int] = {}
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
            if clash := _clash(uid, first, row, f"also on line {first_line}"):
                problems.append((line, clash.replace(" in the log,", f" on line {first_line},")))
            duplicates += 1
            continue
        parsed[uid] = (line, row)
    if problems:
        raise CsvImportError(label, problems)
    return parsed, duplicates, uidless


# --------------------------------------------------------------------------- the log


class SessionLog:
    """The session log: append validated rows, read them as a DataFrame, move them as CSV.

    Parameters
    ----------
    path
        The SQLite file (created if missing), or a folder to keep ``session_log.sqlite3`` in: an
        existing folder, or a path written with a trailing slash (the folder is created).
        Default: :func:`default_log_path` (``$BACKCARE_DATA_DIR`` or the per-user data folder).
    exercise_ids
        The exercise ids a row may name. Default: the ids of the catalogue.

    Raises
    ------
    LogError
        If the file is not a SQLite database, belongs to another program or was written by a
        newer version; such a file is never modified.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        exercise_ids: Iterable[str] | None = None,
    ) -> None:
        resolved = default_log_path() if path is None else Path(path).expanduser()
        # "logs/" names a folder even before it exists (Path() would drop the slash)
        as_folder = isinstance(path, str) and path.endswith(("/", os.sep))
        if resolved.is_dir() or as_folder:
            resolved /= DEFAULT_FILENAME
        self.path = resolved
        if exercise_ids is None:
            from backcare_widgets.data.catalog import load_catalog  # lazy: pandas-free pages

            exercise_ids = load_catalog().keys()
        if isinstance(exercise_ids, str):
            raise LogError(f"exercise_ids must be a collection of ids, got {exercise_ids!r}")
        ids = frozenset(exercise_ids)
        bad = [i for i in ids if not isinstance(i, str) or not i]
        if bad or not ids:
            raise LogError(f"exercise_ids must be non-empty strings, got {sorted(map(repr, ids))}")
        self.exercise_ids: frozenset[str] = ids
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        self._recorded: list[int] = []  # ids recorded through this object, for undo_last
        self._connection()  # open now, so a bad file is reported at once

    def __repr__(self) -> str:
        return f"SessionLog({str(self.path)!r})"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database connection (the next call opens it again)."""
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None

    def _connection(self) -> sqlite3.Connection:
        # a connection must not cross fork(); a forked child opens its own
        if self._conn is None or self._pid != os.getpid():
            self._conn = _open(self.path)
            self._pid = os.getpid()
        return self._conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """Run the block as one write transaction, taking the write lock up front.

        A storage failure (disk full, read-only file) rolls back and becomes a
        :class:`LogStorageError`: the caller never sees a raw ``sqlite3`` error.
        """
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise LogStorageError(
                        f"the session log {self.path} is busy, try again: {exc}"
                    ) from exc
                raise LogStorageError(_storage_message(self.path, exc)) from exc
            except sqlite3.Error as exc:
                raise LogStorageError(_storage_message(self.path, exc)) from exc
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise LogStorageError(_storage_message(self.path, exc)) from exc
                raise

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and the connection for a read; a storage failure becomes a LogError."""
        with self._lock:
            conn = self._connection()
            try:
                yield conn
            except sqlite3.Error as exc:
                raise LogStorageError(
                    f"the log {self.path} could not be read ({exc}). Try again."
                ) from exc

    def __bool__(self) -> bool:
        return True  # an empty log is still a log (``if log:`` must not depend on its rows)

    def __len__(self) -> int:
        with self._reading() as conn:
            return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])

    # ------------------------------------------------------------------ writing

    def record(
        self,
        exercise: str,
        *,
        side: str | None = None,
        set_number: int = 1,
        reps: int | None = None,
        hold_seconds: int | None = None,
        pain_before: int | None = None,
        pain_after: int | None = None,
        notes: str = "",
        when: datetime | None = None,
        completed: bool | None = None,
    ) -> int:
        """Validate and append one completed set; return its row id.

        Parameters
        ----------
        exercise
            A catalogue exercise id.
        side
            ``None``, ``"left"`` or ``"right"``.
        set_number
            Which set of the session this was, from 1.
        reps, hold_seconds
            Repetitions done and seconds held (whole numbers >= 0), if counted.
        pain_before, pain_after
            Pain on the 0-10 scale before and after the set, if asked.
        notes
            Free text, stored verbatim (pages must escape it).
        when
            A timezone-aware time; default now, in the machine's local offset.
        completed
            Whether the set was done in full; default: unless the notes say "Stopped early".

        Raises
        ------
        LogError
            Naming every bad field and its value; nothing is written.
        """
        now = datetime.now(UTC)
        row, problems = _validate(
            self.exercise_ids,
            when=now.astimezone() if when is None else when,
            exercise=exercise,
            side=side,
            set_number=set_number,
            reps=reps,
            hold_seconds=hold_seconds,
            pain_before=pain_before,
            pain_after=pain_after,
            notes=notes,
            now=now,
            completed=completed,
        )
        if row is None:
            raise LogError("row not recorded: " + "; ".join(problems))
        with self._write() as conn:
            cursor = conn.execute(
                _INSERT,
                (str(uuid.uuid4()), *row.values()),
            )
            row_id = int(cursor.lastrowid or 0)
        self._recorded.append(row_id)
        return row_id

    def delete(self, row_id: int) -> None:
        """Remove one row by id (for a set logged by mistake).

        Raises
        ------
        LogError
            If there is no such row.
        """
        if isinstance(row_id, bool) or not isinstance(row_id, int):
            raise LogError(f"row_id must be an int, got {row_id!r}")
        with self._write() as conn:
            removed = conn.execute("DELETE FROM entries WHERE id = ?", (row_id,)).rowcount
        with contextlib.suppress(ValueError):
            self._recorded.remove(row_id)
        if not removed:
            raise LogError(f"no row with id {row_id} in {self.path}")

    def remove(self, row_id: int) -> dict[str, Any]:
        """Remove one row and return it whole (every stored column), so :meth:`restore` can undo.

        Raises
        ------
        LogError
            If there is no such row; nothing is removed.
        """
        if isinstance(row_id, bool) or not isinstance(row_id, int):
            raise LogError(f"row_id must be an int, got {_excerpt(row_id)}")
        with self._write() as conn:
            cursor = conn.execute("SELECT * FROM entries WHERE id = ?", (row_id,))
            found = cursor.fetchone()
            if found is None:
                raise LogError(f"no row with id {row_id} in {self.path}")
            conn.execute("DELETE FROM entries WHERE id = ?", (row_id,))
        with contextlib.suppress(ValueError):
            self._recorded.remove(row_id)
        return dict(zip([d[0] for d in cursor.description], found, strict=True))

    def restore(self, removed: dict[str, Any]) -> int:
        """Put back a row :meth:`remove` returned, with its id and uid; return its id.

        Raises
        ------
        LogError
            If a row with its id or uid is in the log again (say, imported meanwhile).
        """
        names = list(removed)
        if not names or not all(_IDENTIFIER.fullmatch(name) for name in names):
            raise LogError("restore takes the row remove() returned")
        sql = f"INSERT INTO entries ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        try:
            with self._write() as conn:
                conn.execute(sql, [removed[name] for name in names])
        except LogStorageError as exc:
            if isinstance(exc.__cause__, sqlite3.IntegrityError):
                raise LogError(
                    f"row {removed.get('id')} cannot be put back: the log holds it again"
                ) from exc
            raise
        return int(removed["id"])

    def newest_rows(self, limit: int = 50) -> list[dict[str, Any]]:
        """Return rows as stored, for a list to pick one from: impossible times, then the newest.

        Rows dated outside 2000-01-01 to tomorrow (written by older versions, which did not
        check) come first, whatever ``limit``, so they can always be found and deleted; then up
        to ``limit`` rows, newest first. Times are ``when_us`` (UTC microseconds) and
        ``utc_offset_s``; unlike :meth:`to_dataframe` this never fails on a row's time.
        """
        first = (EARLIEST_WHEN - _EPOCH) // _US
        last = (datetime.now(UTC) + FUTURE_TOLERANCE - _EPOCH) // _US
        with self._reading() as conn:
            cursor = conn.execute(
                "SELECT * FROM entries WHERE when_us < ? OR when_us > ? ORDER BY when_us, id",
                (first, last),
            )
            names = [d[0] for d in cursor.description]
            odd = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            cursor = conn.execute(
                "SELECT * FROM entries WHERE when_us BETWEEN ? AND ? "
                "ORDER BY when_us DESC, id DESC LIMIT ?",
                (first, last, int(limit)),
            )
            return odd + [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def undo_last(self) -> int:
        """Remove the last row recorded through this object (not another tab's) and return its id.

        Raises
        ------
        LogError
            If this object has recorded nothing left to undo (use ``delete(row_id)`` then).
        """
        with self._lock:
            if not self._recorded:
                raise LogError(
                    "nothing to undo: no row was recorded through this log since it was opened; "
                    "use delete(row_id) to remove an older row"
                )
            row_id = self._recorded[-1]
            self.delete(row_id)
            return row_id

    # ------------------------------------------------------------------ reading

    def _where(
        self, start: date | None, end: date | None, exercise: str | Iterable[str] | None
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        # a date bound compares the row's local day; the one-day margin keeps the index useful
        if isinstance(start, datetime):
            clauses.append("when_us >= ?")
            params.append(_bound_us("start", start))
        elif start is not None:
            first = _bound_us("start", start)
            clauses.append("when_us >= ? AND when_us + utc_offset_s * 1000000 >= ?")
            params += [first - _DAY_US, first]
        if isinstance(end, datetime):
            clauses.append("when_us <= ?")
            params.append(_bound_us("end", end))
        elif end is not None:
            after = _bound_us("end", end) + _DAY_US
            clauses.append("when_us < ? AND when_us + utc_offset_s * 1000000 < ?")
            params += [after + _DAY_US, after]
        if exercise is not None:
            wanted = [exercise] if isinstance(exercise, str) else list(exercise)
            unknown = set(wanted) - self.exercise_ids
            if unknown:
                present = {r[0] for r in self._connection().execute(_DISTINCT_EXERCISES)}
                if unknown - present:
                    missing = min(unknown - present)
                    raise LogError(f"exercise {missing!r} is neither in the catalogue nor the log")
            clauses.append(f"exercise IN ({', '.join('?' * len(wanted))})")
            params += wanted
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def _select(
        self,
        columns: str,
        start: date | None,
        end: date | None,
        exercise: str | Iterable[str] | None,
    ) -> list[tuple[Any, ...]]:
        with self._reading() as conn:
            where, params = self._where(start, end, exercise)
            sql = f"SELECT {columns} FROM entries{where} ORDER BY when_us, id"
            return conn.execute(sql, params).fetchall()

    def to_dataframe(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        exercise: str | Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Return the rows as a typed DataFrame, oldest first, filtered in SQL.

        Parameters
        ----------
        start, end
            Inclusive bounds: an aware datetime compares the instant; a date means that whole
            calendar day in the row's own local time.
        exercise
            One exercise id or several.

        Returns
        -------
        pandas.DataFrame
            Columns ``id`` (int64), ``uid`` (str), ``when`` (datetime64[us, UTC]), ``day``
            (datetime64[s], the local calendar day where the set was done), ``exercise`` and
            ``side`` (category), ``set_number`` (int64), ``reps``, ``hold_seconds``,
            ``pain_before``, ``pain_after`` (Int64, nullable), ``notes`` (str) and
            ``completed`` (bool: the set was done in full).
        """
        rows = self._select(_FRAME_COLUMNS, start, end, exercise)
        return _frame(rows, self.exercise_ids)

    def count_sets(self, *, start: date | None = None, end: date | None = None) -> dict[str, int]:
        """Count the logged sets per exercise, in SQL (no pandas: the routine page needs only this).

        ``start`` and ``end`` bound the rows as in :meth:`to_dataframe`; exercises with no set
        in the range are left out.
        """
        with self._reading() as conn:
            where, params = self._where(start, end, None)
            sql = f"SELECT exercise, COUNT(*) FROM entries{where} GROUP BY exercise"
            return dict(conn.execute(sql, params).fetchall())

    def sets(
        self, *, start: date | None = None, end: date | None = None
    ) -> list[
        tuple[datetime, str, str | None, int | None, int | None, bool, int | None, int | None]
    ]:
        """Return the rows as the dose model reads them, oldest first (no pandas).

        Each is ``(when, exercise, side, reps, hold_seconds, completed, pain_before,
        pain_after)``, ``when`` aware in the row's own offset; bounds as in :meth:`to_dataframe`.
        """
        out = []
        for values in self._select(_STORED, start, end, None):
            row = _Row(*values)
            out.append(
                (
                    row.when(),
                    row.exercise,
                    row.side,
                    row.reps,
                    row.hold_seconds,
                    bool(row.completed),
                    row.pain_before,
                    row.pain_after,
                )
            )
        return out

    # ------------------------------------------------------------------ CSV

    def _write_csv(self, fh: IO[str], rows: list[tuple[Any, ...]]) -> None:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for uid, *stored in rows:
            row = _Row(*stored)
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

    def to_csv_bytes(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        exercise: str | Iterable[str] | None = None,
    ) -> bytes:
        """Return the rows as UTF-8 CSV bytes, for a download button (Binder storage is brief)."""
        buffer = io.StringIO(newline="")
        self._write_csv(buffer, self._select(f"uid, {_STORED}", start, end, exercise))
        return buffer.getvalue().encode("utf-8")

    def export_csv(
        self,
        path: str | os.PathLike[str],
        *,
        start: date | None = None,
        end: date | None = None,
        exercise: str | Iterable[str] | None = None,
    ) -> int:
        """Write the rows to a CSV file (atomically: a reader never sees half a file).

        Columns are :data:`CSV_COLUMNS`; ``when`` is ISO 8601 with the row's own UTC offset and
        empty cells mean "not recorded". Returns the number of rows written.
        """
        target = Path(path)
        rows = self._select(f"uid, {_STORED}", start, end, exercise)
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        try:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                self._write_csv(fh, rows)
            tmp.replace(target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise LogError(f"cannot write {target}: {exc}") from exc
        return len(rows)

    def import_csv(
        self,
        source: str | os.PathLike[str] | bytes | bytearray | memoryview | IO[Any],
        *,
        max_bytes: int = MAX_IMPORT_BYTES,
    ) -> ImportSummary:
        """Import rows from CSV, all or nothing; rows the log already holds are skipped.

        Parameters
        ----------
        source
            A path, the file's bytes (an upload button's content) or an open file.
        max_bytes
            Refuse larger input with a clear message instead of stalling the kernel.

        Raises
        ------
        CsvImportError
            Listing every bad line with its number and reason; nothing is imported.
        LogError
            If the source cannot be read or is too large.
        """
        label, text = _read_source(source, max_bytes)
        parsed, duplicates, uidless = _parse_csv(label, text, self.exercise_ids, datetime.now(UTC))
        problems: list[tuple[int, str]] = []
        with self._write() as conn:
            uids = list(parsed)
            existing: dict[str, _Row] = {}
            for i in range(0, len(uids), 500):
                chunk = uids[i : i + 500]
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT uid, {_STORED} FROM entries WHERE uid IN ({marks})"
                existing.update((r[0], _Row(*r[1:])) for r in conn.execute(sql, chunk))
            for uid, stored in existing.items():
                line, row = parsed.pop(uid)
                if clash := _clash(uid, stored, row, "already in the log"):
                    problems.append((line, clash))
            if problems:
                raise CsvImportError(label, sorted(problems))
            same = _drop_held_sets(conn, parsed, uidless)
            conn.executemany(
                _INSERT,
                [(uid, *row.values()) for uid, (_, row) in parsed.items()],
            )
        return ImportSummary(added=len(parsed), skipped=duplicates + len(existing) + same)


def _drop_held_sets(
    conn: sqlite3.Connection, parsed: dict[str, tuple[int, _Row]], uidless: dict[str, int]
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
        sql = f"SELECT {_STORED} FROM entries WHERE when_us IN ({','.join('?' * len(chunk))})"
        for stored in conn.execute(sql, chunk):
            key = _set_key(_Row(*stored))
            held[key] = held.get(key, 0) + 1
    dropped = 0
    for uid, (_, row) in pending.items():
        if uidless[uid] <= held.get(_set_key(row), 0):
            del parsed[uid]
            dropped += 1
    return dropped


_DISTINCT_EXERCISES = "SELECT DISTINCT exercise FROM entries"
# missing values come as -1 (never stored) and side as a category code, so columns convert without Python loops
_FRAME_COLUMNS = (
    "id, uid, when_us, utc_offset_s, exercise, "
    "CASE side WHEN 'left' THEN 0 WHEN 'right' THEN 1 ELSE -1 END, set_number, "
    "coalesce(reps, -1), coalesce(hold_seconds, -1), coalesce(pain_before, -1), "
    "coalesce(pain_after, -1), notes, completed"
)


def _frame(rows: list[tuple[Any, ...]], known: frozenset[str]) -> pd.DataFrame:
    """Build the typed DataFrame column by column (much faster than inferring from records)."""
    import numpy as np  # here, so pages that only record never import numpy or pandas
    import pandas as pd

    n = len(rows)
    cols: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [()] * 13
    when_us = np.fromiter(cols[2], dtype=np.int64, count=n)
    offsets = np.fromiter(cols[3], dtype=np.int64, count=n)
    local_days = (when_us + offsets * 1_000_000) // _DAY_US

    def nullable(values: tuple[Any, ...]) -> pd.arrays.IntegerArray:
        data = np.fromiter(values, dtype=np.int64, count=n)
        mask = data < 0
        data[mask] = 0
        return pd.arrays.IntegerArray(data, mask)

    exercises = sorted(known | set(cols[4]))
    return pd.DataFrame(
        {
            "id": np.fromiter(cols[0], dtype=np.int64, count=n),
            "uid": pd.array(cols[1], dtype="str"),
            "when": pd.Series(when_us.astype("datetime64[us]")).dt.tz_localize("UTC"),
            "day": local_days.astype("datetime64[D]").astype("datetime64[s]"),
            "exercise": pd.Categorical(cols[4], categories=exercises),
            "side": pd.Categorical.from_codes(
                np.fromiter(cols[5], dtype=np.int8, count=n), categories=pd.Index(SIDES)
            ),
            "set_number": np.fromiter(cols[6], dtype=np.int64, count=n),
            "reps": nullable(cols[7]),
            "hold_seconds": nullable(cols[8]),
            "pain_before": nullable(cols[9]),
            "pain_after": nullable(cols[10]),
            "notes": pd.array(cols[11], dtype="str"),
            "completed": np.fromiter(cols[12], dtype=bool, count=n),
        }
    )
