"""ECDSA suites minted with the testing helpers: mint → verify → tamper → fail, and a
signature by the wrong key, for ecdsa-rdfc-2019, ecdsa-jcs-2019 (P-256, P-384),
ecdsa-sd-2023 (derived proofs), and ES256/ES384/ES256K VC-JWTs (raw r||s only)."""

from __future__ import annotations

import copy
import json

import pytest
from factories import NOW, open_badge, tampered
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.fetch.seeds import SeedFetcher
from screening.testing.issuers import EcIssuer
from screening.testing.signing import derive_ecdsa_sd, sign, sign_ecdsa_sd, sign_jwt
from screening.verify import verify
from screening.verify.keys.publickey import b64url_decode, b64url_encode
from screening.verify.report import Status, Verdict
from screening.verify.trust import KnownIssuer, TrustList

P256 = EcIssuer.from_seed("test-ecdsa-university", "P-256")
P384 = EcIssuer.from_seed("test-ecdsa-university", "P-384")
K256 = EcIssuer.from_seed("test-ecdsa-university", "secp256k1")
ATTACKER = EcIssuer.from_seed("test-ecdsa-attacker", "P-256")
ATTACKER384 = EcIssuer.from_seed("test-ecdsa-attacker", "P-384")
TRUST = TrustList([KnownIssuer(i.did_key, "Example University") for i in (P256, P384, K256)]
                  + [KnownIssuer(P256.did_jwk, "Example University")])
SUITES = ["ecdsa-rdfc-2019", "ecdsa-jcs-2019"]
CURVES = {"P-256": (P256, ATTACKER), "P-384": (P384, ATTACKER384)}


def statuses(report, code):
    return {c.status for c in report.checks_with(code)}


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize("curve", CURVES)
def test_mint_verify_tamper_and_wrong_key(suite, curve):
    issuer, attacker = CURVES[curve]
    signed = sign(open_badge(issuer), issuer, suite=suite)
    assert signed["proof"]["verificationMethod"].startswith(
        "did:key:zDna" if curve == "P-256" else "did:key:z82L")
    report = verify(signed, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    assert report.check("verification_method_resolved").details["method"] == "did:key"
    forged = verify(tampered(signed, ("name",), "Forged"), now=NOW, trust=TRUST)
    assert forged.verdict is Verdict.FAILED
    assert statuses(forged, "proof_signature") == {Status.FAIL}
    wrong = sign(open_badge(issuer), attacker, suite=suite,
                 verification_method=issuer.did_key_method)
    report = verify(wrong, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "proof_signature") == {Status.FAIL}


def test_ecdsa_proof_values_are_deterministic_raw_signatures():
    one = sign(open_badge(P256), P256, suite="ecdsa-rdfc-2019")
    two = sign(open_badge(P256), P256, suite="ecdsa-rdfc-2019")
    assert one == two  # RFC 6979
    import base58
    assert len(base58.b58decode(one["proof"]["proofValue"][1:])) == 64


def test_p256_suite_with_a_p384_key_is_fine_but_ed25519_suite_with_an_ec_key_fails():
    signed = sign(open_badge(P256), P256, suite="ecdsa-rdfc-2019")
    signed["proof"]["cryptosuite"] = "eddsa-rdfc-2022"
    report = verify(signed, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert "Ed25519" in report.check("proof_signature").details["reason"]


def test_did_jwk_ec_key_and_did_web_multikey():
    doc = open_badge(P256, issuer_id=P256.did_jwk)
    signed = sign(doc, P256, suite="ecdsa-rdfc-2019", verification_method=P256.did_jwk + "#0")
    report = verify(signed, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    did = "did:web:issuer.example"
    web = sign(open_badge(P256, issuer_id=did), P256, suite="ecdsa-jcs-2019",
               verification_method=f"{did}#key-1")
    fetcher = SeedFetcher({"https://issuer.example/.well-known/did.json":
                           json.dumps(P256.did_web_document(did)).encode()})
    report = verify(web, now=NOW, fetcher=fetcher,
                    trust=TrustList([KnownIssuer(did, "Example University")]))
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]


# --- ecdsa-sd-2023 --------------------------------------------------------------------

MANDATORY = ["/issuer", "/validFrom", "/credentialSubject/achievement/name"]
SELECTIVE = ["/name", "/credentialSubject/achievement/description"]


@pytest.fixture(scope="module")
def sd_base():
    return sign_ecdsa_sd(open_badge(P256), P256, MANDATORY)


@pytest.fixture(scope="module")
def sd_derived(sd_base):
    return derive_ecdsa_sd(sd_base, SELECTIVE)


def test_sd_derived_proof_verifies_and_shows_only_what_was_disclosed(sd_derived):
    report = verify(sd_derived, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    achievement = sd_derived["credentialSubject"]["achievement"]
    assert "criteria" not in achievement and achievement["description"]
    assert report.check("proof_signature").details["mandatory_statements"] > 0


def test_sd_base_proof_is_refused_with_its_own_code(sd_base):
    report = verify(sd_base, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "sd_proof_form") == {Status.FAIL}


@pytest.mark.parametrize(("path", "value"), [
    (("name",), "Forged"),  # a selectively disclosed statement
    (("validFrom",), "2020-01-01T00:00:00Z"),  # a mandatory statement
    (("credentialSubject", "achievement", "description"), "Forged"),
])
def test_sd_tampered_disclosure_fails(sd_derived, path, value):
    report = verify(tampered(sd_derived, path, value), now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "proof_signature") == {Status.FAIL}


def test_sd_added_or_removed_statement_fails(sd_derived):
    added = copy.deepcopy(sd_derived)
    added["credentialSubject"]["achievement"]["criteria"] = {"narrative": "Invented"}
    removed = copy.deepcopy(sd_derived)
    del removed["name"]
    for doc in (added, removed):
        report = verify(doc, now=NOW, trust=TRUST)
        assert report.verdict is Verdict.FAILED
        assert statuses(report, "proof_signature") == {Status.FAIL}


def test_sd_signed_by_the_wrong_key_fails():
    base = sign_ecdsa_sd(open_badge(P256), ATTACKER, MANDATORY,
                         verification_method=P256.did_key_method)
    report = verify(derive_ecdsa_sd(base, SELECTIVE), now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "proof_signature") == {Status.FAIL}


def test_sd_malformed_proof_values_fail_and_never_crash(sd_derived):
    for value in ("zabc", "u", "uAAAA", "u" + b64url_encode(b"\xd9\x5d\x01\xff"),
                  "u" + b64url_encode(b"\xd9\x5d\x01" + b"\x85\x01\x02\x03\x04\x05"), 42):
        doc = copy.deepcopy(sd_derived)
        doc["proof"]["proofValue"] = value
        report = verify(doc, now=NOW, trust=TRUST)
        assert report.check("verifier_error") is None
        assert report.verdict is Verdict.FAILED


def test_sd_with_a_p384_issuer_key_is_unsupported():
    base = sign_ecdsa_sd(open_badge(P384), P384, MANDATORY)
    report = verify(derive_ecdsa_sd(base, SELECTIVE), now=NOW, trust=TRUST)
    assert report.verdict is Verdict.UNSUPPORTED
    assert statuses(report, "proof_signature") == {Status.INDETERMINATE}


# --- JOSE: ES256, ES384, ES256K, raw r||s only ---------------------------------------------


@pytest.mark.parametrize("issuer", [P256, P384, K256], ids=["ES256", "ES384", "ES256K"])
def test_vc_jwt_ecdsa_mint_verify_tamper_and_wrong_key(issuer):
    token = sign_jwt(open_badge(issuer), issuer, kid=issuer.did_key_method)
    report = verify(token, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    head, payload, signature = token.split(".")
    claims = json.loads(b64url_decode(payload))
    claims["name"] = "Forged"
    forged = f"{head}.{b64url_encode(json.dumps(claims).encode())}.{signature}"
    assert verify(forged, now=NOW, trust=TRUST).verdict is Verdict.FAILED
    attacker = EcIssuer.from_seed("test-ecdsa-attacker", issuer.algorithm)
    wrong = sign_jwt(open_badge(issuer), attacker, kid=issuer.did_key_method)
    report = verify(wrong, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "proof_signature") == {Status.FAIL}


@pytest.mark.parametrize("issuer", [P256, K256], ids=["ES256", "ES256K"])
def test_der_encoded_jws_signature_fails_with_its_own_code(issuer):
    token = sign_jwt(open_badge(issuer), issuer, kid=issuer.did_key_method, der=True)
    report = verify(token, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "jws_signature_encoding") == {Status.FAIL}
    assert report.check("proof_signature") is None


def test_secp256k1_did_key_is_recognised():
    assert K256.did_key.startswith("did:key:zQ3s")


def test_sd_literal_text_that_looks_like_a_blank_node_is_kept():
    doc = open_badge(P256, name='Has "_:c14n0 <x> ." and \u2028 inside\\')
    derived = derive_ecdsa_sd(sign_ecdsa_sd(doc, P256, MANDATORY), SELECTIVE)
    assert derived["name"] == doc["name"]
    assert verify(derived, now=NOW, trust=TRUST).verdict is Verdict.VERIFIED


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300), st.sampled_from([b"\xd9\x5d\x00", b"\xd9\x5d\x01", b""]))
def test_sd_random_proof_values_never_crash_and_never_verify(sd_derived, body, header):
    doc = copy.deepcopy(sd_derived)
    doc["proof"]["proofValue"] = "u" + b64url_encode(header + body)
    report = verify(doc, now=NOW, trust=TRUST)
    assert report.check("verifier_error") is None
    assert report.verdict is Verdict.FAILED
