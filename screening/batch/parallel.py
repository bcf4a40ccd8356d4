"""Verifying a large pool with every core: the same rows as `Screening`, in worker processes.

Each worker builds its own `Screening` (contexts, caches and fetcher are per process) from
plain, picklable settings; items are sent in chunks and rows come back in input order.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from screening.batch.runner import Row, Screening
from screening.fetch.seeds import Fetcher, SeedFetcher, no_network
from screening.ingest import IngestedItem
from screening.verify.trust import TrustList

CHUNK = 64
_worker: Screening | None = None


@dataclass(frozen=True)
class Settings:
    """What a worker needs to verify exactly as the parent would (offline seeds only)."""

    now: datetime
    trust: TrustList
    seed_indexes: tuple[Path, ...] = ()

    def screening(self) -> Screening:
        fetcher: Fetcher = no_network
        for index in reversed(self.seed_indexes):
            fetcher = SeedFetcher.from_index(index, fallback=fetcher)
        return Screening(now=self.now, fetcher=fetcher, trust=self.trust)


def _start(settings: Settings) -> None:
    global _worker
    _worker = settings.screening()


def _verify_chunk(items: Sequence[IngestedItem]) -> list[Row]:
    assert _worker is not None
    return [_worker.verify_item(item) for item in items]


def verify_items(items: Sequence[IngestedItem], settings: Settings,
                 workers: int | None = None) -> list[Row]:
    """Rows for `items`, in order; one process when the pool is small or one core."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(items) < 2 * CHUNK:
        run = settings.screening()
        return [run.verify_item(item) for item in items]
    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    with ProcessPoolExecutor(workers, initializer=_start, initargs=(settings,)) as pool:
        return [row for rows in pool.map(_verify_chunk, chunks) for row in rows]
