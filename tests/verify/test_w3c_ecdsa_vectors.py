"""W3C vc-di-ecdsa test vectors reproduced byte for byte at every step: canonical
document, proof configuration, canonical proof configuration, hashes, combined hash
data, signature (hex, via RFC 6979 deterministic ECDSA, and base58btc) and verification;
did:key Multikeys for P-256 and P-384."""

from __future__ import annotations

import hashlib
import json

import base58
import pytest
from conformance_data import CONFORMANCE, conformance_store
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from screening.fetch.seeds import no_network
from screening.verify.keys.decode import decode_multikey, encode_multikey
from screening.verify.keys.did import resolve_verification_method
from screening.verify.keys.ec import ecdsa_verify
from screening.verify.proofs.dataintegrity import JCS, RDFC, canonical_form, hash_data
from screening.verify.proofs.inputs import proof_configuration, unsecured_document

VECTORS = CONFORMANCE / "w3c-vc-di-ecdsa" / "TestVectors"
# (directory, file suffix, canonicalisation, curve)
SUITES = [
    ("ecdsa-rdfc-2019-p256", "ECDSAP256", RDFC, "P-256"),
    ("ecdsa-rdfc-2019-p256/employ", "ECDSAP256", RDFC, "P-256"),
    ("ecdsa-rdfc-2019-p384", "ECDSAP384", RDFC, "P-384"),
    ("ecdsa-rdfc-2019-p384/employ", "ECDSAP384", RDFC, "P-384"),
    ("ecdsa-jcs-2019-p256", "JCSECDSAP256", JCS, "P-256"),
    ("ecdsa-jcs-2019-p384", "JCSECDSAP384", JCS, "P-384"),
]
IDS = [s[0] for s in SUITES]
HASHES = {"P-256": "sha256", "P-384": "sha384"}
CURVES = {"P-256": (ec.SECP256R1, hashes.SHA256, 32, b"\x86\x26"),
          "P-384": (ec.SECP384R1, hashes.SHA384, 48, b"\x87\x26")}


def _text(directory: str, name: str) -> str:
    return (VECTORS / directory / name).read_text(encoding="utf-8")


def _signed(directory: str, suffix: str) -> dict:
    return json.loads(_text(directory, f"signed{suffix}.json"))


def _key_pair(curve: str) -> dict:
    return json.loads((VECTORS / f"{curve.replace('-', '').lower()}KeyPair.json").read_text())


@pytest.fixture(scope="module")
def canonicalizer():
    return conformance_store().canonicalizer()


@pytest.mark.conformance
@pytest.mark.parametrize(("directory", "suffix", "canon", "curve"), SUITES, ids=IDS)
def test_canonical_document_and_hash(directory, suffix, canon, curve, canonicalizer):
    unsecured = unsecured_document(_signed(directory, suffix), [])
    canonical = canonical_form(canonicalizer, unsecured, canon, HASHES[curve])
    assert canonical.decode("utf-8").rstrip("\n") == _text(
        directory, f"canonDoc{suffix}.txt").rstrip("\n")
    assert hashlib.new(HASHES[curve], canonical).hexdigest() == _text(
        directory, f"docHash{suffix}.txt").strip()


@pytest.mark.conformance
@pytest.mark.parametrize(("directory", "suffix", "canon", "curve"), SUITES, ids=IDS)
def test_proof_configuration_canonical_form_and_hash(directory, suffix, canon, curve,
                                                     canonicalizer):
    signed = _signed(directory, suffix)
    config = proof_configuration(unsecured_document(signed, []), signed["proof"])
    assert config == json.loads(_text(directory, f"proofConfig{suffix}.json"))
    canonical = canonical_form(canonicalizer, config, canon, HASHES[curve])
    assert canonical.decode("utf-8").rstrip("\n") == _text(
        directory, f"proofCanon{suffix}.txt").rstrip("\n")
    assert hashlib.new(HASHES[curve], canonical).hexdigest() == _text(
        directory, f"proofHash{suffix}.txt").strip()


@pytest.mark.conformance
@pytest.mark.parametrize(("directory", "suffix", "canon", "curve"), SUITES, ids=IDS)
def test_hash_data_signature_and_proof_value(directory, suffix, canon, curve, canonicalizer):
    signed = _signed(directory, suffix)
    data = hash_data(canonicalizer, unsecured_document(signed, []), signed["proof"], canon,
                     HASHES[curve])
    assert data.hex() == _text(directory, f"combinedHash{suffix}.txt").strip()
    curve_class, digest, size, secret_codec = CURVES[curve]
    pair = _key_pair(curve)
    secret = base58.b58decode(pair["secretKeyMultibase"][1:])
    assert secret[:2] == secret_codec  # multicodec p256-priv / p384-priv
    private = ec.derive_private_key(int.from_bytes(secret[2:], "big"), curve_class())
    r, s = decode_dss_signature(private.sign(data, ec.ECDSA(digest(),
                                                            deterministic_signing=True)))
    signature = r.to_bytes(size, "big") + s.to_bytes(size, "big")
    assert signature.hex() == _text(directory, f"sigHex{suffix}.txt").strip()
    proof_value = "z" + base58.b58encode(signature).decode()
    assert proof_value == _text(directory, f"sigBTC58{suffix}.txt").strip()
    assert proof_value == signed["proof"]["proofValue"]
    key = decode_multikey(pair["publicKeyMultibase"])
    assert key.algorithm == curve and encode_multikey(key) == pair["publicKeyMultibase"]
    assert ecdsa_verify(key, data, signature)
    assert not ecdsa_verify(key, data[:-1] + bytes([data[-1] ^ 1]), signature)
    resolved = resolve_verification_method(signed["proof"]["verificationMethod"], no_network)
    assert resolved.key == key and resolved.method == "did:key"


@pytest.mark.conformance
def test_p384_canonicalisation_uses_sha384_for_blank_node_labels(canonicalizer):
    """vc-di-ecdsa: RDFC-1.0 runs with SHA-384 for P-384 keys; with several blank nodes
    the labels (and so the signed bytes) differ from SHA-256's."""
    directory = "ecdsa-rdfc-2019-p384/employ"
    unsecured = unsecured_document(_signed(directory, "ECDSAP384"), [])
    expected = _text(directory, "canonDocECDSAP384.txt").rstrip("\n")
    assert canonical_form(canonicalizer, unsecured, RDFC, "sha384").decode().rstrip(
        "\n") == expected
    assert canonical_form(canonicalizer, unsecured, RDFC).decode().rstrip("\n") != expected


@pytest.mark.conformance
@pytest.mark.parametrize("directory", ["ecdsa-rdfc-2019-p256/employ",
                                       "ecdsa-rdfc-2019-p384/employ"])
def test_employment_vector_input_is_the_unsigned_document(directory):
    suffix = "ECDSAP256" if "p256" in directory else "ECDSAP384"
    unsigned = json.loads((VECTORS / "employmentAuth.json").read_text())
    assert unsecured_document(_signed(directory, suffix), []) == unsigned
