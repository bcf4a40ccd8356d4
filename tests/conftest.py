"""Shared test set-up: markers by kind, so `make test-fast` can leave out the slow kinds.

browser   drives Debian's Chromium against a real `streamlit run` (everything in
          tests/browser/, and the PDF report printed by Chromium)
postgres  starts a real PostgreSQL server (the store tests' postgresql cases)
slow      takes seconds: AppTest walks through the app, long hypothesis runs, fuzzing
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Tests never use the network: the app starts offline (seed caches only) in AppTest and in
# every `streamlit run` the browser tests start (they inherit this environment).
os.environ.setdefault("SCREENING_OFFLINE", "1")

TESTS = Path(__file__).resolve().parent
# Paths relative to tests/ (tests/test_suite_rules.py checks that each one exists).
BROWSER_DIR = "browser"
SLOW_MODULES = {"app/test_app.py", "app/test_sharing_app.py", "test_fuzz.py",
                "verify/test_robustness.py",
                "app/test_drafts_app.py"}
BROWSER_TESTS = {"test_pdf_report_is_printed_by_chromium"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = item.path.resolve()
        module = path.relative_to(TESTS).as_posix() if path.is_relative_to(TESTS) else path.name
        if module.startswith(BROWSER_DIR + "/") or item.name in BROWSER_TESTS:
            item.add_marker(pytest.mark.browser)
        if "pg_server" in getattr(item, "fixturenames", ()) or "[postgresql" in item.nodeid:
            item.add_marker(pytest.mark.postgres)
        if module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
