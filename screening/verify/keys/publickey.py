"""Public keys: the PublicKey type, multibase and base64url codecs, Ed25519 keys and signatures.

The bottom of verify/keys/: elliptic curves (ec.py) build on it, and decode.py reads a key
of any type from a Multikey, a JWK or a verification method."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import base58
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

ED25519_PUB_MULTICODEC = b"\xed\x01"
ED25519_KEY_LENGTH = 32
ED25519_SIG_LENGTH = 64
_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")


class KeyFormatError(ValueError):
    """A key or encoded value is malformed."""


class UnsupportedKeyType(KeyFormatError):
    """A well-formed key of a type this version cannot use (P-256 or secp256k1 multikeys,
    BLS, X25519, ...): the signature cannot be checked, which is not a failure."""

    def __init__(self, what: str):
        super().__init__(f"{what} keys are not supported")
        self.what = what


# Multikey multicodec prefixes (varint) of EC keys we verify with (compressed points).
EC_MULTICODECS = {b"\x80\x24": "P-256", b"\x81\x24": "P-384", b"\xe7\x01": "secp256k1"}
# Multikey multicodec prefixes (varint) of key types we recognise but do not verify with.
MULTICODEC_NAMES = {**EC_MULTICODECS, b"\x82\x24": "P-521",
                    b"\xeb\x01": "BLS12-381 G2",
                    b"\xea\x01": "BLS12-381 G1", b"\xec\x01": "X25519",
                    b"\x85\x24": "RSA"}


@dataclass(frozen=True)
class PublicKey:
    """A resolved public key: raw bytes for Ed25519, the public JWK for EC and RSA keys."""

    algorithm: str  # "Ed25519", "P-256", "P-384", "P-521" or "RSA"
    raw: bytes = b""
    jwk: tuple[tuple[str, str], ...] = ()  # public members only, hashable

    def jwk_dict(self) -> dict[str, str]:
        if self.algorithm == "Ed25519":
            return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(self.raw)}
        return dict(self.jwk)


EC_CURVES = {"P-256": 32, "P-384": 48, "P-521": 66, "secp256k1": 32}
EC_MULTIKEY_CURVES = frozenset(EC_MULTICODECS.values())
MIN_RSA_BITS = 2048


def multibase_decode(value: str) -> bytes:
    """Decode a multibase string: 'z' base58btc or 'u' base64url (no padding)."""
    if not isinstance(value, str) or len(value) < 2:
        raise KeyFormatError("not a multibase string")
    prefix, body = value[0], value[1:]
    try:
        if prefix == "z":
            return b58decode(body)
        if prefix == "u":
            return b64url_decode(body)
    except ValueError as exc:
        raise KeyFormatError(f"invalid multibase {prefix!r} encoding") from exc
    raise KeyFormatError(f"unsupported multibase prefix {prefix!r}")


_B58_DIGITS = {c: i for i, c in enumerate(base58.BITCOIN_ALPHABET)}


def b58decode(value: str) -> bytes:
    """`base58.b58decode` (same bytes, same ValueErrors), without its digit-by-digit
    divmod: decoding a proofValue took as long as verifying the signature."""
    data = value.rstrip().encode("ascii")  # UnicodeEncodeError is a ValueError, as there
    digits = data.lstrip(b"1")
    number = 0
    try:
        for c in digits:
            number = number * 58 + _B58_DIGITS[c]
    except KeyError as exc:
        raise ValueError(f"Invalid character {chr(exc.args[0])!r}") from None
    zeros = b"\0" * (len(data) - len(digits))
    return zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")


def b64url_decode(value: str) -> bytes:
    """Strict base64url decoding that tolerates missing padding only."""
    if not isinstance(value, str) or not _B64URL.match(value):
        raise KeyFormatError("not base64url")
    if len(value) % 4 == 1:
        raise KeyFormatError("impossible base64url length")
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as exc:
        raise KeyFormatError("not base64url") from exc


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def decode_ed25519_multikey(value: str) -> bytes:
    """Raw 32-byte key from 'z6Mk...' (base58btc of 0xed01 || key)."""
    data = multibase_decode(value)
    if not data.startswith(ED25519_PUB_MULTICODEC):
        known = MULTICODEC_NAMES.get(data[:2])
        if known:
            raise UnsupportedKeyType(known)
        raise KeyFormatError("not an Ed25519 public key (multicodec 0xed01 expected)")
    raw = data[len(ED25519_PUB_MULTICODEC):]
    if len(raw) != ED25519_KEY_LENGTH:
        raise KeyFormatError(f"Ed25519 key must be 32 bytes, got {len(raw)}")
    return raw


@lru_cache(maxsize=1024)  # reports name the key of every proof; base58 is pure Python
def encode_ed25519_multikey(raw: bytes) -> str:
    return "z" + base58.b58encode(ED25519_PUB_MULTICODEC + raw).decode("ascii")


def ed25519_verify(key: PublicKey, message: bytes, signature: bytes) -> bool:
    """True when `signature` is a valid Ed25519 signature of `message` under `key`."""
    if key.algorithm != "Ed25519" or len(signature) != ED25519_SIG_LENGTH:
        return False
    try:
        VerifyKey(key.raw).verify(message, signature)
    except (BadSignatureError, ValueError):
        return False
    return True


def jwk_thumbprint(jwk: dict[str, str]) -> str:
    """RFC 7638 SHA-256 thumbprint of a public JWK."""
    members = {"OKP": ("crv", "kty", "x"), "EC": ("crv", "kty", "x", "y"),
               "RSA": ("e", "kty", "n")}.get(jwk.get("kty", ""), ())
    required = tuple((m, jwk[m]) for m in members if m in jwk)
    try:
        return _thumbprint(required)  # every report names its key's thumbprint
    except TypeError:  # unhashable members (a malformed JWK): not worth remembering
        return _thumbprint.__wrapped__(required)


@lru_cache(maxsize=1024)
def _thumbprint(required: tuple[tuple[str, Any], ...]) -> str:
    canonical = json.dumps(dict(required), separators=(",", ":"), sort_keys=True)
    return b64url_encode(hashlib.sha256(canonical.encode()).digest())
