"""Programme model: catalogue defaults, dosage ranges and reasons, YAML round trip, clear errors."""

from __future__ import annotations

from datetime import date

import msgspec
import pytest
from msgspec import ValidationError

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.programme import (
    Frequency,
    Programme,
    ProgrammeError,
    ProgrammeItem,
    allowed_range,
    check_programme,
    default_item,
    load_programme,
)

CATALOG = load_catalog()


def test_an_entry_without_numbers_takes_the_catalogues_least_dosage():
    programme = Programme(exercises=[ProgrammeItem(exercise="partial-crunches")])
    item = programme.exercises[0]
    assert (item.reps, item.hold_seconds) == (8, 1)
    assert item.describe(CATALOG["partial-crunches"]) == (
        "a set of 8 repetitions (each held 1 s), once a day (the workbook's default)"
    )
    assert programme.frequency.describe() == "every day"
    item = default_item(CATALOG["lower-back-rotational-stretch"])
    assert {k: v for k, v in msgspec.structs.asdict(item).items() if v is not None} == {
        "exercise": "lower-back-rotational-stretch",
        "hold_seconds": 5,
        "repeats": 2,
        "times_per_day": 2,
    }


def test_seed_ranges_limit_dosage_but_the_workbooks_own_default_does_not():
    assert allowed_range(CATALOG["partial-crunches"], "reps") == (8, 12)
    assert allowed_range(CATALOG["hamstring-stretch"], "repeats") == (5, 5)
    assert allowed_range(CATALOG["partial-crunches"], "sets") is None  # the seed gives none
    assert allowed_range(CATALOG["bridge"], "reps") is None  # workbook default: educator's call
    Programme(exercises=[ProgrammeItem(exercise="bridge", reps=12, hold_seconds=10)])
    Programme(exercises=[ProgrammeItem(exercise="partial-crunches", reps=12, sets=2)])


def test_dosage_outside_the_range_needs_a_reason():
    with pytest.raises(ValidationError, match=r"Repetitions 15 \(usual: 8-12\).*write a reason"):
        Programme(exercises=[ProgrammeItem(exercise="partial-crunches", reps=15)])
    with pytest.raises(ValidationError, match="reason"):
        Programme(exercises=[ProgrammeItem(exercise="partial-crunches", reps=15, reason="   ")])
    programme = Programme(
        exercises=[ProgrammeItem(exercise="partial-crunches", reps=15, reason="Managed 12 easily")]
    )
    assert programme.exercises[0].reason == "Managed 12 easily"


def test_unknown_and_repeated_exercises_are_refused_by_name():
    with pytest.raises(
        ProgrammeError, match=r"exercise #1 'plank': 'plank' is not in the catalogue"
    ):
        check_programme({"exercises": [{"exercise": "plank"}]})
    with pytest.raises(ProgrammeError, match=r"exercise #2 'bridge': listed twice"):
        check_programme({"exercises": [{"exercise": "bridge"}, {"exercise": "bridge"}]})


def test_frequency_is_a_count_or_named_days():
    assert Frequency(times_per_week=3).describe() == "3 days a week"
    assert Frequency(days=("fri", "mon", "wed")).describe() == "on Mon, Wed and Fri"
    assert Frequency(days=("mon",)).is_day(date(2026, 11, 30))
    assert not Frequency(days=("mon",)).is_day(date(2026, 12, 1))
    for bad in ({}, {"times_per_week": 3, "days": ["mon"]}, {"days": []}, {"times_per_week": 8}):
        with pytest.raises(ValidationError):
            Frequency(**bad)


def test_daily_targets_follow_the_programme():
    programme = Programme(
        exercises=[
            ProgrammeItem(exercise="hamstring-stretch", hold_seconds=20, repeats=5),
            ProgrammeItem(exercise="partial-crunches", reps=10, sets=2, hold_seconds=1),
        ]
    )
    # sessions a day (the dose model): one session holds both legs' sets, or both sets of 10
    assert programme.daily_targets(CATALOG) == {"hamstring-stretch": 1, "partial-crunches": 1}
    assert programme.exercise_ids == ("hamstring-stretch", "partial-crunches")


def test_save_and_load_round_trip(tmp_path):
    programme = Programme(
        title="Mrs Example's programme",
        exercises=[
            ProgrammeItem(exercise="partial-crunches", reps=15, hold_seconds=1, reason="Strong"),
            ProgrammeItem(exercise="hamstring-stretch"),
        ],
        frequency=Frequency(days=("mon", "wed", "fri")),
        start=date(2026, 12, 1),
        note="Walk for ten minutes first.",
    )
    path = programme.save(tmp_path / "programme.yaml")
    text = path.read_text(encoding="utf-8")
    assert "reason: Strong" in text
    assert "start: '2026-12-01'" in text or "start: 2026-12-01" in text
    assert load_programme(path) == programme
    assert load_programme(text.encode(), name="upload.yaml") == programme
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("exercises: [\n", r"line 2: YAML syntax"),
        ("", r"not a programme: expected 'exercises:'"),
        ("- bridge\n", r"not a programme"),
        (
            "exercises:\n  - exercise: plank\n",
            r"line 2, exercise #1 'plank': 'plank' is not in the catalogue",
        ),
        (
            "exercises:\n  - exercise: partial-crunches\n    reps: 20\n",
            r"exercise #1 'partial-crunches': Repetitions 20 \(usual: 8-12\): outside",
        ),
        (
            "exercises:\n  - exercise: bridge\n    reps: 0\n",
            r"line 3, exercise #1 'bridge', field 'reps': must be a whole number from 1 to 50 \(found 0\)",
        ),
        (
            "exercises:\n  - exercise: bridge\n    repz: 5\n",
            r"line 3, exercise #1 'bridge', field 'repz': unknown key 'repz'",
        ),
        ("exercises: []\n", r"line 1, field 'exercises': the list is empty"),
        ("exercises:\n  - exercise: bridge\nfrequency: {weekly: 3}\n", r"frequency"),
    ],
)
def test_bad_files_name_the_file_and_the_problem(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ProgrammeError, match=message) as caught:
        load_programme(path)
    assert str(caught.value).startswith(str(path))


def test_unreadable_files_are_reported(tmp_path):
    with pytest.raises(ProgrammeError, match=r"missing\.yaml: cannot read the file"):
        load_programme(tmp_path / "missing.yaml")
    with pytest.raises(ProgrammeError, match=r"upload\.yaml: is not UTF-8 text"):
        load_programme(b"\xff\xfe\x00", name="upload.yaml")


def test_programme_is_frozen():
    programme = Programme(exercises=[ProgrammeItem(exercise="bridge")])
    with pytest.raises(AttributeError, match="immutable"):
        programme.title = "x"  # type: ignore[misc]


def test_a_programme_upload_larger_than_the_limit_is_refused_unread() -> None:
    from backcare_widgets.data.programme import MAX_PROGRAMME_BYTES, ProgrammeError, load_programme

    with pytest.raises(
        ProgrammeError,
        match=r"big\.yaml: the file is 1,000,001 bytes, larger than the limit of 1,000,000 bytes",
    ):
        load_programme(b"#" * (MAX_PROGRAMME_BYTES + 1), name="big.yaml")


# --- bounded YAML (issue 20): one strict reader for catalogue and programmes ------------------

#: The 544-byte kind of file that drove a kernel to 2 GiB: nine levels of nine aliases each.
BOMB = "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 10)
)


#: Runs in a child process whose address space is capped, so a regression fails this test
#: instead of taking the machine's memory (the bomb once reached 2 GiB in 20 s).
_BOMB_CHILD = """
import json, resource, sys, time, tracemalloc
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
from backcare_widgets.pages.educators.programme_builder import ProgrammeBuilder
builder = ProgrammeBuilder()
data = sys.stdin.buffer.read()
tracemalloc.start()
started = time.perf_counter()
result = builder.load(data, "bomb.yaml")  # what the upload button calls with the file's bytes
elapsed = time.perf_counter() - started
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"loaded": result is not None, "elapsed": elapsed, "peak": peak,
                  "message": builder.message.value}))
"""


def test_an_alias_bomb_upload_is_refused_within_a_second_with_memory_bounded():
    import json
    import subprocess
    import sys

    assert len(BOMB.encode()) < 1_000
    done = subprocess.run(
        [sys.executable, "-c", _BOMB_CHILD],
        input=BOMB.encode(),
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    seen = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert seen["loaded"] is False
    assert seen["elapsed"] < 1.0
    assert seen["peak"] < 20 * 1024 * 1024
    assert "anchors and aliases" in seen["message"]
    assert "line 1" in seen["message"]
    with pytest.raises(ProgrammeError, match=r"line 1: anchors and aliases .* not allowed"):
        load_programme(BOMB.encode()[:200], name="bomb.yaml")  # two levels: harmless either way


def test_a_duplicate_key_in_a_programme_is_refused_with_its_line():
    text = "title: Mine\nexercises:\n  - exercise: bridge\n    reps: 8\n    reps: 10\n"
    with pytest.raises(ProgrammeError) as info:
        load_programme(text.encode(), name="twice.yaml")
    assert (
        "line 5, exercise #1 'bridge', field 'reps': the key 'reps' is given twice (first on line 4)"
        in str(info.value)
    )


def test_deep_nesting_gives_a_clear_message_not_a_recursion_error():
    for text in ("[" * 5000 + "]" * 5000, "".join("  " * n + "a:\n" for n in range(500))):
        with pytest.raises(ProgrammeError, match="nested more than 32 levels deep"):
            load_programme(text.encode(), name="deep.yaml")


def test_a_long_bad_value_is_quoted_as_a_short_excerpt():
    text = f"title: Mine\nexercises:\n  - exercise: {'x' * 50_000}\n"
    with pytest.raises(ProgrammeError) as info:
        load_programme(text.encode(), name="long.yaml")
    assert "50,000 characters" in str(info.value)
    assert len(str(info.value)) < 1_000


def test_a_programme_file_over_the_limit_is_refused_by_path(tmp_path):
    from backcare_widgets.data.programme import MAX_PROGRAMME_BYTES

    path = tmp_path / "big.yaml"
    with path.open("wb") as fh:
        fh.truncate(MAX_PROGRAMME_BYTES + 1)
    with pytest.raises(ProgrammeError, match="larger than the limit of 1,000,000 bytes per file"):
        load_programme(path)
