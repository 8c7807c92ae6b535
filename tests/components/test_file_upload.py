"""FileUpload's Python side, without a kernel: traits, assembling files from the browser's
messages (one per file, with its bytes as a buffer), and Python's own refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import traitlets

from backcare_widgets.components.file_upload import (
    MAX_MESSAGE_BYTES,
    FileUpload,
    UploadedFile,
    format_bytes,
    too_big_message,
)
from backcare_widgets.data.log import MAX_CLASS_FILES, MAX_IMPORT_BYTES, SessionLog
from backcare_widgets.data.programme import MAX_PROGRAMME_BYTES
from backcare_widgets.pages.educators.class_report import ClassReportView
from backcare_widgets.pages.educators.programme_builder import ProgrammeBuilder
from backcare_widgets.pages.progress import ProgressDashboard
from backcare_widgets.pages.routine import TodaysRoutine

SYNCED = (
    "accept",
    "multiple",
    "description",
    "tooltip",
    "max_bytes",
    "max_files",
    "max_total_bytes",
)


class Recorder:
    """An upload whose messages to the browser are kept (there is no kernel to carry them)."""

    def __init__(self, **kwargs: Any) -> None:
        self.widget = FileUpload(**kwargs)
        self.sent: list[dict[str, Any]] = []
        self.changes: list[tuple[Any, ...]] = []
        self.widget.send = lambda content, buffers=None: self.sent.append(content)  # type: ignore[method-assign]
        self.widget.observe(lambda change: self.changes.append(change["new"]), names="value")

    def receive(self, content: dict[str, Any], buffers: list[bytes] | None = None) -> None:
        """Hand a custom message to the widget as ipykernel's comm does (buffers as memoryviews)."""
        self.widget._handle_msg(
            {
                "content": {"data": {"method": "custom", "content": content}},
                "buffers": [memoryview(b) for b in buffers or []],
            }
        )

    def choose(self, files: list[tuple[str, bytes]], batch: str = "b1", **extra: Any) -> None:
        """Send ``files`` as the browser does: one message per file, then the end message."""
        for index, (name, data) in enumerate(files):
            message = {
                "kind": "file",
                "batch": batch,
                "index": index,
                "count": len(files),
                "name": name,
                "type": "text/csv",
                "last_modified": 1_764_000_000_000,
                **extra,
            }
            self.receive(message, [data])
        self.receive({"kind": "end", "batch": batch, "count": len(files)})


def test_traits_are_synced_and_documented_and_value_stays_in_python():
    upload = FileUpload(accept=".csv", multiple=True, description="Upload CSV files", max_files=3)
    for name in SYNCED:
        assert upload.has_trait(name)
        assert upload.trait_metadata(name, "sync") is True, name
        assert upload.trait_metadata(name, "help"), name
    assert upload.trait_metadata("value", "help")
    assert not upload.trait_metadata("value", "sync")
    state = upload.get_state()
    assert "value" not in state
    assert state["description"] == "Upload CSV files"
    assert state["max_files"] == 3
    assert state["_esm"].startswith("// @ts-check")
    css = state["_css"]
    rules = [line for line in css.splitlines() if line.endswith("{") and not line.startswith(" ")]
    assert rules
    assert all(rule.startswith(".backcare-file-upload") for rule in rules), rules
    assert upload.value == ()


def test_impossible_limits_are_refused_naming_the_trait():
    with pytest.raises(traitlets.TraitError, match="max_bytes must be 1 to"):
        FileUpload(max_bytes=MAX_MESSAGE_BYTES + 1)
    with pytest.raises(traitlets.TraitError, match="max_bytes"):
        FileUpload(max_bytes=0)
    with pytest.raises(traitlets.TraitError, match="max_files must be at least 1"):
        FileUpload(max_files=0)
    assert MAX_MESSAGE_BYTES * 2 <= 64 * 1024 * 1024  # one file fits Voila's websocket limit


def test_files_sent_one_message_each_arrive_as_one_value():
    upload = Recorder(multiple=True, max_files=5)
    upload.choose([("a.csv", b"uid,when\n"), ("b.csv", b"x" * 1000), ("empty.csv", b"")])
    assert len(upload.changes) == 1  # one change per choice of files
    files = upload.widget.value
    assert [f.name for f in files] == ["a.csv", "b.csv", "empty.csv"]
    assert [f.size for f in files] == [9, 1000, 0]
    assert bytes(files[0].content) == b"uid,when\n"
    assert isinstance(files[1].content, bytes)
    assert files[0].type == "text/csv"
    assert files[0]["name"] == "a.csv"  # as ipywidgets' records read
    assert files[0].last_modified == datetime(2025, 11, 24, 16, 0, tzinfo=UTC)
    assert upload.sent == [
        {"kind": "ack", "batch": "b1", "index": 0},
        {"kind": "ack", "batch": "b1", "index": 1},
        {"kind": "ack", "batch": "b1", "index": 2},
        {"kind": "received", "batch": "b1", "count": 3},
    ]


def test_the_same_file_chosen_again_is_a_new_change():
    upload = Recorder()
    upload.choose([("a.csv", b"1")], batch="first")
    upload.choose([("a.csv", b"1")], batch="second")
    assert len(upload.changes) == 2
    upload.widget.value = ()  # consumers clear it after use, as with ipywidgets
    assert upload.changes[-1] == ()


def test_python_refuses_a_file_over_max_bytes_whatever_the_browser_said():
    upload = Recorder(max_bytes=10)
    upload.choose([("big.csv", b"x" * 11)])
    assert upload.widget.value == ()
    assert upload.changes == []
    (refused,) = upload.sent
    assert refused["kind"] == "refused"
    assert refused["batch"] == "b1"
    assert refused["message"] == (
        "big.csv is 11 bytes, larger than the limit of 10 bytes per file. Nothing was used."
    )


def test_python_refuses_more_files_than_allowed():
    upload = Recorder(multiple=True, max_files=2)
    upload.choose([("a.csv", b"1"), ("b.csv", b"2"), ("c.csv", b"3")])
    assert upload.changes == []
    assert upload.sent[0]["kind"] == "refused"
    assert "You chose 3 files; at most 2 can be sent at once." in upload.sent[0]["message"]
    assert len(upload.sent) == 1  # the rest of the batch is ignored, not answered again


def test_python_refuses_files_that_together_pass_the_total_limit():
    upload = Recorder(multiple=True, max_files=5, max_bytes=10, max_total_bytes=15)
    upload.choose([("a.csv", b"x" * 8), ("b.csv", b"y" * 8)])
    assert upload.changes == []
    assert upload.sent[0] == {"kind": "ack", "batch": "b1", "index": 0}
    assert upload.sent[1]["kind"] == "refused"
    assert upload.sent[1]["message"] == (
        "These 2 files come to more than the limit of 15 bytes at once. "
        "Send them in several goes. Nothing was used."
    )
    upload.choose([("a.csv", b"x" * 8), ("b.csv", b"y" * 7)], batch="b2")  # exactly 15: fine
    assert [f.size for f in upload.widget.value] == [8, 7]
    with pytest.raises(traitlets.TraitError, match="max_total_bytes must be 0"):
        FileUpload(max_total_bytes=-1)


def test_one_file_only_unless_multiple():
    upload = Recorder(max_files=10)  # multiple=False: max_files does not apply
    upload.choose([("a.yaml", b"1"), ("b.yaml", b"2")])
    assert upload.changes == []
    assert "at most 1 can be sent" in upload.sent[0]["message"]


def test_an_incomplete_batch_is_ignored():
    upload = Recorder(multiple=True)
    upload.receive(
        {"kind": "file", "batch": "b1", "index": 0, "count": 2, "name": "a.csv", "type": ""},
        [b"1"],
    )
    upload.receive({"kind": "end", "batch": "b1", "count": 2})
    assert upload.changes == []
    assert upload.sent[-1]["kind"] == "refused"
    # a file out of order, or without its bytes, breaks the batch too
    upload.receive(
        {"kind": "file", "batch": "b2", "index": 1, "count": 2, "name": "b.csv", "type": ""},
        [b"2"],
    )
    upload.receive(
        {"kind": "file", "batch": "b3", "index": 0, "count": 1, "name": "c.csv", "type": ""}
    )
    upload.receive({"kind": "end", "batch": "b3", "count": 1})
    assert upload.changes == []
    assert [m["kind"] for m in upload.sent] == ["ack", "refused", "refused", "refused"]


def test_a_new_choice_replaces_one_still_arriving():
    upload = Recorder(multiple=True)
    upload.receive(
        {"kind": "file", "batch": "old", "index": 0, "count": 2, "name": "a.csv", "type": ""},
        [b"1"],
    )
    upload.choose([("b.csv", b"2")], batch="new")
    upload.receive(
        {"kind": "file", "batch": "old", "index": 1, "count": 2, "name": "c.csv", "type": ""},
        [b"3"],
    )
    upload.receive({"kind": "end", "batch": "old", "count": 2})
    assert [[f.name for f in files] for files in upload.changes] == [["b.csv"]]
    assert upload.sent[-1] == {
        "kind": "refused",
        "batch": "old",
        "message": "Another upload started before this one ended. Nothing was used.",
    }


@pytest.mark.parametrize(
    "content",
    [
        None,
        "file",
        {"kind": "file"},
        {"kind": "file", "batch": "b", "index": "0", "count": 1, "name": "a"},
        {"kind": "file", "batch": "b", "index": 0, "count": True, "name": "a"},
        {"kind": "file", "batch": "b", "index": 0, "count": 1, "name": ""},
        {"kind": "file", "batch": "b", "index": 0, "count": 1, "name": "a" * 2000},
        {"kind": "end", "batch": "b", "count": 0},
        {"kind": "something else", "batch": "b"},
    ],
)
def test_messages_that_make_no_sense_set_nothing(content: Any):
    upload = Recorder()
    upload.receive(content, [b"data"])
    upload.receive({"kind": "end", "batch": "b", "count": 1})
    assert upload.changes == []
    assert all(m["kind"] == "refused" for m in upload.sent)


def test_sizes_are_said_as_people_read_them():
    assert format_bytes(0) == "0 bytes"
    assert format_bytes(999) == "999 bytes"
    assert format_bytes(2_500) == "2.5 kB"
    assert format_bytes(10_000_000) == "10 MB"
    assert format_bytes(20 * 1024 * 1024 + 18) == "21 MB"
    assert format_bytes(70 * 1024 * 1024) == "73.4 MB"
    assert too_big_message("huge.csv", 73_400_320, 10_000_000) == (
        "huge.csv is 73.4 MB, larger than the limit of 10 MB per file."
    )
    # rounding must not make a file over the limit look the same size as the limit
    assert too_big_message("a.csv", 10_000_001, 10_000_000) == (
        "a.csv is 10,000,001 bytes, larger than the limit of 10,000,000 bytes per file."
    )


def test_each_page_uses_it_with_its_own_limits(tmp_path):
    with SessionLog(tmp_path / "log") as log:
        board = ProgressDashboard(log)
        assert isinstance(board.upload, FileUpload)
        assert board.upload.description == "Import a CSV"
        assert board.upload.max_bytes == MAX_IMPORT_BYTES
        assert not board.upload.multiple
        routine = TodaysRoutine(log=log)
        assert routine.programme_upload.max_bytes == MAX_PROGRAMME_BYTES
        assert routine.programme_upload.accept == ".yaml,.yml"
    view = ClassReportView()
    assert view.upload.multiple
    assert view.upload.max_files == MAX_CLASS_FILES
    assert view.upload.max_bytes == MAX_IMPORT_BYTES
    assert view.upload.max_total_bytes == 100_000_000
    builder = ProgrammeBuilder()
    assert builder.load_upload.max_bytes == MAX_PROGRAMME_BYTES
    assert builder.load_upload.description == "Load a programme"


def test_the_progress_page_imports_what_arrives(tmp_path):
    with SessionLog(tmp_path / "source") as source:
        source.record("bridge", reps=5, hold_seconds=3)
        csv = source.to_csv_bytes()
    with SessionLog(tmp_path / "log") as log:
        board = ProgressDashboard(log)
        sent: list[dict[str, Any]] = []
        board.upload.send = lambda content, buffers=None: sent.append(content)  # type: ignore[method-assign]
        for message, buffers in (
            (
                {"kind": "file", "batch": "b", "index": 0, "count": 1, "name": "mine.csv"},
                [memoryview(csv)],
            ),
            ({"kind": "end", "batch": "b", "count": 1}, []),
        ):
            board.upload._handle_msg(
                {"content": {"data": {"method": "custom", "content": message}}, "buffers": buffers}
            )
        assert "Imported 1 set(s) from mine.csv" in board.message.value
        assert board.upload.value == ()  # cleared, ready for the next file
        assert len(log.to_dataframe()) == 1
    assert [m["kind"] for m in sent] == ["ack", "received"]


def test_records_are_plain_data():
    record = UploadedFile(name="a.csv", type="", size=1, content=b"1")
    assert "content" not in repr(record)
    with pytest.raises(KeyError):
        record["nope"]


def test_a_batch_replaced_before_its_end_is_answered_not_left_waiting():
    upload = Recorder(multiple=True, max_files=5)
    first = {"kind": "file", "batch": "A", "index": 0, "count": 1, "name": "a.csv"}
    upload.receive(first, [b"x"])
    second = {"kind": "file", "batch": "B", "index": 0, "count": 2, "name": "b.csv"}
    upload.receive(second, [b"y"])
    upload.receive({"kind": "end", "batch": "A", "count": 1})
    assert upload.sent[-1]["kind"] == "refused"
    assert upload.sent[-1]["batch"] == "A"
    assert "Another upload started" in upload.sent[-1]["message"]
    upload.receive({**second, "index": 1, "name": "c.csv"}, [b"z"])
    upload.receive({"kind": "end", "batch": "B", "count": 2})
    assert [f.name for f in upload.widget.value] == ["b.csv", "c.csv"]
    assert upload.sent[-1] == {"kind": "received", "batch": "B", "count": 2}


def test_files_the_page_fails_to_use_are_reported_to_the_browser():
    upload = Recorder()

    def broken(_change: dict[str, Any]) -> None:
        raise RuntimeError("page bug")

    upload.widget.observe(broken, names="value")
    upload.choose([("a.csv", b"1")])
    assert upload.sent[-1]["kind"] == "refused"
    assert upload.sent[-1]["message"] == (
        "The files arrived, but the page could not use them. Nothing was used."
    )
