"""The workbook's standalone server: Voila run in this process, behind the workbook's own checks.

`make app` runs ``scripts/serve.py``, which starts :class:`WorkbookVoila` in its own process
(no child), so a SIGTERM or Ctrl+C reaches Voila itself: it stops its kernels and frees the
port, and nothing is left behind.

Voila 0.5's standalone app builds its tornado application with ``allow_remote_access=True`` in
its own code, and its file handler is a plain tornado handler, so no ``voila.json`` setting can
make it check the ``Host`` header. :class:`WorkbookVoila` is Voila's own app with three
additions, none of which copies Voila code:

* Before it listens, a routing rule goes in front of every route of the tornado application
  (:class:`_Refusals`). Tornado asks it first for every request, so a refused request reaches no
  handler at all: pages, static files, the contents API and the kernel websocket alike, whatever
  handlers a later Voila adds. It refuses (403) a ``Host`` that is not a loopback name or address
  (or one configured with ``BACKCARE_ALLOWED_HOSTS``), which closes DNS rebinding, and a request
  the browser marks as coming from another site (``Sec-Fetch-Site``) unless it is a top-level
  navigation, so a page elsewhere cannot start kernels with a ``no-cors`` fetch or an iframe.
* The page handler renders the workbook's pages only (``notebooks/*.ipynb``, judged by the real
  path, symlinks resolved) and starts at most ``max_kernels`` kernels, with a page that says so.
* The file handler judges the real path a URL resolves to, not only the URL.
* A kernel's websocket closed during its handshake (a page closed while it was still
  connecting) is not counted as a disconnection: Jupyter server counted it as one without ever
  counting the connection, so the kernel's count went to -1, which its culler reads as
  "connected", and the kernel was never culled (:class:`KernelWebsocketHandler`).

It also makes the pages cheaper to load, which ``voila.json`` alone cannot (measured in
``benchmarks/results.md``):

* Responses are gzip-compressed. Voila 0.5 builds its tornado application *before* it copies
  ``tornado_settings`` into it, so ``compress_response`` in ``voila.json`` never takes effect;
  here it goes into the settings the application is built from.
* Files whose URL names their version are cached by the browser for a year (``immutable``):
  the widget extensions' hashed chunk names (``static/327.1a2b3c4d.js``), and Voila's own
  front end, whose chunk names carry no hash, under ``voila/static/v/<version>/``, where the
  version is a digest of the files themselves. An upgrade changes the URL, so it is never
  served stale; unversioned URLs keep Voila's revalidation (``no-cache`` with an ETag).

As a Jupyter server extension (Binder, JupyterHub) none of this runs: the Jupyter server checks
the Host itself when it listens on loopback, and asks for a token or login.
"""

from __future__ import annotations

import hashlib
import html
import ipaddress
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tornado.web
from jupyter_server.base.handlers import FileFindHandler
from jupyter_server.utils import url_path_join
from tornado.routing import Matcher, Rule
from traitlets import Int, List, Unicode, default
from voila.app import Voila
from voila.static_file_handler import AllowListFileHandler, MultiStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tornado.httputil import HTTPServerRequest

ALLOWED_HOSTS_ENV = "BACKCARE_ALLOWED_HOSTS"
MAX_KERNELS_ENV = "BACKCARE_MAX_KERNELS"
# About 80 MB each; 30 is a class of about 25 on one server besides the 5 preheated pages.
DEFAULT_MAX_KERNELS = 30
PAGE_DIR = "notebooks"  # the workbook's pages: the notebooks directly in this folder
START_PAGE = "voila/render/notebooks/00_Start_here.ipynb"
LOOPBACK_NAMES = frozenset({"localhost"})
# Cache-Control for a URL that changes whenever its content does: a year, never revalidated.
LONG_CACHE = "public, max-age=31536000, immutable"
# a webpack chunk named by its content hash, as the widget extensions ship them
HASHED_CHUNK = re.compile(r".*/static/[^/]+\.[0-9a-f]{8,}\.js")
VERSIONED_STATIC = "voila/static/v"  # + /<digest>/: Voila's front end under a versioned path


def host_name(host_header: str) -> str:
    """Return the name or address in a ``Host`` header, without port or IPv6 brackets."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def host_is_allowed(host_header: str, extra: Iterable[str] = ()) -> bool:
    """Whether a request for ``host_header`` is for this computer (or a host the person named).

    A loopback address (127.0.0.0/8, ::1) or ``localhost`` is allowed; any other name could be
    an attacker's domain rebound to 127.0.0.1, so it is refused unless listed in ``extra``.
    """
    name = host_name(host_header)
    if name in LOOPBACK_NAMES or name in {host_name(h) for h in extra if h.strip()}:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def cross_site_refusal(method: str, headers: Any) -> str | None:
    """Why a request from another site is refused, or None when it may go on.

    Browsers say where a request comes from in ``Sec-Fetch-Site``. Requests from the page itself
    (``same-origin``) or typed, bookmarked or opened from another program (``none``) are fine,
    and so is a top-level navigation from another site (a link in an e-mail): the person sees
    the page open. Anything else from another site (a ``no-cors`` fetch, an image, an iframe, a
    websocket) is refused. ``same-site`` is refused too: for a browser every port of 127.0.0.1 is
    the same site. Clients that send no such header (curl, older browsers) are not judged here.
    """
    site = headers.get("Sec-Fetch-Site")
    if site in (None, "same-origin", "none"):
        return None
    navigation = headers.get("Sec-Fetch-Mode") == "navigate"
    top_level = headers.get("Sec-Fetch-Dest") == "document"
    if navigation and top_level and method in ("GET", "HEAD"):
        return None
    return f"a {site} request ({headers.get('Sec-Fetch-Mode')}) is not served"


class _RefusalHandler(tornado.web.RequestHandler):
    """Answer a refused request with its status and a one-line reason, and nothing else."""

    def initialize(self, status: int, reason: str) -> None:
        self.status = status
        self.reason = reason

    def prepare(self) -> None:
        self.set_status(self.status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{self.status}: {self.reason}\n")


class _Refusals(Matcher):
    """Match the requests to refuse, so tornado sends them to :class:`_RefusalHandler`."""

    def __init__(self, allowed_hosts: Iterable[str], log: Any) -> None:
        self.allowed_hosts = tuple(allowed_hosts)
        self.log = log

    def match(self, request: HTTPServerRequest) -> dict[str, Any] | None:
        reason = None
        if not host_is_allowed(request.host, self.allowed_hosts):
            reason = (
                f"the host {request.host!r} is not served (only this computer's own names; "
                f"add one with {ALLOWED_HOSTS_ENV})"
            )
        else:
            reason = cross_site_refusal(request.method or "GET", request.headers)
        if reason is None:
            return None
        self.log.warning("Refused %s %s: %s", request.method, request.path, reason)
        return {"target_kwargs": {"status": 403, "reason": reason}}


class _KernelCap:
    """The kernel manager as the page handler sees it: a new kernel only below the cap.

    Starts under way are counted, so many pages opened at once cannot all slip under the cap.
    Preheated kernels (Voila's pools) are counted too, but their refills are Voila's own.
    """

    def __init__(self, manager: Any, limit: int) -> None:
        self._manager = manager
        self.limit = limit
        self.starting = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._manager, name)

    def running(self) -> int:
        """Return the kernels running or being started."""
        return len(self._manager.list_kernel_ids()) + self.starting

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        """Start a kernel like the manager does, or refuse with 503 at the cap."""
        if self.running() >= self.limit:
            raise tornado.web.HTTPError(503, "kernel cap of %d reached", self.limit)
        self.starting += 1
        try:
            kernel_id: str = await self._manager.start_kernel(*args, **kwargs)
            return kernel_id
        finally:
            self.starting -= 1


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font:1.1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;
padding:0 1rem;color:#1a1a1a}}h1{{font-size:1.5rem}}</style></head>
<body><h1>{title}</h1>{body}</body></html>
"""


class WorkbookPageHandler(TornadoVoilaHandler):
    """Voila's page handler, for the workbook's pages only and at most ``max_kernels`` kernels."""

    @property
    def kernel_manager(self) -> Any:
        """The capped kernel manager (Voila's handler reads it from here)."""
        return self.settings["backcare_kernel_cap"]

    def is_page(self, path: str | None) -> bool:
        """Whether ``path`` resolves to a notebook directly in a folder of pages."""
        root = Path(self.settings["backcare_root"])
        real = (root / (path or "")).resolve()
        if real.suffix != ".ipynb" or not real.is_file():
            return False
        return any(real.parent == (root / d).resolve() for d in self.settings["backcare_pages"])

    async def get(self, path: str | None = None) -> None:
        """Render ``path`` if it is one of the workbook's pages."""
        if not self.is_page(path):
            raise tornado.web.HTTPError(404, "not a workbook page: %s", path)
        await super().get(path)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Say in plain words why a page did not open."""
        if status_code == 503:
            cap = self.settings["backcare_kernel_cap"].limit
            self.set_header("Retry-After", "60")
            title = "The workbook is busy"
            body = (
                f"<p>This server already runs {cap} pages at once, the most it allows. "
                "Close a workbook tab you no longer use, or wait a few minutes (pages left "
                "alone are closed after 5 minutes), then reload this page.</p>"
            )
        elif status_code == 404:
            title = "Not a workbook page"
            body = (
                "<p>This address is not one of the workbook's pages. "
                f'Start from <a href="{html.escape(self.base_url + START_PAGE)}">the start '
                "page</a>.</p>"
            )
        else:
            super().write_error(status_code, **kwargs)
            return
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(_PAGE.format(title=title, body=body))


class ResolvedFileHandler(AllowListFileHandler):
    """Voila's file handler, judging also the real file a path resolves to.

    The allow and deny lists are applied to the URL by Voila; a symlink ``notebooks/a.png``
    to ``../pyproject.toml`` passes them. Here the real path (every symlink resolved) must be
    inside the served folder and pass the same lists.
    """

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        """Serve a file only if its real path stays inside the root."""
        real_root = os.path.realpath(root)
        real = os.path.realpath(absolute_path)
        relative = os.path.relpath(real, real_root)
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            raise tornado.web.HTTPError(403, "File outside the served folder")
        if not any(re.fullmatch(p, relative, re.IGNORECASE) for p in self.allowlist) or any(
            re.fullmatch(p, relative, re.IGNORECASE) for p in self.denylist
        ):
            raise tornado.web.HTTPError(403, "File not allowlisted")
        checked: str | None = super().validate_absolute_path(root, absolute_path)
        return checked


def static_version(paths: Iterable[str]) -> str:
    """Return a short digest of every file under ``paths``: names, sizes and times.

    Voila's front-end chunks (``1187.voila.js``) carry no hash in their names, so the folder
    they are served from is named after this digest instead; any change to any file changes it.
    """
    digest = hashlib.sha256()
    for root in paths:
        for folder, _dirs, files in sorted(os.walk(root)):
            for name in sorted(files):
                stat = (Path(folder) / name).stat()
                digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


class VersionedStaticHandler(MultiStaticFileHandler):
    """Voila's front end under ``voila/static/v/<digest>/``: the URL changes with the files."""

    def set_extra_headers(self, path: str) -> None:
        """Let the browser keep the file for a year without asking again."""
        self.set_header("Cache-Control", LONG_CACHE)


class LabextensionHandler(FileFindHandler):
    """Voila's handler for the widget extensions, caching the chunks named by their hash.

    Voila serves every extension file with ``no-cache``; a hashed chunk's URL changes with its
    content, so it may be kept. Other files (``package.json``, ``style.js``) are still revalidated.
    """

    def set_headers(self) -> None:
        """Set Voila's headers, then the long cache for a hashed chunk."""
        super().set_headers()
        if HASHED_CHUNK.fullmatch(self.request.path):
            self.set_header("Cache-Control", LONG_CACHE)


class KernelWebsocketHandler(VoilaKernelWebsocketHandler):
    """Voila's kernel websocket, uncounting only the connections it counted.

    Jupyter server counts a connection in ``open`` (after the handshake, which waits for the
    kernel's info reply) and uncounts it in ``on_close``; a socket closed during the handshake
    reaches ``on_close`` without ``open``. Measured with the workbook's server: 20 such closes
    left the kernel at -20 connections, and ``cull_connected = false`` spares any kernel whose
    count is not 0.
    """

    counted = False

    async def open(self, kernel_id: str) -> None:
        """Open as Jupyter server does; it counts the connection before its first wait."""
        self.counted = True
        await super().open(kernel_id)

    def on_close(self) -> None:
        """Close as Jupyter server does, then give back a count it took and never gave."""
        super().on_close()
        if not self.counted:
            self.kernel_manager.notify_connect(self.kernel_id)


class WorkbookVoila(Voila):
    """Voila's standalone app with the workbook's checks (see the module's docstring)."""

    allowed_hosts = List(
        Unicode(),
        config=True,
        help=f"Host names served besides loopback ones (default: ${ALLOWED_HOSTS_ENV}, by commas).",
    )
    max_kernels = Int(
        config=True, help=f"Most kernels at once (default: ${MAX_KERNELS_ENV} or 30)."
    )
    extra_page_dirs = List(
        Unicode(),
        config=True,
        help="Folders whose notebooks are rendered besides notebooks/: for tests and benchmarks.",
    )

    @default("allowed_hosts")
    def _default_allowed_hosts(self) -> list[str]:
        return [h.strip() for h in os.environ.get(ALLOWED_HOSTS_ENV, "").split(",") if h.strip()]

    @default("max_kernels")
    def _default_max_kernels(self) -> int:
        return int(os.environ.get(MAX_KERNELS_ENV, DEFAULT_MAX_KERNELS))

    def static_url(self) -> str:
        """Return the versioned URL Voila's front end is served from (see the module's docstring)."""
        return url_path_join(self.base_url, VERSIONED_STATIC, static_version(self.static_paths))

    def _versioned_page_config(self, page_config: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """Point a page at the versioned front end (webpack loads every chunk from there)."""
        page_config["fullStaticUrl"] = self._static_url
        return page_config

    def init_settings(self) -> dict[str, Any]:
        """Add compression, the workbook's root and kernel cap to Voila's settings.

        Runs before Voila builds its tornado application from these settings, so
        ``compress_response`` takes effect here (``tornado_settings`` are copied in too late).
        """
        self._static_url = self.static_url()
        hook = self.voila_configuration.page_config_hook
        if hook is None:  # a hook set in the configuration is left alone (it may set its own URL)
            self.voila_configuration.page_config_hook = self._versioned_page_config
        settings: dict[str, Any] = super().init_settings()
        settings["compress_response"] = True
        settings["backcare_root"] = str(Path(self.root_dir).resolve())
        settings["backcare_pages"] = [PAGE_DIR, *self.extra_page_dirs]
        settings["backcare_kernel_cap"] = _KernelCap(self.kernel_manager, self.max_kernels)
        return settings

    def init_handlers(self) -> list[tuple[Any, ...]]:
        """Voila's routes with the workbook's handlers, and its front end under a versioned URL.

        The versioned route goes first, so it wins over Voila's ``voila/static/``.
        """
        swap = {
            TornadoVoilaHandler: WorkbookPageHandler,
            AllowListFileHandler: ResolvedFileHandler,
            FileFindHandler: LabextensionHandler,
            VoilaKernelWebsocketHandler: KernelWebsocketHandler,
        }
        handlers = super().init_handlers()
        missing = swap.keys() - {spec[1] for spec in handlers}
        if missing:  # another Voila version: refuse to serve rather than serve unchecked
            raise RuntimeError(f"this Voila does not route to {sorted(map(str, missing))}")
        versioned = (
            re.escape(self._static_url) + "/(.*)",
            VersionedStaticHandler,
            {"paths": self.static_paths, "default_filename": "index.html"},
        )
        from backcare_widgets.coach_server import handlers as coach_handlers

        return [
            versioned,
            *coach_handlers(self.base_url),  # the camera coach's library, loaded when turned on
            *((spec[0], swap.get(spec[1], spec[1]), *spec[2:]) for spec in handlers),
        ]

    def listen(self) -> None:
        """Put the refusals in front of every route, then serve as Voila does."""
        self.app.default_router.rules.insert(
            0, Rule(_Refusals(self.allowed_hosts, self.log), _RefusalHandler)
        )
        super().listen()
