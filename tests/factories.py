"""Credentials minted for tests with the project's own signing helpers."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from screening.testing.issuers import Issuer

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
UNIVERSITY = Issuer.from_seed("test-university")
ATTACKER = Issuer.from_seed("test-attacker")
NOTARY = Issuer.from_seed("test-notary")

OB3_CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def open_badge(issuer: Issuer = UNIVERSITY, *, issuer_id: str | None = None,
               name: str = "Data Analysis with Python", **extra: Any) -> dict[str, Any]:
    """An unsigned Open Badges 3.0 credential (VC Data Model 2.0)."""
    doc: dict[str, Any] = {
        "@context": list(OB3_CONTEXTS),
        "id": "urn:uuid:7f3c1f0e-0d47-4a51-9b0e-1f3f1b6a2c11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id or issuer.did_key, "type": ["Profile"],
                   "name": "Example University"},
        "validFrom": "2025-01-15T00:00:00Z",
        "name": name,
        "credentialSubject": {
            "id": "did:example:candidate-1",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.edu/achievements/data-analysis",
                "type": ["Achievement"],
                "name": name,
                "description": "Cleans, analyses and visualises data with pandas.",
                "criteria": {"narrative": "Passed a proctored practical exam."},
            },
        },
    }
    doc.update(extra)
    return doc


def vc11_credential(issuer: Issuer = UNIVERSITY) -> dict[str, Any]:
    """An unsigned VC Data Model 1.1 credential (no @vocab: undefined terms are dropped)."""
    return {
        "@context": ["https://www.w3.org/2018/credentials/v1",
                     "https://w3id.org/security/suites/ed25519-2020/v1"],
        "id": "urn:uuid:0b7a4bd2-8a4c-4d1d-9a3e-5f0c2e5a8e01",
        "type": ["VerifiableCredential"],
        "issuer": issuer.did_key,
        "issuanceDate": "2025-02-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:candidate-2"},
    }


def tampered(document: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(document)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc
