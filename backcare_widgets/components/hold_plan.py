"""What a hold timer does, step by step: the plan the browser walks through and its words.

The browser keeps time and only walks this list, so every decision about what comes next (order
of sides, rests, the "Left side - hold 2 of 5" text, the spoken cues) is made here, in plain
Python that tests can check without a browser.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Phase = Literal["get_ready", "hold", "rest", "done"]

#: The longest hold (and get-ready or rest) a timer accepts, in seconds: 10 minutes.
MAX_SECONDS = 600
#: The most holds per side a timer accepts (more is a typing slip, not a dosage).
MAX_REPEATS = 100
SIDES = ("left", "right")

PHASE_LABELS: dict[str, str] = {
    "idle": "Ready",
    "get_ready": "Get ready",
    "hold": "Hold",
    "rest": "Rest",
    "done": "Set complete",
}


@dataclass(frozen=True)
class Step:
    """One step of a set: a get-ready, a hold, a rest, or the end.

    Attributes
    ----------
    phase : str
        ``"get_ready"``, ``"hold"``, ``"rest"`` or ``"done"`` (the last step, 0 s long).
    side : str or None
        ``"left"``, ``"right"``, or None for an exercise without sides.
    repeat : int
        Which hold of the side this step belongs to (1-based; a rest belongs to the next hold).
    duration_s : int
        How long the step lasts.
    start_s : int
        When it starts, counted from pressing start (paused time excluded).
    label : str
        The big word over the digits ("Get ready", "Hold", "Rest").
    detail : str
        What the step is about, e.g. ``"Next: Left side - hold 2 of 5"``.
    then : str
        What follows it, e.g. ``"Then: rest 5 s"``.
    cues : tuple of str
        Spoken when the step starts (each an utterance).
    fallback_beeps : int
        Extra beeps played instead of the cues when speech is not available.
    announce : str
        The sentence the ``aria-live`` region reads out when the step starts.
    """

    phase: Phase
    side: str | None
    repeat: int
    duration_s: int
    start_s: int
    label: str
    detail: str
    then: str
    cues: tuple[str, ...]
    fallback_beeps: int
    announce: str

    def to_json(self) -> dict[str, Any]:
        """Return the step as the JSON object the view reads."""
        data = asdict(self)
        data["cues"] = list(self.cues)
        return data


def hold_title(side: str | None, repeat: int, repeats: int, side_word: str = "side") -> str:
    """Name one hold the way the timer shows it, e.g. ``"Left leg - hold 2 of 5"``.

    Parameters
    ----------
    side : str or None
        ``"left"``, ``"right"`` or None.
    repeat, repeats : int
        Which hold, and how many holds per side.
    side_word : str
        The body part the sides refer to (``"side"``, ``"leg"``).

    Returns
    -------
    str
        The title.
    """
    hold = f"hold {repeat} of {repeats}"
    if side is None:
        return hold.capitalize()
    return f"{side.capitalize()} {side_word} - {hold}"


def _seconds(value: int) -> str:
    return f"{value} s"


def seconds_words(value: int) -> str:
    """Say a number of seconds in words, singular for one: ``"1 second"``, ``"20 seconds"``."""
    return f"{value} second{'' if value == 1 else 's'}"


def build_plan(
    *,
    hold_seconds: int,
    repeats: int,
    sides: tuple[str, ...] | list[str] = (),
    get_ready_seconds: int = 5,
    rest_seconds: int = 5,
    side_word: str = "side",
    alternate: bool = False,
    to_side: str = "",
    to_middle: str = "",
) -> list[Step]:
    """Lay out a whole set: get ready, then hold and rest through every repeat and side.

    A get-ready of 0 s or a rest of 0 s is left out. Between sides there is always a get-ready
    (the longer of get-ready and rest, at least 5 s if both are 0) so the person can change
    position, announced with "Switch sides". The last step is ``"done"``, 0 s long.

    Parameters
    ----------
    hold_seconds : int
        Length of each hold.
    repeats : int
        Holds per side (or in all, without sides).
    sides : sequence of str
        Sides in order, e.g. ``("left", "right")``; empty for none.
    get_ready_seconds, rest_seconds : int
        Countdown before the first hold of each side, and the rest between holds.
    side_word : str
        The body part the sides refer to.
    alternate : bool
        Alternate the sides hold by hold (left 1, right 1, left 2, ...), as the rotational
        stretch's source describes, instead of doing every hold of one side first. Between two
        holds the person comes back to the middle (the rest, at least 5 s) and goes the other way.
    to_side, to_middle : str
        What an alternating set says before each hold (``"Roll your knees to the {side}"``,
        ``{side}`` filled in) and after it (``"Back to the middle"``); empty for plain words.

    Returns
    -------
    list of Step
        The steps in order, each knowing when it starts.
    """
    check_targets(
        hold_seconds=hold_seconds,
        repeats=repeats,
        sides=sides,
        get_ready_seconds=get_ready_seconds,
        rest_seconds=rest_seconds,
    )
    if alternate and sides:
        return _timed(
            _alternating(
                hold_seconds=hold_seconds,
                repeats=repeats,
                sides=tuple(sides),
                get_ready_seconds=get_ready_seconds,
                rest_seconds=rest_seconds,
                side_word=side_word,
                to_side=to_side or "Go to the {side}",
                to_middle=to_middle or "Back to the middle",
            ),
            side_word,
        )
    side_list: list[str | None] = list(sides) or [None]
    raw: list[dict[str, Any]] = []
    for side_index, side in enumerate(side_list):
        first_title = hold_title(side, 1, repeats, side_word)
        switching = side_index > 0
        if get_ready_seconds > 0 or switching:
            raw.append(
                {
                    "phase": "get_ready",
                    "side": side,
                    "repeat": 1,
                    "duration_s": (
                        max(get_ready_seconds, rest_seconds) or 5
                        if switching
                        else get_ready_seconds
                    ),
                    "label": "Switch sides" if switching else "Get ready",
                    "detail": f"Next: {first_title}",
                    "cues": ("Relax", "Switch sides") if switching else ("Get ready",),
                    "fallback_beeps": 2 if switching else 0,
                    "announce": (
                        f"Relax. Switch sides. Next: {first_title}"
                        if switching
                        else f"Get ready. Next: {first_title}"
                    ),
                }
            )
        for repeat in range(1, repeats + 1):
            raw.append(_hold(side, repeat, repeats, hold_seconds, side_word))
            if repeat < repeats and rest_seconds > 0:
                upcoming = hold_title(side, repeat + 1, repeats, side_word)
                raw.append(
                    {
                        "phase": "rest",
                        "side": side,
                        "repeat": repeat + 1,
                        "duration_s": rest_seconds,
                        "label": "Rest",
                        "detail": f"Next: {upcoming}",
                        "cues": ("Relax",),
                        "fallback_beeps": 0,
                        "announce": f"Relax. Next: {upcoming}",
                    }
                )
    raw.append(_done(side_list[-1], repeats, _summary(repeats, hold_seconds, sides)))
    return _timed(raw, side_word)


def _timed(raw: list[dict[str, Any]], side_word: str) -> list[Step]:
    """Turn laid-out steps into :class:`Step` objects that know when they start and what follows."""
    steps: list[Step] = []
    start = 0
    for index, fields in enumerate(raw):
        after = raw[index + 1] if index + 1 < len(raw) else None
        then = fields.pop("then", None)
        if then is None:
            then = _then(fields, after, side_word)
        steps.append(Step(start_s=start, then=then, **fields))
        start += fields["duration_s"]
    return steps


def _alternating(
    *,
    hold_seconds: int,
    repeats: int,
    sides: tuple[str, ...],
    get_ready_seconds: int,
    rest_seconds: int,
    side_word: str,
    to_side: str,
    to_middle: str,
) -> list[dict[str, Any]]:
    """Lay out a set whose sides take turns hold by hold, coming back to the middle between."""
    middle = _sentence(to_middle)
    order = [(repeat, side) for repeat in range(1, repeats + 1) for side in sides]
    raw: list[dict[str, Any]] = []
    for index, (repeat, side) in enumerate(order):
        title = hold_title(side, repeat, repeats, side_word)
        go = _sentence(to_side.replace("{side}", side))
        if index == 0:
            if get_ready_seconds > 0:
                raw.append(
                    {
                        "phase": "get_ready",
                        "side": side,
                        "repeat": repeat,
                        "duration_s": get_ready_seconds,
                        "label": "Get ready",
                        "detail": f"Next: {title}. {go}",
                        "cues": ("Get ready",),
                        "fallback_beeps": 0,
                        "announce": f"Get ready. Next: {title}. {go}",
                        "then": f"Then: hold {hold_seconds} s, {side} {side_word}",
                    }
                )
        else:
            raw.append(
                {
                    "phase": "rest",
                    "side": side,
                    "repeat": repeat,
                    "duration_s": rest_seconds or 5,  # time to come back and roll the other way
                    "label": "Back to the middle",
                    "detail": f"Next: {title}. {go}",
                    "cues": (middle, go),
                    "fallback_beeps": 2,
                    "announce": f"{middle} Next: {title}. {go}",
                    "then": f"Then: hold {hold_seconds} s, {side} {side_word}",
                }
            )
        last = index + 1 == len(order)
        then = "Then: set complete" if last else f"Then: {middle[0].lower()}{middle[1:-1]}"
        raw.append({**_hold(side, repeat, repeats, hold_seconds, side_word), "then": then})
    raw.append(_done(sides[-1], repeats, _summary(repeats, hold_seconds, sides), move=middle))
    return raw


def _hold(
    side: str | None, repeat: int, repeats: int, hold_seconds: int, side_word: str
) -> dict[str, Any]:
    """Lay out one hold."""
    title = hold_title(side, repeat, repeats, side_word)
    return {
        "phase": "hold",
        "side": side,
        "repeat": repeat,
        "duration_s": hold_seconds,
        "label": "Hold",
        "detail": title,
        "cues": ("Hold",),
        "fallback_beeps": 0,
        "announce": f"Hold. {title}, {seconds_words(hold_seconds)}",
    }


def _done(side: str | None, repeats: int, summary: str, *, move: str = "") -> dict[str, Any]:
    """Lay out the end of a set; ``move`` is said first (e.g. "Back to the middle."), else "Relax"."""
    return {
        "phase": "done",
        "side": side,
        "repeat": repeats,
        "duration_s": 0,
        "label": PHASE_LABELS["done"],
        "detail": f"{move} Well done: {summary}.".lstrip(),
        "cues": (move or "Relax", "Set complete"),
        "fallback_beeps": 3,
        "announce": f"{move or 'Relax.'} Set complete: {summary}.",
    }


def _summary(repeats: int, hold_seconds: int, sides: tuple[str, ...] | list[str]) -> str:
    """Say what a whole set was, e.g. ``"5 holds of 20 s each side"``."""
    holds = repeats * (len(sides) or 1)
    if sides:
        return f"{repeats} hold{'s' if repeats != 1 else ''} of {hold_seconds} s each side"
    return f"{holds} hold{'s' if holds != 1 else ''} of {hold_seconds} s"


def _sentence(text: str) -> str:
    """Capitalise a cue and end it with a full stop, as the timer shows and speaks it."""
    text = text.strip().rstrip(".")
    return f"{text[:1].upper()}{text[1:]}."


def _then(step: dict[str, Any], after: dict[str, Any] | None, side_word: str) -> str:
    """Say what follows ``step``, so the person always knows what is coming."""
    if after is None:
        return ""
    phase = after["phase"]
    if phase == "rest":
        return f"Then: rest {_seconds(after['duration_s'])}"
    if phase == "done":
        return "Then: set complete"
    if phase == "get_ready" and step["phase"] == "hold":
        return f"Then: switch to the {after['side']} {side_word}"
    if phase == "hold":
        return f"Then: hold {_seconds(after['duration_s'])}"
    return ""


def total_seconds(plan: list[Step]) -> int:
    """Return how long a set takes, without pauses."""
    return sum(step.duration_s for step in plan)


def locate(plan: list[Step], elapsed_s: float) -> tuple[int, float]:
    """Find the step running ``elapsed_s`` after start, and the seconds left in it.

    This is the same rule as ``locate`` in ``static/hold-timer.js``: a step owns the interval
    ``[start, start + duration)``, and past the end the ``done`` step is current.

    Parameters
    ----------
    plan : list of Step
        A plan from :func:`build_plan`.
    elapsed_s : float
        Seconds since start, paused time excluded.

    Returns
    -------
    tuple of (int, float)
        Index of the current step and the seconds left in it.
    """
    for index, step in enumerate(plan):
        end = step.start_s + step.duration_s
        if elapsed_s < end:
            return index, end - elapsed_s
    return len(plan) - 1, 0.0


def check_targets(
    *,
    hold_seconds: int,
    repeats: int,
    sides: tuple[str, ...] | list[str],
    get_ready_seconds: int,
    rest_seconds: int,
) -> None:
    """Refuse targets no set can have, with a message naming the setting.

    Raises
    ------
    ValueError
        If a count is not a whole number in its range or a side is unknown or repeated.
    """
    for name, value, low in (
        ("hold_seconds", hold_seconds, 1),
        ("repeats", repeats, 1),
        ("get_ready_seconds", get_ready_seconds, 0),
        ("rest_seconds", rest_seconds, 0),
    ):
        check_count(name, value, low)
    check_sides(sides)


def check_count(name: str, value: object, low: int) -> int:
    """Check one timer target and return it; the message names the target and the limits.

    Raises
    ------
    TypeError
        If ``value`` is not a whole number.
    ValueError
        If it is outside ``low`` to its maximum.
    """
    high = MAX_REPEATS if name == "repeats" else MAX_SECONDS
    unit = "" if name == "repeats" else " seconds"
    limits = f"from {low} to {high}{unit}"
    if name != "repeats":
        limits += " (10 minutes)"
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a whole number {limits}; got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be {limits}; got {value}")
    return value


def check_sides(sides: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Check a sequence of sides and return it as a tuple.

    Raises
    ------
    ValueError
        If a side is not ``"left"`` or ``"right"``, or is given twice.
    """
    result = tuple(sides)
    for side in result:
        if side not in SIDES:
            raise ValueError(f"sides must be 'left' and/or 'right'; got {side!r}")
    if len(set(result)) != len(result):
        raise ValueError(f"sides must not repeat a side; got {list(result)!r}")
    return result
