"""W3C vc-di-eddsa test vectors reproduced byte for byte at every step:
canonical document, proof configuration, canonical proof configuration, hashes,
combined hash data, signature (hex and base58btc) and verification."""

from __future__ import annotations

import hashlib
import json

import base58
import pytest
from conformance_data import CONFORMANCE, conformance_store
from nacl.signing import SigningKey

from screening.verify.keys.publickey import PublicKey, decode_ed25519_multikey, ed25519_verify
from screening.verify.proofs.dataintegrity import JCS, RDFC, canonical_form, hash_data
from screening.verify.proofs.inputs import proof_configuration, unsecured_document

VECTORS = CONFORMANCE / "w3c-vc-di-eddsa" / "TestVectors"
# (directory, file suffix, canonicalisation)
SUITES = [
    ("eddsa-rdfc-2022", "DataInt", RDFC),
    ("eddsa-rdfc-2022/employ", "DataInt", RDFC),
    ("eddsa-jcs-2022", "JCS", JCS),
    ("Ed25519Signature2020", "EdSig", RDFC),
]
IDS = [s[0] for s in SUITES]


def _text(directory: str, name: str) -> str:
    return (VECTORS / directory / name).read_text(encoding="utf-8")


def _signed(directory: str, suffix: str) -> dict:
    return json.loads(_text(directory, f"signed{suffix}.json"))


def _private_key() -> SigningKey:
    pair = json.loads((VECTORS / "keyPair.json").read_text())
    decoded = base58.b58decode(pair["privateKeyMultibase"][1:])
    assert decoded[:2] == b"\x80\x26"  # multicodec ed25519-priv
    return SigningKey(decoded[2:])


@pytest.fixture(scope="module")
def canonicalizer():
    return conformance_store().canonicalizer()


@pytest.mark.conformance
@pytest.mark.parametrize(("directory", "suffix", "canon"), SUITES, ids=IDS)
def test_canonical_document_and_hash(directory, suffix, canon, canonicalizer):
    unsecured = unsecured_document(_signed(directory, suffix), [])
    canonical = canonical_form(canonicalizer, unsecured, canon)
    expected = _text(directory, f"canonDoc{suffix}.txt")
    assert canonical.decode("utf-8").rstrip("\n") == expected.rstrip("\n")
    if canon == RDFC:  # N-Quads end every statement, the last one included, with "\n"
        assert canonical.endswith(b"\n")
    assert hashlib.sha256(canonical).hexdigest() == _text(directory, f"docHash{suffix}.txt").strip()


@pytest.mark.conformance
@pytest.mark.parametrize(("directory", "suffix", "canon"), SUITES, ids=IDS)
def test_proof_configuration_canonical_form_and_hash(directory, suffix, canon, canonicalizer):
    signed = _signed(directory, suffix)
    config = proof_configuration(unsecured_document(signed, []), signed["proof"])
    assert config == json.loads(_text(directory, f"proofConfig{suffix}.json"))
    canonical = canonical_form(canonicalizer, config, canon)
    assert canonical.decode("utf-8").rstrip("\n") == _text(
        directory, f"proofCanon{suffix}.txt").rstrip("\n")
    assert hashlib.sha256(canonical).hexdigest() == _text(
        directory, f"proofHash{suffix}.txt").strip()


@pytest.mark.conformance
@pytest.mark.parametrize(("directory", "suffix", "canon"), SUITES, ids=IDS)
def test_hash_data_signature_and_proof_value(directory, suffix, canon, canonicalizer):
    signed = _signed(directory, suffix)
    data = hash_data(canonicalizer, unsecured_document(signed, []), signed["proof"], canon)
    assert data.hex() == _text(directory, f"combinedHash{suffix}.txt").strip()
    signature = _private_key().sign(data).signature  # Ed25519 is deterministic
    assert signature.hex() == _text(directory, f"sigHex{suffix}.txt").strip()
    proof_value = "z" + base58.b58encode(signature).decode()
    assert proof_value == _text(directory, f"sigBTC58{suffix}.txt").strip()
    assert proof_value == signed["proof"]["proofValue"]
    key = PublicKey("Ed25519", decode_ed25519_multikey(
        json.loads((VECTORS / "keyPair.json").read_text())["publicKeyMultibase"]))
    assert ed25519_verify(key, data, signature)
    assert not ed25519_verify(key, data[:-1] + bytes([data[-1] ^ 1]), signature)


@pytest.mark.conformance
def test_employment_vector_input_is_the_unsigned_document():
    signed = _signed("eddsa-rdfc-2022/employ", "DataInt")
    unsigned = json.loads((VECTORS / "employmentAuth.json").read_text())
    assert unsecured_document(signed, []) == unsigned


@pytest.mark.conformance
def test_1edtech_ob3_canonical_vector(canonicalizer):
    """The OB 3.0 implementation guide's canonical document, reproduced with pyld."""
    base = CONFORMANCE / "1edtech-openbadges-specification" / "ob_v3p0" / "impl"
    unsigned = json.loads((base / "linked-data-proof-ob.unsigned-credential.json").read_text())
    expected = (base / "test-vectors" / "obv3p0" / "document-canon.txt").read_text()
    canonical = canonical_form(canonicalizer, unsigned, RDFC).decode()
    assert canonical.rstrip("\n") == expected.rstrip("\n")
