"""BBS signing and proof generation (CFRG draft CoreSign, CoreProofGen) and bbs-2023
credentials with everything disclosed, for tests and benchmarks only, with test keys — the
verifier never imports this module. Reproduces the draft's signature and proof fixtures
(mocked random scalars) byte for byte (tests/verify/test_bbs_cfrg.py)."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import base58
import cbor2
from py_arkworks_bls12381 import G1Point, G2Point, Scalar

from screening.verify.jsonld.processing import Canonicalizer
from screening.verify.keys import bbs
from screening.verify.keys.bls import BLS12381_G2_MULTICODEC
from screening.verify.keys.publickey import b64url_encode
from screening.verify.proofs.ecdsa_sd import relabel
from screening.verify.proofs.inputs import proof_configuration


def _scalar(value: int) -> Scalar:
    return Scalar.from_be_bytes((value % bbs.R).to_bytes(32, "big"))


@dataclass(frozen=True)
class BbsIssuer:
    """A BLS12-381 test key pair (a did:key issuer)."""

    secret: int

    @property
    def public_key(self) -> bytes:
        return (G2Point() * _scalar(self.secret)).to_compressed_bytes()

    @property
    def did_key(self) -> str:
        multikey = "z" + base58.b58encode(BLS12381_G2_MULTICODEC + self.public_key).decode()
        return f"did:key:{multikey}"

    @property
    def did_key_method(self) -> str:
        return f"{self.did_key}#{self.did_key.split(':')[2]}"


def _b(messages: list[int], generators: list[G1Point], domain: int) -> G1Point:
    """B = P1 + Q_1 * domain + H_1 * msg_1 + ... + H_L * msg_L."""
    return bbs.base_point() + G1Point.multiexp_unchecked(
        generators, [_scalar(domain), *map(_scalar, messages)])


def sign(secret: int, public_key: bytes, header: bytes, messages: Sequence[bytes]) -> bytes:
    """The draft's Sign (CoreSign): A || e."""
    scalars = bbs.messages_to_scalars(messages)
    generators = bbs.create_generators(len(scalars) + 1)
    domain = bbs.calculate_domain(public_key, generators, header)
    e = bbs.hash_to_scalar(b"".join(x.to_bytes(32, "big") for x in (secret, *scalars, domain)))
    a = _b(scalars, generators, domain) * _scalar(pow(secret + e, -1, bbs.R))
    return a.to_compressed_bytes() + e.to_bytes(32, "big")


def proof_gen(public_key: bytes, signature: bytes, header: bytes, presentation_header: bytes,
              messages: Sequence[bytes], disclosed: Sequence[int],
              random_scalars: Sequence[int] | None = None) -> bytes:
    """The draft's ProofGen (ProofInit, challenge, ProofFinalize); `random_scalars` mocks
    calculate_random_scalars, as the fixtures do."""
    a = G1Point.from_compressed_bytes(signature[:48])
    e = int.from_bytes(signature[48:], "big")
    scalars = bbs.messages_to_scalars(messages)
    hidden = [i for i in range(len(scalars)) if i not in set(disclosed)]
    randoms = list(random_scalars) if random_scalars is not None else [
        secrets.randbelow(bbs.R - 1) + 1 for _ in range(5 + len(hidden))]
    r1, r2, e_t, r1_t, r3_t, *m_t = randoms
    generators = bbs.create_generators(len(scalars) + 1)
    domain = bbs.calculate_domain(public_key, generators, header)
    d = _b(scalars, generators, domain) * _scalar(r2)
    abar = a * _scalar(r1 * r2)
    bbar = d * _scalar(r1) - abar * _scalar(e)
    t1 = abar * _scalar(e_t) + d * _scalar(r1_t)
    t2 = G1Point.multiexp_unchecked([d, *(generators[1 + j] for j in hidden)],
                                    [_scalar(r3_t), *map(_scalar, m_t)])
    c = bbs.proof_challenge((abar, bbar, d, t1, t2), domain, [scalars[i] for i in disclosed],
                       disclosed, presentation_header)
    r3 = pow(r2, -1, bbs.R)
    out = [(e_t + e * c) % bbs.R, (r1_t - r1 * c) % bbs.R, (r3_t - r3 * c) % bbs.R,
           *((m + scalars[j] * c) % bbs.R for m, j in zip(m_t, hidden, strict=True)), c]
    return b"".join(p.to_compressed_bytes() for p in (abar, bbar, d)) + b"".join(
        x.to_bytes(32, "big") for x in out)


def _shuffled_labels(hmac_key: bytes, canonical_labels: Sequence[str]) -> dict[str, str]:
    """vc-di-bbs createShuffledIdLabelMapFunction over canonical labels ('c14n0' ...)."""
    digests = {label: "u" + b64url_encode(hmac.new(hmac_key, label.encode(),
                                                   hashlib.sha256).digest())
               for label in canonical_labels}
    ranked = sorted(digests.values())
    return {label: f"b{ranked.index(d)}" for label, d in digests.items()}


def derived_all_disclosed(document: dict[str, Any], issuer: BbsIssuer, *,
                          canonicalizer: Canonicalizer, mandatory_count: int = 2,
                          hmac_key: bytes = b"\x01" * 32, presentation_header: bytes = b"",
                          created: str = "2025-01-01T00:00:00Z") -> dict[str, Any]:
    """A holder's bbs-2023 derived credential disclosing every statement (the first
    `mandatory_count` of the sorted relabelled statements mandatory), signed by `issuer`."""
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof", "cryptosuite": "bbs-2023", "created": created,
        "verificationMethod": issuer.did_key_method, "proofPurpose": "assertionMethod"}
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    canonical = canonicalizer.canonize(unsecured)
    labels = sorted({t[2:] for line in canonical.split("\n") for t in line.split(" ")
                     if t.startswith("_:c14n")})
    label_map = _shuffled_labels(hmac_key, labels)
    nquads = relabel(canonical, label_map)
    mandatory = nquads[:mandatory_count]
    messages = [q.encode() for q in nquads[mandatory_count:]]
    config = proof_configuration(unsecured, proof)
    header = hashlib.sha256(canonicalizer.canonize(config).encode()).digest() + \
        hashlib.sha256("".join(mandatory).encode()).digest()
    signature = sign(issuer.secret, issuer.public_key, header, messages)
    bbs_proof = proof_gen(issuer.public_key, signature, header, presentation_header, messages,
                          list(range(len(messages))))
    compressed = {int(k[4:]): int(v[1:]) for k, v in label_map.items()}
    value = b"\xd9\x5d\x03" + cbor2.dumps([bbs_proof, compressed, list(range(mandatory_count)),
                                          list(range(len(messages))), presentation_header])
    signed = copy.deepcopy(unsecured)
    signed["proof"] = {**proof, "proofValue": "u" + base64.urlsafe_b64encode(value).rstrip(
        b"=").decode()}
    return signed
