"""The one choice of fetcher for a run: offline seed indexes only, or — online — the seed
indexes in front of the guarded HTTP client. Every run (the app, its worker processes, the
CLI, re-verification) gets its fetcher here."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from screening.fetch.seeds import Fetcher, seeded


def fetcher_for(seed_indexes: Sequence[Path], *, online: bool) -> Fetcher:
    """`seed_indexes` in order (the first that holds a URL answers); then, only when
    `online`, the guarded HTTP client; otherwise nothing leaves the machine."""
    if online:
        # imported here on purpose: offline runs (the CLI's default) skip the HTTP stack
        from screening.fetch.http import online_fetcher

        return online_fetcher(seed_indexes)
    return seeded(seed_indexes)
