"""Status lists decoded once per run (issue 28, N2).

A run's `CachingFetcher` fetches a shared status list once; without this cache every
credential that points at it would still parse, verify and inflate it again (400 SD-JWTs
on one 16 MiB token list: 400 inflations). `DecodedCache` keeps what a list decodes to —
a Bitstring/StatusList2021 list's verified bits, an IETF status list token's checked
signature and inflated bytes, a 1EdTech revocation list's entries — keyed by the kind of
list, its URL and the SHA-256 of the fetched bytes (a different document at the same URL
is decoded afresh), and bounded in bytes: the least recently used lists are dropped once
the cache holds more than `MAX_DECODED_BYTES`. One cache serves every credential verified
in one `Screening` run (`Screening.decoded`); a lone `verify()` call gets its own.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

MAX_DECODED_BYTES = 64 * 1024 * 1024  # decoded lists kept per run (four 16 MiB lists)
MAX_DIGESTS = 1_024  # fetched documents whose digest is remembered

_T = TypeVar("_T")


class DecodedCache:
    """Decoded shared documents of one run, by (kind, URL, content digest, ...), bounded
    in bytes. Failures that follow from the document (a list that is not valid) may be
    stored too: `remember` caches whatever `decode` returns or raises of `errors`."""

    def __init__(self, max_bytes: int = MAX_DECODED_BYTES):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._digests: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self._lock = threading.Lock()
        self.decodes = 0  # how many times a document was decoded (not served from here)

    @property
    def size(self) -> int:
        """Bytes held (as the entries were charged)."""
        return self._bytes

    def digest(self, url: str, content: bytes) -> str:
        """SHA-256 of a fetched document, hashed once per document object: the run's
        fetcher hands every credential the same bytes object for a URL."""
        with self._lock:
            known = self._digests.get(url)
            if known is not None and known[0] is content:
                return known[1]
        found = hashlib.sha256(content).hexdigest()
        with self._lock:
            self._digests[url] = (content, found)
            self._digests.move_to_end(url)
            while len(self._digests) > MAX_DIGESTS:
                self._digests.popitem(last=False)
        return found

    def remember(self, key: Hashable, decode: Callable[[], tuple[_T, int]],
                 errors: tuple[type[Exception], ...] = ()) -> _T:
        """The value stored under `key`, else `decode()` → (value, size in bytes), stored.
        An exception of `errors` raised by `decode` is stored (size 0) and raised again
        for every later caller; any other exception (a budget running out) is not."""
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
        if hit is not None:
            known: _T = _unpack(hit[0])
            return known
        self.decodes += 1
        try:
            value, size = decode()
        except errors as exc:
            self._store(key, _Raised(exc), 0)
            raise
        self._store(key, value, size)
        return value

    def _store(self, key: Hashable, value: Any, size: int) -> None:
        if size > self.max_bytes:
            return  # never evict everything for one oversized document
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped


class _Raised:
    def __init__(self, error: Exception):
        self.error = error


def _unpack(value: Any) -> Any:
    if isinstance(value, _Raised):
        raise copy.copy(value.error).with_traceback(None)  # no traceback piling up
    return value
