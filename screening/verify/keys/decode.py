"""A PublicKey from its published forms (Multikey, JWK, verification method), of any
supported type, and back to a Multikey."""

from __future__ import annotations

from typing import Any

import base58

from screening.verify.keys.bls import (
    BLS12381_G2,
    BLS12381_G2_MULTICODEC,
    decode_g2_public_key,
    encode_bls_multikey,
)
from screening.verify.keys.ec import (
    check_on_curve,
    decode_compressed_point,
    decode_sec1_point,
    encode_ec_multikey,
)
from screening.verify.keys.publickey import (
    EC_CURVES,
    EC_MULTICODECS,
    EC_MULTIKEY_CURVES,
    ED25519_KEY_LENGTH,
    MIN_RSA_BITS,
    KeyFormatError,
    PublicKey,
    UnsupportedKeyType,
    b58decode,
    b64url_decode,
    decode_ed25519_multikey,
    encode_ed25519_multikey,
    multibase_decode,
)


def encode_multikey(key: PublicKey) -> str | None:
    """The key's Multikey ('z6Mk…' Ed25519, 'zDna…' P-256, 'zUC7…' BLS12-381 G2, …);
    None for other types."""
    if key.algorithm == "Ed25519":
        return encode_ed25519_multikey(key.raw)
    if key.algorithm == BLS12381_G2:
        return encode_bls_multikey(key)
    if key.algorithm in EC_MULTIKEY_CURVES:
        return encode_ec_multikey(key)
    return None


def decode_multikey(value: str) -> PublicKey:
    """An Ed25519, P-256, P-384, secp256k1 or BLS12-381 G2 key from its Multikey encoding."""
    data = multibase_decode(value)
    if data[:2] == BLS12381_G2_MULTICODEC:
        return decode_g2_public_key(data[2:])
    curve = EC_MULTICODECS.get(data[:2])
    if curve is None:
        return PublicKey("Ed25519", decode_ed25519_multikey(value))
    return decode_compressed_point(curve, data[2:])


def key_from_jwk(jwk: Any) -> PublicKey:
    """An Ed25519 key from an OKP JWK; other key types are reported by algorithm name."""
    if not isinstance(jwk, dict):
        raise KeyFormatError("JWK must be an object")
    if "d" in jwk:
        # A private key published as a verification method is a red flag, not a key to use.
        raise KeyFormatError("JWK contains private key material")
    kty, crv = jwk.get("kty"), jwk.get("crv")
    if kty == "OKP" and crv == "Ed25519":
        raw = b64url_decode(jwk.get("x", ""))
        if len(raw) != ED25519_KEY_LENGTH:
            raise KeyFormatError("Ed25519 JWK x must be 32 bytes")
        return PublicKey("Ed25519", raw)
    if kty == "EC" and crv in EC_CURVES:
        for member in ("x", "y"):
            if len(b64url_decode(jwk.get(member, ""))) != EC_CURVES[crv]:
                raise KeyFormatError(f"{crv} JWK {member} has the wrong length")
        key = PublicKey(crv, jwk=(("crv", crv), ("kty", "EC"), ("x", jwk["x"]), ("y", jwk["y"])))
        check_on_curve(key)
        return key
    if kty == "RSA":
        modulus = b64url_decode(jwk.get("n", ""))
        b64url_decode(jwk.get("e", ""))
        if len(modulus.lstrip(b"\0")) * 8 < MIN_RSA_BITS:
            # refused as proof, but no evidence of forgery: not understood, never "failed"
            raise UnsupportedKeyType(f"RSA keys shorter than {MIN_RSA_BITS} bits")
        return PublicKey("RSA", jwk=(("e", jwk["e"]), ("kty", "RSA"), ("n", jwk["n"])))
    if (isinstance(kty, str) and kty in ("EC", "OKP", "RSA")) or isinstance(crv, str):
        raise UnsupportedKeyType(f"JWK {kty}/{crv}")
    raise KeyFormatError(f"unsupported JWK key type {kty!r}/{crv!r}")


def key_from_method(method: dict[str, Any]) -> PublicKey:
    """The public key inside a verification method object (Multikey, Ed25519*, JWK)."""
    if "publicKeyMultibase" in method:
        return decode_multikey(method["publicKeyMultibase"])
    if "publicKeyJwk" in method:
        return key_from_jwk(method["publicKeyJwk"])
    if method.get("type") == "EcdsaSecp256k1VerificationKey2019" and (
            "publicKeyBase58" in method or "publicKeyHex" in method):
        return _secp256k1_from_method(method)
    if "publicKeyBase58" in method:  # Ed25519VerificationKey2018
        try:
            raw = b58decode(method["publicKeyBase58"])
        except ValueError as exc:
            raise KeyFormatError("invalid publicKeyBase58") from exc
        if len(raw) != ED25519_KEY_LENGTH:
            raise KeyFormatError("Ed25519 key must be 32 bytes")
        return PublicKey("Ed25519", raw)
    for prop in ("publicKeyHex", "publicKeyPem", "blockchainAccountId", "ethereumAddress",
                 "publicKeyBase64"):
        if prop in method:
            raise UnsupportedKeyType(f"{method.get('type', 'verification method')} ({prop})")
    raise KeyFormatError("verification method has no supported public key property")


def _secp256k1_from_method(method: dict[str, Any]) -> PublicKey:
    """An EcdsaSecp256k1VerificationKey2019 key given as base58 or hex SEC1 bytes."""
    try:
        if "publicKeyBase58" in method:
            point = base58.b58decode(method["publicKeyBase58"])
        else:
            point = bytes.fromhex(method["publicKeyHex"])
    except (ValueError, TypeError) as exc:
        raise KeyFormatError("invalid secp256k1 public key encoding") from exc
    return decode_sec1_point("secp256k1", point)
