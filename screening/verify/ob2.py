"""Open Badges 2.0 assertions: hosted verification and signed (RS256 JWS) verification.

Hosted: the assertion is fetched again from its own id, which must lie inside the
issuer's verification scope (startsWith / allowedOrigins; by default the issuer's
host); HTTP 410 or `revoked: true` means revoked. Signed: the JWS is checked with the
issuer's published CryptographicKey (publicKeyPem) that the issuer owns, and the
issuer's RevocationList is consulted.

Every linked document (the hosted assertion, its BadgeClass, the Issuer profile) is
accepted only from its own URL's origin: a redirect that leaves it (an open redirect on
the issuer's host pointing at an attacker's copy) makes the check indeterminate — "the
issuer's server sent us elsewhere" — and is never a pass (issue 28, V2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from screening.dates import from_timestamp
from screening.errors import FetchOutcome
from screening.fetch.seeds import Fetched, Fetcher, FetchError
from screening.verify.jose.jws import CompactJws, verify_jws
from screening.verify.keys.publickey import MIN_RSA_BITS, PublicKey, b64url_encode, jwk_thumbprint
from screening.verify.reach import answered, could_not_reach, unreachable_check
from screening.verify.report import CheckResult, Status, not_understood

OB2_CONTEXTS = {"https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json"}
HOSTED = {"hosted", "HostedBadge"}
SIGNED = {"signed", "SignedBadge"}


class Ob2Error(Exception):
    """A linked Open Badges 2.0 document could not be used. `fetch_error` is set when it
    could not be fetched, `what` names it for a recruiter ("the badge class at <url>")."""

    def __init__(self, reason: str, *, fetch_error: FetchError | None = None,
                 what: str | None = None, not_understood: str | None = None):
        super().__init__(reason)
        self.fetch_error = fetch_error
        self.what = what
        self.not_understood = not_understood  # something this version cannot check

    @property
    def unreachable(self) -> bool:
        """The document could not be reached: nothing is known to be wrong with it."""
        return self.fetch_error is not None and self.fetch_error.unreachable

    def check(self, code: str, message: str, **details: Any) -> CheckResult:
        """`code` indeterminate when the document was unreachable, else failed with
        `message` (and what the server answered, when it did)."""
        error = self.fetch_error
        if error is not None and error.code == OFF_ORIGIN:
            return sent_elsewhere(code, self.what or error.url, error, **details)
        if error is not None and self.unreachable:
            return unreachable_check(code, self.what or error.url, error, **details)
        if self.not_understood is not None:  # a policy refusal is no proof of anything
            return not_understood(code, f"{message.removesuffix('.')}: {self}.",
                                  self.not_understood, **details)
        info: dict[str, Any] = {**details, "reason": str(self)}
        if error is not None:
            info |= error.details()
            message = f"{message.removesuffix('.')}: {answered(error)}."
        return CheckResult(code, Status.FAIL, message, info)


@dataclass
class Linked:
    """The assertion's badge class and issuer profile, embedded or fetched."""

    badge: dict[str, Any]
    issuer: dict[str, Any]


def _types(node: Any) -> list[str]:
    value = node.get("type") if isinstance(node, dict) else None
    return [value] if isinstance(value, str) else [t for t in value or [] if isinstance(t, str)]


def verification_types(verification: Any) -> list[str]:
    """The declared verification type(s): a string or a list (["HostedBadge"],
    ["MerkleProofVerification2017", "Extension"]); anything else gives none."""
    if not isinstance(verification, dict):
        return []
    value = verification.get("type")
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str) and v != "Extension"]


def structure_check(assertion: dict[str, Any]) -> CheckResult:
    problems = []
    contexts = assertion.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    if not any(c in OB2_CONTEXTS for c in contexts if isinstance(c, str)):
        problems.append("the Open Badges 2.0 context is missing")
    if "Assertion" not in _types(assertion):
        problems.append("type must be Assertion")
    for prop in ("id", "recipient", "badge", "verification", "issuedOn"):
        if prop not in assertion:
            problems.append(f"{prop} is missing")
    recipient = assertion.get("recipient")
    if isinstance(recipient, dict) and not isinstance(recipient.get("identity"), str):
        problems.append("recipient.identity is missing")
    if problems:
        return CheckResult("ob2_structure", Status.FAIL, "The Open Badge 2.0 is malformed.",
                           {"problems": problems})
    return CheckResult("ob2_structure", Status.PASS, "An Open Badges 2.0 assertion.", {})


def linked_documents(assertion: dict[str, Any], fetcher: Fetcher) -> Linked:
    badge = _node(assertion.get("badge"), fetcher, "badge class")
    if "BadgeClass" not in _types(badge):
        raise Ob2Error("the badge is not a BadgeClass")
    issuer = _node(badge.get("issuer"), fetcher, "issuer profile")
    if not {"Issuer", "Profile"} & set(_types(issuer)):
        raise Ob2Error("the badge's issuer is not an Issuer profile")
    if not isinstance(issuer.get("id"), str):
        raise Ob2Error("the issuer profile has no id")
    return Linked(badge, issuer)


def hosted_checks(assertion: dict[str, Any], linked: Linked, fetcher: Fetcher
                  ) -> tuple[list[CheckResult], CheckResult]:
    """(verification checks, credential_status check) for a hosted assertion."""
    assertion_id = assertion.get("id")
    if not isinstance(assertion_id, str) or urlsplit(assertion_id).scheme not in ("http", "https"):
        return [_fail("ob2_hosted", "A hosted badge must have an http(s) id.")], _status_na()
    allowed, rule = in_scope(assertion_id, linked.issuer)
    if not allowed:
        return [_fail("ob2_hosted",
                      "The badge is hosted outside the issuer's verification scope.",
                      rule=rule, id=assertion_id)], _status_na()
    try:
        hosted = fetch_from_own_origin(assertion_id, fetcher).json()
    except FetchError as exc:
        if exc.code == OFF_ORIGIN:
            return [sent_elsewhere("ob2_hosted", f"the issuer's copy of the badge "
                                   f"({assertion_id})", exc, rule=rule)], \
                _status_unknown(exc.reason, exc)
        return _hosted_not_fetched(exc, rule)
    if not isinstance(hosted, dict) or hosted.get("id") != assertion_id:
        return [_fail("ob2_hosted", "The issuer's hosted copy is a different badge.")], \
            _status_unknown()
    changed = sorted(k for k in set(hosted) | set(assertion)
                     if k != "revoked" and hosted.get(k) != assertion.get(k))
    if changed:
        return [_fail("ob2_hosted", "The uploaded badge differs from the issuer's hosted copy.",
                      changed=changed[:20])], _status_na()
    if hosted.get("revoked") is True:
        return [CheckResult("ob2_hosted", Status.PASS, "The issuer hosts this badge.",
                            {"rule": rule})], _revoked(hosted.get("revocationReason"))
    checks = [CheckResult("ob2_hosted", Status.PASS, "The issuer hosts this exact badge.",
                          {"rule": rule, "id": assertion_id})]
    return checks, CheckResult("credential_status", Status.PASS,
                               "The issuer still hosts the badge and has not revoked it.", {})


def _hosted_not_fetched(exc: FetchError, rule: str) -> tuple[list[CheckResult], CheckResult]:
    """The hosted assertion could not be fetched. OB 2.0 (Hosted Verification): 410 Gone
    means revoked; 404 means the issuer no longer publishes it, which proves nothing against
    the badge (indeterminate); unreachable is indeterminate; any other definitive answer
    (not JSON) fails, saying what the server answered."""
    details = {"rule": rule, **exc.details(), "reason": exc.reason}
    if exc.status == 410:
        return [CheckResult("ob2_hosted", Status.PASS, "The issuer hosts this badge.",
                            details)], _revoked("the issuer answers 410 Gone")
    if exc.unreachable:
        return [unreachable_check("ob2_hosted", f"the issuer's copy of the badge ({exc.url})",
                                  exc, rule=rule)], _status_unknown(exc.reason, exc)
    if exc.status == 404:
        return [CheckResult("ob2_hosted", Status.INDETERMINATE,
                            f"The issuer no longer publishes this badge ({answered(exc)}); "
                            "ask the issuer or the candidate.", details)], \
            _status_unknown(exc.reason, exc)
    return [_fail("ob2_hosted", f"The issuer's hosted copy of the badge could not be read: "
                  f"{answered(exc)}.", **details)], _status_unknown(exc.reason, exc)


def in_scope(assertion_id: str, issuer: dict[str, Any]) -> tuple[bool, str]:
    """OB 2.0 verification policy: startsWith, allowedOrigins, else the issuer's host."""
    found = issuer.get("verification")
    policy: dict[str, Any] = found if isinstance(found, dict) else {}
    starts = _strings(policy.get("startsWith"))
    origins = _strings(policy.get("allowedOrigins"))
    host = urlsplit(assertion_id).hostname or ""
    if starts:
        return any(assertion_id.startswith(s) for s in starts), "startsWith"
    if origins:
        return host in {urlsplit(o).hostname or o for o in origins}, "allowedOrigins"
    return host == (urlsplit(issuer.get("id", "")).hostname or ""), "issuer host"


def signed_checks(jws: CompactJws, assertion: dict[str, Any], linked: Linked,
                  fetcher: Fetcher) -> tuple[list[CheckResult], CheckResult]:
    """(key and signature checks, credential_status check) for a signed assertion."""
    verification = assertion.get("verification")
    creator = verification.get("creator") if isinstance(verification, dict) else None
    try:
        key_doc = _node(creator, fetcher, "signing key")
        key = rsa_key_from_pem(key_doc.get("publicKeyPem"))
    except Ob2Error as exc:
        return [exc.check("verification_method_resolved",
                          "The issuer's signing key could not be found.",
                          creator=str(creator))], _status_unknown()
    checks = [CheckResult("verification_method_resolved", Status.PASS, "Signing key found.",
                          {"creator": creator, "keyType": key.algorithm,
                           "thumbprint": jwk_thumbprint(key.jwk_dict())})]
    owner = key_doc.get("owner")
    published = creator in _strings(linked.issuer.get("publicKey")) or owner == linked.issuer["id"]
    checks.append(CheckResult(
        "issuer_controls_key", Status.PASS if owner == linked.issuer["id"] and published
        else Status.FAIL,
        "The key belongs to the badge's issuer." if owner == linked.issuer["id"]
        else "The key that signed does not belong to the badge's issuer.",
        {"key_owner": owner, "issuer": linked.issuer["id"]}))
    valid, reason = verify_jws(jws, key)
    checks.append(CheckResult(
        "proof_signature", Status.PASS if valid else Status.FAIL,
        "The badge's signature is valid." if valid
        else "The badge's signature does not match: it was changed or forged.",
        {"alg": jws.alg, **({"reason": reason} if reason else {})}))
    return checks, revocation_list_check(assertion, linked.issuer, fetcher)


def revocation_list_check(assertion: dict[str, Any], issuer: dict[str, Any],
                          fetcher: Fetcher) -> CheckResult:
    url = issuer.get("revocationList")
    if url is None:
        return CheckResult("credential_status", Status.NA,
                           "The issuer publishes no revocation list.", {})
    try:
        revocations = _node(url, fetcher, "revocation list")
    except Ob2Error as exc:
        return _status_unknown(str(exc), exc.fetch_error)
    ids = {assertion.get("id"), assertion.get("uid")} - {None}
    revoked = revocations.get("revokedAssertions")
    for entry in revoked if isinstance(revoked, list) else []:
        entry_id = entry.get("id") or entry.get("uid") if isinstance(entry, dict) else entry
        if isinstance(entry_id, str) and entry_id in ids:
            reason = entry.get("revocationReason") if isinstance(entry, dict) else None
            return _revoked(reason)
    return CheckResult("credential_status", Status.PASS,
                       "The issuer's revocation list does not list this badge.", {"list": url})


def rsa_key_from_pem(pem: Any) -> PublicKey:
    if not isinstance(pem, str):
        raise Ob2Error("the key has no publicKeyPem")
    try:
        key = load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise Ob2Error("publicKeyPem is not a PEM public key") from exc
    if not isinstance(key, rsa.RSAPublicKey) or key.key_size < MIN_RSA_BITS:
        size = f" of {key.key_size} bits" if isinstance(key, rsa.RSAPublicKey) else ""
        raise Ob2Error(f"only RSA keys of at least {MIN_RSA_BITS} bits are accepted",
                       not_understood=f"an Open Badges 2.0 {type(key).__name__}{size}")
    numbers = key.public_numbers()
    n = numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")
    e = numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big")
    return PublicKey("RSA", jwk=(("e", b64url_encode(e)), ("kty", "RSA"), ("n", b64url_encode(n))))


OFF_ORIGIN = "redirected_off_origin"


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower().rstrip("."), \
        port or {"https": 443, "http": 80}.get(scheme)


def fetch_from_own_origin(url: str, fetcher: Fetcher) -> Fetched:
    """`fetcher(url)`, refused (FetchError `redirected_off_origin`, unreachable: nothing
    is known about the document at `url`) when the answer came from another origin than
    `url`'s — a redirect left the host the document claims to live on."""
    fetched = fetcher(url)
    if _origin(fetched.final_url) != _origin(url):
        raise FetchError(url, "the issuer's server sent us elsewhere "
                         f"({urlsplit(fetched.final_url).netloc or fetched.final_url}), "
                         "so the document was not used", code=OFF_ORIGIN,
                         kind=FetchOutcome.UNREACHABLE)
    return fetched


def sent_elsewhere(code: str, what: str, error: FetchError, **details: Any) -> CheckResult:
    """`code` indeterminate: the server of `what` redirected to another origin."""
    return CheckResult(code, Status.INDETERMINATE,
                       f"The issuer's server sent us elsewhere when asked for {what}; "
                       "a copy from another site is never trusted — ask the issuer.",
                       {**details, **error.details(), "reason": error.reason})


def _node(value: Any, fetcher: Fetcher, what: str) -> dict[str, Any]:
    """An embedded object, or the document fetched from a URL."""
    if isinstance(value, dict):
        return value
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https"):
        raise Ob2Error(f"the {what} is neither embedded nor an http(s) URL")
    try:
        return fetch_from_own_origin(value, fetcher).json_object()
    except FetchError as exc:
        raise Ob2Error(f"the {what} could not be retrieved ({exc.reason})", fetch_error=exc,
                       what=f"the {what} ({value})") from exc


def _strings(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str)]


def _fail(code: str, message: str, **details: Any) -> CheckResult:
    return CheckResult(code, Status.FAIL, message, details)


def _revoked(reason: Any) -> CheckResult:
    return CheckResult("credential_status", Status.FAIL, "The issuer has revoked this badge.",
                       {"result": "revoked", "reason": reason})


def _status_unknown(reason: str = "the issuer could not be asked",
                    error: FetchError | None = None) -> CheckResult:
    if error is not None and error.unreachable:
        return CheckResult("credential_status", Status.INDETERMINATE,
                           could_not_reach(f"the issuer's revocation information ({error.url})"),
                           {"reason": reason, **error.details()})
    return CheckResult("credential_status", Status.INDETERMINATE,
                       "Revocation status could not be checked.",
                       {"reason": reason, **(error.details() if error is not None else {})})


def _status_na() -> CheckResult:
    return CheckResult("credential_status", Status.NA, "Not checked: the badge is not valid.",
                       {})


_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COMPACT_OFFSET = re.compile(r"^(.*T\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(\d{2})$")
MAX_TIMESTAMP = 253402300799  # 9999-12-31T23:59:59Z


def datetime_text(value: Any) -> Any:
    """An Open Badges DateTime as XML Schema dateTime text. OB 1.x/2.0 allow "either an ISO
    8601 date or a standard 10-digit Unix timestamp": a whole number of seconds, a date
    without a time (read as its first second, UTC) or an ISO 8601 offset written without
    its colon (`+0000`) is rewritten; anything else is returned as it is, for the validity
    check to judge."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_TIMESTAMP:
        return from_timestamp(value)
    if isinstance(value, str):
        if _DATE_ONLY.match(value):
            return f"{value}T00:00:00Z"
        compact = _COMPACT_OFFSET.match(value)
        if compact:
            return f"{compact.group(1)}{compact.group(2)}:{compact.group(3)}"
    return value
