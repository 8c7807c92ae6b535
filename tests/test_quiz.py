"""Quiz: generated from the catalogue, deterministic with a seed, feedback and score."""

from __future__ import annotations

import pytest

from backcare_widgets.catalog import load_catalog
from backcare_widgets.quiz import STOP_RIGHT, QuizView, generate_quiz
from backcare_widgets.safety import URGENT_SIGNS

CATALOG = load_catalog()


def test_same_seed_same_quiz_other_seed_other_quiz():
    assert generate_quiz(CATALOG, seed=3) == generate_quiz(CATALOG, seed=3)
    quizzes = {generate_quiz(CATALOG, seed=seed) for seed in range(5)}
    assert len(quizzes) > 1


def test_every_question_has_one_right_answer_among_distinct_choices():
    for seed in range(20):
        for question in generate_quiz(CATALOG, seed=seed, count=10):
            assert len(set(question.choices)) == len(question.choices) >= 2
            assert 0 <= question.answer < len(question.choices)
            assert question.check(question.answer)
            assert question.explanation


def test_questions_mix_kinds_and_always_ask_about_safety():
    kinds = [q.kind for q in generate_quiz(CATALOG, seed=0, count=6)]
    assert kinds[-2:] == ["stop", "urgent"]
    assert {"cue", "muscle"} <= set(kinds) or {"cue", "hold"} <= set(kinds) or len(set(kinds)) >= 4


def test_answers_come_from_the_catalogue_and_safety_text():
    names = {str(e.name) for e in CATALOG.values()}
    for seed in range(10):
        for question in generate_quiz(CATALOG, seed=seed, count=12):
            right = question.choices[question.answer]
            if question.kind == "cue":
                cue = question.prompt.split("“")[1].rstrip("”")
                owner = next(e for e in CATALOG.values() if any(c.text == cue for c in e.form_cues))
                assert right == str(owner.name)
                assert set(question.choices) <= names
            elif question.kind == "hold":
                assert question.prompt.startswith(("Partial crunches", "Hamstring", "Lower back"))
                if question.prompt.startswith("Hamstring"):
                    assert right == "15-30 s"
            elif question.kind == "reps":
                assert right == "8-12"  # partial crunches: the only reps in the seed
            elif question.kind == "stop":
                assert right == STOP_RIGHT
            elif question.kind == "urgent":
                assert right.lower() in URGENT_SIGNS


def test_never_asks_the_workbooks_own_bridge_dosage():
    for seed in range(30):
        for question in generate_quiz(CATALOG, seed=seed, count=12):
            if question.kind in ("hold", "reps"):
                assert not question.prompt.startswith("Bridge")


def test_count_is_checked():
    with pytest.raises(ValueError, match="at least 2"):
        generate_quiz(CATALOG, count=1)


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


def test_dose_questions_use_the_dose_model_and_the_sources_numbers():
    asked = {}
    for seed in range(30):
        for question in generate_quiz(CATALOG, seed=seed, count=12):
            if question.kind in ("set", "times"):
                asked[question.prompt] = question.choices[question.answer]
                assert question.explanation.split(": ", 1)[1].startswith("a set of")
                assert not question.prompt.startswith("Bridge")  # the workbook's own dosage
    assert asked == {
        "Hamstring stretch: how many holds make one set on each leg?": "5",
        "Lower back rotational stretch: how many holds make one set on each side?": "2-3",
        "Lower back rotational stretch: how often a day?": "Twice a day",
    }
