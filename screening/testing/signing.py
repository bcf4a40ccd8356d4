"""Issuing helpers for tests, benchmarks and the sample-data script ONLY.

The verifier never imports this module. It signs credentials with the same
suites the verifier checks, so tests can mint valid and tampered credentials
and the sample issuers can sign the bundled candidates' badges.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from typing import Any

import base58
from nacl.signing import SigningKey

from screening.verify.dataintegrity import (
    JCS,
    RDFC,
    canonical_form,
    proof_configuration,
    proofs_of,
    unsecured_document,
)
from screening.verify.jsonld import ContextStore
from screening.verify.keys import encode_ed25519_multikey

SUITE_PROOFS = {
    "eddsa-rdfc-2022": ({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}, RDFC),
    "eddsa-2022": ({"type": "DataIntegrityProof", "cryptosuite": "eddsa-2022"}, RDFC),
    "eddsa-jcs-2022": ({"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022"}, JCS),
    "Ed25519Signature2020": ({"type": "Ed25519Signature2020"}, RDFC),
}


@dataclass(frozen=True)
class Issuer:
    """An Ed25519 key pair and the identifiers that name it."""

    signing_key: SigningKey

    @classmethod
    def from_seed(cls, seed: bytes | str) -> Issuer:
        """A deterministic key from any seed text (tests and sample data stay reproducible)."""
        if isinstance(seed, str):
            seed = seed.encode("utf-8")
        return cls(SigningKey(hashlib.sha256(seed).digest()))

    @property
    def public_multibase(self) -> str:
        return encode_ed25519_multikey(bytes(self.signing_key.verify_key))

    @property
    def did_key(self) -> str:
        return f"did:key:{self.public_multibase}"

    @property
    def did_key_method(self) -> str:
        return f"{self.did_key}#{self.public_multibase}"

    def public_jwk(self) -> dict[str, str]:
        from screening.verify.keys import b64url_encode

        return {"kty": "OKP", "crv": "Ed25519",
                "x": b64url_encode(bytes(self.signing_key.verify_key))}

    def did_web_document(self, did: str, key_id: str = "key-1") -> dict[str, Any]:
        """A did:web DID document publishing this key for assertions."""
        vm_id = f"{did}#{key_id}"
        return {
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            "id": did,
            "verificationMethod": [{
                "id": vm_id, "type": "Multikey", "controller": did,
                "publicKeyMultibase": self.public_multibase,
            }],
            "assertionMethod": [vm_id],
            "authentication": [vm_id],
        }


def sign(
    document: dict[str, Any],
    issuer: Issuer,
    *,
    verification_method: str | None = None,
    suite: str = "eddsa-rdfc-2022",
    created: str = "2025-01-01T00:00:00Z",
    purpose: str = "assertionMethod",
    proof_id: str | None = None,
    previous_proof: str | list[str] | None = None,
    store: ContextStore | None = None,
) -> dict[str, Any]:
    """Return a copy of `document` with one more proof (a proof set if it had one)."""
    from screening.verify.pipeline import bundled_contexts

    base, canon = SUITE_PROOFS[suite]
    proof: dict[str, Any] = {**base, "created": created,
                             "verificationMethod": verification_method or issuer.did_key_method,
                             "proofPurpose": purpose}
    if proof_id:
        proof["id"] = proof_id
    if previous_proof:
        proof["previousProof"] = previous_proof
    existing = proofs_of(document)
    wanted = [previous_proof] if isinstance(previous_proof, str) else (previous_proof or [])
    previous = [p for p in existing if isinstance(p, dict) and p.get("id") in wanted]
    unsecured = unsecured_document(document, previous)
    if canon == JCS and "@context" in unsecured:
        # vc-di-eddsa §3.3.1 (eddsa-jcs-2022 proof configuration), step 2: the proof
        # carries the document's @context, and keeps it in the secured document.
        proof = {"@context": copy.deepcopy(unsecured["@context"]), **proof}
    canonicalizer = (store or bundled_contexts()).canonicalizer()
    config = proof_configuration(unsecured, proof)
    data = hashlib.sha256(canonical_form(canonicalizer, config, canon)).digest() + \
        hashlib.sha256(canonical_form(canonicalizer, unsecured, canon)).digest()
    signature = issuer.signing_key.sign(data).signature
    proof["proofValue"] = "z" + base58.b58encode(signature).decode("ascii")
    signed = copy.deepcopy(document)
    signed["proof"] = [*existing, proof] if existing else proof
    return signed


def sign_jwt(payload: dict[str, Any], issuer: Issuer, *, kid: str | None = None,
             typ: str | None = "vc+jwt", header: dict[str, Any] | None = None) -> str:
    """A compact EdDSA JWS over `payload` (VC-JWT tests and sample data)."""
    import json

    from screening.verify.keys import b64url_encode

    head = {"alg": "EdDSA", **({"typ": typ} if typ else {}), **({"kid": kid} if kid else {}),
            **(header or {})}
    signing_input = ".".join(
        b64url_encode(json.dumps(part, separators=(",", ":")).encode()) for part in (head, payload))
    signature = issuer.signing_key.sign(signing_input.encode("ascii")).signature
    return f"{signing_input}.{b64url_encode(signature)}"


def sign_rs256(payload: dict[str, Any], private_key_pem: bytes) -> str:
    """A compact RS256 JWS (Open Badges 2.0 signed badges in tests and sample data)."""
    import json

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    from screening.verify.keys import b64url_encode

    key = serialization.load_pem_private_key(private_key_pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("an RSA private key is required")
    signing_input = ".".join(b64url_encode(json.dumps(part, separators=(",", ":")).encode())
                             for part in ({"alg": "RS256"}, payload))
    signature = key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64url_encode(signature)}"


def rsa_public_pem(private_key_pem: bytes) -> str:
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(private_key_pem, password=None)
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
