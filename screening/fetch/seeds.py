"""The fetcher seam: how verification reaches documents that live elsewhere.

Verification code never opens a connection itself: it receives a `Fetcher` (URL in,
`Fetched` out, `FetchError` when it cannot). Tests and the bundled sample data pass a
`SeedFetcher` (URL -> local file); production puts one in front of the guarded HTTP client
(`screening.fetch.http.GuardedFetcher`, usually through `online_fetcher`). A run wraps its
fetcher in one `CachingFetcher`, so each document is fetched once per screening.

`FetchError.code` is a stable snake_case reason code:
  fetch_failed, not_available_offline, network_disabled, seed_unreadable, not_json,
  scheme_not_allowed, credentials_in_url, invalid_url, blocked_address, dns_failure,
  unreachable, tls_error, timeout, too_many_redirects, too_large, http_error, bad_response.
`FetchError.kind` says what it stands for (screening.errors.FETCH_CODE_OUTCOMES): the
document was unreachable (nothing is known about it), or the server answered definitively
(a 4xx, a body that is not JSON).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from screening.errors import FetchError as FetchError  # re-exported: the seam raises it
from screening.ingest.limits import MAX_DOCUMENT_BYTES

PREFETCH_WORKERS = 8


@dataclass(frozen=True)
class Fetched:
    """A fetched document. `url` is where it was finally read from: after the redirects
    the guarded client followed (`final_url`), so a caller that trusts a document only
    from its own address can compare origins (hosted Open Badges 2.0)."""

    url: str
    content: bytes
    content_type: str | None = None

    @property
    def final_url(self) -> str:
        """The URL the content came from, after any redirect."""
        return self.url

    def json(self) -> Any:
        try:
            return json.loads(self.content)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise FetchError(self.url, "response is not JSON", code="not_json") from exc

    def json_object(self) -> dict[str, Any]:
        """The body as a JSON object; anything else is the server's definitive answer that
        it holds no such document (`not_json`)."""
        document = self.json()
        if not isinstance(document, dict):
            raise FetchError(self.url, "response is not a JSON object", code="not_json")
        return document


class Fetcher(Protocol):
    def __call__(self, url: str) -> Fetched: ...


Seed = bytes | Path | int  # a document, a file holding one, or the HTTP status answered


class SeedFetcher:
    """Serves documents from a URL -> bytes/file map; everything else is unreachable.

    A seed may also be an HTTP status (an int): the recorded answer of a server that said
    the document is not there (404, 410, ...), a *definitive* outcome — unlike a URL the
    map does not hold, which is only unreachable."""

    def __init__(self, seeds: Mapping[str, Seed] | None = None,
                 fallback: Fetcher | None = None):
        self._seeds: dict[str, Seed] = dict(seeds or {})
        self._fallback = fallback

    @classmethod
    def from_index(cls, index_file: Path, fallback: Fetcher | None = None) -> SeedFetcher:
        """Load a seed index: a JSON object {url: path relative to the index file}, or
        {url: {"status": 404}} for a server's recorded answer that it has no such
        document."""
        entries = json.loads(index_file.read_text(encoding="utf-8"))
        base = index_file.parent
        return cls({url: _index_seed(base, entry) for url, entry in entries.items()},
                   fallback)

    def add(self, url: str, content: Seed) -> None:
        self._seeds[url] = content

    def __contains__(self, url: str) -> bool:
        return url in self._seeds

    def __call__(self, url: str) -> Fetched:
        seed = self._seeds.get(url)
        if seed is None:
            if self._fallback is not None:
                return self._fallback(url)
            raise FetchError(url, "not available offline", code="not_available_offline")
        if isinstance(seed, int):
            raise FetchError(url, f"the server answered HTTP {seed}", status=seed,
                             code="http_error")
        if isinstance(seed, Path):
            try:
                data = seed.read_bytes()
            except OSError as exc:
                raise FetchError(url, "seed file unreadable", code="seed_unreadable") from exc
        else:
            data = seed
        if len(data) > MAX_DOCUMENT_BYTES:
            raise FetchError(url, "document too large", code="too_large")
        return Fetched(url, data, "application/json")


def _index_seed(base: Path, entry: Any) -> Seed:
    if isinstance(entry, dict) and isinstance(entry.get("status"), int):
        return int(entry["status"])
    return base / str(entry)


def no_network(url: str) -> Fetched:
    """A fetcher for fully offline runs: every remote document is unreachable."""
    raise FetchError(url, "network access disabled", code="network_disabled")


def seeded(seed_indexes: Sequence[Path], fallback: Fetcher = no_network) -> Fetcher:
    """The seed indexes in order (the first that holds a URL answers), then `fallback`."""
    fetcher = fallback
    for index in reversed(seed_indexes):
        fetcher = SeedFetcher.from_index(index, fallback=fetcher)
    return fetcher


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

    def known(self, url: str) -> bool:
        """Whether `url` has been answered (or refused) already in this run."""
        return url in self._cache

    def prefetch(self, urls: Iterable[str], workers: int = PREFETCH_WORKERS) -> None:
        """Fetch many documents at once (threads: the wait is network, not CPU), so that
        verifying a pool of links does not wait for each in turn. Failures are cached too."""
        wanted = [u for u in dict.fromkeys(urls) if u not in self._cache]
        if len(wanted) < 2:
            return
        with ThreadPoolExecutor(max_workers=min(workers, len(wanted))) as pool:
            list(pool.map(self._fetch_quietly, wanted))

    def _fetch_quietly(self, url: str) -> None:
        with contextlib.suppress(FetchError):
            self(url)



