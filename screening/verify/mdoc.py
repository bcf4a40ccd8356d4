"""ISO/IEC 18013-5 mdoc (mobile driving licences, EUDI PID and (Q)EAA attestations such as
diplomas): the issuer's COSE_Sign1 `issuerAuth` over the Mobile Security Object (MSO),
each disclosed element's digest in the MSO's `valueDigests`, the MSO's `validityInfo`,
and the issuer certificate (`x5chain`) against the admin's certificate authorities.

Parsed with cbor2; the COSE_Sign1 signature is checked with `cryptography` directly over
the RFC 9052 Sig_structure ["Signature1", protected, h'', payload] (ES256/384/512 raw r||s,
EdDSA): pycose would add a second CBOR stack for one structure. Device authentication (the
holder's phone proving possession of the device key during a live presentation) cannot
apply to an uploaded file: it is reported n/a.

Input is untrusted: sizes and counts are bounded (ingest/limits.py); nothing raises.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import cbor2

from screening.ingest.limits import MAX_MDOC_BYTES, MAX_MDOC_ELEMENTS
from screening.verify.dates import validity_check
from screening.verify.edc import Seal
from screening.verify.keys.chain import certificate_names, chain_checks
from screening.verify.report import CheckResult, CredentialSummary, Status, not_understood
from screening.verify.trust import TrustList

COSE_ALGORITHMS = {-7: ("ES256", "sha256", 32), -35: ("ES384", "sha384", 48),
                   -36: ("ES512", "sha512", 66), -8: ("EdDSA", None, 0)}
DIGESTS = {"SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}
X5CHAIN = 33
ALG = 1
MAX_VALUE_TEXT = 500


class MdocError(ValueError):
    """The bytes are not a well-formed mdoc."""


@dataclass
class Result:
    checks: list[CheckResult]
    summary: CredentialSummary = field(default_factory=CredentialSummary)
    document: dict[str, Any] | None = None
    seal: Seal | None = None


def raw_bytes(document: Any) -> bytes:
    """The CBOR of an uploaded mdoc: the bytes themselves or their base64(url) text."""
    if isinstance(document, bytes):
        if document[:1] and (0xA0 <= document[0] <= 0xBF or document[0] in (0xD8, 0xD9)):
            return document  # CBOR: a map or a tag
        try:
            text = document.decode("ascii")  # base64 text sent as a file
        except UnicodeDecodeError:
            return document
    else:
        text = str(document)
    text = text.strip().rstrip("=")
    padded = text + "=" * (-len(text) % 4)
    for decode in (base64.urlsafe_b64decode, base64.b64decode):
        try:
            return decode(padded)
        except (binascii.Error, ValueError):
            continue
    return b""


def verify_mdoc(data: bytes, *, trust: TrustList, now: datetime,
                skew: timedelta = timedelta(minutes=5)) -> Result:
    try:
        documents, shape = _documents(data)
        doc_type, issuer_signed = documents[0]
        parsed = _issuer_signed(issuer_signed)
    except MdocError as exc:
        return Result([CheckResult("document_parsed", Status.FAIL,
                                   "The file could not be read as an mdoc.",
                                   {"format": "mdoc", "reason": str(exc)})])
    checks = [CheckResult("document_parsed", Status.PASS, "The mdoc was read.",
                          {"format": "mdoc", "structure": shape, "docType": doc_type,
                           "documents": len(documents)}),
              CheckResult("format_supported", Status.PASS, "ISO/IEC 18013-5 mdoc.",
                          {"format": "mdoc"})]
    mso, structure = _mso(parsed, doc_type)
    checks.append(structure)
    checks.append(CheckResult("proof_present", Status.PASS, "The mdoc carries its issuer's "
                              "signature (issuerAuth).", {}))
    chain = parsed.chain
    signature = _signature_check(parsed, chain)
    digests = _digest_check(parsed, mso) if mso is not None else CheckResult(
        "mdoc_digests", Status.INDETERMINATE, "Not checked: the mdoc's security object could "
        "not be read.", {})
    checks += [signature, digests]
    own = [structure, signature, digests]
    failed = any(c.status is Status.FAIL for c in own)
    passed = all(c.status is Status.PASS for c in own)
    checks.append(CheckResult(
        "proof_verified", Status.FAIL if failed else Status.PASS if passed
        else Status.INDETERMINATE, "A signature on the mdoc is not valid." if failed
        else "The issuer's signature is valid." if passed
        else "The signature could not be checked.", {"mechanism": "COSE_Sign1"}))
    validity = mso.get("validityInfo") if mso is not None else None
    validity = validity if isinstance(validity, Mapping) else {}
    signed_at = _datetime(validity.get("signed"))
    certificate = chain_checks(trust, chain, signed_at=signed_at, now=now)
    checks += certificate
    dates = {k: v for k, v in (("validFrom", _iso(validity.get("validFrom"))),
                               ("validUntil", _iso(validity.get("validUntil")))) if v}
    checks.append(validity_check(dates, now, skew) if dates else CheckResult(
        "validity_period", Status.INDETERMINATE if mso is None else Status.FAIL,
        "The mdoc states no validity period." if mso is not None
        else "Not checked: the security object could not be read.", {}))
    checks.append(CheckResult(
        "device_authentication", Status.NA, "The holder's device proves possession only in a "
        "live presentation to a reader; an uploaded file cannot carry that proof.",
        {"reason": "out of scope for an uploaded file (ISO/IEC 18013-5 §9.1.3)"}))
    signer = certificate_names(chain[0]) if chain else {}
    seal = Seal(checks, signed_at, signer,
                next((c for c in certificate if c.code == "certificate_chain_trusted"), None))
    document = _credential(doc_type, parsed, signer, dates)
    summary = CredentialSummary(
        id=None, name=doc_type, types=("mdoc", str(doc_type or "")),
        issuer_id=document["issuer"]["id"],
        issuer_name=document["issuer"].get("name"), valid_from=dates.get("validFrom"),
        valid_until=dates.get("validUntil"),
        proof_suites=(f"COSE_Sign1/{parsed.algorithm}",), data_model="iso-18013-5")
    return Result(checks, summary, document, seal)


# -- parsing -------------------------------------------------------------------------------

@dataclass(frozen=True)
class IssuerSigned:
    items: dict[str, list[tuple[bytes, Mapping[Any, Any]]]]  # ns -> [(item bytes, item)]
    protected: bytes
    unprotected: Mapping[Any, Any]
    payload: bytes
    signature: bytes
    algorithm: str
    chain: list[bytes]


def _documents(data: bytes) -> tuple[list[tuple[str | None, Any]], str]:
    if len(data) > MAX_MDOC_BYTES:
        raise MdocError("the mdoc is larger than the limit")
    value = _loads(data)
    if not isinstance(value, Mapping):
        raise MdocError("an mdoc is a CBOR map")
    if "documents" in value:
        documents = value["documents"]
        if not isinstance(documents, list) or not documents:
            raise MdocError("the DeviceResponse holds no documents")
        found = [(d.get("docType"), d.get("issuerSigned")) for d in documents[:16]
                 if isinstance(d, Mapping)]
        if not found:
            raise MdocError("the DeviceResponse's documents are not maps")
        return found, "DeviceResponse"
    if "issuerSigned" in value:
        return [(value.get("docType"), value["issuerSigned"])], "Document"
    return [(None, value)], "IssuerSigned"


def _issuer_signed(value: Any) -> IssuerSigned:
    if not isinstance(value, Mapping) or "issuerAuth" not in value:
        raise MdocError("issuerSigned needs issuerAuth")
    auth = value["issuerAuth"]
    if isinstance(auth, cbor2.CBORTag) and auth.tag == 18:
        auth = auth.value
    if not isinstance(auth, list) or len(auth) != 4:
        raise MdocError("issuerAuth is not a COSE_Sign1 (an array of four)")
    protected, unprotected, payload, signature = auth
    if not isinstance(protected, bytes) or not isinstance(unprotected, Mapping) \
            or not isinstance(payload, bytes) or not isinstance(signature, bytes):
        raise MdocError("issuerAuth's members have the wrong types")
    header = _loads(protected) if protected else {}
    if not isinstance(header, Mapping):
        raise MdocError("the protected header is not a map")
    alg = header.get(ALG, unprotected.get(ALG))
    chain = header.get(X5CHAIN, unprotected.get(X5CHAIN))
    chain_list = [chain] if isinstance(chain, bytes) else [c for c in chain[:8]
                                                            if isinstance(c, bytes)] \
        if isinstance(chain, list) else []
    return IssuerSigned(_name_spaces(value.get("nameSpaces", {})), protected, unprotected,
                        payload, signature,
                        COSE_ALGORITHMS.get(alg, (str(alg), None, 0))[0]
                        if isinstance(alg, int) else str(alg), chain_list)


def _name_spaces(value: Any) -> dict[str, list[tuple[bytes, Mapping[Any, Any]]]]:
    if not isinstance(value, Mapping):
        raise MdocError("nameSpaces must be a map")
    out: dict[str, list[tuple[bytes, Mapping[Any, Any]]]] = {}
    count = 0
    for name, items in list(value.items())[:32]:
        if not isinstance(name, str) or not isinstance(items, list):
            raise MdocError("a name space must list its items")
        for item in items:
            count += 1
            if count > MAX_MDOC_ELEMENTS:
                raise MdocError("the mdoc discloses more elements than the limit")
            if not (isinstance(item, cbor2.CBORTag) and item.tag == 24
                    and isinstance(item.value, bytes)):
                raise MdocError("a disclosed element is not an encoded IssuerSignedItem")
            decoded = _loads(item.value)
            if not isinstance(decoded, Mapping) or "elementIdentifier" not in decoded:
                raise MdocError("a disclosed element is not an IssuerSignedItem")
            out.setdefault(name, []).append((cbor2.dumps(item), decoded))
    return out


def _loads(data: bytes) -> Any:
    try:
        return cbor2.loads(data)
    except (Exception, RecursionError, MemoryError) as exc:  # hostile CBOR
        raise MdocError(f"not valid CBOR ({type(exc).__name__})") from exc


def _mso(parsed: IssuerSigned, doc_type: str | None) -> tuple[Mapping[Any, Any] | None,
                                                              CheckResult]:
    try:
        wrapped = _loads(parsed.payload)
        inner = wrapped.value if isinstance(wrapped, cbor2.CBORTag) and wrapped.tag == 24 \
            else None
        mso = _loads(inner) if isinstance(inner, bytes) else None
    except MdocError as exc:
        return None, CheckResult("mdoc_structure", Status.FAIL, "The mdoc's security object "
                                 "cannot be read.", {"reason": str(exc)})
    if not isinstance(mso, Mapping) or not isinstance(mso.get("valueDigests"), Mapping):
        return None, CheckResult("mdoc_structure", Status.FAIL, "The mdoc's security object "
                                 "is malformed.", {"reason": "no MobileSecurityObject with "
                                                             "valueDigests"})
    algorithm = mso.get("digestAlgorithm")
    if algorithm not in DIGESTS:
        return mso, not_understood("mdoc_structure", "The mdoc uses a digest this version "
                                   "cannot check.", f"mdoc digestAlgorithm {algorithm}")
    if doc_type is not None and mso.get("docType") != doc_type:
        return mso, CheckResult("mdoc_structure", Status.FAIL, "The mdoc's security object is "
                                "for another kind of document.",
                                {"docType": doc_type, "mso_docType": mso.get("docType")})
    return mso, CheckResult("mdoc_structure", Status.PASS, "The security object is well "
                            "formed.", {"docType": mso.get("docType"),
                                        "digestAlgorithm": algorithm,
                                        "version": mso.get("version")})


# -- checks --------------------------------------------------------------------------------

def _signature_check(parsed: IssuerSigned, chain: list[bytes]) -> CheckResult:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    details: dict[str, Any] = {"proof": 0, "mechanism": "COSE_Sign1", "alg": parsed.algorithm}
    spec = next((v for v in COSE_ALGORITHMS.values() if v[0] == parsed.algorithm), None)
    if spec is None:
        return not_understood("proof_signature", "The mdoc's signature algorithm cannot be "
                              "checked by this version.", f"COSE algorithm {parsed.algorithm}",
                              **details)
    if not chain:
        return CheckResult("proof_signature", Status.FAIL, "The mdoc carries no issuer "
                           "certificate (x5chain).", details)
    try:
        key = x509.load_der_x509_certificate(chain[0]).public_key()
    except ValueError as exc:
        return CheckResult("proof_signature", Status.FAIL, "The issuer's certificate cannot "
                           "be read.", {**details, "reason": str(exc)[:200]})
    to_sign = cbor2.dumps(["Signature1", parsed.protected, b"", parsed.payload])
    name, hash_name, size = spec
    try:
        if name == "EdDSA" and isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(parsed.signature, to_sign)
        elif isinstance(key, ec.EllipticCurvePublicKey) and hash_name is not None \
                and len(parsed.signature) == 2 * size:
            r = int.from_bytes(parsed.signature[:size], "big")
            s = int.from_bytes(parsed.signature[size:], "big")
            digest = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(),
                      "sha512": hashes.SHA512()}[hash_name]
            key.verify(encode_dss_signature(r, s), to_sign, ec.ECDSA(digest))
        else:
            return CheckResult("proof_signature", Status.FAIL, "The mdoc's signature does "
                               "not fit its issuer's key.", {**details, "reason":
                                                             "algorithm, key or length mismatch"})
    except (InvalidSignature, UnsupportedAlgorithm, ValueError):
        return CheckResult("proof_signature", Status.FAIL, "The mdoc was changed after it was "
                           "signed, or the signature is forged.", details)
    return CheckResult("proof_signature", Status.PASS, "The issuer's signature over the "
                       "security object is valid.", details)


def _digest_check(parsed: IssuerSigned, mso: Mapping[Any, Any]) -> CheckResult:
    method = DIGESTS.get(str(mso.get("digestAlgorithm")))
    if method is None:
        return CheckResult("mdoc_digests", Status.INDETERMINATE, "Not checked: the digest "
                           "algorithm is not understood.", {})
    expected = mso["valueDigests"]
    problems: list[str] = []
    checked = 0
    for name, items in parsed.items.items():
        digests = expected.get(name)
        for encoded, item in items:
            ident = item.get("elementIdentifier")
            known = digests.get(item.get("digestID")) if isinstance(digests, Mapping) else None
            checked += 1
            if not isinstance(known, bytes):
                problems.append(f"{name}/{ident}: no digest signed for it")
            elif hashlib.new(method, encoded).digest() != known:
                problems.append(f"{name}/{ident}: changed after signing")
    if problems:
        return CheckResult("mdoc_digests", Status.FAIL, "Some details shown were not signed "
                           "by the issuer (added or changed).", {"problems": problems[:20]})
    return CheckResult("mdoc_digests", Status.PASS, f"All {checked} disclosed details match "
                       "what the issuer signed.", {"disclosed": checked})


def _credential(doc_type: str | None, parsed: IssuerSigned, signer: Mapping[str, Any],
                dates: Mapping[str, str]) -> dict[str, Any]:
    """The disclosed elements as the credential the matcher reads: one claim per element,
    name spaces kept apart."""
    claims: dict[str, Any] = {}
    for name, items in parsed.items.items():
        claims[name] = {str(item.get("elementIdentifier"))[:100]: _plain(item.get(
            "elementValue")) for _, item in items}
    organisation = signer.get("organisation") or signer.get("common_name")
    return {"type": ["mdoc"], "docType": doc_type,
            "issuer": {"id": f"x509:{signer.get('subject', 'unknown')}"[:300],
                       **({"name": organisation} if organisation else {})},
            **dates, "credentialSubject": _flatten(claims), "nameSpaces": claims}


def _flatten(claims: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for elements in claims.values():
        for key, value in elements.items():
            out.setdefault(key, value)
    return out


def _plain(value: Any, depth: int = 0) -> Any:
    """A CBOR value as JSON (bytes, a portrait say, become a note of their size)."""
    if depth > 8:
        return None
    if isinstance(value, cbor2.CBORTag):
        return _plain(value.value, depth + 1)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return value[:MAX_VALUE_TEXT]
    if isinstance(value, Mapping):
        return {str(k)[:100]: _plain(v, depth + 1) for k, v in list(value.items())[:50]}
    if isinstance(value, list):
        return [_plain(v, depth + 1) for v in value[:50]]
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)[:MAX_VALUE_TEXT]


def _datetime(value: Any) -> datetime | None:
    if isinstance(value, cbor2.CBORTag):
        value = value.value
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        from screening.dates import DateError, parse_datetime

        try:
            return parse_datetime(value)
        except DateError:
            return None
    return None


def _iso(value: Any) -> str | None:
    moment = _datetime(value)
    return moment.isoformat().replace("+00:00", "Z") if moment else None
