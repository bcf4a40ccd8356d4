"""The BBS ciphersuite BLS12-381-SHA-256 (verify/keys/bbs.py) against the CFRG draft's
published fixtures (bbs_cfrg_vectors.py), and RFC 9380's expand_message_xmd and
hash_to_curve G1 vectors, byte for byte."""

from __future__ import annotations

import contextlib

import bbs_cfrg_vectors as cfrg
import pytest
from py_arkworks_bls12381 import G1Point

from screening.testing import bbs as signing
from screening.verify.keys import bbs
from screening.verify.keys.bls import decode_g2_public_key
from screening.verify.keys.publickey import KeyFormatError

_RFC9380_XMD_DST = b"QUUX-V01-CS02-with-expander-SHA256-128"
_DRAFT_XMD_DST = b"QUUX-V01-CS02-with-expander"  # the hash-to-curve draft's earlier vectors


@pytest.mark.parametrize(("msg", "dst", "length", "expected"), [
    (b"", _RFC9380_XMD_DST, 0x20,
     "68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235"),
    (b"", _DRAFT_XMD_DST, 0x20,
     "f659819a6473c1835b25ea59e3d38914c98b374f0970b7e4c92181df928fca88"),
    (b"abc", _DRAFT_XMD_DST, 0x20,
     "1c38f7c211ef233367b2420d04798fa4698080a8901021a795a1151775fe4da7"),
    (b"", _DRAFT_XMD_DST, 0x80,
     "8bcffd1a3cae24cf9cd7ab85628fd111bb17e3739d3b53f89580d217aa79526f"
     "1708354a76a402d3569d6a9d19ef3de4d0b991e4f54b9f20dcde9b95a66824cb"
     "df6c1a963a1913d43fd7ac443a02fc5d9d8d77e2071b86ab114a9f34150954a7"
     "531da568a1ea8c760861c0cde2005afc2c114042ee7b5848f5303f0611cf297f"),
])
def test_expand_message_xmd_sha256(msg, dst, length, expected):
    assert bbs.expand_message_xmd(msg, dst, length).hex() == expected


@pytest.mark.parametrize(("msg", "x", "y"), [
    (b"", "052926add2207b76ca4fa57a8734416c8dc95e24501772c814278700eed6d1e4"
          "e8cf62d9c09db0fac349612b759e79a1",
     "08ba738453bfed09cb546dbb0783dbb3a5f1f566ed67bb6be0e8c67e2e81a4cc"
     "68ee29813bb7994998f3eae0c9c6a265"),
])
def test_hash_to_curve_g1_rfc9380(msg, x, y):
    """RFC 9380 J.9.1, suite BLS12381G1_XMD:SHA-256_SSWU_RO_: the binding's hash_to_curve."""
    point = G1Point.hash_to_curve(msg, b"QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_")
    assert point.to_xy_bytes_be().hex() == x + y


def test_generators_and_base_point():
    generators = bbs.create_generators(len(cfrg.MSG_GENERATORS) + 1)
    assert generators[0].to_compressed_bytes().hex() == cfrg.Q1
    assert [g.to_compressed_bytes().hex() for g in generators[1:]] == list(cfrg.MSG_GENERATORS)
    assert bbs.base_point().to_compressed_bytes().hex() == cfrg.P1
    assert bbs.create_generators(3) == generators[:3]  # the cache hands out a prefix


def test_hash_to_scalar():
    case = cfrg.HASH_TO_SCALAR
    assert bytes.fromhex(case["dst"]) == bbs.API_ID + b"H2S_"
    scalar = bbs.hash_to_scalar(bytes.fromhex(case["message"]))
    assert scalar.to_bytes(32, "big").hex() == case["scalar"]


def test_messages_to_scalars():
    assert bytes.fromhex(cfrg.MAP_DST) == bbs.API_ID + b"MAP_MSG_TO_SCALAR_AS_HASH_"
    scalars = bbs.messages_to_scalars([bytes.fromhex(m) for m in cfrg.MESSAGES])
    assert [s.to_bytes(32, "big").hex() for s in scalars] == list(cfrg.MESSAGE_SCALARS)


def test_mocked_random_scalars():
    """The draft's seeded_random_scalars, built from this module's expand_message_xmd."""
    case = cfrg.MOCKED_RNG
    count = len(case["scalars"])
    uniform = bbs.expand_message_xmd(bytes.fromhex(case["seed"]), bytes.fromhex(case["dst"]),
                                     bbs.EXPAND_LEN * count)
    scalars = [int.from_bytes(uniform[i:i + bbs.EXPAND_LEN], "big") % bbs.R
               for i in range(0, len(uniform), bbs.EXPAND_LEN)]
    assert [s.to_bytes(32, "big").hex() for s in scalars] == list(case["scalars"])


@pytest.mark.parametrize("case", cfrg.PROOFS, ids=[c[0][:3] for c in cfrg.PROOFS])
def test_proof_fixtures(case):
    _name, key, header, ph, messages, indexes, proof, valid = case
    disclosed = [bytes.fromhex(messages[i]) for i in indexes if i < len(messages)]
    assert bbs.proof_verify(bytes.fromhex(key), bytes.fromhex(proof), bytes.fromhex(header),
                            bytes.fromhex(ph), disclosed, indexes) is valid


def _valid_case():
    _name, key, header, ph, messages, indexes, proof, valid = cfrg.PROOFS[2]
    assert valid
    return (bytes.fromhex(key), bytes.fromhex(proof), bytes.fromhex(header), bytes.fromhex(ph),
            [bytes.fromhex(messages[i]) for i in indexes], list(indexes))


def test_every_flipped_proof_byte_is_rejected():
    key, proof, header, ph, disclosed, indexes = _valid_case()
    for position in range(0, len(proof), 37):
        tampered = bytearray(proof)
        tampered[position] ^= 0x01
        # not a point, or a scalar out of range, is unreadable (BbsError): also a no
        with contextlib.suppress(bbs.BbsError):
            assert not bbs.proof_verify(key, bytes(tampered), header, ph, disclosed, indexes)


@pytest.mark.parametrize("change", ["indexes_unsorted", "index_out_of_range", "one_more_message"])
def test_inconsistent_disclosures_are_invalid(change):
    key, proof, header, ph, disclosed, indexes = _valid_case()
    if change == "indexes_unsorted":
        indexes = [indexes[1], indexes[0], *indexes[2:]]
    elif change == "index_out_of_range":
        indexes = [*indexes[:-1], 99]
    else:
        disclosed = [*disclosed, disclosed[0]]
    assert not bbs.proof_verify(key, proof, header, ph, disclosed, indexes)


@pytest.mark.parametrize("proof", [b"", b"\x00" * 271, b"\x00" * 273, b"\xc0" + b"\0" * 303])
def test_unreadable_proofs_raise(proof):
    key, _proof, header, ph, disclosed, indexes = _valid_case()
    with pytest.raises(bbs.BbsError):
        bbs.proof_verify(key, proof, header, ph, disclosed, indexes)


def test_scalar_out_of_range_is_unreadable():
    key, proof, header, ph, disclosed, indexes = _valid_case()
    tampered = proof[:144] + bbs.R.to_bytes(32, "big") + proof[176:]
    with pytest.raises(bbs.BbsError, match="out of range"):
        bbs.proof_verify(key, tampered, header, ph, disclosed, indexes)


@pytest.mark.parametrize("point", [b"\x01" * 96, b"\xc0" + b"\0" * 95, b"\xa8" * 48])
def test_invalid_public_keys_are_refused(point):
    with pytest.raises(KeyFormatError):
        decode_g2_public_key(point)


# --- the signer's and holder's side (screening/testing/bbs.py, tests and benchmarks only) --


def test_sign_reproduces_the_signature_fixture():
    key = bytes.fromhex(cfrg.KEY_1)
    assert signing.BbsIssuer(int(cfrg.SECRET_KEY, 16)).public_key == key
    signature = signing.sign(int(cfrg.SECRET_KEY, 16), key, bytes.fromhex(cfrg.PROOFS[0][2]),
                             [bytes.fromhex(cfrg.MESSAGES[0])])
    assert signature.hex() == cfrg.SIGNATURE_001


def test_proof_gen_with_mocked_scalars_reproduces_proof_fixture_003():
    _name, key, header, ph, messages, indexes, proof, _valid = cfrg.PROOFS[2]
    made = signing.proof_gen(bytes.fromhex(key), bytes.fromhex(cfrg.SIGNATURE_003),
                             bytes.fromhex(header), bytes.fromhex(ph),
                             [bytes.fromhex(m) for m in messages], indexes,
                             [int(s, 16) for s in cfrg.RANDOM_SCALARS_003])
    assert made.hex() == proof
