"""One way to validate input: typed records, and one table that says what is wrong in plain words.

The log's rows, the catalogue and programmes are msgspec records (:class:`Record`), checked by
:func:`validate`, and every failure is told in the words of one table (:data:`WORDS`), located by
:func:`locate` at the file's line, the exercise and the field.

Why msgspec: every Voila kernel imports the catalogue, and msgspec costs a page under 1 MiB where
pydantic (whose ``errors()`` report failures as codes) cost about 8 and slowed page start-up. The
price is that msgspec reports a failure as one English string. Only :func:`kind_of` reads it, and
only to tell which kind of failure it is (:data:`MSGSPEC_KINDS`); the words of a message come from
:data:`WORDS`, filled in from the record's own types (bounds, patterns, choices), never from
msgspec's text. ``tests/data/test_records.py`` pins msgspec's wording of every kind, so an upgrade
that changes it fails there, loudly. A record's own rules raise :func:`invalid`, which travels as
the exception's ``__cause__`` (no text to parse); a rule about one field sits in its type
(:func:`rule`), so it is reported together with every other broken field.

msgspec stops at its first error; on failure :func:`validate` checks each field (and each item of
a list or mapping) on its own, so one run names every broken field.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from types import MappingProxyType, NoneType, UnionType
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, Union, get_args, get_origin

import msgspec
from msgspec.structs import force_setattr

if TYPE_CHECKING:
    from collections.abc import Callable

    import yaml

__all__ = [
    "MAX_QUOTED_CHARS",
    "MSGSPEC_KINDS",
    "WORDS",
    "Fault",
    "Loc",
    "Problem",
    "Record",
    "RuleError",
    "bare_type",
    "excerpt",
    "explain",
    "invalid",
    "kind_of",
    "locate",
    "rule",
    "unknown_keys",
    "validate",
]

#: Longest value a message quotes.
MAX_QUOTED_CHARS = 40

Loc = tuple[int | str, ...]


def excerpt(value: Any) -> str:
    """Quote a value for a message, cut short so a huge value is never echoed whole."""
    if isinstance(value, datetime):  # as people write times, not as Python builds them
        value = value.isoformat()
    text = repr(value)
    if len(text) <= MAX_QUOTED_CHARS:
        return text
    return f"{text[: MAX_QUOTED_CHARS - 6]}...{text[-3:]} ({len(str(value)):,} characters)"


# --- what went wrong: faults, and a record's own rules ------------------------------------------


class Fault(NamedTuple):
    """One thing wrong in data: where, which kind of failure, the value found, the type expected.

    ``kind`` is ``"missing"``, ``"unknown"``, ``"rule"`` (``message`` is then the rule's own
    words) or one of :data:`MSGSPEC_KINDS`; ``message`` keeps msgspec's text for the record.
    """

    loc: Loc
    kind: str
    message: str
    found: Any = None
    expected: Any = None


class RuleError(ValueError):
    """A record's own rule is broken: each problem is where (within the record) and what."""

    def __init__(self, problems: list[tuple[Loc, str]]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(message for _, message in problems))


def invalid(loc: Loc, message: str) -> RuleError:
    """Return the error for a rule a record checks itself, naming the field it is about."""
    return RuleError([(loc, message)])


def rule(check: Callable[[Any], str | None]) -> msgspec.Meta:
    """Attach a rule about one field to its type: ``check(value)`` returns what is wrong, or None.

    Put it in the field's annotation (``Annotated[int, Meta(ge=0), rule(...)]``); unlike a rule
    in :meth:`Record._settle`, it is reported together with the record's other broken fields.
    """
    return msgspec.Meta(extra={"rule": check})


def _metas(type_: Any) -> list[msgspec.Meta]:
    """Every ``Meta`` of a type, through annotations and unions (not into a list's items)."""
    origin, args = get_origin(type_), get_args(type_)
    if origin is Annotated:
        return [*_metas(args[0]), *(m for m in args[1:] if isinstance(m, msgspec.Meta))]
    if origin in (Union, UnionType):
        return [meta for arg in args for meta in _metas(arg)]
    return []


def _meta(type_: Any, name: str) -> Any:
    """Return a constraint (``ge``, ``max_length``, ...) or extra (``rule``) of a type, or None."""
    for meta in _metas(type_):
        value = getattr(meta, name, None) if name != "rule" else (meta.extra or {}).get(name)
        if value is not None:
            return value
    return None


def _broken_rule(value: Any, type_: Any) -> str | None:
    check = _meta(type_, "rule")
    return None if value is None or check is None else check(value)


@cache
def _field_rules(
    record: type[msgspec.Struct],
) -> tuple[tuple[str, Callable[[Any], str | None]], ...]:
    """Return each field's rule, found once per record class (a log import checks many rows)."""
    return tuple(
        (info.name, check)
        for info in msgspec.structs.fields(record)
        if (check := _meta(info.type, "rule")) is not None
    )


# --- records ------------------------------------------------------------------------------------

#: True while :func:`validate` converts data: msgspec has checked the types, and only a record's
#: own rules remain. A record built in code is checked by a round trip.
_DECODING: ContextVar[bool] = ContextVar("backcare_decoding", default=False)


def _stripped(data: Any) -> Any:
    """Strip the whitespace around every text and key (hand-written YAML has it)."""
    if isinstance(data, str):
        return data.strip()
    if isinstance(data, dict):
        return {_stripped(key): _stripped(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_stripped(item) for item in data]
    return data


def _convert(data: Any, type_: Any) -> Any:
    token = _DECODING.set(True)
    try:
        return msgspec.convert(data, type_)
    finally:
        _DECODING.reset(token)


def _builtin(value: Any) -> Any:
    """Give ``msgspec.to_builtins`` the plain dict behind a read-only mapping."""
    if isinstance(value, MappingProxyType):
        return dict(value)
    raise NotImplementedError


class Record(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An immutable record that refuses unknown keys, checked alike from a file or from code.

    msgspec checks types only while it converts data, so a record built in code is checked by a
    round trip through plain data and takes the checked values: it can never hold what a file
    could not. Subclasses normalise fields and check rules across them in :meth:`_settle`.
    """

    def __post_init__(self) -> None:
        if _DECODING.get():
            problems: list[tuple[Loc, str]] = [
                ((name,), message)
                for name, check in _field_rules(type(self))
                if (value := getattr(self, name)) is not None and (message := check(value))
            ]
            if problems:
                raise RuleError(problems)
            self._settle()
            return
        data = _stripped(msgspec.to_builtins(self, enc_hook=_builtin))
        checked, faults = validate(data, type(self), strip=False)
        if faults:
            raise msgspec.ValidationError(
                "\n".join(f"{_path(fault.loc)}: {explain(fault)}" for fault in faults)
            )
        for name in self.__struct_fields__:
            force_setattr(self, name, getattr(checked, name))

    def _settle(self) -> None:
        """Normalise fields and check rules across them, raising :func:`invalid` errors."""


def _path(loc: Loc) -> str:
    return (
        ".".join(f"[{part}]" if isinstance(part, int) else str(part) for part in loc).replace(
            ".[", "["
        )
        or "the record"
    )


def validate(
    data: Any, type_: Any, loc: Loc = (), *, strip: bool = True
) -> tuple[Any, list[Fault]]:
    """Convert plain data to ``type_``, or find everything wrong with it.

    Parameters
    ----------
    data : object
        Plain data, e.g. from YAML.
    type_ : type
        What it should be.
    loc : tuple
        Where ``data`` sits, prefixed to each fault's place.
    strip : bool
        Strip the whitespace around texts and keys first (for hand-written files; a log row's
        notes are kept verbatim).

    Returns
    -------
    tuple
        The converted value and no faults, or None and at least one fault.
    """
    if strip:
        data = _stripped(data)
    try:
        value = _convert(data, type_)
    except msgspec.ValidationError as exc:
        within = _faults_within(data, type_, loc)
        if within:
            return None, within
        if isinstance(exc.__cause__, RuleError):
            found = [
                Fault((*loc, *where), "rule", message, _value_at(data, where))
                for where, message in exc.__cause__.problems
            ]
            return None, found
        message = str(exc)
        return None, [Fault(loc, kind_of(message), message, data, type_)]
    if not isinstance(value, msgspec.Struct) and (broken := _broken_rule(value, type_)):
        return None, [Fault(loc, "rule", broken, data, type_)]  # a record ran its rules itself
    return value, []


def _value_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        in_dict = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and part < len(data)
        if not (in_dict or in_list):
            return None
        data = data[part]
    return data


def bare_type(type_: Any) -> Any:
    """Return ``type_`` without annotations and without ``| None``."""
    while True:
        args = get_args(type_)
        if get_origin(type_) is Annotated:
            type_ = args[0]
        elif get_origin(type_) in (Union, UnionType) and len(args) == 2 and NoneType in args:
            type_ = args[0] if args[1] is NoneType else args[1]
        else:
            return type_


def unknown_keys(data: dict[Any, Any], record: type[msgspec.Struct], loc: Loc) -> list[Fault]:
    """Name each key of ``data`` that ``record`` has no field for (a likely typo)."""
    names = {info.encode_name for info in msgspec.structs.fields(record)}
    return [
        Fault((*loc, key), "unknown", f"unknown field {key!r}", value)
        for key, value in data.items()
        if key not in names
    ]


def _faults_within(data: Any, type_: Any, loc: Loc) -> list[Fault]:
    """Check the parts of ``data`` one by one: a record's fields, a list's items, a mapping's."""
    bare = bare_type(type_)
    origin, args = get_origin(bare), get_args(bare)
    if origin in (Union, UnionType) and isinstance(data, list):  # e.g. a count or a range
        lists = [arg for arg in args if get_origin(bare_type(arg)) is tuple]
        return _faults_within(data, lists[0], loc) if len(lists) == 1 else []
    faults = []
    if origin is None and isinstance(bare, type) and issubclass(bare, msgspec.Struct):
        if isinstance(data, dict):
            for info in msgspec.structs.fields(bare):
                name = info.encode_name
                if name in data:
                    faults += validate(data[name], info.type, (*loc, name), strip=False)[1]
                elif info.required:
                    faults.append(Fault((*loc, name), "missing", "missing", None, info.type))
            faults += unknown_keys(data, bare, loc)
    elif origin is tuple and args[1:] == (...,) and isinstance(data, list):
        for index, item in enumerate(data):
            faults += validate(item, args[0], (*loc, index), strip=False)[1]
    elif origin is dict and isinstance(data, dict):
        for key, value in data.items():
            bad_key = validate(key, args[0], (*loc, key), strip=False)[1]
            faults += bad_key or validate(value, args[1], (*loc, key), strip=False)[1]
    return faults


# --- the one table: a fault in plain words ------------------------------------------------------

#: How msgspec (pinned ``==0.23.0``) starts its message for each kind of failure, in the order
#: tried. This is the only place that reads msgspec's English; ``tests/data/test_records.py``
#: pins every entry, so an upgrade that rewords one fails there.
MSGSPEC_KINDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"Expected `[^`]+` of length [<>]=", "length"),
        (r"Expected `str` matching regex ", "pattern"),
        (r"Expected `datetime` with a timezone component", "timezone"),
        (r"Expected `[^`]+` [<>]=? ", "bound"),
        (r"Invalid enum value ", "enum"),
        (r"Invalid RFC3339 encoded ", "format"),
        (r"Expected `[^`]+`, got `", "type"),
    )
)


def kind_of(message: str) -> str:
    """Return the kind of failure a msgspec message reports (``"other"`` if none fits)."""
    return next((kind for pattern, kind in MSGSPEC_KINDS if pattern.match(message)), "other")


#: The one table: each kind of failure (:data:`MSGSPEC_KINDS`, plus the ones found by checking
#: field by field) -> plain words. ``{expected}`` says what the type asks for (from its bounds,
#: pattern or choices), ``{seen}`` is " (found <value>)", ``{key}`` the key, ``{kind}`` the
#: found value's type, ``{limit}`` a length limit.
WORDS: dict[str, str] = {
    "missing": "this required field is missing",
    "unknown": "unknown key {key} (misspelt? unknown keys are not allowed)",
    "shape": "expected {expected} here, found {kind} {found}",
    "type": "must be {expected}{seen}",
    "bound": "must be {expected}{seen}",
    "enum": "must be {expected}{seen}",
    "format": "must be {expected}{seen}",
    "timezone": "must be timezone-aware (with a UTC offset such as +02:00){seen}",
    "pattern": "{pattern}{seen}",
    "empty text": "the text is empty; write it, or leave the entry out",
    "long text": "must be at most {limit} characters long{seen}",
    "empty list": "the list is empty; give at least one item",
    "range": "a range is two whole numbers, written [low, high]{seen}",
    "length": "must be {expected}{seen}",
}


def _whole_number(type_: Any) -> str:
    gt, lt = _meta(type_, "gt"), _meta(type_, "lt")
    low = _meta(type_, "ge") if gt is None else gt + 1
    high = _meta(type_, "le") if lt is None else lt - 1
    if low is not None and high is not None:
        return f"a whole number from {low} to {high}"
    if low == 1:
        return "a whole number above zero"
    if low is not None:
        return f"a whole number of at least {low}"
    return "a whole number" if high is None else f"a whole number of at most {high}"


def _expected(type_: Any) -> str:
    """Say what a type asks for: ``"a whole number from 0 to 10"``, ``"'left' or 'right'"``."""
    bare = bare_type(type_)
    origin, args = get_origin(bare), get_args(bare)
    if origin in (Union, UnionType):
        return ", or ".join(_expected(arg) for arg in args if arg is not NoneType)
    if origin is Literal:
        names = [repr(arg) for arg in args]
        return " or ".join(names) if len(names) < 3 else f"{', '.join(names[:-1])} or {names[-1]}"
    if origin is tuple and _meta(type_, "min_length") == _meta(type_, "max_length") == 2:
        return "a range [low, high]"
    words = {
        bool: "true or false",
        float: "a number",
        str: "text",
        datetime: "a time with its UTC offset, e.g. 2026-05-01T08:30:00+02:00",
        date: "a date, e.g. 2026-12-01",
    }
    if bare is int:
        return _whole_number(type_)
    if bare in words:
        return words[bare]
    return "a list ('- ' lines)" if origin in (tuple, list) else "'key: value' lines"


def _refined(fault: Fault) -> str:
    """Tell apart what one kind of msgspec failure may mean, from the value and the type."""
    found, expected = fault.found, fault.expected
    bare = bare_type(expected)
    structured = isinstance(bare, type) and issubclass(bare, msgspec.Struct)
    if fault.kind == "type" and (structured or get_origin(bare) in (dict, tuple, list)):
        return "shape"
    if fault.kind == "length" and isinstance(found, str):
        return "empty text" if not found.strip() else "long text"
    if fault.kind == "length" and isinstance(found, list):
        if _meta(expected, "min_length") == _meta(expected, "max_length") == 2:
            return "range"
        return "empty list" if not found else "length"
    return fault.kind


def explain(fault: Fault) -> str:
    """Say what is wrong in plain words, from the one table (:data:`WORDS`)."""
    if fault.kind == "rule":
        return fault.message
    kind = _refined(fault)
    if kind not in WORDS:  # msgspec said something no kind fits: show it as it is
        return fault.message.split(" - at `", 1)[0]
    found = fault.found
    return WORDS[kind].format(
        expected=_expected(fault.expected),
        seen="" if isinstance(found, dict) else f" (found {excerpt(found)})",
        key=excerpt(fault.loc[-1] if fault.loc else None),
        kind=type(found).__name__,
        found=excerpt(found),
        limit=_meta(fault.expected, "max_length"),
        pattern=(_meta(fault.expected, "extra") or {}).get("pattern")
        or f"must match the pattern {_meta(fault.expected, 'pattern')}",
    )


# --- where: the file's line, the exercise and the field -----------------------------------------


class Problem(NamedTuple):
    """One thing wrong with a file, located for the person who edits it.

    ``position`` numbers the exercise (from 1) where a file may list one exercise twice.
    """

    line: int | None
    exercise_id: str | None
    field: str | None
    message: str
    position: int | None = None

    def __str__(self) -> str:
        where = [f"line {self.line}"] if self.line else []
        if self.position:
            named = f" {excerpt(self.exercise_id)}" if self.exercise_id else ""
            where.append(f"exercise #{self.position}{named}")
        elif self.exercise_id:
            where.append(f"exercise {excerpt(self.exercise_id)}")
        if self.field:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


def node_at(node: yaml.Node | None, loc: Loc, *, nearest: bool = False) -> yaml.Node | None:
    """Follow ``loc`` down a YAML node tree; if a part is missing, its parent if ``nearest``."""
    import yaml  # the node classes; only needed when a file is located

    for part in loc:
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if part < len(node.value) else None
        else:
            child = None
        if child is None:
            return node if nearest else None
        node = child
    return node


def _written(loc: Loc, root: yaml.Node | None, data: Any) -> str | None:
    """Return a plain value as the file writes it (the node tree), else as the data holds it."""
    node = node_at(root, loc) if root is not None else None
    value = getattr(node, "value", None) if node is not None else _value_at(data, loc)
    return str(value) if isinstance(value, str | int | float) and value != "" else None


def locate(
    loc: Loc,
    message: str,
    *,
    root: yaml.Node | None = None,
    data: Any = None,
    id_key: str = "id",
    numbered: bool = False,
) -> Problem:
    """Turn a path into a file (``("exercises", 2, "dosage", "reps")``) into a located problem.

    Parameters
    ----------
    loc : tuple
        Where the problem is, from the top of the file.
    message : str
        What is wrong, in plain words.
    root : yaml.Node, optional
        The file's node tree, which knows every value's line.
    data : object, optional
        The file's data, to name an exercise when there is no node tree.
    id_key : str
        The key that names an entry of ``exercises``.
    numbered : bool
        Name an exercise by its place too (``exercise #2 'bridge'``).
    """
    node = node_at(root, loc, nearest=True) if root is not None else None
    line = node.start_mark.line + 1 if node is not None else None
    exercise_id, position, field_loc = None, None, loc
    if len(loc) >= 2 and loc[0] == "exercises" and isinstance(loc[1], int):
        exercise_id = _written(("exercises", loc[1], id_key), root, data)
        position, field_loc = loc[1] + 1, loc[2:]
        if not numbered:
            exercise_id, position = exercise_id or f"#{position}", None
    field = ".".join(
        f"[{part}]" if isinstance(part, int) else str(part)[:MAX_QUOTED_CHARS] for part in field_loc
    )
    return Problem(line, exercise_id, field.replace(".[", "[") or None, message, position)
