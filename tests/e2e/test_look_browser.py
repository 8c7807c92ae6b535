"""Issue 19, part A, in Voila and Debian's Chromium at a phone's size (390 x 844 CSS px).

Every control a patient touches is measured on the exercise, routine and progress pages: each
target at least 44 x 44 CSS px, each focus ring (reached with the Tab key, as a keyboard user
does) at least 3:1 against what is behind it, computed from the computed styles. axe-core finds
no violation of any impact on those pages, and chart text is at least 12 CSS px.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from backcare_widgets.data.log import SessionLog
from tests.harness import ROOT, chromium_page, full_page_screenshot, open_voila_page
from tests.sets import done_set

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page

    from tests.harness import Server

PHONE = {"width": 390, "height": 844}
PAGES = (
    "notebooks/01_Bridge.ipynb",
    "notebooks/04_Lower_back_rotational_stretch.ipynb",
    "notebooks/05_Todays_routine.ipynb",
    "notebooks/06_My_progress.ipynb",
    # the rep counter (crunches), the start page's way in, the educators' forms (quiz, builder)
    "notebooks/02_Partial_crunches.ipynb",
    "notebooks/00_Start_here.ipynb",
    "notebooks/07_For_educators.ipynb",
)
ALL_PAGES = sorted(f"notebooks/{p.name}" for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MIN_TARGET_PX = 44
MIN_RING_CONTRAST = 3.0
MIN_CHART_TEXT_PX = 12

# The colour maths of WCAG 2.x (relative luminance and contrast ratio), run in the page on the
# computed styles; a colour behind a see-through one is taken from the nearest painted ancestor.
_COLOUR_JS = """
const rgba = (text) => {
  const m = text.match(/rgba?\\(([^)]+)\\)/);
  if (!m) return null;
  const [r, g, b, a = 1] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
  return { r, g, b, a };
};
const luminance = ({ r, g, b }) => {
  const lin = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
};
const contrast = (x, y) => {
  const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p);
  return (hi + 0.05) / (lo + 0.05);
};
const behind = (el) => {
  for (let node = el.parentElement; node; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour && colour.a > 0.5) return colour;
  }
  return { r: 255, g: 255, b: 255, a: 1 };
};
"""

_TARGETS_JS = """
() => {
  const controls = document.querySelectorAll(
    '#rendered_cells button, #rendered_cells input, #rendered_cells select, ' +
    '#rendered_cells textarea, #rendered_cells [role="radio"], #rendered_cells [role="button"], ' +
    '#rendered_cells a[href]');
  const small = [];
  for (const el of controls) {
    const style = getComputedStyle(el);
    if (el.offsetParent === null || style.visibility === 'hidden') continue;  // not shown
    const own = el.getBoundingClientRect();
    // a native file input kept 1 px for its button to open: not a target of its own
    if (own.width <= 1 && own.height <= 1 && el.tabIndex < 0) continue;
    // a box inside its label: the label is what a finger taps
    const target = (el.type === 'checkbox' || el.type === 'radio') && el.closest('label')
      ? el.closest('label') : el;
    const box = target.getBoundingClientRect();
    if (box.width < MIN - 0.5 || box.height < MIN - 0.5) {
      small.push(`${el.tagName.toLowerCase()}.${[...target.classList].join('.')} ` +
        `"${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30)}"` +
        ` ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  // a field's words cut short ("Rati..."): ipywidgets' labels clip with an ellipsis
  const cut = [...document.querySelectorAll('#rendered_cells .widget-label')]
    .filter((label) => label.offsetParent !== null && label.scrollWidth > label.clientWidth + 1)
    .map((label) => label.textContent.trim().slice(0, 30));
  return { count: controls.length, small, cut };
}
"""

_RING_JS = (
    "() => {"
    + _COLOUR_JS
    + """
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const name = `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 3).join('.')} ` +
    `"${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30)}"`;
  const width = parseFloat(style.outlineWidth);
  const colour = rgba(style.outlineColor);
  const ring = style.outlineStyle !== 'none' && width >= 2 && colour;
  return {
    name,
    inPage: Boolean(el.closest('#rendered_cells')),
    ring: Boolean(ring),
    width,
    contrast: ring ? contrast(colour, behind(el)) : 0,
  };
}
"""
)

_CHART_TEXT_JS = """
() => [...document.querySelectorAll(
  '.backcare-chart svg, svg.backcare-pose, .backcare-pose-animation svg')].flatMap((svg) => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')]
    .filter((text) => text.textContent.trim())
    .map((text) => ({
      text: text.textContent.trim().slice(0, 30),
      px: parseFloat(getComputedStyle(text).fontSize) * scale,
    }));
})
"""


def _seed_log(server: Server) -> None:
    """A week of sets with pain before and after, so My progress draws every chart."""
    today = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    with SessionLog(server.log_path.parent / "data" / "session_log.sqlite3") as log:
        for back in range(6, 0, -1):
            when = today - timedelta(days=back)
            done_set(log, "bridge", when, pain=(4, 3))
            done_set(log, "hamstring-stretch", when, pain=(3, 3))


@pytest.fixture(scope="module")
def seeded_server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.harness import start_voila

    tmp: Path = tmp_path_factory.mktemp("look")
    server = start_voila(tmp / "voila.log", tmp / "data")
    try:
        _seed_log(server)
        yield server
    finally:
        server.stop()


def _open_phone(browser: Browser, server: Server, notebook: str) -> Any:
    return chromium_page(browser, server.base_url.rstrip("/"), **PHONE)


def _ready(page: Page, server: Server, notebook: str) -> None:
    open_voila_page(page, server.render_url(notebook))
    page.locator(".jupyter-widgets").first.wait_for(state="visible")
    page.wait_for_timeout(500)  # anywidget views render after the widget manager


def _tab_through(page: Page, limit: int = 400) -> list[dict[str, Any]]:
    """Press Tab until focus comes round again; return each stop's focus ring."""
    page.locator("#rendered_cells").click(position={"x": 1, "y": 1})
    stops: list[dict[str, Any]] = []
    seen: set[str] = set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        ring = page.evaluate(_RING_JS)
        if ring is None or not ring["inPage"]:
            if stops:
                break
            continue
        key = page.evaluate(
            "() => { const el = document.activeElement;"
            " const all = [...document.querySelectorAll('*')]; return String(all.indexOf(el)); }"
        )
        if key in seen:
            break
        seen.add(key)
        stops.append(ring)
    return stops


@pytest.mark.parametrize("notebook", PAGES)
def test_phone_targets_and_focus_rings(browser: Browser, seeded_server: Server, notebook: str):
    with _open_phone(browser, seeded_server, notebook) as watched:
        page = watched.page
        _ready(page, seeded_server, notebook)
        targets = page.evaluate(_TARGETS_JS.replace("MIN", str(MIN_TARGET_PX)))
        assert targets["count"] > 0, "no controls found: the page did not render"
        assert targets["small"] == [], f"targets under 44 x 44 CSS px: {targets['small']}"
        assert targets["cut"] == [], f"labels cut short on a phone: {targets['cut']}"

        stops = _tab_through(page)
        assert len(stops) >= 3, stops
        weak = [
            f"{s['name']} (ring {s['width']}px, {s['contrast']:.2f}:1)"
            for s in stops
            if not s["ring"] or s["contrast"] < MIN_RING_CONTRAST
        ]
        assert weak == [], f"focus rings under 3:1 or missing: {weak}"
        watched.assert_clean()


@pytest.mark.parametrize("notebook", ALL_PAGES)
def test_axe_finds_nothing(browser: Browser, seeded_server: Server, notebook: str):
    with _open_phone(browser, seeded_server, notebook) as watched:
        page = watched.page
        _ready(page, seeded_server, notebook)
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in Axe().run(page).response["violations"]
        ]
        assert violations == []


def test_pain_scale_is_one_radio_group(browser: Browser, seeded_server: Server):
    with _open_phone(browser, seeded_server, PAGES[0]) as watched:
        page = watched.page
        _ready(page, seeded_server, PAGES[0])
        scale = page.locator(".backcare-pain-scale").first
        group = scale.get_by_role("radiogroup")
        assert group.get_attribute("aria-labelledby")
        radios = scale.get_by_role("radio")
        assert radios.count() == 11
        # one Tab stop: only one number can be tabbed to
        assert scale.locator('[role="radio"][tabindex="0"]').count() == 1
        assert scale.get_by_role("button", name="Clear").count() == 0 or not (
            scale.get_by_role("button", name="Clear").is_visible()
        )
        # from the keyboard: one Tab stop on 0 while nothing is chosen, an arrow chooses 1
        scale.get_by_role("radio", name="0", exact=True).focus()
        page.keyboard.press("ArrowRight")
        scale.get_by_text("1 of 10").wait_for()
        assert scale.get_by_role("radio", name="1", exact=True).get_attribute("tabindex") == "0"
        scale.get_by_role("radio", name="3", exact=True).click()
        scale.get_by_text("3 of 10").wait_for()
        assert scale.get_by_role("radio", name="3", exact=True).get_attribute("aria-checked") == (
            "true"
        )
        page.keyboard.press("ArrowRight")
        four = scale.get_by_role("radio", name="4", exact=True)
        page.wait_for_function(
            "() => document.activeElement && document.activeElement.textContent === '4'"
        )
        assert four.get_attribute("aria-checked") == "true"
        scale.get_by_text("4 of 10").wait_for()
        # the chosen number stands out at 3:1 or more against the page and the other numbers
        chosen = page.evaluate(
            "() => {"
            + _COLOUR_JS
            + """
            const on = document.querySelector('.backcare-pain-scale [aria-checked="true"]');
            const off = document.querySelector('.backcare-pain-scale [aria-checked="false"]');
            const fill = rgba(getComputedStyle(on).backgroundColor);
            return { page: contrast(fill, behind(on)),
                     other: contrast(fill, rgba(getComputedStyle(off).backgroundColor)) };
            }"""
        )
        assert chosen["page"] >= MIN_RING_CONTRAST, chosen
        assert chosen["other"] >= MIN_RING_CONTRAST, chosen
        # the line under the scale says what is chosen without repeating the heading above it
        status = scale.get_by_role("status").inner_text()
        assert status == "Chosen: 4 of 10", status
        clear = scale.get_by_role("button", name="Clear pain before this set: back to not recorded")
        clear.click()
        scale.get_by_text("not recorded").wait_for()
        assert scale.locator('[aria-checked="true"]').count() == 0
        watched.assert_clean()


@pytest.mark.parametrize("notebook", ["notebooks/06_My_progress.ipynb", PAGES[0]])
def test_chart_and_picture_text_is_readable_on_a_phone(
    browser: Browser, seeded_server: Server, notebook: str, tmp_path: Path
):
    with _open_phone(browser, seeded_server, notebook) as watched:
        page = watched.page
        _ready(page, seeded_server, notebook)
        texts = page.evaluate(_CHART_TEXT_JS)
        assert texts, "no chart or picture text found"
        small = [t for t in texts if t["px"] < MIN_CHART_TEXT_PX - 0.05]
        assert small == [], small
        full_page_screenshot(page, tmp_path / "phone.png")
        watched.assert_clean()


def test_keyboard_hint_is_hidden_on_a_touch_screen(browser: Browser, seeded_server: Server):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        _ready(page, seeded_server, PAGES[0])
        hint = page.locator(".backcare-hold-timer__keys").first
        hint.wait_for(state="attached")
        assert not hint.is_visible()
    finally:
        context.close()
    with _open_phone(browser, seeded_server, PAGES[0]) as watched:  # a mouse: the hint shows
        _ready(watched.page, seeded_server, PAGES[0])
        assert watched.page.locator(".backcare-hold-timer__keys").first.is_visible()


def test_focus_stays_in_the_quiz_question_after_check_answer(
    browser: Browser, seeded_server: Server
):
    notebook = "notebooks/07_For_educators.ipynb"
    with chromium_page(browser, seeded_server.base_url.rstrip("/")) as watched:
        page = watched.page
        _ready(page, seeded_server, notebook)
        quiz = page.locator(".backcare-quiz")
        quiz.get_by_role("radio").first.check()
        check = quiz.get_by_role("button", name="Check answer")
        # the kernel enables it once the choice has reached it; Enter on it before then does nothing
        expect(check).to_be_enabled()
        check.focus()
        page.keyboard.press("Enter")  # as a keyboard user answers
        quiz.locator('.backcare-quiz__feedback[role="status"]').wait_for()
        page.wait_for_function(
            "() => document.activeElement && document.activeElement.textContent.trim()"
            " === 'Next question'"
        )
        inside = page.evaluate("() => Boolean(document.activeElement.closest('.backcare-quiz'))")
        assert inside
        ring = page.evaluate(_RING_JS)
        assert ring["ring"], ring
        assert ring["contrast"] >= MIN_RING_CONTRAST, ring
        page.keyboard.press("Enter")  # and goes on without reaching for the mouse
        quiz.get_by_role("button", name="Check answer").wait_for()
        watched.assert_clean()


_SCALE_BOXES_JS = """
() => [...document.querySelector('.backcare-pain-scale').querySelectorAll('[role="radio"]')]
  .map((el) => { const b = el.getBoundingClientRect();
    return { n: el.textContent, top: Math.round(b.top), left: Math.round(b.left),
             width: b.width, height: b.height }; })
"""


@pytest.mark.parametrize(("width", "rows"), [(390, [range(6), range(6, 11)]), (1280, [range(11)])])
def test_pain_scale_reads_as_one_scale_at_phone_and_laptop_width(
    browser: Browser, seeded_server: Server, width: int, rows: list[range]
):
    """0-10 in one row where it fits; on a phone 0-5 over 6-10 in the same columns, not 7 + 4."""
    size = {"width": width, "height": 844}
    with chromium_page(browser, seeded_server.base_url.rstrip("/"), **size) as watched:
        page = watched.page
        _ready(page, seeded_server, PAGES[0])
        boxes = page.evaluate(_SCALE_BOXES_JS)
        assert [b["n"] for b in boxes] == [str(n) for n in range(11)]
        tops = sorted({b["top"] for b in boxes})
        assert len(tops) == len(rows), boxes
        for top, row in zip(tops, rows, strict=True):
            assert [int(b["n"]) for b in boxes if b["top"] == top] == list(row), boxes
        if len(rows) == 2:  # 6 under 0, 10 under 4: one grid of columns
            assert boxes[6]["left"] == boxes[0]["left"], boxes
            assert boxes[10]["left"] == boxes[4]["left"], boxes
        assert all(b["width"] >= MIN_TARGET_PX and b["height"] >= MIN_TARGET_PX for b in boxes)
        right = page.evaluate("() => document.documentElement.clientWidth")
        assert max(b["left"] + b["width"] for b in boxes) <= right, boxes
        watched.assert_clean()


_TYPE_JS = """
() => Object.fromEntries(Object.entries({
  dayByDay: '.backcare-progress h2', functionScore: '.backcare-function-score h2',
  visitReport: '.backcare-visit-report h2', functionText: '.backcare-function-score p',
  visitText: '.backcare-visit-report p', pageText: '.jp-MarkdownOutput p',
}).map(([name, sel]) => { const el = document.querySelector(sel);
  return [name, el ? parseFloat(getComputedStyle(el).fontSize) : null]; }))
"""


def test_my_progress_sections_share_the_pages_type_scale(browser: Browser, seeded_server: Server):
    """The function score and the visit report are sections of My progress like its charts."""
    notebook = "notebooks/06_My_progress.ipynb"
    with _open_phone(browser, seeded_server, notebook) as watched:
        page = watched.page
        _ready(page, seeded_server, notebook)
        sizes = page.evaluate(_TYPE_JS)
        assert None not in sizes.values(), sizes
        assert sizes["functionScore"] == sizes["visitReport"] == sizes["dayByDay"], sizes
        for text in ("functionText", "visitText"):  # the page's text size, not 13 px
            assert abs(sizes[text] - sizes["pageText"]) <= 1, sizes
        watched.assert_clean()
