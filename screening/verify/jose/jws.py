"""JOSE for VC-JWT: compact JWS parsing, algorithm/key pinning and signature checks.

Algorithms are pinned to key types (EdDSA/Ed25519, ES256/P-256, ES384/P-384,
ES512/P-521, ES256K/secp256k1, RS256/RSA >= 2048 bits); `alg: none` and anything else
are refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from screening.verify.budget import MAX_JSON_DEPTH
from screening.verify.jsonparse import loads_strict, too_deep
from screening.verify.keys.ec import ecdsa_verify, is_der_signature
from screening.verify.keys.publickey import (
    EC_CURVES,
    KeyFormatError,
    PublicKey,
    b64url_decode,
    ed25519_verify,
)
from screening.verify.report import CheckResult, Status, not_understood

ALGORITHM_KEYS = {"EdDSA": "Ed25519", "ES256": "P-256", "ES384": "P-384", "ES512": "P-521",
                  "ES256K": "secp256k1", "RS256": "RSA"}
DER_SIGNATURE = "ECDSA signature is DER-encoded; JWS requires raw r||s (RFC 7518 §3.4)"
MAX_TOKEN_LENGTH = 1_000_000


class JoseError(ValueError):
    """The token is not a well-formed compact JWS."""


@dataclass(frozen=True)
class CompactJws:
    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes

    @property
    def alg(self) -> Any:
        return self.header.get("alg")


def parse_compact(token: str) -> CompactJws:
    """Split and decode a compact JWS whose header and payload are JSON objects."""
    token = token.strip()
    if len(token) > MAX_TOKEN_LENGTH:
        raise JoseError("token is too long")
    parts = token.split(".")
    if len(parts) != 3:
        raise JoseError("a compact JWS has three dot-separated parts")
    try:
        header_text, payload_text = b64url_decode(parts[0]), b64url_decode(parts[1])
        header, payload = loads_strict(header_text), loads_strict(payload_text)
        signature = b64url_decode(parts[2])
    except (KeyFormatError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise JoseError(f"token is not base64url-encoded JSON ({exc})") from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise JoseError("token header and payload must be JSON objects")
    if too_deep(header_text, header) or too_deep(payload_text, payload):
        raise JoseError(f"token JSON is nested more than {MAX_JSON_DEPTH} levels deep")
    return CompactJws(header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), signature)


def header_verdict(alg: Any, problems: list[str], **unsupported: Any) -> CheckResult:
    """The `jose_header` check once a token type has listed its header's problems: FAIL
    with them, not understood for an algorithm this version cannot check, else PASS."""
    if problems:
        return CheckResult("jose_header", Status.FAIL, "The token's header is not acceptable.",
                           {"problems": problems, "alg": alg})
    if alg not in ALGORITHM_KEYS:
        return not_understood("jose_header",
                              f"Tokens signed with {alg} cannot be checked by this version.",
                              f"JOSE algorithm {alg}", alg=alg, **unsupported)
    return CheckResult("jose_header", Status.PASS, f"Signed with {alg}.", {"alg": alg})


def verify_jws(jws: CompactJws, key: PublicKey) -> tuple[bool, str]:
    """(valid, reason). The algorithm must be allowed and must fit the key type."""
    expected = ALGORITHM_KEYS.get(jws.alg)
    if expected is None:
        return False, f"algorithm {jws.alg!r} is not allowed"
    if key.algorithm != expected:
        return False, f"algorithm {jws.alg} does not fit a {key.algorithm} key"
    if key.algorithm == "Ed25519":
        ok = ed25519_verify(key, jws.signing_input, jws.signature)
        return ok, "" if ok else "signature does not verify"
    try:
        if key.algorithm == "RSA":
            _rsa_key(key).verify(jws.signature, jws.signing_input, padding.PKCS1v15(),
                                 hashes.SHA256())
        else:
            if len(jws.signature) != 2 * EC_CURVES[key.algorithm]:
                if is_der_signature(jws.signature):
                    return False, DER_SIGNATURE
                return False, "ECDSA signature has the wrong length"
            if not ecdsa_verify(key, jws.signing_input, jws.signature):
                raise InvalidSignature
    except (InvalidSignature, ValueError):
        return False, "signature does not verify"
    return True, ""


def _rsa_key(key: PublicKey) -> rsa.RSAPublicKey:
    members = dict(key.jwk)
    n = int.from_bytes(b64url_decode(members["n"]), "big")
    e = int.from_bytes(b64url_decode(members["e"]), "big")
    return rsa.RSAPublicNumbers(e, n).public_key()
