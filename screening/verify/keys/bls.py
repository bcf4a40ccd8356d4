"""BLS12-381 G2 public keys (Multikey multicodec 0xeb01), the keys of bbs-2023 issuers.

A key is the 96-byte compressed G2 point of the IRTF CFRG BBS draft (octets_to_pubkey):
it must decode to a point on the curve, in the prime-order subgroup, and not the identity.
The point arithmetic is py-arkworks-bls12381 (docs/verification.md says why).
"""

from __future__ import annotations

from functools import lru_cache

import base58
from py_arkworks_bls12381 import G2Point

from screening.verify.keys.publickey import KeyFormatError, PublicKey

BLS12381_G2 = "BLS12-381 G2"  # PublicKey.algorithm of these keys
BLS12381_G2_MULTICODEC = b"\xeb\x01"
G2_POINT_LENGTH = 96


def decode_g2_public_key(point: bytes) -> PublicKey:
    """A PublicKey from a compressed G2 point, checked as octets_to_pubkey does."""
    g2_point(point)
    return PublicKey(BLS12381_G2, raw=point)


@lru_cache(maxsize=256)  # a key checks every proof it signed; decoding costs a subgroup test
def g2_point(point: bytes) -> G2Point:
    """The G2 point of a public key (valid, in the subgroup, not the identity)."""
    if len(point) != G2_POINT_LENGTH:
        raise KeyFormatError(f"a BLS12-381 G2 key must be {G2_POINT_LENGTH} bytes, "
                             f"got {len(point)}")
    try:
        decoded = G2Point.from_compressed_bytes(point)
    except ValueError as exc:
        raise KeyFormatError("the BLS12-381 G2 key is not a point on the curve") from exc
    if decoded == G2Point.identity() or not decoded.is_in_subgroup():
        raise KeyFormatError("the BLS12-381 G2 key is not a valid public key")
    return decoded


def encode_bls_multikey(key: PublicKey) -> str:
    return "z" + base58.b58encode(BLS12381_G2_MULTICODEC + key.raw).decode("ascii")
