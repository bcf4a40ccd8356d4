"""ecdsa-sd-2023 issuing (base proof) and holder derivation (derived proof), for tests,
benchmarks and sample data only — the verifier never imports this module.

Follows W3C vc-di-ecdsa §3.4 (selective-disclosure functions) and §3.5 (ecdsa-sd-2023):
skolemise → canonicalise with HMAC-derived blank-node labels → group statements by JSON
pointers → sign the mandatory hash with the issuer's key and each other statement with a
proof-scoped P-256 key. RFC 6979 deterministic ECDSA makes the output reproducible (the
W3C vectors are reproduced byte for byte by tests/verify/test_w3c_ecdsa_sd_vectors.py).
"""

from __future__ import annotations

import copy
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import cbor2
from pyld import jsonld
from pyld.canon import URDNA2015

from screening.testing.issuers import EcIssuer
from screening.verify.jsonld.processing import Canonicalizer
from screening.verify.keys.ec import compressed_point
from screening.verify.keys.publickey import EC_MULTICODECS, b64url_encode
from screening.verify.proofs.ecdsa_sd import (
    BASE_HEADER,
    DERIVED_HEADER,
    compress_label_map,
    parse_base_proof_value,
)
from screening.verify.proofs.inputs import proof_configuration

_MULTICODEC = {curve: prefix for prefix, curve in EC_MULTICODECS.items()}
BNID = "urn:bnid:"


def hmac_label_map(hmac_key: bytes) -> Callable[[dict[str, str]], dict[str, str]]:
    """createHmacIdLabelMapFunction: canonical label -> 'u' + base64url(HMAC-SHA256)."""
    def factory(canonical_id_map: dict[str, str]) -> dict[str, str]:
        return {source: "u" + b64url_encode(hmac.new(hmac_key, c14n.encode(),
                                                     hashlib.sha256).digest())
                for source, c14n in canonical_id_map.items()}
    return factory


Dataset = dict[str, list[dict[str, Any]]]  # pyld's RDF dataset: graph -> triples


def canonical_id_map(dataset: Dataset) -> tuple[str, dict[str, str]]:
    """RDFC-1.0 of a dataset: (canonical N-Quads, input label -> canonical label), labels
    without '_:'."""
    rdfc = URDNA2015()
    canonical = rdfc.main(copy.deepcopy(dataset), {"algorithm": "URDNA2015",
                                                   "format": "application/n-quads"})
    mapping = {old[2:]: new[2:] for old, new in rdfc.canonical_issuer.existing.items()}
    return canonical, mapping


def relabel_dataset(dataset: Dataset, label_map: dict[str, str]) -> list[str]:
    """Each statement as an N-Quad with its blank nodes renamed through `label_map`."""
    out = []
    for graph_name, triples in dataset.items():
        graph = None if graph_name == "@default" else (
            "_:" + label_map[graph_name[2:]] if graph_name.startswith("_:") else graph_name)
        for triple in triples:
            quad = copy.deepcopy(triple)
            for position in ("subject", "object"):
                if quad[position]["type"] == "blank node":
                    quad[position]["value"] = "_:" + label_map[quad[position]["value"][2:]]
            out.append(jsonld.JsonLdProcessor.to_nquad(quad, graph))
    return sorted(out)


@dataclass
class _Counter:
    value: int = 0
    prefix: str = "b"

    def next(self) -> str:
        self.value += 1
        return f"{self.prefix}{self.value - 1}"


def _skolemize_expanded(node: Any, counter: _Counter) -> Any:
    if isinstance(node, list):
        return [_skolemize_expanded(n, counter) for n in node]
    if not isinstance(node, dict) or "@value" in node:
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        out[key] = value if key in ("@id", "@type", "@context") else \
            _skolemize_expanded(value, counter)
    if "@list" in node or "@set" in node:
        return out
    ident = node.get("@id")
    if ident is None:
        out["@id"] = BNID + counter.next()
    elif isinstance(ident, str) and ident.startswith("_:"):
        out["@id"] = BNID + ident[2:]
    return out


@dataclass
class Skolemized:
    expanded: Any
    compact: dict[str, Any]


def skolemize(canonicalizer: Canonicalizer, document: dict[str, Any]) -> Skolemized:
    options = canonicalizer._options()
    expanded = jsonld.expand(document, options)
    skolemized = _skolemize_expanded(expanded, _Counter())
    compact = jsonld.compact(skolemized, {"@context": document["@context"]}, options)
    compact["@context"] = copy.deepcopy(document["@context"])
    return Skolemized(skolemized, compact)


def to_deskolemized_dataset(canonicalizer: Canonicalizer, expanded: Any) -> Dataset:
    """The RDF dataset of a skolemised document with urn:bnid: IRIs turned back into
    blank nodes."""
    dataset: Dataset = jsonld.to_rdf(expanded, canonicalizer._options())
    for triples in dataset.values():
        for triple in triples:
            for position in ("subject", "object"):
                term = triple[position]
                if term["type"] == "IRI" and term["value"].startswith(BNID):
                    term["type"], term["value"] = "blank node", "_:" + term["value"][len(BNID):]
    return dataset


# --- JSON pointer selection (selectJsonLd) ------------------------------------------------


class _Sparse(dict[Any, Any]):
    """An array under construction: index -> selected value."""


def _parse_pointer(pointer: str) -> list[str | int]:
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    out: list[str | int] = []
    for part in pointer[1:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        out.append(int(part) if part.isdigit() else part)
    return out


def _initial_selection(source: Any) -> dict[str, Any]:
    selection: dict[str, Any] = {}
    ident = source.get("id")
    if isinstance(ident, str) and not ident.startswith("_:"):
        selection["id"] = ident
    if "type" in source:
        selection["type"] = copy.deepcopy(source["type"])
    return selection


def _densify(value: Any) -> Any:
    if isinstance(value, _Sparse):
        return [_densify(value[k]) for k in sorted(value)]
    if isinstance(value, dict):
        return {k: _densify(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_densify(v) for v in value]
    return value


def select_json_ld(pointers: list[str], document: dict[str, Any]) -> dict[str, Any] | None:
    if not pointers:
        return None
    selection: dict[str, Any] = {**_initial_selection(document),
                                 "@context": copy.deepcopy(document["@context"])}
    for pointer in pointers:
        path = _parse_pointer(pointer)
        value: Any = document
        selected: Any = selection
        parent: Any = None
        for segment in path:
            parent = selected
            value = value[segment]
            nxt = parent.get(segment)
            if nxt is None:
                nxt = _Sparse() if isinstance(value, list) else \
                    _initial_selection(value) if isinstance(value, dict) else None
                parent[segment] = nxt
            selected = nxt
        last = path[-1]
        if isinstance(value, dict):
            parent[last] = {**(selected or {}), **copy.deepcopy(value)}
        else:
            parent[last] = copy.deepcopy(value)
    densified: dict[str, Any] = _densify(selection)
    return densified


# --- canonicalizeAndGroup -----------------------------------------------------------------


@dataclass
class Grouped:
    nquads: list[str]
    label_map: dict[str, str]  # input (skolem) label -> HMAC label
    groups: dict[str, tuple[dict[int, str], dict[int, str]]]  # name -> (matching, non)
    selections: dict[str, Dataset] = field(default_factory=dict)  # name -> deskolemized


def canonicalize_and_group(canonicalizer: Canonicalizer, document: dict[str, Any],
                           hmac_key: bytes, groups: dict[str, list[str]]) -> Grouped:
    skolemized = skolemize(canonicalizer, document)
    dataset = to_deskolemized_dataset(canonicalizer, skolemized.expanded)
    _canonical, id_map = canonical_id_map(dataset)
    label_map = hmac_label_map(hmac_key)(id_map)
    nquads = relabel_dataset(dataset, label_map)
    result = Grouped(nquads, label_map, {})
    for name, pointers in groups.items():
        selection = select_json_ld(pointers, skolemized.compact)
        selected_data: Dataset = {} if selection is None else to_deskolemized_dataset(
            canonicalizer, jsonld.expand(selection, canonicalizer._options()))
        result.selections[name] = selected_data
        selected = set(relabel_dataset(selected_data, label_map))
        matching = {i: q for i, q in enumerate(nquads) if q in selected}
        non = {i: q for i, q in enumerate(nquads) if q not in selected}
        result.groups[name] = (matching, non)
    return result


# --- base and derived proofs ---------------------------------------------------------------


def sign_base(document: dict[str, Any], issuer: EcIssuer, mandatory_pointers: list[str], *,
              hmac_key: bytes, proof_key: EcIssuer, canonicalizer: Canonicalizer,
              created: str = "2025-01-01T00:00:00Z",
              verification_method: str | None = None) -> dict[str, Any]:
    """The issuer's ecdsa-sd-2023 base proof (given to the holder, never to a verifier)."""
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof", "cryptosuite": "ecdsa-sd-2023", "created": created,
        "verificationMethod": verification_method or issuer.did_key_method,
        "proofPurpose": "assertionMethod"}
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    grouped = canonicalize_and_group(canonicalizer, unsecured, hmac_key,
                                     {"mandatory": mandatory_pointers})
    mandatory, non_mandatory = grouped.groups["mandatory"]
    config = proof_configuration(unsecured, proof)
    proof_hash = hashlib.sha256(canonicalizer.canonize(config).encode()).digest()
    mandatory_hash = hashlib.sha256("".join(mandatory[i] for i in sorted(mandatory)).encode(
        )).digest()
    public_key = _MULTICODEC[proof_key.algorithm] + compressed_point(proof_key.public_key())
    signatures = [proof_key.sign_bytes(non_mandatory[i].encode()) for i in sorted(non_mandatory)]
    base_signature = issuer.sign_bytes(proof_hash + public_key + mandatory_hash)
    payload = cbor2.dumps([base_signature, public_key, hmac_key, signatures,
                           list(mandatory_pointers)])
    signed = copy.deepcopy(unsecured)
    signed["proof"] = {**proof, "proofValue": "u" + b64url_encode(BASE_HEADER + payload)}
    return signed


@dataclass
class Disclosure:
    reveal_document: dict[str, Any]
    base_signature: bytes
    public_key: bytes
    signatures: list[bytes]
    label_map: dict[str, str]
    mandatory_indexes: list[int]
    grouped: Grouped


def disclosure_data(base: dict[str, Any], selective_pointers: list[str],
                    canonicalizer: Canonicalizer) -> Disclosure:
    """vc-di-ecdsa §3.5.3 createDisclosureData."""
    proof = base["proof"]
    parsed = parse_base_proof_value(proof["proofValue"])
    mandatory_pointers = list(parsed.mandatory_pointers)
    combined = mandatory_pointers + list(selective_pointers)
    document = {k: v for k, v in base.items() if k != "proof"}
    grouped = canonicalize_and_group(canonicalizer, document, parsed.hmac_key, {
        "mandatory": mandatory_pointers, "selective": list(selective_pointers),
        "combined": combined})
    combined_match = grouped.groups["combined"][0]
    mandatory_match, mandatory_non = grouped.groups["mandatory"]
    selective_match = grouped.groups["selective"][0]
    mandatory_indexes = [relative for relative, absolute in enumerate(sorted(combined_match))
                         if absolute in mandatory_match]
    non_mandatory_indexes = sorted(mandatory_non)
    signatures = [sig for index, sig in zip(non_mandatory_indexes, parsed.signatures,
                                            strict=True) if index in selective_match]
    reveal = select_json_ld(combined, document) or {}
    _canonical, reveal_ids = canonical_id_map(grouped.selections["combined"])
    verifier_labels = {c14n: grouped.label_map[source] for source, c14n in reveal_ids.items()}
    return Disclosure(reveal, parsed.base_signature, parsed.public_key, list(signatures),
                      verifier_labels, mandatory_indexes, grouped)


def derive(base: dict[str, Any], selective_pointers: list[str],
           canonicalizer: Canonicalizer) -> dict[str, Any]:
    """The holder's derived credential revealing `selective_pointers` (plus the mandatory
    ones): what a verifier is shown."""
    data = disclosure_data(base, selective_pointers, canonicalizer)
    payload = cbor2.dumps([data.base_signature, data.public_key, data.signatures,
                           compress_label_map(data.label_map), data.mandatory_indexes])
    proof = {k: v for k, v in base["proof"].items() if k != "proofValue"}
    proof["proofValue"] = "u" + b64url_encode(DERIVED_HEADER + payload)
    return {**data.reveal_document, "proof": proof}
