"""My progress page (ProgressDashboard) on a real SQLite log: download, import, delete and undo."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from backcare_widgets.data.log import SessionLog
from backcare_widgets.pages.progress import ProgressDashboard
from backcare_widgets.views.progress import EMPTY_MESSAGE
from tests.sets import last_day


def test_dashboard_download_holds_the_log_and_upload_is_all_or_nothing(
    sample_log: SessionLog, tmp_path: Path
):
    board = ProgressDashboard(sample_log, today=last_day(sample_log))
    assert board.download.filename == "backcare-log.csv"
    assert board.download.file_message()[1] == [sample_log.to_csv_bytes()]
    fresh = ProgressDashboard(SessionLog(tmp_path / "fresh.sqlite3"))
    assert EMPTY_MESSAGE in fresh.charts.value
    good = sample_log.to_csv_bytes()
    bad = good.replace(b",bridge,", b",flying,", 1)
    message = fresh.import_bytes(bad, "mine.csv")
    assert "Nothing was imported from mine.csv" in message
    assert "line 2:" in message
    assert fresh.session_log.to_dataframe().empty
    message = fresh.import_bytes(good, "mine.csv")
    assert f"Imported {len(sample_log.to_dataframe())} set(s)" in message
    assert len(fresh.session_log.to_dataframe()) == len(sample_log.to_dataframe())
    assert "<svg" in fresh.charts.value


def test_upload_messages_escape_what_the_file_says(tmp_path: Path):
    board = ProgressDashboard(SessionLog(tmp_path / "log.sqlite3"))
    message = board.import_bytes(b"<img src=x onerror=alert(1)>\n1,2\n", "<b>x</b>.csv")
    assert "<img" not in message
    assert "<b>x</b>" not in message
    assert "Nothing was imported" in message


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "CSV"),
        (b"Date,Steps,Calories\n2026-11-01,5000,2100\n", "column"),
        (
            b"uid,when,exercise\n" + b"x" * (21 * 1024 * 1024),
            "larger than the limit of 10 MB per file",
        ),
    ],
    ids=["empty", "a picture", "another program's CSV", "20 MB"],
)
def test_bad_uploads_get_a_clear_message_and_import_nothing(
    tmp_path: Path, content: bytes, says: str
):
    board = ProgressDashboard(SessionLog(tmp_path / "log.sqlite3"))
    message = board.import_bytes(content, "upload.csv")
    assert "Nothing was imported from upload.csv" in message
    assert says.lower() in message.lower()
    assert board.session_log.to_dataframe().empty


def _widget_state(widget) -> str:
    """Everything a page's widgets hold, as the front end (or anyone asking the kernel) sees it."""
    import ipywidgets

    seen, todo, states = set(), [widget], []
    while todo:  # the widget and every widget its state refers to, as a front end loads them
        current = todo.pop()
        if current.model_id in seen:
            continue
        seen.add(current.model_id)
        states.append(current.get_state())
        for name in current.keys:
            value = getattr(current, name)
            items = value if isinstance(value, list | tuple) else [value]
            todo += [v for v in items if isinstance(v, ipywidgets.Widget)]
    assert len(states) > 10  # the page's widgets were walked
    return repr(states)


def test_the_log_is_not_in_the_pages_widget_state_until_download_is_pressed(
    sample_log: SessionLog,
):
    import base64

    board = ProgressDashboard(sample_log, today=last_day(sample_log))
    csv_bytes = sample_log.to_csv_bytes()
    some_uid = sample_log.to_dataframe()["uid"].iloc[0]
    state = _widget_state(board)
    assert some_uid not in state
    assert base64.b64encode(csv_bytes[:300]).decode()[:200] not in state
    assert "data:text/csv" not in state
    sent = []
    board.download.send = lambda content, buffers=None: sent.append((content, buffers))
    board.download._on_message(board.download, {"kind": "request"}, [])  # the press
    assert sent == [({"kind": "file", "name": "backcare-log.csv", "type": "text/csv"}, [csv_bytes])]
    state = _widget_state(board)
    assert some_uid not in state  # nothing kept after the download either
    assert "data:text/csv" not in state


def test_a_set_can_be_deleted_and_the_delete_undone(tmp_path: Path):
    log = SessionLog(tmp_path / "log.sqlite3")
    for day in (20, 21, 22):
        log.record("bridge", reps=day - 15, when=datetime(2026, 11, day, 9, tzinfo=UTC))
    board = ProgressDashboard(log, today=date(2026, 11, 22))
    assert len(board.pick.options) == 3
    assert board.pick.options[0][0].startswith("22 Nov 2026 09:00 · Bridge · set 1 · 7 reps")
    before = log.to_csv_bytes()
    board.pick.value = board.pick.options[1][1]
    board.delete_chosen()
    assert len(log) == 2
    assert "Deleted the set of 21 Nov 2026" in board.message.value
    assert "2 sets" in board.download.label
    assert board.undo_button.layout.display is None
    board.undo_delete()
    assert log.to_csv_bytes() == before
    assert "back in your log" in board.message.value
    assert board.undo_button.layout.display == "none"


def test_a_row_the_charts_cannot_show_still_leaves_the_page_usable(tmp_path: Path):
    """A year-1 row (accepted by older versions) once broke export and this page for good."""
    import sqlite3

    log = SessionLog(tmp_path / "log.sqlite3")
    log.record("bridge", reps=5, when=datetime(2026, 11, 22, 9, tzinfo=UTC))
    conn = sqlite3.connect(log.path)
    with conn:
        conn.execute(
            "INSERT INTO entries (uid, when_us, utc_offset_s, exercise, set_number, notes) "
            "VALUES ('poison', -62135598600000000, 3600, 'bridge', 1, '')"
        )
    conn.close()
    board = ProgressDashboard(log, today=date(2026, 11, 22))  # once raised OverflowError
    sent = []
    board.download.send = lambda content, buffers=None: sent.append(content)
    board.download._on_message(board.download, {"kind": "request"}, [])
    assert sent[0]["kind"] == "failed"  # the download says it failed, the page stays
    assert "The download failed" in board.download.message
    labels = [label for label, _ in board.pick.options]
    assert labels[0].startswith("a date that cannot be shown · Bridge")
    board.pick.value = board.pick.options[0][1]
    board.delete_chosen()
    assert "<svg" in board.charts.value  # the charts are back
    assert len(log.to_csv_bytes().splitlines()) == 2  # and export works
