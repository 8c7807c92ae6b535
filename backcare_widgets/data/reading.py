"""Reading what people hand the workbook: bytes within a size limit, and YAML, strictly.

One size-limited reader (:func:`read_limited`) for every file a person opens or uploads (a log's
CSV, a class's exports, a programme, the catalogue), saying one thing when a file is too large,
in the upload button's words (:func:`too_big_message`); and one strict YAML reader
(:func:`read_yaml`) for the catalogue and programmes, which keeps the node tree so that every
message can name the line.
"""

from __future__ import annotations

import os
from collections.abc import Hashable
from pathlib import Path
from typing import IO, Any

import yaml

from backcare_widgets.data.records import Loc, Problem, excerpt, locate

__all__ = [
    "MAX_YAML_DEPTH",
    "DuplicateKeyError",
    "StrictLoader",
    "TooLargeError",
    "YamlError",
    "YamlRefusedError",
    "format_bytes",
    "read_limited",
    "read_yaml",
    "size_against_limit",
    "too_big_message",
]

#: Deepest nesting a hand-written catalogue or programme may have (they need about 6 levels);
#: deeper input is refused with a message instead of a RecursionError.
MAX_YAML_DEPTH = 32


# --- bytes within a size limit ------------------------------------------------------------------


def format_bytes(size: int) -> str:
    """Say a file size the way people read it, in decimal units: ``"21 MB"``, ``"3.5 kB"``.

    Examples
    --------
    >>> format_bytes(10_000_000), format_bytes(73_400_320), format_bytes(1), format_bytes(2_500)
    ('10 MB', '73.4 MB', '1 byte', '2.5 kB')
    """
    if size < 1_000:
        return f"{size} byte{'' if size == 1 else 's'}"
    value, unit = (size / 1e3, "kB") if size < 1_000_000 else (size / 1e6, "MB")
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


def size_against_limit(size: int, limit: int) -> tuple[str, str]:
    """Return (size, limit) as text, exact bytes when rounding would make them look equal."""
    shown, limit_shown = format_bytes(size), format_bytes(limit)
    if shown == limit_shown:
        return f"{size:,} bytes", f"{limit:,} bytes"
    return shown, limit_shown


def too_big_message(name: str, size: int | None, limit: int) -> str:
    """Say that one file is over its size limit: the one wording, in the browser and in Python.

    ``size`` is None when only "more than the limit" is known (a stream read up to the limit).
    """
    if size is None:
        return f"{name} is larger than the limit of {format_bytes(limit)} per file."
    shown, limit_shown = size_against_limit(size, limit)
    return f"{name} is {shown}, larger than the limit of {limit_shown} per file."


class TooLargeError(ValueError):
    """A file is over its size limit; it was not read (beyond the limit).

    Attributes
    ----------
    name : str
        The file as the message names it.
    size, limit : int
        Its size (None if only "larger" is known) and the limit, in bytes.
    """

    def __init__(self, name: str, size: int | None, limit: int) -> None:
        self.name, self.size, self.limit = name, size, limit
        super().__init__(too_big_message(name, size, limit))

    def about(self, name: str) -> str:
        """Say the same of the file under another name (``"the file"`` after its path)."""
        return too_big_message(name, self.size, self.limit)


Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[Any]


def read_limited(source: Source, limit: int, *, name: str) -> tuple[str, bytes | str]:
    """Read a file given as a path, its bytes or an open file, refusing more than ``limit`` bytes.

    Parameters
    ----------
    source : path, bytes or open file
        What to read; a file on disk that is too large is refused before it is read.
    limit : int
        The most bytes (characters, for a text stream) that are read.
    name : str
        What to call bytes (an upload) in messages; a path is called by itself, an open file by
        its ``name``.

    Returns
    -------
    tuple
        The label messages use for the file, and its content (``str`` from a text stream).

    Raises
    ------
    TooLargeError
        If the file is larger than ``limit``.
    OSError
        If a path cannot be read.
    TypeError
        If ``source`` is none of these.
    """
    data: bytes | str
    if isinstance(source, bytes | bytearray | memoryview):
        label, data = name, bytes(source)
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        label = str(path)
        size = path.stat().st_size
        if size > limit:
            raise TooLargeError(label, size, limit)
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    elif hasattr(source, "read"):
        label = str(getattr(source, "name", name))
        data = source.read(limit + 1)
        if len(data) > limit:
            raise TooLargeError(label, None, limit)
    else:
        raise TypeError(f"expected a path, bytes or an open file, got {excerpt(source)}")
    if len(data) > limit:
        raise TooLargeError(label, len(data), limit)
    return label, data


# --- the one strict YAML reader of catalogue and programmes -------------------------------------


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


class YamlError(ValueError):
    """The text is not YAML the workbook reads; :meth:`problem` says where, as a file's problem.

    Attributes
    ----------
    line : int or None
        The line it is on.
    loc : tuple
        The path to a key given twice (empty otherwise).
    root : yaml.Node or None
        The node tree, if the text got that far.
    """

    def __init__(
        self, message: str, line: int | None, loc: Loc = (), root: yaml.Node | None = None
    ) -> None:
        super().__init__(message)
        self.message, self.line, self.loc, self.root = message, line, loc, root

    def problem(self, *, id_key: str = "id", numbered: bool = False) -> Problem:
        """Return the problem located like any other (exercise and field of a key given twice)."""
        where = locate(self.loc, self.message, root=self.root, id_key=id_key, numbered=numbered)
        return where._replace(line=self.line)


def _loc_of(node: yaml.Node | None, key_node: yaml.Node) -> Loc | None:
    """Return the path from ``node`` down to the mapping key ``key_node``."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key is key_node:
                return (key.value,)
            below = _loc_of(value, key_node)
            if below is not None:
                return (key.value, *below)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            below = _loc_of(item, key_node)
            if below is not None:
                return (index, *below)
    return None


def _line(mark: yaml.Mark | None) -> int | None:
    return mark.line + 1 if mark is not None else None


def read_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """Read hand-written YAML strictly; return its data and node tree (which knows every line).

    Raises
    ------
    YamlError
        For YAML that is broken or refused (anchors, a key given twice, deep nesting), naming
        the line.
    """
    loader = StrictLoader(text)
    root = None
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except DuplicateKeyError as exc:
        loc = _loc_of(root, exc.key_node) or ()
        line = _line(exc.key_node.start_mark)
        raise YamlError(str(exc.problem), line, loc, root) from exc
    except YamlRefusedError as exc:
        raise YamlError(str(exc.problem), _line(exc.problem_mark)) from exc
    except yaml.MarkedYAMLError as exc:
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
        line = _line(exc.problem_mark or exc.context_mark)
        raise YamlError(f"YAML syntax: {detail}", line) from exc
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML syntax: {exc}", None) from exc
    finally:
        loader.dispose()
    return data, root
