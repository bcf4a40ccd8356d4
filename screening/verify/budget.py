"""One wall-clock and work budget per credential, and the caps that keep verification linear.

Verifying one uploaded document (a credential, a presentation and everything it holds,
with its status lists) runs under ONE `Budget`: JSON-LD expansion, RDF conversion,
canonicalisation and every proof charge the same allowance, so a proof set or a slow
step cannot multiply it. Exceeding the budget or one of the caps below raises
`BudgetExceeded`, which the pipeline turns into a failed `verification_budget_exceeded`
check (its `budget_code` says which limit) — never a hang. Values and the tests that pin
them: docs/security.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from screening.errors import FetchError

VERIFY_SECONDS = 5.0  # wall clock for one uploaded document, network waits excepted
NETWORK_SECONDS = 20.0  # network waits of one document; then its further fetches fail fast
MAX_WORK_UNITS = 1_000_000  # expansion / node-map / hashing steps (a real credential: < 5,000)
MAX_PROOFS_PER_DOCUMENT = 10  # proof sets hold one to three
MAX_VALUES_PER_PROPERTY = 1_000  # pyld's node map is quadratic in the values of one property
MAX_STATUS_ENTRIES = 8  # credentialStatus entries per credential (revocation, suspension...)
MAX_JSON_DEPTH = 100  # the same nesting cap as intake (screening/ingest/limits.py)

# The budget's clock (seconds; only differences count). Tests replace it
# (monkeypatch budget.clock) to run out a document's time without waiting for it.
clock: Callable[[], float] = time.monotonic

# JSON containers for the hot scans' isinstance calls: a tuple, because an inline
# `dict | list` builds a union object on every call.
CONTAINERS = (dict, list)

CHECK_CODE = "verification_budget_exceeded"

# budget_code values (details of the failed check)
TIME = "time_budget_exceeded"
WORK = "work_budget_exceeded"
PROOFS = "too_many_proofs"
VALUES = "too_many_values"
STATUS_ENTRIES = "too_many_status_entries"
NESTING = "nested_too_deep"
CPU = "cpu_limit_exceeded"  # the worker process's CPU-time limit (screening/parallel.py)
MEMORY = "memory_limit_exceeded"  # the worker's address-space limit, or a MemoryError
WORKER_LOST = "worker_lost"  # the worker process died while verifying this document
UPLOAD = "upload_budget_exceeded"  # not checked: the upload's budget ran out (issue 28)
UPLOAD_MESSAGE = ("Not checked: this upload exceeded its budget (the time, work, network or "
                  "storage all of its files together may use), so the rest of it was not "
                  "checked. This says nothing against the credential.")
# The codes that cost a whole budget to reach (the caps above are found in one cheap pass).
COSTLY = frozenset({TIME, WORK, CPU, MEMORY, WORKER_LOST})


def costly(report: Any) -> bool:
    """True when `report` (a VerificationReport) spent a whole budget before failing."""
    check = report.check(CHECK_CODE)
    return check is not None and check.details.get("budget_code") in COSTLY


@dataclass(frozen=True)
class Allowance:
    """What one document may still spend of its upload's budget (issue 28): the upload's
    remaining verification seconds and work units. A document's own budget is the smaller
    of its own figures and these; running out of the upload's is `UPLOAD`."""

    seconds: float = float("inf")
    work: int = 2**62


@dataclass
class Meter:
    """What the documents verified under `metered` spent: seconds of verification (on
    `clock`, network waits excepted), work units, seconds waiting for the network."""

    seconds: float = 0.0
    work: int = 0
    waited: float = 0.0

    def add(self, spent: Budget) -> None:
        self.seconds += max(0.0, clock() - spent.started)
        self.work += spent.spent
        self.waited += spent.waited


_allowance: ContextVar[tuple[Allowance, Meter] | None] = ContextVar("upload_allowance",
                                                                   default=None)


@contextmanager
def metered(allowance: Allowance | None = None) -> Iterator[Meter]:
    """Verifications in here are held to `allowance` (their upload's remaining budget)
    and charge what they spend — whatever the outcome, a failure included — to the
    yielded `Meter`."""
    meter = Meter()
    token = _allowance.set((allowance or Allowance(), meter))
    try:
        yield meter
    finally:
        _allowance.reset(token)


def new_budget() -> Budget:
    """A document's budget: its own figures, capped by its upload's allowance."""
    found = _allowance.get()
    fresh = Budget()
    if found is not None:
        allowance = found[0]
        if allowance.seconds < fresh.seconds:
            fresh.seconds, fresh.upload_limited = max(0.0, allowance.seconds), True
        if allowance.work < fresh.work:
            fresh.work, fresh.upload_work_limited = max(0, allowance.work), True
    return fresh


def record(spent: Budget) -> None:
    """Charge what a document's budget spent to the meter in force (if any)."""
    found = _allowance.get()
    if found is not None:
        found[1].add(spent)


def upload_exceeded(**details: Any) -> BudgetExceeded:
    return BudgetExceeded(UPLOAD, UPLOAD_MESSAGE, **details)


class BudgetExceeded(Exception):
    """A document needs more than its budget or exceeds a cap; `code` says which."""

    def __init__(self, code: str, message: str, **details: Any):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


@dataclass
class Budget:
    """Deadline and work allowance of one document (on `clock`, a monotonic clock)."""

    seconds: float = field(default_factory=lambda: VERIFY_SECONDS)
    work: int = field(default_factory=lambda: MAX_WORK_UNITS)
    started: float = field(default_factory=lambda: clock())
    spent: int = 0
    network: float = field(default_factory=lambda: NETWORK_SECONDS)
    waited: float = 0.0  # seconds spent waiting for the network (not charged to `seconds`)
    upload_limited: bool = False  # `seconds` is what the upload's budget has left
    upload_work_limited: bool = False  # `work` is what the upload's budget has left

    def charge(self, units: int = 1) -> None:
        self.spent += units
        if self.spent > self.work:
            if self.upload_work_limited:
                raise upload_exceeded(figure="work", limit=self.work)
            raise BudgetExceeded(WORK, "Checking this credential needs far more work than any "
                                 "real credential; it was stopped.", limit=self.work)
        if clock() - self.started > self.seconds:
            if self.upload_limited:
                raise upload_exceeded(figure="seconds", limit_seconds=self.seconds)
            raise BudgetExceeded(TIME, "Checking this credential took longer than its time "
                                 "budget; it was stopped.", limit_seconds=self.seconds)


_current: ContextVar[Budget | None] = ContextVar("verification_budget", default=None)


def current() -> Budget | None:
    return _current.get()


def charge(units: int = 1) -> None:
    """Charge the active budget (a no-op outside verification, e.g. when signing)."""
    active = _current.get()
    if active is not None:
        active.charge(units)


@contextmanager
def network_wait() -> Iterator[None]:
    """Time spent in here (waiting for a fetch) does not count against the document's
    clock; it is counted against its network allowance instead."""
    active_budget = _current.get()
    started = clock()
    try:
        yield
    finally:
        if active_budget is not None:
            waited = clock() - started
            active_budget.started += waited
            active_budget.waited += waited


class BudgetedFetcher:
    """A fetcher whose waits are not charged to the document's clock, and which refuses
    (a `FetchError`, handled like any unreachable document) once the document has waited
    NETWORK_SECONDS in all: many slow hosts cannot hold one credential for minutes."""

    def __init__(self, inner: Callable[[str], Any]):
        self._inner = inner

    def __call__(self, url: str) -> Any:
        active_budget = _current.get()
        if active_budget is not None and active_budget.waited >= active_budget.network:
            raise FetchError(url, "the credential's time for fetching documents is used up",
                             code="network_budget_exceeded")
        with network_wait():
            return self._inner(url)


@contextmanager
def active(budget: Budget) -> Iterator[Budget]:
    """Make `budget` the one charged in this context; an enclosing budget stays in force
    (a nested verification shares its parent's allowance)."""
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)


def check_document(document: Any, proofs: int) -> None:
    """The caps a JSON-LD document must meet before expansion (one linear pass)."""
    if proofs > MAX_PROOFS_PER_DOCUMENT:
        raise BudgetExceeded(PROOFS, f"The credential carries {proofs} signatures; at most "
                             f"{MAX_PROOFS_PER_DOCUMENT} are checked.", count=proofs,
                             limit=MAX_PROOFS_PER_DOCUMENT)
    level = [document]
    while level:  # level by level; a tuple, not `dict | list`, in the hot isinstance calls
        below: list[Any] = []
        for node in level:
            if isinstance(node, dict):
                below += [v for v in node.values() if isinstance(v, CONTAINERS)]
            elif isinstance(node, list):
                if len(node) > MAX_VALUES_PER_PROPERTY:
                    raise BudgetExceeded(
                        VALUES, f"A property of the credential has {len(node)} values; at "
                        f"most {MAX_VALUES_PER_PROPERTY} are accepted.", count=len(node),
                        limit=MAX_VALUES_PER_PROPERTY)
                below += [v for v in node if isinstance(v, CONTAINERS)]
        level = below


def check_status_entries(count: int) -> None:
    if count > MAX_STATUS_ENTRIES:
        raise BudgetExceeded(STATUS_ENTRIES, f"The credential names {count} status entries; at "
                             f"most {MAX_STATUS_ENTRIES} are checked.", count=count,
                             limit=MAX_STATUS_ENTRIES)


def nesting_exceeds(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when JSON nests deeper than `limit` (level by level: deep input cannot
    overflow, and no per-node bookkeeping)."""
    level = [value] if isinstance(value, CONTAINERS) else []
    depth = 1
    while level:
        if depth > limit:
            return True
        below: list[Any] = []
        for node in level:
            below += [child for child in (node.values() if isinstance(node, dict) else node)
                      if isinstance(child, CONTAINERS)]
        level = below
        depth += 1
    return False
