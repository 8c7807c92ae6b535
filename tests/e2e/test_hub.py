"""A class on a real JupyterHub: hub/jupyterhub_config.py with its npm proxy, on loopback.

Two students log in through the hub's own form in Chromium, land on the Voila start page (the
hub's default URL), each does and saves a set in their own server, and each one's My progress
shows their set and not the other's; neither can open the other's server or log by URL. The
educator (a hub admin) opens the educators' page. Everything is stopped at the end.
"""

from __future__ import annotations

import contextlib
import subprocess
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pytest

from backcare_widgets.data.log import SessionLog
from backcare_widgets.data.programme import Frequency, Programme, ProgrammeItem
from tests.harness import ROOT, START_PAGE, chromium_page, wait_for_cells
from tests.hub_harness import EDUCATOR_PASSWORD, START_PATH, log_in, start_hub

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser, Page

    from tests.hub_harness import Hub

# Each test logs students in and starts their servers (about 30 s each on a busy 2-core machine)
pytestmark = pytest.mark.timeout(600)

# the bridge's workbook default: 5 holds of 3 s, 10 s get-ready and 5 s rests: 10 + 15 + 20 = 45 s
SET_MS = 50_000
PROGRESS = "voila/render/notebooks/06_My_progress.ipynb"
EDUCATORS = "voila/render/notebooks/07_For_educators.ipynb"
# each student's pain before and after their set: what tells their rows apart on any page
PAIN = {"alice": (4, 3), "bob": (7, 6)}
ROUTINE = "voila/render/notebooks/05_Todays_routine.ipynb"
CLASS_PROGRAMME = Programme(
    title="Class programme, week 1",
    exercises=[ProgrammeItem(exercise="hamstring-stretch"), ProgrammeItem(exercise="bridge")],
    frequency=Frequency(days=("mon", "wed", "fri")),
)
OWN_PROGRAMME = Programme(
    title="Bob's own programme",
    exercises=[ProgrammeItem(exercise="partial-crunches")],
    frequency=Frequency(times_per_week=2),
)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """One hub for the class's tests, its database, cookie secret and homes in a tmp dir.

    The educator has put a class programme in the class folder the hub gives every server.
    """
    tmp = tmp_path_factory.mktemp("hub")
    class_dir = tmp / "class"
    class_dir.mkdir()
    CLASS_PROGRAMME.save(class_dir / "programme.yaml")
    running = start_hub(tmp, class_dir=class_dir)
    try:
        yield running
    finally:
        running.stop()


def _do_a_bridge_set(page: Page, pain: tuple[int, int]) -> None:
    """From the start page: open the bridge, rate pain, run the timer through, rate, save."""
    page.get_by_role("link", name="Bridge").first.click()
    page.wait_for_url("**/01_Bridge.ipynb")
    wait_for_cells(page, timeout_ms=120_000)
    session = page.locator(".backcare-exercise-session")
    timer = session.locator(".backcare-hold-timer")
    timer.wait_for(timeout=60_000)
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)
    scales = session.locator(".backcare-pain-scale")
    scales.nth(0).get_by_role("radio", name=str(pain[0]), exact=True).click()
    timer.get_by_role("button", name="Start").click()
    page.clock.run_for(SET_MS)
    assert timer.get_attribute("data-phase") == "done"
    page.clock.resume()
    session.get_by_text("Set 1 done").wait_for()
    scales.nth(1).get_by_role("radio", name=str(pain[1]), exact=True).click()
    session.get_by_role("button", name="Save set 1").click()
    session.get_by_text("Saved set 1").wait_for()


def _latest_sets(page: Page, hub: Hub, user: str) -> list[str]:
    """Open the user's My progress through the hub; return the texts of the latest sets' cards."""
    page.goto(f"{hub.url}user/{user}/{PROGRESS}", timeout=120_000)
    wait_for_cells(page, timeout_ms=120_000)
    cards = page.locator(".backcare-latest .backcare-set-card")
    cards.first.wait_for(timeout=60_000)
    return [" ".join(card.split()) for card in cards.all_inner_texts()]


def _status(page: Page, url: str) -> int:
    """GET ``url`` with the page's cookies (its user's login), through the hub's OAuth redirects.

    A server asks the hub who is calling (a redirect to the hub's authorize page), and the hub
    answers 403 there when the login is not the server's owner.
    """
    response = page.request.get(url, timeout=60_000)
    assert b"SQLite format 3" not in response.body()
    return response.status


def test_two_students_each_have_their_own_server_and_log(browser: Browser, hub: Hub):
    origin = hub.url.rstrip("/")
    with chromium_page(browser, origin) as alice, chromium_page(browser, origin) as bob:
        for user, watched in (("alice", alice), ("bob", bob)):
            page = watched.page
            page.clock.install()
            log_in(page, hub, user)  # the hub's default URL: the Voila start page
            assert page.url.startswith(f"{hub.url}user/{user}/{START_PATH}")
            assert "Ask a health-care professional" in page.locator(".backcare-safety").inner_text()
            _do_a_bridge_set(page, PAIN[user])

        # only now, with both sets saved, can a page show the other's row by mistake
        for user, watched in (("alice", alice), ("bob", bob)):
            other = "bob" if user == "alice" else "alice"
            rows = _latest_sets(watched.page, hub, user)
            mine, theirs = PAIN[user], PAIN[other]
            assert len(rows) == 1, rows
            assert "Bridge" in rows[0]
            assert f"pain {mine[0]} before, {mine[1]} after" in rows[0]
            assert f"pain {theirs[0]} before" not in rows[0]

            # the other's server, pages and files answer 403 to this login, never their log
            for path in (
                PROGRESS,
                START_PATH,
                "files/.backcare/session_log.sqlite3",
                "api/kernels",
            ):
                assert _status(watched.page, f"{hub.url}user/{other}/{path}") == 403, path
            # nor can the student's own server be walked out of their home into the other's
            for path in (
                f"files/..%2F{other}%2F.backcare%2Fsession_log.sqlite3",
                f"api/contents/..%2F{other}%2F.backcare",
                f"voila/files/..%2F{other}%2F.backcare%2Fsession_log.sqlite3",
            ):
                assert _status(watched.page, f"{hub.url}user/{user}/{path}") in (403, 404), path
            watched.assert_clean()

    # each log is a SQLite file in its student's own home, holding their set alone
    for user, (before, after) in PAIN.items():
        with SessionLog(hub.log_file(user)) as log:
            rows = log.to_dataframe()
        assert list(rows["exercise"].astype(str)) == ["bridge"]
        assert (int(rows["pain_before"].iloc[0]), int(rows["pain_after"].iloc[0])) == (
            before,
            after,
        )


def _open_routine(page: Page, hub: Hub, user: str) -> str:
    """Open the user's today's routine through the hub; return what it says it follows."""
    page.goto(f"{hub.url}user/{user}/{ROUTINE}", timeout=120_000)
    wait_for_cells(page, timeout_ms=120_000)
    heading = page.locator(".backcare-routine__heading")
    heading.wait_for(timeout=60_000)
    followed = page.locator(".backcare-routine__programme")
    followed.wait_for(timeout=60_000)
    return " ".join(followed.inner_text().split()) + " | " + heading.inner_text()


def test_every_students_routine_finds_the_class_programme_and_their_own_wins(
    browser: Browser, hub: Hub, tmp_path: Path
):
    origin = hub.url.rstrip("/")
    mine = tmp_path / "bob-programme.yaml"
    OWN_PROGRAMME.save(mine)
    with chromium_page(browser, origin) as alice, chromium_page(browser, origin) as bob:
        for user, watched in (("alice", alice), ("bob", bob)):
            log_in(watched.page, hub, user)
            shown = _open_routine(watched.page, hub, user)
            assert "Following Class programme, week 1 (on Mon, Wed and Fri)" in shown
            assert "your class's programme" in shown
            assert "Exercise 1 of 2: Hamstring stretch" in shown

        # bob loads his own programme file on the routine page, as a person does
        page = bob.page
        page.on("filechooser", lambda _chooser: None)
        with page.expect_file_chooser() as chooser:
            page.get_by_role("button", name="Follow a programme").click()
        chooser.value.set_files(str(mine))
        page.get_by_text("Following Bob's own programme").wait_for(timeout=60_000)
        # it is kept in his home, beside his log, and wins over the class's from now on
        assert hub.log_file("bob").with_name("programme.yaml").is_file()
        shown = _open_routine(page, hub, "bob")
        assert "Following Bob's own programme (2 days a week), your programme" in shown
        assert "Exercise 1 of 1: Partial crunches" in shown
        # alice still follows the class's: bob's choice stayed in bob's home
        shown = _open_routine(alice.page, hub, "alice")
        assert "Class programme, week 1" in shown
        assert "Bob" not in shown
        for watched in (alice, bob):
            watched.assert_clean()


def test_the_educator_is_a_hub_admin_and_opens_the_educators_page(browser: Browser, hub: Hub):
    origin = hub.url.rstrip("/")
    with chromium_page(browser, origin) as educator, chromium_page(browser, origin) as student:
        page = educator.page
        log_in(page, hub, "educator", EDUCATOR_PASSWORD)
        page.goto(f"{hub.url}user/educator/{EDUCATORS}", timeout=120_000)
        wait_for_cells(page, timeout_ms=120_000)
        page.locator(".backcare-builder").wait_for(state="visible", timeout=60_000)
        page.locator(".backcare-presenter__title").wait_for(state="visible")
        assert _status(page, f"{hub.url}hub/admin") == 200  # the hub's admin page is theirs
        educator.assert_clean()

        log_in(student.page, hub, "alice")  # a student is no admin
        assert _status(student.page, f"{hub.url}hub/admin") == 403
        student.assert_clean()
    users = {user["name"]: user for user in hub.api("users")}
    assert users["educator"]["admin"] is True
    assert users["alice"]["admin"] is False


def test_everything_listens_on_loopback_only(hub: Hub):
    import psutil

    listening = []
    for pid in _hub_pids(hub):
        with contextlib.suppress(psutil.Error):
            listening += [
                conn
                for conn in psutil.Process(pid).net_connections(kind="tcp")
                if conn.status == psutil.CONN_LISTEN
            ]
    assert len(listening) >= 3  # proxy, proxy API, hub (and any student's server)
    for conn in listening:
        assert conn.laddr.ip in ("127.0.0.1", "::1"), conn


def _hub_pids(hub: Hub) -> set[int]:
    """Return the hub, its proxy and services, and the students' servers and their kernels."""
    import psutil

    pids = {hub.server.process.pid}
    pids |= {child.pid for child in psutil.Process(hub.server.process.pid).children(recursive=True)}
    homes = hub.state / "homes"
    for process in psutil.process_iter(["pid", "cwd"]):
        cwd = process.info.get("cwd") or ""
        if cwd.startswith(f"{homes}/"):
            pids.add(process.info["pid"])
            pids |= {child.pid for child in process.children(recursive=True)}
    return pids


def nbgitpuller_link(hub_url: str, repo: str, branch: str) -> str:
    """Return the link that pulls ``repo`` into a student's home and opens its start page.

    The hub sends a logged-in student to their own server (``user-redirect``), where nbgitpuller
    clones the repository (or merges what changed) into ``~/backcare-workbook`` and then opens
    ``urlpath``: the start page, rendered by Voila. The README gives the same link for GitHub.
    """
    query = urlencode(
        {
            "repo": repo,
            "branch": branch,
            "targetpath": "backcare-workbook",
            "urlpath": f"voila/render/backcare-workbook/{START_PAGE}",
        }
    )
    return f"{hub_url}hub/user-redirect/git-pull?{query}"


def test_a_link_pulls_the_workbook_into_a_home_and_opens_its_start_page(
    browser: Browser, hub: Hub, tmp_path: Path
):
    # a local clone of this repository stands in for GitHub: file:// on this machine only
    source = tmp_path / "backcare-workbook.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ROOT), str(source)], check=True)
    head = _git(source, "rev-parse", "HEAD")
    branch = _git(source, "symbolic-ref", "--short", "HEAD")
    pulled = hub.home("alice") / "backcare-workbook"
    assert not pulled.exists()
    with chromium_page(browser, hub.url.rstrip("/")) as alice:
        page = alice.page
        log_in(page, hub, "alice")
        page.goto(nbgitpuller_link(hub.url, source.as_uri(), branch), timeout=120_000)
        page.wait_for_url(
            f"**/user/alice/voila/render/backcare-workbook/{START_PAGE}*", timeout=180_000
        )
        wait_for_cells(page, timeout_ms=120_000)
        assert "Ask a health-care professional" in page.locator(".backcare-safety").inner_text()
        alice.assert_clean()
    # the workbook is a clone at the source's commit, in alice's home and nowhere else
    assert _git(pulled, "rev-parse", "HEAD") == head
    assert (pulled / START_PAGE).is_file()
    assert not (hub.home("bob") / "backcare-workbook").exists()


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout.strip()
