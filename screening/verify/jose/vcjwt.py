"""VC-JWT credentials: VC Data Model 1.1 (`vc` claim) and VC-JOSE-COSE (`typ: vc+jwt`).

The token's checks reuse the credential codes (key resolution, issuer binding,
signature, dates, status, trust) plus `jose_header` and `jwt_claims`. A key that is
only carried in the token's own header proves nothing about the issuer: the
signature is checked, but `issuer_controls_key` stays indeterminate (a warning).
"""

from __future__ import annotations

from typing import Any

from screening.dates import from_timestamp
from screening.fetch.seeds import Fetcher
from screening.verify import structure
from screening.verify.jose.jws import (
    ALGORITHM_KEYS,
    DER_SIGNATURE,
    CompactJws,
    header_verdict,
    verify_jws,
)
from screening.verify.jsoncopy import copy_json
from screening.verify.jsonparse import is_number
from screening.verify.keys.certificate import certificate_key
from screening.verify.keys.decode import key_from_jwk
from screening.verify.keys.did import (
    ResolutionError,
    ResolvedMethod,
    UnsupportedMethod,
    resolve_issuer_key,
)
from screening.verify.keys.publickey import (
    KeyFormatError,
    PublicKey,
    UnsupportedKeyType,
    jwk_thumbprint,
)
from screening.verify.reach import resolution_failure
from screening.verify.report import CheckResult, Status, not_understood

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
    return header_verdict(alg, problems, supported=sorted(ALGORITHM_KEYS))


def credential_from_claims(payload: dict[str, Any], header: dict[str, Any]
                           ) -> tuple[dict[str, Any] | None, CheckResult]:
    """The credential the token carries, and the `jwt_claims` check of its claims."""
    problems: list[str] = []
    if isinstance(payload.get("vc"), dict) and header.get("typ") not in ("vc+jwt",
                                                                          "application/vc+jwt"):
        document = _from_vc11_claims(payload)
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
    if mode == "vc-jose-2.0" and "iss" in payload and payload["iss"] != issuer:
        problems.append("iss does not equal the credential's issuer")
    for claim in ("exp", "nbf"):
        if claim in payload and not is_number(payload[claim]):
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
    if is_number(payload.get("nbf")) and not ({"validFrom", "issuanceDate"} & set(dated)):
        dated["validFrom"] = from_timestamp(payload["nbf"])
    if is_number(payload.get("exp")) and not ({"validUntil", "expirationDate"} & set(dated)):
        dated["validUntil"] = from_timestamp(payload["exp"])
    return dated


def key_checks(jws: CompactJws, issuer: str | None, fetcher: Fetcher) -> list[CheckResult]:
    """Key resolution, authority, issuer binding and the signature itself."""
    kid = absolute_kid(jws.header.get("kid"), issuer)
    method: ResolvedMethod | None = None
    key: PublicKey | None = None
    try:
        header_key = _header_key(jws.header)
        if kid is not None or header_key is None:
            method = resolve_issuer_key(issuer, kid, fetcher)
            key = method.key
        else:
            key = header_key
            method = _issuer_method_for(issuer, key, fetcher)
    except (UnsupportedMethod, UnsupportedKeyType) as exc:
        return [not_understood("verification_method_resolved",
                               f"The signing key uses {exc.what}, which this version cannot "
                               "check.", exc.what, kid=kid, reason=str(exc))]
    except ResolutionError as exc:  # indeterminate when its document was unreachable
        return [resolution_failure(exc, kid=kid)]
    except KeyFormatError as exc:
        return [CheckResult("verification_method_resolved", Status.FAIL,
                            "The issuer's signing key could not be found.",
                            {"kid": kid, "reason": str(exc)})]
    if method is not None and header_key is not None and not same_key(method.key, header_key):
        # The header carries a key of its own that the issuer's identifier does not vouch for.
        return [CheckResult(
            "verification_method_resolved", Status.PASS, "The issuer's key was found.",
            {"kid": kid, "method": method.method, "verificationMethod": method.id}),
            CheckResult("issuer_controls_key", Status.FAIL,
                        "The key in the token's header is not the named issuer's key.",
                        {"expected_controller": issuer, "header_key_mismatch": True,
                         "issuer_thumbprint": jwk_thumbprint(method.key.jwk_dict()),
                         "header_thumbprint": jwk_thumbprint(header_key.jwk_dict())})]
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
            {"expected_controller": issuer, "key_controller": owner}) if issuer is not None
            else CheckResult("issuer_controls_key", Status.INDETERMINATE,
                             "Nobody is named whom the key could be checked against.",
                             {"expected_controller": None, "key_controller": owner}))
    if jws.alg not in ALGORITHM_KEYS:
        checks.append(not_understood("proof_signature",
                                     f"Tokens signed with {jws.alg} cannot be checked.",
                                     f"JOSE algorithm {jws.alg}", alg=jws.alg))
        return checks
    valid, reason = verify_jws(jws, key)
    if reason == DER_SIGNATURE:
        checks.append(CheckResult(
            "jws_signature_encoding", Status.FAIL,
            "The token's signature is encoded in a way the standard forbids.",
            {"alg": jws.alg, "reason": reason}))
        return checks
    checks.append(CheckResult(
        "proof_signature", Status.PASS if valid else Status.FAIL,
        "The token's signature is valid." if valid
        else "The token's signature does not match: it was changed or forged.",
        {"alg": jws.alg, **({"reason": reason} if reason else {})}))
    return checks


def absolute_kid(kid: Any, issuer: str | None) -> Any:
    """A `kid` that is a relative DID URL (`#key-1`) resolved against a DID issuer: the
    issuer's DID plus the fragment (DID Core §3.2.2 relative DID URLs; the SD-JWT VC draft
    allows `kid` to be "a relative or absolute DID URL of the DID in the iss value").
    Anything else is returned unchanged."""
    if isinstance(kid, str) and kid.startswith("#") and len(kid) > 1 and \
            isinstance(issuer, str) and issuer.startswith("did:") and "#" not in issuer:
        return issuer + kid
    return kid


def same_key(a: PublicKey, b: PublicKey) -> bool:
    return jwk_thumbprint(a.jwk_dict()) == jwk_thumbprint(b.jwk_dict())


def _header_key(header: dict[str, Any]) -> PublicKey | None:
    """The key a token carries itself (`jwk`, else the leaf certificate of `x5c`)."""
    if "jwk" in header:
        return key_from_jwk(header["jwk"])
    if "x5c" in header:
        return certificate_key(header["x5c"])[0]
    return None


def _issuer_method_for(issuer: str | None, key: PublicKey, fetcher: Fetcher
                       ) -> ResolvedMethod | None:
    """The issuer's own key when its identifier determines (did:key, did:jwk) or resolves
    to one; None when nothing about the issuer can be found (the key stays self-asserted)."""
    if not isinstance(issuer, str):
        return None
    try:
        return resolve_issuer_key(issuer, None, fetcher)
    except UnsupportedMethod:  # an identifier this version cannot resolve: self-asserted
        return None
    except ResolutionError:
        pass
    try:  # an issuer with several keys: the one whose thumbprint is the header key's
        return resolve_issuer_key(issuer, jwk_thumbprint(key.jwk_dict()), fetcher)
    except ResolutionError:
        return None


def _from_vc11_claims(payload: dict[str, Any]) -> dict[str, Any]:
    """VC Data Model 1.1 JWT decoding (§6.3.1): the registered claims *set* credential
    properties — `iss` the `issuer` (its `id` when the issuer is an object), `jti` the
    `id`, `sub` the `credentialSubject.id`, `nbf` the `issuanceDate`, `exp` the
    `expirationDate` — whatever the `vc` claim states there (issuers commonly leave
    placeholders such as `did:example:123` in it). The signature covers the claims, so
    the decoded credential is what was signed; the issuer is then the key's owner, checked
    by `issuer_controls_key`, and a known issuer's name under another issuer's key is
    caught by `issuer_impersonation`. `iat` only fills a missing issuance date (1.1 maps
    `nbf`, not `iat`, and a token may be minted later than the credential it carries)."""
    document: dict[str, Any] = copy_json(payload["vc"])
    if isinstance(payload.get("iss"), str):
        issuer = document.get("issuer")
        document["issuer"] = {**issuer, "id": payload["iss"]} if isinstance(issuer, dict) \
            else payload["iss"]
    if isinstance(payload.get("jti"), str):
        document["id"] = payload["jti"]
    for claim, prop, alternative, overwrite in (("nbf", "issuanceDate", "validFrom", True),
                                                ("iat", "issuanceDate", "validFrom", False),
                                                ("exp", "expirationDate", "validUntil", True)):
        if not is_number(payload.get(claim)):
            continue  # (a claim that is not a NumericDate is reported by the caller)
        if overwrite or document.get(prop, document.get(alternative)) is None:
            document[prop] = from_timestamp(payload[claim])
    subject = document.get("credentialSubject")
    if isinstance(payload.get("sub"), str) and isinstance(subject, dict):
        subject["id"] = payload["sub"]
    return document
