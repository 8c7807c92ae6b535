"""FileUpload: choose files in the browser and send them to Python one message per file.

ipywidgets' own ``FileUpload`` sends every chosen file in one websocket message. Voila drops a
message over its limit (``websocket_max_message_size`` in ``voila.json``) without a word, so a
class's 200 CSV exports, or one huge file, simply vanished. This component checks sizes and
count in the browser before anything is sent, says clearly what it refused, then sends each file
in a message of its own (the browser waits for Python's answer before sending the next), shows
how far it got, and ends with an "end" message. Python checks everything again (never trusting
the browser), ignores incomplete batches, and sets :attr:`FileUpload.value` once per choice.

``value`` holds :class:`UploadedFile` records with ``name``, ``type``, ``size`` and ``content``,
as ipywidgets' ``FileUpload`` does, so consumer code (``change["new"]``, ``bytes(f.content)``,
``upload.value = ()``) works unchanged.

Messages (``content`` of custom messages; ``index`` counts from 0):

- browser to Python: ``{"kind": "file", "batch", "index", "count", "name", "type",
  "last_modified"}`` with the file's bytes as the one buffer, then ``{"kind": "end", "batch",
  "count"}``;
- Python to browser: ``{"kind": "ack", "batch", "index"}`` after each file,
  ``{"kind": "received", "batch", "count"}`` after the end, or ``{"kind": "refused", "batch",
  "message"}`` when Python will not use the batch.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeGuard

import anywidget
import traitlets

# one wording for a file that is too large, in this button and wherever a file is read
from backcare_widgets.data.reading import format_bytes, too_big_message

__all__ = ["MAX_MESSAGE_BYTES", "FileUpload", "UploadedFile", "format_bytes"]

_STATIC = Path(__file__).parent / "static"
_LOG = logging.getLogger(__name__)

#: The largest file one message may carry: half of Voila's 64 MiB websocket limit, leaving room
#: for the message's own header (``max_bytes`` above this is refused as a setting).
MAX_MESSAGE_BYTES = 32 * 1024 * 1024
_MAX_NAME_CHARS = 1_000


def too_much_message(count: int, limit: int) -> str:
    """Say that the files of one choice come to more than may be sent at once.

    Python sees the files one by one, so it names the limit, not the whole choice's size (the
    browser, which knows every size up front, says both).
    """
    return (
        f"These {count} files come to more than the limit of {format_bytes(limit)} at once. "
        "Send them in several goes."
    )


def too_many_message(count: int, limit: int) -> str:
    """Say that a choice holds more files than may be sent at once."""
    return (
        f"You chose {count} files; at most {limit} can be sent at once. "
        "Choose fewer files, or send them in several goes."
    )


@dataclass(frozen=True, eq=False)  # identity: choosing the same file again is a new change
class UploadedFile:
    """One file as it arrived: what ipywidgets' ``FileUpload`` gives, as a typed record.

    Attributes
    ----------
    name : str
        The file's name as the browser gave it (no folder).
    type : str
        Its MIME type as the browser guessed it (often empty, e.g. for YAML).
    size : int
        Bytes in ``content``.
    content : bytes
        The file's bytes.
    last_modified : datetime or None
        When the file was last changed, as the browser reports it (UTC).
    """

    name: str
    type: str
    size: int
    content: bytes = field(repr=False)
    last_modified: datetime | None = None

    def __getitem__(self, key: str) -> Any:
        """Read a field by name, as ``upload["name"]`` reads ipywidgets' records."""
        if key not in {"name", "type", "size", "content", "last_modified"}:
            raise KeyError(key)
        return getattr(self, key)


@dataclass
class _Batch:
    """Files of one choice, as they arrive."""

    batch: str
    count: int
    files: list[UploadedFile]


class FileUpload(anywidget.AnyWidget):
    """A button that opens the file chooser and sends the chosen files safely, one at a time.

    Parameters
    ----------
    accept : str
        File types the chooser offers, as in ``<input accept>``: ``".csv,text/csv"``.
    multiple : bool
        Whether several files may be chosen at once.
    description : str
        The button's text (and accessible name).
    tooltip : str
        Shown when hovering over the button.
    max_bytes : int
        Largest file accepted, in bytes (1 to :data:`MAX_MESSAGE_BYTES`).
    max_files : int
        Most files accepted in one choice when ``multiple`` (one otherwise).
    max_total_bytes : int
        Most bytes accepted in one choice, all files together (0: ``max_bytes`` per file only).
    **kwargs
        Passed to :class:`anywidget.AnyWidget`.

    Examples
    --------
    >>> upload = FileUpload(accept=".csv", description="Import a CSV", max_bytes=10_000_000)
    >>> upload.value
    ()
    """

    _esm = _STATIC / "file-upload.js"
    _css = _STATIC / "file-upload.css"

    accept = traitlets.Unicode(
        "", help="File types the chooser offers, as in <input accept>, e.g. '.csv,text/csv'."
    ).tag(sync=True)
    multiple = traitlets.Bool(False, help="Whether several files may be chosen at once.").tag(
        sync=True
    )
    description = traitlets.Unicode(
        "Upload", help="The button's text, also its accessible name."
    ).tag(sync=True)
    tooltip = traitlets.Unicode("", help="Shown when hovering over the button.").tag(sync=True)
    max_bytes = traitlets.Int(
        10_000_000,
        help="Largest file accepted, in bytes; larger files are refused in the browser, unsent.",
    ).tag(sync=True)
    max_files = traitlets.Int(
        100, help="Most files accepted in one choice when multiple (one otherwise)."
    ).tag(sync=True)
    max_total_bytes = traitlets.Int(
        0, help="Most bytes in one choice, all files together; 0 for no limit beyond max_bytes."
    ).tag(sync=True)
    value = traitlets.Tuple(
        help="The files of the last choice (UploadedFile records), set once per choice; "
        "not synced: files arrive as custom messages, one per file.",
    )

    def __init__(
        self,
        *,
        accept: str = "",
        multiple: bool = False,
        description: str = "Upload",
        tooltip: str = "",
        max_bytes: int = 10_000_000,
        max_files: int = 100,
        max_total_bytes: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            accept=accept,
            multiple=multiple,
            description=description,
            tooltip=tooltip,
            max_bytes=max_bytes,
            max_files=max_files,
            max_total_bytes=max_total_bytes,
            **kwargs,
        )
        self._batch: _Batch | None = None
        self._refused = ""  # the last batch refused: the rest of it is ignored, unanswered
        self.on_msg(self._on_custom_msg)

    # --- validation (next to the traits it guards) ---------------------------------------------

    @traitlets.validate("max_bytes")
    def _validate_max_bytes(self, proposal: dict[str, Any]) -> int:
        value = proposal["value"]
        if not 1 <= value <= MAX_MESSAGE_BYTES:
            raise traitlets.TraitError(
                f"max_bytes must be 1 to {MAX_MESSAGE_BYTES} (one file goes in one websocket "
                f"message, and Voila drops larger messages silently), got {value}"
            )
        return int(value)

    @traitlets.validate("max_files")
    def _validate_max_files(self, proposal: dict[str, Any]) -> int:
        value = proposal["value"]
        if value < 1:
            raise traitlets.TraitError(f"max_files must be at least 1, got {value}")
        return int(value)

    @traitlets.validate("max_total_bytes")
    def _validate_max_total_bytes(self, proposal: dict[str, Any]) -> int:
        value = proposal["value"]
        if value < 0:
            raise traitlets.TraitError(f"max_total_bytes must be 0 (no limit) or more, got {value}")
        return int(value)

    @property
    def file_limit(self) -> int:
        """Return how many files one choice may hold: ``max_files``, or 1 unless ``multiple``."""
        return self.max_files if self.multiple else 1

    # --- messages from the browser -------------------------------------------------------------

    def _on_custom_msg(self, _widget: object, content: Any, buffers: list[Any]) -> None:
        if not isinstance(content, dict):
            return
        batch = content.get("batch")
        if not isinstance(batch, str) or not batch:
            return
        kind = content.get("kind")
        if batch == self._refused:
            return
        if kind == "file":
            self._receive_file(batch, content, buffers or [])
        elif kind == "end":
            self._finish(batch, content.get("count"))

    def _refuse(self, batch: str, message: str) -> None:
        """Drop the batch and tell the browser, which shows ``message`` in its alert."""
        if self._batch is not None and self._batch.batch == batch:
            self._batch = None
        self._refused = batch
        _LOG.info("upload batch %s refused: %s", batch, message)
        self.send({"kind": "refused", "batch": batch, "message": f"{message} Nothing was used."})

    def _receive_file(self, batch: str, content: dict[str, Any], buffers: list[Any]) -> None:
        index, count = content.get("index"), content.get("count")
        if not (_is_count(index) and _is_count(count) and index < count):
            self._refuse(batch, "The upload was not understood.")
            return
        if index == 0:  # a new choice replaces whatever was arriving before
            self._batch = _Batch(batch, count, [])
        current = self._batch
        if current is None or current.batch != batch:
            self._refuse(batch, "Another upload started before this one ended.")
            return
        if count != current.count or index != len(current.files) or len(buffers) != 1:
            self._refuse(batch, "The upload arrived incomplete.")
            return
        name = content.get("name")
        data = memoryview(buffers[0])
        problem = self._file_problem(current, name, data.nbytes)
        if problem:
            self._refuse(batch, problem)
            return
        assert isinstance(name, str)  # checked by _file_problem
        mime = content.get("type")
        current.files.append(
            UploadedFile(
                name=name,
                type=mime if isinstance(mime, str) else "",
                size=data.nbytes,
                content=data.tobytes(),
                last_modified=_when(content.get("last_modified")),
            )
        )
        self.send({"kind": "ack", "batch": batch, "index": index})

    def _file_problem(self, current: _Batch, name: object, size: int) -> str | None:
        """Say why a file cannot join the batch (the browser checked too: never trust it)."""
        if current.count > self.file_limit:
            return too_many_message(current.count, self.file_limit)
        if not isinstance(name, str) or not name or len(name) > _MAX_NAME_CHARS:
            return "A file arrived without a usable name."
        if size > self.max_bytes:
            return too_big_message(name, size, self.max_bytes)
        total = size + sum(file.size for file in current.files)
        if self.max_total_bytes and total > self.max_total_bytes:
            return too_much_message(current.count, self.max_total_bytes)
        return None

    def _finish(self, batch: str, count: object) -> None:
        current = self._batch
        if current is None or current.batch != batch:
            # a refused batch is ignored before it gets here; this one was replaced by a newer one
            self._refuse(batch, "Another upload started before this one ended.")
            return
        self._batch = None
        if count != current.count or len(current.files) != current.count:
            self._refuse(batch, "The upload arrived incomplete.")
            return
        try:
            self.value = tuple(current.files)  # the page's own code runs here
        except Exception:  # noqa: BLE001 - any bug in the page's handler must still answer the browser
            _LOG.exception("an upload's files could not be used")
            self._refuse(batch, "The files arrived, but the page could not use them.")
            return
        # only now: the browser says "Sent" once the page has taken the files
        self.send({"kind": "received", "batch": batch, "count": current.count})


def _is_count(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _when(milliseconds: object) -> datetime | None:
    """Read the browser's ``File.lastModified`` (ms since 1970, UTC); None if unusable."""
    if not isinstance(milliseconds, int | float) or isinstance(milliseconds, bool):
        return None
    try:
        return datetime.fromtimestamp(milliseconds / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
