"""A short quiz on form and safety, generated from the catalogue, with feedback and a score.

Questions come from the catalogue's own text (which cue belongs to which exercise, which muscle
an exercise works, how long a hold lasts, how many repetitions) and from the safety text (when
to stop, which signs need urgent help), so the quiz never teaches anything the pages do not say.
Dosage questions use the seed's numbers only, never the workbook's own default. The same seed
gives the same quiz, so a class can do "quiz 3" together.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.dosage import describe_dose, dose_of
from backcare_widgets.data.wording import EMERGENCY_SIGNS, SAFETY_LINE

if TYPE_CHECKING:
    from backcare_widgets.data.catalog import Catalog, Exercise

__all__ = ["KINDS", "Question", "generate_quiz"]

KINDS = ("cue", "muscle", "hold", "reps", "stop", "urgent")

STOP_RIGHT = "When your symptoms get worse or you feel new pain"
STOP_WRONG = (
    "Only when the timer has finished",
    "When you feel a gentle stretch",
    "Never: pushing through pain makes the back stronger",
)
#: Not warning signs: ordinary feelings during exercise (the workbook's own words).
NOT_URGENT = (
    "a gentle stretch along the back of your leg",
    "muscles that feel a little tired the day after exercise",
    "feeling warm while you exercise",
)
#: Form that more than one exercise asks for, whatever the catalogue lists under each: feet flat,
#: breathing (and breathing out as you lift), moving slowly, shoulders on the floor, both knees
#: bent, and correct form in general. A cue that says one of these is never asked as "which
#: exercise is this cue for?", since more than one answer would be right.
SHARED_FORM: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bfeet\b.*\b(flat|firmly)\b",
        r"\bbreath",
        r"\bslow(ly)?\b",
        r"\bshoulders\b.*\b(floor|mat|down)\b",
        r"\b(both|your) knees\b.*\bbent\b|\bbent knees\b",
        r"\bcorrect form\b",
    )
)
#: Hold times a decoy may be, as (low, high) seconds with how each is written.
_HOLD_DECOYS: tuple[tuple[int, int, str], ...] = (
    (1, 1, "1 s"),
    (2, 3, "2-3 s"),
    (5, 10, "5-10 s"),
    (15, 30, "15-30 s"),
    (60, 60, "60 s"),
    (120, 120, "2 min"),
)
_REPS_DECOYS = ("2-3", "8-12", "20-25", "50")


@dataclass(frozen=True)
class Question:
    """One multiple-choice question with its answer and the sentence that explains it."""

    kind: str
    prompt: str
    choices: tuple[str, ...]
    answer: int
    explanation: str

    def check(self, choice: int) -> bool:
        """Return whether ``choice`` (an index into ``choices``) is right."""
        return choice == self.answer


def _count(value: int | tuple[int, int]) -> str:
    return f"{value[0]}-{value[1]}" if isinstance(value, tuple) else str(value)


def _ask(
    rng: random.Random, kind: str, prompt: str, *, right: str, wrong: list[str], why: str
) -> Question:
    choices = [right, *rng.sample(wrong, min(3, len(wrong)))]
    rng.shuffle(choices)
    return Question(kind, prompt, tuple(choices), choices.index(right), why)


def shared_form(cue: str) -> bool:
    """Return whether a form cue says something more than one exercise asks for."""
    return any(pattern.search(cue) for pattern in SHARED_FORM)


def askable_cues(exercise: Exercise, catalog: Catalog) -> list[str]:
    """Return the exercise's form cues that fit it alone, so a cue question has one answer.

    A cue is left out if another exercise lists the same cue, or if it says form that more
    than one exercise asks for (:data:`SHARED_FORM`).
    """
    others = {c.text for e in catalog.values() if e.id != exercise.id for c in e.form_cues}
    return [
        cue.text
        for cue in exercise.form_cues
        if cue.text not in others and not shared_form(cue.text)
    ]


def hold_decoys(low: int, high: int, *, at_least: bool) -> list[str]:
    """Return three wrong hold times for a hold of ``low``-``high`` seconds.

    A decoy never overlaps the right range; for an "at least" hold, no decoy is as long as its
    low end either, since a longer hold also does what the source asks.
    """
    fits = [
        text
        for d_low, d_high, text in _HOLD_DECOYS
        if d_high < low or (not at_least and d_low > high)
    ]
    return fits[:3] if at_least else sorted(fits, key=lambda t: _decoy_distance(t, low, high))[:3]


def _decoy_distance(text: str, low: int, high: int) -> float:
    d_low, d_high = next((a, b) for a, b, t in _HOLD_DECOYS if t == text)
    return min(abs(d_low - high), abs(d_high - low))


def _holds_at_least(exercise: Exercise) -> bool:
    """Whether the catalogue says the hold is a minimum (the hamstring stretch's "at least")."""
    note = exercise.dosage.note
    return note is not None and "at least" in note.text.lower()


def _cue_questions(rng: random.Random, catalog: Catalog) -> list[Question]:
    names = {e.id: str(e.name) for e in catalog.values()}
    questions = []
    for exercise in catalog.values():
        others = [e for e in catalog.values() if e.id != exercise.id]
        for text in askable_cues(exercise, catalog):
            cue = next(c for c in exercise.form_cues if c.text == text)
            questions.append(
                _ask(
                    rng,
                    "cue",
                    f"Which exercise is this form cue for? “{cue.text}”",
                    right=names[exercise.id],
                    wrong=[names[e.id] for e in others],
                    why=f"“{cue.text}” is a cue for {names[exercise.id]}.",
                )
            )
    return questions


def _muscle_questions(rng: random.Random, catalog: Catalog) -> list[Question]:
    questions = []
    for exercise in catalog.values():
        others = [str(e.muscle) for e in catalog.values() if e.id != exercise.id]
        questions.append(
            _ask(
                rng,
                "muscle",
                f"{exercise.name}: which muscles does this exercise work most?",
                right=str(exercise.muscle),
                wrong=others,
                why=f"{exercise.name} works the {exercise.muscle}.",
            )
        )
    return questions


def _seed_dosage(exercise: Exercise, field: str) -> int | tuple[int, int] | None:
    return getattr(exercise.dosage, field) if exercise.dosage.source == "seed" else None


def _dosage_questions(rng: random.Random, catalog: Catalog) -> list[Question]:
    questions = []
    for exercise in catalog.values():
        how_much = f"{exercise.name}: {describe_dose(dose_of(exercise))}."
        hold = _seed_dosage(exercise, "hold_seconds")
        if hold is not None:
            right = f"{_count(hold)} s"
            low, high = hold if isinstance(hold, tuple) else (hold, hold)
            wrong = hold_decoys(low, high, at_least=_holds_at_least(exercise))
            questions.append(
                _ask(
                    rng,
                    "hold",
                    f"{exercise.name}: how long is each hold?",
                    right=right,
                    wrong=wrong,
                    why=how_much,
                )
            )
        reps = _seed_dosage(exercise, "reps")
        if reps is not None:
            right = _count(reps)
            wrong = [d for d in _REPS_DECOYS if d != right]
            questions.append(
                _ask(
                    rng,
                    "reps",
                    f"{exercise.name}: how many repetitions in a set?",
                    right=right,
                    wrong=wrong,
                    why=how_much,
                )
            )
        questions += _dose_model_questions(rng, exercise, how_much)
    return questions


_TIMES_DECOYS = ("Once a week", "Once an hour", "Five times a day", "Twice a day", "Once a day")


def _dose_model_questions(rng: random.Random, exercise: Exercise, why: str) -> list[Question]:
    """Ask the seed's holds in a set and times a day, in the dose model's words."""
    questions = []
    repeats = _seed_dosage(exercise, "repeats")
    if repeats is not None:
        side = f" on each {exercise.side_word}" if exercise.dosage.per_side else ""
        right = _count(repeats)
        questions.append(
            _ask(
                rng,
                "set",
                f"{exercise.name}: how many holds make one set{side}?",
                right=right,
                wrong=[d for d in _REPS_DECOYS if d != right],
                why=why,
            )
        )
    times = _seed_dosage(exercise, "times_per_day")
    if times == 2:
        questions.append(
            _ask(
                rng,
                "times",
                f"{exercise.name}: how often a day?",
                right="Twice a day",
                wrong=[d for d in _TIMES_DECOYS if d != "Twice a day"][:3],
                why=why,
            )
        )
    return questions


def _safety_questions(rng: random.Random) -> list[Question]:
    urgent = rng.choice(EMERGENCY_SIGNS)
    return [
        _ask(
            rng,
            "stop",
            "When should you stop exercising?",
            right=STOP_RIGHT,
            wrong=list(STOP_WRONG),
            why=SAFETY_LINE,
        ),
        _ask(
            rng,
            "urgent",
            "Which of these, with back pain, needs urgent medical help?",
            right=urgent[0].upper() + urgent[1:],
            wrong=[s[0].upper() + s[1:] for s in NOT_URGENT],
            why=(
                f"Back pain with {urgent}: call your emergency number. The start page lists "
                "every warning sign."
            ),
        ),
    ]


def generate_quiz(
    catalog: Catalog | None = None, *, seed: int = 0, count: int = 6
) -> tuple[Question, ...]:
    """Return ``count`` questions, the same for the same seed and catalogue.

    The quiz always holds the two safety questions (when to stop, which sign is urgent); the
    rest mixes form cues, muscles and the seed's dosage, one kind at a time in turn.

    Parameters
    ----------
    catalog : Catalog, optional
        Where exercises come from (the shipped catalogue by default).
    seed : int
        Picks the questions and the order of their choices.
    count : int
        How many questions (at least 2).

    Returns
    -------
    tuple of Question
        In the order asked; the safety questions come last.
    """
    if count < 2:
        raise ValueError(f"count must be at least 2 (the safety questions), got {count}")
    catalog = load_catalog() if catalog is None else catalog
    rng = random.Random(seed)
    pools = [
        _cue_questions(rng, catalog),
        _muscle_questions(rng, catalog),
        _dosage_questions(rng, catalog),
    ]
    for pool in pools:
        rng.shuffle(pool)
    picked: list[Question] = []
    while len(picked) < count - 2 and any(pools):
        for pool in pools:
            if pool and len(picked) < count - 2:
                picked.append(pool.pop())
    rng.shuffle(picked)
    return (*picked, *_safety_questions(rng))
