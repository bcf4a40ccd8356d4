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

import multiprocessing
import os
import resource
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from types import FrameType
from typing import Any

from screening.batch.runner import (
    MAX_BUDGET_FAILURES_PER_UPLOAD,
    Row,
    RunSettings,
    Screening,
    UploadGuard,
    budget_row,
    verify_each,
)
from screening.batch.upload import UploadBudget
from screening.ingest import IngestedItem
from screening.verify import budget

__all__ = ["MAX_BUDGET_FAILURES_PER_UPLOAD", "Progress", "verify_items", "worker_limits"]

CHUNK = 64
ISOLATED_CHUNK = 8  # small chunks when isolated: a hostile upload is noticed early
MIB = 1024 * 1024
_worker: Screening | None = None
_cpu_seconds = 0


Progress = Callable[[int, int], None]  # (documents done, documents in all)


def verify_items(items: Sequence[IngestedItem], settings: RunSettings,
                 workers: int | None = None, *, isolate: bool = False,
                 progress: Progress | None = None) -> list[Row]:
    """Rows for `items`, in order.

    With `isolate` (uploads from the outside world) every document is verified in a
    worker process under the limits above, however few there are; without it a small
    pool or a single core is verified in this process. `progress(done, total)` is called
    as documents finish (a chunk at a time when isolated). Either way the one loop
    (`runner.verify_each`) verifies them, and an upload whose documents keep exceeding
    their budget is cut short (`UploadGuard`)."""
    workers = workers or os.cpu_count() or 1
    if not items:
        return []
    guard = UploadGuard()
    guard.plan(items)
    if not isolate and (workers == 1 or len(items) < 2 * CHUNK):
        rows = []
        for row in verify_each(settings.screening(), items, guard):
            rows.append(row)
            if progress is not None:
                progress(len(rows), len(items))
        return rows
    workers = max(1, min(workers, len(items)))
    size = max(1, min(ISOLATED_CHUNK if isolate else CHUNK, -(-len(items) // workers)))
    chunks = [list(items[i:i + size]) for i in range(0, len(items), size)]
    return _run_isolated(chunks, settings, workers, guard, progress)


# ------------------------------------------------------------------------- parent side


def _run_isolated(chunks: list[list[IngestedItem]], settings: RunSettings, workers: int,
                  guard: UploadGuard, progress: Progress | None = None) -> list[Row]:
    """Chunks are submitted a few at a time (so a hostile upload is cut short early);
    a chunk whose worker died is verified again one document at a time."""
    results: list[list[Row] | None] = [None] * len(chunks)
    total, done = sum(len(c) for c in chunks), 0
    window = 2 * workers
    with _pool(settings, workers) as pool:
        running: dict[Future[Chunk], int] = {}
        waiting = list(range(len(chunks)))
        # chunks of each upload not yet handed out: a share divides what an upload has left
        # among its chunks that may run at the same time (at most `window`)
        left: dict[str, int] = {}
        for chunk in chunks:
            for upload in {item.upload for item in chunk}:
                left[upload] = left.get(upload, 0) + 1
        broken: list[int] = []
        while waiting or running:
            while waiting and len(running) < window:
                index = waiting.pop(0)
                uploads = {item.upload for item in chunks[index]}
                shares = {upload: guard.budgets[upload].share(min(window, left[upload]))
                          for upload in uploads}
                for upload in uploads:
                    left[upload] -= 1
                if all(guard.refusal(item) is not None for item in chunks[index]):
                    # its uploads' budgets ran out: listed at once, no worker needed
                    results[index] = [guard.verify(item, _never) for item in chunks[index]]
                    done += len(chunks[index])
                    if progress is not None:
                        progress(done, total)
                    continue
                allowances = {item.upload: guard.allowance(item) for item in chunks[index]}
                running[pool.submit(_verify_chunk, chunks[index], allowances, shares)] = index
            if not running:
                continue
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                index = running.pop(future)
                try:
                    results[index], spent = future.result()
                except Exception:
                    broken.append(index)
                    continue
                for upload, used in spent.items():
                    guard.budgets[upload].absorb(used)
                for item, row in zip(chunks[index], results[index] or [], strict=True):
                    guard.record(item, row)
                done += len(chunks[index])
                if progress is not None:
                    progress(done, total)
    for index in broken:  # one at a time in a fresh worker: only the culprit is lost
        rows = []
        for item in chunks[index]:
            rows.append(guard.verify(item, lambda one: _alone(
                one, settings, guard.budget_for(one).share(1))))
            done += 1
            if progress is not None:
                progress(done, total)
        results[index] = rows
    return [row for rows in results if rows is not None for row in rows]


def _pool(settings: RunSettings, workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context(settings.start_method) \
        if settings.start_method else None
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_start,
                               initargs=(settings,))


def _never(item: IngestedItem) -> Row:
    raise AssertionError(f"{item.source} was to be refused, not verified")


def _alone(item: IngestedItem, settings: RunSettings,
           share: UploadBudget | None = None) -> Row:
    with _pool(settings, 1) as pool:
        try:
            shares = {item.upload: share} if share is not None else None
            return pool.submit(_verify_chunk, [item], {item.upload: 1}, shares
                               ).result()[0][0]
        except MemoryError:  # raised in the worker outside the verifier, sent back
            return _out_of_memory(item)
        except Exception:
            return budget_row(item, budget.WORKER_LOST, "The process checking this "
                              "credential was stopped (it needed more time or memory than "
                              "allowed); it counts as failed.")


def _out_of_memory(item: IngestedItem) -> Row:
    return budget_row(item, budget.MEMORY, "Checking this credential needed more memory "
                      "than allowed; it was stopped.")


# ------------------------------------------------------------------------- worker side


def _start(settings: RunSettings) -> None:
    global _worker, _cpu_seconds
    _worker = settings.screening()
    _cpu_seconds = settings.cpu_seconds
    _limit_worker(settings)


def _limit_worker(settings: RunSettings) -> None:
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


Chunk = tuple[list[Row], dict[str, UploadBudget]]  # rows, and what each upload spent


def _verify_chunk(items: Sequence[IngestedItem], allowances: dict[str, int] | None = None,
                  shares: dict[str, UploadBudget] | None = None) -> Chunk:
    """The one loop over a chunk, each document under its CPU limit; `allowances`: the
    budget failures each upload may still have, as the parent's guard counts them;
    `shares`: what each upload's budget lets this chunk spend. Returns the rows and what
    was spent of each share."""
    assert _worker is not None
    run = _worker
    guard = UploadGuard(allowances=allowances, budgets=shares)
    rows = list(verify_each(run, items, guard, lambda item: _verify_limited(run, item)))
    return rows, guard.budgets


def _verify_limited(run: Screening, item: IngestedItem) -> Row:
    try:
        _arm_cpu(_cpu_seconds)
        try:
            return run.verify_item(item)
        finally:
            _disarm_cpu()
    except budget.BudgetExceeded as exc:  # raised outside verify() (e.g. fetching a link)
        return budget_row(item, exc.code, exc.message)
    except MemoryError:
        return _out_of_memory(item)


def worker_limits() -> dict[str, Any]:
    """The limits in force in this process (for diagnostics and tests)."""
    return {"cpu": resource.getrlimit(resource.RLIMIT_CPU),
            "address_space": resource.getrlimit(resource.RLIMIT_AS)}
