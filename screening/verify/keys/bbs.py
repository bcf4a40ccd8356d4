"""BBS proof verification: IRTF CFRG draft-irtf-cfrg-bbs-signatures, ciphersuite
BLS12-381-SHA-256 (ciphersuite id "BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_"), the BBS
Signatures Interface (api_id = ciphersuite id || "H2G_HM2S_").

Only ProofVerify, the verifier's operation: a holder's proof that they know an issuer's
signature over some messages, of which they disclose a subset. Group arithmetic, hashing to
G1 (RFC 9380 BLS12381G1_XMD:SHA-256_SSWU_RO_) and the pairing check are
py-arkworks-bls12381; expand_message_xmd (RFC 9380 §5.3.1) and the scalar field are here,
each tested byte for byte against the draft's and RFC 9380's published values.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from py_arkworks_bls12381 import GT, G1Point, G2Point, Scalar

from screening.verify.keys.bls import g2_point
from screening.verify.keys.publickey import KeyFormatError

# Order of the BLS12-381 subgroups G1 and G2.
R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
CIPHERSUITE_ID = b"BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_"
API_ID = CIPHERSUITE_ID + b"H2G_HM2S_"
SCALAR_LENGTH = 32  # octet_scalar_length
POINT_LENGTH = 48  # octet_point_length (compressed G1)
EXPAND_LEN = 48  # ceil((ceil(log2(r)) + k) / 8) with k = 128
MAX_MESSAGES = 4_096  # signed messages per proof (bbs-2023 credentials have tens)
_H2S_DST = API_ID + b"H2S_"
_MAP_DST = API_ID + b"MAP_MSG_TO_SCALAR_AS_HASH_"
_SHA256_BLOCK = 64


class BbsError(ValueError):
    """Input that cannot be a BBS proof or key (the draft's INVALID at deserialisation)."""


def expand_message_xmd(msg: bytes, dst: bytes, length: int) -> bytes:
    """RFC 9380 §5.3.1 expand_message_xmd with SHA-256."""
    ell = -(-length // 32)
    if ell > 255 or length > 65535 or len(dst) > 255:
        raise BbsError("expand_message_xmd: output or DST too long")
    dst_prime = dst + bytes([len(dst)])
    b0 = hashlib.sha256(b"\0" * _SHA256_BLOCK + msg + length.to_bytes(2, "big") + b"\0"
                        + dst_prime).digest()
    blocks = [hashlib.sha256(b0 + b"\x01" + dst_prime).digest()]
    for i in range(2, ell + 1):
        mixed = bytes(a ^ b for a, b in zip(b0, blocks[-1], strict=True))
        blocks.append(hashlib.sha256(mixed + bytes([i]) + dst_prime).digest())
    return b"".join(blocks)[:length]


def hash_to_scalar(msg: bytes, dst: bytes = _H2S_DST) -> int:
    """The draft's hash_to_scalar: OS2IP(expand_message(msg, dst, 48)) mod r."""
    return int.from_bytes(expand_message_xmd(msg, dst, EXPAND_LEN), "big") % R


def messages_to_scalars(messages: Sequence[bytes]) -> list[int]:
    """The draft's messages_to_scalars (MAP_MSG_TO_SCALAR_AS_HASH_)."""
    return [hash_to_scalar(m, _MAP_DST) for m in messages]


class _Generators:
    """create_generators, cached: each generator hashes the previous seed value, so the
    list only ever grows (the draft allows caching it, in order)."""

    def __init__(self, seed: bytes, seed_dst: bytes, generator_dst: bytes):
        self._generator_dst = generator_dst
        self._seed_dst = seed_dst
        self._v = expand_message_xmd(seed, seed_dst, EXPAND_LEN)
        self._points: list[G1Point] = []
        self._lock = threading.Lock()

    def take(self, count: int) -> list[G1Point]:
        with self._lock:
            while len(self._points) < count:
                index = len(self._points) + 1
                self._v = expand_message_xmd(self._v + index.to_bytes(8, "big"),
                                             self._seed_dst, EXPAND_LEN)
                self._points.append(G1Point.hash_to_curve(self._v, self._generator_dst))
            return self._points[:count]


_GENERATORS = _Generators(API_ID + b"MESSAGE_GENERATOR_SEED", API_ID + b"SIG_GENERATOR_SEED_",
                          API_ID + b"SIG_GENERATOR_DST_")
# P1, the ciphersuite's fixed point: the same procedure with another seed (draft §7.2).
_BASE_POINT = _Generators(API_ID + b"BP_MESSAGE_GENERATOR_SEED",
                          API_ID + b"SIG_GENERATOR_SEED_", API_ID + b"SIG_GENERATOR_DST_")


def create_generators(count: int) -> list[G1Point]:
    """The Interface's generators (Q_1, H_1, ..., H_{count-1})."""
    if count > MAX_MESSAGES + 1:
        raise BbsError(f"more than {MAX_MESSAGES} signed messages")
    return _GENERATORS.take(count)


def base_point() -> G1Point:
    return _BASE_POINT.take(1)[0]


@dataclass(frozen=True)
class Proof:
    """octets_to_proof: (Abar, Bbar, D, e^, r1^, r3^, commitments, c)."""

    abar: G1Point
    bbar: G1Point
    d: G1Point
    e_hat: int
    r1_hat: int
    r3_hat: int
    commitments: tuple[int, ...]
    challenge: int


def octets_to_proof(octets: bytes) -> Proof:
    """The draft's octets_to_proof; BbsError where it returns INVALID."""
    floor = 3 * POINT_LENGTH + 4 * SCALAR_LENGTH
    if len(octets) < floor or (len(octets) - floor) % SCALAR_LENGTH:
        raise BbsError("the proof has the wrong length")
    points = [_g1(octets[i:i + POINT_LENGTH]) for i in range(0, 3 * POINT_LENGTH, POINT_LENGTH)]
    scalars = []
    for start in range(3 * POINT_LENGTH, len(octets), SCALAR_LENGTH):
        value = int.from_bytes(octets[start:start + SCALAR_LENGTH], "big")
        if not 0 < value < R:
            raise BbsError("a proof scalar is out of range")
        scalars.append(value)
    return Proof(points[0], points[1], points[2], scalars[0], scalars[1], scalars[2],
                 tuple(scalars[3:-1]), scalars[-1])


def _g1(octets: bytes) -> G1Point:
    try:
        point = G1Point.from_compressed_bytes(octets)
    except ValueError as exc:
        raise BbsError("a proof point is not a point of G1") from exc
    if point == G1Point.identity() or not point.is_in_subgroup():
        raise BbsError("a proof point is the identity or outside the subgroup")
    return point


def _serialize(*items: G1Point | int, scalar: frozenset[int] = frozenset()) -> bytes:
    """The draft's serialize: points compressed, scalars 32 bytes, integers 8 bytes (the
    positions in `scalar` are scalars)."""
    out = bytearray()
    for position, item in enumerate(items):
        if isinstance(item, G1Point):
            out += item.to_compressed_bytes()
        else:
            out += item.to_bytes(SCALAR_LENGTH if position in scalar else 8, "big")
    return bytes(out)


def _scalar(value: int) -> Scalar:
    return Scalar.from_be_bytes(value.to_bytes(SCALAR_LENGTH, "big"))


def calculate_domain(public_key: bytes, generators: Sequence[G1Point], header: bytes) -> int:
    """The draft's calculate_domain over (L, Q_1, H_1..H_L) and the header."""
    dom = _serialize(len(generators) - 1, *generators) + API_ID
    return hash_to_scalar(public_key + dom + len(header).to_bytes(8, "big") + header)


def proof_verify(public_key: bytes, proof: bytes, header: bytes, presentation_header: bytes,
                 disclosed_messages: Sequence[bytes], disclosed_indexes: Sequence[int]) -> bool:
    """The draft's ProofVerify. False for an invalid proof; BbsError when the key, the
    proof or the indexes cannot be read at all."""
    try:
        w = g2_point(public_key)
    except KeyFormatError as exc:
        raise BbsError(str(exc)) from exc
    parsed = octets_to_proof(proof)
    undisclosed, disclosed = len(parsed.commitments), len(disclosed_indexes)
    total = undisclosed + disclosed
    if len(disclosed_messages) != disclosed or list(disclosed_indexes) != sorted(
            set(disclosed_indexes)) or any(not 0 <= i < total for i in disclosed_indexes):
        return False
    generators = create_generators(total + 1)
    scalars = messages_to_scalars(disclosed_messages)
    points, domain = _verify_init(public_key, parsed, generators, header, scalars,
                                  disclosed_indexes)
    if proof_challenge(points, domain, scalars, disclosed_indexes,
                  presentation_header) != parsed.challenge:
        return False
    return GT.pairing_check([parsed.abar, parsed.bbar], [w, -G2Point()])


def _verify_init(public_key: bytes, proof: Proof, generators: list[G1Point], header: bytes,
                 messages: list[int], indexes: Sequence[int]
                 ) -> tuple[tuple[G1Point, ...], int]:
    """ProofVerifyInit: ((Abar, Bbar, D, T1, T2), domain)."""
    q1, hs = generators[0], generators[1:]
    domain = calculate_domain(public_key, generators, header)
    t1 = G1Point.multiexp_unchecked(
        [proof.bbar, proof.abar, proof.d],
        [_scalar(proof.challenge), _scalar(proof.e_hat), _scalar(proof.r1_hat)])
    bv = base_point() + G1Point.multiexp_unchecked(
        [q1, *(hs[i] for i in indexes)], [_scalar(domain), *map(_scalar, messages)])
    wanted = set(indexes)
    hidden = [h for i, h in enumerate(hs) if i not in wanted]
    t2 = G1Point.multiexp_unchecked(
        [bv, proof.d, *hidden],
        [_scalar(proof.challenge), _scalar(proof.r3_hat), *map(_scalar, proof.commitments)])
    return (proof.abar, proof.bbar, proof.d, t1, t2), domain


def proof_challenge(points: tuple[G1Point, ...], domain: int, messages: list[int],
               indexes: Sequence[int], presentation_header: bytes) -> int:
    """ProofChallengeCalculate."""
    items: list[G1Point | int] = [len(indexes)]
    scalar_positions = set()
    for index, message in zip(indexes, messages, strict=True):
        items.append(index)
        scalar_positions.add(len(items))
        items.append(message)
    items += points
    scalar_positions.add(len(items))
    items.append(domain)
    octets = _serialize(*items, scalar=frozenset(scalar_positions))
    return hash_to_scalar(octets + len(presentation_header).to_bytes(8, "big")
                          + presentation_header)
