"""The quiz view on the educators' page: feedback, score and labelled choices."""

from __future__ import annotations

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.pages.educators.quiz import QuizView

CATALOG = load_catalog()


def test_view_gives_feedback_and_keeps_score():
    view = QuizView(seed=4, count=4, catalog=CATALOG)
    heard = []
    view.on_answer(lambda question, right: heard.append(right))
    assert view.check_button.disabled  # nothing chosen yet
    first = view.question
    assert view.answer(first.answer) is True
    assert "Right." in view.feedback.value
    assert view.choices.disabled
    assert "Score: 1 of 1" in view.score_line.value
    view.next_button.click()
    second = view.question
    wrong = (second.answer + 1) % len(second.choices)
    assert view.answer(wrong) is False
    assert "Not quite" in view.feedback.value
    assert second.choices[second.answer] in view.feedback.value
    assert view.score == 1
    assert heard == [True, False]
    for _ in range(2):
        view.next_button.click()
        view.answer(view.question.answer)
    assert view.next_button.description == "See my score"
    view.next_button.click()
    assert view.question is None
    assert "You scored 3 of 4" in view.prompt.value
    view.again_button.click()
    assert view.seed == 5
    assert (view.score, view.answered, view.position) == (0, 0, 0)


def test_radio_options_have_text_labels_for_every_choice():
    view = QuizView(seed=0, catalog=CATALOG)
    assert list(view.choices.options) == list(view.question.choices)
