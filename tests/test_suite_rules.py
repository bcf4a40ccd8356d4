"""Rules for the test suite itself: the folder layout the markers and imports rely on."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import conftest

TESTS = Path(__file__).resolve().parent


def suite_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("test_*.py") if "node_modules" not in p.parts)


def test_test_file_names_are_unique_across_folders() -> None:
    # No __init__.py anywhere: pytest's default ("prepend") import mode imports each test
    # file by its bare name, so two test_x.py in different folders would clash.
    names = Counter(p.name for p in suite_files())
    assert [name for name, count in names.items() if count > 1] == []
    assert not list(TESTS.rglob("__init__.py"))


def test_marker_rules_name_existing_files() -> None:
    for module in conftest.SLOW_MODULES:
        assert (TESTS / module).is_file(), module
    browser = TESTS / conftest.BROWSER_DIR
    assert sorted(p.name for p in browser.glob("test_*.py")) == sorted(
        p.name for p in suite_files() if p.name.startswith("test_browser"))
