"""VC-JWT: the VC-JOSE-COSE test-suite inputs and minted tokens (alg pinning, alg none,
self-asserted keys, tampering, claims, dates, presentations with enveloped credentials)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from conformance_data import CONFORMANCE, PINNED_NOW, conformance_store, offline_fetcher
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from factories import NOW, UNIVERSITY, open_badge

from screening.fetch.seeds import SeedFetcher
from screening.testing.issuers import Issuer
from screening.testing.signing import sign_jwt
from screening.verify import verify
from screening.verify.keys.publickey import b64url_encode
from screening.verify.report import Status, Verdict
from screening.verify.trust import KnownIssuer, TrustList

INPUT = CONFORMANCE / "w3c-vc-jose-cose-test-suite/tests/input"
SUITE_ISSUER = "https://example.issuer/vc-jose-cose"
TRUST = TrustList([KnownIssuer(UNIVERSITY.did_key, "Example University")])


def suite_fetcher() -> SeedFetcher:
    """The suite's issuer publishing its test keys (public parts only) as a controller doc."""
    methods = []
    for name in ("vm-ed25519.json", "vm-p256.json", "vm-p384.json", "vm-p521.json"):
        method = json.loads((INPUT / name).read_text())
        method.pop("secretKeyJwk", None)
        methods.append(method)
    document = {"id": SUITE_ISSUER, "verificationMethod": methods,
                "assertionMethod": [m["id"] for m in methods]}
    return SeedFetcher({SUITE_ISSUER: json.dumps(document).encode()}, fallback=offline_fetcher())


def run(name: str, now: datetime = PINNED_NOW):
    return verify((INPUT / name).read_bytes(), now=now, fetcher=suite_fetcher(), label=name,
                  loader=conformance_store())


def status(report, code):
    return {c.status for c in report.checks_with(code)}


@pytest.mark.conformance
@pytest.mark.parametrize("name", ["credential-jose-minimal.txt",
                                  "credential-issuer-match-signed.txt"])
def test_suite_valid_credentials(name):
    report = run(name)
    assert report.verdict is Verdict.WARNING  # valid; the suite's issuer is not on our list
    assert status(report, "proof_signature") == {Status.PASS}
    assert status(report, "issuer_controls_key") == {Status.PASS}


@pytest.mark.conformance
@pytest.mark.parametrize(("name", "code"), [
    ("credential-jose-bad-signature.txt", "proof_signature"),
    ("credential-jose-bad-media-type.txt", "jose_header"),
    ("credential-jose-vc-vp-claims.txt", "jwt_claims"),
    ("presentation-jose-bad-media-type.txt", "jose_header"),
])
def test_suite_failures(name, code):
    report = run(name)
    assert report.verdict is Verdict.FAILED
    assert Status.FAIL in status(report, code)


@pytest.mark.conformance
def test_unknown_extensions_token_verifies_with_the_key_its_kid_names():
    """The suite fails test 9 because its harness checks every token with the Ed25519 key;
    here the kid names the issuer's P-521 key, which the issuer publishes."""
    report = run("credential-jose-unknown-extensions.txt")
    assert status(report, "proof_signature") == {Status.PASS}
    assert report.check("verification_method_resolved").details["keyType"] == "P-521"


# The suite's presentations are short-lived tokens minted on 2024-12-15/16.
PRESENTATION_TIME = datetime(2024, 12, 16, 0, 30, tzinfo=UTC)


@pytest.mark.conformance
def test_presentation_with_enveloped_credentials():
    report = run("presentation-jose-multiple.txt", PRESENTATION_TIME)
    assert report.kind == "presentation" and not report.failing
    verdicts = [r.verdict for r in report.iter_credentials()]
    # the vc+jwt and (since issue 13) the vc+sd-jwt verify; vc+cose is unsupported
    assert verdicts == [Verdict.WARNING, Verdict.WARNING, Verdict.UNSUPPORTED]
    assert run("presentation-jose-multiple.txt").check("validity_period").status is Status.FAIL


@pytest.mark.conformance
@pytest.mark.parametrize("name", ["credential-sdjwt-selective.txt", "credential-sdjwt-nested.txt"])
def test_suite_valid_sd_jwt_credentials(name):
    report = run(name)
    assert report.verdict is Verdict.WARNING  # valid; the suite's issuer is not on our list
    assert status(report, "proof_signature") == {Status.PASS}
    assert status(report, "sd_disclosures") == {Status.PASS}
    assert status(report, "issuer_controls_key") == {Status.PASS}
    assert report.document["credentialSubject"]  # the disclosed claims are what is read


@pytest.mark.conformance
@pytest.mark.parametrize(("name", "code"), [
    ("credential-sdjwt-bad-signature.txt", "proof_signature"),
    ("credential-sdjwt-bad-media-type.txt", "jose_header"),
    ("presentation-sdjwt-bad-media-type.txt", "jose_header"),
    ("presentation-sdjwt-bad-credential.txt", "jose_header"),
])
def test_suite_bad_sd_jwt_inputs_fail(name, code):
    report = run(name)
    assert report.verdict is Verdict.FAILED
    assert Status.FAIL in status(report, code)


@pytest.mark.conformance
def test_unsigned_presentation_of_an_enveloped_sd_jwt():
    report = run("presentation-selective.json")
    assert report.verdict is Verdict.WARNING  # the presentation itself is not signed
    assert [(r.format, r.verdict) for r in report.iter_credentials()] == [
        ("sd-jwt", Verdict.WARNING)]


@pytest.mark.conformance
def test_sd_jwt_presentation_verifies_with_its_enveloped_credential():
    report = run("presentation-sdjwt-selective.txt")  # the suite's test 22: valid
    assert (report.kind, report.format) == ("presentation", "sd-jwt-vp")
    assert report.verdict is Verdict.WARNING  # valid; the suite's issuer is not on our list
    for code in ("jose_header", "sd_disclosures", "proof_signature", "issuer_controls_key"):
        assert status(report, code) == {Status.PASS}, code
    assert [(r.format, r.verdict) for r in report.credentials] == [("vc-jwt", Verdict.WARNING)]


def minted_sd_jwt_presentation(**options):
    from screening.testing.signing import sign_sd_jwt

    inner = sign_jwt(open_badge(), UNIVERSITY, kid=UNIVERSITY.did_key_method)
    presentation = {"@context": ["https://www.w3.org/ns/credentials/v2"],
                    "type": ["VerifiablePresentation"], "holder": UNIVERSITY.did_key,
                    "verifiableCredential": [{
                        "@context": "https://www.w3.org/ns/credentials/v2",
                        "id": f"data:application/vc+jwt,{inner}",
                        "type": "EnvelopedVerifiableCredential"}]}
    options = {"selective": ("verifiableCredential",), "kid": UNIVERSITY.did_key_method,
               "typ": "vp+sd-jwt", **options}
    return sign_sd_jwt(presentation, UNIVERSITY, **options)


def test_minted_sd_jwt_presentation_verifies_and_tampering_fails():
    token = minted_sd_jwt_presentation()
    report = verify(token, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    assert [r.verdict for r in report.credentials] == [Verdict.VERIFIED]
    jws, *rest = token.split("~")
    header, payload, signature = jws.split(".")
    forged = ".".join([header, payload, signature[:-4] + ("AAAA" if signature[-4:] != "AAAA"
                                                          else "BBBB")])
    report = verify("~".join([forged, *rest]), now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED and status(report, "proof_signature") == {Status.FAIL}
    withheld = "~".join([jws, ""])  # the credential's disclosure withheld: nothing to show
    report = verify(withheld, now=NOW, trust=TRUST)
    assert report.check("enclosed_credentials").status is Status.NA
    another = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    other = minted_sd_jwt_presentation(kid=f"{another}#{another[8:]}")  # not the signer
    assert verify(other, now=NOW, trust=TRUST).verdict is Verdict.FAILED


@pytest.mark.conformance
def test_presentation_with_a_bad_enveloped_credential():
    report = run("presentation-jose-bad-credential.txt", PRESENTATION_TIME)
    assert [r.verdict for r in report.iter_credentials()] == [Verdict.FAILED]


# --- minted tokens -------------------------------------------------------------------------


def credential(**extra):
    return open_badge(**extra)


def test_eddsa_did_key_token_is_verified():
    token = sign_jwt(credential(), UNIVERSITY, kid=UNIVERSITY.did_key_method)
    report = verify(token, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    assert report.format == "vc-jwt"


def test_token_without_kid_uses_the_did_key_issuer():
    report = verify(sign_jwt(credential(), UNIVERSITY), now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED


@pytest.mark.parametrize("alg", ["none", "HS256", None])
def test_unsigned_or_shared_secret_algorithms_fail(alg):
    token = sign_jwt(credential(), UNIVERSITY, header={"alg": alg})
    report = verify(token, now=NOW, trust=TRUST)
    assert report.check("jose_header").status is Status.FAIL
    assert report.verdict is Verdict.FAILED


def test_algorithm_is_pinned_to_the_key_type():
    token = sign_jwt(credential(), UNIVERSITY, header={"alg": "ES256"})
    report = verify(token, now=NOW, trust=TRUST)
    assert report.check("proof_signature").status is Status.FAIL
    assert "fit" in report.check("proof_signature").details["reason"]


def test_tampered_payload_fails():
    token = sign_jwt(credential(), UNIVERSITY)
    head, payload, sig = token.split(".")
    forged = json.loads(__import__("base64").urlsafe_b64decode(payload + "=="))
    forged["name"] = "Forged"
    token = ".".join([head, b64url_encode(json.dumps(forged).encode()), sig])
    assert verify(token, now=NOW).check("proof_signature").status is Status.FAIL


def test_self_asserted_header_key_is_a_warning_never_verified():
    attacker_jwk = {"kty": "OKP", "crv": "Ed25519",
                    "x": b64url_encode(bytes(UNIVERSITY.signing_key.verify_key))}
    token = sign_jwt(credential(issuer_id="https://famous-university.example"), UNIVERSITY,
                     header={"jwk": attacker_jwk})
    report = verify(token, now=NOW, trust=TrustList(
        [KnownIssuer("https://famous-university.example", "Famous University")]))
    assert report.check("proof_signature").status is Status.PASS
    assert report.check("issuer_controls_key").status is Status.INDETERMINATE
    assert report.verdict is Verdict.WARNING


def test_iss_must_match_issuer():
    payload = {**credential(), "iss": "did:example:someone-else"}
    report = verify(sign_jwt(payload, UNIVERSITY), now=NOW)
    assert report.check("jwt_claims").status is Status.FAIL


def test_vc11_token_claims_map_to_the_credential():
    vc = {"@context": ["https://www.w3.org/2018/credentials/v1"],
          "type": ["VerifiableCredential"], "credentialSubject": {"name": "Ada"}}
    payload = {"vc": vc, "iss": UNIVERSITY.did_key, "sub": "did:example:ada",
               "nbf": 1735689600, "exp": 1767225600, "jti": "urn:uuid:1"}  # 2025 .. 2026-01-01
    report = verify(sign_jwt(payload, UNIVERSITY, typ="JWT"), now=NOW, trust=TRUST)
    assert report.check("validity_period").details["reason"] == "expired"
    assert report.summary.subject_id == "did:example:ada"
    early = datetime(2025, 6, 1, tzinfo=UTC)
    assert verify(sign_jwt(payload, UNIVERSITY, typ="JWT"), now=early,
                  trust=TRUST).verdict is Verdict.VERIFIED


def _es256_token(private_key, payload, kid):
    header = {"alg": "ES256", "typ": "vc+jwt", "kid": kid}
    signing_input = ".".join(b64url_encode(json.dumps(p).encode()) for p in (header, payload))
    der = private_key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    return f"{signing_input}.{b64url_encode(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


def test_es256_with_https_issuer_controller_document():
    issuer = "https://badges.example.org/issuer"
    key = ec.generate_private_key(ec.SECP256R1())
    numbers = key.public_key().public_numbers()
    jwk = {"kty": "EC", "crv": "P-256", "x": b64url_encode(numbers.x.to_bytes(32, "big")),
           "y": b64url_encode(numbers.y.to_bytes(32, "big"))}
    document = {"id": issuer, "assertionMethod": [f"{issuer}#k1"], "verificationMethod": [
        {"id": f"{issuer}#k1", "type": "JsonWebKey", "controller": issuer, "publicKeyJwk": jwk}]}
    fetcher = SeedFetcher({issuer: json.dumps(document).encode()})
    token = _es256_token(key, credential(issuer_id=issuer), "k1")
    report = verify(token, now=NOW, fetcher=fetcher)
    assert report.verdict is Verdict.WARNING and not report.failing
    other = ec.generate_private_key(ec.SECP256R1())
    forged = _es256_token(other, credential(issuer_id=issuer), "k1")
    assert verify(forged, now=NOW, fetcher=fetcher).check("proof_signature").status \
        is Status.FAIL


def test_short_rsa_keys_are_refused_as_proof_but_not_called_forged():
    """A 1,024-bit RSA key proves nothing anyone could not have made, so it is refused — as
    'cannot be checked' (unsupported), never as a forgery (issue 23)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    numbers = key.public_key().public_numbers()
    jwk = {"kty": "RSA", "n": b64url_encode(numbers.n.to_bytes(128, "big")), "e": "AQAB"}
    token = sign_jwt(credential(), UNIVERSITY, header={"alg": "RS256", "jwk": jwk})
    report = verify(token, now=NOW)
    check = report.check("verification_method_resolved")
    assert check.status is Status.INDETERMINATE and "2048" in check.details["not_understood"]
    assert report.verdict is Verdict.UNSUPPORTED


# --- VCDM 1.1 §6.3.1: registered claims stand for credential properties (issue 23) --------

VC11 = {"@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential"], "credentialSubject": {"name": "Ada"}}
EARLY = datetime(2025, 6, 1, tzinfo=UTC)


def _vc11_token(vc=None, key=UNIVERSITY, **claims):
    payload = {"vc": vc or VC11, "iss": key.did_key, **claims}
    return sign_jwt(payload, key, typ="JWT", kid=key.did_key_method)


def _forge(token, change):
    head, payload, sig = token.split(".")
    claims = json.loads(__import__("base64").urlsafe_b64decode(payload + "=="))
    change(claims)
    return ".".join([head, b64url_encode(json.dumps(claims).encode()), sig])


@pytest.mark.parametrize("issued", ["nbf", "iat"])
def test_vc11_token_without_issuer_or_dates_in_vc_verifies(issued):
    """The vc claim may omit issuer, id, issuanceDate, subject id: iss, jti, nbf (or iat),
    sub set them."""
    token = _vc11_token(sub="did:example:ada", jti="urn:uuid:2", **{issued: 1735689600})
    report = verify(token, now=EARLY, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    assert report.check("credential_structure").status is Status.PASS
    assert report.check("jwt_claims").status is Status.PASS
    assert report.document["issuer"] == UNIVERSITY.did_key
    assert report.document["issuanceDate"] == "2025-01-01T00:00:00Z"
    assert report.document["id"] == "urn:uuid:2"


def test_vc11_issuer_object_without_id_takes_iss():
    vc = {**VC11, "issuer": {"name": "Example University"}}
    report = verify(_vc11_token(vc, nbf=1735689600), now=EARLY, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    assert report.document["issuer"] == {"name": "Example University",
                                         "id": UNIVERSITY.did_key}


def test_vc11_tampered_token_fails_on_its_signature():
    token = _forge(_vc11_token(nbf=1735689600),
                   lambda c: c["vc"]["credentialSubject"].update(name="Mallory"))
    report = verify(token, now=EARLY, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert report.check("proof_signature").status is Status.FAIL
    assert report.check("credential_structure").status is Status.PASS


@pytest.mark.parametrize(("vc_extra", "claims", "path", "value"), [
    ({"issuer": "did:example:placeholder"}, {"nbf": 1735689600}, ("issuer",),
     UNIVERSITY.did_key),
    ({"issuanceDate": "2024-01-01T00:00:00Z"}, {"nbf": 1735689600}, ("issuanceDate",),
     "2025-01-01T00:00:00Z"),
    ({"issuanceDate": "2025-01-01T00:00:00Z", "expirationDate": "2030-01-01T00:00:00Z"},
     {"nbf": 1735689600, "exp": 1767225600}, ("expirationDate",), "2026-01-01T00:00:00Z"),
    ({"id": "urn:uuid:a"}, {"nbf": 1735689600, "jti": "urn:uuid:b"}, ("id",), "urn:uuid:b"),
    ({"credentialSubject": {"id": "did:example:ada"}}, {"nbf": 1735689600,
                                                         "sub": "did:example:bob"},
     ("credentialSubject", "id"), "did:example:bob"),
])
def test_vc11_claims_set_the_credential_properties(vc_extra, claims, path, value):
    """VCDM 1.1 §6.3.1 decoding: iss, jti, sub, nbf and exp *set* issuer, id,
    credentialSubject.id, issuanceDate and expirationDate, whatever the vc claim says
    there (issuers leave placeholders in it; the signature covers the claims)."""
    token = _vc11_token({**VC11, **vc_extra}, iss=UNIVERSITY.did_key, **claims)
    report = verify(token, now=EARLY, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    found = report.document
    for key in path:
        found = found[key]
    assert found == value


MILL = Issuer.from_seed("test-vcjwt:diploma-mill")


def test_vc11_a_known_issuers_name_under_another_key_is_not_that_issuer():
    """The claims make the signer the issuer: a token whose vc claim names a known issuer
    but which another key signed is that key's credential, never the known issuer's."""
    token = _vc11_token({**VC11, "issuer": {"id": UNIVERSITY.did_key, "name": "Example U"}},
                        nbf=1735689600, key=MILL)
    report = verify(token, now=EARLY, trust=TRUST)
    assert report.summary.issuer_id == MILL.did_key
    assert report.verdict is not Verdict.VERIFIED


def test_vc11_dates_that_agree_with_their_claims_pass():
    vc = {**VC11, "issuanceDate": "2025-01-01T00:00:00.000Z",
          "expirationDate": "2026-01-01T00:00:00Z"}
    report = verify(_vc11_token(vc, nbf=1735689600, exp=1767225600, iat=1700000000),
                    now=EARLY, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]


def test_vc_jose_cose_payload_is_the_credential_claims_are_not_mapped():
    """VCDM 2.0 / VC-JOSE-COSE (vc+jwt): the payload is the credential itself; a vc claim
    is refused and iss must equal the issuer (nothing is filled in from claims)."""
    payload = {**credential(), "iss": UNIVERSITY.did_key}
    del payload["issuer"]
    report = verify(sign_jwt(payload, UNIVERSITY), now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert report.check("credential_structure").status is Status.FAIL
