"""The launcher's checks in isolation: which Host names and which browser requests are answered.

The same checks on a running server, through `make app`'s own command, are in
tests/e2e/test_serve_guard.py.
"""

from __future__ import annotations

import pytest
from tornado.httputil import HTTPHeaders

from backcare_widgets.launcher import cross_site_refusal, host_is_allowed


@pytest.mark.parametrize(
    "host",
    ["localhost", "localhost:8866", "LOCALHOST:8866", "127.0.0.1:8866", "127.3.4.5", "[::1]:8866"],
)
def test_loopback_hosts_are_allowed(host: str):
    assert host_is_allowed(host)


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:8866",
        "127.0.0.1.evil.example:8866",
        "localhost.evil.example",
        "localhost.:8866",
        "192.168.1.20:8866",
        "0.0.0.0:8866",
        "[::ffff:7f00:1]:8866",
        "[2001:db8::1]:8866",
        "",
    ],
)
def test_other_hosts_are_refused(host: str):
    assert not host_is_allowed(host)


def test_a_configured_host_is_allowed_with_any_port():
    extra = [" Workbook.example ", "10.0.0.5", ""]
    assert host_is_allowed("workbook.example:8866", extra)
    assert host_is_allowed("10.0.0.5:80", extra)
    assert not host_is_allowed("other.example:8866", extra)


def headers(site: str | None, mode: str | None = None, dest: str | None = None) -> HTTPHeaders:
    sent = {"Sec-Fetch-Site": site, "Sec-Fetch-Mode": mode, "Sec-Fetch-Dest": dest}
    return HTTPHeaders({k: v for k, v in sent.items() if v is not None})


@pytest.mark.parametrize(
    ("method", "sent"),
    [
        ("GET", headers(None)),  # curl, or a browser that sends no such header
        ("GET", headers("none", "navigate", "document")),  # typed, bookmarked
        ("POST", headers("same-origin", "cors", "empty")),  # the page's own request
        ("GET", headers("same-origin", "websocket", "empty")),  # its kernel's websocket
        ("GET", headers("cross-site", "navigate", "document")),  # a link in an e-mail
    ],
)
def test_own_requests_and_links_go_on(method: str, sent: HTTPHeaders):
    assert cross_site_refusal(method, sent) is None


@pytest.mark.parametrize(
    ("method", "sent"),
    [
        ("GET", headers("cross-site", "no-cors", "empty")),  # fetch(url, {mode: "no-cors"})
        ("GET", headers("same-site", "no-cors", "empty")),  # the same from another port
        ("GET", headers("cross-site", "navigate", "iframe")),  # a hidden frame
        ("GET", headers("cross-site", "no-cors", "image")),
        ("GET", headers("cross-site", "websocket", "empty")),
        ("POST", headers("cross-site", "navigate", "document")),  # a form posted from elsewhere
    ],
)
def test_other_sites_requests_are_refused(method: str, sent: HTTPHeaders):
    reason = cross_site_refusal(method, sent)
    assert reason is not None
    assert sent["Sec-Fetch-Site"] in reason
