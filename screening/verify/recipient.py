"""Recipient binding: is the credential about this candidate?

Compares the candidate's known identifiers (emails, DIDs, URLs) with the
credential's subject id, OB 3.0 `identifier` IdentityObjects and the OB 2.0
`recipient` (plain or salted SHA-256 hashes).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from screening.verify.report import CheckResult, Status
from screening.verify.structure import as_list


@dataclass(frozen=True)
class Candidate:
    """Who the recruiter says the credentials belong to."""

    name: str = ""
    emails: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()  # DIDs or URLs

    @property
    def identifiers(self) -> set[str]:
        emails = {e.strip().lower() for e in self.emails if e.strip()}
        return emails | {f"mailto:{e}" for e in emails} | {i.strip() for i in self.ids}

    def __bool__(self) -> bool:
        return bool(self.emails or self.ids)


def recipient_claims(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Identity claims in a credential, normalised to {type, identity, hashed, salt}."""
    claims: list[dict[str, Any]] = []
    recipient = document.get("recipient")  # OB 2.0
    if isinstance(recipient, dict):
        claims.append({"type": recipient.get("type"), "identity": recipient.get("identity"),
                       "hashed": bool(recipient.get("hashed")), "salt": recipient.get("salt")})
    for subject in as_list(document.get("credentialSubject")):
        if not isinstance(subject, dict):
            continue
        if isinstance(subject.get("id"), str):
            claims.append({"type": "id", "identity": subject["id"], "hashed": False})
        for ident in as_list(subject.get("identifier")):  # OB 3.0 IdentityObject
            if isinstance(ident, dict):
                claims.append({"type": ident.get("identityType"),
                               "identity": ident.get("identityHash"),
                               "hashed": bool(ident.get("hashed")), "salt": ident.get("salt")})
    return [c for c in claims if isinstance(c.get("identity"), str)]


def matches(claim: dict[str, Any], identifiers: Iterable[str]) -> bool:
    identity = claim["identity"]
    if not claim.get("hashed"):
        wanted = {i.lower() for i in identifiers}
        return identity.lower() in wanted
    algorithm, _, digest = identity.partition("$")
    if algorithm.lower() not in HASHES or not digest:
        return False
    salt = claim.get("salt") or ""
    for value in identifiers:
        if value.startswith("mailto:"):
            continue
        for candidate in {value, value.lower()}:
            computed = hashlib.new(algorithm.lower(), (candidate + salt).encode()).hexdigest()
            if hmac.compare_digest(computed, digest.lower()):
                return True
    return False


HASHES = ("sha256", "md5", "sha384", "sha512")  # OB 2.0 names sha256 and md5


def comparable(claim: dict[str, Any]) -> bool:
    """Whether a claim can be compared at all: plain, or hashed with a known algorithm."""
    if not claim.get("hashed"):
        return True
    algorithm, _, digest = str(claim.get("identity") or "").partition("$")
    return algorithm.lower() in HASHES and bool(digest)


EMAIL, DID, URL, OTHER = "email", "did", "url", "other"
_EMAIL_TYPES = {"email", "emailaddress", "mailto"}
_URL_TYPES = {"url", "uri"}
_DID_TYPES = {"did"}


def identifier_kind(value: str) -> str:
    """What kind of identifier a plain value is: email, did, url or other."""
    text = value.strip().lower()
    if text.startswith("mailto:") or ("@" in text and ":" not in text):
        return EMAIL
    if text.startswith("did:"):
        return DID
    if text.startswith(("http://", "https://")):
        return URL
    return OTHER


def claim_kind(claim: dict[str, Any]) -> str:
    """The kind of a recipient claim: from its value when plain, from its declared
    identity type when hashed (OB 2.0 `type`, OB 3.0 `identityType`)."""
    declared = str(claim.get("type") or "").strip().lower()
    if claim.get("hashed"):
        if declared in _EMAIL_TYPES:
            return EMAIL
        if declared in _URL_TYPES:
            return URL
        if declared in _DID_TYPES:
            return DID
        return OTHER
    return identifier_kind(claim["identity"])


def recipient_check(document: dict[str, Any], candidate: Candidate | None) -> CheckResult:
    claims = recipient_claims(document)
    if not candidate:
        return CheckResult("recipient_bound", Status.NA,
                           "No candidate identity was given to compare with.",
                           {"claims": len(claims)})
    if not claims:
        return CheckResult("recipient_bound", Status.INDETERMINATE,
                           "The credential does not say who it was issued to.", {})
    identifiers = candidate.identifiers
    if any(matches(claim, identifiers) for claim in claims):
        return CheckResult("recipient_bound", Status.PASS,
                           "The credential was issued to this candidate.",
                           {"matched": True})
    summary = [{"type": c.get("type"), "hashed": c.get("hashed"), "kind": claim_kind(c)}
               for c in claims]
    given = {identifier_kind(i) for i in identifiers}
    if not any(claim_kind(c) in given and comparable(c) for c in claims):
        # e.g. the recruiter knows an email and the credential names its holder by a DID:
        # nothing says these are different people.
        return CheckResult("recipient_bound", Status.INDETERMINATE,
                           "Cannot compare: the credential names its holder in a different "
                           "way (for example a DID, or a hash this version cannot compute) "
                           "than the identity you entered (for example an email).",
                           {"claims": summary, "candidate_kinds": sorted(given),
                            "reason": "cannot compare"})
    return CheckResult("recipient_bound", Status.FAIL,
                       "The credential was issued to someone else.", {"claims": summary})
