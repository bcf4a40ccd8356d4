"""did:ion long form resolved offline from the DID (Sidetree initial state); the short
form needs an ION node and is unsupported."""

from __future__ import annotations

import json

import pytest
from factories import NOW, UNIVERSITY, open_badge

from screening.fetch.seeds import no_network
from screening.testing.issuers import EcIssuer
from screening.testing.signing import ion_long_form, sign_detached_jws, sign_jwt
from screening.verify import verify
from screening.verify.keys.did import (
    ResolutionError,
    UnsupportedMethod,
    resolve_verification_method,
)
from screening.verify.keys.ion import IonError, long_form_document
from screening.verify.keys.publickey import b64url_decode, b64url_encode
from screening.verify.report import Status, Verdict
from screening.verify.trust import KnownIssuer, TrustList

# The long-form example of the ION SDK's test vectors (decentralized-identity/ion-sdk):
# its suffix and deltaHash are checked against its own content.
ION_SDK_EXAMPLE = (
    "did:ion:EiDyOQbbZAa3aiRzeCkV7LOx3SERjjH93EXoIM3UoN4oWg:eyJkZWx0YSI6eyJwYXRjaGVzIjpbeyJhY"
    "3Rpb24iOiJyZXBsYWNlIiwiZG9jdW1lbnQiOnsicHVibGljS2V5cyI6W3siaWQiOiJwdWJsaWNLZXlNb2RlbDFJ"
    "ZCIsInB1YmxpY0tleUp3ayI6eyJjcnYiOiJzZWNwMjU2azEiLCJrdHkiOiJFQyIsIngiOiJ0WFNLQl9ydWJYUzdz"
    "Q2pYcXVwVkpFelRjVzNNc2ptRXZxMVlwWG45NlpnIiwieSI6ImRPaWNYcWJqRnhvR0otSzAtR0oxa0hZSnFpY19E"
    "X09NdVV3a1E3T2w2bmsifSwicHVycG9zZXMiOlsiYXV0aGVudGljYXRpb24iLCJrZXlBZ3JlZW1lbnQiXSwidHlw"
    "ZSI6IkVjZHNhU2VjcDI1NmsxVmVyaWZpY2F0aW9uS2V5MjAxOSJ9XSwic2VydmljZXMiOlt7ImlkIjoic2Vydmlj"
    "ZTFJZCIsInNlcnZpY2VFbmRwb2ludCI6Imh0dHA6Ly93d3cuc2VydmljZTEuY29tIiwidHlwZSI6InNlcnZpY2Ux"
    "VHlwZSJ9XX19XSwidXBkYXRlQ29tbWl0bWVudCI6IkVpREtJa3dxTzY5SVBHM3BPbEhrZGI4Nm5ZdDBhTnhTSFp1"
    "MnItYmhFem5qZEEifSwic3VmZml4RGF0YSI6eyJkZWx0YUhhc2giOiJFaUNmRFdSbllsY0Q5RUdBM2RfNVoxQUh1"
    "LWlZcU1iSjluZmlxZHo1UzhWRGJnIiwicmVjb3ZlcnlDb21taXRtZW50IjoiRWlCZk9aZE10VTZPQnc4UGs4NzlR"
    "dFotMkotOUZiYmpTWnlvYUFfYnFENHpoQSJ9fQ")
ENTRA = EcIssuer.from_seed("test-ion-issuer", "secp256k1")
ION = ion_long_form(ENTRA)
TRUST = TrustList([KnownIssuer(ION, "Example University")])


def statuses(report, code):
    return {c.status for c in report.checks_with(code)}


def test_ion_sdk_example_resolves_offline():
    document = long_form_document(ION_SDK_EXAMPLE)
    assert document["id"] == ION_SDK_EXAMPLE
    assert document["authentication"] == ["#publicKeyModel1Id"]
    resolved = resolve_verification_method(ION_SDK_EXAMPLE + "#publicKeyModel1Id", no_network)
    assert resolved.key.algorithm == "secp256k1" and resolved.method == "did:ion"
    assert "assertionMethod" not in resolved.relationships  # authentication/keyAgreement only


def test_short_form_is_unsupported_offline():
    short = ION.split(":")[2]
    with pytest.raises(UnsupportedMethod):
        resolve_verification_method(f"did:ion:{short}#key-1", no_network)
    doc = open_badge(issuer_id=f"did:ion:{short}")
    report = verify(sign_jwt(doc, ENTRA, kid=f"did:ion:{short}#key-1"), now=NOW)
    assert report.verdict is Verdict.UNSUPPORTED
    assert "did:ion" in report.check("verification_method_resolved").details["not_understood"]


def _with_state(did: str, change) -> str:
    prefix, encoded = did.rsplit(":", 1)
    state = json.loads(b64url_decode(encoded))
    change(state)
    return f"{prefix}:{b64url_encode(json.dumps(state).encode())}"


def _swap_key(state):
    state["delta"]["patches"][0]["document"]["publicKeys"][0]["publicKeyJwk"] = \
        EcIssuer.from_seed("test-ion-attacker", "secp256k1").public_jwk()


@pytest.mark.parametrize("change", [
    _swap_key,  # delta no longer matches deltaHash
    lambda state: state["suffixData"].update(recoveryCommitment="x"),  # suffix mismatch
])
def test_an_initial_state_the_did_does_not_commit_to_is_refused(change):
    forged = _with_state(ION, change)
    with pytest.raises(ResolutionError):
        resolve_verification_method(forged + "#key-1", no_network)
    with pytest.raises(IonError):
        long_form_document(forged)


@pytest.mark.parametrize("did", ["did:ion::x", "did:ion:abc:!!!", "did:ion:" + "A" * 46 + ":e30",
                                 "did:ion:a:b:c"])
def test_malformed_long_forms_fail(did):
    with pytest.raises(ResolutionError):
        resolve_verification_method(did + "#key-1", no_network)


def test_vc_jwt_es256k_signed_by_a_did_ion_issuer():
    doc = open_badge(issuer_id=ION)
    token = sign_jwt(doc, ENTRA, kid=f"{ION}#key-1")
    report = verify(token, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    assert report.check("verification_method_resolved").details["method"] == "did:ion"
    no_kid = verify(sign_jwt(doc, ENTRA, kid="key-1"), now=NOW, trust=TRUST)
    assert no_kid.verdict is Verdict.VERIFIED, [c.to_dict() for c in no_kid.failing]
    wrong = sign_jwt(doc, EcIssuer.from_seed("test-ion-attacker", "secp256k1"),
                     kid=f"{ION}#key-1")
    report = verify(wrong, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "proof_signature") == {Status.FAIL}


def test_linked_data_proof_by_a_did_ion_key_and_a_key_not_allowed_to_assert():
    doc = {"@context": ["https://www.w3.org/2018/credentials/v1"],
           "type": ["VerifiableCredential"], "issuer": ION,
           "issuanceDate": "2025-02-01T00:00:00Z", "credentialSubject": {"id": "did:example:1"}}
    signed = sign_detached_jws(doc, ENTRA, suite="EcdsaSecp256k1Signature2019",
                               verification_method=f"{ION}#key-1")
    report = verify(signed, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    auth_only = ion_long_form(ENTRA, purposes=("authentication",))
    signed = sign_detached_jws({**doc, "issuer": auth_only}, ENTRA,
                               suite="EcdsaSecp256k1Signature2019",
                               verification_method=f"{auth_only}#key-1")
    report = verify(signed, now=NOW)
    assert statuses(report, "verification_method_authorized") == {Status.FAIL}


def test_an_ed25519_issuer_can_use_did_ion_too():
    did = ion_long_form(UNIVERSITY, key_type="JsonWebKey2020")
    token = sign_jwt(open_badge(issuer_id=did), UNIVERSITY, kid=f"{did}#key-1")
    report = verify(token, now=NOW, trust=TrustList([KnownIssuer(did, "Example University")]))
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
