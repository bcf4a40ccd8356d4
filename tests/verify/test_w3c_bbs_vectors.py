"""W3C vc-di-bbs bbs-2023 vectors, step by step, for the two baseline examples (the
windsurf credential at the top of TestVectors/ and "prc"): the issuer's key and base proof
(skolemised, canonical id map, HMAC-shuffled 'b' labels, mandatory grouping, hashes, CBOR
base proof value), the holder's derived proof value (label map compression, mandatory and
selective indexes, presentation header) and the verifier's data (relabelled N-Quads,
proof hash, mandatory hash, BBS ProofVerify). Then the pipeline's verdicts, and tampering:
a changed disclosed value, changed proof bytes, another key."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json

import base58
import cbor2
import pytest
from conformance_data import CONFORMANCE, PINNED_NOW, conformance_store, offline_fetcher
from pyld import jsonld

from screening.testing.ecdsa_sd import (
    canonical_id_map,
    relabel_dataset,
    select_json_ld,
    skolemize,
    to_deskolemized_dataset,
)
from screening.verify import verify
from screening.verify.keys import bbs
from screening.verify.keys.did import resolve_verification_method
from screening.verify.proofs.bbs2023 import (
    decompress_label_map,
    parse_base_proof_value,
    parse_derived_proof_value,
)
from screening.verify.proofs.ecdsa_sd import create_verify_data
from screening.verify.proofs.inputs import proof_configuration
from screening.verify.report import Status

VECTORS = CONFORMANCE / "w3c-vc-di-bbs" / "TestVectors"
EXAMPLES = {"windsurf": VECTORS, "prc": VECTORS / "prc"}


def _json(example: str, name: str):
    return json.loads((EXAMPLES[example] / name).read_text())


def _top(name: str):
    return json.loads((VECTORS / name).read_text())


def _map(value):
    """The vectors write JS Maps as {"dataType": "Map", "value": [[k, v], ...]}."""
    return dict(value["value"]) if isinstance(value, dict) and "dataType" in value else \
        dict(value)


def _hmac_key() -> bytes:
    return bytes.fromhex(_top("BBSKeyMaterial.json")["hmacKeyString"])


def _unsigned(example: str) -> dict:
    signed = _json(example, "addSignedSDBase.json")
    return {k: v for k, v in signed.items() if k != "proof"}


def _shuffled_label_map(hmac_key: bytes, id_map: dict[str, str]) -> dict[str, str]:
    """vc-di-bbs createShuffledIdLabelMapFunction (issuer side, for these tests only): HMAC
    each canonical label, then name each by its rank among the sorted digests."""
    digests = {k: "u" + base64.urlsafe_b64encode(hmac.new(
        hmac_key, v.encode(), hashlib.sha256).digest()).rstrip(b"=").decode()
        for k, v in id_map.items()}
    ranked = sorted(digests.values())
    return {k: f"b{ranked.index(v)}" for k, v in digests.items()}


@pytest.fixture(scope="module")
def canonicalizer():
    return conformance_store().canonicalizer()


@pytest.mark.conformance
def test_issuer_key_is_the_did_key():
    method = resolve_verification_method(
        _top("derivedRevealDocument.json")["proof"]["verificationMethod"], offline_fetcher())
    assert method.key.algorithm == "BLS12-381 G2"
    assert method.key.raw.hex() == _top("BBSKeyMaterial.json")["publicKeyHex"]


@pytest.mark.conformance
@pytest.mark.parametrize("example", EXAMPLES)
def test_base_transformation_with_shuffled_labels(example, canonicalizer):
    document = _unsigned(example)
    skolemized = skolemize(canonicalizer, document)
    dataset = to_deskolemized_dataset(canonicalizer, skolemized.expanded)
    canonical, id_map = canonical_id_map(dataset)
    assert canonical.splitlines(keepends=True) == _json(example, "addBaseDocCanon.json")
    labels = _shuffled_label_map(_hmac_key(), id_map)
    nquads = relabel_dataset(dataset, labels)
    assert nquads == _json(example, "addBaseDocHMACCanon.json")
    transform = _json(example, "addBaseTransform.json")
    selection = select_json_ld(transform["mandatoryPointers"], skolemized.compact)
    selected = set(relabel_dataset(to_deskolemized_dataset(
        canonicalizer, jsonld.expand(selection, canonicalizer._options())), labels))
    mandatory = {i: q for i, q in enumerate(nquads) if q in selected}
    assert mandatory == {int(k): v for k, v in _map(transform["mandatory"]).items()}
    assert {i: q for i, q in enumerate(nquads) if i not in mandatory} == {
        int(k): v for k, v in _map(transform["nonMandatory"]).items()}


@pytest.mark.conformance
@pytest.mark.parametrize("example", EXAMPLES)
def test_base_proof_value(example, canonicalizer):
    signed = _json(example, "addSignedSDBase.json")
    config = {k: v for k, v in signed["proof"].items() if k != "proofValue"}
    assert proof_configuration(_unsigned(example), config) == _json(example,
                                                                    "addProofConfig.json")
    canonical_config = canonicalizer.canonize(_json(example, "addProofConfig.json"))
    assert canonical_config.rstrip("\n") == (EXAMPLES[example] / "addProofConfigCanon.txt"
                                             ).read_text().rstrip("\n")
    hashes = _json(example, "addHashData.json")
    assert hashlib.sha256(canonical_config.encode()).hexdigest() == hashes["proofHash"]
    mandatory = _map(_json(example, "addBaseTransform.json")["mandatory"])
    assert hashlib.sha256("".join(mandatory[k] for k in sorted(mandatory, key=int)).encode()
                          ).hexdigest() == hashes["mandatoryHash"]
    base = parse_base_proof_value(signed["proof"]["proofValue"])
    assert base.feature_option == "baseline"
    assert base.bbs_signature.hex() == _json(example, "addRawBaseSignatureInfo.json")[
        "bbsSignature"]
    assert base.bbs_header.hex() == hashes["proofHash"] + hashes["mandatoryHash"]
    assert base.public_key.hex() == _top("BBSKeyMaterial.json")["publicKeyHex"]
    assert base.hmac_key == _hmac_key()
    recovered = _json(example, "derivedRecoveredBaseData.json")
    assert list(base.mandatory_pointers) == recovered["mandatoryPointers"]
    assert base.bbs_signature.hex() == recovered["bbsSignature"]


@pytest.mark.conformance
@pytest.mark.parametrize("example", EXAMPLES)
def test_derived_proof_value(example):
    derived_doc = _json(example, "derivedRevealDocument.json")
    value = derived_doc["proof"]["proofValue"]
    raw = base64.urlsafe_b64decode(value[1:] + "=" * (-len(value[1:]) % 4))
    assert raw[:3] == b"\xd9\x5d\x03"
    derived = parse_derived_proof_value(value)
    expected = _json(example, "derivedDisclosureData.json")
    assert derived.bbs_proof.hex() == expected["bbsProof"]
    assert derived.label_map == _map(expected["labelMap"])
    assert decompress_label_map(cbor2.loads(raw[3:])[1]) == derived.label_map
    assert list(derived.mandatory_indexes) == expected["mandatoryIndexes"]
    assert list(derived.selective_indexes) == expected["adjSelectiveIndexes"]
    assert derived.presentation_header.hex() == _top("BBSDeriveMaterial.json")[
        "presentationHeaderHex"]
    if example == "prc":  # the verifier's own record of the same values
        verifier = _json(example, "verifyDerivedProofValue.json")
        assert derived.bbs_proof.hex() == verifier["bbsProof"]
        assert derived.label_map == _map(verifier["labelMap"])
        assert list(derived.selective_indexes) == verifier["adjSelectedIndexes"]
    assert {k: v for k, v in derived_doc.items() if k != "proof"} == _json(
        example, "derivedUnsignedReveal.json")


@pytest.mark.conformance
@pytest.mark.parametrize("example", EXAMPLES)
def test_verify_data_and_bbs_proof(example, canonicalizer):
    derived_doc = _json(example, "derivedRevealDocument.json")
    derived = parse_derived_proof_value(derived_doc["proof"]["proofValue"])
    data = create_verify_data(canonicalizer, derived_doc, derived_doc["proof"], derived)
    if example == "prc":
        assert list(data.nquads) == _json(example, "verifyNQuads.json")
    hashes = _json(example, "addHashData.json")
    assert data.proof_hash.hex() == hashes["proofHash"]
    assert data.mandatory_hash.hex() == hashes["mandatoryHash"]
    assert len(data.non_mandatory) == len(derived.selective_indexes)
    key = bytes.fromhex(_top("BBSKeyMaterial.json")["publicKeyHex"])
    messages = [q.encode() for q in data.non_mandatory]
    header = data.proof_hash + data.mandatory_hash
    assert bbs.proof_verify(key, derived.bbs_proof, header, derived.presentation_header,
                            messages, derived.selective_indexes)
    assert not bbs.proof_verify(key, derived.bbs_proof, header, b"other",
                                messages, derived.selective_indexes)


def _run(document: dict):
    return verify(json.dumps(document).encode(), now=PINNED_NOW, fetcher=offline_fetcher(),
                  loader=conformance_store())


@pytest.mark.conformance
@pytest.mark.parametrize("example", EXAMPLES)
def test_pipeline_verifies_derived_and_refuses_base(example):
    derived = _run(_json(example, "derivedRevealDocument.json"))
    assert derived.check("proof_signature").status is Status.PASS
    base = _run(_json(example, "addSignedSDBase.json"))
    assert base.check("sd_proof_form").status is Status.FAIL
    assert base.check("proof_signature") is None


def _windsurf() -> dict:
    return copy.deepcopy(_top("derivedRevealDocument.json"))


def _changed_value(doc: dict) -> dict:
    doc["credentialSubject"]["sails"][0]["size"] = 7.1  # a selectively disclosed statement
    return doc


def _changed_mandatory_value(doc: dict) -> dict:
    doc["credentialSubject"]["sailNumber"] = "Earth102"  # a mandatory statement
    return doc


def _changed_proof_bytes(doc: dict) -> dict:
    value = doc["proof"]["proofValue"]
    raw = bytearray(base64.urlsafe_b64decode(value[1:] + "=" * (-len(value[1:]) % 4)))
    components = cbor2.loads(bytes(raw[3:]))
    proof = bytearray(components[0])
    proof[200] ^= 0x01  # inside the scalars: still readable, no longer a proof
    components[0] = bytes(proof)
    encoded = bytes(raw[:3]) + cbor2.dumps(components)
    doc["proof"]["proofValue"] = "u" + base64.urlsafe_b64encode(encoded).rstrip(b"=").decode()
    return doc


def _other_key(doc: dict) -> dict:
    """The proof names another valid BLS12-381 G2 key (the CFRG draft's fixture key)."""
    other = bytes.fromhex(
        "a820f230f6ae38503b86c70dc50b61c58a77e45c39ab25c0652bbaa8fa136f2851bd4781c9dcde39fc"
        "9d1d52c9e60268061e7d7632171d91aa8d460acee0e96f1e7c4cfb12d3ff9ab5d5dc91c277db75c845"
        "d649ef3c4f63aebc364cd55ded0c")
    multikey = "z" + base58.b58encode(b"\xeb\x01" + other).decode()
    doc["proof"]["verificationMethod"] = f"did:key:{multikey}#{multikey}"
    return doc


@pytest.mark.conformance
@pytest.mark.parametrize("tamper", [_changed_value, _changed_mandatory_value,
                                    _changed_proof_bytes, _other_key])
def test_tampered_derived_proof_fails(tamper):
    report = _run(tamper(_windsurf()))
    assert report.check("proof_signature").status is Status.FAIL
    assert _run(_windsurf()).check("proof_signature").status is Status.PASS


@pytest.mark.conformance
def test_feature_option_proofs_are_not_understood_never_failed():
    for folder in ("HolderBinding", "Pseudonym", "PseudonymHB"):
        report = _run(json.loads((VECTORS / folder / "derivedRevealDocument.json").read_text()))
        assert report.check("proof_signature").status is Status.INDETERMINATE, folder
