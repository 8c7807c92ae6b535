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
from html import escape
from typing import TYPE_CHECKING

import ipywidgets
import traitlets

from backcare_widgets._educators_style import educators_html as styled_html
from backcare_widgets._educators_style import with_educators_style as with_style
from backcare_widgets.catalog import load_catalog
from backcare_widgets.dosage import describe_dose, dose_of
from backcare_widgets.safety import EMERGENCY_SIGNS, SAFETY_LINE

if TYPE_CHECKING:
    from collections.abc import Callable

    from backcare_widgets.catalog import Catalog, Exercise

__all__ = ["KINDS", "Question", "QuizView", "generate_quiz"]

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
    catalog = catalog or load_catalog()
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


class QuizView(ipywidgets.VBox):
    """Ask the questions one at a time; say at once whether an answer is right, and why.

    Parameters
    ----------
    seed : int
        Which quiz (the same seed asks the same questions).
    count : int
        Questions per round.
    catalog : Catalog, optional
        Where exercises come from.
    **kwargs
        Passed to :class:`ipywidgets.VBox`.
    """

    position = traitlets.Int(0, help="Index of the question shown now.")
    score = traitlets.Int(0, help="Questions answered right this round.")
    answered = traitlets.Int(0, help="Questions answered this round.")

    def __init__(
        self,
        *,
        seed: int = 0,
        count: int = 6,
        catalog: Catalog | None = None,
        **kwargs: object,
    ) -> None:
        self.catalog = catalog or load_catalog()
        self.seed = seed
        self.count = count
        self.questions: tuple[Question, ...] = ()
        self.heading = ipywidgets.HTML()
        self.prompt = styled_html()
        self.choices = ipywidgets.RadioButtons(
            options=[], value=None, layout={"width": "auto", "max_width": "100%"}
        )
        self.choices.add_class("backcare-quiz__choices")
        self.check_button = ipywidgets.Button(
            description="Check answer", button_style="primary", tooltip="See if it is right"
        )
        self.next_button = ipywidgets.Button(
            description="Next question", button_style="primary", tooltip="Go on"
        )
        self.again_button = ipywidgets.Button(
            description="New quiz", tooltip="Start again with other questions"
        )
        for button in (self.check_button, self.next_button, self.again_button):
            button.layout = ipywidgets.Layout(width="auto", min_height="2.4em")
        self.check_button.on_click(lambda _b: self.check())
        self.next_button.on_click(lambda _b: self.show(self.position + 1))
        self.again_button.on_click(lambda _b: self.new_round(self.seed + 1))
        self.choices.observe(self._on_choice, names="value")
        self.feedback = styled_html()
        self.score_line = ipywidgets.HTML()
        self.buttons = ipywidgets.HBox(
            [self.check_button, self.next_button, self.again_button],
            layout={"flex_flow": "row wrap"},
        )
        super().__init__(
            [
                self.heading,
                self.prompt,
                self.choices,
                self.buttons,
                self.feedback,
                self.score_line,
            ],
            **kwargs,
        )
        self.add_class("backcare-quiz")
        self._on_answer: list[Callable[[Question, bool], None]] = []
        self.new_round(seed)

    def new_round(self, seed: int) -> None:
        """Start a round with the questions of ``seed`` and a score of 0."""
        self.seed = seed
        self.questions = generate_quiz(self.catalog, seed=seed, count=self.count)
        self.score = 0
        self.answered = 0
        self.show(0)

    @property
    def question(self) -> Question | None:
        """Return the question shown now (None once the round is over)."""
        return self.questions[self.position] if self.position < len(self.questions) else None

    def show(self, position: int) -> None:
        """Show question ``position`` (past the last one: the final score)."""
        self.position = position
        self.feedback.value = ""
        question = self.question
        if question is None:
            self.heading.value = '<h3 class="backcare-quiz__heading">Quiz finished</h3>'
            self.prompt.value = with_style(
                f'<p class="backcare-quiz__final" role="status">You scored {self.score} of '
                f"{len(self.questions)}. Press “New quiz” for other questions.</p>"
            )
            self.choices.layout.display = "none"
            self.check_button.layout.display = "none"
            self.next_button.layout.display = "none"
            self._update_score()
            return
        self.heading.value = (
            f'<h3 class="backcare-quiz__heading">Question {position + 1} of '
            f"{len(self.questions)}</h3>"
        )
        self.prompt.value = with_style(
            f'<p class="backcare-quiz__prompt">{escape(question.prompt)}</p>'
        )
        self.choices.unobserve(self._on_choice, names="value")
        self.choices.options = list(question.choices)
        self.choices.value = None
        self.choices.disabled = False
        self.choices.observe(self._on_choice, names="value")
        self.choices.layout.display = None
        self.check_button.layout.display = None
        self.check_button.disabled = True
        self.next_button.layout.display = "none"
        self._update_score()

    def _on_choice(self, change: dict[str, object]) -> None:
        self.check_button.disabled = change["new"] is None

    def answer(self, choice: int) -> bool:
        """Choose answer ``choice`` and check it (as a click on the choice, then on Check)."""
        question = self.question
        if question is None:
            raise ValueError("the round is over; start a new quiz")
        self.choices.value = question.choices[choice]
        return self.check()

    def check(self) -> bool:
        """Check the chosen answer, show why, and count it in the score."""
        question = self.question
        if question is None or self.choices.value is None:
            return False
        right = question.check(question.choices.index(str(self.choices.value)))
        self.answered += 1
        self.score += int(right)
        verdict = (
            "Right."
            if right
            else f"Not quite: the answer is “{question.choices[question.answer]}”."
        )
        css = "backcare-quiz__feedback--right" if right else "backcare-quiz__feedback--wrong"
        self.feedback.value = with_style(
            f'<div class="backcare-quiz__feedback {css}" role="status"><strong>{escape(verdict)}'
            f"</strong> {escape(question.explanation)}</div>"
        )
        self.choices.disabled = True
        self.check_button.disabled = True
        self.check_button.layout.display = "none"
        self.next_button.layout.display = None
        last = self.position == len(self.questions) - 1
        self.next_button.description = "See my score" if last else "Next question"
        self._update_score()
        for callback in self._on_answer:
            callback(question, right)
        return right

    def _update_score(self) -> None:
        self.score_line.value = (
            f'<p class="backcare-quiz__score">Score: {self.score} of {self.answered} answered '
            f"({len(self.questions)} questions)</p>"
        )

    def on_answer(self, callback: Callable[[Question, bool], None], remove: bool = False) -> None:
        """Call ``callback(question, right)`` after each checked answer (or stop calling it)."""
        if remove:
            self._on_answer.remove(callback)
        else:
            self._on_answer.append(callback)
