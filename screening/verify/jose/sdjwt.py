"""SD-JWT VC (IETF SD-JWT, RFC 9901, and SD-JWT-based Verifiable Credentials; media types
`dc+sd-jwt` and the earlier `vc+sd-jwt`).

`<issuer-signed JWT>~<disclosure>~…~<disclosure>~[<key binding JWT>]`

* the issuer-signed JWT is checked like a VC-JWT (algorithm pinned to the key; key from
  a DID `kid`, the JWT VC Issuer Metadata of an https `iss`, an `x5c` leaf certificate or
  a header `jwk`). A key the token carries (`x5c`, `jwk`) with a DID or https `iss` must
  be one the issuer's DID document or published metadata lists, else
  `issuer_controls_key` fails (as for a VC-JWT; indeterminate when those documents could
  not be reached); with any other `iss` it stays self-asserted (a warning: certificate
  chains are not checked against a trust list);
* every disclosure is base64url JSON `[salt, name, value]` (object property) or
  `[salt, value]` (array element), and its digest — base64url(H(ASCII disclosure)), H
  named by `_sd_alg` (sha-256 by default) — must appear exactly once in the payload
  (`_sd` arrays and `{"...": digest}` array elements); a disclosure nobody references, a
  repeated disclosure or digest, or a disclosed name that collides is an error;
* an optional key binding JWT (`typ: kb+jwt`) must be signed by the key in `cnf.jwk` and
  carry `sd_hash` = base64url(H(everything before it)).

The disclosed claims become the credential the rest of the product reads. This is one
small module rather than the `sd-jwt` reference package (last released February 2024,
tracking an earlier draft and bringing jwcrypto): the JOSE checks are the product's own.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from screening.fetch.seeds import Fetcher, FetchError
from screening.verify.jose.jws import (
    DER_SIGNATURE,
    CompactJws,
    JoseError,
    header_verdict,
    parse_compact,
    verify_jws,
)
from screening.verify.jose.vcjwt import key_checks, same_key
from screening.verify.jsonparse import is_number
from screening.verify.keys.certificate import certificate_key
from screening.verify.keys.decode import key_from_jwk
from screening.verify.keys.did import ResolutionError, UnsupportedMethod, resolve_issuer_key
from screening.verify.keys.publickey import (
    KeyFormatError,
    PublicKey,
    UnsupportedKeyType,
    b64url_decode,
    b64url_encode,
    jwk_thumbprint,
)
from screening.verify.reach import answered, unreachable_check
from screening.verify.report import CheckResult, Status, not_understood

TYPES = {"dc+sd-jwt", "vc+sd-jwt", "application/dc+sd-jwt", "application/vc+sd-jwt"}
PRESENTATION_TYPES = {"vp+sd-jwt", "application/vp+sd-jwt"}  # W3C VC-JOSE-COSE
HASHES = {"sha-256": "sha256", "sha-384": "sha384", "sha-512": "sha512"}
MAX_DISCLOSURES = 1_000
_B64URL = re.compile(r"^[A-Za-z0-9_.-]*$")  # base64url, and '.' for the key binding JWT
MAX_DEPTH = 32
REGISTERED = ("iss", "sub", "iat", "nbf", "exp", "cnf", "vct", "vct#integrity", "status",
              "_sd_alg", "jti", "aud")


class SdJwtError(ValueError):
    """The text is not a well-formed SD-JWT."""


@dataclass
class SdJwt:
    issuer_jws: CompactJws
    issuer_token: str
    disclosures: list[str]
    kb_token: str | None

    @property
    def presented(self) -> str:
        """What the key binding JWT's sd_hash covers: issuer JWT and disclosures, with '~'."""
        return "~".join([self.issuer_token, *self.disclosures]) + "~"


@dataclass
class Disclosed:
    claims: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    unsupported_alg: str | None = None
    count: int = 0


def parse(text: str) -> SdJwt:
    parts = text.strip().split("~")
    if len(parts) < 2:
        raise SdJwtError("an SD-JWT is the issuer JWT followed by '~'-separated disclosures")
    if len(parts) - 2 > MAX_DISCLOSURES:
        raise SdJwtError("too many disclosures")
    issuer_token, disclosures, last = parts[0], parts[1:-1], parts[-1]
    try:
        jws = parse_compact(issuer_token)
    except JoseError as exc:
        raise SdJwtError(f"the issuer-signed JWT is malformed: {exc}") from exc
    if any(not d for d in disclosures):
        raise SdJwtError("an empty disclosure (two '~' in a row)")
    if any(not _B64URL.match(d) for d in [*disclosures, last]):
        raise SdJwtError("disclosures and the key binding JWT must be base64url text")
    return SdJwt(jws, issuer_token, disclosures, last or None)


def _decode_disclosure(encoded: str) -> list[Any]:
    try:
        value = json.loads(b64url_decode(encoded))
    except (KeyFormatError, ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise SdJwtError(f"a disclosure is not base64url JSON ({exc})") from exc
    if not isinstance(value, list) or len(value) not in (2, 3) or not isinstance(value[0], str):
        raise SdJwtError("a disclosure must be [salt, name, value] or [salt, value]")
    if len(value) == 3 and not isinstance(value[1], str):
        raise SdJwtError("a disclosure's claim name must be a string")
    return value


def disclose(payload: dict[str, Any], disclosures: list[str]) -> Disclosed:
    """The payload with every disclosure put in place (RFC 9901 §7.1 step 3)."""
    alg = payload.get("_sd_alg", "sha-256")
    if alg not in HASHES:
        return Disclosed({}, unsupported_alg=str(alg))
    digests: dict[str, list[Any]] = {}
    out = Disclosed({})
    for encoded in disclosures:
        digest = b64url_encode(hashlib.new(HASHES[alg], encoded.encode("ascii")).digest())
        if digest in digests:
            out.problems.append("the same disclosure is given twice")
            continue
        try:
            digests[digest] = _decode_disclosure(encoded)
        except SdJwtError as exc:
            out.problems.append(str(exc))
    used: set[str] = set()
    seen: set[str] = set()
    claims = _walk(copy.deepcopy(payload), digests, used, seen, out.problems, 0)
    orphans = set(digests) - used
    if orphans:
        out.problems.append(f"{len(orphans)} disclosure(s) are not referenced by the "
                            "issuer-signed JWT")
    claims.pop("_sd_alg", None)
    out.claims, out.count = claims, len(used)
    return out


def _walk(node: Any, digests: dict[str, list[Any]], used: set[str], seen: set[str],
          problems: list[str], depth: int) -> Any:
    if depth > MAX_DEPTH:
        problems.append("the claims are nested too deeply")
        return None
    if isinstance(node, list):
        items = []
        for item in node:
            if isinstance(item, dict) and set(item) == {"..."}:
                digest = item["..."]
                if not _fresh(digest, seen, problems):
                    continue
                found = digests.get(digest)
                if found is None:
                    continue  # a decoy or an undisclosed element
                used.add(digest)
                if len(found) != 2:
                    problems.append("an array element digest points at a property disclosure")
                    continue
                items.append(_walk(found[1], digests, used, seen, problems, depth + 1))
            else:
                items.append(_walk(item, digests, used, seen, problems, depth + 1))
        return items
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key == "_sd":
            continue
        result[key] = _walk(value, digests, used, seen, problems, depth + 1)
    sd = node.get("_sd", [])
    if not isinstance(sd, list):
        problems.append("_sd must be an array of digests")
        sd = []
    for digest in sd:
        if not _fresh(digest, seen, problems):
            continue
        found = digests.get(digest)
        if found is None:
            continue
        used.add(digest)
        if len(found) != 3:
            problems.append("a property digest points at an array element disclosure")
            continue
        name = found[1]
        if name in ("_sd", "...") or name in result:
            problems.append(f"the disclosed claim {name!r} collides with another")
            continue
        result[name] = _walk(found[2], digests, used, seen, problems, depth + 1)
    return result


def _fresh(digest: Any, seen: set[str], problems: list[str]) -> bool:
    if not isinstance(digest, str):
        problems.append("a digest must be a string")
        return False
    if digest in seen:
        problems.append("a digest appears more than once in the issuer-signed JWT")
        return False
    seen.add(digest)
    return True


def disclosure_check(disclosed: Disclosed, given: int) -> CheckResult:
    if disclosed.unsupported_alg is not None:
        return not_understood("sd_disclosures",
                              f"Disclosures hashed with {disclosed.unsupported_alg} cannot be "
                              "checked by this version.",
                              f"SD-JWT _sd_alg {disclosed.unsupported_alg}")
    if disclosed.problems:
        return CheckResult("sd_disclosures", Status.FAIL,
                           "The disclosed details do not match what the issuer signed.",
                           {"problems": disclosed.problems[:20], "disclosures": given})
    return CheckResult("sd_disclosures", Status.PASS,
                       f"All {given} disclosed detail(s) match what the issuer signed.",
                       {"disclosures": given})


def header_check(header: dict[str, Any], types: set[str] = TYPES) -> CheckResult:
    alg = header.get("alg")
    problems = []
    if header.get("typ") not in types:
        wanted = " or ".join(sorted(t for t in types if "/" not in t))
        problems.append(f"typ {header.get('typ')!r} is not {wanted}")
    if "crit" in header:
        problems.append("critical header extensions are not understood")
    if not isinstance(alg, str) or alg.lower() == "none" or alg.startswith("HS"):
        problems.append("not signed with a public-key algorithm")
    return header_verdict(alg, problems)


def claims_check(payload: dict[str, Any]) -> CheckResult:
    problems = []
    if not isinstance(payload.get("iss"), str):
        problems.append("iss is missing")
    if not isinstance(payload.get("vct"), str):
        problems.append("vct (the credential type) is missing")
    for claim in ("iat", "nbf", "exp"):
        if claim in payload and not is_number(payload[claim]):
            problems.append(f"{claim} must be a NumericDate")
    if problems:
        return CheckResult("jwt_claims", Status.FAIL, "The token's claims are malformed.",
                           {"problems": problems})
    return CheckResult("jwt_claims", Status.PASS, "The token's claims are well formed.",
                       {"vct": payload["vct"]})


def credential_document(claims: dict[str, Any]) -> dict[str, Any]:
    """The disclosed claims as the credential the rest of the product reads."""
    subject = {k: v for k, v in claims.items() if k not in REGISTERED}
    if isinstance(claims.get("sub"), str):
        subject["id"] = claims["sub"]
    document: dict[str, Any] = {"type": ["VerifiableCredential", "SdJwtVc"],
                                "vct": claims.get("vct"), "issuer": claims.get("iss"),
                                "credentialSubject": subject}
    for source, target in (("iat", "issuanceDate"), ("nbf", "validFrom"),
                           ("exp", "validUntil")):
        if is_number(claims.get(source)):
            document[target] = iso(claims[source])
    if "validFrom" not in document and "issuanceDate" in document:
        document["validFrom"] = document["issuanceDate"]
    for text in ("name", "description"):
        if isinstance(claims.get(text), str):
            document[text] = claims[text]
    return document


def key_binding_check(sd: SdJwt, payload: dict[str, Any], now: datetime) -> CheckResult:
    cnf = payload.get("cnf")
    if sd.kb_token is None:
        return CheckResult("sd_key_binding", Status.NA,
                           "The holder did not add a key binding (none was asked for).",
                           {"cnf": isinstance(cnf, dict)})
    problems: list[str] = []
    try:
        kb = parse_compact(sd.kb_token)
    except JoseError as exc:
        return CheckResult("sd_key_binding", Status.FAIL,
                           "The holder's key binding is malformed.", {"reason": str(exc)})
    if kb.header.get("typ") != "kb+jwt":
        problems.append("the key binding JWT must have typ kb+jwt")
    jwk = cnf.get("jwk") if isinstance(cnf, dict) else None
    if jwk is None:
        problems.append("the credential names no holder key (cnf.jwk) to bind to")
    alg = HASHES.get(str(payload.get("_sd_alg", "sha-256")), "sha256")
    expected = b64url_encode(hashlib.new(alg, sd.presented.encode("ascii")).digest())
    if kb.payload.get("sd_hash") != expected:
        problems.append("sd_hash does not cover this issuer JWT and these disclosures")
    if not is_number(kb.payload.get("iat")):
        problems.append("iat is missing")
    if problems:
        return CheckResult("sd_key_binding", Status.FAIL,
                           "The holder's key binding does not match this credential.",
                           {"problems": problems})
    try:
        key = key_from_jwk(jwk)
    except KeyFormatError as exc:
        return CheckResult("sd_key_binding", Status.FAIL, "The holder's key is unusable.",
                           {"reason": str(exc)})
    valid, reason = verify_jws(kb, key)
    if not valid:
        return CheckResult("sd_key_binding", Status.FAIL,
                           "The holder's key binding signature is not valid.",
                           {"reason": reason})
    return CheckResult("sd_key_binding", Status.PASS,
                       "The presenter holds the key the credential was issued to.",
                       {"aud": kb.payload.get("aud"), "nonce": kb.payload.get("nonce"),
                        "iat": kb.payload.get("iat")})


def x5c_key(header: dict[str, Any]) -> tuple[PublicKey, dict[str, Any]]:
    """The leaf certificate's public key (its chain is not checked against a trust list)."""
    return certificate_key(header.get("x5c"))


def metadata_url(issuer: str) -> str:
    """JWT VC Issuer Metadata: /.well-known/jwt-vc-issuer inserted before the path."""
    scheme, _, rest = issuer.partition("://")
    host, _, path = rest.partition("/")
    return f"{scheme}://{host}/.well-known/jwt-vc-issuer" + (f"/{path}" if path else "")


def iso(seconds: float) -> str:
    try:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return "9999-12-31T23:59:59Z" if seconds > 0 else "0001-01-01T00:00:00Z"



def issuer_key_checks(jws: CompactJws, issuer: str | None, fetcher: Fetcher) -> list[CheckResult]:
    """Key resolution, issuer binding and signature of the issuer-signed JWT: an x5c leaf
    (issuer binding indeterminate: no trust list for certificate chains), JWT VC Issuer
    Metadata for an https issuer without a DID kid, else as a VC-JWT (DID kid, header jwk)."""

    header = jws.header
    kid = header.get("kid")
    if "x5c" in header:
        try:
            key, cert = x5c_key(header)
        except UnsupportedKeyType as exc:  # a key this version cannot check: undecided
            return [not_understood("verification_method_resolved",
                                   f"The issuer's certificate holds a key this version cannot "
                                   f"check ({exc}).", str(exc))]
        except KeyFormatError as exc:
            return [CheckResult("verification_method_resolved", Status.FAIL,
                                "The issuer's certificate could not be read.",
                                {"reason": str(exc)})]
        if _bindable(issuer):
            assert issuer is not None
            return _carried_key_checks(jws, issuer, key, "x5c", cert, fetcher)
        checks = [
            CheckResult("verification_method_resolved", Status.PASS,
                        "Signing key found in the issuer's certificate.",
                        {"method": "x5c", "keyType": key.algorithm,
                         "thumbprint": jwk_thumbprint(key.jwk_dict()), **cert}),
            CheckResult("verification_method_authorized", Status.NA,
                        "No issuer document lists the key.", {}),
            CheckResult("issuer_controls_key", Status.INDETERMINATE,
                        "The issuer's certificate chain is not on your trust list; check "
                        "who issued it.",
                        {"expected_controller": issuer, "certificate": cert["subject"],
                         "subject_alt_names": cert["subject_alt_names"]}),
        ]
        return [*checks, _signature(jws, key)]
    if "jwk" in header and kid is None and _bindable(issuer):
        assert issuer is not None
        try:
            carried: PublicKey | None = key_from_jwk(header["jwk"])
        except KeyFormatError:
            carried = None  # read (and reported) as for a VC-JWT
        if carried is not None:
            return _carried_key_checks(jws, issuer, carried, "jwk", {}, fetcher)
        return key_checks(jws, issuer, fetcher)
    uses_metadata = isinstance(issuer, str) and issuer.startswith("https://") and \
        "jwk" not in header and not (isinstance(kid, str) and kid.startswith(("did:", "https:")))
    if not uses_metadata:
        return key_checks(jws, issuer, fetcher)
    assert issuer is not None
    try:
        key = _metadata_key(issuer, kid, fetcher)
    except FetchError as exc:  # (only an unreachable one: a definitive answer fails below)
        return [unreachable_check("verification_method_resolved",
                                  f"the issuer's published keys ({metadata_url(issuer)})", exc,
                                  kid=kid, metadata=metadata_url(issuer))]
    except UnsupportedKeyType as exc:  # a key this version cannot use: not "not found"
        return [not_understood("verification_method_resolved",
                               f"The issuer's signing key is of a kind this version cannot "
                               f"check ({exc}).", str(exc), kid=kid,
                               metadata=metadata_url(issuer))]
    except KeyFormatError as exc:
        return [CheckResult("verification_method_resolved", Status.FAIL,
                            f"The issuer's signing key could not be found: {exc}.",
                            {"kid": kid, "metadata": metadata_url(issuer), "reason": str(exc)})]
    return [
        CheckResult("verification_method_resolved", Status.PASS,
                    "Signing key found in the issuer's published metadata.",
                    {"method": "jwt-vc-issuer", "kid": kid, "keyType": key.algorithm,
                     "thumbprint": jwk_thumbprint(key.jwk_dict()),
                     "metadata": metadata_url(issuer)}),
        CheckResult("verification_method_authorized", Status.PASS,
                    "The issuer publishes the key for its credentials.", {}),
        CheckResult("issuer_controls_key", Status.PASS, "The key belongs to the named issuer.",
                    {"expected_controller": issuer, "key_controller": issuer}),
        _signature(jws, key),
    ]


def _bindable(issuer: str | None) -> bool:
    """An `iss` that can show which keys are its own: a DID or an https URL."""
    return isinstance(issuer, str) and issuer.startswith(("did:", "https://"))


def _carried_key_checks(jws: CompactJws, issuer: str, key: PublicKey, method: str,
                        info: dict[str, Any], fetcher: Fetcher) -> list[CheckResult]:
    """A key the token carries itself (the `x5c` leaf, a header `jwk`) with a DID or https
    `iss`: as for a VC-JWT, the key must be shown to be the issuer's — one of the keys its
    DID (document) determines, or one its JWT VC Issuer Metadata publishes. A key the
    issuer's documents do not list fails `issuer_controls_key`; documents that could not
    be reached leave it indeterminate (issue 28, V3)."""
    found = CheckResult("verification_method_resolved", Status.PASS,
                        "Signing key found in the issuer's certificate." if method == "x5c"
                        else "The key is carried inside the token itself.",
                        {"method": method, "keyType": key.algorithm,
                         "thumbprint": jwk_thumbprint(key.jwk_dict()), **info})
    undecided: CheckResult | None = None
    try:
        bound, where = _issuer_lists_key(issuer, key, fetcher)
    except FetchError as exc:
        bound, where = False, ""
        undecided = unreachable_check("issuer_controls_key",
                                      f"the issuer's published keys ({issuer})", exc,
                                      expected_controller=issuer, method=method)
    except UnsupportedMethod as exc:
        bound, where = False, ""
        undecided = CheckResult("issuer_controls_key", Status.INDETERMINATE,
                                f"The issuer's identifier uses {exc.what}, which this "
                                "version cannot resolve; nothing ties the key to it.",
                                {"expected_controller": issuer, "self_asserted": True})
    if undecided is not None:
        checks = [found, CheckResult("verification_method_authorized", Status.NA,
                                     "No issuer document lists the key.", {}), undecided]
    elif bound:
        checks = [found,
                  CheckResult("verification_method_authorized", Status.PASS,
                              f"The issuer's {where} lists the key.", {}),
                  CheckResult("issuer_controls_key", Status.PASS,
                              "The key belongs to the named issuer.",
                              {"expected_controller": issuer, "key_controller": issuer,
                               "shown_by": where})]
    else:
        checks = [found,
                  CheckResult("verification_method_authorized", Status.NA,
                              "No issuer document lists the key.", {}),
                  CheckResult("issuer_controls_key", Status.FAIL,
                              f"The key in the token's {method} is not the named issuer's key.",
                              {"expected_controller": issuer, "header_key_mismatch": True,
                               "method": method})]
    return [*checks, _signature(jws, key)]


def _issuer_lists_key(issuer: str, key: PublicKey, fetcher: Fetcher) -> tuple[bool, str]:
    """(whether the issuer's own documents list `key`, which documents). Raises the
    FetchError of a document that could not be reached, UnsupportedMethod for a DID
    method this version cannot resolve; any definitive answer that does not list the key
    is False."""
    if issuer.startswith("did:"):
        for kid in (None, jwk_thumbprint(key.jwk_dict())):
            try:
                if same_key(resolve_issuer_key(issuer, kid, fetcher).key, key):
                    return True, "DID document"
            except UnsupportedMethod:
                raise
            except ResolutionError as exc:
                if exc.unreachable and exc.fetch_error is not None:
                    raise exc.fetch_error from exc
            except KeyFormatError:
                pass
        return False, ""
    try:
        keys = _published_keys(issuer, fetcher)
    except KeyFormatError:  # a definitive answer that publishes no keys
        return False, ""
    for entry in keys:
        try:
            if "d" not in entry and same_key(key_from_jwk(_public_jwk(entry)), key):
                return True, "published metadata"
        except KeyFormatError:
            continue
    return False, ""


def _metadata_key(issuer: str, kid: Any, fetcher: Fetcher) -> PublicKey:
    matches = [k for k in _published_keys(issuer, fetcher) if kid is None or k.get("kid") == kid]
    if len(matches) != 1:
        raise KeyFormatError("no single key of the issuer matches the token's kid")
    if "d" in matches[0]:
        raise KeyFormatError("JWK contains private key material")
    return key_from_jwk(_public_jwk(matches[0]))


def _published_keys(issuer: str, fetcher: Fetcher) -> list[dict[str, Any]]:
    """The keys an https issuer publishes in its JWT VC Issuer Metadata: inline (`jwks`)
    or by reference (`jwks_uri`). An unreachable document is raised as its FetchError
    (undecided); a definitive answer, or metadata of another issuer or without keys, as
    KeyFormatError."""
    metadata = _fetch_object(metadata_url(issuer), fetcher)
    if metadata.get("issuer") != issuer:
        raise KeyFormatError("the metadata's issuer is not the token's iss")
    jwks = metadata.get("jwks")
    if jwks is None and isinstance(metadata.get("jwks_uri"), str) and \
            metadata["jwks_uri"].startswith("https://"):  # the keys published apart
        jwks = _fetch_object(metadata["jwks_uri"], fetcher)
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    if not isinstance(keys, list):
        raise KeyFormatError("the metadata publishes no keys (neither jwks nor an https "
                             "jwks_uri)")
    return [entry for entry in keys if isinstance(entry, dict)]


def _public_jwk(entry: dict[str, Any]) -> dict[str, Any]:
    """A published JWK's public members only."""
    return {k: v for k, v in entry.items() if k in ("kty", "crv", "x", "y", "n", "e")}


def _fetch_object(url: str, fetcher: Fetcher) -> dict[str, Any]:
    """A JSON object from `url`; an unreachable fetch is raised as it is (undecided), a
    definitive answer or a body that is no JSON object as KeyFormatError (failed)."""
    try:
        return fetcher(url).json_object()
    except FetchError as exc:
        if exc.unreachable:
            raise
        raise KeyFormatError(f"{answered(exc)}") from exc


def _signature(jws: CompactJws, key: PublicKey) -> CheckResult:
    valid, reason = verify_jws(jws, key)
    if reason == DER_SIGNATURE:
        return CheckResult("jws_signature_encoding", Status.FAIL,
                           "The token's signature is encoded in a way the standard forbids.",
                           {"alg": jws.alg, "reason": reason})
    return CheckResult(
        "proof_signature", Status.PASS if valid else Status.FAIL,
        "The token's signature is valid." if valid
        else "The token's signature does not match: it was changed or forged.",
        {"alg": jws.alg, **({"reason": reason} if reason else {})})
