"""Elliptic-curve public keys (P-256, P-384, P-521, secp256k1) and ECDSA signature checks.

Keys arrive as JWKs (x, y) or as Multikeys (multicodec 0x1200 P-256, 0x1201 P-384,
0xe7 secp256k1, followed by a SEC1 *compressed* point). Signatures are the raw
concatenation r || s of fixed-size big-endian integers (RFC 7518 §3.4, vc-di-ecdsa); a
DER-encoded signature is a different encoding and never accepted as raw.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from screening.verify.keys.publickey import (
    EC_CURVES,
    EC_MULTICODECS,
    KeyFormatError,
    PublicKey,
    b64url_decode,
    b64url_encode,
)

_CURVES: dict[str, type[ec.EllipticCurve]] = {
    "P-256": ec.SECP256R1, "P-384": ec.SECP384R1, "P-521": ec.SECP521R1,
    "secp256k1": ec.SECP256K1,
}
# The hash each curve is used with, in JOSE (ES256/ES384/ES512/ES256K) and vc-di-ecdsa.
CURVE_HASHES: dict[str, str] = {"P-256": "sha256", "P-384": "sha384", "P-521": "sha512",
                                "secp256k1": "sha256"}
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}
_ECDSA = {name: ec.ECDSA(digest()) for name, digest in _HASHES.items()}
_MULTICODEC_OF = {curve: prefix for prefix, curve in EC_MULTICODECS.items()}


def decode_compressed_point(curve: str, point: bytes) -> PublicKey:
    """A PublicKey from a SEC1 compressed point (the Multikey form)."""
    size = EC_CURVES[curve]
    if len(point) != size + 1 or point[0] not in (2, 3):
        raise KeyFormatError(f"{curve} Multikey must be a {size + 1}-byte compressed point")
    try:
        numbers = ec.EllipticCurvePublicKey.from_encoded_point(
            _CURVES[curve](), point).public_numbers()
    except ValueError as exc:
        raise KeyFormatError(f"{curve} Multikey is not a point on the curve") from exc
    return PublicKey(curve, jwk=(("crv", curve), ("kty", "EC"),
                                 ("x", b64url_encode(numbers.x.to_bytes(size, "big"))),
                                 ("y", b64url_encode(numbers.y.to_bytes(size, "big")))))


def decode_sec1_point(curve: str, point: bytes) -> PublicKey:
    """A PublicKey from a SEC1 point, compressed (0x02/0x03) or uncompressed (0x04)."""
    size = EC_CURVES[curve]
    if len(point) == size + 1:
        return decode_compressed_point(curve, point)
    if len(point) != 2 * size + 1 or point[0] != 4:
        raise KeyFormatError(f"{curve} key is not a SEC1 point")
    key = PublicKey(curve, jwk=(("crv", curve), ("kty", "EC"),
                                ("x", b64url_encode(point[1:size + 1])),
                                ("y", b64url_encode(point[size + 1:]))))
    check_on_curve(key)
    return key


def compressed_point(key: PublicKey) -> bytes:
    return public_key_object(key).public_bytes(Encoding.X962, PublicFormat.CompressedPoint)


def encode_ec_multikey(key: PublicKey) -> str:
    """'zDna…' (P-256), 'z82L…' (P-384) or 'zQ3s…' (secp256k1)."""
    prefix = _MULTICODEC_OF[key.algorithm]
    return "z" + base58.b58encode(prefix + compressed_point(key)).decode("ascii")


def check_on_curve(key: PublicKey) -> None:
    """Raise KeyFormatError unless the JWK's (x, y) is a point of its curve."""
    try:
        public_key_object(key)
    except (ValueError, KeyError) as exc:
        raise KeyFormatError(f"{key.algorithm} JWK is not a point on the curve") from exc


@lru_cache(maxsize=1024)
def public_key_object(key: PublicKey) -> ec.EllipticCurvePublicKey:
    members = dict(key.jwk)
    x = int.from_bytes(b64url_decode(members["x"]), "big")
    y = int.from_bytes(b64url_decode(members["y"]), "big")
    return ec.EllipticCurvePublicNumbers(x, y, _CURVES[key.algorithm]()).public_key()


def is_der_signature(signature: bytes) -> bool:
    """True when `signature` is an ASN.1 DER ECDSA-Sig-Value (SEQUENCE of two INTEGERs)."""
    if len(signature) < 8 or signature[0] != 0x30:
        return False
    try:
        decode_dss_signature(signature)
    except ValueError:
        return False
    return True


def ecdsa_verify(key: PublicKey, message: bytes, signature: bytes,
                 hash_name: str | None = None) -> bool:
    """True when `signature` (raw r || s) is a valid ECDSA signature of `message`.

    `hash_name` defaults to the curve's own hash (SHA-256 for P-256 and secp256k1,
    SHA-384 for P-384, SHA-512 for P-521)."""
    size = EC_CURVES.get(key.algorithm)
    if size is None or key.algorithm not in _CURVES or len(signature) != 2 * size:
        return False
    algorithm = _ECDSA[hash_name or CURVE_HASHES[key.algorithm]]
    r = int.from_bytes(signature[:size], "big")
    s = int.from_bytes(signature[size:], "big")
    try:
        public_key_object(key).verify(encode_dss_signature(r, s), message, algorithm)
    except (InvalidSignature, ValueError, KeyError):
        return False
    return True


def digest(hash_name: str, data: bytes) -> bytes:
    return hashlib.new(hash_name, data).digest()
