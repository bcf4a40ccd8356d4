# Credential Screening — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
PIP := $(PYTHON) -m pip
STAMP := .install.stamp

.PHONY: install system-deps run test lint verify-samples contexts-check clean

$(STAMP): pyproject.toml
	$(PIP) install --disable-pip-version-check -q -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

run: install  ## open the dashboard on the bundled sample data
	$(PYTHON) -m streamlit run app.py --server.address 127.0.0.1 --server.headless true \
		--browser.gatherUsageStats false

system-deps:  ## Debian's chromium and postgresql for the browser and store tests
	bash scripts/system-deps.sh

test: install system-deps  ## lint and run every test (unit, conformance, property, app, browser, store)
	$(PYTHON) -m ruff check .
	$(PYTHON) -m pytest -q

lint: install
	$(PYTHON) -m ruff check .

contexts-check:  ## re-download the bundled JSON-LD contexts and compare digests
	$(PYTHON) scripts/fetch_contexts.py --check

clean:
	rm -rf $(STAMP) .pytest_cache .ruff_cache .hypothesis build *.egg-info
