"""One budget per upload (issue 28): what all of an upload's files together may cost.

Each document has its own budget (`verify/budget.py`); an upload of many documents that
each stay just under theirs could still hold the machine for minutes. So every upload
also has ONE `UploadBudget`, charged by every kind of work its files cause:

* verification time and work units of all its documents — expansion, canonicalisation,
  signature checks, whatever the outcome (a document stopped by a limit charges what it
  spent): `budget.metered` hands each document what the upload has left as a cap on its
  own budget and records what it spent;
* network: one deadline for every fetch made on its behalf (links, status lists, DID and
  key documents; from its first real fetch), and a count of requests
  (answers already in the run's cache are free) — `UploadNetwork`, the run's fetcher,
  refuses a fetch beyond them and stops waiting for one in flight at the deadline;
* stored bytes: the original bytes its rows carry to the store;
* inflated bytes are charged at intake (`ingest.items.InflateBudget`, refused members
  included).

When one figure runs out, the rest of the upload is not checked: each remaining item is an
indeterminate `upload_budget_exceeded` row ("Not checked: this upload exceeded its
budget"), carrying no bytes to store. The figures are in `ingest/limits.py`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace

from screening.errors import FetchError, FetchOutcome
from screening.fetch.seeds import PREFETCH_WORKERS, CachingFetcher, Fetched
from screening.ingest import limits
from screening.verify import budget

# The figure that ran out (`details.figure` of the row).
SECONDS, WORK, NETWORK, REQUESTS, STORED = "seconds", "work", "network", "requests", "stored"


@dataclass
class UploadBudget:
    """One upload's figures (`seconds`, `work`, `requests`, `stored`: allowances;
    `deadline`: the network deadline on `budget.clock`, set when it starts) and what has
    been spent of them. Picklable: a worker process is handed a share and sends back what
    it spent."""

    seconds: float
    work: int
    requests: int
    stored: int
    deadline: float | None = None
    spent_seconds: float = 0.0
    spent_work: int = 0
    spent_requests: int = 0
    spent_stored: int = 0
    out: str | None = None  # the figure that ran out

    @classmethod
    def for_items(cls, count: int) -> UploadBudget:
        return cls(seconds=limits.UPLOAD_VERIFY_SECONDS
                   + limits.UPLOAD_VERIFY_SECONDS_PER_ITEM * count,
                   work=limits.UPLOAD_WORK_UNITS + limits.UPLOAD_WORK_UNITS_PER_ITEM * count,
                   requests=limits.UPLOAD_MAX_REQUESTS,
                   stored=limits.MAX_STORED_BYTES_PER_UPLOAD)

    def start(self) -> None:
        """Its first real fetch: the network deadline runs from now (an upload that never
        reaches the network never has one)."""
        if self.deadline is None:
            self.deadline = budget.clock() + limits.UPLOAD_NETWORK_SECONDS

    def exhausted(self) -> str | None:
        """The figure that has run out, if any."""
        if self.out is None:
            if self.spent_seconds >= self.seconds:
                self.out = SECONDS
            elif self.spent_work >= self.work:
                self.out = WORK
        return self.out

    def allowance(self) -> budget.Allowance:
        return budget.Allowance(seconds=self.seconds - self.spent_seconds,
                                work=self.work - self.spent_work)

    def network_left(self) -> float:
        return float("inf") if self.deadline is None else self.deadline - budget.clock()

    def charge(self, meter: budget.Meter) -> None:
        self.spent_seconds += meter.seconds
        self.spent_work += meter.work

    def share(self, parts: int) -> UploadBudget:
        """What one of `parts` chunks verified at the same time may spend (a worker's
        copy: allowances divided, nothing spent yet)."""
        parts = max(1, parts)
        return replace(self, seconds=(self.seconds - self.spent_seconds) / parts,
                       work=(self.work - self.spent_work) // parts,
                       requests=(self.requests - self.spent_requests) // parts,
                       stored=(self.stored - self.spent_stored) // parts,
                       spent_seconds=0.0, spent_work=0, spent_requests=0, spent_stored=0)

    def absorb(self, spent: UploadBudget) -> None:
        """Add what a worker's share spent (and whether a figure ran out there)."""
        self.spent_seconds += spent.spent_seconds
        self.spent_work += spent.spent_work
        self.spent_requests += spent.spent_requests
        self.spent_stored += spent.spent_stored
        if self.deadline is None:  # a worker's first fetch started it: one for all chunks
            self.deadline = spent.deadline
        if spent.out in (NETWORK, REQUESTS, STORED) and self.out is None:
            self.out = spent.out


def budgets_for(items: Iterable[object]) -> dict[str, UploadBudget]:
    """A fresh budget for each upload among `items` (IngestedItems), by its item count."""
    counts: dict[str, int] = {}
    for item in items:
        upload = str(getattr(item, "upload", ""))
        counts[upload] = counts.get(upload, 0) + 1
    return {upload: UploadBudget.for_items(count) for upload, count in counts.items()}


class UploadNetwork:
    """The run's fetcher as verification sees it: the run's cache, with each real fetch
    (not already answered there) charged to the upload being verified — one request of
    its count, within its network deadline. Beyond them a fetch fails at once
    (`FetchError` code `upload_budget_exceeded`, unreachable: nothing is known against
    the document) and the upload's budget is out; a fetch still in flight at the deadline
    is no longer waited for (it finishes in the background, bounded by its own timeout).

    A run verifies one item at a time, so the upload being charged is simply `current`;
    threads that fetch for that item (status lists side by side) charge it too."""

    def __init__(self, cache: CachingFetcher):
        self.cache = cache
        self.current: UploadBudget | None = None
        self.hint = False  # prefetching: a refusal does not end the upload's budget
        self._lock = threading.Lock()

    @contextmanager
    def charging(self, upload: UploadBudget | None, *, hint: bool = False
                 ) -> Iterator[None]:
        previous, previous_hint = self.current, self.hint
        self.current, self.hint = upload, hint
        try:
            yield
        finally:
            self.current, self.hint = previous, previous_hint

    def __call__(self, url: str) -> Fetched:
        upload = self.current
        if upload is None or self.cache.known(url):
            return self.cache(url)
        upload.start()  # the deadline runs from its first real fetch
        with self._lock:
            upload.spent_requests += 1
            over = REQUESTS if upload.spent_requests > upload.requests else None
        left = upload.network_left()
        if over is None and left <= 0:
            over = NETWORK
        if over is not None:
            raise self._refuse(url, upload, over)
        return self._within(url, upload, left)

    def _within(self, url: str, upload: UploadBudget, seconds: float) -> Fetched:
        outcome: list[Fetched | BaseException] = []

        def fetch() -> None:
            try:
                outcome.append(self.cache(url))
            except BaseException as exc:  # handed to the waiting thread
                outcome.append(exc)

        worker = threading.Thread(target=fetch, name="screening-upload-fetch", daemon=True)
        worker.start()
        worker.join(None if seconds == float("inf") else max(0.0, seconds))
        if not outcome:
            raise self._refuse(url, upload, NETWORK)
        found = outcome[0]
        if isinstance(found, BaseException):
            raise found
        return found

    def _refuse(self, url: str, upload: UploadBudget, figure: str) -> FetchError:
        if not self.hint and upload.out is None:
            upload.out = figure
        what = (f"more than {upload.requests:,} documents" if figure == REQUESTS
                else f"more than {limits.UPLOAD_NETWORK_SECONDS:g} s of network time")
        return FetchError(url, f"not fetched: this upload exceeded its budget ({what})",
                          code=budget.UPLOAD, kind=FetchOutcome.UNREACHABLE)

    def prefetch(self, urls: Iterable[str], workers: int = PREFETCH_WORKERS) -> None:
        """Fetch many documents side by side into the run's cache (a hint: failures are
        cached or ignored), each charged as above."""
        wanted = [u for u in dict.fromkeys(urls) if not self.cache.known(u)]
        if len(wanted) < 2:
            return
        with ThreadPoolExecutor(max_workers=min(workers, len(wanted))) as pool:
            list(pool.map(self._quietly, wanted))

    def _quietly(self, url: str) -> None:
        with suppress(FetchError):
            self(url)


def refused_share(budgets: Mapping[str, UploadBudget], uploads: Iterable[str]) -> bool:
    """Whether every upload named has run out (its items need not reach a worker)."""
    return all(budgets[u].exhausted() is not None for u in uploads if u in budgets)
