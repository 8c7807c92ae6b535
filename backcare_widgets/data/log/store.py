"""The session log's store: SQLite with its schema, migrations, and the :class:`SessionLog`.

SQLite (standard library) because the log must survive a killed kernel and two browser tabs
writing at once: every write is one transaction in WAL mode with a busy timeout, and the file
carries its schema version (``PRAGMA user_version``) so a newer file is refused, never rewritten.
Every row is checked (:mod:`~backcare_widgets.data.log.rows`) before it is written; a refused row
leaves the log unchanged.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sqlite3
import threading
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Self

from backcare_widgets.data.log.csv import (
    MAX_IMPORT_BYTES,
    STORED,
    CsvImportError,
    ImportSummary,
    clash,
    drop_held_sets,
    parse_csv,
    read_source,
    write_csv,
)
from backcare_widgets.data.log.frame import FRAME_COLUMNS, frame
from backcare_widgets.data.log.rows import (
    DAY_US,
    EARLIEST_WHEN,
    EPOCH,
    FUTURE_TOLERANCE,
    STOPPED_EARLY,
    US,
    LogError,
    LogStorageError,
    StoredRow,
    check_row,
)
from backcare_widgets.data.records import excerpt

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    import pandas as pd

__all__ = ["SCHEMA_VERSION", "SessionLog", "default_log_path"]

SCHEMA_VERSION = 4
APPLICATION_ID = 0x42434C47  # "BCLG": marks the file as a BackCare session log
DATA_DIR_ENV = "BACKCARE_DATA_DIR"
DEFAULT_FILENAME = "session_log.sqlite3"
BUSY_TIMEOUT_MS = 30_000
_SQLITE_MAGIC = b"SQLite format 3\x00"
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
_INSERT = f"INSERT INTO entries (uid, {STORED}) VALUES ({', '.join('?' * 12)})"


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


def _migrate_4(conn: sqlite3.Connection) -> None:
    """Add the tables kept between visits: function scores and progression choices.

    Their reading and writing is :mod:`~backcare_widgets.data.log.between_visits`'s.
    """
    conn.execute(
        """CREATE TABLE function_scores (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            when_us INTEGER NOT NULL,
            utc_offset_s INTEGER NOT NULL,
            activities TEXT NOT NULL
        )"""
    )
    conn.execute(
        """CREATE TABLE progression_choices (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            when_us INTEGER NOT NULL,
            utc_offset_s INTEGER NOT NULL,
            exercise TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('up', 'down', 'ask')),
            choice TEXT NOT NULL CHECK (choice IN ('accepted', 'declined', 'noted')),
            from_hold_seconds INTEGER CHECK (from_hold_seconds > 0),
            from_repeats INTEGER NOT NULL CHECK (from_repeats > 0),
            hold_seconds INTEGER CHECK (hold_seconds > 0),
            repeats INTEGER NOT NULL CHECK (repeats > 0)
        )"""
    )


# version -> step that upgrades the schema from version - 1 (a new file runs them all)
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _migrate_1,
    2: _migrate_2,
    3: _migrate_3,
    4: _migrate_4,
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


def _bound_us(name: str, bound: object) -> int:
    """Return a filter bound in UTC microseconds (a date: its midnight, as if in UTC)."""
    if isinstance(bound, datetime):
        if bound.utcoffset() is None:
            raise LogError(f"{name} must be timezone-aware, got {bound.isoformat()!r}")
        return (bound - EPOCH) // US
    if isinstance(bound, date):
        return (bound - date(1970, 1, 1)).days * DAY_US
    raise LogError(f"{name} must be a date or an aware datetime, got {bound!r}")


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

    def writing(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """Return one write transaction on the log's file (for the log's other tables)."""
        return self._write()

    def reading(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """Return the connection for a read, storage failures as :class:`LogStorageError`."""
        return self._reading()

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
        row, problems = check_row(
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
            raise LogError(f"row_id must be an int, got {excerpt(row_id)}")
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
        first = (EARLIEST_WHEN - EPOCH) // US
        last = (datetime.now(UTC) + FUTURE_TOLERANCE - EPOCH) // US
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
            params += [first - DAY_US, first]
        if isinstance(end, datetime):
            clauses.append("when_us <= ?")
            params.append(_bound_us("end", end))
        elif end is not None:
            after = _bound_us("end", end) + DAY_US
            clauses.append("when_us < ? AND when_us + utc_offset_s * 1000000 < ?")
            params += [after + DAY_US, after]
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
        rows = self._select(FRAME_COLUMNS, start, end, exercise)
        return frame(rows, self.exercise_ids)

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
        for values in self._select(STORED, start, end, None):
            row = StoredRow(*values)
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

    def to_csv_bytes(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        exercise: str | Iterable[str] | None = None,
    ) -> bytes:
        """Return the rows as UTF-8 CSV bytes, for a download button (Binder storage is brief)."""
        buffer = io.StringIO(newline="")
        write_csv(buffer, self._select(f"uid, {STORED}", start, end, exercise))
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
        rows = self._select(f"uid, {STORED}", start, end, exercise)
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        try:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                write_csv(fh, rows)
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
        label, text = read_source(source, max_bytes)
        parsed, duplicates, uidless = parse_csv(label, text, self.exercise_ids, datetime.now(UTC))
        problems: list[tuple[int, str]] = []
        with self._write() as conn:
            uids = list(parsed)
            existing: dict[str, StoredRow] = {}
            for i in range(0, len(uids), 500):
                chunk = uids[i : i + 500]
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT uid, {STORED} FROM entries WHERE uid IN ({marks})"
                existing.update((r[0], StoredRow(*r[1:])) for r in conn.execute(sql, chunk))
            for uid, stored in existing.items():
                line, row = parsed.pop(uid)
                if why := clash(uid, stored, row, "already in the log"):
                    problems.append((line, why))
            if problems:
                raise CsvImportError(label, sorted(problems))
            same = drop_held_sets(conn, parsed, uidless)
            conn.executemany(
                _INSERT,
                [(uid, *row.values()) for uid, (_, row) in parsed.items()],
            )
        return ImportSummary(added=len(parsed), skipped=duplicates + len(existing) + same)


_DISTINCT_EXERCISES = "SELECT DISTINCT exercise FROM entries"
