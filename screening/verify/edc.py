"""The seal checks of a JAdES-sealed document (a European Digital Credential): the header,
the detached content when there is some, the signature over the exact payload, the
signer's certificate at signing time and its chain against the admin's certificate
authorities. The credential's own checks (structure, dates, status, issuer) are the
pipeline's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from screening.verify.jose import jades
from screening.verify.keys.chain import certificate_names, chain_checks
from screening.verify.report import CheckResult, Status
from screening.verify.trust import TrustList


@dataclass(frozen=True)
class Seal:
    checks: list[CheckResult]
    signed_at: datetime | None
    signer: dict[str, Any]  # what the leaf certificate names (certificate_names)
    chain_trusted: CheckResult | None


def seal_checks(sealed: jades.Jades, trust: TrustList, now: datetime,
                detached: Mapping[str, bytes] | None = None) -> Seal:
    """The checks of every signature of a JAdES document, then their summary."""
    checks: list[CheckResult] = []
    outcomes: list[Status] = []
    first = sealed.signatures[0]
    for index, signature in enumerate(sealed.signatures):
        header = jades.header_check(signature)
        own = [header]
        content = jades.detached_check(sealed, signature, detached or {})
        if content is not None:
            own.append(content)
        if header.status is Status.PASS:  # (undecided header: the signature cannot be)
            own.append(jades.signature_check(sealed, signature, index))
        checks += own
        outcomes.append(_outcome(own))
    signed_at = jades.signing_time(first.header)
    chain = jades.certificate_chain(first.header)
    certificate = chain_checks(trust, chain, signed_at=signed_at, now=now)
    checks += certificate
    failed = Status.FAIL in outcomes
    message = ("The seal is not valid." if failed else "The seal is intact."
               if all(o is Status.PASS for o in outcomes) else "The seal could not be checked.")
    checks.append(CheckResult(
        "proof_verified", Status.FAIL if failed else Status.PASS
        if all(o is Status.PASS for o in outcomes) else Status.INDETERMINATE, message,
        {"mechanism": "JAdES", "signatures": len(sealed.signatures), "form": sealed.form}))
    return Seal(checks, signed_at, certificate_names(chain[0]) if chain else {},
                next((c for c in certificate if c.code == "certificate_chain_trusted"), None))


def _outcome(checks: list[CheckResult]) -> Status:
    if any(c.status is Status.FAIL for c in checks):
        return Status.FAIL
    if all(c.status is Status.PASS for c in checks):
        return Status.PASS
    return Status.INDETERMINATE


def issuer_check(seal: Seal, listed: CheckResult) -> CheckResult:
    """`issuer_trusted` of a sealed credential: the seal's certificate chains to an
    authority on the admin's list (the organisation is the one that authority certified),
    else the known-issuer list decides as for any credential."""
    chain = seal.chain_trusted
    if listed.status is Status.PASS or chain is None or chain.status is not Status.PASS:
        return listed
    organisation = seal.signer.get("organisation") or seal.signer.get("common_name")
    return CheckResult("issuer_trusted", Status.PASS,
                       f"Sealed by {organisation}, certified by "
                       f"{chain.details.get('authority')}, on your list of certificate "
                       "authorities.", {**listed.details, "sealed_by": seal.signer,
                                        "authority": chain.details.get("authority"),
                                        # the organisation the authority certified: what
                                        # the card names as the known issuer
                                        "organisation": organisation})
