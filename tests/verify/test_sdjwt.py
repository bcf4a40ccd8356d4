"""SD-JWT VC: issuer signature (DID kid, x5c leaf, JWT VC issuer metadata, header jwk),
every disclosure digest, duplicates and orphans, _sd_alg, key binding, validity; the
disclosed claims become the credential the matching reads."""

from __future__ import annotations

import hashlib
import json

import pytest
from factories import NOW

from screening.fetch.seeds import FetchError, SeedFetcher
from screening.testing.issuers import EcIssuer
from screening.testing.signing import ion_long_form, present_sd_jwt, self_signed_x5c, sign_sd_jwt
from screening.verify import verify
from screening.verify.keys.publickey import b64url_decode, b64url_encode
from screening.verify.report import Status, Verdict
from screening.verify.trust import KnownIssuer, TrustList

ISSUER = EcIssuer.from_seed("test-sd-jwt-issuer", "P-256")
HOLDER = EcIssuer.from_seed("test-sd-jwt-holder", "P-256")
ATTACKER = EcIssuer.from_seed("test-sd-jwt-attacker", "P-256")
TRUST = TrustList([KnownIssuer(ISSUER.did_key, "Example University"),
                   KnownIssuer("https://issuer.example/tenant", "Example University")])
CLAIMS = {"iss": ISSUER.did_key, "vct": "https://credentials.example/vct/degree",
          "iat": 1735689600, "exp": 1893456000, "sub": "did:example:candidate-7",
          "name": "BSc Computer Science", "description": "Algorithms, SQL and Python.",
          "given_name": "Ada", "family_name": "Lovelace", "birthdate": "1815-12-10"}
SELECTIVE = ("given_name", "family_name", "birthdate", "description")


def statuses(report, code):
    return {c.status for c in report.checks_with(code)}


def minted(**kwargs) -> str:
    options = {"selective": SELECTIVE, "kid": ISSUER.did_key_method, **kwargs}
    return sign_sd_jwt(CLAIMS, ISSUER, **options)


def test_mint_verify_and_the_disclosed_claims_become_the_credential():
    report = verify(minted(), now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    assert report.format == "sd-jwt"
    subject = report.document["credentialSubject"]
    assert subject["given_name"] == "Ada" and subject["id"] == "did:example:candidate-7"
    assert report.document["description"] == "Algorithms, SQL and Python."
    assert report.summary.name == "BSc Computer Science"
    assert statuses(report, "sd_key_binding") == {Status.NA}


def test_only_what_is_disclosed_is_read():
    shown = present_sd_jwt(minted(), keep=("given_name",))
    report = verify(shown, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    subject = report.document["credentialSubject"]
    assert "birthdate" not in subject and "family_name" not in subject
    assert report.check("sd_disclosures").details["disclosures"] == 1


def _disclosures(token: str) -> list[str]:
    return token.split("~")[1:-1]


def _replace_disclosure(token: str, index: int, value) -> str:
    parts = token.split("~")
    salt, name, _ = json.loads(b64url_decode(parts[1 + index]))
    parts[1 + index] = b64url_encode(json.dumps([salt, name, value]).encode())
    return "~".join(parts)


def test_a_changed_disclosure_fails():
    report = verify(_replace_disclosure(minted(), 0, "Grace"), now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "sd_disclosures") == {Status.FAIL}


def test_duplicate_and_orphan_disclosures_fail():
    token = minted()
    first = _disclosures(token)[0]
    duplicate = token + first + "~"
    other = sign_sd_jwt({**CLAIMS, "given_name": "Grace"}, ISSUER, selective=("given_name",),
                        kid=ISSUER.did_key_method, seed="other")
    orphan = token + _disclosures(other)[0] + "~"
    for bad in (duplicate, orphan):
        report = verify(bad, now=NOW, trust=TRUST)
        assert report.verdict is Verdict.FAILED
        assert statuses(report, "sd_disclosures") == {Status.FAIL}


@pytest.mark.parametrize("disclosure", ["!!!", "é", "a\u2028b", b64url_encode(b"[1]"),
                                        b64url_encode(b'["salt", 5, "x"]'),
                                        b64url_encode(b'{"a": 1}')])
def test_malformed_disclosures_fail_and_never_crash(disclosure):
    report = verify(minted() + disclosure + "~", now=NOW, trust=TRUST)
    assert report.check("verifier_error") is None
    assert report.verdict is Verdict.FAILED


def test_signed_by_the_wrong_key_or_changed_payload_fails():
    wrong = sign_sd_jwt(CLAIMS, ATTACKER, selective=SELECTIVE, kid=ISSUER.did_key_method)
    report = verify(wrong, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "proof_signature") == {Status.FAIL}
    head, payload, signature = minted().split("~")[0].split(".")
    claims = json.loads(b64url_decode(payload))
    claims["name"] = "PhD"
    forged = f"{head}.{b64url_encode(json.dumps(claims).encode())}.{signature}~"
    assert verify(forged, now=NOW, trust=TRUST).verdict is Verdict.FAILED


def test_key_binding_pass_wrong_key_and_changed_disclosures():
    token = minted(holder=HOLDER)
    report = verify(present_sd_jwt(token, keep=("given_name",), holder=HOLDER), now=NOW,
                    trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    assert statuses(report, "sd_key_binding") == {Status.PASS}
    by_other = verify(present_sd_jwt(token, holder=ATTACKER), now=NOW, trust=TRUST)
    assert statuses(by_other, "sd_key_binding") == {Status.FAIL}
    presented = present_sd_jwt(token, keep=("given_name", "family_name"), holder=HOLDER)
    parts = presented.split("~")
    dropped = "~".join([parts[0], parts[1], parts[-1]])  # a disclosure removed after binding
    report = verify(dropped, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "sd_key_binding") == {Status.FAIL}


def test_unknown_sd_alg_is_unsupported():
    token = minted(header=None)
    _head, payload, _ = token.split("~")[0].split(".")
    claims = {**json.loads(b64url_decode(payload)), "_sd_alg": "sha3-256"}
    resigned = sign_sd_jwt(claims, ISSUER, kid=ISSUER.did_key_method)
    report = verify(resigned, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.UNSUPPORTED
    assert statuses(report, "sd_disclosures") == {Status.INDETERMINATE}


def test_x5c_leaf_key_is_a_warning_and_metadata_key_is_verified():
    x5c = sign_sd_jwt({**CLAIMS, "iss": "https://issuer.example/tenant"}, ISSUER,
                      selective=SELECTIVE, header={"x5c": self_signed_x5c(ISSUER)})
    report = verify(x5c, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.WARNING, [c.to_dict() for c in report.failing]
    assert statuses(report, "issuer_controls_key") == {Status.INDETERMINATE}
    assert report.check("verification_method_resolved").details["method"] == "x5c"
    iss = "https://issuer.example/tenant"
    token = sign_sd_jwt({**CLAIMS, "iss": iss}, ISSUER, selective=SELECTIVE, kid="k1")
    metadata = {"issuer": iss, "jwks": {"keys": [{**ISSUER.public_jwk(), "kid": "k1"}]}}
    fetcher = SeedFetcher({"https://issuer.example/.well-known/jwt-vc-issuer/tenant":
                           json.dumps(metadata).encode()})
    report = verify(token, now=NOW, trust=TRUST, fetcher=fetcher)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    # metadata never fetched: could not check (issue 23); metadata the server says it
    # does not have: the key is not published, which fails
    assert verify(token, now=NOW, trust=TRUST).verdict is Verdict.UNSUPPORTED

    def missing(url):
        raise FetchError(url, "no such document", 404, code="http_error")

    assert verify(token, now=NOW, trust=TRUST, fetcher=missing).verdict is Verdict.FAILED


def test_header_jwk_is_self_asserted_unless_the_issuer_id_vouches_for_it():
    # the did:key issuer's own key: its identifier vouches for the header key
    bound = sign_sd_jwt(CLAIMS, ISSUER, selective=SELECTIVE,
                        header={"jwk": ISSUER.public_jwk()})
    report = verify(bound, now=NOW, trust=TRUST)
    assert statuses(report, "issuer_controls_key") == {Status.PASS}
    # an issuer whose identifier names no key: the header key is only self-asserted
    plain = sign_sd_jwt({**CLAIMS, "iss": "https://issuer.example/unpublished"}, ISSUER,
                        selective=SELECTIVE, header={"jwk": ISSUER.public_jwk()})
    report = verify(plain, now=NOW, trust=TRUST)
    assert report.verdict is not Verdict.VERIFIED
    assert statuses(report, "issuer_controls_key") <= {Status.INDETERMINATE, Status.FAIL}
    # a key that is not the did:key issuer's: not theirs
    other = sign_sd_jwt(CLAIMS, ATTACKER, selective=SELECTIVE,
                        header={"jwk": ATTACKER.public_jwk()})
    assert statuses(verify(other, now=NOW, trust=TRUST), "issuer_controls_key") == {
        Status.FAIL}


@pytest.mark.parametrize("typ", ["vc+sd-jwt", "dc+sd-jwt"])
def test_both_media_types_and_the_enveloped_form(typ):
    token = minted(typ=typ)
    assert verify(token, now=NOW, trust=TRUST).verdict is Verdict.VERIFIED
    enveloped = {"@context": ["https://www.w3.org/ns/credentials/v2"],
                 "type": ["EnvelopedVerifiableCredential"],
                 "id": f"data:application/{typ},{token}"}
    assert verify(enveloped, now=NOW, trust=TRUST).verdict is Verdict.VERIFIED


def test_wrong_typ_and_expiry_fail():
    report = verify(minted(typ="JWT"), now=NOW, trust=TRUST)
    assert statuses(report, "jose_header") == {Status.FAIL}
    expired = sign_sd_jwt({**CLAIMS, "exp": 1700000000}, ISSUER, selective=SELECTIVE,
                          kid=ISSUER.did_key_method)
    report = verify(expired, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "validity_period") == {Status.FAIL}


def test_array_element_disclosures_and_decoys():
    salt = "2GLC42sKQveCfGfryNRN9w"
    element = b64url_encode(json.dumps([salt, "SQL"]).encode())
    digest = b64url_encode(hashlib.sha256(element.encode()).digest())
    claims = {**CLAIMS, "skills": [{"...": digest}, "Python", {"...": "decoy-digest"}]}
    token = sign_sd_jwt(claims, ISSUER, kid=ISSUER.did_key_method)
    report = verify(token + element + "~", now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    assert report.document["credentialSubject"]["skills"] == ["SQL", "Python"]
    hidden = verify(token, now=NOW, trust=TRUST)
    assert hidden.document["credentialSubject"]["skills"] == ["Python"]


def test_es256k_sd_jwt_from_a_did_ion_issuer():
    entra = EcIssuer.from_seed("test-sd-jwt-ion", "secp256k1")
    did = ion_long_form(entra)
    token = sign_sd_jwt({**CLAIMS, "iss": did}, entra, selective=SELECTIVE,
                        kid=f"{did}#key-1")
    report = verify(token, now=NOW, trust=TrustList([KnownIssuer(did, "Example University")]))
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]


def test_sample_data_shows_ecdsa_sd_jwt_and_did_ion_credentials():
    from pathlib import Path

    from screening.fetch.seeds import seeded

    root = Path(__file__).resolve().parents[2] / "sample_data"
    trust = TrustList.load(root / "trust.toml")
    fetcher = seeded([root / "seeds" / "index.json"])  # the sample issuers' web presence
    expected = {"edsger-dijkstra/testing-wallet.sd-jwt": ("sd-jwt", "did:ion:"),
                "hedy-lamarr/devops-ecdsa.json": ("vc-ld", "did:key:zDna"),
                "radia-perlman/encryption-selective.json": ("vc-ld", "did:key:zDna")}
    for path, (fmt, issuer) in expected.items():
        report = verify((root / "candidates" / path).read_bytes(), now=NOW, trust=trust,
                        fetcher=fetcher)
        assert report.verdict is Verdict.VERIFIED, (path, [c.to_dict() for c in report.failing])
        assert report.format == fmt and report.summary.issuer_id.startswith(issuer)
    wallet = verify((root / "candidates" / "edsger-dijkstra/testing-wallet.sd-jwt").read_bytes(),
                    now=NOW, trust=trust, fetcher=fetcher)
    assert statuses(wallet, "sd_key_binding") == {Status.PASS}
    assert statuses(wallet, "credential_status") == {Status.PASS}  # IETF token status list
    assert "birthdate" not in wallet.document["credentialSubject"]


# --- a relative DID URL kid (issue 23) ------------------------------------------------------


def _tampered_issuer_jwt(token: str) -> str:
    """The issuer-signed JWT with one payload claim changed, signature kept."""
    jwt, _, rest = token.partition("~")
    head, payload, signature = jwt.split(".")
    claims = json.loads(b64url_decode(payload))
    claims["name"] = "PhD Computer Science"
    forged = b64url_encode(json.dumps(claims, separators=(",", ":")).encode())
    return f"{head}.{forged}.{signature}~{rest}"


def test_relative_did_url_kid_resolves_against_the_did_iss():
    """SD-JWT VC: kid may be "a relative or absolute DID URL of the DID in the iss value"."""
    token = minted(kid="#" + ISSUER.public_multibase)
    report = verify(token, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    assert statuses(report, "verification_method_resolved") == {Status.PASS}
    assert report.check("verification_method_resolved").details["kid"] == ISSUER.did_key_method
    assert statuses(report, "issuer_controls_key") == {Status.PASS}


def test_tampered_token_with_relative_kid_fails_on_its_signature():
    report = verify(_tampered_issuer_jwt(minted(kid="#" + ISSUER.public_multibase)), now=NOW,
                    trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert statuses(report, "verification_method_resolved") == {Status.PASS}
    assert statuses(report, "proof_signature") == {Status.FAIL}


def test_relative_kid_naming_no_key_of_the_issuer_fails_key_resolution():
    report = verify(minted(kid="#z6MkNotTheIssuersKey"), now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert Status.PASS not in statuses(report, "proof_signature")


def test_self_signed_x5c_naming_a_did_key_issuer_fails_issuer_controls_key():
    """Issue 28 V3: the attacker's own self-signed x5c with `iss` a trusted did:key
    issuer fails, as the same forgery does as a VC-JWT; the issuer's own key in an x5c
    passes."""
    forged = sign_sd_jwt({**CLAIMS, "iss": ISSUER.did_key}, ATTACKER, selective=SELECTIVE,
                         header={"x5c": self_signed_x5c(ATTACKER)})
    report = verify(forged, now=NOW, trust=TRUST)
    assert statuses(report, "issuer_controls_key") == {Status.FAIL}
    assert report.verdict is Verdict.FAILED
    honest = sign_sd_jwt({**CLAIMS, "iss": ISSUER.did_key}, ISSUER, selective=SELECTIVE,
                         header={"x5c": self_signed_x5c(ISSUER)})
    assert statuses(verify(honest, now=NOW, trust=TRUST), "issuer_controls_key") == {
        Status.PASS}


@pytest.mark.parametrize("header_of", [lambda k: {"x5c": self_signed_x5c(k)},
                                       lambda k: {"jwk": k.public_jwk()}],
                         ids=["x5c", "jwk"])
def test_carried_key_with_an_https_iss_must_be_in_its_published_metadata(header_of):
    iss = "https://issuer.example/tenant"
    metadata = {"issuer": iss, "jwks": {"keys": [{**ISSUER.public_jwk(), "kid": "k1"}]}}
    fetcher = SeedFetcher({"https://issuer.example/.well-known/jwt-vc-issuer/tenant":
                           json.dumps(metadata).encode()})
    forged = sign_sd_jwt({**CLAIMS, "iss": iss}, ATTACKER, selective=SELECTIVE,
                         header=header_of(ATTACKER))
    assert statuses(verify(forged, now=NOW, trust=TRUST, fetcher=fetcher),
                    "issuer_controls_key") == {Status.FAIL}
    honest = sign_sd_jwt({**CLAIMS, "iss": iss}, ISSUER, selective=SELECTIVE,
                         header=header_of(ISSUER))
    assert statuses(verify(honest, now=NOW, trust=TRUST, fetcher=fetcher),
                    "issuer_controls_key") == {Status.PASS}
    # metadata that could not be reached proves nothing either way
    offline = verify(forged, now=NOW, trust=TRUST)
    assert statuses(offline, "issuer_controls_key") == {Status.INDETERMINATE}
    assert offline.verdict is not Verdict.VERIFIED
