"""The Zero to JupyterHub values (docs/z2jh/values.yaml) parse and agree with the repository.

Agree with: the start page (a notebook that exists, the same default URL as the one-machine hub
and Binder's badge), the culling (servers stopped later than Voila culls idle kernels, the same
timings as hub/jupyterhub_config.py), the environment settings the workbook reads, and memory
sized from the measured figures in benchmarks/results.md.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from backcare_widgets.data.log.store import DATA_DIR_ENV
from backcare_widgets.data.programme_lookup import CLASS_DIR_ENV

ROOT = Path(__file__).resolve().parent.parent
VALUES = yaml.safe_load((ROOT / "docs" / "z2jh" / "values.yaml").read_text())
SINGLEUSER = VALUES["singleuser"]
HUB_CONFIG = (ROOT / "hub" / "jupyterhub_config.py").read_text()
_UNITS = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def _bytes(quantity: str) -> int:
    """Read KubeSpawner's memory notation (``320M``: powers of 1024, as it documents them)."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT])", str(quantity))
    assert match, f"not a memory size KubeSpawner reads: {quantity!r}"
    return int(float(match[1]) * _UNITS[match[2]])


def _hub_setting(pattern: str) -> str:
    match = re.search(pattern, HUB_CONFIG)
    assert match, pattern
    return match[1]


def test_only_the_charts_own_sections_are_set():
    assert set(VALUES) <= {"hub", "proxy", "singleuser", "cull", "scheduling", "prePuller"}
    assert set(SINGLEUSER) == {
        "image",
        "defaultUrl",
        "memory",
        "cpu",
        "storage",
        "extraEnv",
    }


def test_students_land_on_the_start_page_like_on_the_one_machine_hub_and_binder():
    url = SINGLEUSER["defaultUrl"]
    assert url == _hub_setting(r'START_URL = "([^"]+)"')
    page = url.removeprefix("/voila/render/")
    assert page != url
    assert (ROOT / page).is_file()
    assert f"urlpath=voila/render/{page}" in (ROOT / "README.md").read_text()  # the badge


def test_servers_are_culled_after_voila_culls_idle_kernels_as_on_one_machine():
    cull = VALUES["cull"]
    assert cull["enabled"] is True
    for config in ("voila.json", "binder/jupyter_server_config.json"):
        kernels = json.loads((ROOT / config).read_text())["MappingKernelManager"]
        assert cull["timeout"] > kernels["cull_idle_timeout"], config
    assert cull["timeout"] == int(_hub_setting(r"BACKCARE_HUB_CULL_TIMEOUT', '(\d+)'"))
    assert cull["every"] == int(_hub_setting(r"BACKCARE_HUB_CULL_EVERY', '(\d+)'"))
    assert 0 < cull["every"] < cull["timeout"]


def test_the_log_is_on_the_students_volume_and_the_class_programme_read_only():
    env, storage = SINGLEUSER["extraEnv"], SINGLEUSER["storage"]
    assert storage["type"] == "dynamic"
    assert _bytes(storage["capacity"].removesuffix("i")) >= 2**30
    home = storage["homeMountPath"].rstrip("/")
    assert env[DATA_DIR_ENV].startswith(f"{home}/")  # survives culling with the volume
    (mount,) = [m for m in storage["extraVolumeMounts"] if m["mountPath"] == env[CLASS_DIR_ENV]]
    assert mount["readOnly"] is True
    (volume,) = [v for v in storage["extraVolumes"] if v["name"] == mount["name"]]
    assert volume["configMap"]["optional"] is True  # no class programme: every exercise
    # the image's pages (repo2docker puts the repository in the home) are not hidden by it
    assert not f"/home/jovyan/{SINGLEUSER['defaultUrl'].removeprefix('/voila/render/')}".startswith(
        f"{home}/"
    )


def _measured_mib() -> tuple[int, int]:
    """Return the largest page kernel's RSS and the server's settled RSS from the benchmarks."""
    results = (ROOT / "benchmarks" / "results.md").read_text()
    kernels = [
        int(m[1])
        for m in re.finditer(
            r"^\| 0\d_\w+ \(vs [^)]*\) \| [^|]+\| [^|]+\| (\d+) ", results, re.MULTILINE
        )
    ]
    server = re.search(r"^\| server RSS \(MiB\) \| \d+ \| - \| (\d+) \|", results, re.MULTILINE)
    assert kernels, "benchmarks/results.md has no page kernel RSS rows"
    assert server, "benchmarks/results.md has no server RSS row"
    return max(kernels), int(server[1])


def test_memory_per_student_is_sized_from_the_measured_kernels():
    largest_kernel, server = _measured_mib()
    smallest_kernel = 50  # the bare one-slider notebook's kernel is 53 MiB
    guarantee = _bytes(SINGLEUSER["memory"]["guarantee"])
    limit = _bytes(SINGLEUSER["memory"]["limit"])
    # a student with My progress and one exercise page open fits the guarantee ...
    assert guarantee >= (server + largest_kernel + smallest_kernel) * 2**20
    # ... and no more than twice that is held back per student
    assert guarantee <= 2 * (server + largest_kernel + smallest_kernel) * 2**20
    assert limit >= guarantee + largest_kernel * 2**20
    cpu = SINGLEUSER["cpu"]
    assert 0 < cpu["guarantee"] < cpu["limit"] <= 2
