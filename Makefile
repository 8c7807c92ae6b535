# BackCare Workbook: `make app` serves the workbook, `make test` runs every check.
# Both create .venv from requirements.lock first; a second run reinstalls nothing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# From npm, pinned with their sha512 in package-lock.json, installed into node_modules/: JupyterHub's
# proxy (configurable-http-proxy: the hub test and benchmark, a hub on one machine) and the camera
# coach's pose library (@vladmandic/human, MIT: the app serves it, loaded when the coach is on).
NODE_STAMP := node_modules/.installed
UV_VERSION := 0.13.9
PORT ?= 8866
# Test files run on two workers (pytest-xdist; a file stays on one worker, a notebook's cells in order)
TEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help app hub test test-fast screenshots lint format lock benchmark clean

help:
	@echo "make app        install (first time, needs npm) and serve the workbook at http://127.0.0.1:8866"
	@echo "make hub        install (first time, needs npm) and run JupyterHub: BACKCARE_HUB_PASSWORD=... make hub"
	@echo "make test       install (first time) and run ruff, mypy, pytest, nbval and the browser tests"
	@echo "make test-fast  the same without the browser tests"
	@echo "make screenshots  run the browser tests that take the published pictures, into docs/screenshots"
	@echo "make benchmark  run the benchmarks and write benchmarks/results.md"
	@echo "make lock       re-resolve requirements.lock (extras and dev group included) after editing pyproject.toml"

$(STAMP): requirements.lock pyproject.toml $(wildcard share/jupyter/voila/templates/backcare/*) \
  $(wildcard etc/jupyter/jupyter_server_config.d/*)
	@$(PYTHON) scripts/check_python.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "error: could not create $(VENV); on Debian run: sudo apt-get install python3-venv" >&2; exit 1; }
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
	  -r requirements.lock || { \
	  echo "error: installing requirements.lock failed (see pip's message above). If it names a" >&2; \
	  echo "package without a pin or hash, the lock lacks an entry: run 'make lock' and commit it." >&2; exit 1; }
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation \
	  --editable .
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; \
	  echo "error: requirements.lock is missing an entry (listed above): run 'make lock' and commit it." >&2; \
	  exit 1; }
	@touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "error: npm not found; the camera coach's library and JupyterHub's proxy come from npm. On Debian run: sudo apt-get install nodejs npm" >&2; \
	  exit 1; }
	@npm ci --no-audit --no-fund --loglevel=error || { \
	  echo "error: 'npm ci' failed (see npm's message above); package-lock.json pins the coach's library and the hub's proxy." >&2; exit 1; }
	@touch $(NODE_STAMP)

app: $(STAMP) $(NODE_STAMP)
	PORT=$(PORT) $(BIN)/python scripts/serve.py

# A hub on one machine (hub/jupyterhub_config.py says which settings it reads; the password is required).
hub: $(STAMP) $(NODE_STAMP)
	$(BIN)/jupyterhub -f hub/jupyterhub_config.py

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python scripts/check_browser.py
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=15 $(PYTEST_ARGS) --nbval-lax \
	  --ignore=tests/e2e/notebooks tests notebooks dev/develop.ipynb

test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -m "not e2e" $(PYTEST_ARGS) --nbval-lax --ignore=tests/e2e/notebooks tests notebooks \
	  dev/develop.ipynb

# The browser tests save their pictures in build/screenshots (gitignored), so `make test` leaves
# the checkout clean; this target runs the ones that take the published pictures into docs/.
SCREENSHOT_TESTS := tests/e2e/test_start_page.py tests/e2e/test_pages.py tests/e2e/test_journey.py \
  tests/e2e/test_session_browser.py tests/e2e/test_figures_browser.py \
  tests/e2e/test_educators_browser.py tests/e2e/test_routine_remembers_browser.py \
  tests/e2e/test_way_in_browser.py tests/e2e/test_progress_local_browser.py

screenshots: $(STAMP)
	$(BIN)/python scripts/check_browser.py
	BACKCARE_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest $(PYTEST_ARGS) $(SCREENSHOT_TESTS)

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Lighthouse (npm, pinned in benchmarks/package-lock.json) runs Debian's Chromium.
LIGHTHOUSE_STAMP := benchmarks/node_modules/.installed
$(LIGHTHOUSE_STAMP): benchmarks/package.json benchmarks/package-lock.json
	cd benchmarks && npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

benchmark: $(STAMP) $(NODE_STAMP) $(LIGHTHOUSE_STAMP)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python -m benchmarks

lock:
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml --all-extras --group dev --python-version 3.11 --universal \
	  --generate-hashes --no-header -o requirements.lock

clean:
	rm -rf $(VENV) node_modules
