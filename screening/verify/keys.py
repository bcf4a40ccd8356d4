"""Public keys: multibase/multicodec and JWK decoding, Ed25519 signature checks."""

from __future__ import annotations

import base64
import binascii
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

    @property
    def multibase(self) -> str | None:
        if self.algorithm == "Ed25519":
            return encode_ed25519_multikey(self.raw)
        if self.algorithm in EC_MULTIKEY_CURVES:
            from screening.verify.eckeys import encode_ec_multikey

            return encode_ec_multikey(self)
        return None

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


def decode_multikey(value: str) -> PublicKey:
    """An Ed25519, P-256, P-384 or secp256k1 key from its Multikey encoding."""
    data = multibase_decode(value)
    curve = EC_MULTICODECS.get(data[:2])
    if curve is None:
        return PublicKey("Ed25519", decode_ed25519_multikey(value))
    from screening.verify.eckeys import decode_compressed_point

    return decode_compressed_point(curve, data[2:])


@lru_cache(maxsize=1024)  # reports name the key of every proof; base58 is pure Python
def encode_ed25519_multikey(raw: bytes) -> str:
    return "z" + base58.b58encode(ED25519_PUB_MULTICODEC + raw).decode("ascii")


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
        from screening.verify.eckeys import check_on_curve

        check_on_curve(key)
        return key
    if kty == "RSA":
        modulus = b64url_decode(jwk.get("n", ""))
        b64url_decode(jwk.get("e", ""))
        if len(modulus.lstrip(b"\0")) * 8 < MIN_RSA_BITS:
            raise KeyFormatError(f"RSA keys shorter than {MIN_RSA_BITS} bits are refused")
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
    from screening.verify.eckeys import decode_sec1_point

    try:
        if "publicKeyBase58" in method:
            point = base58.b58decode(method["publicKeyBase58"])
        else:
            point = bytes.fromhex(method["publicKeyHex"])
    except (ValueError, TypeError) as exc:
        raise KeyFormatError("invalid secp256k1 public key encoding") from exc
    return decode_sec1_point("secp256k1", point)


def ed25519_verify(key: PublicKey, message: bytes, signature: bytes) -> bool:
    """True when `signature` is a valid Ed25519 signature of `message` under `key`."""
    if key.algorithm != "Ed25519" or len(signature) != ED25519_SIG_LENGTH:
        return False
    try:
        VerifyKey(key.raw).verify(message, signature)
    except (BadSignatureError, ValueError):
        return False
    return True
