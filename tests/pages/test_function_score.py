"""My progress's function score on a real log: filled in, asked again a week later, two points."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from backcare_widgets.data.log import SessionLog
from backcare_widgets.data.log.between_visits import function_scores
from backcare_widgets.pages.function_score import FunctionScoreSection
from backcare_widgets.pages.progress import ProgressDashboard

NOW = datetime.now(UTC).astimezone() - timedelta(days=8)


def test_filled_in_then_asked_again_a_week_later(tmp_path: Path) -> None:
    log = SessionLog(tmp_path / "log.sqlite3")
    clock = [NOW]
    section = FunctionScoreSection(log, now=lambda: clock[0])
    assert section.form.layout.display is None
    assert "No function score yet" in section.chart.value
    assert "Stratford" in section.chart.value
    section.names[0].value = "Putting on socks"
    section.ratings[0].value = 3
    section.names[1].value = "<b>Lifting</b> a bag"
    section.ratings[1].value = 6
    section.save_button.click()
    assert "4.5 out of 10" in section.message.value
    assert section.form.layout.display == "none"
    assert "next function score is due from" in section.due.value
    assert "&lt;b&gt;" not in section.chart.value  # names are not drawn; nothing unescaped
    assert "One score so far: 4.5" in section.chart.value
    clock[0] = NOW + timedelta(days=7)
    again = FunctionScoreSection(log, now=lambda: clock[0])
    assert again.form.layout.display is None
    assert [box.value for box in again.names[:2]] == ["Putting on socks", "<b>Lifting</b> a bag"]
    again.ratings[0].value = 7
    again.ratings[1].value = 8
    again.save_button.click()
    assert "2 weekly scores, from 4.5 to 7.5" in again.chart.value
    assert "a real change" in again.chart.value
    assert [s.mean for s in function_scores(log)] == [4.5, 7.5]


def test_a_score_without_activities_or_ratings_is_refused(tmp_path: Path) -> None:
    log = SessionLog(tmp_path / "log.sqlite3")
    section = FunctionScoreSection(log)
    section.save_button.click()
    assert "Not saved" in section.message.value
    assert "name at least one activity" in section.message.value.lower()
    section.names[0].value = "Walking the dog"
    section.save_button.click()  # named but not rated: never read as 0
    assert (
        "activity 1 (walking the dog) needs a rating from 0 to 10" in section.message.value.lower()
    )
    assert function_scores(log) == []


def test_my_progress_shows_the_function_score(tmp_path: Path) -> None:
    dashboard = ProgressDashboard(SessionLog(tmp_path / "log.sqlite3"))
    assert dashboard.function_score in dashboard.children
