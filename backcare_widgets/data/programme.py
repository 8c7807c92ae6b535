"""An educator's exercise programme: which exercises, how much, how often, from when.

A programme is a small YAML file an educator saves, loads again and turns into a handout. Dosage
starts from the catalogue (the low end of a range: the least it asks for) and stays within the
seed's numbers unless the educator writes down why; that reason is printed on the handout, so a
patient and the next clinician can see a deliberate change apart from a typing mistake. The
workbook's own default dosage (the bridge, where the seed gives none) is the educator's to set.
"""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from datetime import date  # noqa: TC003 - msgspec reads the annotation at runtime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import msgspec
import yaml
from msgspec import Meta
from msgspec.structs import force_setattr

from backcare_widgets.data.catalog import Catalog, Dosage, load_catalog, not_in_catalogue
from backcare_widgets.data.reading import TooLargeError, YamlError, read_limited, read_yaml
from backcare_widgets.data.records import (
    WORDS,
    Fault,
    Record,
    RuleError,
    explain,
    invalid,
    locate,
    validate,
)

if TYPE_CHECKING:
    import os

    from backcare_widgets.data.catalog import Exercise

__all__ = [
    "COUNT_FIELDS",
    "MAX_PROGRAMME_BYTES",
    "WEEKDAYS",
    "Frequency",
    "Programme",
    "ProgrammeError",
    "ProgrammeItem",
    "allowed_range",
    "check_programme",
    "default_item",
    "load_programme",
]

#: The dosage numbers a programme sets, in the order pages show them.
COUNT_FIELDS = ("sets", "reps", "hold_seconds", "repeats", "times_per_day")
#: Upper limits no programme goes beyond, reason or not (typing mistakes, not clinical limits).
MAX_COUNTS = {"sets": 10, "reps": 50, "hold_seconds": 120, "repeats": 20, "times_per_day": 4}
LABELS = {
    "sets": "sets",
    "reps": "repetitions",
    "hold_seconds": "hold (seconds)",
    "repeats": "times (repeats)",
    "times_per_day": "times a day",
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = dict(zip(WEEKDAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))
MAX_REASON_CHARS = 500
#: The largest programme file read (a real one is a few kB): uploads are refused above it.
MAX_PROGRAMME_BYTES = 1_000_000

#: The catalogue programmes are checked against while :func:`check_programme` or
#: :func:`load_programme` runs; the shipped catalogue otherwise.
_CATALOG: ContextVar[Catalog | None] = ContextVar("backcare_programme_catalog", default=None)


def _catalog() -> Catalog:
    catalog = _CATALOG.get()
    return load_catalog() if catalog is None else catalog


class ProgrammeError(ValueError):
    """A programme cannot be used; the message names the file (if any) and every problem.

    Attributes
    ----------
    source : str
        The file, or "programme" for one built in memory.
    problems : tuple of str
        Each problem, in order.
    """

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        if len(problems) == 1:
            message = f"{source}: {problems[0]}"
        else:
            message = f"{source}: {len(problems)} problems:" + "".join(
                f"\n  - {problem}" for problem in problems
            )
        super().__init__(message)


def allowed_range(exercise: Exercise, field: str) -> tuple[int, int] | None:
    """Return the seed's (low, high) for a dosage number, or None where the seed sets no limit.

    The workbook's own default dosage (``source: workbook``) and numbers the catalogue does not
    give are the educator's to choose, so they have no range.
    """
    if exercise.dosage.source != "seed":
        return None
    value = getattr(exercise.dosage, field)
    if value is None:
        return None
    return value if isinstance(value, tuple) else (value, value)


def _default(value: int | tuple[int, ...] | None) -> int | None:
    return value[0] if isinstance(value, tuple) else value


def default_item(exercise: Exercise) -> ProgrammeItem:
    """Return the catalogue's dosage as a programme entry (a range gives its low end)."""
    dosage = exercise.dosage
    return ProgrammeItem(
        exercise=exercise.id,
        sets=_default(dosage.sets),
        reps=_default(dosage.reps),
        hold_seconds=_default(dosage.hold_seconds),
        repeats=_default(dosage.repeats),
        times_per_day=_default(dosage.times_per_day),
    )


class ProgrammeItem(Record, frozen=True, kw_only=True):
    """One exercise of a programme with its dosage; a number left out is not asked for."""

    exercise: Annotated[str, Meta(min_length=1, description="The exercise's id in the catalogue.")]
    sets: (
        Annotated[int, Meta(gt=0, le=MAX_COUNTS["sets"], description="Sets per session.")] | None
    ) = None
    reps: (
        Annotated[int, Meta(gt=0, le=MAX_COUNTS["reps"], description="Repetitions per set.")] | None
    ) = None
    hold_seconds: (
        Annotated[
            int, Meta(gt=0, le=MAX_COUNTS["hold_seconds"], description="Seconds each hold lasts.")
        ]
        | None
    ) = None
    repeats: (
        Annotated[
            int, Meta(gt=0, le=MAX_COUNTS["repeats"], description="Times each hold is repeated.")
        ]
        | None
    ) = None
    times_per_day: (
        Annotated[int, Meta(gt=0, le=MAX_COUNTS["times_per_day"], description="Sessions a day.")]
        | None
    ) = None
    reason: (
        Annotated[
            str,
            Meta(
                max_length=MAX_REASON_CHARS,
                description="Why the dosage is outside the catalogue's range (printed on the handout).",
            ),
        ]
        | None
    ) = None

    def _settle(self) -> None:
        exercise = self.exercise.strip()
        if not exercise:
            raise invalid(("exercise",), WORDS["empty text"])
        force_setattr(self, "exercise", exercise)
        force_setattr(self, "reason", (self.reason or "").strip() or None)  # blank: no reason

    def out_of_range(self, exercise: Exercise) -> list[str]:
        """Describe each number outside the seed's range in the builder's on-screen words.

        E.g. ``"Repetitions 15 (usual: 8-12)"``: the label beside the number, never the field's
        name in the file (``reps``).
        """
        out = []
        for name in COUNT_FIELDS:
            value, limits = getattr(self, name), allowed_range(exercise, name)
            if value is None or limits is None or limits[0] <= value <= limits[1]:
                continue
            low, high = limits
            usual = f"{low}-{high}" if low != high else str(low)
            out.append(f"{LABELS[name].capitalize()} {value} (usual: {usual})")
        return out

    def dosage(self, exercise: Exercise) -> Dosage:
        """Return the dosage as the catalogue's model, so it reads like every other page."""
        counts = {name: getattr(self, name) for name in COUNT_FIELDS}
        if all(value is None for value in counts.values()):
            counts = {name: getattr(exercise.dosage, name) for name in COUNT_FIELDS}
        return Dosage(
            source=exercise.dosage.source,
            per_side=exercise.dosage.per_side,
            alternate_sides=exercise.dosage.alternate_sides,
            **counts,
        )

    def describe(self, exercise: Exercise) -> str:
        """Say the dosage in the dose model's words (``"a set of 8 repetitions of 1 s, ..."``)."""
        from backcare_widgets.data.dosage import describe_dose, dose_of

        return describe_dose(dose_of(exercise, self.dosage(exercise)))


class Frequency(Record, frozen=True, kw_only=True):
    """How often: a number of days a week, or the named days (give one of the two)."""

    times_per_week: Annotated[int, Meta(ge=1, le=7)] | None = None
    days: tuple[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], ...] | None = None

    def _settle(self) -> None:
        if (self.times_per_week is None) == (self.days is None):
            raise invalid((), "give either times_per_week (1-7) or days (e.g. [mon, wed, fri])")
        if self.days is not None:
            if not self.days:
                raise invalid((), "days is empty; name at least one day, e.g. [mon, wed, fri]")
            if len(set(self.days)) != len(self.days):
                raise invalid((), "a day is named twice in days")

    @property
    def days_per_week(self) -> int:
        """Return how many days a week the programme asks for."""
        return len(self.days) if self.days is not None else int(self.times_per_week or 7)

    def describe(self) -> str:
        """Say how often in words: "every day", "3 days a week", "on Mon, Wed and Fri"."""
        if self.days is not None:
            names = [_DAY_NAMES[day] for day in sorted(self.days, key=WEEKDAYS.index)]
            if len(names) == 7:
                return "every day"
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            return f"on {listed}"
        if self.times_per_week == 7:
            return "every day"
        return "1 day a week" if self.times_per_week == 1 else f"{self.times_per_week} days a week"

    def is_day(self, day: date) -> bool:
        """Return whether ``day`` is one of the named days (always True for a count a week)."""
        return self.days is None or WEEKDAYS[day.weekday()] in self.days


def _every_day() -> Frequency:
    return Frequency(times_per_week=7)


def _with_defaults(item: ProgrammeItem, catalog: Catalog) -> ProgrammeItem:
    """Give an entry that names no numbers at all the catalogue's dosage."""
    if item.exercise not in catalog or any(
        getattr(item, name) is not None for name in COUNT_FIELDS
    ):
        return item
    return msgspec.structs.replace(default_item(catalog[item.exercise]), reason=item.reason)


class Programme(Record, frozen=True, kw_only=True):
    """An educator's programme: exercises with dosage, how often, and an optional start date.

    Build it in Python, with :class:`~backcare_widgets.pages.educators.programme_builder.ProgrammeBuilder`, or
    load it with :func:`load_programme`. Exercise ids and dosage are checked against the
    catalogue given to :func:`check_programme` or :func:`load_programme` (the shipped catalogue
    by default, and always for a programme built directly).

    Examples
    --------
    >>> programme = Programme(
    ...     exercises=[ProgrammeItem(exercise="partial-crunches", reps=10, hold_seconds=1)],
    ...     frequency=Frequency(times_per_week=3),
    ... )
    >>> programme.exercise_ids
    ('partial-crunches',)
    """

    title: Annotated[str, Meta(min_length=1, max_length=120, description="Handout heading.")] = (
        "Your exercise programme"
    )
    exercises: Annotated[
        tuple[ProgrammeItem, ...], Meta(min_length=1, description="In the order done.")
    ]
    frequency: Frequency = msgspec.field(default_factory=_every_day)
    start: Annotated[date, Meta(description="First day (the tick chart starts there).")] | None = (
        None
    )
    note: Annotated[str, Meta(max_length=1000, description="A note for the patient.")] | None = None

    def _settle(self) -> None:
        title = self.title.strip()
        if not title:
            raise invalid(("title",), WORDS["empty text"])
        force_setattr(self, "title", title)
        if self.note is not None:
            force_setattr(self, "note", self.note.strip())
        catalog = _catalog()
        force_setattr(
            self, "exercises", tuple(_with_defaults(item, catalog) for item in self.exercises)
        )
        problems: list[tuple[tuple[int | str, ...], str]] = []
        seen: set[str] = set()
        for index, item in enumerate(self.exercises):
            where = ("exercises", index)
            if item.exercise not in catalog:
                problems.append((where, not_in_catalogue([item.exercise], catalog)))
                continue
            if item.exercise in seen:
                problems.append((where, "listed twice; give each exercise once"))
            seen.add(item.exercise)
            outside = item.out_of_range(catalog[item.exercise])
            if outside and not item.reason:
                problems.append(
                    (
                        where,
                        (
                            f"{', '.join(outside)}: outside the usual dosage; write a reason "
                            "(it is printed on the handout) or choose a number in the usual range"
                        ),
                    )
                )
        if problems:
            raise RuleError(problems)

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        """Return the exercise ids in order (e.g. for ``TodaysRoutine(programme.exercise_ids)``)."""
        return tuple(item.exercise for item in self.exercises)

    def catalog(self, catalog: Catalog | None = None) -> Catalog:
        """Return the programme's exercises, in its order, with its dosage in place of the usual.

        Sessions, today's routine and the adherence tables take a catalogue, so this is how they
        follow a programme without knowing about programmes.
        """
        catalog = load_catalog() if catalog is None else catalog
        exercises = []
        for item in self.exercises:
            exercise = catalog[item.exercise]
            exercises.append(msgspec.structs.replace(exercise, dosage=item.dosage(exercise)))
        return Catalog(tuple(exercises), catalog.path)

    def daily_targets(self, catalog: Catalog | None = None) -> dict[str, int]:
        """Return the sessions a day each exercise asks for, as ``sessions_vs_target`` takes them.

        The dose model's rule (:mod:`backcare_widgets.data.dosage`: a session is one set on each side;
        times a day from the dosage, else once), applied to the programme's dosage.
        """
        from backcare_widgets.data.dosage import daily_targets

        return daily_targets(self.catalog(catalog))

    def to_yaml(self) -> str:
        """Return the programme as the small YAML file :func:`load_programme` reads."""
        # through JSON, so dates are ISO text and tuples lists, as yaml.safe_dump takes them
        data = _without_none(msgspec.json.decode(msgspec.json.encode(self)))
        header = (
            "# BackCare Workbook exercise programme. Edit freely: the workbook checks it when it\n"
            "# loads. Dosage outside the catalogue's range needs a reason (printed on the handout).\n"
        )
        return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the YAML file atomically (a reader never sees half a file); return its path."""
        target = Path(path)
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        try:
            tmp.write_text(self.to_yaml(), encoding="utf-8")
            tmp.replace(target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise ProgrammeError(str(target), [f"cannot write the file: {exc}"]) from exc
        return target


def _without_none(value: Any) -> Any:
    """Leave out what is not set, so the file shows only what the educator chose."""
    if isinstance(value, dict):
        return {key: _without_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_none(item) for item in value]
    return value


def problems_of(faults: list[Fault], data: Any, root: yaml.Node | None = None) -> list[str]:
    """Turn the faults :func:`~backcare_widgets.data.records.validate` found into located sentences."""
    return [
        str(
            locate(
                fault.loc, explain(fault), root=root, data=data, id_key="exercise", numbered=True
            )
        )
        for fault in faults
    ]


def _check(
    data: Any, catalog: Catalog | None, label: str, root: yaml.Node | None = None
) -> Programme:
    token = _CATALOG.set(load_catalog() if catalog is None else catalog)
    programme: Programme  # what validate returns when it finds no fault
    try:
        programme, faults = validate(data, Programme)
    finally:
        _CATALOG.reset(token)
    if faults:
        raise ProgrammeError(label, problems_of(faults, data, root))
    return programme


def load_programme(
    source: str | os.PathLike[str] | bytes, *, catalog: Catalog | None = None, name: str = ""
) -> Programme:
    """Read and check a programme YAML file (or its bytes, e.g. from an upload).

    Parameters
    ----------
    source : str, Path or bytes
        The file, or its contents.
    catalog : Catalog, optional
        The catalogue the exercises come from (the shipped one by default).
    name : str
        What to call the file in messages when ``source`` is bytes.

    Returns
    -------
    Programme
        The checked programme.

    Raises
    ------
    ProgrammeError
        If the file cannot be read, is not YAML, does not describe a programme, names an unknown
        exercise or sets a dosage outside the catalogue's range without a reason. The message
        names the file and each problem.
    """
    label = name or "uploaded programme"
    try:
        label, content = read_limited(source, MAX_PROGRAMME_BYTES, name=label)
    except TooLargeError as exc:
        raise ProgrammeError(exc.name, [exc.about("the file")]) from None
    except OSError as exc:
        raise ProgrammeError(str(source), [f"cannot read the file: {exc}"]) from exc
    try:
        text = bytes(content).decode("utf-8-sig") if not isinstance(content, str) else content
    except UnicodeDecodeError:
        raise ProgrammeError(label, ["is not UTF-8 text; is it a programme file?"]) from None
    try:
        data, root = read_yaml(text)
    except YamlError as exc:
        problem = exc.problem(id_key="exercise", numbered=True)
        raise ProgrammeError(label, [str(problem)]) from None
    if not isinstance(data, dict):
        raise ProgrammeError(
            label,
            [
                (
                    "not a programme: expected 'exercises:' with a list of exercises, and "
                    f"'frequency:' (found {type(data).__name__})"
                )
            ],
        )
    return _check(data, catalog, label, root)


def check_programme(data: dict[str, Any], *, catalog: Catalog | None = None) -> Programme:
    """Build a programme from plain data, raising :class:`ProgrammeError` with readable problems."""
    return _check(data, catalog, "programme")
