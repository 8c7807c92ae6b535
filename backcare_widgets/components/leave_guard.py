"""LeaveGuard: the browser asks before a page with an unsaved set is closed or reloaded.

Python knows when a finished set is not saved yet; only the browser can stop a reload or a
closed tab. This invisible widget carries one flag, ``armed``; while it is set the page's
``beforeunload`` handler asks the browser to confirm leaving (the browser writes the question:
pages may no longer choose its words). Voila shuts a page's kernel down as the page starts to
unload, even if the person then stays; the workbook's Voila template holds that back while the
guard is armed, until the page is really left (see its ``index.html.j2``).
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

__all__ = ["LeaveGuard"]

_STATIC = Path(__file__).parent / "static"


class LeaveGuard(anywidget.AnyWidget):
    """An invisible widget: while ``armed``, leaving the page asks the person to confirm."""

    _esm = _STATIC / "leave-guard.js"

    armed = traitlets.Bool(False, help="Whether leaving the page now would lose something.").tag(
        sync=True
    )
