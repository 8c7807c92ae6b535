"""The one way to validate input: msgspec's wording pinned, the one table, the shared readers.

``records.kind_of`` is the only code that reads msgspec's English. The first test makes msgspec
fail in every way the table knows and checks the kind read from its message, so an msgspec
upgrade that rewords one fails here, in one obvious place, and not as odd messages elsewhere.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Annotated, Literal

import msgspec
import pytest
from msgspec import Meta

from backcare_widgets.data.reading import (
    TooLargeError,
    YamlError,
    read_limited,
    read_yaml,
    too_big_message,
)
from backcare_widgets.data.records import (
    MSGSPEC_KINDS,
    WORDS,
    Fault,
    Record,
    explain,
    invalid,
    kind_of,
    rule,
    validate,
)


class Sample(msgspec.Struct):
    """A record for msgspec to refuse."""

    name: str


#: (type, a value msgspec refuses, the kind its message must be read as) for every kind.
FAILURES = [
    (Annotated[str, Meta(min_length=1)], "", "length"),
    (Annotated[tuple[int, ...], Meta(min_length=2, max_length=2)], [1, 2, 3], "length"),
    (Annotated[str, Meta(pattern="^[a-z]+$")], "Bridge", "pattern"),
    (Annotated[datetime, Meta(tz=True)], datetime(2026, 5, 4, 8), "timezone"),  # noqa: DTZ001
    (Annotated[int, Meta(ge=0)], -1, "bound"),
    (Annotated[int, Meta(gt=0)], 0, "bound"),
    (Annotated[int, Meta(le=10)], 11, "bound"),
    (Annotated[float, Meta(ge=0)], -0.5, "bound"),
    (Literal["left", "right"], "up", "enum"),
    (date, "2026-13-01", "format"),
    (datetime, "yesterday", "format"),
    (int, "5", "type"),
    (int, True, "type"),
    (str, None, "type"),
    (int | None, "x", "type"),
    (Sample, "x", "type"),
    (Sample, [1], "type"),
]


@pytest.mark.parametrize(("type_", "value", "kind"), FAILURES)
def test_msgspec_words_every_kind_of_failure_as_the_table_reads_it(type_, value, kind) -> None:
    """Pins msgspec 0.23's wording: if this fails after an upgrade, update MSGSPEC_KINDS."""
    with pytest.raises(msgspec.ValidationError) as info:
        msgspec.convert(value, type_)
    assert kind_of(str(info.value)) == kind, str(info.value)


def test_every_msgspec_kind_is_pinned_and_has_words() -> None:
    pinned = {kind for _, _, kind in FAILURES}
    assert {kind for _, kind in MSGSPEC_KINDS} == pinned
    assert pinned <= set(WORDS)


def test_a_message_no_kind_fits_is_shown_as_msgspec_wrote_it() -> None:
    fault = Fault(("x",), kind_of("Something new - at `$.x`"), "Something new - at `$.x`", 1, int)
    assert fault.kind == "other"
    assert explain(fault) == "Something new"


@pytest.mark.parametrize(
    ("type_", "value", "words"),
    [
        (
            Annotated[int, Meta(ge=0, le=10)] | None,
            11,
            "must be a whole number from 0 to 10 (found 11)",
        ),
        (Annotated[int, Meta(gt=0)], 0, "must be a whole number above zero (found 0)"),
        (
            Annotated[str, Meta(min_length=1)],
            " ",
            "the text is empty; write it, or leave the entry out",
        ),
        (
            Annotated[str, Meta(max_length=3)],
            "abcd",
            "must be at most 3 characters long (found 'abcd')",
        ),
        (
            Annotated[tuple[int, ...], Meta(min_length=1)],
            [],
            "the list is empty; give at least one item",
        ),
        (Literal["a", "b", "c"], "d", "must be 'a', 'b' or 'c' (found 'd')"),
        (
            Annotated[str, Meta(pattern="^x$", extra={"pattern": "write an x"})],
            "y",
            "write an x (found 'y')",
        ),
        (Sample, ["x"], "expected 'key: value' lines here, found list ['x']"),
        (date, "soon", "must be a date, e.g. 2026-12-01 (found 'soon')"),
    ],
)
def test_the_one_table_says_what_the_type_asks_for(type_, value, words) -> None:
    _, [fault] = validate(value, type_)
    assert explain(fault) == words


class Pair(Record, kw_only=True):
    """A record with a rule in a field's type and a rule across fields."""

    low: Annotated[int, rule(lambda v: "must be even" if v % 2 else None)]
    high: int
    label: str = ""

    def _settle(self) -> None:
        if self.low > self.high:
            raise invalid(("high",), "must not be below low")


def test_every_broken_field_is_found_at_once_and_field_rules_with_them() -> None:
    _, faults = validate({"low": 3, "high": "x", "lable": "typo"}, Pair)
    assert [(f.loc, f.kind) for f in faults] == [
        (("low",), "rule"),
        (("high",), "type"),
        (("lable",), "unknown"),
    ]
    assert [explain(f) for f in faults] == [
        "must be even",
        "must be a whole number (found 'x')",
        "unknown key 'lable' (misspelt? unknown keys are not allowed)",
    ]


def test_a_rule_across_fields_names_its_field_without_parsing_text() -> None:
    _, [fault] = validate({"pairs": [{"low": 4, "high": 2}]}, dict[str, tuple[Pair, ...]])
    assert fault.loc == ("pairs", 0, "high")
    assert explain(fault) == "must not be below low"


def test_a_record_built_in_code_is_checked_alike() -> None:
    with pytest.raises(msgspec.ValidationError, match="low: must be even"):
        Pair(low=1, high=2)
    assert Pair(low=2, high=4, label="  x ").label == "x"


def test_a_message_never_echoes_a_huge_value() -> None:
    _, [fault] = validate("x" * 10_000, int)
    assert "10,000 characters" in explain(fault)
    assert len(explain(fault)) < 200


# --- the one size-limited reader ------------------------------------------------------------------


def test_one_size_limited_reader_for_bytes_paths_and_open_files(tmp_path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"12345")
    assert read_limited(b"12345", 5, name="upload") == ("upload", b"12345")
    assert read_limited(path, 5, name="upload") == (str(path), b"12345")
    with path.open("rb") as fh:
        assert read_limited(fh, 5, name="upload") == (str(path), b"12345")
    assert read_limited(io.StringIO("abc"), 5, name="upload") == ("upload", "abc")
    for source in (b"123456", path):
        with pytest.raises(TooLargeError) as info:
            read_limited(source, 4, name="upload")
        assert str(info.value).endswith("larger than the limit of 4 bytes per file.")
        assert info.value.size in (5, 6)
    with (
        path.open("rb") as fh,
        pytest.raises(TooLargeError, match=r"a\.csv is larger than the limit of 4 bytes"),
    ):
        read_limited(fh, 4, name="upload")
    with pytest.raises(OSError, match="missing"):
        read_limited(tmp_path / "missing.csv", 4, name="upload")


def test_the_size_message_is_the_upload_buttons() -> None:
    assert too_big_message("huge.csv", 73_400_320, 10_000_000) == (
        "huge.csv is 73.4 MB, larger than the limit of 10 MB per file."
    )
    assert TooLargeError("a", 2_000_001, 2_000_000).about("the file") == (
        "the file is 2,000,001 bytes, larger than the limit of 2,000,000 bytes per file."
    )


# --- the one strict YAML reader ---------------------------------------------------------------------


def test_the_yaml_reader_keeps_lines_and_locates_a_key_given_twice() -> None:
    data, root = read_yaml("exercises:\n  - id: bridge\n    reps: 5\n")
    assert data == {"exercises": [{"id": "bridge", "reps": 5}]}
    assert root is not None
    with pytest.raises(YamlError) as info:
        read_yaml("exercises:\n  - id: bridge\n    reps: 5\n    reps: 6\n")
    assert str(info.value.problem()) == (
        "line 4, exercise 'bridge', field 'reps': the key 'reps' is given twice (first on line 3)"
    )
    with pytest.raises(YamlError) as info:
        read_yaml("a: [\n")
    assert info.value.line == 2
    assert info.value.message.startswith("YAML syntax:")


def test_an_aware_time_is_quoted_as_people_write_it() -> None:
    _, [fault] = validate(datetime(2026, 5, 4, tzinfo=UTC), Annotated[int, Meta(ge=0)])
    assert "'2026-05-04T00:00:00+00:00'" in explain(fault)
