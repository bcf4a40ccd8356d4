"""JAdES seals (ETSI TS 119 182-1): the JWS profile European Digital Credentials are sealed
with. A JAdES signature signs bytes — the JWS payload exactly as sent — so a sealed
JSON-LD credential is checked without JSON-LD processing or canonicalisation.

Forms read: the compact serialisation (`header.payload.signature`), the flattened and the
general JWS JSON serialisation (RFC 7515 §7.2; unsigned `etsiU` attributes such as
archive timestamps are carried but not evaluated), `b64: false` (RFC 7797), and detached
signatures whose `sigD` uses the `ObjectIdByURIHash` mechanism: the JWS payload is empty
and the protected header carries the digest of each signed object (the object itself must
be supplied beside the signature). Other `sigD` mechanisms are named, not checked.

The signer's certificate comes from `x5c` in the protected header (a signing-certificate
reference `x5t#S256`, when present, must name that certificate); its chain and validity
at the claimed signing time `sigT` are checked by `verify/keys/chain.py`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from screening.dates import DateError, parse_datetime
from screening.verify.jose.jws import ALGORITHM_KEYS, CompactJws, header_verdict, verify_jws
from screening.verify.jsonparse import loads_strict, too_deep
from screening.verify.keys.certificate import certificate_key
from screening.verify.keys.publickey import KeyFormatError, UnsupportedKeyType, b64url_decode
from screening.verify.report import CheckResult, Status, not_understood

MAX_SIGNATURES = 4  # a seal has one; a general serialisation may add a few countersignatures
MAX_DETACHED_OBJECTS = 16
BY_URI_HASH = "http://uri.etsi.org/19182/ObjectIdByURIHash"
SIGD_MECHANISMS = {BY_URI_HASH, "http://uri.etsi.org/19182/ObjectIdByURI",
                   "http://uri.etsi.org/19182/HttpHeaders"}
HASHES = {"S256": "sha256", "S384": "sha384", "S512": "sha512"}
# JAdES header parameters (TS 119 182-1 §5.2) and RFC 7797's b64 that `crit` may list
UNDERSTOOD_CRIT = {"sigT", "sigD", "b64", "x5t#o", "sigX5ts", "srCms", "sigPl", "srAts",
                   "adoTst", "sigPId", "cty"}
REFUSED = {"none", "None", "NONE", "HS256", "HS384", "HS512"}


class JadesError(ValueError):
    """Not a well-formed JWS (in any serialisation)."""


@dataclass(frozen=True)
class Signature:
    header: dict[str, Any]  # the protected header
    protected: str  # as sent (base64url)
    unprotected: Mapping[str, Any]
    value: bytes


@dataclass(frozen=True)
class Jades:
    form: str  # "compact" | "json-flattened" | "json-general"
    payload: str | None  # the JWS payload as sent; None or "" when detached
    signatures: tuple[Signature, ...]

    def payload_bytes(self) -> bytes | None:
        """The signed payload's bytes, or None when the signature is detached."""
        if not self.payload:
            return None
        if self.signatures[0].header.get("b64") is False:
            return self.payload.encode("utf-8")
        try:
            return b64url_decode(self.payload)
        except KeyFormatError:
            return None

    def payload_json(self) -> Any:
        data = self.payload_bytes()
        if data is None:
            return None
        try:
            value = loads_strict(data)
        except (ValueError, RecursionError):
            return None
        return None if too_deep(data, value) else value

    def signing_input(self, signature: Signature) -> bytes:
        return signature.protected.encode("ascii") + b"." + (self.payload or "").encode("utf-8")


def is_jades_header(header: Any) -> bool:
    """A JOSE header that declares itself JAdES: a claimed signing time, a detached-content
    reference, or either listed as critical."""
    if not isinstance(header, Mapping):
        return False
    crit = header.get("crit")
    return "sigT" in header or "sigD" in header or (
        isinstance(crit, list) and bool({"sigT", "sigD"} & {c for c in crit
                                                            if isinstance(c, str)}))


def is_jades_json(value: Any) -> bool:
    """A JWS JSON serialisation (flattened or general) whose signature is JAdES."""
    if not isinstance(value, Mapping) or "@context" in value:
        return False
    entries = value.get("signatures") if "signatures" in value else [value]
    if not isinstance(entries, list):
        return False
    for entry in entries[:MAX_SIGNATURES]:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("protected"), str):
            continue
        unprotected = entry.get("header")
        if isinstance(unprotected, Mapping) and "etsiU" in unprotected:
            return True
        if is_jades_header(_header(entry["protected"], quiet=True)):
            return True
    return False


def is_jades_compact(text: str) -> bool:
    first = text.strip().split(".", 1)[0]
    return is_jades_header(_header(first, quiet=True))


def parse(value: str | Mapping[str, Any]) -> Jades:
    """A JAdES signature from its compact text or its JSON serialisation."""
    if isinstance(value, str):
        parts = value.strip().split(".")
        if len(parts) != 3:
            raise JadesError("a compact JWS has three dot-separated parts")
        return Jades("compact", parts[1], (_signature(parts[0], {}, parts[2]),))
    payload = value.get("payload")
    if payload is not None and not isinstance(payload, str):
        raise JadesError("the JWS payload must be a string")
    if "signatures" in value:
        entries = value.get("signatures")
        if not isinstance(entries, list) or not entries:
            raise JadesError("the JWS has no signatures")
        signatures = tuple(_entry(e) for e in entries[:MAX_SIGNATURES])
        return Jades("json-general", payload, signatures)
    return Jades("json-flattened", payload, (_entry(value),))


def _entry(entry: Any) -> Signature:
    if not isinstance(entry, Mapping):
        raise JadesError("a JWS signature entry must be an object")
    unprotected = entry.get("header", {})
    if not isinstance(entry.get("protected"), str) or not isinstance(entry.get("signature"), str) \
            or not isinstance(unprotected, Mapping):
        raise JadesError("a JWS signature needs a protected header and a signature")
    return _signature(entry["protected"], unprotected, entry["signature"])


def _signature(protected: str, unprotected: Mapping[str, Any], value: str) -> Signature:
    header = _header(protected)
    try:
        signature = b64url_decode(value)
    except KeyFormatError as exc:
        raise JadesError(f"the signature is not base64url ({exc})") from exc
    return Signature(header, protected, unprotected, signature)


def _header(encoded: str, quiet: bool = False) -> Any:
    try:
        data = b64url_decode(encoded)
        header = loads_strict(data)
        if not isinstance(header, dict) or too_deep(data, header):
            raise ValueError("the protected header must be a JSON object")
    except (KeyFormatError, ValueError, RecursionError, UnicodeDecodeError) as exc:
        if quiet:
            return None
        raise JadesError(f"the protected header is not base64url JSON ({exc})") from exc
    return header


# -- checks --------------------------------------------------------------------------------

def signing_time(header: Mapping[str, Any]) -> datetime | None:
    value = header.get("sigT")
    if not isinstance(value, str):
        return None
    try:
        return parse_datetime(value)
    except DateError:
        return None


def certificate_chain(header: Mapping[str, Any]) -> list[bytes]:
    """The DER certificates of `x5c` (leaf first); undecodable entries are skipped."""
    chain = header.get("x5c")
    if not isinstance(chain, list):
        return []
    out = []
    for entry in chain[:8]:
        try:
            out.append(base64.b64decode(entry, validate=True) if isinstance(entry, str) else b"")
        except (binascii.Error, ValueError):
            out.append(b"")
    return out


def header_check(signature: Signature) -> CheckResult:
    """`jades_header`: the protected header is an acceptable JAdES header."""
    header = signature.header
    alg = header.get("alg")
    if alg is None or alg in REFUSED:
        return CheckResult("jades_header", Status.FAIL,
                           "The seal is not made with a public-key algorithm.", {"alg": alg})
    problems = []
    crit = header.get("crit", [])
    unknown_crit = [c for c in crit if c not in UNDERSTOOD_CRIT] if isinstance(crit, list) \
        else ["crit is not a list"]
    if not isinstance(header.get("x5c"), list) or not header["x5c"]:
        if not any(ref in header for ref in ("x5t#S256", "x5t#o", "sigX5ts", "kid")):
            problems.append("the seal names no signing certificate (x5c, x5t#S256, x5t#o "
                            "or sigX5ts)")
        else:  # referenced, not carried: it would have to be looked up elsewhere
            return not_understood("jades_header", "The seal's certificate is not included "
                                  "in it, so the seal cannot be checked.",
                                  "a JAdES seal whose certificate is not carried (x5c)",
                                  alg=alg)
    if "sigT" in header and signing_time(header) is None:
        problems.append(f"the signing time sigT {str(header.get('sigT'))[:40]!r} is not a date")
    if "x5t#S256" in header and not _reference_matches(header):
        problems.append("the signing-certificate reference x5t#S256 does not name the x5c "
                        "certificate")
    sigd = header.get("sigD")
    if sigd is not None and not isinstance(sigd, Mapping):
        problems.append("sigD must be an object")
    if unknown_crit and not problems:
        names = ", ".join(map(str, unknown_crit))
        return not_understood("jades_header", "The seal uses extensions this version cannot "
                              "check.", f"JAdES critical header {names}", crit=crit)
    if isinstance(sigd, Mapping) and sigd.get("mId") not in (BY_URI_HASH,) and not problems:
        return not_understood("jades_header", "The seal signs separate content in a way this "
                              "version cannot check.", f"JAdES sigD mechanism {sigd.get('mId')}",
                              mId=sigd.get("mId"))
    verdict = header_verdict(alg, problems, supported=sorted(ALGORITHM_KEYS))
    if verdict.status is Status.PASS:
        return CheckResult("jades_header", Status.PASS, f"A JAdES seal made with {alg}.",
                           {"alg": alg, "sigT": header.get("sigT"),
                            "detached": sigd is not None})
    return CheckResult("jades_header", verdict.status,
                       "The seal's header is not acceptable." if problems
                       else verdict.message, dict(verdict.details))


def _reference_matches(header: Mapping[str, Any]) -> bool:
    chain = certificate_chain(header)
    reference = header.get("x5t#S256")
    if not chain or not chain[0] or not isinstance(reference, str):
        return False
    expected = base64.urlsafe_b64encode(hashlib.sha256(chain[0]).digest()).rstrip(b"=")
    return reference.rstrip("=") == expected.decode("ascii")


def detached_check(jades: Jades, signature: Signature,
                   detached: Mapping[str, bytes]) -> CheckResult | None:
    """`jades_detached_content`, for a detached seal (`sigD`): each signed object's digest
    equals the one the seal signed. None for an attached seal."""
    sigd = signature.header.get("sigD")
    if not isinstance(sigd, Mapping):
        return None
    pars, values, method = sigd.get("pars"), sigd.get("hashV"), HASHES.get(str(sigd.get("hashM")))
    if sigd.get("mId") != BY_URI_HASH:
        return not_understood("jades_detached_content", "The seal signs separate content in "
                              "a way this version cannot check.",
                              f"JAdES sigD mechanism {sigd.get('mId')}")
    if not isinstance(pars, list) or not isinstance(values, list) or len(pars) != len(values) \
            or not pars or len(pars) > MAX_DETACHED_OBJECTS:
        return CheckResult("jades_detached_content", Status.FAIL,
                           "The seal's list of signed documents is malformed.",
                           {"reason": "sigD needs as many pars as hashV entries"})
    if method is None:
        return not_understood("jades_detached_content", "The seal uses a digest this version "
                              "cannot check.", f"JAdES hashM {sigd.get('hashM')}")
    if jades.payload:
        return CheckResult("jades_detached_content", Status.FAIL,
                           "A detached seal must not carry the content inline.",
                           {"reason": "sigD with a non-empty JWS payload"})
    missing = [p for p in pars if not isinstance(p, str) or p not in detached]
    if missing:
        return CheckResult("jades_detached_content", Status.INDETERMINATE,
                           "The seal signs a separate document that was not supplied with it.",
                           {"missing": [str(m)[:200] for m in missing]})
    changed = [p for p, v in zip(pars, values, strict=True)
               if _b64url(hashlib.new(method, detached[p]).digest()) != str(v).rstrip("=")]
    if changed:
        return CheckResult("jades_detached_content", Status.FAIL,
                           "A document the seal covers was changed after it was sealed.",
                           {"changed": changed})
    return CheckResult("jades_detached_content", Status.PASS,
                       "Every document the seal covers is unchanged.", {"documents": pars})


def signature_check(jades: Jades, signature: Signature, index: int) -> CheckResult:
    """`proof_signature` for one seal: the signature over the exact bytes sent."""
    details: dict[str, Any] = {"proof": index, "mechanism": "JAdES", "form": jades.form}
    try:
        key, subject = certificate_key(signature.header.get("x5c"))
    except UnsupportedKeyType as exc:
        return not_understood("proof_signature", "The seal's key type cannot be checked by "
                              "this version.", str(exc), **details)
    except KeyFormatError as exc:
        return CheckResult("proof_signature", Status.FAIL, "The seal's certificate cannot be "
                           "read.", {**details, "reason": str(exc)})
    if signature.header.get("alg") not in ALGORITHM_KEYS:
        return not_understood("proof_signature", "The seal's algorithm cannot be checked by "
                              "this version.", f"JOSE algorithm {signature.header.get('alg')}",
                              **details)
    jws = CompactJws(signature.header, {}, jades.signing_input(signature), signature.value)
    ok, reason = verify_jws(jws, key)
    details.update(subject=subject.get("subject"))
    if ok:
        return CheckResult("proof_signature", Status.PASS, "The seal is intact.", details)
    return CheckResult("proof_signature", Status.FAIL, "The credential was changed after it "
                       "was sealed, or the seal is forged.", {**details, "reason": reason})


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))
