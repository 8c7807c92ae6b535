"""Quiz: generated from the catalogue, deterministic with a seed, feedback and score."""

from __future__ import annotations

import re

import pytest

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.quiz import STOP_RIGHT, askable_cues, generate_quiz, hold_decoys
from backcare_widgets.data.wording import EMERGENCY_SIGNS, SAFETY_LINE, WARNING_TIERS

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
                assert right.lower() in EMERGENCY_SIGNS


def test_never_asks_the_workbooks_own_bridge_dosage():
    for seed in range(30):
        for question in generate_quiz(CATALOG, seed=seed, count=12):
            if question.kind in ("hold", "reps"):
                assert not question.prompt.startswith("Bridge")


def test_count_is_checked():
    with pytest.raises(ValueError, match="at least 2"):
        generate_quiz(CATALOG, count=1)


#: Form cues that fit more than one exercise (issue 14): never asked as "which exercise?".
SHARED_CUES = (
    "feet flat",
    "keep breathing",
    "breath",
    "slowly",
    "breathe out as you lift",
    "shoulders on the floor",
    "both knees bent",
)


def _every_question():
    """Every question the quiz can make: all pools at once, over seeds until nothing new comes.

    Each pool offers all its wrong choices (three, or all there are), so the seed only orders
    them; the walk still checks that it has seen every askable cue, hold and warning sign.
    """
    seen = {}
    for seed in range(120):
        for question in generate_quiz(CATALOG, seed=seed, count=200):
            seen.setdefault((question.prompt, frozenset(question.choices)), question)
    return list(seen.values())


def _seconds(text):
    """Read "15-30 s", "1 s" or "2 min" as (low, high) seconds."""
    if text.endswith(" min"):
        minutes = int(text.removesuffix(" min"))
        return minutes * 60, minutes * 60
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    return numbers[0], numbers[-1]


def _owner(prompt):
    return next(e for e in CATALOG.values() if prompt.startswith(str(e.name)))


def _is_right(question, choice):
    """Whether ``choice`` answers ``question`` according to the catalogue and safety text."""
    if question.kind == "cue":
        cue = question.prompt.split("“")[1].rstrip("”")
        exercise = next(e for e in CATALOG.values() if str(e.name) == choice)
        texts = [exercise.start_position, *exercise.steps, *exercise.form_cues]
        return any(cue.lower().rstrip(".") in str(t).lower() for t in texts)
    if question.kind == "muscle":
        return str(_owner(question.prompt).muscle) == choice
    if question.kind == "hold":
        dosage = _owner(question.prompt).dosage
        low, high = _seconds(f"{dosage.hold_seconds} s".replace("(", "").replace(", ", "-"))
        c_low, c_high = _seconds(choice)
        at_least = dosage.note is not None and "at least" in dosage.note.text
        # "at least 15-30 s": any hold of 15 s or more does what the source asks
        return c_low >= low if at_least else (low <= c_low and c_high <= high)
    if question.kind in ("reps", "set"):  # a set's repetitions, or its holds
        count = _owner(question.prompt).dosage.reps
        if question.kind == "set":
            count = _owner(question.prompt).dosage.repeats
        low, high = count if isinstance(count, tuple) else (count, count)
        c_low, c_high = (int(n) for n in (choice.split("-") * 2)[:2])
        return c_high >= low and c_low <= high
    return _is_right_in_words(question, choice)


def _is_right_in_words(question, choice):
    """The answers given in words: how often a day, when to stop, which sign is urgent."""
    if question.kind == "times":
        times = {"Once a day": 1, "Twice a day": 2, "Five times a day": 5}.get(choice)
        return times == _owner(question.prompt).dosage.times_per_day
    if question.kind == "stop":
        return choice.lower().removeprefix("when ") in SAFETY_LINE.lower()
    if question.kind == "urgent":
        return choice.lower() in EMERGENCY_SIGNS
    raise AssertionError(question.kind)


def test_every_question_the_quiz_can_make_has_exactly_one_right_option():
    questions = _every_question()
    for question in questions:
        right = [c for c in question.choices if _is_right(question, c)]
        assert right == [question.choices[question.answer]], (question.prompt, question.choices)
    # the walk saw every question there is
    cues = {q.prompt.split("“")[1].rstrip("”") for q in questions if q.kind == "cue"}
    assert cues == {cue for e in CATALOG.values() for cue in askable_cues(e, CATALOG)}
    assert len(cues) >= 5
    holds = {_owner(q.prompt).id for q in questions if q.kind == "hold"}
    assert holds == {"partial-crunches", "hamstring-stretch", "lower-back-rotational-stretch"}
    urgent = {q.choices[q.answer].lower() for q in questions if q.kind == "urgent"}
    assert urgent == set(EMERGENCY_SIGNS)


def test_a_cue_that_fits_more_than_one_exercise_is_never_asked():
    asked = {
        q.prompt.split("“")[1].rstrip("”").lower() for q in _every_question() if q.kind == "cue"
    }
    for cue in asked:
        for shared in SHARED_CUES:
            assert shared not in cue, cue
    # the catalogue does hold such cues: they are left out, not missing
    every_cue = " ".join(c.text.lower() for e in CATALOG.values() for c in e.form_cues)
    for shared in ("feet flat", "keep breathing", "breathe out as you lift", "shoulders on the"):
        assert shared in every_cue
    assert "correct form avoids unnecessary stress on your low back." not in asked


def test_hold_decoys_never_satisfy_an_at_least_hold():
    for decoy in hold_decoys(15, 30, at_least=True):
        assert _seconds(decoy)[1] < 15, decoy
    assert len(hold_decoys(15, 30, at_least=True)) == 3
    for decoy in hold_decoys(5, 10, at_least=False):
        low, high = _seconds(decoy)
        assert high < 5 or low > 10, decoy
    hamstring = next(
        q for q in _every_question() if q.kind == "hold" and q.prompt.startswith("Hamstring")
    )
    wrong = [c for i, c in enumerate(hamstring.choices) if i != hamstring.answer]
    assert all(_seconds(c)[0] < 15 for c in wrong), wrong


def test_the_urgent_question_asks_only_emergency_signs():
    tiers = {tier.key: tier.signs for tier in WARNING_TIERS}
    for question in _every_question():
        if question.kind == "urgent":
            right = question.choices[question.answer].lower()
            assert right in tiers["emergency"]
            assert "fever" not in right


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
