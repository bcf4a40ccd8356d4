"""What a Data Integrity proof is computed over: the proof configuration (the proof
without its value) and the unsecured document (the credential without its proofs).
Every Data Integrity suite, ecdsa-sd's base and derived proofs too, starts from these."""

from __future__ import annotations

import copy
from typing import Any


def proof_configuration(unsecured: dict[str, Any], proof: dict[str, Any]) -> dict[str, Any]:
    """The proof options without proofValue, carrying the document's @context."""
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" not in config and "@context" in unsecured:
        config["@context"] = unsecured["@context"]
    return config


def unsecured_document(document: dict[str, Any], previous: list[dict[str, Any]]) -> dict[str, Any]:
    """The document without its proofs; with the referenced proofs for a chained proof."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    if previous:
        unsecured["proof"] = copy.deepcopy(previous[0] if len(previous) == 1 else previous)
    return unsecured
