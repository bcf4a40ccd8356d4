"""Rules for the test suite itself: the folder layout the markers and imports rely on, and
no assertion on elapsed time."""

from __future__ import annotations

import ast
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


# ------------------------------------------------------------------ no wall-clock assertion
# CI runs on a busy shared machine: a test asserts behaviour (a code, a count of calls, the
# output), never how long something took. Timings belong in benchmarks/ (for the hostile
# inputs: benchmarks/hostile_inputs.py). The rule, kept simple: no function in tests/ both
# reads a clock and asserts an ordering (<, >, <=, >=).

CLOCKS = {"monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns", "time", "time_ns",
          "process_time", "process_time_ns"}
ORDERINGS = (ast.Lt, ast.Gt, ast.LtE, ast.GtE)
# "path relative to tests/::function": why it may read a clock and assert an ordering.
# Empty: readiness waits (browser_support._wait_ready, the launcher test in
# app/test_access.py) read a clock for a hang guard but assert no ordering.
ELAPSED_TIME_ALLOWED: dict[str, str] = {}


def _reads_clock(node: ast.AST, from_time: set[str]) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute):  # time.monotonic()
        return (func.attr in CLOCKS and isinstance(func.value, ast.Name)
                and func.value.id == "time")
    return isinstance(func, ast.Name) and func.id in from_time  # from time import monotonic


def _asserts_ordering(node: ast.AST) -> bool:
    return isinstance(node, ast.Assert) and any(
        isinstance(op, ORDERINGS) for sub in ast.walk(node.test)
        if isinstance(sub, ast.Compare) for op in sub.ops)


def elapsed_time_assertions(source: str) -> list[str]:
    """Names of the functions in `source` that read a clock and assert an ordering."""
    tree = ast.parse(source)
    from_time = {alias.asname or alias.name for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module == "time"
                 for alias in node.names if alias.name in CLOCKS}
    found = []
    for func in ast.walk(tree):
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            inside = list(ast.walk(func))
            if (any(_reads_clock(n, from_time) for n in inside)
                    and any(_asserts_ordering(n) for n in inside)):
                found.append(func.name)
    return found


def test_the_elapsed_time_rule_catches_what_it_is_for() -> None:
    timed_test = ("import time\n"
                  "def test_fast():\n"
                  "    started = time.monotonic()\n"
                  "    work()\n"
                  "    assert time.monotonic() - started < 1.0\n")
    timing_fixture = ("from time import perf_counter as now\n"
                      "def clock():\n"
                      "    started = now()\n"
                      "    yield\n"
                      "    assert now() - started < 10, 'too slow'\n")
    behaviour = ("import time\n"
                 "def test_store(tmp_path):\n"
                 "    start_at = time.time() + 3\n"
                 "    assert run(start_at) == 3\n")
    assert elapsed_time_assertions(timed_test) == ["test_fast"]
    assert elapsed_time_assertions(timing_fixture) == ["clock"]
    assert elapsed_time_assertions(behaviour) == []


def test_no_test_asserts_an_elapsed_time() -> None:
    found = [f"{path.relative_to(TESTS).as_posix()}::{name}"
             for path in sorted(TESTS.rglob("*.py")) if "node_modules" not in path.parts
             for name in elapsed_time_assertions(path.read_text(encoding="utf-8"))]
    assert [f for f in found if f not in ELAPSED_TIME_ALLOWED] == []
    # an entry that no longer matches anything goes too
    assert sorted(set(ELAPSED_TIME_ALLOWED) - set(found)) == []
