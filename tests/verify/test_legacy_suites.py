"""Legacy Linked Data suites (detached JWS, b64:false, over URDNA2015): Ed25519Signature2018,
EcdsaSecp256k1Signature2019 and JsonWebSignature2020 (Ed25519, P-256, P-384, secp256k1):
mint → verify → tamper → fail, wrong key, key/alg mismatch, DER signatures; and Spruce's
real JsonWebSignature2020 credentials (did:jwk, ES256)."""

from __future__ import annotations

import copy
import json

import pytest
from conformance_data import CONFORMANCE, PINNED_NOW, conformance_store, offline_fetcher
from factories import NOW, UNIVERSITY, tampered

from screening.fetch.seeds import SeedFetcher
from screening.testing.issuers import EcIssuer, Issuer
from screening.testing.signing import sign_detached_jws
from screening.verify import verify
from screening.verify.keys.publickey import b64url_encode
from screening.verify.report import Status, Verdict
from screening.verify.trust import KnownIssuer, TrustList

V1 = "https://www.w3.org/2018/credentials/v1"
ED2018 = "https://w3id.org/security/suites/ed25519-2018/v1"
JWS2020 = "https://w3id.org/security/suites/jws-2020/v1"
P256 = EcIssuer.from_seed("legacy-p256", "P-256")
P384 = EcIssuer.from_seed("legacy-p384", "P-384")
K256 = EcIssuer.from_seed("legacy-k256", "secp256k1")
ATTACKERS = {"Ed25519": Issuer.from_seed("legacy-attacker"),
             **{c: EcIssuer.from_seed("legacy-attacker", c)
                for c in ("P-256", "P-384", "secp256k1")}}


def credential(issuer_id: str, contexts: list[str]) -> dict:
    return {"@context": [V1, *contexts], "id": "urn:uuid:5bd8a3b2-0d7a-4c9b-8f00-7b1f2a3c4d5e",
            "type": ["VerifiableCredential"], "issuer": issuer_id,
            "issuanceDate": "2025-02-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:candidate-3"}}


CASES = {
    "Ed25519Signature2018": (UNIVERSITY, []),  # credentials/v1 defines the suite
    "EcdsaSecp256k1Signature2019": (K256, []),
    "JsonWebSignature2020/Ed25519": (UNIVERSITY, [JWS2020]),
    "JsonWebSignature2020/P-256": (P256, [JWS2020]),
    "JsonWebSignature2020/P-384": (P384, [JWS2020]),
    "JsonWebSignature2020/secp256k1": (K256, [JWS2020]),
}


def statuses(report, code):
    return {c.status for c in report.checks_with(code)}


def minted(case: str, signer=None, **kwargs):
    issuer, contexts = CASES[case]
    doc = credential(issuer.did_key, contexts)
    return sign_detached_jws(doc, signer or issuer, suite=case.split("/")[0],
                             verification_method=issuer.did_key_method, **kwargs)


def trust_for(case: str) -> TrustList:
    return TrustList([KnownIssuer(CASES[case][0].did_key, "Legacy Issuer")])


@pytest.mark.parametrize("case", CASES)
def test_mint_verify_tamper_and_wrong_key(case):
    signed = minted(case)
    assert signed["proof"]["jws"].count("..") == 1
    report = verify(signed, now=NOW, trust=trust_for(case))
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    forged = verify(tampered(signed, ("issuanceDate",), "2020-01-01T00:00:00Z"), now=NOW,
                    trust=trust_for(case))
    assert forged.verdict is Verdict.FAILED
    assert statuses(forged, "proof_signature") == {Status.FAIL}
    wrong = minted(case, signer=ATTACKERS[CASES[case][0].algorithm])
    report = verify(wrong, now=NOW, trust=trust_for(case))
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "proof_signature") == {Status.FAIL}


def test_suite_that_does_not_fit_the_key_fails():
    signed = minted("JsonWebSignature2020/P-256")
    signed["proof"]["type"] = "Ed25519Signature2018"
    report = verify(signed, now=NOW, trust=trust_for("JsonWebSignature2020/P-256"))
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "proof_signature") == {Status.FAIL}


@pytest.mark.parametrize("header", [
    {"alg": "EdDSA"},  # an encoded payload: not what these suites sign
    {"alg": "ES256", "b64": False, "crit": ["b64"]},  # alg of another key type
    {"alg": "none", "b64": False, "crit": ["b64"]},
])
def test_header_that_does_not_fit_fails(header):
    signed = minted("Ed25519Signature2018")
    signature = signed["proof"]["jws"].split("..")[1]
    encoded = b64url_encode(json.dumps(header).encode())
    signed["proof"]["jws"] = f"{encoded}..{signature}"
    report = verify(signed, now=NOW, trust=trust_for("Ed25519Signature2018"))
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "proof_signature") == {Status.FAIL}


@pytest.mark.parametrize("jws", ["", "abc", "a.b.c", "..", "eyJ9..x", 42])
def test_malformed_jws_fails_and_never_crashes(jws):
    signed = minted("Ed25519Signature2018")
    signed["proof"]["jws"] = jws
    report = verify(signed, now=NOW)
    assert report.check("verifier_error") is None
    assert statuses(report, "proof_signature") == {Status.FAIL}


def test_ed25519_signature_2018_on_a_vc2_credential_with_its_suite_context():
    doc = {**credential(UNIVERSITY.did_key, []),
           "@context": ["https://www.w3.org/ns/credentials/v2", ED2018],
           "validFrom": "2025-02-01T00:00:00Z"}
    del doc["issuanceDate"]
    signed = sign_detached_jws(doc, UNIVERSITY)
    report = verify(signed, now=NOW, trust=trust_for("Ed25519Signature2018"))
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]


def test_der_encoded_detached_jws_fails_with_its_own_code():
    report = verify(minted("EcdsaSecp256k1Signature2019", der=True), now=NOW,
                    trust=trust_for("EcdsaSecp256k1Signature2019"))
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "jws_signature_encoding") == {Status.FAIL}


def test_proof_with_its_own_context_and_json_web_key_2020_method():
    """Spruce's form: the proof carries the jws-2020 context; the key is a JsonWebKey2020
    in a did:web document."""
    did = "did:web:legacy.example"
    doc = {**credential(did, []), "@context": ["https://www.w3.org/ns/credentials/v2"],
           "validFrom": "2025-02-01T00:00:00Z"}
    del doc["issuanceDate"]
    signed = sign_detached_jws(doc, P256, suite="JsonWebSignature2020",
                               verification_method=f"{did}#key-1", proof_context=JWS2020)
    did_doc = {"@context": ["https://www.w3.org/ns/did/v1", JWS2020], "id": did,
               "verificationMethod": [{"id": f"{did}#key-1", "type": "JsonWebKey2020",
                                       "controller": did, "publicKeyJwk": P256.public_jwk()}],
               "assertionMethod": [f"{did}#key-1"]}
    fetcher = SeedFetcher({"https://legacy.example/.well-known/did.json":
                           json.dumps(did_doc).encode()})
    report = verify(signed, now=NOW, fetcher=fetcher,
                    trust=TrustList([KnownIssuer(did, "Legacy Issuer")]))
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]


def test_secp256k1_verification_key_2019_in_base58_and_hex():
    did = "did:web:k1.example"
    signed = sign_detached_jws(credential(did, []), K256, suite="EcdsaSecp256k1Signature2019",
                               verification_method=f"{did}#key-1")
    import base58

    from screening.verify.keys.ec import compressed_point
    point = compressed_point(K256.public_key())
    for prop, value in (("publicKeyBase58", base58.b58encode(point).decode()),
                        ("publicKeyHex", point.hex())):
        did_doc = {"id": did, "assertionMethod": [f"{did}#key-1"], "verificationMethod": [
            {"id": f"{did}#key-1", "type": "EcdsaSecp256k1VerificationKey2019",
             "controller": did, prop: value}]}
        fetcher = SeedFetcher({"https://k1.example/.well-known/did.json":
                               json.dumps(did_doc).encode()})
        report = verify(copy.deepcopy(signed), now=NOW, fetcher=fetcher,
                        trust=TrustList([KnownIssuer(did, "K1 Issuer")]))
        assert report.verdict is Verdict.VERIFIED, (prop, [c.to_dict() for c in report.failing])


SPRUCE = "spruceid-ssi/crates/status/examples/files/"


@pytest.mark.conformance
@pytest.mark.parametrize("name", ["local-status-list-credential.jsonld",
                                  "status_list_revocable_1.jsonld"])
def test_spruce_json_web_signature_2020_credentials_verify(name):
    report = verify((CONFORMANCE / SPRUCE / name).read_bytes(), now=PINNED_NOW,
                    fetcher=offline_fetcher(), loader=conformance_store())
    assert statuses(report, "proof_signature") == {Status.PASS}
    assert report.check("verification_method_resolved").details["method"] == "did:jwk"
