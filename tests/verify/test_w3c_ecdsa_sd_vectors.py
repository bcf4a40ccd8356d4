"""W3C vc-di-ecdsa ecdsa-sd-2023 vectors ("employ" and "prc"), step by step: the issuer's
base proof (HMAC-relabelled canonical statements, mandatory grouping, hashes, per-statement
signatures, CBOR proof value), the holder's derivation (group indexes, adjusted mandatory
indexes, filtered signatures, label map, reveal document, derived proof value) and the
verifier's data (N-Quads, proof hash, mandatory hash). RFC 6979 deterministic ECDSA
reproduces the vectors' signatures."""

from __future__ import annotations

import hashlib
import json

import pytest
from conformance_data import CONFORMANCE, PINNED_NOW, conformance_store, offline_fetcher

from screening.testing.ecdsa_sd import (
    canonical_id_map,
    canonicalize_and_group,
    derive,
    disclosure_data,
    hmac_label_map,
    select_json_ld,
    sign_base,
    skolemize,
    to_deskolemized_dataset,
)
from screening.testing.issuers import EcIssuer
from screening.verify import verify
from screening.verify.proofs.ecdsa_sd import (
    create_verify_data,
    parse_base_proof_value,
    parse_derived_proof_value,
)
from screening.verify.proofs.inputs import proof_configuration
from screening.verify.report import Status

VECTORS = CONFORMANCE / "w3c-vc-di-ecdsa" / "TestVectors"
SD = VECTORS / "ecdsa-sd-2023"
EXAMPLES = {"employ": ("employmentAuth.json", "employMandatory.json", "employSelective.json"),
            "prc": ("prCredUnsigned.json", "prCredMandatory.json", "prCredSelective.json")}


def _json(*parts: str):
    return json.loads(SD.joinpath(*parts).read_text())


def _top(name: str):
    return json.loads((VECTORS / name).read_text())


def _map(value):
    """The vectors write JS Maps as {"dataType": "Map", "value": [[k, v], ...]}."""
    return dict(value["value"]) if isinstance(value, dict) and "dataType" in value else \
        dict(value)


def _unsigned(example: str) -> dict:
    """The document the example's base proof was made from. For "prc" the vectors' own
    prCredUnsigned.json has another description than the document that was signed
    (an upstream inconsistency; see test_prc_unsigned_input_differs_only_in_description),
    so the signed base document without its proof is used."""
    if example == "prc":
        signed = _json(example, "addSignedSDBase.json")
        return {k: v for k, v in signed.items() if k != "proof"}
    return _top(EXAMPLES[example][0])


def test_prc_unsigned_input_differs_only_in_description():
    upstream, used = _top("prCredUnsigned.json"), _unsigned("prc")
    assert {k for k in upstream if upstream[k] != used.get(k)} == {"description"}


def _keys():
    material = json.loads((SD / "SDKeyMaterial.json").read_text())
    return (EcIssuer.from_secret_multibase(material["baseKeyPair"]["secretKeyMultibase"]),
            EcIssuer.from_secret_multibase(material["proofKeyPair"]["secretKeyMultibase"]),
            bytes.fromhex(material["hmacKeyString"]))


@pytest.fixture(scope="module")
def canonicalizer():
    return conformance_store().canonicalizer()


@pytest.mark.conformance
@pytest.mark.parametrize("example", EXAMPLES)
def test_base_proof_transformation(example, canonicalizer):
    _, mandatory_name, _ = EXAMPLES[example]
    document, pointers = _unsigned(example), _top(mandatory_name)
    _issuer, _proof_key, hmac_key = _keys()
    skolemized = skolemize(canonicalizer, document)
    canonical, id_map = canonical_id_map(to_deskolemized_dataset(canonicalizer,
                                                                skolemized.expanded))
    assert canonical.splitlines(keepends=True) == _json(example, "addBaseDocCanon.json")
    grouped = canonicalize_and_group(canonicalizer, document, hmac_key,
                                     {"mandatory": pointers})
    assert grouped.nquads == _json(example, "addBaseDocHMACCanon.json")
    labels = hmac_label_map(hmac_key)(id_map)
    assert set(labels.values()) == set(grouped.label_map.values())
    transform = _json(example, "addBaseTransform.json")
    assert transform["mandatoryPointers"] == pointers
    mandatory, non_mandatory = grouped.groups["mandatory"]
    assert mandatory == {int(k): v for k, v in _map(transform["mandatory"]).items()}
    assert non_mandatory == {int(k): v for k, v in _map(transform["nonMandatory"]).items()}
    values = [{"pointer": p, "value": select_json_ld([p], document)} for p in pointers]
    expected = _json(example, "addPointerValues.json")
    for got, want in zip(values, expected, strict=True):
        leaf = got["value"]
        for part in want["pointer"][1:].split("/"):
            leaf = leaf[int(part) if isinstance(leaf, list) else part]
        assert leaf == want["value"]


@pytest.mark.conformance
@pytest.mark.parametrize("example", EXAMPLES)
def test_base_proof_hashes_signatures_and_proof_value(example, canonicalizer):
    _, mandatory_name, _ = EXAMPLES[example]
    issuer, proof_key, hmac_key = _keys()
    config = _json(example, "addProofConfig.json")
    signed_vector = _json(example, "addSignedSDBase.json")
    assert proof_configuration(_unsigned(example), {
        k: v for k, v in signed_vector["proof"].items() if k != "proofValue"}) == config
    canonical_config = canonicalizer.canonize(config)
    assert canonical_config.rstrip("\n") == SD.joinpath(
        example, "addProofConfigCanon.txt").read_text().rstrip("\n")
    hashes = _json(example, "addHashData.json")
    assert hashlib.sha256(canonical_config.encode()).hexdigest() == hashes["proofHash"]
    signed = sign_base(_unsigned(example), issuer, _top(mandatory_name), hmac_key=hmac_key,
                       proof_key=proof_key, canonicalizer=canonicalizer,
                       created=config["created"],
                       verification_method=config["verificationMethod"])
    raw = _json(example, "addRawBaseSignatureInfo.json")
    parsed = parse_base_proof_value(signed["proof"]["proofValue"])
    assert parsed.base_signature.hex() == raw["baseSignature"]
    assert [s.hex() for s in parsed.signatures] == raw["signatures"]
    assert parsed.hmac_key == hmac_key
    assert signed == signed_vector  # the CBOR proof value, byte for byte
    grouped = canonicalize_and_group(canonicalizer, _unsigned(example), hmac_key,
                                     {"mandatory": _top(mandatory_name)})
    mandatory = grouped.groups["mandatory"][0]
    assert hashlib.sha256("".join(mandatory[i] for i in sorted(mandatory)).encode(
        )).hexdigest() == hashes["mandatoryHash"]


@pytest.mark.conformance
@pytest.mark.parametrize("example", EXAMPLES)
def test_derived_proof_creation(example, canonicalizer):
    _, _, selective_name = EXAMPLES[example]
    base = _json(example, "addSignedSDBase.json")
    data = disclosure_data(base, _top(selective_name), canonicalizer)
    indexes = json.loads(SD.joinpath(example, "derivedGroupIndexes.json").read_text())
    groups = data.grouped.groups
    assert sorted(groups["combined"][0]) == indexes["combinedIndexes"]
    assert sorted(groups["mandatory"][0]) == indexes["mandatoryIndexes"]
    assert sorted(groups["mandatory"][1]) == indexes["nonMandatoryIndexes"]
    assert sorted(groups["selective"][0]) == indexes["selectiveIndexes"]
    assert data.mandatory_indexes == _json(example, "derivedAdjMandatoryIndexes.json")[
        "adjMandatoryIndexes"]
    assert [s.hex() for s in data.signatures] == _json(
        example, "derivedAdjSignatures.json")["filteredSignatures"]
    disclosure = _json(example, "derivedDisclosureData.json")
    assert data.label_map == _map(disclosure["labelMap"])
    assert data.mandatory_indexes == disclosure["mandatoryIndexes"]
    assert data.reveal_document == _json(example, "derivedUnsignedReveal.json")
    assert derive(base, _top(selective_name), canonicalizer) == _json(
        example, "derivedRevealDocument.json")


@pytest.mark.conformance
@pytest.mark.parametrize("example", EXAMPLES)
def test_verify_data_of_the_derived_proof(example, canonicalizer):
    derived_doc = _json(example, "derivedRevealDocument.json")
    derived = parse_derived_proof_value(derived_doc["proof"]["proofValue"])
    expected = _json(example, "verifyDerivedProofValue.json")
    assert derived.base_signature.hex() == expected["baseSignature"]
    assert [s.hex() for s in derived.signatures] == expected["signatures"]
    assert dict(derived.label_map) == _map(expected["labelMap"])
    assert list(derived.mandatory_indexes) == expected["mandatoryIndexes"]
    data = create_verify_data(canonicalizer, derived_doc, derived_doc["proof"], derived)
    assert list(data.nquads) == _json(example, "verifyNQuads.json")
    verify_data = _json(example, "verifyCreateVerifyData.json")
    assert data.proof_hash.hex() == verify_data["proofHash"]
    assert data.mandatory_hash.hex() == verify_data["mandatoryHash"]
    assert list(data.non_mandatory) == verify_data["nonMandatory"]


@pytest.mark.conformance
@pytest.mark.parametrize("example", EXAMPLES)
def test_pipeline_verifies_derived_and_refuses_base(example):
    for name, code, status in (("derivedRevealDocument.json", "proof_signature", Status.PASS),
                               ("addSignedSDBase.json", "sd_proof_form", Status.FAIL)):
        report = verify(SD.joinpath(example, name).read_bytes(), now=PINNED_NOW,
                        fetcher=offline_fetcher(), loader=conformance_store())
        assert report.check(code).status is status, name
