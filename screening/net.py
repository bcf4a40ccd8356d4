"""Fetching documents that live elsewhere (DID documents, key documents, status lists).

Verification code never opens a connection itself: it receives a `Fetcher`.
Tests and the bundled sample data pass a `SeedFetcher` (URL -> local file);
production passes the guarded HTTP client from this module.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


class FetchError(Exception):
    """A document could not be fetched; `status` is the HTTP status when there was one."""

    def __init__(self, url: str, reason: str, status: int | None = None):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Fetched:
    url: str
    content: bytes
    content_type: str | None = None

    def json(self) -> Any:
        try:
            return json.loads(self.content)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise FetchError(self.url, "response is not JSON") from exc


class Fetcher(Protocol):
    def __call__(self, url: str) -> Fetched: ...


class SeedFetcher:
    """Serves documents from a URL -> bytes/file map; everything else is unreachable."""

    def __init__(self, seeds: Mapping[str, bytes | Path] | None = None,
                 fallback: Fetcher | None = None):
        self._seeds: dict[str, bytes | Path] = dict(seeds or {})
        self._fallback = fallback

    @classmethod
    def from_index(cls, index_file: Path, fallback: Fetcher | None = None) -> SeedFetcher:
        """Load a seed index: a JSON object {url: path relative to the index file}."""
        entries = json.loads(index_file.read_text(encoding="utf-8"))
        base = index_file.parent
        return cls({url: base / rel for url, rel in entries.items()}, fallback)

    def add(self, url: str, content: bytes | Path) -> None:
        self._seeds[url] = content

    def __contains__(self, url: str) -> bool:
        return url in self._seeds

    def __call__(self, url: str) -> Fetched:
        seed = self._seeds.get(url)
        if seed is None:
            if self._fallback is not None:
                return self._fallback(url)
            raise FetchError(url, "not available offline")
        if isinstance(seed, Path):
            try:
                data = seed.read_bytes()
            except OSError as exc:
                raise FetchError(url, "seed file unreadable") from exc
        else:
            data = seed
        if len(data) > MAX_DOCUMENT_BYTES:
            raise FetchError(url, "document too large")
        return Fetched(url, data, "application/json")


def no_network(url: str) -> Fetched:
    """A fetcher for fully offline runs: every remote document is unreachable."""
    raise FetchError(url, "network access disabled")


class CachingFetcher:
    """Remembers successful fetches and failures for the life of one screening run."""

    def __init__(self, inner: Fetcher):
        self._inner = inner
        self._cache: dict[str, Fetched | FetchError] = {}

    def __call__(self, url: str) -> Fetched:
        hit = self._cache.get(url)
        if hit is None:
            try:
                hit = self._inner(url)
            except FetchError as exc:
                hit = exc
            self._cache[url] = hit
        if isinstance(hit, FetchError):
            raise hit
        return hit


FetcherFactory = Callable[[], Fetcher]
