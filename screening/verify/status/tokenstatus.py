"""IETF Token Status List (draft-ietf-oauth-status-list): the revocation of SD-JWT VCs.

A token names its entry as `"status": {"status_list": {"idx": 0, "uri": "https://…"}}`.
The URI serves a Status List Token, a JWT with `typ: statuslist+jwt`, whose `sub` is that
URI and whose `status_list` is `{"bits": 1|2|4|8, "lst": base64url(zlib(bytes))}`; entry
`idx` is the `bits`-wide value starting at bit `idx × bits`, counted from the least
significant bit of the first byte. 0 is VALID, 1 INVALID (revoked), 2 SUSPENDED, 3 an
application-specific status; other values are reserved.

What a recruiter is told follows the same rules as for Bitstring status lists
(status.py): revoked or suspended by a list the issuer signed fails; a list that cannot be
fetched, read or trusted leaves the status unknown (indeterminate) — never "clear". A list
signed by another key than the credential's may be believed when it revokes, never when it
clears a credential.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from screening.errors import FetchError
from screening.fetch.seeds import Fetcher
from screening.verify import budget
from screening.verify.formats import STATUS_LIST_TYPES
from screening.verify.jose.jws import CompactJws, JoseError, parse_compact
from screening.verify.jose.sdjwt import issuer_key_checks
from screening.verify.jsonparse import is_number
from screening.verify.keys.publickey import KeyFormatError, b64url_decode
from screening.verify.reach import could_not_reach
from screening.verify.report import CheckResult, Status
from screening.verify.status.bitstring import MAX_LIST_BYTES  # one cap for every status list
from screening.verify.status.decoded import DecodedCache

TYPE = "TokenStatusList"
BITS = (1, 2, 4, 8)
VALID, INVALID, SUSPENDED = 0, 1, 2


class TokenStatusError(ValueError):
    """The status list could not be used (fetched, read or trusted); `fetch_error` is set
    when it could not be fetched."""

    def __init__(self, reason: str, fetch_error: FetchError | None = None):
        super().__init__(reason)
        self.fetch_error = fetch_error


def status_value(status_list: Any, index: int) -> tuple[int, int]:
    """(value of entry `index`, bits) of a `status_list` claim."""
    data, bits = decode_status_list(status_list)
    return value_at(data, bits, index), bits


def value_at(data: bytes, bits: int, index: int) -> int:
    """The `bits`-wide value of entry `index` in an inflated status list."""
    position = index * bits
    if position // 8 >= len(data):
        raise TokenStatusError(f"index {index} is beyond the list's {len(data) * 8 // bits} "
                               "entries")
    return (data[position // 8] >> (position % 8)) & ((1 << bits) - 1)


def decode_status_list(status_list: Any) -> tuple[bytes, int]:
    """(inflated bytes, bits per entry) of a `status_list` claim."""
    if not isinstance(status_list, dict):
        raise TokenStatusError("the token has no status_list claim")
    bits = status_list.get("bits")
    if bits not in BITS or isinstance(bits, bool):
        raise TokenStatusError(f"bits must be 1, 2, 4 or 8, not {bits!r}")
    encoded = status_list.get("lst")
    if not isinstance(encoded, str) or not encoded:
        raise TokenStatusError("lst is missing")
    try:
        compressed = b64url_decode(encoded)
    except KeyFormatError as exc:
        raise TokenStatusError(f"lst is not base64url ({exc})") from exc
    return _inflate_capped(compressed), bits


def _inflate_capped(data: bytes) -> bytes:
    """zlib-inflate without ever holding more than MAX_LIST_BYTES (bomb-safe)."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_LIST_BYTES + 1)
    except zlib.error as exc:
        raise TokenStatusError("lst is not valid zlib data") from exc
    if len(out) > MAX_LIST_BYTES or inflater.unconsumed_tail:
        raise TokenStatusError("the status list is larger than the limit")
    if not inflater.eof:
        raise TokenStatusError("lst is truncated")
    if not out:
        raise TokenStatusError("the status list is empty")
    return out


def reference(payload: dict[str, Any]) -> tuple[str, int] | None:
    """(uri, idx) of a token's status_list entry; None when it names no status."""
    status = payload.get("status")
    if status is None:
        return None
    entry = status.get("status_list") if isinstance(status, dict) else None
    if not isinstance(entry, dict):
        raise TokenStatusError("the status claim names no status_list (other status "
                               "mechanisms are not supported)")
    uri, index = entry.get("uri"), entry.get("idx")
    if not isinstance(uri, str) or not uri.startswith("https://"):
        raise TokenStatusError("status_list.uri must be an https URL")
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise TokenStatusError("status_list.idx must be a non-negative integer")
    return uri, index


@dataclass(frozen=True)
class _DecodedList:
    """A status list token as read once per run: its claims that matter, its key checks
    (signature verified), and the inflated list."""

    sub: Any
    exp: Any
    list_issuer: str | None
    list_keys: list[CheckResult]
    data: bytes
    bits: int


def _decode_token(uri: str, text: bytes, issuer: str | None, fetcher: Fetcher
                  ) -> tuple[_DecodedList, int]:
    jws = _parse_list_token(text)
    claims = jws.payload
    list_issuer = claims.get("iss") if isinstance(claims.get("iss"), str) else issuer
    list_keys = issuer_key_checks(jws, list_issuer, fetcher)
    signature = next((c for c in list_keys if c.code == "proof_signature"), None)
    if signature is None or signature.status is not Status.PASS:  # before inflating it
        raise TokenStatusError("the status list token's signature could not be verified")
    data, bits = decode_status_list(claims.get("status_list"))
    found = _DecodedList(claims.get("sub"), claims.get("exp"), list_issuer, list_keys,
                         data, bits)
    return found, len(data) + len(text)


def token_status_check(payload: dict[str, Any], credential_keys: list[CheckResult],
                       issuer: str | None, fetcher: Fetcher, now: datetime,
                       decoded: DecodedCache | None = None) -> CheckResult:
    """`credential_status` of a token carrying an IETF status_list entry.

    `credential_keys` are the token's own key checks: the list must be signed by the same
    key, or by a key the same issuer is shown to control. `decoded`: the run's cache, so a
    list shared by many credentials is parsed, checked and inflated once."""
    try:
        found = reference(payload)
    except TokenStatusError as exc:
        return _unknown({"type": TYPE, "result": "malformed", "reason": str(exc)})
    if found is None:
        return CheckResult("credential_status", Status.NA,
                           "The issuer publishes no revocation status for this credential.", {})
    uri, index = found
    info: dict[str, Any] = {"type": TYPE, "list": uri, "index": index}
    cache = decoded if decoded is not None else DecodedCache()
    try:
        content = _fetch_list(uri, fetcher)
        key = ("token-status-list", uri, cache.digest(uri, content), issuer)
        listed: _DecodedList = cache.remember(
            key, lambda: _decode_token(uri, content, issuer, fetcher), (TokenStatusError,))
        if listed.sub != uri:
            raise TokenStatusError("the status list token is for another address (sub)")
        if is_number(listed.exp) and listed.exp < now.timestamp():
            raise TokenStatusError("the status list token has expired")
        list_issuer, list_keys, bits = listed.list_issuer, listed.list_keys, listed.bits
        value = value_at(listed.data, bits, index)
    except TokenStatusError as exc:
        error = exc.fetch_error
        if error is not None and error.unreachable:
            return CheckResult("credential_status", Status.INDETERMINATE,
                               could_not_reach(f"the issuer's status list ({uri})"),
                               {**info, "result": "unknown", "reason": str(exc),
                                **error.details()})
        return _unknown({**info, "result": "unknown", "reason": str(exc),
                         **(error.details() if error is not None else {})})
    info |= {"value": value, "bits": bits}
    if value in (INVALID, SUSPENDED):
        word = "revoked" if value == INVALID else "suspended"
        return CheckResult("credential_status", Status.FAIL,
                           f"The issuer has {word} this credential.",
                           {**info, "result": word})
    if not _same_signer(credential_keys, list_keys, issuer, list_issuer):
        return _unknown({**info, "result": "unconfirmed",
                         "reason": "the status list is signed by another key than the "
                                   "credential's"})
    if value != VALID:
        return _unknown({**info, "result": "unknown",
                         "reason": f"status value {value} is application-specific or "
                                   "reserved"})
    return CheckResult("credential_status", Status.PASS,
                       "Not revoked or suspended (checked against the issuer's status list).",
                       {**info, "result": "clear"})


def _fetch_list(uri: str, fetcher: Fetcher) -> bytes:
    try:
        return fetcher(uri).content
    except FetchError as exc:
        raise TokenStatusError(f"the status list could not be retrieved ({exc.reason})",
                               exc) from exc


def _parse_list_token(content: bytes) -> CompactJws:
    try:
        text = content.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise TokenStatusError("the status list is not text") from exc
    budget.charge()
    try:
        jws = parse_compact(text)
    except JoseError as exc:
        raise TokenStatusError(f"the status list is not a JWT ({exc})") from exc
    if jws.header.get("typ") not in STATUS_LIST_TYPES:
        raise TokenStatusError("the document is not a status list token (typ)")
    return jws


def _same_signer(credential_keys: list[CheckResult], list_keys: list[CheckResult],
                 issuer: str | None, list_issuer: str | None) -> bool:
    """The list's key is the credential's own, or the credential's issuer is shown to
    control it (a DID document or the issuer's published metadata)."""
    def thumbprint(checks: list[CheckResult]) -> Any:
        resolved = next((c for c in checks if c.code == "verification_method_resolved"),
                        None)
        return resolved.details.get("thumbprint") if resolved is not None else None

    own = thumbprint(credential_keys)
    if own is not None and own == thumbprint(list_keys):
        return True
    controls = next((c for c in list_keys if c.code == "issuer_controls_key"), None)
    return issuer is not None and list_issuer == issuer and controls is not None \
        and controls.status is Status.PASS


def _unknown(details: dict[str, Any]) -> CheckResult:
    return CheckResult("credential_status", Status.INDETERMINATE,
                       "Revocation status could not be checked.", details)
