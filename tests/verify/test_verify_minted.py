"""End-to-end verification of credentials minted by the signing helpers:
valid, tampered, wrong key, expired, not yet valid, undefined terms, unknown contexts,
unsupported suites, did:web and did:jwk keys, proof sets and chains, presentations."""

from __future__ import annotations

import json

import pytest
from factories import ATTACKER, NOTARY, NOW, UNIVERSITY, open_badge, tampered, vc11_credential

from screening.fetch.seeds import FetchError, SeedFetcher
from screening.testing.issuers import Issuer
from screening.testing.signing import sign
from screening.verify import verify
from screening.verify.report import Status, Verdict
from screening.verify.trust import KnownIssuer, TrustList

SUITES = ["eddsa-rdfc-2022", "eddsa-jcs-2022", "Ed25519Signature2020", "eddsa-2022"]
ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"
TRUST = TrustList([KnownIssuer(UNIVERSITY.did_key, "Example University")])


def badge_for(suite: str, **kwargs) -> dict:
    doc = open_badge(**kwargs)
    if suite == "Ed25519Signature2020":
        doc["@context"].append(ED25519_2020_CONTEXT)
    return doc


def statuses(report, code):
    return [c.status for c in report.checks_with(code)]


@pytest.mark.parametrize("suite", SUITES)
def test_valid_credential_is_verified_when_issuer_known(suite):
    signed = sign(badge_for(suite), UNIVERSITY, suite=suite)
    report = verify(signed, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    assert statuses(report, "proof_signature") == [Status.PASS]


@pytest.mark.parametrize("suite", SUITES)
def test_unknown_issuer_is_a_warning_not_a_failure(suite):
    report = verify(sign(badge_for(suite), UNIVERSITY, suite=suite), now=NOW)
    assert report.verdict is Verdict.WARNING
    assert report.check("issuer_trusted").status is Status.INDETERMINATE


@pytest.mark.parametrize("suite", SUITES)
def test_tampered_content_fails_the_signature(suite):
    signed = sign(badge_for(suite), UNIVERSITY, suite=suite)
    forged = tampered(signed, ("credentialSubject", "achievement", "name"), "PhD in Physics")
    report = verify(forged, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "proof_signature") == [Status.FAIL]
    assert report.check("proof_verified").status is Status.FAIL


@pytest.mark.parametrize("suite", SUITES)
def test_tampered_proof_options_fail(suite):
    signed = sign(badge_for(suite), UNIVERSITY, suite=suite)
    forged = tampered(signed, ("proof", "created"), "2020-01-01T00:00:00Z")
    assert statuses(verify(forged, now=NOW), "proof_signature") == [Status.FAIL]


def test_signature_by_a_key_the_issuer_does_not_control_fails():
    # The attacker signs with their own key but names the university as issuer.
    forged = sign(open_badge(issuer_id=UNIVERSITY.did_key), ATTACKER)
    report = verify(forged, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "issuer_controls_key") == [Status.FAIL]
    assert statuses(report, "proof_signature") == [Status.PASS]


def test_signature_by_wrong_key_under_issuer_method_fails():
    forged = sign(open_badge(), ATTACKER, verification_method=UNIVERSITY.did_key_method)
    report = verify(forged, now=NOW, trust=TRUST)
    assert statuses(report, "proof_signature") == [Status.FAIL]
    assert report.verdict is Verdict.FAILED


@pytest.mark.parametrize(("valid_from", "valid_until", "reason"), [
    ("2020-01-01T00:00:00Z", "2026-05-31T00:00:00Z", "expired"),
    ("2026-07-01T00:00:00Z", None, "not_yet_valid"),
])
def test_validity_period(valid_from, valid_until, reason):
    doc = open_badge(validFrom=valid_from)
    if valid_until:
        doc["validUntil"] = valid_until
    report = verify(sign(doc, UNIVERSITY), now=NOW, trust=TRUST)
    check = report.check("validity_period")
    assert check.status is Status.FAIL and check.details["reason"] == reason
    assert report.verdict is Verdict.FAILED


def test_clock_skew_tolerates_small_differences():
    doc = open_badge(validFrom="2026-06-01T12:03:00Z")  # 3 minutes ahead of NOW
    assert verify(sign(doc, UNIVERSITY), now=NOW, trust=TRUST).verdict is Verdict.VERIFIED


def test_undefined_term_added_after_signing_fails_vc11():
    """In VCDM 1.1 an undefined term is dropped by canonicalisation, so the signature
    alone would still verify: the data-loss check must catch it."""
    signed = sign(vc11_credential(), UNIVERSITY, suite="Ed25519Signature2020")
    assert verify(signed, now=NOW, trust=TRUST).verdict is Verdict.VERIFIED
    forged = tampered(signed, ("credentialSubject", "clearance"), "top secret")
    report = verify(forged, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert report.check("jsonld_expansion").status is Status.FAIL
    assert statuses(report, "proof_signature") == [Status.FAIL]


def test_undefined_type_is_data_loss():
    forged = tampered(sign(vc11_credential(), UNIVERSITY, suite="Ed25519Signature2020"),
                      ("type",), ["VerifiableCredential", "MadeUpCredential"])
    report = verify(forged, now=NOW)
    assert report.check("jsonld_expansion").status is Status.FAIL


def test_unknown_context_is_unsupported_and_named():
    doc = open_badge()
    doc["@context"].append("https://evil.example/context.json")
    report = verify(sign_unchecked(doc), now=NOW)
    assert report.verdict is Verdict.UNSUPPORTED
    check = report.check("contexts_known")
    assert check.status is Status.INDETERMINATE
    assert check.details["unknown"] == ["https://evil.example/context.json"]


def sign_unchecked(doc):
    """A credential with a syntactically valid but unverifiable eddsa proof."""
    proof = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
             "verificationMethod": UNIVERSITY.did_key_method, "proofPurpose": "assertionMethod",
             "proofValue": "z" + "1" * 86}
    return {**doc, "proof": proof}


@pytest.mark.parametrize("suite", ["mldsa44-rdfc-2024"])
def test_unsupported_cryptosuite_is_unsupported_never_failed(suite):
    doc = sign_unchecked(open_badge())
    doc["proof"]["cryptosuite"] = suite
    report = verify(doc, now=NOW)
    assert report.verdict is Verdict.UNSUPPORTED
    assert report.check("proof_suite_supported").status is Status.INDETERMINATE


@pytest.mark.parametrize("suite", ["ecdsa-rdfc-2019", "ecdsa-jcs-2019", "ecdsa-sd-2023",
                                   "bbs-2023"])
def test_ecdsa_suite_claimed_with_an_ed25519_key_fails(suite):
    """Supported since issue 13 (bbs-2023 since issue 25): an ECDSA or BBS suite naming an
    Ed25519 key is found wrong."""
    doc = sign_unchecked(open_badge())
    doc["proof"]["cryptosuite"] = suite
    report = verify(doc, now=NOW)
    assert report.verdict is Verdict.FAILED
    assert report.check("proof_signature").status is Status.FAIL


@pytest.mark.parametrize("ptype", ["MerkleProof2019", "RsaSignature2018",
                                   "BbsBlsSignature2020"])
def test_unsupported_proof_types_are_unsupported(ptype):
    doc = sign_unchecked(open_badge())
    doc["proof"] = {"type": ptype, "proofPurpose": "assertionMethod", "jws": "x..y"}
    assert verify(doc, now=NOW).verdict is Verdict.UNSUPPORTED


def test_unsigned_credential_fails():
    report = verify(open_badge(), now=NOW)
    assert report.verdict is Verdict.FAILED
    assert report.check("proof_present").status is Status.FAIL


def test_did_web_issuer_with_published_key():
    did = "did:web:issuer.example:badges"
    issuer = Issuer.from_seed("did-web-issuer")
    doc = open_badge(issuer_id=did)
    signed = sign(doc, issuer, verification_method=f"{did}#key-1")
    fetcher = SeedFetcher({"https://issuer.example/badges/did.json":
                           json.dumps(issuer.did_web_document(did)).encode()})
    report = verify(signed, now=NOW, fetcher=fetcher)
    assert report.verdict is Verdict.WARNING  # valid; issuer just not on the trust list
    assert report.check("verification_method_resolved").details["method"] == "did:web"


def test_did_web_key_not_authorised_for_assertions_fails():
    did = "did:web:issuer.example"
    issuer = Issuer.from_seed("did-web-issuer")
    document = issuer.did_web_document(did)
    document["assertionMethod"] = []
    fetcher = SeedFetcher({"https://issuer.example/.well-known/did.json":
                           json.dumps(document).encode()})
    signed = sign(open_badge(issuer_id=did), issuer, verification_method=f"{did}#key-1")
    report = verify(signed, now=NOW, fetcher=fetcher)
    assert report.check("verification_method_authorized").status is Status.FAIL


def test_did_web_document_with_wrong_id_fails():
    did = "did:web:issuer.example"
    issuer = Issuer.from_seed("did-web-issuer")
    document = issuer.did_web_document("did:web:other.example")
    fetcher = SeedFetcher({"https://issuer.example/.well-known/did.json":
                           json.dumps(document).encode()})
    signed = sign(open_badge(issuer_id=did), issuer, verification_method=f"{did}#key-1")
    report = verify(signed, now=NOW, fetcher=fetcher)
    assert report.check("verification_method_resolved").status is Status.FAIL


def test_did_web_unreachable_is_indeterminate_and_a_404_fails():
    # issue 23: a DID document that was never fetched proves nothing (unsupported); a
    # server that answers "no such document" does
    did = "did:web:issuer.example"
    signed = sign(open_badge(issuer_id=did), UNIVERSITY, verification_method=f"{did}#key-1")
    report = verify(signed, now=NOW)
    check = report.check("verification_method_resolved")
    assert check.status is Status.INDETERMINATE and report.verdict is Verdict.UNSUPPORTED
    assert check.details["fetch"] == "unreachable"
    assert check.details["fetch_code"] == "network_disabled"
    assert "issuer.example" in check.details["reason"] + check.details["url"]

    def gone(url):
        raise FetchError(url, "no document here", 404, code="http_error")

    check = verify(signed, now=NOW, fetcher=gone).check("verification_method_resolved")
    assert check.status is Status.FAIL and check.details["fetch"] == "definitive"
    assert check.details["http_status"] == 404


def test_did_jwk_issuer():
    from screening.verify.keys.publickey import b64url_encode
    issuer = Issuer.from_seed("jwk-issuer")
    jwk = {"kty": "OKP", "crv": "Ed25519",
           "x": b64url_encode(bytes(issuer.signing_key.verify_key))}
    did = "did:jwk:" + b64url_encode(json.dumps(jwk, separators=(",", ":")).encode())
    signed = sign(open_badge(issuer_id=did), issuer, verification_method=f"{did}#0")
    report = verify(signed, now=NOW)
    assert report.verdict is Verdict.WARNING
    assert report.check("verification_method_resolved").details["method"] == "did:jwk"


def test_proof_set_with_cosigner_is_verified():
    signed = sign(open_badge(), UNIVERSITY, proof_id="urn:uuid:p1")
    signed = sign(signed, NOTARY, proof_id="urn:uuid:p2")  # independent second proof
    report = verify(signed, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED
    assert statuses(report, "proof_signature") == [Status.PASS, Status.PASS]
    assert statuses(report, "issuer_controls_key") == [Status.PASS, Status.NA]


def test_proof_chain_verifies_over_previous_proof():
    signed = sign(open_badge(), UNIVERSITY, proof_id="urn:uuid:p1")
    chained = sign(signed, NOTARY, proof_id="urn:uuid:p2", previous_proof="urn:uuid:p1")
    report = verify(chained, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED
    assert [c.status for c in report.checks_with("proof_chain")] == [Status.PASS]
    # dropping the earlier proof breaks the chain
    broken = {**chained, "proof": [chained["proof"][1]]}
    report = verify(broken, now=NOW, trust=TRUST)
    assert report.check("proof_chain").status is Status.FAIL
    assert report.verdict is Verdict.FAILED


def test_cosigner_alone_is_not_the_issuer():
    report = verify(sign(open_badge(), NOTARY), now=NOW)
    assert statuses(report, "issuer_controls_key") == [Status.FAIL]


def test_presentation_reports_each_credential():
    good = sign(open_badge(), UNIVERSITY)
    bad = tampered(good, ("name",), "Forged")
    vp = {"@context": ["https://www.w3.org/ns/credentials/v2"],
          "type": ["VerifiablePresentation"], "holder": "did:example:candidate-1",
          "verifiableCredential": [good, bad]}
    report = verify(vp, now=NOW, trust=TRUST, label="vp.json")
    assert report.kind == "presentation"
    verdicts = [r.verdict for r in report.iter_credentials()]
    assert verdicts == [Verdict.VERIFIED, Verdict.FAILED]
    assert report.check("proof_present").status is Status.NA


def test_signed_presentation_checks_holder_authentication():
    holder = Issuer.from_seed("holder")
    vp = {"@context": ["https://www.w3.org/ns/credentials/v2"],
          "type": ["VerifiablePresentation"], "holder": holder.did_key,
          "verifiableCredential": [sign(open_badge(), UNIVERSITY)]}
    signed_vp = sign(vp, holder, purpose="authentication")
    report = verify(signed_vp, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED
    wrong_purpose = sign(vp, holder, purpose="assertionMethod")
    assert verify(wrong_purpose, now=NOW).check("proof_options").status is Status.FAIL


@pytest.mark.parametrize("ptype", ["JsonWebSignature2020", "EcdsaSecp256k1Signature2019",
                                   "Ed25519Signature2018"])
def test_legacy_proof_with_a_malformed_jws_fails(ptype):
    """Supported since issue 13: a JWS that is not header..signature is found wrong."""
    doc = sign_unchecked(open_badge())
    doc["proof"] = {"type": ptype, "proofPurpose": "assertionMethod", "jws": "x..y",
                    "verificationMethod": UNIVERSITY.did_key_method}
    report = verify(doc, now=NOW)
    assert report.verdict is Verdict.FAILED
    assert report.check("proof_signature").status is Status.FAIL
