"""European Digital Credentials sealed with JAdES (issue 25): mint → verify → tamper →
fail, a wrong key, a certificate expired at signing time, the chain against the admin's
certificate authorities (not on the list: a warning naming the sealing organisation), the
detached (sigD) form, and the ELM elements read from the credential."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from screening.ingest import kinds
from screening.ingest.kinds import Kind
from screening.testing import edc
from screening.testing.certificates import make_ca
from screening.verify import elm
from screening.verify.jose import jades
from screening.verify.pipeline import verify
from screening.verify.report import Status, Verdict
from screening.verify.trust import TrustList

NOW = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def pki():
    return edc.make_test_seal()


@pytest.fixture(scope="module")
def trust(pki):
    return TrustList(authorities=[pki[0].authority("Test Seal CA")])


def statuses(report):
    return {c.code: c.status for c in report.checks}


@pytest.mark.parametrize("form", ["json", "compact"])
def test_sealed_credential_verifies_against_a_listed_authority(pki, trust, form):
    sealed = edc.seal(edc.micro_credential(), pki[1], form=form)
    report = verify(sealed, now=NOW, trust=trust)
    assert report.format == "edc-jades" and report.verdict is Verdict.VERIFIED
    found = statuses(report)
    for code in ("jades_header", "proof_signature", "proof_verified",
                 "certificate_valid_at_signing", "certificate_chain_trusted", "issuer_trusted",
                 "credential_structure", "validity_period"):
        assert found[code] is Status.PASS, code
    assert report.summary.name == "Data Analysis with Python"
    assert report.summary.issuer_name == "Learning Provider"
    assert report.document["credentialSubject"]["hasClaim"]  # what the matcher reads


def test_bytes_of_a_sealed_file_are_read_as_jades(pki, trust):
    data = edc.seal(edc.micro_credential(), pki[1]).encode()
    assert kinds.detect(data) is Kind.JADES
    assert verify(data, now=NOW, trust=trust).verdict is Verdict.VERIFIED


def test_not_on_the_list_is_a_warning_naming_the_sealing_organisation(pki):
    report = verify(edc.seal(edc.micro_credential(), pki[1]), now=NOW, trust=TrustList())
    assert report.verdict is Verdict.WARNING
    chain = report.check("certificate_chain_trusted")
    assert chain.status is Status.INDETERMINATE and "Learning Provider" in chain.message
    assert report.check("proof_signature").status is Status.PASS  # the seal is intact


def tampered_payload(sealed: str) -> str:
    envelope = json.loads(sealed)
    credential = json.loads(base64.urlsafe_b64decode(envelope["payload"] + "=="))
    credential["credentialSubject"]["hasClaim"][0]["specifiedBy"]["creditPoint"][0][
        "point"] = "60"
    envelope["payload"] = edc.b64url(json.dumps(credential).encode())
    return json.dumps(envelope)


def test_a_changed_credential_fails(pki, trust):
    report = verify(tampered_payload(edc.seal(edc.micro_credential(), pki[1])), now=NOW,
                    trust=trust)
    assert report.verdict is Verdict.FAILED
    assert report.check("proof_signature").status is Status.FAIL


def test_a_changed_compact_seal_fails(pki, trust):
    protected, _payload, signature = edc.seal(edc.micro_credential(), pki[1],
                                             form="compact").split(".")
    other = edc.b64url(json.dumps(edc.micro_credential(ects=60)).encode())
    report = verify(f"{protected}.{other}.{signature}", now=NOW, trust=trust)
    assert report.verdict is Verdict.FAILED


def test_a_seal_made_with_another_key_fails(pki, trust):
    wrong = ec.generate_private_key(ec.SECP256R1())
    report = verify(edc.seal(edc.micro_credential(), pki[1], key=wrong), now=NOW, trust=trust)
    assert report.verdict is Verdict.FAILED
    assert report.check("proof_signature").status is Status.FAIL


def test_certificate_expired_at_signing_time_fails(pki, trust):
    expired = edc.sealing_certificate(pki[0], not_before=datetime(2020, 1, 1, tzinfo=UTC),
                                      not_after=datetime(2023, 1, 1, tzinfo=UTC))
    report = verify(edc.seal(edc.micro_credential(), expired), now=NOW, trust=trust)
    assert report.check("proof_signature").status is Status.PASS
    assert report.check("certificate_valid_at_signing").status is Status.FAIL
    assert report.verdict is Verdict.FAILED


def test_a_certificate_posing_as_issued_by_the_listed_authority_fails(pki, trust):
    impostor_ca = make_ca("Test Seal CA", organisation="Screening Test Trust Services")
    leaf = edc.sealing_certificate(impostor_ca)
    report = verify(edc.seal(edc.micro_credential(), leaf), now=NOW, trust=trust)
    assert report.check("certificate_chain_trusted").status is Status.FAIL
    assert report.verdict is Verdict.FAILED


def test_signing_certificate_reference_must_name_the_carried_certificate(pki, trust):
    envelope = json.loads(edc.seal(edc.micro_credential(), pki[1]))
    header = json.loads(base64.urlsafe_b64decode(envelope["protected"] + "=="))
    header["x5t#S256"] = edc.b64url(b"\0" * 32)
    envelope["protected"] = edc.b64url(json.dumps(header).encode())
    report = verify(json.dumps(envelope), now=NOW, trust=trust)
    assert report.check("jades_header").status is Status.FAIL
    assert report.verdict is Verdict.FAILED


def test_detached_seal_checks_the_document_it_names(pki, trust):
    document = json.dumps(edc.micro_credential()).encode()
    uri = "https://issuer.example/credential.json"
    sealed = jades.parse(edc.seal_detached(document, uri, pki[1]))
    from screening.verify.edc import seal_checks

    good = seal_checks(sealed, trust, NOW, {uri: document})
    assert {c.code: c.status for c in good.checks}["jades_detached_content"] is Status.PASS
    assert good.checks[-1].status is Status.PASS  # proof_verified
    changed = seal_checks(sealed, trust, NOW, {uri: document.replace(b"Python", b"Cobol")})
    assert {c.code: c.status for c in changed.checks}["jades_detached_content"] is Status.FAIL
    assert changed.checks[-1].status is Status.FAIL


def test_an_uploaded_detached_seal_alone_is_undecided_not_failed(pki, trust):
    document = json.dumps(edc.micro_credential()).encode()
    report = verify(edc.seal_detached(document, "urn:x", pki[1]), now=NOW, trust=trust)
    assert report.check("jades_detached_content").status is Status.INDETERMINATE
    assert report.verdict is Verdict.UNSUPPORTED


def test_elm_elements_are_read():
    facts = elm.read(edc.micro_credential())
    assert facts is not None
    assert (facts.ects, facts.eqf, facts.assessment, facts.quality_assured) == (
        5.0, 6, elm.SUPERVISED_IDENTITY, True)
    [outcome] = facts.achievements[0].outcomes
    assert outcome.esco[0].startswith("http://data.europa.eu/esco/skill/")
    assert facts.achievements[0].mode == "Blended"
    online = elm.read(edc.micro_credential(supervision="Unsupervised with no identity "
                                                       "verification", accredited=False))
    assert online is not None and online.assessment == elm.UNSUPERVISED
    assert not online.quality_assured
    bare = elm.read(edc.micro_credential(supervision=None, ects=None, eqf=None))
    assert bare is not None and (bare.ects, bare.eqf, bare.assessment) == (
        None, None, elm.PARTICIPATION)
    assert elm.read({"type": ["VerifiableCredential"], "credentialSubject": {}}) is None
