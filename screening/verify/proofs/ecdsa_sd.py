"""ecdsa-sd-2023 (W3C vc-di-ecdsa §3.4-3.5): selective-disclosure ECDSA proofs.

A verifier checks *derived* proofs, which a holder makes from the issuer's base proof by
revealing some statements:

* the proof value is 'u' + base64url(0xd9 0x5d 0x01 || CBOR [baseSignature, publicKey,
  signatures, compressedLabelMap, mandatoryIndexes]);
* the revealed document is canonicalised (RDFC-1.0) and its blank-node labels replaced
  by the issuer's HMAC-derived labels (the label map), then the N-Quads are sorted;
* the quads at `mandatoryIndexes` are hashed together (mandatoryHash); the issuer's key
  must have signed SHA-256(canonical proof configuration) || publicKey || mandatoryHash
  (the base signature), and the proof-scoped `publicKey` must have signed every other
  quad, one signature per quad, in order.

A *base* proof (header 0xd9 0x5d 0x00) carries the issuer's HMAC key and is meant for the
holder only: the specification makes presenting it to a verifier an error
(PROOF_VERIFICATION_ERROR), reported here as its own failed check, `sd_proof_form`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import cbor2

from screening.verify.jsonld.dataloss import DataLossError
from screening.verify.jsonld.processing import (
    CanonicalizationError,
    Canonicalizer,
    UnknownContextError,
    signed_form_check,
)
from screening.verify.keys.ec import CURVE_HASHES, decode_compressed_point, ecdsa_verify
from screening.verify.keys.publickey import (
    EC_MULTICODECS,
    KeyFormatError,
    PublicKey,
    b64url_decode,
    b64url_encode,
)
from screening.verify.proofs.inputs import proof_configuration, unsecured_document
from screening.verify.report import CheckResult, Status, not_understood

BASE_HEADER = b"\xd9\x5d\x00"
DERIVED_HEADER = b"\xd9\x5d\x01"
MAX_STATEMENTS = 2_000  # signatures per derived proof (credentials have tens)
_LABEL = re.compile(r"^c14n(0|[1-9][0-9]{0,5})$")
SUPPORTED_CURVES = frozenset({"P-256"})  # the only curve the W3C vectors exercise


class SdProofError(ValueError):
    """A selective-disclosure proof value that cannot be used."""


class BaseProofPresented(SdProofError):
    """The issuer's base proof was presented instead of a derived one."""


@dataclass(frozen=True)
class DerivedProof:
    base_signature: bytes
    public_key: bytes  # Multikey bytes (multicodec prefix + compressed point)
    signatures: tuple[bytes, ...]
    label_map: Mapping[str, str]  # canonical label ('c14n0') -> HMAC label ('u...')
    mandatory_indexes: tuple[int, ...]


@dataclass(frozen=True)
class BaseProof:
    base_signature: bytes
    public_key: bytes
    hmac_key: bytes
    signatures: tuple[bytes, ...]
    mandatory_pointers: tuple[str, ...]


class Disclosure(Protocol):
    """What createVerifyData needs of a parsed derived proof (ecdsa-sd-2023, bbs-2023)."""

    @property
    def label_map(self) -> Mapping[str, str]: ...

    @property
    def mandatory_indexes(self) -> tuple[int, ...]: ...


@dataclass(frozen=True)
class VerifyData:
    proof_hash: bytes
    mandatory_hash: bytes
    non_mandatory: tuple[str, ...]
    nquads: tuple[str, ...]


def decode_proof_value(value: Any) -> tuple[bytes, Any]:
    """(three-byte header, CBOR components) of a 'u' multibase proof value (ecdsa-sd-2023
    and bbs-2023 share this form)."""
    if not isinstance(value, str) or not value.startswith("u"):
        raise SdProofError("proofValue must be multibase base64url ('u')")
    try:
        raw = b64url_decode(value[1:])
    except KeyFormatError as exc:
        raise SdProofError(f"proofValue is not base64url: {exc}") from exc
    header = raw[:3]
    try:
        components = cbor2.loads(raw[3:])
    except (cbor2.CBORDecodeError, ValueError, TypeError, RecursionError) as exc:
        raise SdProofError(f"proofValue is not CBOR: {exc}") from exc
    return header, components


def parse_derived_proof_value(value: Any) -> DerivedProof:
    header, components = decode_proof_value(value)
    if header == BASE_HEADER:
        raise BaseProofPresented("this is the issuer's base proof, not a derived proof")
    if header != DERIVED_HEADER:
        raise SdProofError("proofValue does not start with the ecdsa-sd-2023 derived header")
    if not isinstance(components, list) or len(components) != 5:
        raise SdProofError("a derived proof value has five components")
    base_signature, public_key, signatures, compressed, mandatory = components
    if not isinstance(base_signature, bytes) or not isinstance(public_key, bytes):
        raise SdProofError("baseSignature and publicKey must be byte strings")
    if not isinstance(signatures, list) or not all(isinstance(s, bytes) for s in signatures):
        raise SdProofError("signatures must be a list of byte strings")
    if len(signatures) > MAX_STATEMENTS:
        raise SdProofError("too many signatures")
    if not isinstance(mandatory, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in mandatory):
        raise SdProofError("mandatoryIndexes must be a list of non-negative integers")
    return DerivedProof(base_signature, public_key, tuple(signatures),
                        decompress_label_map(compressed), tuple(mandatory))


def parse_base_proof_value(value: Any) -> BaseProof:
    header, components = decode_proof_value(value)
    if header != BASE_HEADER:
        raise SdProofError("proofValue does not start with the ecdsa-sd-2023 base header")
    if not isinstance(components, list) or len(components) != 5:
        raise SdProofError("a base proof value has five components")
    base_signature, public_key, hmac_key, signatures, pointers = components
    if not (isinstance(base_signature, bytes) and isinstance(public_key, bytes)
            and isinstance(hmac_key, bytes) and isinstance(signatures, list)
            and isinstance(pointers, list)):
        raise SdProofError("malformed base proof components")
    return BaseProof(base_signature, public_key, hmac_key, tuple(signatures), tuple(pointers))


def decompress_label_map(compressed: Any) -> dict[str, str]:
    """CBOR {int: bytes} -> {'c14n<int>': 'u' + base64url(bytes)}."""
    if not isinstance(compressed, dict):
        raise SdProofError("the label map must be a CBOR map")
    labels: dict[str, str] = {}
    for key, value in compressed.items():
        if not isinstance(key, int) or isinstance(key, bool) or key < 0 \
                or not isinstance(value, bytes):
            raise SdProofError("label map entries must be integer -> byte string")
        labels[f"c14n{key}"] = "u" + b64url_encode(value)
    return labels


def compress_label_map(label_map: Mapping[str, str]) -> dict[int, bytes]:
    compressed: dict[int, bytes] = {}
    for key, value in label_map.items():
        match = _LABEL.match(key)
        if match is None or not value.startswith("u"):
            raise SdProofError(f"label map entry {key!r} -> {value!r} cannot be compressed")
        compressed[int(match.group(1))] = b64url_decode(value[1:])
    return compressed


# One N-Quads term: an IRI, a blank node, or a literal with its datatype or language.
_TERM = re.compile(r'<[^>]*>|_:[A-Za-z0-9_.-]+|"(?:[^"\\]|\\.)*"(?:\^\^<[^>]*>|@[A-Za-z0-9-]+)?')


def relabel(canonical_nquads: str, label_map: Mapping[str, str]) -> list[str]:
    """The N-Quads with each blank node label replaced through `label_map` (labels
    without '_:'), sorted; a blank node missing from the map is an error. Each line is
    split into its terms (subject, predicate, object, optional graph) so that text inside
    a literal is never taken for a label."""
    out: list[str] = []
    for line in canonical_nquads.split("\n"):  # not splitlines: U+2028 may be in a literal
        if not line:
            continue
        terms: list[str] = []
        pos = 0
        while len(terms) < 4:
            match = _TERM.match(line, pos)
            if match is None:
                break
            term = match.group()
            if term.startswith("_:"):
                try:
                    term = "_:" + label_map[term[2:]]
                except KeyError:
                    raise SdProofError(f"blank node {term} is not in the label map") from None
            terms.append(term)
            pos = match.end() + 1
            if line[match.end():match.end() + 1] != " ":
                break
        if len(terms) < 3 or line[pos:] != ".":
            raise SdProofError("a canonical statement could not be read")
        out.append(" ".join(terms) + " .\n")
    return sorted(out)


def create_verify_data(canonicalizer: Canonicalizer, document: dict[str, Any],
                       proof: dict[str, Any], derived: Disclosure,
                       hash_name: str = "sha256") -> VerifyData:
    """vc-di-ecdsa §3.5.8 createVerifyData (and vc-di-bbs's, which is the same)."""
    unsecured = unsecured_document(document, [])
    config = proof_configuration(unsecured, proof)
    proof_hash = hashlib.new(hash_name, canonicalizer.canonize(config, hash_name).encode(
        "utf-8")).digest()
    nquads = relabel(canonicalizer.canonize(unsecured, hash_name), derived.label_map)
    if any(i >= len(nquads) for i in derived.mandatory_indexes):
        raise SdProofError("a mandatory index points past the revealed statements")
    wanted = set(derived.mandatory_indexes)
    mandatory = [q for i, q in enumerate(nquads) if i in wanted]
    non_mandatory = tuple(q for i, q in enumerate(nquads) if i not in wanted)
    mandatory_hash = hashlib.new(hash_name, "".join(mandatory).encode("utf-8")).digest()
    return VerifyData(proof_hash, mandatory_hash, non_mandatory, tuple(nquads))


def proof_scoped_key(public_key: bytes) -> PublicKey:
    curve = EC_MULTICODECS.get(public_key[:2])
    if curve not in ("P-256", "P-384"):
        raise SdProofError("the proof-scoped key is not a P-256 or P-384 Multikey")
    try:
        return decode_compressed_point(curve, public_key[2:])
    except KeyFormatError as exc:
        raise SdProofError(f"the proof-scoped key is invalid: {exc}") from exc


def base_proof_check(proof: dict[str, Any], details: dict[str, Any]) -> CheckResult | None:
    """`sd_proof_form` failed when the proof is a base proof (the issuer's, for the holder
    only: vc-di-ecdsa forbids presenting it), decided from the proof value alone — before
    and whatever the key; None otherwise."""
    try:
        parse_derived_proof_value(proof.get("proofValue"))
    except BaseProofPresented as exc:
        return base_proof_presented(exc, details)
    except SdProofError:
        return None  # malformed: the signature check says so
    return None


def base_proof_presented(exc: BaseProofPresented, details: dict[str, Any]) -> CheckResult:
    """`sd_proof_form` failed: a selective-disclosure suite's base proof (the issuer's, for
    the holder only) was presented to a verifier."""
    return CheckResult(
        "sd_proof_form", Status.FAIL,
        "This copy carries the issuer's private base signature, which must never be "
        "shown to others; ask the candidate for a shared (derived) copy.",
        {**details, "reason": str(exc)})


def derived_proof_check(canonicalizer: Canonicalizer, document: dict[str, Any],
                        proof: dict[str, Any], key: PublicKey,
                        details: dict[str, Any]) -> CheckResult:
    """The `proof_signature` check of an ecdsa-sd-2023 proof (or `sd_proof_form` when a
    base proof is presented)."""
    if key.algorithm not in SUPPORTED_CURVES:
        return not_understood(
            "proof_signature", f"Selective-disclosure signatures with {key.algorithm} keys "
            "cannot be checked by this version.", f"ecdsa-sd-2023 with {key.algorithm}",
            **details)
    form = base_proof_check(proof, details)
    if form is not None:
        return form
    try:
        derived = parse_derived_proof_value(proof.get("proofValue"))
    except SdProofError as exc:
        return CheckResult("proof_signature", Status.FAIL, "The signature value is malformed.",
                           {**details, "reason": str(exc)})
    hash_name = CURVE_HASHES[key.algorithm]
    try:
        data = create_verify_data(canonicalizer, document, proof, derived, hash_name)
        ephemeral = proof_scoped_key(derived.public_key)
    except (DataLossError, UnknownContextError, SdProofError, CanonicalizationError,
            TypeError, ValueError) as exc:
        return signed_form_check(exc, details,
                                 "The disclosed content does not match its signature.")
    problems: list[str] = []
    if len(derived.signatures) != len(data.non_mandatory):
        problems.append(f"{len(derived.signatures)} signatures for "
                        f"{len(data.non_mandatory)} disclosed statements")
    elif not ecdsa_verify(key, data.proof_hash + derived.public_key + data.mandatory_hash,
                          derived.base_signature):
        problems.append("the issuer's base signature does not verify")
    else:
        bad = [i for i, (quad, sig) in enumerate(zip(data.non_mandatory, derived.signatures,
                                                     strict=True))
               if not ecdsa_verify(ephemeral, quad.encode("utf-8"), sig)]
        if bad:
            problems.append(f"statement signatures {bad[:10]} do not verify")
    if problems:
        return CheckResult(
            "proof_signature", Status.FAIL,
            "The signature does not match: the credential was changed or forged.",
            {**details, "problems": problems})
    return CheckResult(
        "proof_signature", Status.PASS,
        "The signature is valid: the disclosed content is exactly what the issuer signed.",
        {**details, "disclosed_statements": len(data.nquads),
         "mandatory_statements": len(derived.mandatory_indexes)})
