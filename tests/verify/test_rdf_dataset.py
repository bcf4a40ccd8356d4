"""Shortcuts past pyld's redundant work give pyld's results exactly, for every conformance
and minted document and generated ones: rdf_dataset (to_rdf without expanding the expanded
document again) and the memoising processor's expand (no copy.deepcopy of the input)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from conformance_data import CONFORMANCE, conformance_store
from hypothesis import HealthCheck, given, settings
from pyld import jsonld
from test_terms import (
    EXAMPLES,
    bundled,
    canonicalizers,
    documents,
    edited_credentials,
    json_documents,
    minted_documents,
)

from screening.verify.jsonld.processing import Canonicalizer, _MemoisingProcessor, rdf_dataset


def outcome(call: Any) -> Any:
    try:
        return jsonld.JsonLdProcessor.to_nquads(call())
    except Exception as exc:
        return type(exc)


def same_dataset(canon: Canonicalizer, document: Any) -> None:
    same_expansion(canon, document)
    try:
        expanded = canon.expand(document)
    except Exception:
        return
    options = {**canon._options(), "produceGeneralizedRdf": False}
    before = copy.deepcopy(expanded)
    pyld = outcome(lambda: jsonld.JsonLdProcessor().to_rdf(expanded, options))
    ours = outcome(lambda: rdf_dataset(expanded, options))
    assert ours == pyld
    assert expanded == before  # the memoised expansion is left alone


def expansion(processor: Any, canon: Canonicalizer, document: Any) -> Any:
    try:
        return processor.expand(document, canon._options())
    except Exception as exc:
        return type(exc), str(exc)


def same_expansion(canon: Canonicalizer, document: Any) -> None:
    before = copy.deepcopy(document)
    ours = expansion(_MemoisingProcessor(canon._processed, iri_memo=canon._iri_memo), canon,
                     document)
    assert ours == expansion(jsonld.JsonLdProcessor(), canon, document)
    assert document == before


@pytest.mark.conformance
def test_conformance_and_minted_documents():
    store = conformance_store()
    docs = [doc for _name, doc in json_documents(CONFORMANCE)] + minted_documents()
    for doc in docs:
        for canon in canonicalizers(store, doc):
            same_dataset(canon, doc)


@settings(max_examples=EXAMPLES // 3, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_generated_documents(document):
    for canon in canonicalizers(bundled(), document):
        same_dataset(canon, document)


@settings(max_examples=EXAMPLES // 3, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(edited_credentials())
def test_generated_edits_of_real_credentials(document):
    for canon in canonicalizers(bundled(), document):
        same_dataset(canon, document)


@pytest.mark.parametrize("document", [
    {"id": "@foo", "type": "VerifiableCredential"},  # "@foo" expands to a null @id
    {"type": ["VerifiableCredential", "@foo"]},  # ... and to a null type
    {"type": "VerifiablePresentation", "verifiableCredential": "urn:uuid:1"},  # @graph
    {"type": "VerifiablePresentation", "verifiableCredential": {"id": "urn:uuid:1"}},
])
def test_documents_that_do_not_expand_to_themselves_go_through_to_rdf(document):
    canon = bundled().canonicalizer()
    document = {"@context": ["https://www.w3.org/ns/credentials/v2"], **document}
    same_dataset(canon, document)
