"""Serve the camera coach's pose library from the workbook's own server, and nothing else of it.

The coach (``components/static/camera-coach.js``) imports ``<base_url>backcare/coach/
human.esm.js``, its MoveNet model and the WebAssembly backend only when a person turns it on.
The files come from the npm packages ``@vladmandic/human`` 3.3.6 (MIT) and
``@tensorflow/tfjs-backend-wasm`` 4.22.0 (Apache-2.0), pinned with their sha512 in
``package-lock.json`` and installed by ``npm ci`` (``make app``, ``make test``) into
``node_modules/``. Only the files in
:data:`ASSETS` are served (an allowlist, matched exactly), from the same origin as the pages:
nothing is fetched from a CDN.

The same handler runs in the three ways the workbook is served: the standalone Voila
(:class:`backcare_widgets.launcher.WorkbookVoila` adds :func:`handlers`), and Jupyter server
(JupyterLab, Binder, JupyterHub's single-user servers), where this module is a server extension
enabled by ``etc/jupyter/jupyter_server_config.d/backcare_widgets.json``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import tornado.web
from jupyter_server.utils import url_path_join

__all__ = ["ASSETS", "ASSETS_ENV", "ROUTE", "assets_dir", "handlers"]

#: Where the files are looked for instead of the repository's ``node_modules/`` (a folder with
#: the same layout), e.g. for a wheel installed without the repository.
ASSETS_ENV = "BACKCARE_COACH_ASSETS"
#: The URL path under the server's base URL.
ROUTE = "backcare/coach"
#: URL name -> its file under ``node_modules/``: the library, the one pose model and the
#: licence (``@vladmandic/human``, MIT), and the WebAssembly backend of the TensorFlow.js that
#: human bundles (``@tensorflow/tfjs-backend-wasm`` 4.22.0, Apache-2.0): the model runs on the
#: CPU fast enough only there. Without SharedArrayBuffer tfjs asks for no threaded build.
ASSETS: dict[str, str] = {
    "human.esm.js": "@vladmandic/human/dist/human.esm.js",
    "models/movenet-lightning.json": "@vladmandic/human/models/movenet-lightning.json",
    "models/movenet-lightning.bin": "@vladmandic/human/models/movenet-lightning.bin",
    "LICENSE": "@vladmandic/human/LICENSE",
    "tfjs-backend-wasm.wasm": "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm",
    "tfjs-backend-wasm-simd.wasm": "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm",
}
_REPOSITORY = Path(__file__).resolve().parent.parent


def assets_dir() -> Path:
    """Return the ``node_modules`` folder the files are served from (they may be missing)."""
    configured = os.environ.get(ASSETS_ENV, "").strip()
    if configured:
        return Path(configured)
    return _REPOSITORY / "node_modules"


class CoachAssetHandler(tornado.web.StaticFileHandler):
    """Tornado's static file handler, for the allowlisted files only (a year's cache: pinned)."""

    @classmethod
    def get_absolute_path(cls, root: str, path: str) -> str:
        """Map the URL name to its file in the package (only names in :data:`ASSETS`)."""
        return str(Path(root) / ASSETS.get(path, "missing\0"))

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        """Refuse anything not on the allowlist, then check as tornado does."""
        if not any(absolute_path == str(Path(root) / file) for file in ASSETS.values()):
            raise tornado.web.HTTPError(404)
        if not Path(absolute_path).is_file():
            raise tornado.web.HTTPError(404, "the camera coach's library is not installed")
        checked: str | None = super().validate_absolute_path(root, absolute_path)
        return checked

    def set_extra_headers(self, path: str) -> None:
        """Say these files are the workbook's own (same origin only) and may be kept."""
        self.set_header("Cache-Control", "public, max-age=31536000, immutable")
        self.set_header("Cross-Origin-Resource-Policy", "same-origin")
        self.set_header("X-Content-Type-Options", "nosniff")

    def get_content_type(self) -> str:
        """Serve the module as JavaScript and the model as its JSON and bytes."""
        path = self.absolute_path or ""
        if path.endswith(".js"):
            return "text/javascript; charset=utf-8"
        if path.endswith(".json"):
            return "application/json"
        if path.endswith(".wasm"):
            return "application/wasm"  # compiled while it streams in
        if path.endswith(".bin"):
            return "application/octet-stream"
        return "text/plain; charset=utf-8"


def handlers(base_url: str) -> list[tuple[str, type[tornado.web.RequestHandler], dict[str, Any]]]:
    """Return the route for the coach's files under ``base_url``, for a tornado application."""
    names = "|".join(re.escape(name) for name in ASSETS)
    pattern = url_path_join(base_url, ROUTE, f"({names})")
    return [(pattern, CoachAssetHandler, {"path": str(assets_dir())})]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    """Name this module as a Jupyter server extension."""
    return [{"module": "backcare_widgets.coach_server"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Add the coach's route to a running Jupyter server (under its base URL)."""
    web_app = serverapp.web_app
    web_app.add_handlers(".*$", handlers(web_app.settings["base_url"]))
