"""Linked Data signature suites that predate Data Integrity and are still issued:
Ed25519Signature2018, EcdsaSecp256k1Signature2019 and JsonWebSignature2020.

All three carry a *detached* JWS (`proof.jws` = header '..' signature) with an unencoded
payload (RFC 7797: `"b64": false`, `"crit": ["b64"]`):

    verifyData   = SHA-256(RDFC-1.0(proof options)) || SHA-256(RDFC-1.0(document))
    signingInput = ASCII(base64url(header)) || "." || verifyData

The proof options are the proof without `jws`/`proofValue`/`signatureValue`, under the
document's @context followed by the proof's own @context when it has one (Digital
Bazaar's jsonld-signatures and Spruce's ssi both do this). The JOSE algorithm is pinned to
the key: EdDSA/Ed25519, ES256K/secp256k1, and for JsonWebSignature2020 also ES256/P-256 and
ES384/P-384. ECDSA signatures are raw r||s; DER fails `jws_signature_encoding`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from screening.verify.jsonld.dataloss import DataLossError
from screening.verify.jsonld.processing import (
    CanonicalizationError,
    Canonicalizer,
    UnknownContextError,
    signed_form_check,
)
from screening.verify.keys.ec import ecdsa_verify, is_der_signature
from screening.verify.keys.publickey import (
    EC_CURVES,
    KeyFormatError,
    PublicKey,
    b64url_decode,
    ed25519_verify,
)
from screening.verify.report import CheckResult, Status, not_understood

# proof type -> {key type: JOSE alg}
LEGACY_SUITES: dict[str, dict[str, str]] = {
    "Ed25519Signature2018": {"Ed25519": "EdDSA"},
    "EcdsaSecp256k1Signature2019": {"secp256k1": "ES256K"},
    "JsonWebSignature2020": {"Ed25519": "EdDSA", "secp256k1": "ES256K", "P-256": "ES256",
                             "P-384": "ES384"},
}
# Key types a suite's specification allows that this version cannot check (JsonWebSignature
# 2020 names RSA with PS256): not understood, never "does not fit"
SPEC_ALLOWS_UNSUPPORTED = frozenset({("JsonWebSignature2020", "RSA")})
_SIGNATURE_PROPS = ("jws", "proofValue", "signatureValue")


def proof_options(unsecured: dict[str, Any], proof: dict[str, Any]) -> dict[str, Any]:
    """The proof without its signature, under the document's (and its own) @context."""
    options = {k: v for k, v in proof.items() if k not in _SIGNATURE_PROPS}
    doc_ctx = unsecured.get("@context")
    contexts = list(doc_ctx) if isinstance(doc_ctx, list) else [doc_ctx] if doc_ctx else []
    own = proof.get("@context")
    for ctx in own if isinstance(own, list) else [own] if own is not None else []:
        if ctx not in contexts:
            contexts.append(ctx)
    if contexts:
        options["@context"] = contexts if len(contexts) > 1 else contexts[0]
    return options


def verify_data(canonicalizer: Canonicalizer, unsecured: dict[str, Any],
                proof: dict[str, Any]) -> bytes:
    options = proof_options(unsecured, proof)
    return hashlib.sha256(canonicalizer.canonize(options).encode("utf-8")).digest() + \
        hashlib.sha256(canonicalizer.canonize(unsecured).encode("utf-8")).digest()


def _header(encoded: str) -> dict[str, Any]:
    try:
        header = json.loads(b64url_decode(encoded))
    except (KeyFormatError, ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise KeyFormatError(f"JWS header is not base64url JSON: {exc}") from exc
    if not isinstance(header, dict):
        raise KeyFormatError("JWS header must be a JSON object")
    return header


def detached_jws_check(canonicalizer: Canonicalizer, unsecured: dict[str, Any],
                       proof: dict[str, Any], key: PublicKey,
                       details: dict[str, Any]) -> CheckResult:
    """The `proof_signature` check of a legacy detached-JWS proof."""
    ptype = str(proof.get("type"))
    allowed = LEGACY_SUITES.get(ptype, {})
    jws = proof.get("jws")
    try:
        if not isinstance(jws, str) or jws.count(".") != 2 or ".." not in jws:
            raise KeyFormatError("jws must be a detached compact JWS (header..signature)")
        encoded_header, _, encoded_signature = jws.partition("..")
        header = _header(encoded_header)
        signature = b64url_decode(encoded_signature)
    except KeyFormatError as exc:
        return CheckResult("proof_signature", Status.FAIL, "The signature value is malformed.",
                           {**details, "reason": str(exc)})
    problems = []
    if header.get("b64") is not False or "b64" not in (header.get("crit") or []):
        problems.append('the JWS header must carry "b64": false and "crit": ["b64"]')
    extra = sorted(set(header) - {"alg", "b64", "crit", "kid", "typ"})
    if extra:
        problems.append(f"unexpected JWS header members {extra}")
    wanted = allowed.get(key.algorithm)
    if wanted is None and (ptype, key.algorithm) in SPEC_ALLOWS_UNSUPPORTED:
        return not_understood("proof_signature", f"{ptype} signatures with {key.algorithm} "
                              "keys cannot be checked by this version.",
                              f"{ptype} with {key.algorithm}", **details)
    if wanted is None:
        problems.append(f"{ptype} cannot be made with a {key.algorithm} key")
    elif header.get("alg") != wanted:
        problems.append(f"alg {header.get('alg')!r} does not fit a {key.algorithm} key "
                        f"(expected {wanted})")
    if problems:
        return CheckResult("proof_signature", Status.FAIL,
                           "The signing key does not fit the signature type.",
                           {**details, "problems": problems})
    if key.algorithm != "Ed25519" and len(signature) != 2 * EC_CURVES[key.algorithm] \
            and is_der_signature(signature):
        return CheckResult("jws_signature_encoding", Status.FAIL,
                           "The signature is encoded in a way the standard forbids.",
                           {**details, "reason": "DER-encoded ECDSA signature in a JWS"})
    try:
        data = encoded_header.encode("ascii") + b"." + verify_data(canonicalizer, unsecured,
                                                                   proof)
    except (DataLossError, UnknownContextError, CanonicalizationError, TypeError,
            ValueError) as exc:
        return signed_form_check(exc, details)
    valid = ed25519_verify(key, data, signature) if key.algorithm == "Ed25519" else \
        ecdsa_verify(key, data, signature)
    return CheckResult(
        "proof_signature", Status.PASS if valid else Status.FAIL,
        "The signature is valid: the content is exactly what the issuer signed." if valid
        else "The signature does not match: the credential was changed or forged.",
        {**details, "alg": header.get("alg")})
