"""The educators' page in Voila: builder -> handout (HTML and PDF), presenter keys, a quiz round,
a class upload; at desktop and phone width, with screenshots."""

from __future__ import annotations

import concurrent.futures
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.data.programme import Frequency, Programme, ProgrammeItem
from backcare_widgets.data.quiz import generate_quiz
from backcare_widgets.data.wording import EMERGENCY_SIGNS, SAFETY_LINE, WARNING_TIERS
from backcare_widgets.views.handout import handout_pdf
from tests.harness import (
    SCREENSHOTS,
    Server,
    WatchedPage,
    assert_fits_width,
    chromium_page,
    full_page_screenshot,
    open_voila_page,
)
from tests.sets import done_set

PAGE = "notebooks/07_For_educators.ipynb"
SHOTS = SCREENSHOTS
QUIZ_SEED = 1  # as the notebook asks


def open_educators(watched: WatchedPage, server: Server):
    page = watched.page
    open_voila_page(page, server.render_url(PAGE))
    page.locator(".backcare-builder").wait_for(state="visible")
    page.locator(".backcare-presenter__title").wait_for(state="visible")
    return page


def element_screenshot(page, locator, path: Path) -> None:
    """Picture one tool whole: the page scrolls inside a panel, so make the window tall enough."""
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('#rendered_cells').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    try:
        page.wait_for_timeout(300)
        locator.screenshot(path=path)
    finally:
        page.set_viewport_size(size)


def pdf_text_lines(pdf: bytes) -> bool:
    """A PDF from Chromium: a header, pages, and an end-of-file marker."""
    return pdf.startswith(b"%PDF-") and b"/Type /Page" in pdf and pdf.rstrip().endswith(b"%%EOF")


def test_builder_makes_a_handout_with_dosage_reason_and_safety(
    watched: WatchedPage, voila_server: Server, browser, tmp_path
):
    page = open_educators(watched, voila_server)
    crunches = page.locator(".backcare-builder__exercise--partial-crunches")
    crunches.get_by_label("Partial crunches").check()
    reps = crunches.get_by_label("Repetitions")
    expect(reps).to_have_value("8")
    reason = crunches.get_by_label("Reason")
    expect(reason).to_be_hidden()
    reps.fill("15")
    reps.press("Tab")
    expect(crunches.locator(".backcare-builder__warning")).to_contain_text("Repetitions 15")
    expect(reason).to_be_visible()
    page.get_by_role("button", name="Make handout").click()
    expect(page.get_by_role("alert")).to_contain_text("write a reason")
    # the form's own words: the exercise's name and the label beside the number
    expect(page.get_by_role("alert")).to_contain_text("Partial crunches: Repetitions 15")
    reason.fill("Managed 12 easily for two weeks.")
    reason.press("Tab")
    page.locator(".backcare-builder__exercise--hamstring-stretch").get_by_label(
        "Hamstring stretch"
    ).check()
    page.get_by_label("How often").select_option(label="3 days a week")
    page.get_by_role("button", name="Make handout").click()
    link = page.get_by_role("link", name="Download the handout (HTML)")
    expect(link).to_be_visible()
    full_page_screenshot(page, SHOTS / "educators-builder-desktop.png")
    with page.expect_download() as download:
        link.click()
    html = Path(download.value.path()).read_text(encoding="utf-8")
    assert "How much: a set of 15 repetitions (each held 1 s)" in html
    assert "Managed 12 easily for two weeks." in html
    assert "How much: a set of 5 holds of 15 s on each leg" in html
    assert SAFETY_LINE in html
    assert "3 days a week" in html

    # the handout as printed, and as a PDF printed by Chromium from the downloaded page
    with chromium_page(browser, "null", width=794, height=1123) as printed:
        printed.page.route("**/*", lambda route: route.abort())
        printed.page.set_content(html)
        printed.page.emulate_media(media="print")
        text = printed.page.inner_text("body")
        assert "How much: a set of 15 repetitions (each held 1 s)" in text
        assert EMERGENCY_SIGNS[0] in text
        printed.page.screenshot(path=SHOTS / "educators-handout-print.png", full_page=True)
        pdf = printed.page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        printed.page.emulate_media(media="screen")
        printed.page.set_viewport_size({"width": 390, "height": 844})
        overflow = printed.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        printed.page.screenshot(path=SHOTS / "educators-handout-phone.png", full_page=True)
        printed.assert_clean()
    assert pdf_text_lines(pdf)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2  # exercises, then the tick chart


def test_handout_pdf_with_the_browser_given_and_its_own(browser, tmp_path):
    programme = Programme(
        title="Back programme",
        exercises=[
            ProgrammeItem(exercise="bridge"),
            ProgrammeItem(exercise="partial-crunches", reps=15, hold_seconds=1, reason="Ready."),
        ],
        frequency=Frequency(days=("mon", "wed", "fri")),
        start=date(2026, 12, 7),
    )
    given = handout_pdf(programme, tmp_path / "given.pdf", catalog=load_catalog(), browser=browser)
    assert pdf_text_lines(given.read_bytes())
    # the PDF as text: dosage, the educator's reason, the safety line and the warning signs
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(given).pages)
    text = unicodedata.normalize("NFKC", text)  # the PDF font sets "ffi" as one ligature
    assert "a set of 15 repetitions (each held 1 s)" in text
    assert "Ready." in text
    assert " ".join(SAFETY_LINE.split()) in text
    for sign in EMERGENCY_SIGNS:
        assert sign in text, sign
    # its own Chromium (Playwright's sync API wants a thread without a running loop)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        printing = pool.submit(handout_pdf, programme, tmp_path / "own.pdf", catalog=load_catalog())
        own = printing.result(timeout=120)
    assert pdf_text_lines(own.read_bytes())
    assert own.stat().st_size > 10_000


def test_presenter_steps_with_the_keyboard_and_buttons(watched: WatchedPage, voila_server: Server):
    page = open_educators(watched, voila_server)
    root = page.locator(".backcare-presenter__root")
    title = root.locator(".backcare-presenter__title")
    counter = root.locator(".backcare-presenter__counter")
    expect(counter).to_have_attribute("aria-live", "polite")
    names = [str(e.name) for e in load_catalog().values()]
    root.focus()
    expect(title).to_have_text(names[0])
    expect(root.get_by_role("button", name="Previous exercise")).to_be_disabled()
    page.keyboard.press("ArrowLeft")
    expect(title).to_have_text(names[0])
    page.keyboard.press("ArrowRight")
    expect(title).to_have_text(names[1])
    expect(counter).to_have_text(f"Exercise 2 of {len(names)}: {names[1]}")
    expect(root.locator(".backcare-presenter__muscle")).to_contain_text("stomach and back")
    # every form cue (the neck cue too), the cautions, and no project word "seed"
    expect(root.locator(".backcare-presenter__cues")).to_contain_text(
        "Don't pull your neck up with your arms."
    )
    expect(root.locator(".backcare-presenter__cautions")).to_contain_text(
        "should be avoided when you have acute lower back pain"
    )
    assert "seed" not in root.inner_text().lower()
    page.keyboard.press("End")
    # the last slide is the warning signs, every tier from the safety module
    expect(title).to_have_text("Warning signs: stop, and get help")
    for tier in WARNING_TIERS:
        expect(root.locator(f".backcare-presenter__tier--{tier.key} li")).to_have_count(
            len(tier.signs)
        )
    expect(root.locator(".backcare-presenter__signs")).to_contain_text(WARNING_TIERS[0].action)
    expect(root.locator(".backcare-presenter__body")).to_be_hidden()
    element_screenshot(page, root, SHOTS / "educators-presenter-signs.png")
    expect(root.get_by_role("button", name="Next exercise")).to_be_disabled()
    page.keyboard.press("ArrowLeft")
    expect(title).to_have_text(names[-1])
    page.keyboard.press("Home")
    expect(title).to_have_text(names[0])
    root.get_by_role("button", name="Next exercise").click()
    expect(title).to_have_text(names[1])
    assert root.locator("svg.backcare-pose").count() == 2
    element_screenshot(page, root, SHOTS / "educators-presenter-desktop.png")


def test_presenter_on_a_projector(browser, voila_server: Server):
    with chromium_page(browser, voila_server.base_url.rstrip("/"), width=1920, height=1080) as w:
        open_voila_page(w.page, voila_server.render_url(PAGE))
        root = w.page.locator(".backcare-presenter__root")
        root.wait_for(state="visible")
        root.focus()
        w.page.keyboard.press("ArrowRight")
        w.page.keyboard.press("ArrowRight")
        expect(root.locator(".backcare-presenter__title")).to_have_text("Hamstring stretch")
        element_screenshot(w.page, root, SHOTS / "educators-presenter-projector.png")
        title_size = root.locator(".backcare-presenter__title").evaluate(
            "el => parseFloat(getComputedStyle(el).fontSize)"
        )
        assert title_size >= 40  # readable from the back of a room
        w.assert_clean()


def test_a_quiz_round_gives_feedback_and_a_score(watched: WatchedPage, voila_server: Server):
    page = open_educators(watched, voila_server)
    quiz = page.locator(".backcare-quiz")
    questions = generate_quiz(load_catalog(), seed=QUIZ_SEED)
    first, second = questions[0], questions[1]
    expect(quiz.locator(".backcare-quiz__prompt")).to_have_text(first.prompt)
    check = quiz.get_by_role("button", name="Check answer")
    expect(check).to_be_disabled()
    quiz.get_by_label(first.choices[first.answer], exact=True).check()
    check.click()
    expect(quiz.locator(".backcare-quiz__feedback")).to_contain_text("Right.")
    expect(quiz.locator(".backcare-quiz__score")).to_contain_text("Score: 1 of 1")
    quiz.get_by_role("button", name="Next question").click()
    expect(quiz.locator(".backcare-quiz__prompt")).to_have_text(second.prompt)
    wrong = second.choices[(second.answer + 1) % len(second.choices)]
    quiz.get_by_label(wrong, exact=True).check()
    quiz.get_by_role("button", name="Check answer").click()
    feedback = quiz.locator(".backcare-quiz__feedback")
    expect(feedback).to_contain_text("Not quite")
    expect(feedback).to_contain_text(second.choices[second.answer])
    expect(feedback).to_have_attribute("role", "status")
    expect(quiz.locator(".backcare-quiz__score")).to_contain_text("Score: 1 of 2")
    element_screenshot(page, quiz, SHOTS / "educators-quiz-desktop.png")


def upload(page, view, files: list[Path]) -> None:
    """Choose files with the class report's upload button (it opens the file chooser)."""
    with page.expect_file_chooser() as chooser:
        view.locator(".backcare-file-upload").get_by_role("button", name="Upload CSV files").click()
    assert chooser.value.is_multiple()
    chooser.value.set_files([str(p) for p in files])


def _student_csv(folder: Path, name: str, days: int, pain: tuple[int, int]) -> Path:
    """A student's log of ``days`` days out of the last 14, every exercise at its dosage."""
    log = SessionLog(folder / f"{name}.sqlite3")
    start = datetime.now(UTC).replace(hour=7, minute=0, second=0, microsecond=0) - timedelta(13)
    for offset in range(0, 14, max(1, 14 // days)):
        before = round(pain[0] + (pain[1] - pain[0]) * offset / 13)
        when = start + timedelta(days=offset)
        done_set(log, "bridge", when, pain=(before, None))
        done_set(log, "partial-crunches", when, pain=(None, before))
        done_set(log, "hamstring-stretch", when)
        for session in (0, 6):  # morning and afternoon: two visits
            done_set(log, "lower-back-rotational-stretch", when + timedelta(hours=session))
    path = folder / f"{name}.csv"
    log.export_csv(path)
    log.close()
    return path


@pytest.fixture
def class_files(tmp_path) -> list[Path]:
    files = [
        _student_csv(tmp_path, "student-07", 14, (6, 3)),
        _student_csv(tmp_path, "student-12", 7, (3, 5)),
        _student_csv(tmp_path, "student-23", 4, (4, 4)),
    ]
    wrong = tmp_path / "wrong-columns.csv"
    wrong.write_text("date,exercise,count\n2026-11-03,bridge,3\n", encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a log", encoding="utf-8")
    return [*files, wrong, notes]


def test_class_upload_summarises_good_files_and_reports_bad_ones(
    watched: WatchedPage, voila_server: Server, class_files: list[Path]
):
    page = open_educators(watched, voila_server)
    view = page.locator(".backcare-class-report-view")
    upload(page, view, class_files)
    table = view.locator("table")
    expect(table).to_contain_text("Adherence per student", timeout=60_000)
    for student in ("student-07", "student-12", "student-23"):
        expect(table.get_by_role("rowheader", name=student)).to_be_visible()
    alert = view.get_by_role("alert")
    expect(alert).to_contain_text("2 file(s) could not be used; 3 student(s)")
    expect(alert).to_contain_text("wrong-columns.csv")
    expect(alert).to_contain_text("notes.txt: not a CSV file")
    expect(view.locator("figure.backcare-chart")).to_have_count(2)
    link = view.get_by_role("button", name=re.compile("Download the summary"))
    with page.expect_download() as download:
        link.click()
    summary = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert summary[0].startswith("student,files,sets")
    assert [line.split(",")[0] for line in summary[1:]] == [
        "student-07",
        "student-12",
        "student-23",
    ]
    element_screenshot(page, view, SHOTS / "educators-class-report-desktop.png")


def test_tools_fit_a_phone_after_use(browser, voila_server: Server, class_files: list[Path]):
    with chromium_page(browser, voila_server.base_url.rstrip("/"), width=390, height=844) as w:
        page = w.page
        open_voila_page(page, voila_server.render_url(PAGE))
        page.locator(".backcare-presenter__title").wait_for(state="visible")
        crunches = page.locator(".backcare-builder__exercise--partial-crunches")
        crunches.get_by_label("Partial crunches").check()
        reps = crunches.get_by_label("Repetitions")
        reps.fill("15")
        reps.press("Tab")
        expect(crunches.get_by_label("Reason")).to_be_visible()
        view = page.locator(".backcare-class-report-view")
        upload(page, view, class_files)
        expect(view.locator("table")).to_contain_text("Adherence per student", timeout=60_000)
        assert_fits_width(page)
        full_page_screenshot(page, SHOTS / "educators-phone.png")
        w.assert_clean()
