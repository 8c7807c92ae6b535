"""The launcher serves the front end compressed, and caches only what a URL versions.

Through the server `make app` runs (scripts/serve.py), over real HTTP: a page's HTML names
Voila's front end under a versioned URL and loads only the allowlisted widget extensions; the
files come gzip-compressed, with a year's cache only where the URL changes with the content.
"""

from __future__ import annotations

import gzip
import json
import re
import urllib.request
from typing import TYPE_CHECKING

import pytest

from backcare_widgets.launcher import LONG_CACHE
from tests.harness import ROOT, START_PAGE, start_voila

if TYPE_CHECKING:
    from collections.abc import Iterator
    from email.message import Message
    from pathlib import Path

    from tests.harness import Server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Exactly what `make app` serves."""
    tmp = tmp_path_factory.mktemp("speed")
    served = start_voila(tmp / "voila.log", tmp / "data", extra_pages=())
    try:
        yield served
    finally:
        served.stop()


def fetch(server: Server, path: str, *, gzip_ok: bool = True) -> tuple[Message, bytes]:
    """GET ``path`` as a browser would (accepting gzip); return the headers and the body as sent."""
    request = urllib.request.Request(server.base_url + path.lstrip("/"))
    if gzip_ok:
        request.add_header("Accept-Encoding", "gzip, deflate, br")
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.headers, response.read()


@pytest.fixture(scope="module")
def page(server: Server) -> str:
    """The start page's HTML, as served (it runs the page's cells first)."""
    headers, body = fetch(server, f"voila/render/{START_PAGE}")
    assert headers["Content-Encoding"] == "gzip"
    return gzip.decompress(body).decode()


def page_config(page: str) -> dict[str, object]:
    found = re.search(
        r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.DOTALL
    )
    assert found, "no page config in the page"
    config: dict[str, object] = json.loads(found.group(1))
    return config


def test_the_front_end_is_named_under_a_versioned_url(page: str):
    static = str(page_config(page)["fullStaticUrl"])
    assert re.fullmatch(r"/voila/static/v/[0-9a-f]{16}", static), static
    assert f'<script src="{static}/voila.js"></script>' in page


def test_a_versioned_script_is_compressed_and_kept_for_a_year(server: Server, page: str):
    static = str(page_config(page)["fullStaticUrl"])
    headers, body = fetch(server, f"{static}/voila.js")
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == LONG_CACHE
    plain = gzip.decompress(body)
    assert plain == (ROOT / ".venv/share/jupyter/voila/templates/base/static/voila.js").read_bytes()
    assert len(body) < len(plain) / 2  # JavaScript compresses several times over


def test_the_same_script_without_a_version_is_revalidated(server: Server):
    headers, _ = fetch(server, "voila/static/voila.js")
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" not in (headers["Cache-Control"] or "")


def test_another_version_is_not_served(server: Server):
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(server, "voila/static/v/0000000000000000/voila.js")
    refused.value.close()
    assert refused.value.code in (403, 404)  # Voila's unversioned handler finds no such file


def test_a_client_that_does_not_accept_gzip_gets_plain_bytes(server: Server, page: str):
    static = str(page_config(page)["fullStaticUrl"])
    headers, body = fetch(server, f"{static}/voila.js", gzip_ok=False)
    assert headers["Content-Encoding"] is None
    assert body == (ROOT / ".venv/share/jupyter/voila/templates/base/static/voila.js").read_bytes()


def test_only_the_allowlisted_extensions_are_loaded(page: str):
    names = {ext["name"] for ext in page_config(page)["federated_extensions"]}  # type: ignore[attr-defined]
    standalone = json.loads((ROOT / "voila.json").read_text())
    assert names == set(standalone["VoilaConfiguration"]["extension_allowlist"])
    assert "jupyterlab_pygments" not in names


def test_hashed_extension_chunks_are_kept_and_their_manifest_is_revalidated(
    server: Server, page: str
):
    extension = next(
        ext
        for ext in page_config(page)["federated_extensions"]  # type: ignore[attr-defined]
        if ext["name"] == "anywidget"
    )
    load = extension["load"].removeprefix("./")
    assert re.fullmatch(r"static/remoteEntry\.[0-9a-f]{8,}\.js", load)
    base = "voila/labextensions/anywidget/"
    headers, _ = fetch(server, base + load)
    assert headers["Cache-Control"] == LONG_CACHE
    assert headers["Content-Encoding"] == "gzip"
    headers, _ = fetch(server, base + "package.json")
    assert headers["Cache-Control"] == "no-cache"


def test_binder_loads_the_same_extensions_and_compresses_too():
    standalone = json.loads((ROOT / "voila.json").read_text())
    binder = json.loads((ROOT / "binder" / "jupyter_server_config.json").read_text())
    allow = standalone["VoilaConfiguration"]["extension_allowlist"]
    assert binder["VoilaConfiguration"]["extension_allowlist"] == allow
    # The Jupyter server builds its application from tornado_settings, so there it works.
    assert binder["ServerApp"]["tornado_settings"]["compress_response"] is True


def test_the_workbook_does_not_rely_on_voila_json_for_compression(tmp_path: Path):
    # Voila 0.5 copies tornado_settings in after building its application: a setting there
    # would look like it works and not. The launcher compresses instead (tests above).
    standalone = json.loads((ROOT / "voila.json").read_text())
    assert "compress_response" not in standalone["Voila"]["tornado_settings"]
