"""A verdict follows from evidence only (issue 23): cases a review of every `fail` site
found, each shown first as the false "failed" it was, now honest — while the definitive
failure beside it still fails."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID
from factories import UNIVERSITY, open_badge

from screening.errors import FetchError
from screening.fetch.seeds import Fetched
from screening.testing.issuers import EcIssuer
from screening.testing.signing import present_sd_jwt, sign, sign_detached_jws, sign_sd_jwt
from screening.verify import pipeline, verify
from screening.verify.keys.publickey import b64url_encode
from screening.verify.recipient import Candidate
from screening.verify.report import Status, Verdict

NOW = datetime(2026, 6, 1, tzinfo=UTC)
DID = "did:web:issuer.example"
DID_URL = "https://issuer.example/.well-known/did.json"


def answering(documents: dict[str, object]):
    """A fetcher serving `documents` (an int is the HTTP status the server answered);
    everything else times out."""
    def fetch(url: str) -> Fetched:
        found = documents.get(url)
        if isinstance(found, int):
            raise FetchError(url, f"HTTP {found}", status=found, code="http_error")
        if found is None:
            raise FetchError(url, "timeout", code="timeout")
        return Fetched(url, json.dumps(found).encode(), "application/json")
    return fetch


OB2 = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
       "id": "https://badges.example.org/assertions/123",
       "recipient": {"type": "email", "hashed": False, "identity": "alice@example.org"},
       "badge": {"type": "BadgeClass", "id": "https://badges.example.org/badges/5",
                 "name": "Python", "issuer": {"type": "Profile",
                                              "id": "https://badges.example.org/issuer",
                                              "name": "Example Org"}},
       "verification": {"type": "hosted"}}


@pytest.mark.parametrize("issued", [1700000000, "2023-11-14", "2023-11-14T10:00:00+0000"])
def test_open_badges_2_dates_in_the_forms_the_spec_allows_are_read(issued):
    """OB 2.0 DateTime: an ISO 8601 date or a 10-digit Unix timestamp."""
    report = verify({**OB2, "issuedOn": issued}, now=NOW, fetcher=answering({}))
    assert report.check("validity_period").status is Status.PASS
    assert report.verdict is Verdict.UNSUPPORTED  # the hosted copy could not be reached


def test_an_open_badge_expired_by_timestamp_still_fails():
    report = verify({**OB2, "issuedOn": 1600000000, "expires": 1700000000}, now=NOW,
                    fetcher=answering({}))
    assert report.check("validity_period").status is Status.FAIL
    assert report.verdict is Verdict.FAILED


def _did_web_credential() -> dict:
    return sign(open_badge(UNIVERSITY, issuer_id=DID), UNIVERSITY,
                verification_method=f"{DID}#key-1")


@pytest.mark.parametrize("status", [401, 403, 406, 451])
def test_a_server_that_would_not_answer_proves_nothing(status):
    report = verify(_did_web_credential(), now=NOW, fetcher=answering({DID_URL: status}))
    assert report.check("verification_method_resolved").status is Status.INDETERMINATE
    assert report.verdict is Verdict.UNSUPPORTED


def test_a_did_document_that_is_not_there_still_fails():
    report = verify(_did_web_credential(), now=NOW, fetcher=answering({DID_URL: 404}))
    assert report.check("verification_method_resolved").status is Status.FAIL
    assert report.verdict is Verdict.FAILED


def test_an_internal_error_is_never_a_forgery(monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(pipeline, "_verify_any", broken)
    report = verify(sign(open_badge(), UNIVERSITY), now=NOW)
    assert report.check("verifier_error").status is Status.INDETERMINATE
    assert report.verdict is Verdict.UNSUPPORTED


def _rsa_did_document() -> dict:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    numbers = key.public_numbers()
    jwk = {"kty": "RSA", "n": b64url_encode(numbers.n.to_bytes(256, "big")),
           "e": b64url_encode(numbers.e.to_bytes(3, "big"))}
    method = {"id": f"{DID}#key-1", "type": "JsonWebKey2020", "controller": DID,
              "publicKeyJwk": jwk}
    return {"@context": ["https://www.w3.org/ns/did/v1"], "id": DID,
            "verificationMethod": [method], "assertionMethod": [method["id"]]}


def test_a_key_type_the_suite_allows_but_this_version_cannot_check_is_unsupported():
    """JsonWebSignature2020 allows RSA keys (PS256); this version checks only Ed25519 and
    the EC curves, so the signature is undecided, not 'does not fit'."""
    doc = sign_detached_jws(open_badge(UNIVERSITY, issuer_id=DID), UNIVERSITY,
                            suite="JsonWebSignature2020",
                            verification_method=f"{DID}#key-1",
                            proof_context="https://w3id.org/security/suites/jws-2020/v1")
    report = verify(doc, now=NOW, fetcher=answering({DID_URL: _rsa_did_document()}))
    assert report.check("proof_signature").status is Status.INDETERMINATE
    assert report.verdict is Verdict.UNSUPPORTED


def _hashed(algorithm: str, digest: str) -> dict:
    badge = open_badge()
    badge["credentialSubject"]["identifier"] = [{
        "type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
        "identityHash": f"{algorithm}${digest}", "salt": ""}]
    return sign(badge, UNIVERSITY)


def test_a_recipient_hash_this_version_cannot_compute_is_not_someone_else():
    report = verify(_hashed("sha3-256", "ab" * 32), now=NOW,
                    candidate=Candidate(name="Ada", emails=("ada@example.com",)))
    assert report.check("recipient_bound").status is Status.INDETERMINATE


def test_a_recipient_hash_of_another_address_is_still_someone_else():
    import hashlib

    other = hashlib.sha256(b"mallory@example.com").hexdigest()
    report = verify(_hashed("sha256", other), now=NOW,
                    candidate=Candidate(name="Ada", emails=("ada@example.com",)))
    assert report.check("recipient_bound").status is Status.FAIL


@pytest.mark.parametrize("make", [
    lambda: rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key(),
    lambda: ec.generate_private_key(ec.SECP256R1()).public_key(),
], ids=["rsa-1024", "p-256"])
def test_an_open_badges_2_key_this_version_refuses_is_undecided(make):
    """OB 2.0 signed badges are checked with RSA keys of 2,048 bits or more; another key
    is refused as proof — undecided, not 'the badge could not be confirmed'."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from screening.verify.ob2 import Ob2Error, rsa_key_from_pem

    pem = make().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()
    with pytest.raises(Ob2Error) as caught:
        rsa_key_from_pem(pem)
    check = caught.value.check("verification_method_resolved", "The key cannot be used.")
    assert check.status is Status.INDETERMINATE


# --- SD-JWT VCs: what the specs allow is read, what the holder withheld is not malformed ---

EC_ISSUER = EcIssuer.from_seed("test-evidence-only:ec", "P-256")
SD_CLAIMS = {"iss": "https://issuer.example", "vct": "https://issuer.example/vct/degree",
             "iat": 1700000000, "given_name": "Alice"}
METADATA = "https://issuer.example/.well-known/jwt-vc-issuer"
JWKS = "https://issuer.example/jwks.json"


def test_sd_jwt_issuer_keys_published_by_jwks_uri_are_read():
    """SD-JWT VC issuer metadata may carry its keys inline (jwks) or by reference
    (jwks_uri): both are the issuer's published keys."""
    token = sign_sd_jwt(SD_CLAIMS, EC_ISSUER, selective=("given_name",), kid="k1")
    served = answering({METADATA: {"issuer": "https://issuer.example", "jwks_uri": JWKS},
                        JWKS: {"keys": [{**EC_ISSUER.public_jwk(), "kid": "k1"}]}})
    report = verify(token, now=NOW, fetcher=served)
    assert report.check("verification_method_resolved").status is Status.PASS
    assert report.check("proof_signature").status is Status.PASS


def test_sd_jwt_signed_rs256_with_an_rsa_certificate_is_checked():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "issuer.example")])
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(1)
                   .not_valid_before(datetime(2025, 1, 1)).not_valid_after(datetime(2030, 1, 1))
                   .sign(key, hashes.SHA256()))
    header = {"alg": "RS256", "typ": "dc+sd-jwt", "x5c": [base64.b64encode(
        certificate.public_bytes(serialization.Encoding.DER)).decode()]}
    signing_input = ".".join(b64url_encode(json.dumps(part, separators=(",", ":")).encode())
                             for part in (header, SD_CLAIMS))
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    report = verify(f"{signing_input}.{b64url_encode(signature)}~", now=NOW,
                    fetcher=answering({}))
    assert report.check("proof_signature").status is Status.PASS
    assert report.verdict is not Verdict.FAILED


def test_a_credential_subject_the_holder_withheld_is_not_malformed():
    document = open_badge(EC_ISSUER, issuer_id=EC_ISSUER.did_jwk)
    full = sign_sd_jwt(document, EC_ISSUER, selective=("credentialSubject",), typ="vc+sd-jwt",
                       kid=EC_ISSUER.did_jwk + "#0")
    assert verify(full, now=NOW).check("credential_structure").status is Status.PASS
    withheld = verify(present_sd_jwt(full, keep=()), now=NOW)
    assert withheld.check("credential_structure").status is Status.INDETERMINATE
    assert withheld.verdict is Verdict.UNSUPPORTED


@pytest.mark.parametrize("media_type", ["application/vc+jwt", "application/vc+ld+json+jwt"])
def test_an_enveloped_credential_is_read_under_its_current_and_draft_media_types(media_type):
    from screening.testing.signing import sign_jwt

    token = sign_jwt({**open_badge(), "iss": UNIVERSITY.did_key}, UNIVERSITY,
                     typ="vc+jwt", kid=UNIVERSITY.did_key_method)
    report = verify({"@context": ["https://www.w3.org/ns/credentials/v2"],
                     "id": f"data:{media_type},{token}",
                     "type": "EnvelopedVerifiableCredential"}, now=NOW)
    assert report.check("proof_signature").status is Status.PASS


def test_an_enveloped_credential_of_another_media_type_is_unsupported():
    report = verify({"@context": ["https://www.w3.org/ns/credentials/v2"],
                     "id": "data:application/vc+mdoc,AAAA",
                     "type": "EnvelopedVerifiableCredential"}, now=NOW)
    assert report.check("format_supported").status is Status.INDETERMINATE
    assert report.verdict is Verdict.UNSUPPORTED


def _certificate(private_key) -> list[str]:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "issuer.example")])
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(private_key.public_key()).serial_number(1)
                   .not_valid_before(datetime(2025, 1, 1)).not_valid_after(datetime(2030, 1, 1))
                   .sign(private_key, None))
    return [base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()]


def test_a_certificate_key_this_version_cannot_check_is_undecided_in_both_token_kinds():
    """One certificate reader (`verify/keys/certificate.py`) for VC-JWTs and SD-JWT VCs: an
    Ed448 leaf is a key this version cannot check — undecided, never 'not found'."""
    from cryptography.hazmat.primitives.asymmetric import ed448

    from screening.verify.jose.jws import parse_compact
    from screening.verify.jose.sdjwt import issuer_key_checks
    from screening.verify.jose.vcjwt import key_checks

    x5c = _certificate(ed448.Ed448PrivateKey.generate())
    head = b64url_encode(json.dumps({"alg": "EdDSA", "x5c": x5c}).encode())
    jws = parse_compact(f"{head}.{b64url_encode(b'{}')}.{b64url_encode(b'x' * 114)}")
    for checks in (key_checks(jws, "https://issuer.example", answering({})),
                   issuer_key_checks(jws, "https://issuer.example", answering({}))):
        resolved = next(c for c in checks if c.code == "verification_method_resolved")
        assert resolved.status is Status.INDETERMINATE
