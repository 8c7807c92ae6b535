"""Immutable records validated by msgspec, with every fault located for the person who edits.

The catalogue and programmes are YAML files written by hand; msgspec (light enough for every
Voila kernel to import) checks them, but stops at its first error and locates errors raised in a
record's own rules at the record. :func:`validate` widens that to every broken field at once, and
:func:`invalid` lets a record's rule name its field. Records built in code are checked alike.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from contextvars import ContextVar
from types import MappingProxyType, NoneType, UnionType
from typing import Annotated, Any, NamedTuple, Union, get_args, get_origin

import msgspec
import yaml
from msgspec.structs import force_setattr

__all__ = [
    "MAX_YAML_DEPTH",
    "DuplicateKeyError",
    "Fault",
    "Loc",
    "Record",
    "StrictLoader",
    "YamlRefusedError",
    "bare_type",
    "excerpt",
    "invalid",
    "unknown_keys",
    "validate",
]

#: Deepest nesting a hand-written catalogue or programme may have (they need about 6 levels);
#: deeper input is refused with a message instead of a RecursionError.
MAX_YAML_DEPTH = 32
#: Longest value a message quotes.
MAX_QUOTED_CHARS = 40


def excerpt(value: Any) -> str:
    """Quote a value for a message, cut short so a huge value is never echoed whole."""
    text = repr(value)
    if len(text) <= MAX_QUOTED_CHARS:
        return text
    return f"{text[: MAX_QUOTED_CHARS - 6]}...{text[-3:]} ({len(str(value)):,} characters)"


# --- the one strict YAML reader of catalogue and programmes ----------------------------------


class YamlRefusedError(yaml.MarkedYAMLError):
    """YAML the workbook does not read: anchors and aliases, a key given twice, deep nesting."""

    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class DuplicateKeyError(YamlRefusedError):
    """A key given twice in one mapping; keeps the node so the message can say where."""

    def __init__(self, key: str, first: yaml.Node, again: yaml.Node) -> None:
        super().__init__(
            f"the key {excerpt(key)} is given twice (first on line {first.start_mark.line + 1})",
            again.start_mark,
        )
        self.key_node = again


class StrictLoader(yaml.SafeLoader):
    """A safe loader for hand-written files that refuses what a person never needs to write.

    * anchors and aliases (``&a``, ``*a``): a few hundred bytes of nested aliases (a "billion
      laughs") expand to gigabytes, so they are refused before any value is built;
    * a key given twice in one mapping (plain YAML silently keeps the last one);
    * nesting deeper than :data:`MAX_YAML_DEPTH` (PyYAML would end in a RecursionError).
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """Refuse anchors and aliases, and nesting deeper than the limit."""
        # types-PyYAML leaves Parser.peek_event unannotated (it returns the next Event)
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise YamlRefusedError(
                "anchors and aliases ('&name', '*name') are not allowed: write each value out "
                "in full",
                event.start_mark,
            )
        if self._depth >= MAX_YAML_DEPTH:
            raise YamlRefusedError(
                f"nested more than {MAX_YAML_DEPTH} levels deep; is this the right file?",
                event.start_mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Refuse a key given twice (PyYAML would keep the last one silently)."""
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Hashable):  # the base class reports unhashable keys
                if key in seen:
                    raise DuplicateKeyError(str(key), seen[key], key_node)
                seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


Loc = tuple[int | str, ...]

#: True while :func:`validate` converts data: msgspec has checked the types, and only a record's
#: own rules (:meth:`Record._settle`) remain. A record built in code is checked by a round trip.
_DECODING: ContextVar[bool] = ContextVar("backcare_decoding", default=False)


def _path(loc: Loc) -> str:
    return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)


def invalid(loc: Loc, message: str) -> Exception:
    """Return the error for a rule a record checks itself, naming the field it is about.

    msgspec locates an error raised in ``__post_init__`` at the record, not the field; the field's
    path, written in msgspec's own ``- at `$.field``` form, is read back by :func:`validate`.
    """
    text = f"{message} - at `{_path(loc)}`"
    # while decoding, msgspec takes a ValueError and adds where the record sits in the data
    return ValueError(text) if _DECODING.get() else msgspec.ValidationError(text)


_AT = re.compile(r" - at `\$([^`]*)`$", re.DOTALL)
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")
_KEYED = re.compile(r"^Object (?:contains unknown|missing required) field `(.*)`$")


def _split(error: str) -> tuple[str, Loc]:
    """Split msgspec's message into its words and the place it names, e.g. ``("dosage", "reps")``.

    A rule broken in a record reads ``... - at `$.reps` - at `$.exercises[0].dosage```: the last
    path is the record's, the one before it the field's within the record.
    """
    paths = []
    while match := _AT.search(error):
        paths.append(match.group(1))
        error = error[: match.start()]
    loc: list[int | str] = []
    for path in paths:
        for match in _STEP.finditer(path):
            name, index = match.groups()
            if index == "...":  # some key of a mapping, unnamed: stop at the mapping
                return error, tuple(loc)
            loc.append(int(index) if index else name)
    if keyed := _KEYED.match(error):
        loc.append(keyed.group(1))
    return error, tuple(loc)


def _stripped(data: Any) -> Any:
    """Strip the whitespace around every text and key, as pydantic did: hand-written YAML has it."""
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
        return msgspec.convert(_stripped(data), type_)
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
            self._settle()
            return
        try:
            checked = _convert(msgspec.to_builtins(self, enc_hook=_builtin), type(self))
        except msgspec.ValidationError as exc:
            message, loc = _split(str(exc))
            raise msgspec.ValidationError(f"{message} - at `{_path(loc)}`") from None
        for name in self.__struct_fields__:
            force_setattr(self, name, getattr(checked, name))

    def _settle(self) -> None:
        """Normalise fields and check rules across them, raising :func:`invalid` errors."""


class Fault(NamedTuple):
    """One thing wrong in data: where, msgspec's words, the value found and the type expected."""

    loc: Loc
    message: str
    found: Any
    expected: Any = None


def validate(data: Any, type_: Any, loc: Loc = ()) -> tuple[Any, list[Fault]]:
    """Convert plain data to ``type_``, or find everything wrong with it.

    msgspec stops at its first error; on failure each field (and each item of a list or mapping)
    is checked on its own, so one run names every broken field. A record's own rules are reported
    once its fields pass.

    Parameters
    ----------
    data : object
        Plain data, e.g. from YAML.
    type_ : type
        What it should be.
    loc : tuple
        Where ``data`` sits, prefixed to each fault's place.

    Returns
    -------
    tuple
        The converted value and no faults, or None and at least one fault.
    """
    try:
        return _convert(data, type_), []
    except msgspec.ValidationError as exc:
        message, where = _split(str(exc))
        first = Fault((*loc, *where), message, _value_at(data, where), None if where else type_)
    return None, _faults_within(data, type_, loc) or [first]


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
        Fault((*loc, key), f"Object contains unknown field `{key}`", value)
        for key, value in data.items()
        if key not in names
    ]


def _faults_within(data: Any, type_: Any, loc: Loc) -> list[Fault]:
    """Check the parts of ``data`` one by one: a record's fields, a list's items, a mapping's."""
    bare = bare_type(type_)
    origin, args = get_origin(bare), get_args(bare)
    faults = []
    if origin is None and isinstance(bare, type) and issubclass(bare, msgspec.Struct):
        if isinstance(data, dict):
            for info in msgspec.structs.fields(bare):
                name = info.encode_name
                if name in data:
                    faults += validate(data[name], info.type, (*loc, name))[1]
                elif info.required:
                    message = f"Object missing required field `{name}`"
                    faults.append(Fault((*loc, name), message, None, info.type))
            faults += unknown_keys(data, bare, loc)
    elif origin is tuple and args[1:] == (...,) and isinstance(data, list):
        for index, item in enumerate(data):
            faults += validate(item, args[0], (*loc, index))[1]
    elif origin is dict and isinstance(data, dict):
        for key, value in data.items():
            bad_key = validate(key, args[0], (*loc, key))[1]
            faults += bad_key or validate(value, args[1], (*loc, key))[1]
    return faults
