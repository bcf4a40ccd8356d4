"""Key pairs that sign, for tests, benchmarks and the sample-data script ONLY: an Ed25519
`Issuer` and an ECDSA `EcIssuer`, each with the identifiers (did:key, did:jwk, did:web)
that name it. signing.py and ecdsa_sd.py mint credentials with them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import base58
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from nacl.signing import SigningKey

from screening.verify.keys.decode import encode_multikey, key_from_jwk
from screening.verify.keys.publickey import PublicKey, b64url_encode, encode_ed25519_multikey

EC_CURVES = {"P-256": (ec.SECP256R1, 32), "P-384": (ec.SECP384R1, 48),
             "secp256k1": (ec.SECP256K1, 32)}


class _Identified:
    """What names a key pair, from its public Multikey: did:key and a did:web document."""

    @property
    def public_multibase(self) -> str:
        raise NotImplementedError

    @property
    def did_key(self) -> str:
        return f"did:key:{self.public_multibase}"

    @property
    def did_key_method(self) -> str:
        return f"{self.did_key}#{self.public_multibase}"

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


@dataclass(frozen=True)
class Issuer(_Identified):
    """An Ed25519 key pair and the identifiers that name it."""

    signing_key: SigningKey

    @classmethod
    def from_seed(cls, seed: bytes | str) -> Issuer:
        """A deterministic key from any seed text (tests and sample data stay reproducible)."""
        if isinstance(seed, str):
            seed = seed.encode("utf-8")
        return cls(SigningKey(hashlib.sha256(seed).digest()))

    algorithm = "Ed25519"
    hash_name = "sha256"

    def sign_bytes(self, data: bytes) -> bytes:
        return bytes(self.signing_key.sign(data).signature)

    @property
    def public_multibase(self) -> str:
        return encode_ed25519_multikey(bytes(self.signing_key.verify_key))

    def public_jwk(self) -> dict[str, str]:
        return {"kty": "OKP", "crv": "Ed25519",
                "x": b64url_encode(bytes(self.signing_key.verify_key))}


@dataclass(frozen=True)
class EcIssuer(_Identified):
    """An ECDSA key pair (P-256, P-384 or secp256k1) and the identifiers that name it.
    Signatures are RFC 6979 deterministic, so minted credentials are reproducible."""

    private_key: ec.EllipticCurvePrivateKey
    algorithm: str

    @classmethod
    def from_seed(cls, seed: bytes | str, curve: str = "P-256") -> EcIssuer:
        if isinstance(seed, str):
            seed = seed.encode("utf-8")
        curve_class, _size = EC_CURVES[curve]
        order = {"P-256": 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
                 "P-384": int("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf"
                              "581a0db248b0a77aecec196accc52973", 16),
                 "secp256k1": 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141,
                 }[curve]
        scalar = int.from_bytes(hashlib.sha512(seed).digest(), "big") % (order - 1) + 1
        return cls(ec.derive_private_key(scalar, curve_class()), curve)

    @classmethod
    def from_secret_multibase(cls, value: str) -> EcIssuer:
        """A key from a Multikey secret ('z42t…' P-256, 'z2fa…' P-384), as in the vectors."""
        raw = base58.b58decode(value[1:])
        curve = {b"\x86\x26": "P-256", b"\x87\x26": "P-384"}[raw[:2]]
        return cls(ec.derive_private_key(int.from_bytes(raw[2:], "big"),
                                          EC_CURVES[curve][0]()), curve)

    @property
    def hash_name(self) -> str:
        return "sha384" if self.algorithm == "P-384" else "sha256"

    def public_key(self) -> PublicKey:
        return key_from_jwk(self.public_jwk())

    def public_jwk(self) -> dict[str, str]:
        numbers = self.private_key.public_key().public_numbers()
        size = EC_CURVES[self.algorithm][1]
        return {"kty": "EC", "crv": self.algorithm,
                "x": b64url_encode(numbers.x.to_bytes(size, "big")),
                "y": b64url_encode(numbers.y.to_bytes(size, "big"))}

    def sign_bytes(self, data: bytes, der: bool = False) -> bytes:
        """Raw r || s (or DER, to test that verifiers refuse it)."""
        digest = {"sha256": hashes.SHA256, "sha384": hashes.SHA384}[self.hash_name]
        signature = self.private_key.sign(data, ec.ECDSA(digest(), deterministic_signing=True))
        if der:
            return signature
        r, s = decode_dss_signature(signature)
        size = EC_CURVES[self.algorithm][1]
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")

    @property
    def public_multibase(self) -> str:
        multibase = encode_multikey(self.public_key())
        assert multibase is not None
        return multibase

    @property
    def did_jwk(self) -> str:
        return "did:jwk:" + b64url_encode(json.dumps(self.public_jwk(),
                                                     separators=(",", ":")).encode())


AnyIssuer = Issuer | EcIssuer
