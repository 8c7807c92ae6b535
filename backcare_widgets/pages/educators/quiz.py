"""The quiz on the educators' page: one question at a time, with feedback and a score.

The questions come from :func:`backcare_widgets.data.quiz.generate_quiz`.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets
import traitlets

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.quiz import Question, generate_quiz
from backcare_widgets.views.style import educators_html as styled_html
from backcare_widgets.views.style import with_educators_style as with_style

if TYPE_CHECKING:
    from collections.abc import Callable

    from backcare_widgets.data.catalog import Catalog

__all__ = ["QuizView"]


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
        self.catalog = load_catalog() if catalog is None else catalog
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
            description="Check answer", tooltip="See if it is right"
        )
        self.next_button = ipywidgets.Button(description="Next question", tooltip="Go on")
        self.again_button = ipywidgets.Button(
            description="New quiz", tooltip="Start again with other questions"
        )
        for button in (self.check_button, self.next_button, self.again_button):
            button.add_class("backcare-button")  # the workbook's look: views/static/backcare.css
        self.check_button.add_class("backcare-button--primary")
        self.next_button.add_class("backcare-button--primary")
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
        self.add_class("backcare-form")  # 48 px answers and focus ring: views/static/backcare.css
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
        # the pressed button hides and the choices lock: keep focus in the question, on its
        # next step, rather than let it fall back to the top of the page
        self.next_button.focus()
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
