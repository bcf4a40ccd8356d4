"""Revocation and suspension: BitstringStatusList, StatusList2021 and 1EdTechRevocationList.

A status list is itself a credential: it is verified (signature, dates, type,
issuer) before a single bit of it is believed. A list that cannot be fetched
or verified makes the status indeterminate, never "not revoked".
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from screening.errors import FetchOutcome
from screening.fetch.seeds import Fetched, Fetcher, FetchError
from screening.verify import budget, structure
from screening.verify.keys.publickey import KeyFormatError, b64url_decode, multibase_decode
from screening.verify.reach import FETCH, could_not_reach
from screening.verify.report import CheckResult, Status, Verdict
from screening.verify.status.decoded import DecodedCache

MAX_LIST_BYTES = 16 * 1024 * 1024  # decompressed: 134 million entries is far beyond any list
MAX_INDEX = MAX_LIST_BYTES * 8
MAX_REVOCATION_ENTRIES = 1_000_000
STATUS_FETCH_WORKERS = 8  # one credential's status lists are fetched side by side
REVOCATION_LIST_TYPE = "1EdTechRevocationList"
ENTRY_TYPES = {
    "BitstringStatusListEntry": ("BitstringStatusListCredential", "BitstringStatusList"),
    "StatusList2021Entry": ("StatusList2021Credential", "StatusList2021"),
}


class StatusListError(Exception):
    """The status list could not be used; the reason is shown to the recruiter.
    `fetch_error` is set when the list could not be fetched."""

    def __init__(self, reason: str, fetch_error: FetchError | None = None):
        super().__init__(reason)
        self.fetch_error = fetch_error

    def details(self) -> dict[str, Any]:
        return self.fetch_error.details() if self.fetch_error is not None else {}


@dataclass(frozen=True)
class StatusList:
    url: str
    issuer: str | None
    purposes: tuple[str, ...]
    bits: bytes

    def bit(self, index: int, size: int = 1) -> int:
        """The status value at `index` (entries of `size` bits, most significant bit first)."""
        start = index * size
        if start + size > len(self.bits) * 8:
            raise StatusListError("the status index is beyond the end of the list")
        value = 0
        for position in range(start, start + size):
            byte = self.bits[position // 8]
            value = (value << 1) | ((byte >> (7 - position % 8)) & 1)
        return value


VerifyList = Callable[[dict[str, Any]], Any]  # list credential -> VerificationReport


def decode_encoded_list(encoded: Any) -> bytes:
    """Multibase base64url ('u' prefix) or bare base64url, then gzip, size-capped."""
    if not isinstance(encoded, str) or not encoded:
        raise StatusListError("encodedList is missing")
    try:
        compressed = multibase_decode(encoded) if encoded.startswith("u") else \
            b64url_decode(encoded)
    except KeyFormatError as exc:
        raise StatusListError(f"encodedList is not base64url ({exc})") from exc
    return _gunzip_capped(compressed, MAX_LIST_BYTES)


def _gunzip_capped(data: bytes, limit: int) -> bytes:
    """Decompress gzip without ever holding more than `limit` bytes (bomb-safe)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise StatusListError("encodedList is not valid gzip") from exc
    if len(out) > limit:
        raise StatusListError("the status list is larger than the limit")
    if not out:
        raise StatusListError("the status list is empty")
    return out


class StatusEnvironment(Protocol):
    """What a status check needs of the verification environment: the run's fetcher."""

    @property
    def fetcher(self) -> Fetcher: ...


class StatusChecker:
    """Checks credentialStatus entries. Each list is decoded (parsed, verified, inflated)
    once per run: `decoded` is the run's cache, shared by every credential verified in it,
    keyed by URL and the digest of the fetched list."""

    def __init__(self, verify_list: VerifyList, decoded: DecodedCache | None = None):
        self._verify_list = verify_list
        self._decoded = decoded if decoded is not None else DecodedCache()
        self._lists: dict[tuple[str, str], Any] = {}  # (url, type) -> list or its error

    def __call__(self, document: dict[str, Any], entries: list[Any], env: StatusEnvironment
                 ) -> CheckResult:
        budget.check_status_entries(len(entries))
        self._prefetch(entries, env)
        results = [self._check_entry(document, entry, env) for entry in entries]
        details = {"entries": [r for _, r in results]}
        statuses = [s for s, _ in results]
        if Status.FAIL in statuses:
            reasons = {r["result"] for s, r in results if s is Status.FAIL}
            return CheckResult("credential_status", Status.FAIL,
                               f"The issuer has {' and '.join(sorted(reasons))} this credential.",
                               details)
        if Status.INDETERMINATE in statuses:
            unreached = [r for s, r in results if s is Status.INDETERMINATE
                         and r.get(FETCH) == str(FetchOutcome.UNREACHABLE)]
            if unreached:  # (the run's verdict says warning; checking online may settle it)
                first = unreached[0]
                return CheckResult(
                    "credential_status", Status.INDETERMINATE,
                    could_not_reach(f"the issuer's status list ({first.get('url')})"),
                    {**details, FETCH: first[FETCH], "fetch_code": first.get("fetch_code")})
            return CheckResult("credential_status", Status.INDETERMINATE,
                               "Revocation status could not be checked.", details)
        return CheckResult("credential_status", Status.PASS,
                           "The issuer has not revoked or suspended this credential.", details)

    def _prefetch(self, entries: list[Any], env: StatusEnvironment) -> None:
        """Fetch the lists not yet known side by side (into the run's cache), so that
        entries at slow hosts cost one fetch timeout in all, not one each."""
        urls = [u for e in entries if isinstance(e, dict)
                for u in (e.get("statusListCredential"),
                          e.get("id") if e.get("type") == REVOCATION_LIST_TYPE else None)
                if isinstance(u, str) and not any(key[0] == u for key in self._lists)]
        prefetch = getattr(env.fetcher, "prefetch", None)
        if callable(prefetch) and len(set(urls)) > 1:
            with budget.network_wait():
                prefetch(urls, workers=STATUS_FETCH_WORKERS)

    def _check_entry(self, document: dict[str, Any], entry: Any, env: StatusEnvironment
                     ) -> tuple[Status, dict[str, Any]]:
        if not isinstance(entry, dict):
            return Status.INDETERMINATE, {"result": "malformed", "reason": "entry is not an object"}
        kind = entry.get("type")
        info: dict[str, Any] = {"type": kind, "purpose": entry.get("statusPurpose"),
                                "index": entry.get("statusListIndex"),
                                "list": entry.get("statusListCredential")}
        if kind == REVOCATION_LIST_TYPE:
            return self._check_revocation_list(document, entry, env)
        if kind not in ENTRY_TYPES:
            return Status.INDETERMINATE, {**info, "result": "unsupported",
                                          "reason": f"status type {kind!r} is not supported"}
        try:
            index = _index(entry.get("statusListIndex"))
            size = _index(entry.get("statusSize", 1)) or 1
            status_list = self._list(entry, kind, env)
            purpose = entry.get("statusPurpose")
            if purpose not in status_list.purposes:
                raise StatusListError("the list is not for this status purpose")
            value = status_list.bit(index, size)
        except StatusListError as exc:
            return Status.INDETERMINATE, {**info, "result": "unknown", "reason": str(exc),
                                          **exc.details()}
        if value and purpose in ("revocation", "suspension"):
            word = "revoked" if purpose == "revocation" else "suspended"
            return Status.FAIL, {**info, "result": word, "value": value}
        if status_list.issuer != structure.issuer_id(document):
            # A list signed by another party may be believed when it revokes (the worst
            # case is a false alarm), never when it clears a credential.
            return Status.INDETERMINATE, {
                **info, "result": "unconfirmed", "value": value,
                "reason": "the status list is signed by another party than the issuer",
                "list_issuer": status_list.issuer}
        return Status.PASS, {**info, "result": "clear", "value": value}

    def _check_revocation_list(self, document: dict[str, Any], entry: dict[str, Any],
                               env: StatusEnvironment) -> tuple[Status, dict[str, Any]]:
        """1EdTech Revocation List: an unsigned JSON list of revoked credential ids, served
        from the URL the (signed) credential names; a fetch failure is indeterminate."""
        url = entry.get("id")
        info: dict[str, Any] = {"type": REVOCATION_LIST_TYPE, "list": url}
        credential_id = document.get("id")
        try:
            if not isinstance(url, str):
                raise StatusListError("the revocation list URL is missing")
            if not isinstance(credential_id, str):
                raise StatusListError("the credential has no id to look up")
            revoked = self._revocation_list(url, env)
        except StatusListError as exc:
            return Status.INDETERMINATE, {**info, "result": "unknown", "reason": str(exc),
                                          **exc.details()}
        reason = revoked.get(credential_id)
        if reason is not None:
            return Status.FAIL, {**info, "result": "revoked", "reason": reason}
        return Status.PASS, {**info, "result": "clear"}

    def _revocation_list(self, url: str, env: StatusEnvironment) -> dict[str, str]:
        found: dict[str, str] = self._cached(
            (url, REVOCATION_LIST_TYPE),
            lambda: _load_revocation_list(url, env.fetcher, self._decoded))
        return found

    def _list(self, entry: dict[str, Any], kind: str, env: StatusEnvironment) -> StatusList:
        url = entry.get("statusListCredential")
        if not isinstance(url, str):
            raise StatusListError("statusListCredential is missing")
        found: StatusList = self._cached((url, kind), lambda: self._load(url, kind, env))
        return found

    def _cached(self, key: tuple[str, str], load: Callable[[], Any]) -> Any:
        """Each list is fetched once per run; a failure is remembered too."""
        if key not in self._lists:
            try:
                self._lists[key] = load()
            except StatusListError as exc:
                self._lists[key] = exc
        cached = self._lists[key]
        if isinstance(cached, StatusListError):
            raise cached
        return cached

    def _load(self, url: str, kind: str, env: StatusEnvironment) -> StatusList:
        try:
            fetched = env.fetcher(url)
        except FetchError as exc:
            raise StatusListError(f"the status list could not be fetched ({exc.reason})",
                                  exc) from exc
        key = ("status-list", kind, url, self._decoded.digest(url, fetched.content))

        def decode() -> tuple[StatusList, int]:
            found = self._decode(url, kind, fetched)
            return found, len(found.bits) + len(fetched.content)

        found: StatusList = self._decoded.remember(key, decode, (StatusListError,))
        return found

    def _decode(self, url: str, kind: str, fetched: Fetched) -> StatusList:
        try:
            document = fetched.json()
        except FetchError as exc:
            raise StatusListError(f"the status list could not be fetched ({exc.reason})",
                                  exc) from exc
        if not isinstance(document, dict):
            raise StatusListError("the status list is not a JSON object")
        credential_type, subject_type = ENTRY_TYPES[kind]
        if credential_type not in structure.types_of(document):
            raise StatusListError(f"the status list is not a {credential_type}")
        report = self._verify_list(document)
        if report.verdict not in (Verdict.VERIFIED, Verdict.WARNING):
            failing = sorted({c.code for c in report.checks if c.status != Status.PASS
                              and c.status != Status.NA and c.code != "issuer_trusted"})
            raise StatusListError(f"the status list itself is not valid ({', '.join(failing)})")
        subject = document.get("credentialSubject")
        if not isinstance(subject, dict) or subject_type not in structure.types_of(subject):
            raise StatusListError(f"the status list subject is not a {subject_type}")
        purposes = tuple(p for p in structure.as_list(subject.get("statusPurpose"))
                         if isinstance(p, str))
        bits = decode_encoded_list(subject.get("encodedList"))
        return StatusList(url, structure.issuer_id(document), purposes, bits)


def _load_revocation_list(url: str, fetcher: Fetcher,
                          decoded: DecodedCache | None = None) -> dict[str, str]:
    """{revoked credential id: reason}. An entry whose `revoked` is omitted counts as revoked."""
    try:
        fetched = fetcher(url)
    except FetchError as exc:
        raise StatusListError(f"the revocation list could not be fetched ({exc.reason})",
                              exc) from exc
    cache = decoded if decoded is not None else DecodedCache()
    key = ("revocation-list", url, cache.digest(url, fetched.content))

    def decode() -> tuple[dict[str, str], int]:
        found = _read_revocation_list(fetched)
        return found, len(fetched.content) + 64 * len(found)

    revoked: dict[str, str] = cache.remember(key, decode, (StatusListError,))
    return revoked


def _read_revocation_list(fetched: Fetched) -> dict[str, str]:
    try:
        document = fetched.json()
    except FetchError as exc:
        raise StatusListError(f"the revocation list could not be read ({exc.reason})",
                              exc) from exc
    items = document.get("revokedCredentials") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise StatusListError("the revocation list has no revokedCredentials")
    revoked: dict[str, str] = {}
    for item in items[:MAX_REVOCATION_ENTRIES]:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and \
                item.get("revoked", True) is not False:
            reason = structure.display_text(item.get("revocationReason"))
            revoked[item["id"]] = (reason or "revoked")[:500]
    return revoked


def _index(value: Any) -> int:
    """statusListIndex is a string of digits by spec; integers are tolerated."""
    if isinstance(value, bool):
        raise StatusListError("status index is not a number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isdigit() and len(value) < 12:
        number = int(value)
    else:
        raise StatusListError("status index is not a number")
    if not 0 <= number < MAX_INDEX:
        raise StatusListError("status index is out of range")
    return number
