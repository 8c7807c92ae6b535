"""JupyterHub for a class on one machine: a server per student, each with a home and a log.

Run from a checkout: `make hub` installs .venv (with the `hub` extra) and the proxy in
node_modules/, then runs this file:

    BACKCARE_HUB_PASSWORD=... BACKCARE_HUB_EDUCATORS=teacher BACKCARE_HUB_ADMIN_PASSWORD=... \
        make hub

Each student logs in at http://127.0.0.1:8000 and gets a Jupyter server of their own, started
in their own home folder, which lands on the workbook's Voila start page. Voila runs there as a
server extension with binder/'s settings (the same as on Binder), and the student's session log
is a SQLite file in their home. Idle servers are stopped by jupyterhub-idle-culler; a student's
next visit starts theirs again, log untouched. See docs/jupyterhub.md.

This configuration is for one machine and a trusted class: with the shared class password
anyone can log in under any student's name, and the simple spawner (every server runs as the
hub's own system user) gives each student a folder but no operating-system wall between them. A real class hub uses per-user accounts
(LocalProcessSpawner with system users, or Zero to JupyterHub on Kubernetes: docs/z2jh/).

Settings, all environment variables (only the password is required):

BACKCARE_HUB_PASSWORD        the students' shared password (8 characters or more)
BACKCARE_HUB_EDUCATORS       comma-separated user names that are hub admins (educators)
BACKCARE_HUB_ADMIN_PASSWORD  the educators' password (32 characters or more)
BACKCARE_HUB_STATE           folder for the hub's SQLite database, cookie secret and the homes
                             (default: .hub/ in the checkout)
BACKCARE_CLASS_DIR           the class folder every student's routine reads a programme from
                             (default: <state>/class); students should only read it
BACKCARE_HUB_CULL_TIMEOUT    seconds without activity before a student's server is stopped
                             (default 3600)
BACKCARE_HUB_CULL_EVERY      how often the culler looks, in seconds (default 300)
BACKCARE_HUB_ACTIVITY_INTERVAL  how often servers and the proxy report activity (default 300)
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - given by JupyterHub

ROOT = Path(__file__).resolve().parent.parent
STATE = Path(os.environ.get("BACKCARE_HUB_STATE", ROOT / ".hub")).resolve()
HOMES = STATE / "homes"
CLASS_DIR = Path(os.environ.get("BACKCARE_CLASS_DIR", STATE / "class")).resolve()
#: Where the hub sends a student after login: the start page, rendered by Voila.
START_URL = "/voila/render/notebooks/00_Start_here.ipynb"
ACTIVITY_INTERVAL = int(os.environ.get("BACKCARE_HUB_ACTIVITY_INTERVAL", "300"))
for folder in (STATE, HOMES, CLASS_DIR):
    folder.mkdir(parents=True, exist_ok=True)


class WorkbookSpawner(SimpleLocalProcessSpawner):  # type: ignore[misc]
    """Start each student's server in a home folder of their own, with the workbook's pages.

    A new home gets a copy of notebooks/ (the pages are thin: text and a call into the installed
    package), so Voila renders the start page at the same path as on Binder. A student's own
    edits to their copy are kept; a page they deleted comes back at the next start.
    """

    def _copy_pages(self) -> None:
        pages = Path(self.home_dir) / "notebooks"
        pages.mkdir(parents=True, exist_ok=True)
        for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
            if not (pages / notebook.name).exists():
                shutil.copyfile(notebook, pages / notebook.name)

    async def start(self) -> object:
        """Lay out the home, then start the server there."""
        self._copy_pages()
        return await super().start()

    def user_env(self, env: dict[str, str]) -> dict[str, str]:
        """Give the server the workbook's settings and where the class programme is."""
        env = super().user_env(env)
        env["JUPYTER_CONFIG_PATH"] = str(ROOT / "binder")  # Voila's settings, as on Binder
        env["BACKCARE_DATA_DIR"] = str(Path(self.home_dir) / ".backcare")  # the log, at home
        env["BACKCARE_CLASS_DIR"] = str(CLASS_DIR)
        env["JUPYTERHUB_ACTIVITY_INTERVAL"] = str(ACTIVITY_INTERVAL)
        return env


# Everything listens on loopback; put a TLS-terminating web server in front to open it up.
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = 8000
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.last_activity_interval = ACTIVITY_INTERVAL
c.ConfigurableHTTPProxy.command = [str(ROOT / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("BACKCARE_HUB_PASSWORD")
c.SharedPasswordAuthenticator.admin_password = os.environ.get("BACKCARE_HUB_ADMIN_PASSWORD")
c.Authenticator.admin_users = {
    name.strip() for name in os.environ.get("BACKCARE_HUB_EDUCATORS", "").split(",") if name.strip()
}
c.Authenticator.allow_all = True  # any name with the class password: a student picks theirs

c.JupyterHub.spawner_class = WorkbookSpawner
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.default_url = START_URL
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
if os.geteuid() == 0:  # CI and containers run as root, which Jupyter refuses without this
    c.Spawner.args = ["--allow-root"]

# jupyterhub-idle-culler, started and stopped by the hub, with only the scopes it needs.
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={int(os.environ.get('BACKCARE_HUB_CULL_TIMEOUT', '3600'))}",
            f"--cull-every={int(os.environ.get('BACKCARE_HUB_CULL_EVERY', '300'))}",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "description": "Stop idle student servers",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
