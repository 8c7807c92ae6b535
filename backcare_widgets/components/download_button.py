"""DownloadButton: a file made in Python only when the person presses the button.

A link with a ``data:`` URL keeps the whole file in the page's widget state for as long as the
page is open, where any script that can talk to the kernel's widgets (a rebound page, another
extension) can read it. This button keeps nothing: pressing it asks Python for the file, Python
answers with one custom message carrying the bytes (custom messages are not widget state, so
they are never replayed or read back), and the browser saves them from a short-lived ``blob:``
URL that it revokes straight away.

Messages (``content`` of custom messages):

- browser to Python: ``{"kind": "request"}``;
- Python to browser: ``{"kind": "file", "name", "type"}`` with the bytes as the one buffer, or
  ``{"kind": "failed", "message"}``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["DownloadButton"]

_STATIC = Path(__file__).parent / "static"
_LOG = logging.getLogger(__name__)


class DownloadButton(anywidget.AnyWidget):
    """A button that downloads what ``make_file()`` returns at the moment it is pressed.

    Parameters
    ----------
    make_file : callable
        Returns the file's bytes; called on each press, never before.
    filename : str
        The name the browser saves the file as.
    label : str
        The button's text.
    mime_type : str
        The file's media type.
    """

    _esm = _STATIC / "download-button.js"

    label = traitlets.Unicode("Download").tag(sync=True)
    filename = traitlets.Unicode("download").tag(sync=True)
    mime_type = traitlets.Unicode("application/octet-stream").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    message = traitlets.Unicode("", help="Why the last download failed, if it did.").tag(sync=True)

    def __init__(
        self,
        make_file: Callable[[], bytes],
        *,
        filename: str,
        label: str = "Download",
        mime_type: str = "text/csv",
        **kwargs: Any,
    ) -> None:
        super().__init__(filename=filename, label=label, mime_type=mime_type, **kwargs)
        self.make_file = make_file
        self.downloads = 0
        self.on_msg(self._on_message)

    def file_message(self) -> tuple[dict[str, Any], list[bytes]]:
        """Make the file now and return the message that carries it (content, buffers)."""
        data = self.make_file()
        return {"kind": "file", "name": self.filename, "type": self.mime_type}, [bytes(data)]

    def _on_message(self, _widget: object, content: dict[str, Any], _buffers: list[Any]) -> None:
        if not isinstance(content, dict) or content.get("kind") != "request":
            return
        try:
            message, buffers = self.file_message()
        except Exception as exc:  # noqa: BLE001 - a failed download must say so, not vanish
            _LOG.exception("download %s failed", self.filename)
            self.message = f"The download failed: {exc}"
            self.send({"kind": "failed", "message": self.message})
            return
        self.message = ""
        self.downloads += 1
        self.send(message, buffers)
