"""The exercise catalogue: ``data/exercises.yaml`` loaded into validated, immutable records.

Every page, timer target, checklist, picture and handout reads the catalogue, so a broken file is
refused as a whole, with a message an educator can act on without reading code: it names the file,
the line, the exercise id and the field. Validation is msgspec's (the records below are also the
source of the published JSON Schema, ``data/exercises.schema.json``): every Voila kernel imports
this module, and msgspec costs a page under 1 MiB where a heavier validation library cost ~8.
The file is read and checked the way programmes and the log's rows are
(:mod:`backcare_widgets.data.reading`, :mod:`backcare_widgets.data.records`): one size-limited
reader, one strict YAML reader, and one table of plain words; each exercise is checked on its
own so that every broken one is named at once.

Every text carries its ``source``: ``seed`` (the seed text's words, edited for grammar only) or
``workbook`` (the project's own general guidance where the seed is silent), so pages can show the
two apart and the workbook never passes its own words off as clinical advice.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta
from msgspec.structs import force_setattr

from backcare_widgets.data.reading import TooLargeError, YamlError, read_limited, read_yaml
from backcare_widgets.data.records import (
    Fault,
    Problem,
    Record,
    excerpt,
    explain,
    invalid,
    locate,
    unknown_keys,
    validate,
)
from backcare_widgets.data.wording import SAFETY_LINE

__all__ = [
    "Catalog",
    "CatalogError",
    "CoachRule",
    "Dosage",
    "Exercise",
    "Problem",
    "Text",
    "UnknownExerciseError",
    "catalog_json_schema",
    "default_catalog_path",
    "format_dosage",
    "load_catalog",
    "not_in_catalogue",
]

_HERE = Path(__file__).resolve().parent
#: Where the catalogue is looked for when no path is given: the copy packaged into a wheel first
#: (a stray ``site-packages/data`` must not win), then the repository's ``data/`` directory.
DEFAULT_PATHS: tuple[Path, ...] = (
    _HERE / "exercises.yaml",
    _HERE.parent.parent / "data" / "exercises.yaml",
)

ID_PATTERN = r"^[a-z]+(-[a-z]+)*$"
NAME_PATTERN = r"^[a-z]+(_[a-z]+)*$"
SCHEMA_TITLE = "BackCare Workbook exercise catalogue"
#: A catalogue file's size limit (the shipped one is about 10 kB; 100 exercises fit easily).
MAX_CATALOG_BYTES = 2_000_000


# --- field types -------------------------------------------------------------------------------

PositiveInt = Annotated[int, Meta(gt=0)]
#: A dosage count: one whole number above zero, or a ``[low, high]`` range (read as a tuple).
#: The range is a tuple of length 2 rather than ``tuple[int, int]``: msgspec 0.23 crashes on a
#: union of a fixed-length tuple with a constrained int.
Count = PositiveInt | Annotated[tuple[PositiveInt, ...], Meta(min_length=2, max_length=2)]
Source = Literal["seed", "workbook"]
#: What a message says when a text does not match its pattern (the one table's ``pattern`` words).
_NAME_WORDS = {"pattern": "a name is lowercase words joined by underscores, e.g. 'left_knee'"}
JointName = Annotated[str, Meta(pattern=NAME_PATTERN, extra=_NAME_WORDS)]
PoseName = Annotated[str, Meta(pattern=NAME_PATTERN, extra=_NAME_WORDS)]


def _range_problem(low: int, high: int) -> str | None:
    if low < high:
        return None
    if low > high:
        return f"the range [{low}, {high}] must go from low to high, e.g. [{high}, {low}]"
    return f"the range [{low}, {high}] has one value: write {low}"


def _freeze_poses(poses: Mapping[str, Mapping[str, float]]) -> Mapping[str, Mapping[str, float]]:
    """Keep the pose keyframes read-only, like the rest of the record."""
    return MappingProxyType(
        {pose: MappingProxyType(dict(joints)) for pose, joints in poses.items()}
    )


def check_poses(poses: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Check pose keyframes beyond their shape; the hook for joint-specific rules.

    The pose model (``backcare_widgets.data.pose``) owns which joints exist and their limits: every
    joint must be given and reachable, and ``start`` and ``end`` must be there (its ``PoseError``
    is a ``ValueError``, so the message reaches the educator with the file, line, exercise id and
    field). Whether a pose rests on the mat depends on the exercise; the pictures check that.

    Parameters
    ----------
    poses : dict
        Pose name (``"start"``, ``"end"``) -> joint name -> angle in degrees.

    Returns
    -------
    dict
        The poses, possibly normalised.
    """
    from backcare_widgets.data.pose import validate_poses

    return validate_poses(poses)


# --- records -------------------------------------------------------------------------------------


class Text(Record, frozen=True, kw_only=True):
    """A piece of text with its source, so pages can show the workbook's own words apart."""

    text: Annotated[str, Meta(min_length=1, description="The text shown to the reader.")]
    source: Annotated[
        Source,
        Meta(
            description="'seed': the seed text's words (grammar edits only); "
            "'workbook': the workbook's own general guidance."
        ),
    ]

    def _settle(self) -> None:
        text = self.text.strip()
        if not text:
            raise invalid(("text",), "the text is blank; write it, or leave the entry out")
        force_setattr(self, "text", text)

    def __str__(self) -> str:
        return self.text


class AltText(Record, frozen=True, kw_only=True):
    """Text alternatives for the start and end pictures (read aloud by screen readers)."""

    start: Annotated[Text, Meta(description="Describes the start-position picture.")]
    end: Annotated[Text, Meta(description="Describes the end-position picture.")]


class Dosage(Record, frozen=True, kw_only=True):
    """How much of an exercise to do. A range written [low, high] reads as the tuple (low, high)."""

    source: Annotated[
        Source,
        Meta(
            description="'seed' if the numbers are the seed's; 'workbook' for the workbook's "
            "default, which an educator is expected to set."
        ),
    ]
    reps: Annotated[Count | None, Meta(description="Repetitions per set.")] = None
    hold_seconds: Annotated[
        Count | None, Meta(description="How long each hold lasts, in seconds.")
    ] = None
    repeats: Annotated[Count | None, Meta(description="How many times to repeat each hold.")] = None
    sets: Annotated[Count | None, Meta(description="How many sets.")] = None
    per_side: Annotated[
        bool, Meta(description="Whether the dosage is for each side (leg) in turn.")
    ] = False
    times_per_day: Annotated[Count | None, Meta(description="How many times a day.")] = None
    alternate_sides: Annotated[
        bool,
        Meta(
            description="Whether the sides take turns hold by hold (one side, back to the "
            "middle, the other side) rather than every hold of one side first."
        ),
    ] = False
    note: Annotated[Text | None, Meta(description="Anything the numbers cannot say.")] = None

    def _settle(self) -> None:
        for name in _COUNT_FIELDS:
            value = getattr(self, name)
            if isinstance(value, tuple) and (problem := _range_problem(*value)):
                raise invalid((name,), problem)
        if all(getattr(self, name) is None for name in _COUNT_FIELDS):
            raise invalid((), f"give at least one of {', '.join(_COUNT_FIELDS)}")


_COUNT_FIELDS = ("reps", "hold_seconds", "repeats", "sets", "times_per_day")


class SideMoves(Record, frozen=True, kw_only=True):
    """What the timer says to move between holds when the sides take turns."""

    to_side: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=80,
            pattern=r"\{side\}",
            extra={
                "pattern": "write {side} where the side goes, e.g. 'Roll your knees to the {side}'"
            },
            description="Said before each hold, with {side} for 'left' or 'right', e.g. "
            "'Roll your knees to the {side}'.",
        ),
    ]
    to_middle: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=80,
            description="Said after each hold, e.g. 'Back to the middle'.",
        ),
    ]


class CoachRule(Record, frozen=True, kw_only=True):
    """What the optional camera coach measures for an exercise, and its thresholds.

    The workbook's own rule (``source: workbook``), never the source text's: the browser turns
    each camera frame into the named angle and :mod:`backcare_widgets.data.coach` reads it.
    """

    source: Annotated[
        Literal["workbook"],
        Meta(description="Always 'workbook': the coach's rules are the workbook's own defaults."),
    ]
    does: Annotated[
        Literal["count", "position"],
        Meta(
            description="'count': count repetitions into the rep counter; 'position': start "
            "the hold when the position is reached."
        ),
    ]
    measure: Annotated[
        Literal["shoulder_lift", "hip_lift", "leg_raise", "knee_height"],
        Meta(description="The angle measured (backcare_widgets.data.coach.MEASURES says how)."),
    ]
    enter_degrees: Annotated[
        float,
        Meta(
            ge=0,
            le=180,
            description="Where the moved position begins, in degrees (above 'leave_degrees' "
            "when the angle rises into it, below when it falls).",
        ),
    ]
    leave_degrees: Annotated[
        float,
        Meta(ge=0, le=180, description="Where the moved position ends, in degrees."),
    ]
    min_frames: Annotated[
        int,
        Meta(
            ge=1,
            le=30,
            description="Frames in a row (about 12 a second) that must agree before it counts.",
        ),
    ] = 2

    def _settle(self) -> None:
        if self.enter_degrees == self.leave_degrees:
            raise invalid(
                ("leave_degrees",),
                "must differ from enter_degrees (the gap keeps a wobble from counting twice)",
            )


class Exercise(Record, frozen=True, kw_only=True):
    """One exercise: what it works and why, how to do it, what to watch, and how much."""

    id: Annotated[
        str,
        Meta(
            pattern=ID_PATTERN,
            extra={
                "pattern": "an id is lowercase words joined by hyphens, e.g. 'hamstring-stretch'"
            },
            description="Lowercase words joined by hyphens, e.g. 'hamstring-stretch'. Logs use it.",
        ),
    ]
    name: Annotated[Text, Meta(description="The exercise's name as pages show it.")]
    works: Annotated[Text, Meta(description="What the exercise works.")]
    why: Annotated[
        Text | None, Meta(description="Why that matters (leave out if the seed is silent).")
    ] = None
    muscle: Annotated[
        Text, Meta(description="The working muscle in plain words (pictures highlight it).")
    ]
    start_position: Annotated[Text, Meta(description="How to start.")]
    steps: Annotated[tuple[Text, ...], Meta(min_length=1, description="The steps, in order.")]
    form_cues: Annotated[
        tuple[Text, ...], Meta(min_length=1, description="Cues for the form checklist.")
    ]
    cautions: Annotated[tuple[Text, ...], Meta(description="Exercise-specific cautions.")] = ()
    dosage: Dosage
    side_word: Annotated[
        Literal["side", "leg"],
        Meta(description="What a side is called when the exercise is done per side ('Left leg')."),
    ] = "side"
    side_moves: Annotated[
        SideMoves | None,
        Meta(description="The timer's words between holds when the sides take turns."),
    ] = None
    coach: Annotated[
        CoachRule | None,
        Meta(description="What the optional camera coach measures (leave out for none)."),
    ] = None
    alt_text: AltText
    #: read-only mappings once checked
    poses: Annotated[
        dict[PoseName, dict[JointName, float]] | None,
        Meta(
            description="Joint-angle keyframes: pose name ('start', 'end') -> joint name -> "
            "degrees."
        ),
    ] = None

    def _settle(self) -> None:
        if self.poses is None:
            return
        for pose, joints in self.poses.items():
            for joint, angle in joints.items():
                if not math.isfinite(angle):
                    raise invalid(
                        ("poses", pose, joint), f"must be a finite number (found {excerpt(angle)})"
                    )
        try:
            # looks check_poses up at each call, so the hook can be replaced or patched in tests
            poses = check_poses({pose: dict(joints) for pose, joints in self.poses.items()})
        except ValueError as exc:
            raise invalid(("poses",), str(exc)) from exc
        force_setattr(self, "poses", _freeze_poses(poses))

    @property
    def per_side(self) -> bool:
        """Whether the exercise is done for each side in turn."""
        return self.dosage.per_side

    @property
    def safety_lines(self) -> tuple[str, ...]:
        """The lines every page and handout of this exercise shows: the safety line, then cautions."""
        return (SAFETY_LINE, *(caution.text for caution in self.cautions))


class CatalogFile(Record, frozen=True, kw_only=True):
    """The whole file: a list (not a mapping, so a duplicate id cannot silently replace another)."""

    exercises: Annotated[
        tuple[Exercise, ...], Meta(min_length=1, description="The exercises, in order.")
    ]

    def _settle(self) -> None:
        for index, message in _duplicate_ids(enumerate(self.exercises)):
            raise invalid(("exercises", index, "id"), message)


def _duplicate_ids(exercises: Iterable[tuple[int, Exercise]]) -> Iterator[tuple[int, str]]:
    """Yield (index, message) for each exercise whose id an earlier one already uses."""
    first: dict[str, int] = {}
    for index, exercise in exercises:
        if exercise.id in first:
            yield (
                index,
                f"duplicate id {exercise.id!r} (exercise #{first[exercise.id] + 1} already uses it)",
            )
        else:
            first[exercise.id] = index


def catalog_json_schema() -> dict[str, Any]:
    """Return the catalogue's JSON Schema, so editors can check the YAML while it is typed."""
    _, defs = msgspec.json.schema_components([CatalogFile])
    root = defs.pop("CatalogFile")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **root,
        "title": SCHEMA_TITLE,
        "$defs": defs,
    }
    # as the file reads back (to_builtins keeps a default such as () a tuple)
    return msgspec.json.decode(msgspec.json.encode(schema), type=dict[str, Any])


# --- the catalogue -------------------------------------------------------------------------------


def not_in_catalogue(exercise_ids: Iterable[str], known: Iterable[str]) -> str:
    """Say which ids are not in the catalogue and which are: the one wording every caller uses.

    Parameters
    ----------
    exercise_ids : iterable of str
        The ids not found (each quoted, cut short if huge).
    known : iterable of str
        The catalogue's ids, in its order.

    Returns
    -------
    str
        E.g. ``'plank' is not in the catalogue (known: bridge, partial-crunches, ...)``.
    """
    unknown = [excerpt(exercise_id) for exercise_id in exercise_ids]
    verb = "is" if len(unknown) == 1 else "are"
    return f"{', '.join(unknown)} {verb} not in the catalogue (known: {', '.join(known)})"


class UnknownExerciseError(KeyError, ValueError):
    """Exercise ids that are not in the catalogue; the message names them and the known ids.

    A ``KeyError`` because a lookup failed, and a ``ValueError`` because a page or widget was
    given a bad id: code that catches either keeps working.

    Attributes
    ----------
    exercise_ids : tuple of str
        The ids not found, in the order given.
    known : tuple of str
        The catalogue's ids.
    """

    def __init__(self, exercise_ids: Iterable[str], known: Iterable[str]) -> None:
        self.exercise_ids = tuple(exercise_ids)
        self.known = tuple(known)
        super().__init__(not_in_catalogue(self.exercise_ids, self.known))

    def __str__(self) -> str:
        """Return the message as written (a ``KeyError`` would show it in quotes)."""
        return str(self.args[0])

    def __reduce__(self) -> tuple[type[UnknownExerciseError], tuple[tuple[str, ...], ...]]:
        """Pickle by the ids, as ``__init__`` takes them (a kernel may send it elsewhere)."""
        return type(self), (self.exercise_ids, self.known)


class Catalog(Mapping[str, Exercise]):
    """A read-only mapping from exercise id to :class:`Exercise`, in the file's order.

    Look ids up with :meth:`exercise` (or :meth:`exercises` for several): the one place an
    unknown id is reported (:class:`UnknownExerciseError`). A page resolves its ids once and
    hands the records to the widgets and views it composes.

    Parameters
    ----------
    exercises : iterable of Exercise
        The validated exercises.
    path : Path, optional
        The file they came from (shown in messages).
    """

    def __init__(self, exercises: tuple[Exercise, ...], path: Path | None = None) -> None:
        self._by_id = MappingProxyType({exercise.id: exercise for exercise in exercises})
        self.path = path

    def exercise(self, exercise_id: str) -> Exercise:
        """Return the exercise with this id.

        Raises
        ------
        UnknownExerciseError
            If there is none (a ``KeyError`` and a ``ValueError``).
        """
        (exercise,) = self.exercises((exercise_id,))
        return exercise

    def exercises(self, exercise_ids: Iterable[str]) -> tuple[Exercise, ...]:
        """Return the exercises with these ids, in the order given.

        Raises
        ------
        UnknownExerciseError
            Naming every id that is not in the catalogue (each once), and the known ids.
        TypeError
            If given one id as a string rather than a collection of ids.
        """
        if isinstance(exercise_ids, str):
            raise TypeError(
                f"give a collection of exercise ids, not one id: {excerpt(exercise_ids)}"
            )
        ids = tuple(exercise_ids)
        unknown = [i for i in dict.fromkeys(ids) if i not in self._by_id]
        if unknown:
            raise UnknownExerciseError(unknown, self._by_id)
        return tuple(self._by_id[i] for i in ids)

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self.exercise(exercise_id)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def __repr__(self) -> str:
        return f"Catalog({list(self._by_id)!r}, path={self.path!r})"


class CatalogError(ValueError):
    """The catalogue file cannot be used; the message names file, line, exercise id and field.

    Attributes
    ----------
    path : Path
        The catalogue file.
    problems : tuple of Problem
        Everything found wrong, in file order.
    """

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = tuple(problems)
        if len(problems) == 1:
            message = f"{path}: {problems[0]}"
        else:
            lines = "".join(f"\n  - {problem}" for problem in problems)
            message = f"{path}: {len(problems)} problems in the exercise catalogue:{lines}"
        super().__init__(message)


# --- reading and checking the file --------------------------------------------------------------


def _read(path: Path) -> tuple[Any, Any]:
    """Return the file's data and its node tree (which knows the line of every value)."""
    try:
        _, content = read_limited(path, MAX_CATALOG_BYTES, name=str(path))
        text = bytes(content).decode("utf-8") if not isinstance(content, str) else content
    except TooLargeError as exc:
        raise CatalogError(path, [Problem(None, None, None, exc.about("the file"))]) from None
    except (OSError, UnicodeDecodeError) as exc:
        problem = Problem(None, None, None, f"cannot read the file: {exc}")
        raise CatalogError(path, [problem]) from exc
    try:
        data, root = read_yaml(text)
    except YamlError as exc:
        raise CatalogError(path, [exc.problem()]) from exc
    if data is None or root is None:
        message = "the file is empty; it should hold 'exercises:' followed by a list of exercises"
        raise CatalogError(path, [Problem(1, None, None, message)])
    return data, root


def _exercises(data: Any) -> tuple[list[Exercise], list[Fault]]:
    """Check the file one exercise at a time, so every broken exercise is named at once."""
    entries = data.get("exercises") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        return [], validate(data, CatalogFile)[1]  # the file's shape is wrong: say how
    faults = unknown_keys(data, CatalogFile, ())
    valid: list[tuple[int, Exercise]] = []
    for index, entry in enumerate(entries):
        exercise, found = validate(entry, Exercise, ("exercises", index))
        faults += found
        if exercise is not None:
            valid.append((index, exercise))
    for index, message in _duplicate_ids(valid):
        faults.append(Fault(("exercises", index, "id"), "rule", message))
    return [exercise for _, exercise in valid], faults


def _validate(path: Path) -> Catalog:
    data, root = _read(path)
    exercises, faults = _exercises(data)
    if faults:
        problems = [locate(fault.loc, explain(fault), root=root) for fault in faults]
        raise CatalogError(path, sorted(problems, key=lambda problem: problem.line or 0))
    return Catalog(tuple(exercises), path)


def default_catalog_path() -> Path:
    """Return the catalogue the workbook ships: packaged in the wheel, or the repository's."""
    for candidate in DEFAULT_PATHS:
        if candidate.is_file():
            return candidate
    return DEFAULT_PATHS[-1]


@cache
def _load_default() -> Catalog:
    return _validate(default_catalog_path())


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load and validate an exercise catalogue; the shipped one is read once per process.

    Parameters
    ----------
    path : str or Path, optional
        A catalogue YAML file. By default, the workbook's own ``exercises.yaml``.

    Returns
    -------
    Catalog
        Read-only mapping from exercise id to :class:`Exercise`, in the file's order.

    Raises
    ------
    CatalogError
        If the file cannot be read or is not a valid catalogue; nothing is loaded then.
    """
    if path is None:
        return _load_default()
    return _validate(Path(path))


# --- words for people ------------------------------------------------------------------------------


def _count(value: Count) -> str:
    return f"{value[0]}-{value[1]}" if isinstance(value, tuple) else str(value)


def _plural(value: Count, one: str, many: str) -> str:
    return f"{_count(value)} {one if value == 1 else many}"


def _times(value: Count) -> str:
    if value == 1:
        return "once"
    return "twice" if value == 2 else f"{_count(value)} times"


def format_dosage(dosage: Dosage) -> str:
    """Say a dosage in plain words, the same way on every page and handout.

    Parameters
    ----------
    dosage : Dosage
        The dosage to describe.

    Returns
    -------
    str
        For example ``"8-12 repetitions, hold 1 s"`` or ``"hold 15-30 s, 5 times each side"``.
    """
    parts = []
    if dosage.reps is not None:
        reps = _plural(dosage.reps, "repetition", "repetitions")
        if dosage.sets is not None:
            reps = f"{_plural(dosage.sets, 'set', 'sets')} of {reps}"
        parts.append(reps)
    elif dosage.sets is not None:
        parts.append(_plural(dosage.sets, "set", "sets"))
    if dosage.hold_seconds is not None:
        parts.append(f"hold {_count(dosage.hold_seconds)} s")
    if dosage.repeats is not None:
        parts.append(_times(dosage.repeats))
    text = ", ".join(parts)
    if dosage.per_side:
        text += " each side"
    if dosage.times_per_day is not None:
        text += f", {_times(dosage.times_per_day)} a day"
    return text
