"""VC-JWT credentials: VC Data Model 1.1 (`vc` claim) and VC-JOSE-COSE (`typ: vc+jwt`).

The token's checks reuse the credential codes (key resolution, issuer binding,
signature, dates, status, trust) plus `jose_header` and `jwt_claims`. A key that is
only carried in the token's own header proves nothing about the issuer: the
signature is checked, but `issuer_controls_key` stays indeterminate (a warning).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from screening.verify import structure
from screening.verify.did import ResolutionError, ResolvedMethod, resolve_issuer_key
from screening.verify.jose import ALGORITHM_KEYS, CompactJws, jwk_thumbprint, verify_jws
from screening.verify.jsoncopy import copy_json
from screening.verify.keys import KeyFormatError, PublicKey, key_from_jwk
from screening.verify.report import CheckResult, Status

TYPES = {None, "JWT", "vc+jwt", "vc+ld+json+jwt", "application/vc+jwt",
         "application/vc+ld+json+jwt", "vp+jwt", "application/vp+jwt"}
CONTENT_TYPES = {None, "vc", "vc+ld+json", "application/vc", "application/vc+ld+json",
                 "vp", "application/vp"}
REFUSED_ALGORITHMS = {"none", "None", "NONE", "HS256", "HS384", "HS512"}


def header_check(header: dict[str, Any]) -> CheckResult:
    alg = header.get("alg")
    if alg is None or alg in REFUSED_ALGORITHMS:
        return CheckResult("jose_header", Status.FAIL,
                           "The token is not signed with a public-key algorithm.",
                           {"alg": alg, "reason": "alg none or a shared-secret algorithm"})
    problems = []
    if header.get("typ") not in TYPES or header.get("cty") not in CONTENT_TYPES:
        problems.append(f"media type typ={header.get('typ')!r} cty={header.get('cty')!r} "
                        "is not a verifiable credential")
    if "crit" in header:
        problems.append("critical header extensions are not understood")
    if header.get("b64") is False:
        problems.append("unencoded payloads are not accepted")
    if problems:
        return CheckResult("jose_header", Status.FAIL, "The token's header is not acceptable.",
                           {"problems": problems, "alg": alg})
    if alg not in ALGORITHM_KEYS:
        return CheckResult("jose_header", Status.INDETERMINATE,
                           f"Tokens signed with {alg} cannot be checked by this version.",
                           {"alg": alg, "supported": sorted(ALGORITHM_KEYS)})
    return CheckResult("jose_header", Status.PASS, f"Signed with {alg}.", {"alg": alg})


def credential_from_claims(payload: dict[str, Any], header: dict[str, Any]
                           ) -> tuple[dict[str, Any] | None, CheckResult]:
    """The credential the token carries, and the `jwt_claims` check of its claims."""
    problems: list[str] = []
    if isinstance(payload.get("vc"), dict) and header.get("typ") not in ("vc+jwt",
                                                                          "application/vc+jwt"):
        document = _from_vc11_claims(payload, problems)
        mode = "vc-jwt-1.1"
    elif "@context" in payload:
        document = copy_json(payload)
        for claim in ("vc", "vp"):
            if claim in payload:
                problems.append(f"a vc+jwt payload must not carry a {claim!r} claim")
        mode = "vc-jose-2.0"
    else:
        return None, CheckResult("jwt_claims", Status.FAIL,
                                 "The token does not carry a verifiable credential.",
                                 {"claims": sorted(payload)[:20]})
    issuer = structure.issuer_id(document)
    if "iss" in payload and payload["iss"] != issuer:
        problems.append("iss does not equal the credential's issuer")
    for claim in ("exp", "nbf"):
        if claim in payload and not _is_number(payload[claim]):
            problems.append(f"{claim} must be a NumericDate")
    details = {"mode": mode, **({"problems": problems} if problems else {})}
    if problems:
        return document, CheckResult("jwt_claims", Status.FAIL,
                                     "The token's claims contradict the credential.", details)
    return document, CheckResult("jwt_claims", Status.PASS,
                                 "The token's claims match the credential.", details)


def dated_document(document: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
    """The credential with nbf/exp applied where it states no dates of its own."""
    dated = dict(document)
    if _is_number(payload.get("nbf")) and not ({"validFrom", "issuanceDate"} & set(dated)):
        dated["validFrom"] = _iso(payload["nbf"])
    if _is_number(payload.get("exp")) and not ({"validUntil", "expirationDate"} & set(dated)):
        dated["validUntil"] = _iso(payload["exp"])
    return dated


def key_checks(jws: CompactJws, issuer: str | None, fetcher: Any) -> list[CheckResult]:
    """Key resolution, authority, issuer binding and the signature itself."""
    kid, header_jwk = jws.header.get("kid"), jws.header.get("jwk")
    method: ResolvedMethod | None = None
    key: PublicKey | None = None
    try:
        if kid is not None or header_jwk is None:
            method = resolve_issuer_key(issuer, kid, fetcher)
            key = method.key
        else:
            key = key_from_jwk(header_jwk)
    except (ResolutionError, KeyFormatError) as exc:
        return [CheckResult("verification_method_resolved", Status.FAIL,
                            "The issuer's signing key could not be found.",
                            {"kid": kid, "reason": str(exc)})]
    checks = [CheckResult(
        "verification_method_resolved", Status.PASS,
        "Signing key found." if method else "The key is carried inside the token itself.",
        {"kid": kid, "keyType": key.algorithm, "method": method.method if method else "jwk",
         "thumbprint": jwk_thumbprint(key.jwk_dict()),
         "verificationMethod": method.id if method else None})]
    if method is None:
        checks += [
            CheckResult("verification_method_authorized", Status.NA,
                        "No issuer document lists the key.", {}),
            CheckResult("issuer_controls_key", Status.INDETERMINATE,
                        "The key is self-asserted: nothing ties it to the named issuer.",
                        {"expected_controller": issuer, "self_asserted": True}),
        ]
    else:
        owner = method.controller or method.document_id
        authorized = "assertionMethod" in method.relationships and owner == method.document_id
        checks.append(CheckResult(
            "verification_method_authorized", Status.PASS if authorized else Status.FAIL,
            "The key is allowed to sign for its owner." if authorized
            else "The key that signed is not allowed to sign for its owner.",
            {"relationships": sorted(method.relationships)}))
        controls = issuer is not None and owner == issuer
        checks.append(CheckResult(
            "issuer_controls_key", Status.PASS if controls else Status.FAIL,
            "The key belongs to the named issuer." if controls
            else "The key that signed does not belong to the named issuer.",
            {"expected_controller": issuer, "key_controller": owner}))
    valid, reason = verify_jws(jws, key)
    checks.append(CheckResult(
        "proof_signature", Status.PASS if valid else Status.FAIL,
        "The token's signature is valid." if valid
        else "The token's signature does not match: it was changed or forged.",
        {"alg": jws.alg, **({"reason": reason} if reason else {})}))
    return checks


def _from_vc11_claims(payload: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    """VC Data Model 1.1 JWT encoding: registered claims stand for credential properties."""
    document = copy_json(payload["vc"])
    if "iss" in payload and "issuer" not in document:
        document["issuer"] = payload["iss"]
    if "jti" in payload and document.setdefault("id", payload["jti"]) != payload["jti"]:
        problems.append("jti does not equal the credential id")
    if _is_number(payload.get("nbf")) and "issuanceDate" not in document \
            and "validFrom" not in document:
        document["issuanceDate"] = _iso(payload["nbf"])
    if _is_number(payload.get("exp")) and "expirationDate" not in document \
            and "validUntil" not in document:
        document["expirationDate"] = _iso(payload["exp"])
    subject = document.get("credentialSubject")
    if "sub" in payload and isinstance(subject, dict) and \
            subject.setdefault("id", payload["sub"]) != payload["sub"]:
        problems.append("sub does not equal the credential subject id")
    return document


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _iso(seconds: float) -> str:
    try:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return "9999-12-31T23:59:59Z" if seconds > 0 else "0001-01-01T00:00:00Z"
