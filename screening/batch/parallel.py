"""Verifying uploads in worker processes: every core, and a hostile file isolated.

Each worker builds its own `Screening` (contexts, caches and fetcher are per process) from
plain, picklable settings; items are sent in chunks and rows come back in input order.

Workers run under limits (docs/security.md):

* CPU time per document (`RLIMIT_CPU` soft limit, re-armed for each document): a
  document that exceeds it gets SIGXCPU and becomes a failed
  `verification_budget_exceeded` row (`cpu_limit_exceeded`); the worker goes on.
* address space (`RLIMIT_AS`, the worker's size at start plus a headroom): an allocation
  beyond it is a MemoryError, i.e. a failed row (`memory_limit_exceeded`).
* CPU time per worker (the hard `RLIMIT_CPU`): the kernel kills a worker stuck beyond it.

A worker that dies (killed, or out of memory outside Python) breaks the pool; its items
are then verified again one at a time in fresh workers, so only the document that kills
a worker becomes a failed row (`worker_lost`) and every other row is still verified.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

from screening.batch.prefetch import document_urls
from screening.batch.runner import UNASSIGNED, Row, Screening
from screening.fetch.http import online_fetcher
from screening.fetch.seeds import seeded
from screening.ingest import IngestedItem
from screening.verify import budget
from screening.verify.pipeline import budget_report
from screening.verify.trust import TrustList

CHUNK = 64
ISOLATED_CHUNK = 8  # small chunks when isolated: a hostile upload is noticed early
MAX_BUDGET_FAILURES_PER_UPLOAD = 3  # documents of one upload over budget before it is cut
MIB = 1024 * 1024
WORKER_CPU_SECONDS = 10  # CPU time for one document in a worker
WORKER_LIFETIME_CPU_SECONDS = 600  # hard limit of one worker process (the kernel kills it)
WORKER_MEMORY_HEADROOM = 768 * MIB  # address space a worker may add to its size at start
_worker: Screening | None = None
_cpu_seconds = WORKER_CPU_SECONDS
_online = False


@dataclass(frozen=True)
class Settings:
    """What a worker needs to verify exactly as the parent would.

    Offline (seed indexes only) unless `online`; the limits apply to each worker."""

    now: datetime
    trust: TrustList
    seed_indexes: tuple[Path, ...] = ()
    online: bool = False
    cpu_seconds: int = WORKER_CPU_SECONDS
    memory_headroom: int | None = WORKER_MEMORY_HEADROOM
    lifetime_cpu_seconds: int = WORKER_LIFETIME_CPU_SECONDS
    # None: the platform's default. A threaded server (Streamlit) is safer with
    # "forkserver": workers then never inherit another thread's held locks.
    start_method: str | None = None

    def screening(self) -> Screening:
        if self.online:
            return Screening(now=self.now, fetcher=online_fetcher(self.seed_indexes),
                             trust=self.trust)
        return Screening(now=self.now, fetcher=seeded(self.seed_indexes), trust=self.trust)


Progress = Callable[[int, int], None]  # (documents done, documents in all)


def verify_items(items: Sequence[IngestedItem], settings: Settings,
                 workers: int | None = None, *, isolate: bool = False,
                 progress: Progress | None = None) -> list[Row]:
    """Rows for `items`, in order.

    With `isolate` (uploads from the outside world) every document is verified in a
    worker process under the limits above, however few there are; without it a small
    pool or a single core is verified in this process. `progress(done, total)` is called
    as documents finish (a chunk at a time when isolated). Either way an upload whose
    documents keep exceeding their budget is cut short (`UploadGuard`)."""
    workers = workers or os.cpu_count() or 1
    if not items:
        return []
    guard = UploadGuard()
    if not isolate and (workers == 1 or len(items) < 2 * CHUNK):
        run = settings.screening()
        rows = []
        for item in items:
            rows.append(guard.verify(run, item))
            if progress is not None:
                progress(len(rows), len(items))
        return rows
    workers = max(1, min(workers, len(items)))
    size = max(1, min(ISOLATED_CHUNK if isolate else CHUNK, -(-len(items) // workers)))
    chunks = [list(items[i:i + size]) for i in range(0, len(items), size)]
    return _run_isolated(chunks, settings, workers, guard, progress)


class UploadGuard:
    """Cuts an upload short once MAX_BUDGET_FAILURES_PER_UPLOAD of its documents have
    spent a whole budget (time, work, CPU, memory, a dead worker; the cheap caps do not
    count): a ZIP of thousands of hostile credentials then costs a few budgets, not
    thousands. The rest of that upload become failed rows
    (`upload_budget_exceeded`); other uploads are not affected."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = MAX_BUDGET_FAILURES_PER_UPLOAD if limit is None else limit
        self.failures: dict[str, int] = {}

    def allowance(self, item: IngestedItem) -> int:
        return self.limit - self.failures.get(item.upload, 0)

    def record(self, item: IngestedItem, row: Row) -> None:
        if budget.costly(row.report):
            self.failures[item.upload] = self.failures.get(item.upload, 0) + 1

    def verify(self, run: Screening, item: IngestedItem) -> Row:
        """`run.verify_item(item)`, or the refusal once the item's upload is cut short."""
        if self.allowance(item) <= 0:
            return refused_row(item)
        row = run.verify_item(item)
        self.record(item, row)
        return row


def refused_row(item: IngestedItem) -> Row:
    return _failed_row(item, budget.UPLOAD, "Not checked: other credentials in the same "
                       "upload took far more time or memory than any real credential, so "
                       "the rest of the upload was not checked.")


# ------------------------------------------------------------------------- parent side


def _run_isolated(chunks: list[list[IngestedItem]], settings: Settings, workers: int,
                  guard: UploadGuard, progress: Progress | None = None) -> list[Row]:
    """Chunks are submitted a few at a time (so a hostile upload is cut short early);
    a chunk whose worker died is verified again one document at a time."""
    results: list[list[Row] | None] = [None] * len(chunks)
    total, done = sum(len(c) for c in chunks), 0
    window = 2 * workers
    with _pool(settings, workers) as pool:
        running: dict[Future[list[Row]], int] = {}
        waiting = list(range(len(chunks)))
        broken: list[int] = []
        while waiting or running:
            while waiting and len(running) < window:
                index = waiting.pop(0)
                allowances = {item.upload: guard.allowance(item) for item in chunks[index]}
                running[pool.submit(_verify_chunk, chunks[index], allowances)] = index
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                index = running.pop(future)
                try:
                    results[index] = future.result()
                except Exception:
                    broken.append(index)
                    continue
                for item, row in zip(chunks[index], results[index] or [], strict=True):
                    guard.record(item, row)
                done += len(chunks[index])
                if progress is not None:
                    progress(done, total)
    for index in broken:  # one at a time in a fresh worker: only the culprit is lost
        rows = []
        for item in chunks[index]:
            row = refused_row(item) if guard.allowance(item) <= 0 else _alone(item, settings)
            guard.record(item, row)
            rows.append(row)
            done += 1
            if progress is not None:
                progress(done, total)
        results[index] = rows
    return [row for rows in results if rows is not None for row in rows]


def _pool(settings: Settings, workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context(settings.start_method) \
        if settings.start_method else None
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_start,
                               initargs=(settings,))


def _alone(item: IngestedItem, settings: Settings) -> Row:
    with _pool(settings, 1) as pool:
        try:
            return pool.submit(_verify_chunk, [item], {item.upload: 1}).result()[0]
        except MemoryError:  # raised in the worker outside the verifier, sent back
            return _failed_row(item, budget.MEMORY, "Checking this credential needed more "
                               "memory than allowed; it was stopped.")
        except Exception:
            return _failed_row(item, budget.WORKER_LOST, "The process checking this "
                               "credential was stopped (it needed more time or memory than "
                               "allowed); it counts as failed.")


def _failed_row(item: IngestedItem, code: str, message: str) -> Row:
    report = budget_report(item.source, code, message)
    owner = item.candidate or item.candidate_email or UNASSIGNED
    return Row(owner, report, item.sha256, item.source, item.data)


# ------------------------------------------------------------------------- worker side


def _start(settings: Settings) -> None:
    global _worker, _cpu_seconds, _online
    _worker = settings.screening()
    _cpu_seconds = settings.cpu_seconds
    _online = settings.online
    _limit_worker(settings)


def _limit_worker(settings: Settings) -> None:
    """Address space and lifetime CPU limits; SIGXCPU raises instead of killing."""
    if settings.memory_headroom is not None:
        _lower_limit(resource.RLIMIT_AS, _address_space() + settings.memory_headroom)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    lifetime = int(_cpu_used()) + settings.lifetime_cpu_seconds
    if hard == resource.RLIM_INFINITY or lifetime < hard:
        resource.setrlimit(resource.RLIMIT_CPU, (lifetime, lifetime))
    signal.signal(signal.SIGXCPU, _on_cpu_limit)


def _lower_limit(kind: int, value: int) -> None:
    soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    if soft == resource.RLIM_INFINITY or value < soft:
        resource.setrlimit(kind, (value, hard))


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 512 * MIB


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _arm_cpu(seconds: int) -> None:
    """SIGXCPU once this process has used `seconds` more CPU time (soft limit)."""
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(_cpu_used()) + 1 + seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _disarm_cpu() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))


def _on_cpu_limit(_signum: int, _frame: FrameType | None) -> None:
    raise budget.BudgetExceeded(budget.CPU, "Checking this credential used more CPU time "
                                "than allowed; it was stopped.", limit_seconds=_cpu_seconds)


def _verify_chunk(items: Sequence[IngestedItem],
                  allowances: dict[str, int] | None = None) -> list[Row]:
    assert _worker is not None
    prefetch = getattr(_worker.fetcher, "prefetch", None)
    if _online and callable(prefetch):  # the chunk's links and the documents they name
        with contextlib.suppress(Exception, MemoryError):  # a hint: verification fetches too
            prefetch([*(i.link for i in items if i.link),
                      *document_urls(i.payload for i in items if not i.link)])
    left = dict(allowances or {})  # budget failures each upload may still have
    rows = []
    for item in items:
        allowed = left.get(item.upload, MAX_BUDGET_FAILURES_PER_UPLOAD)
        row = refused_row(item) if allowed <= 0 else _verify_limited(_worker, item)
        if budget.costly(row.report):
            left[item.upload] = allowed - 1
        rows.append(row)
    return rows


def _verify_limited(run: Screening, item: IngestedItem) -> Row:
    try:
        _arm_cpu(_cpu_seconds)
        try:
            return run.verify_item(item)
        finally:
            _disarm_cpu()
    except budget.BudgetExceeded as exc:  # raised outside verify() (e.g. fetching a link)
        return _failed_row(item, exc.code, exc.message)
    except MemoryError:
        return _failed_row(item, budget.MEMORY, "Checking this credential needed more memory "
                           "than allowed; it was stopped.")


def worker_limits() -> dict[str, Any]:
    """The limits in force in this process (for diagnostics and tests)."""
    return {"cpu": resource.getrlimit(resource.RLIMIT_CPU),
            "address_space": resource.getrlimit(resource.RLIMIT_AS)}
