"""bbs-2023 credentials minted with a test key (screening/testing/bbs.py), issued by the
key's own did:key, through the whole pipeline: verified, and failed when tampered with."""

from __future__ import annotations

import base64
import copy
from datetime import UTC, datetime

import cbor2
import pytest

from screening.testing.bbs import BbsIssuer, derived_all_disclosed
from screening.verify import verify
from screening.verify.pipeline import bundled_contexts
from screening.verify.report import Status, Verdict

NOW = datetime(2026, 6, 1, tzinfo=UTC)
ISSUER = BbsIssuer(0x5EED_0B5)


def _credential() -> dict:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://www.w3.org/ns/credentials/examples/v2"],
        "id": "urn:uuid:6a9c92a9-2530-4e2b-9776-530467e9bbe0",
        "type": ["VerifiableCredential", "ExampleDegreeCredential"],
        "issuer": ISSUER.did_key, "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:ann",
                              "degree": {"type": "ExampleBachelorDegree",
                                         "name": "Bachelor of Science and Arts"}}}


@pytest.fixture(scope="module")
def minted() -> dict:
    return derived_all_disclosed(_credential(), ISSUER,
                                 canonicalizer=bundled_contexts().canonicalizer(),
                                 presentation_header=b"nonce-1")


def test_minted_bbs_credential_is_verified(minted):
    report = verify(copy.deepcopy(minted), now=NOW)
    assert report.check("proof_signature").status is Status.PASS
    assert report.check("issuer_controls_key").status is Status.PASS
    assert report.verdict in (Verdict.VERIFIED, Verdict.WARNING), report.failing


@pytest.mark.parametrize("tamper", ["subject", "presentation_header", "created"])
def test_tampered_minted_bbs_credential_fails(minted, tamper):
    doc = copy.deepcopy(minted)
    if tamper == "subject":
        doc["credentialSubject"]["degree"]["name"] = "Doctor of Science"
    elif tamper == "created":
        doc["proof"]["created"] = "2025-01-02T00:00:00Z"
    else:  # another holder's nonce: re-encode the proof value with a changed header
        value = doc["proof"]["proofValue"][1:]
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        parts = cbor2.loads(raw[3:])
        parts[4] = b"nonce-2"
        doc["proof"]["proofValue"] = "u" + base64.urlsafe_b64encode(
            raw[:3] + cbor2.dumps(parts)).rstrip(b"=").decode()
    report = verify(doc, now=NOW)
    assert report.check("proof_signature").status is Status.FAIL
    assert report.verdict is Verdict.FAILED
