"""Fuzzing every parser that sees untrusted bytes: no crash, bounded time and memory.

Each parser must either return or raise its own documented error type; anything else is
a bug. CI runs a bounded number of examples; a longer run (see docs/security.md) is

    SCREENING_FUZZ_EXAMPLES=20000 python -m pytest -q tests/test_fuzz.py
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
import os

import pytest
from factories import NOW, UNIVERSITY, open_badge
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.batch.prefetch import document_urls
from screening.fetch.seeds import FetchError, SeedFetcher
from screening.ingest import IntakeError, ingest_bytes
from screening.ingest.archive import read_zip
from screening.ingest.baked import extract_png, extract_svg
from screening.ingest.links import read_csv
from screening.testing.baking import bake_png, bake_svg
from screening.testing.bundles import zip_of
from screening.testing.signing import sign, sign_jwt
from screening.verify import verify
from screening.verify.jose.jws import JoseError, parse_compact
from screening.verify.jsonld import processing as jsonld
from screening.verify.jsonld.processing import CanonicalizationError
from screening.verify.keys.did import ResolutionError, resolve_verification_method
from screening.verify.pipeline import bundled_contexts, parse_document
from screening.verify.status.bitstring import StatusListError, decode_encoded_list

EXAMPLES = int(os.environ.get("SCREENING_FUZZ_EXAMPLES", "120"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SIGNED = json.dumps(sign(open_badge(), UNIVERSITY))
TOKEN = sign_jwt(open_badge(), UNIVERSITY, kid=UNIVERSITY.did_key_method)
PNG = bake_png(SIGNED)
SVG = bake_svg(SIGNED)



ZIP = zip_of({"ada/a.json": SIGNED.encode(), "manifest.csv": b"file,candidate\nada/a.json,A\n"})


def mutated(seed: bytes):
    """Truncations and byte flips of a valid input: the interesting corner of the space."""
    return st.tuples(st.integers(0, len(seed)), st.lists(
        st.tuples(st.integers(0, max(len(seed) - 1, 0)), st.integers(1, 255)), max_size=6),
    ).map(lambda spec: _apply(seed, *spec))


def _apply(seed: bytes, cut: int, flips: list[tuple[int, int]]) -> bytes:
    data = bytearray(seed[:cut] if cut else seed)
    for position, mask in flips:
        if data:
            data[position % len(data)] ^= mask
    return bytes(data)


@FUZZ
@given(st.one_of(st.binary(max_size=4096), mutated(SIGNED.encode())))
def test_json_parser(data):
    parse_document(data)  # returns a failed check instead of raising
    document_urls([data])  # the prefetch hints read the same untrusted JSON


@FUZZ
@given(st.one_of(st.text(max_size=2048), mutated(TOKEN.encode()).map(
    lambda b: b.decode("latin-1"))))
def test_jwt_parser(text):
    with contextlib.suppress(JoseError):
        parse_compact(text)


@FUZZ
@given(st.one_of(st.binary(max_size=4096), mutated(PNG)))
def test_png_parser(data):
    try:
        extract_png(data)
    except IntakeError as problem:
        assert problem.code


@FUZZ
@given(st.one_of(st.text(max_size=4096), mutated(SVG.encode()).map(
    lambda b: b.decode("utf-8", "replace"))))
def test_svg_parser(text):
    try:
        extract_svg(text)
    except IntakeError as problem:
        assert problem.code


@FUZZ
@given(st.one_of(st.binary(max_size=4096), mutated(ZIP)))
def test_zip_reader(data):
    try:
        members = read_zip(data)
    except IntakeError as problem:
        assert problem.code
    else:
        assert all(m.problem is not None or m.data is not None for m in members)


def test_zip_member_offset_before_the_file_is_a_damaged_member():
    """Found by the long fuzz run: a flipped byte in a local-header offset made zipfile
    seek before the start of the file (ValueError), which escaped as a crash."""
    damaged = bytearray(ZIP)
    damaged[861] ^= 32
    try:
        members = read_zip(bytes(damaged))
    except IntakeError as problem:
        assert problem.code == "zip_invalid"
    else:
        assert any(m.problem is not None and m.problem.code == "zip_invalid" for m in members)


@FUZZ
@given(st.text(max_size=4096))
def test_csv_reader(text):
    try:
        read_csv("name,email,credential link\n" + text)
    except IntakeError as problem:
        assert problem.code


@FUZZ
@given(st.one_of(st.text(max_size=512), st.binary(max_size=2048).map(
    lambda b: "u" + base64.urlsafe_b64encode(gzip.compress(b)).decode().rstrip("="))))
def test_status_list_decoder(encoded):
    with contextlib.suppress(StatusListError):
        assert decode_encoded_list(encoded)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                 max_size=4),
    max_leaves=20)


@FUZZ
@given(st.dictionaries(st.sampled_from(["id", "verificationMethod", "assertionMethod",
                                        "@context", "controller", "publicKeyMultibase",
                                        "publicKeyJwk", "type"]), json_values, max_size=6))
def test_did_web_document_parser(document):
    did = "did:web:issuer.example"
    served = json.dumps({"id": did, **document}).encode()
    fetcher = SeedFetcher({"https://issuer.example/.well-known/did.json": served})
    with contextlib.suppress(ResolutionError, FetchError):
        resolve_verification_method(f"{did}#key-1", fetcher)


@FUZZ
@given(st.one_of(st.binary(max_size=4096), mutated(ZIP), mutated(PNG)))
def test_whole_intake_and_verification_never_raise(data):
    ingest_bytes(data, "fuzz")
    report = verify(data, now=NOW)
    assert report.verdict and not report.check("verifier_error")


def test_blank_node_poisoning_is_refused_by_the_work_limit(monkeypatch):
    nodes = 10  # fully symmetric: 10! permutations without a work limit
    poisoned = {"@context": {"p": {"@id": "https://example.org/p", "@type": "@id"}},
                "@graph": [{"@id": f"_:b{i}", "p": [f"_:b{j}" for j in range(nodes) if j != i]}
                           for i in range(nodes)]}
    # only the work limit may stop it here (the time limit is out of reach), and it stops
    # at the first n-degree hash over the limit
    monkeypatch.setattr(jsonld, "CANONICALIZE_SECONDS", 1e9)
    hashes = [0]
    original = jsonld._BoundedRdfc.hash_n_degree_quads

    def counted(self, *args):
        hashes[0] += 1
        return original(self, *args)

    monkeypatch.setattr(jsonld._BoundedRdfc, "hash_n_degree_quads", counted)
    with pytest.raises(CanonicalizationError):
        bundled_contexts().canonicalizer().canonize(poisoned)
    assert hashes[0] == jsonld.MAX_DEEP_ITERATIONS + 1


def test_too_many_blank_nodes_are_refused_before_canonicalising():
    many = {"@context": {"p": "https://example.org/p"},
            "@graph": [{"p": str(i)} for i in range(1_500)]}
    with pytest.raises(CanonicalizationError):
        bundled_contexts().canonicalizer().canonize(many)
