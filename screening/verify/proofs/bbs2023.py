"""bbs-2023 (W3C vc-di-bbs §3.3-3.4): selective-disclosure BBS proofs.

The holder derives a proof from the issuer's BBS signature, disclosing some statements
and proving, in zero knowledge, that the issuer signed them among others:

* the proof value is 'u' + base64url(0xd9 0x5d 0x03 || CBOR [bbsProof, compressedLabelMap,
  mandatoryIndexes, selectiveIndexes, presentationHeader]);
* the revealed document is canonicalised, its blank nodes relabelled through the label map
  ({c14nN: bM}, the issuer's HMAC-shuffled labels) and sorted — the same createVerifyData
  as ecdsa-sd-2023 (verify/proofs/ecdsa_sd.py), reused here;
* the mandatory statements are hashed (mandatoryHash); the BBS header is
  SHA-256(canonical proof configuration) || mandatoryHash, the disclosed messages are the
  other statements, at `selectiveIndexes` among everything the issuer signed; the CFRG BBS
  ProofVerify (verify/keys/bbs.py) decides.

Headers 0x05, 0x07 and 0x09 are the optional features (anonymous holder binding,
pseudonyms), which need the Blind BBS and pseudonym drafts: not understood, never failed.
A base proof (0x02, 0x04, 0x06, 0x08) carries the issuer's HMAC key and is for the holder
only: `sd_proof_form` fails, as for ecdsa-sd-2023.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from screening.verify.jsonld.dataloss import DataLossError
from screening.verify.jsonld.processing import (
    CanonicalizationError,
    Canonicalizer,
    UnknownContextError,
    signed_form_check,
)
from screening.verify.keys.bbs import BbsError, proof_verify
from screening.verify.keys.publickey import PublicKey
from screening.verify.proofs.ecdsa_sd import (
    MAX_STATEMENTS,
    BaseProofPresented,
    SdProofError,
    base_proof_presented,
    create_verify_data,
    decode_proof_value,
)
from screening.verify.report import CheckResult, Status, not_understood

BASELINE = "baseline"
# Third header byte -> feature option (vc-di-bbs parseBaseProofValue / parseDerivedProofValue)
BASE_HEADERS = {0x02: BASELINE, 0x04: "anonymous_holder_binding", 0x06: "pseudonym",
                0x08: "holder_binding_pseudonym"}
DERIVED_HEADERS = {0x03: BASELINE, 0x05: "anonymous_holder_binding", 0x07: "pseudonym",
                   0x09: "holder_binding_pseudonym"}
_PREFIX = b"\xd9\x5d"
_FEATURE_NAMES = {"anonymous_holder_binding": "anonymous holder binding",
                  "pseudonym": "pseudonyms",
                  "holder_binding_pseudonym": "holder binding with pseudonyms"}


@dataclass(frozen=True)
class BbsDerivedProof:
    bbs_proof: bytes
    label_map: dict[str, str]  # canonical label ('c14n0') -> issuer's label ('b3')
    mandatory_indexes: tuple[int, ...]
    selective_indexes: tuple[int, ...]
    presentation_header: bytes
    feature_option: str


@dataclass(frozen=True)
class BbsBaseProof:
    bbs_signature: bytes
    bbs_header: bytes
    public_key: bytes
    hmac_key: bytes
    mandatory_pointers: tuple[str, ...]
    feature_option: str


def parse_derived_proof_value(value: Any) -> BbsDerivedProof:
    """vc-di-bbs parseDerivedProofValue; BaseProofPresented for a base proof."""
    header, components = decode_proof_value(value)
    if header[:2] == _PREFIX and header[2:] and header[2] in BASE_HEADERS:
        raise BaseProofPresented("this is the issuer's base proof, not a derived proof")
    feature = DERIVED_HEADERS.get(header[2]) if header[:2] == _PREFIX and header[2:] else None
    if feature is None:
        raise SdProofError("proofValue does not start with a bbs-2023 derived proof header")
    if not isinstance(components, list) or not 5 <= len(components) <= 8 or (
            feature == BASELINE and len(components) != 5):
        raise SdProofError("a derived proof value has five to eight components")
    bbs_proof, compressed, mandatory, selective, presentation_header = components[:5]
    if not isinstance(bbs_proof, bytes) or not isinstance(presentation_header, bytes):
        raise SdProofError("bbsProof and presentationHeader must be byte strings")
    return BbsDerivedProof(bbs_proof, decompress_label_map(compressed),
                           _indexes(mandatory, "mandatoryIndexes"),
                           _indexes(selective, "selectiveIndexes"), presentation_header,
                           feature)


def parse_base_proof_value(value: Any) -> BbsBaseProof:
    """vc-di-bbs parseBaseProofValue (the holder's input; tests read it)."""
    header, components = decode_proof_value(value)
    feature = BASE_HEADERS.get(header[2]) if header[:2] == _PREFIX and header[2:] else None
    if feature is None:
        raise SdProofError("proofValue does not start with a bbs-2023 base proof header")
    if not isinstance(components, list) or len(components) not in (5, 6):
        raise SdProofError("a base proof value has five or six components")
    signature, bbs_header, public_key, hmac_key, pointers = components[:5]
    if not all(isinstance(c, bytes) for c in (signature, bbs_header, public_key, hmac_key)) \
            or not isinstance(pointers, list) or not all(isinstance(p, str) for p in pointers):
        raise SdProofError("malformed base proof components")
    return BbsBaseProof(signature, bbs_header, public_key, hmac_key, tuple(pointers), feature)


def decompress_label_map(compressed: Any) -> dict[str, str]:
    """CBOR {int: int} -> {'c14n<k>': 'b<v>'} (vc-di-bbs decompressLabelMap)."""
    if not isinstance(compressed, dict):
        raise SdProofError("the label map must be a CBOR map")
    labels: dict[str, str] = {}
    for key, value in compressed.items():
        if not all(isinstance(x, int) and not isinstance(x, bool) and x >= 0
                   for x in (key, value)):
            raise SdProofError("label map entries must be non-negative integers")
        labels[f"c14n{key}"] = f"b{value}"
    return labels


def _indexes(value: Any, name: str) -> tuple[int, ...]:
    if not isinstance(value, list) or len(value) > MAX_STATEMENTS or not all(
            isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in value):
        raise SdProofError(f"{name} must be a list of non-negative integers")
    return tuple(value)


def base_proof_check(proof: dict[str, Any], details: dict[str, Any]) -> CheckResult | None:
    """`sd_proof_form` failed when a bbs-2023 base proof is presented; None otherwise."""
    try:
        parse_derived_proof_value(proof.get("proofValue"))
    except BaseProofPresented as exc:
        return base_proof_presented(exc, details)
    except SdProofError:
        return None  # malformed: the signature check says so
    return None


def derived_proof_check(canonicalizer: Canonicalizer, document: dict[str, Any],
                        proof: dict[str, Any], key: PublicKey,
                        details: dict[str, Any]) -> CheckResult:
    """The `proof_signature` check of a bbs-2023 derived proof."""
    form = base_proof_check(proof, details)
    if form is not None:
        return form
    try:
        derived = parse_derived_proof_value(proof.get("proofValue"))
    except SdProofError as exc:
        return CheckResult("proof_signature", Status.FAIL, "The signature value is malformed.",
                           {**details, "reason": str(exc)})
    if derived.feature_option != BASELINE:
        feature = _FEATURE_NAMES[derived.feature_option]
        return not_understood(
            "proof_signature", f"BBS proofs with {feature} cannot be checked by this version.",
            f"bbs-2023 with {feature}", **details)
    try:
        data = create_verify_data(canonicalizer, document, proof, derived)
    except (DataLossError, UnknownContextError, SdProofError, CanonicalizationError,
            TypeError, ValueError) as exc:
        return signed_form_check(exc, details,
                                 "The disclosed content does not match its signature.")
    try:
        valid = proof_verify(key.raw, derived.bbs_proof, data.proof_hash + data.mandatory_hash,
                             derived.presentation_header,
                             [q.encode("utf-8") for q in data.non_mandatory],
                             derived.selective_indexes)
    except BbsError as exc:
        return CheckResult("proof_signature", Status.FAIL, "The signature value is malformed.",
                           {**details, "reason": str(exc)})
    info = {**details, "disclosed_statements": len(data.nquads),
            "mandatory_statements": len(derived.mandatory_indexes)}
    if not valid:
        return CheckResult(
            "proof_signature", Status.FAIL,
            "The signature does not match: the credential was changed or forged.", info)
    return CheckResult(
        "proof_signature", Status.PASS,
        "The signature is valid: the disclosed content is exactly what the issuer signed.",
        info)
