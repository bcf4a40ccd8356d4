"""ISO/IEC 18013-5 mdocs (issue 25): mint → verify → tamper a disclosed element → fail, a
wrong key, an expired MSO, the issuer certificate against the certificate authorities,
device authentication n/a, and intake recognising CBOR bytes and base64url text."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from screening.ingest import kinds
from screening.ingest.kinds import Kind
from screening.testing import mdoc
from screening.testing.certificates import make_ca, make_leaf
from screening.verify.pipeline import verify
from screening.verify.report import Status, Verdict
from screening.verify.trust import TrustList

NOW = datetime(2024, 9, 1, tzinfo=UTC)
PID = {mdoc.PID: {"family_name": "Andromeda", "given_name": "Ana",
                  "birth_date": cbor2.CBORTag(1004, "1999-10-02"), "portrait": b"\xff" * 40}}


@pytest.fixture(scope="module")
def pki():
    ca = make_ca("PID Issuer CA", organisation="Test Member State")
    return ca, make_leaf(ca, "PID Document Signer", organisation="Test PID Provider")


@pytest.fixture(scope="module")
def trust(pki):
    return TrustList(authorities=[pki[0].authority()])


def test_minted_mdoc_verifies_and_its_elements_become_claims(pki, trust):
    report = verify(mdoc.mint(pki[1], PID), now=NOW, trust=trust)
    assert report.format == "mdoc" and report.verdict is Verdict.VERIFIED
    found = {c.code: c.status for c in report.checks}
    for code in ("mdoc_structure", "proof_signature", "mdoc_digests", "proof_verified",
                 "certificate_valid_at_signing", "certificate_chain_trusted",
                 "validity_period", "issuer_trusted"):
        assert found[code] is Status.PASS, code
    assert found["device_authentication"] is Status.NA
    subject = report.document["credentialSubject"]
    assert subject["family_name"] == "Andromeda" and subject["birth_date"] == "1999-10-02"
    assert subject["portrait"] == "<40 bytes>"
    assert report.summary.issuer_name == "Test PID Provider"


def test_a_changed_disclosed_element_fails(pki, trust):
    data = mdoc.tamper(mdoc.mint(pki[1], PID), mdoc.PID, "family_name", "Lovelace")
    report = verify(data, now=NOW, trust=trust)
    assert report.check("mdoc_digests").status is Status.FAIL
    assert report.check("proof_signature").status is Status.PASS  # the MSO is untouched
    assert report.verdict is Verdict.FAILED


def test_a_wrong_key_fails(pki, trust):
    data = mdoc.mint(pki[1], PID, key=ec.generate_private_key(ec.SECP256R1()))
    report = verify(data, now=NOW, trust=trust)
    assert report.check("proof_signature").status is Status.FAIL
    assert report.verdict is Verdict.FAILED


def test_an_expired_mso_fails(pki, trust):
    data = mdoc.mint(pki[1], PID, valid_for=timedelta(days=30))
    report = verify(data, now=NOW, trust=trust)
    assert report.check("validity_period").status is Status.FAIL
    assert report.verdict is Verdict.FAILED


def test_an_issuer_not_on_the_list_is_a_warning(pki):
    report = verify(mdoc.mint(pki[1], PID), now=NOW, trust=TrustList())
    assert report.check("certificate_chain_trusted").status is Status.INDETERMINATE
    assert report.verdict is Verdict.WARNING


def test_an_unknown_digest_algorithm_is_undecided_not_failed(pki, trust):
    response = cbor2.loads(mdoc.mint(pki[1], PID))
    auth = response["documents"][0]["issuerSigned"]["issuerAuth"]
    mso = cbor2.loads(cbor2.loads(auth[2]).value)
    mso["digestAlgorithm"] = "SHA3-256"
    auth[2] = cbor2.dumps(cbor2.CBORTag(24, cbor2.dumps(mso)))
    report = verify(cbor2.dumps(response), now=NOW, trust=trust)
    assert report.check("mdoc_structure").status is Status.INDETERMINATE
    assert report.verdict is not Verdict.VERIFIED


@pytest.mark.parametrize("encode", [base64.urlsafe_b64encode, base64.b64encode])
def test_intake_recognises_mdoc_bytes_and_base64_text(pki, trust, encode):
    data = mdoc.mint(pki[1], PID)
    assert kinds.detect(data) is Kind.MDOC
    text = encode(data).rstrip(b"=")
    assert kinds.detect(text) is Kind.MDOC
    assert verify(text.decode(), now=NOW, trust=trust).verdict is Verdict.VERIFIED


def test_garbage_issuer_auth_is_failed_as_a_damaged_mdoc():
    data = cbor2.dumps({"docType": mdoc.PID, "issuerSigned": {"nameSpaces": {},
                                                              "issuerAuth": "nonsense"}})
    report = verify(data, now=NOW)
    assert report.verdict is Verdict.FAILED and report.format == "mdoc"
