"""Signed PDF certificates (issue 24, verify/pdfsig.py): mint -> verify -> tamper -> fail.
PDFs are made and signed at test time (screening/testing/pdfs.py) by a test CA."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from screening.testing import pdfs
from screening.testing.certificates import make_ca, make_leaf
from screening.verify import verify
from screening.verify.report import Status, Verdict
from screening.verify.trust import TrustList

NOW = datetime(2026, 6, 1, tzinfo=UTC)
SIGNED = datetime(2025, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def pki():
    root = make_ca("Test Seal CA", organisation="Test Trust Services")
    registrar = make_leaf(root, "Registrar", organisation="Northbridge University",
                          not_before=SIGNED - timedelta(days=365))
    tsa = make_leaf(root, "Test Timestamp Authority", not_before=SIGNED - timedelta(days=30),
                    key=rsa.generate_private_key(65537, 2048))
    return root, registrar, tsa


@pytest.fixture(scope="module")
def diploma():
    return pdfs.make_pdf(["Northbridge University", "Bachelor of Science in Computing",
                          "Awarded to Ada Lovelace"])


@pytest.fixture(scope="module")
def signed(pki, diploma):
    root, registrar, _ = pki
    return pdfs.sign_pdf(diploma, registrar, chain=[root], signing_time=SIGNED)


def statuses(report):
    return {c.code: c.status for c in report.checks}


def trusting(root):
    return TrustList(authorities=[root.authority()])


def test_a_signed_pdf_from_a_listed_authority_is_verified(pki, signed):
    report = verify(signed, now=NOW, trust=trusting(pki[0]))
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    assert statuses(report) == {
        "document_parsed": Status.PASS, "pdf_signed": Status.PASS,
        "pdf_signature_intact": Status.PASS, "pdf_changes_after_signing": Status.PASS,
        "pdf_timestamp": Status.NA, "certificate_valid_at_signing": Status.PASS,
        "certificate_chain_trusted": Status.PASS}
    assert report.format == "pdf"
    assert report.summary.issuer_name == "Northbridge University"  # the signer, on the card
    assert report.summary.valid_from.startswith("2025-06-01")


def test_offline_an_unlisted_signer_is_a_warning_with_the_signature_intact(signed):
    report = verify(signed, now=NOW)  # no certificate authorities listed
    assert report.verdict is Verdict.WARNING
    assert report.check("pdf_signature_intact").status is Status.PASS
    chain = report.check("certificate_chain_trusted")
    assert chain.status is Status.INDETERMINATE and "Northbridge University" in chain.message


def test_content_changed_in_place_after_signing_fails_naming_the_byte_ranges(pki, signed):
    forged = pdfs.change_signed_byte(signed, b"Bachelor of Science", b"Doctor of Science  ")
    report = verify(forged, now=NOW, trust=trusting(pki[0]))
    assert report.verdict is Verdict.FAILED
    intact = report.check("pdf_signature_intact")
    assert intact.status is Status.FAIL
    ranges = intact.details["changed_byte_ranges"]
    offset = forged.index(b"Doctor of Science")
    assert any(start <= offset < end for start, end in ranges)


def test_a_page_rewritten_in_a_later_revision_fails(pki, signed):
    forged = pdfs.append_update(signed, "Doctor of Philosophy")
    report = verify(forged, now=NOW, trust=trusting(pki[0]))
    assert report.verdict is Verdict.FAILED
    assert report.check("pdf_signature_intact").status is Status.PASS  # the old bytes are
    changes = report.check("pdf_changes_after_signing")  # intact; what follows is not
    assert changes.status is Status.FAIL
    assert changes.details["changed_byte_ranges"] == [[len(signed), len(forged)]]


def test_a_later_signature_is_a_permitted_change(pki, signed):
    root, registrar, _ = pki
    countersigned = pdfs.sign_pdf(signed, registrar, chain=[root], signing_time=SIGNED,
                                  field="Signature2")
    report = verify(countersigned, now=NOW, trust=trusting(root))
    assert report.verdict is Verdict.VERIFIED
    assert [c.status for c in report.checks_with("pdf_changes_after_signing")] == \
        [Status.PASS, Status.PASS]
    assert report.check("pdf_signed").details["count"] == 2


def test_a_replaced_signature_fails(pki, signed):
    impostor = make_leaf(pki[0], "Impostor")
    forged = pdfs.replace_signature(signed, impostor)
    assert len(forged) == len(signed)
    report = verify(forged, now=NOW, trust=trusting(pki[0]))
    assert report.verdict is Verdict.FAILED
    assert report.check("pdf_signature_intact").status is Status.FAIL


def test_a_certificate_expired_at_signing_time_fails(pki, diploma):
    root = pki[0]
    expired = make_leaf(root, "Registrar", organisation="Northbridge University",
                        not_before=SIGNED - timedelta(days=400),
                        not_after=SIGNED - timedelta(days=35))
    signed = pdfs.sign_pdf(diploma, expired, chain=[root], signing_time=SIGNED)
    report = verify(signed, now=NOW, trust=trusting(root))
    assert report.verdict is Verdict.FAILED
    assert report.check("pdf_signature_intact").status is Status.PASS
    assert report.check("certificate_valid_at_signing").status is Status.FAIL


def test_a_trusted_timestamp_is_the_signing_time(pki, diploma):
    root, registrar, tsa = pki
    signed = pdfs.sign_pdf(diploma, registrar, chain=[root], signing_time=SIGNED,
                           timestamp_by=tsa)
    report = verify(signed, now=NOW, trust=trusting(root))
    stamp = report.check("pdf_timestamp")
    assert stamp.status is Status.PASS and stamp.details["authority_trusted"] is True
    assert report.verdict is Verdict.VERIFIED


def test_an_unlisted_timestamp_authority_is_only_a_claim(pki, diploma):
    root, registrar, _ = pki
    other_root = make_ca("Elsewhere Root")
    stranger = make_leaf(other_root, "Stranger TSA", not_before=SIGNED - timedelta(days=30),
                         key=rsa.generate_private_key(65537, 2048))
    signed = pdfs.sign_pdf(diploma, registrar, chain=[root], signing_time=SIGNED,
                           timestamp_by=stranger)
    report = verify(signed, now=NOW, trust=trusting(root))
    assert report.check("pdf_timestamp").status is Status.INDETERMINATE
    assert report.verdict is Verdict.WARNING


def test_an_unsigned_pdf_is_unsupported_never_failed(diploma):
    report = verify(diploma, now=NOW)
    assert report.verdict is Verdict.UNSUPPORTED
    signed = report.check("pdf_signed")
    assert signed.status is Status.INDETERMINATE
    assert signed.message.startswith("A PDF without a digital signature or an attached "
                                     "credential cannot be verified")


def test_an_unsigned_pdf_names_its_links(diploma):
    with_link = pdfs.make_pdf(["Verify at https://verify.example.edu/d/42"])
    report = verify(with_link, now=NOW)
    assert report.verdict is Verdict.UNSUPPORTED
    assert report.check("pdf_signed").details["links"] == ["https://verify.example.edu/d/42"]


def test_a_damaged_pdf_is_undecided_not_failed():
    report = verify(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\ngarbage", now=NOW)
    assert report.verdict is Verdict.UNSUPPORTED


def test_the_signed_words_are_what_the_signature_signed(pki, signed):
    """A signed PDF's text, read from the revision its signature signs, is its document:
    the skill matcher reads it as a credential's description. A page rewritten after
    signing is not read (and fails the PDF)."""
    report = verify(signed, now=NOW, trust=trusting(pki[0]))
    assert report.document["description"] == (
        "Northbridge University · Bachelor of Science in Computing · Awarded to Ada Lovelace")
    forged = verify(pdfs.append_update(signed, "Doctor of Philosophy"), now=NOW,
                    trust=trusting(pki[0]))
    assert "Philosophy" not in forged.document["description"]
    assert verify(pdfs.make_pdf(["Bachelor of Science"]), now=NOW).document is None


def test_a_signer_whose_authority_is_not_listed_reads_signer_not_on_your_list(signed):
    from screening.matching.plain import plain_status, plain_words
    from screening.present.cards import PlainStatus, status_line

    report = verify(signed, now=NOW)
    assert plain_status(report) is PlainStatus.ISSUER_UNKNOWN  # its kind (tone, counts)
    assert plain_words(report) == status_line(report).title == "Signer not on your list"


def test_a_real_adobe_reader_pdf_altered_in_a_signed_stream_fails():
    """The twice-signed Adobe Reader PDF of the real-world set (tests/fixtures/realworld/
    pyhanko): intact it is a warning (signer not on the list); one byte changed inside a
    stream both signatures cover, and both say the document was changed after signing."""
    from pathlib import Path

    path = (Path(__file__).resolve().parents[1] / "fixtures" / "realworld" / "pyhanko"
            / "minimal-signed-twice-both-created.pdf")
    data = path.read_bytes()
    assert verify(data, now=NOW).verdict is Verdict.WARNING
    offset = data.index(b"stream", 1000) + 40  # inside a (compressed) stream's bytes
    forged = data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1:]
    report = verify(forged, now=NOW)
    assert report.verdict is Verdict.FAILED
    intact = report.checks_with("pdf_signature_intact")
    assert [c.status for c in intact] == [Status.FAIL, Status.FAIL]
    assert all(any(start <= offset < end for start, end in c.details["changed_byte_ranges"])
               for c in intact)


def test_a_signed_certificate_evidences_the_skills_it_names_counted_as_a_warning(pki):
    """The signed words match a role's skills; an unlisted signer counts as an unknown
    issuer does (×unknown_issuer), named by its status line in the explanation."""
    from screening.matching.roles import load_role
    from screening.matching.scoring import DEFAULT_CONFIG, score_candidate
    from screening.settings import ROLES_DIR

    root, registrar, _ = pki
    certificate = pdfs.sign_pdf(pdfs.make_pdf(["Certificate: SQL for Analysts"]), registrar,
                                chain=[root], signing_time=SIGNED)
    report = verify(certificate, now=NOW)  # the authority is not listed
    fit = score_candidate(load_role(ROLES_DIR / "data-analyst.toml"), [report],
                          DEFAULT_CONFIG, NOW, candidate="Ada")
    sql = next(r for r in fit.requirements if r.id == "sql")
    assert sql.points > 0 and sql.status == "partial"  # an unlisted signer never meets
    assert fit.credentials[0].factor == DEFAULT_CONFIG.unknown_issuer
    assert "Signer not on your list: " in fit.explanation
