# Credential Screening — the two set-up commands are `make run` and `make test`.
# Everything installs into a project virtualenv (.venv), so any Python >= 3.11 works —
# Debian's externally-managed /usr/bin/python3, pyenv, CI — without touching its packages.
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.install.stamp

.PHONY: install system-deps axe run test test-fast typecheck lint screenshots contexts-check clean

$(VPY):
	bash scripts/make-venv.sh "$(PYTHON)" "$(VENV)"

$(STAMP): pyproject.toml | $(VPY)
	$(VPY) -m pip install --disable-pip-version-check -q --upgrade pip
	$(VPY) -m pip install --disable-pip-version-check -q -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

run: install  ## open the dashboard on the bundled sample data (local mode, 127.0.0.1:8501)
	$(VPY) -m screening.serve

system-deps:  ## Debian's chromium and postgresql for the browser and store tests
	bash scripts/system-deps.sh

AXE := tests/node_modules/axe-core/axe.min.js

$(AXE): tests/package.json tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund --silent
	@touch $(AXE)

axe: $(AXE)  ## axe-core (npm) for the accessibility browser tests, into tests/node_modules

lint: install
	$(VPY) -m ruff check .

typecheck: install
	$(VPY) -m mypy

test: install system-deps axe lint typecheck  ## lint, type-check and run every test
	$(VPY) -m pytest -q

test-fast: install lint  ## the inner loop: no browser, no PostgreSQL, no slow tests
	$(VPY) -m pytest -q -m "not browser and not postgres and not slow"

screenshots: install system-deps axe  ## refresh docs/screenshots from a browser run
	SCREENING_SCREENSHOT_DIR=docs/screenshots $(VPY) -m pytest -q -m browser

contexts-check: install  ## re-download the bundled JSON-LD contexts and compare digests
	$(VPY) scripts/fetch_contexts.py --check

clean:
	rm -rf $(VENV) .install.stamp .pytest_cache .ruff_cache .mypy_cache .hypothesis build *.egg-info
