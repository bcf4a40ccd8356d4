"""What a recruiter's inbox holds (issue 24): a PDF's attached credentials and links, QR
codes in PDFs and in photos, each a row of its own; and hostile PDFs and pictures refused
by a limit (ingest/limits.py), never failed and never read without bound."""

from __future__ import annotations

import io
import json
import zlib

import pytest
from factories import NOW, UNIVERSITY, open_badge, tampered

from screening.batch.runner import Screening
from screening.fetch.seeds import SeedFetcher
from screening.ingest import ingest_bytes
from screening.ingest import pdf as pdf_module
from screening.ingest.items import InflateBudget, IntakeError
from screening.ingest.limits import (
    MAX_IMAGE_PIXELS,
    MAX_PDF_ATTACHMENTS,
    MAX_PDF_LINKS,
    MAX_PDF_PAGES,
    MAX_QR_PAYLOAD_CHARS,
)
from screening.testing import pdfs
from screening.testing.signing import sign, sign_jwt
from screening.verify.report import Status, Verdict

BADGE = sign(open_badge(), UNIVERSITY)
QR_URL = "https://verify.example.edu/certificates/7f3c"


def rows_of(data: bytes, name: str = "certificate.pdf", fetcher=None):
    run = Screening(now=NOW, fetcher=fetcher or SeedFetcher())
    return run.verify_upload(data, name, candidate="Ada Lovelace")


def by_label(rows):
    return {row.report.label: row for row in rows}


def test_an_attached_open_badge_is_verified_as_the_same_candidates_own_row():
    data = pdfs.make_pdf(["Certificate"], attachments=[("badge.json",
                                                         json.dumps(BADGE).encode())])
    rows = by_label(rows_of(data))
    assert set(rows) == {"certificate.pdf", "certificate.pdf › badge.json"}
    badge = rows["certificate.pdf › badge.json"]
    assert badge.report.verdict in (Verdict.VERIFIED, Verdict.WARNING)
    assert badge.report.check("proof_verified").status is Status.PASS
    assert badge.candidate == "Ada Lovelace"
    pdf_row = rows["certificate.pdf"]  # unsigned, but names the attachment's row
    assert pdf_row.report.verdict is Verdict.UNSUPPORTED
    assert pdf_row.report.check("pdf_signed").details["attachments"] == 1


def test_a_tampered_attached_badge_fails_on_its_own_row():
    forged = tampered(BADGE, ("name",), "Doctorate in Everything")
    data = pdfs.make_pdf(attachments=[("badge.json", json.dumps(forged).encode())])
    rows = by_label(rows_of(data))
    assert rows["certificate.pdf › badge.json"].report.verdict is Verdict.FAILED
    assert rows["certificate.pdf"].report.verdict is Verdict.UNSUPPORTED


def test_an_attached_vc_jwt_is_read_by_content():
    token = sign_jwt({"iss": UNIVERSITY.did_key, "vc": {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential"], "issuer": UNIVERSITY.did_key,
        "issuanceDate": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:ada"}}}, UNIVERSITY)
    rows = by_label(rows_of(pdfs.make_pdf(attachments=[("credential.txt", token.encode())])))
    assert rows["certificate.pdf › credential.txt"].report.format == "vc-jwt"


def test_links_in_the_text_layer_and_annotations_become_rows_verify_online_offline():
    data = pdfs.make_pdf(["Verify this certificate at https://verify.example.edu/c/1."],
                         links=["https://badges.example.org/b/2"])
    rows = by_label(rows_of(data))
    linked = {label for label in rows if "link:" in label}
    assert linked == {"certificate.pdf › link: https://badges.example.org/b/2",
                      "certificate.pdf › link: https://verify.example.edu/c/1"}
    for label in linked:  # offline: listed as not reached (check online), never failed
        check = rows[label].report.check("document_parsed")
        assert check.status is Status.INDETERMINATE
        assert check.details["intake_code"] == "link_unreachable"
    assert rows["certificate.pdf"].report.check("pdf_signed").details["links"] == [
        "https://badges.example.org/b/2", "https://verify.example.edu/c/1"]


def test_a_link_in_a_pdf_is_followed_through_the_fetcher():
    data = pdfs.make_pdf(links=["https://badges.example.org/b/2"])
    fetcher = SeedFetcher({"https://badges.example.org/b/2": json.dumps(BADGE).encode()})
    rows = by_label(rows_of(data, fetcher=fetcher))
    assert rows["certificate.pdf › link: https://badges.example.org/b/2"].report.check(
        "proof_verified").status is Status.PASS


def test_a_qr_code_in_a_pdf_image_becomes_a_link():
    data = pdfs.make_pdf(["Scan to verify"], images=[pdfs.qr_gray(QR_URL)])
    items, errors = ingest_bytes(data, "certificate.pdf")
    assert not errors
    assert [item.link for item in items if item.link] == [QR_URL]
    assert items[-1].source == f"certificate.pdf › QR code: {QR_URL}"  # as the photo's


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_qr_code_in_a_photo_becomes_a_link(fmt):
    photo = pdfs.photo(pdfs.qr_gray(QR_URL, scale=8), fmt)
    items, errors = ingest_bytes(photo, f"photo.{fmt.lower()}")
    assert not errors
    assert [item.link for item in items] == [None, QR_URL]
    assert items[1].source == f"photo.{fmt.lower()} › QR code: {QR_URL}"


def test_a_qr_screenshot_png_becomes_a_link_and_the_picture_stays_unsupported():
    rows = rows_of(pdfs.qr_png(QR_URL), "screenshot.png")
    assert [row.report.verdict for row in rows] == [Verdict.UNSUPPORTED, Verdict.UNSUPPORTED]
    assert rows[1].report.check("document_parsed").details["link"] == QR_URL


def test_a_qr_code_that_is_no_link_is_named_never_failed():
    rows = rows_of(pdfs.qr_png("Ada Lovelace, BSc Computing, 2025"), "screenshot.png")
    refused = [row for row in rows if row.report.check("document_parsed").details.get(
        "intake_code") == "qr_not_a_link"]
    assert len(refused) == 1 and refused[0].report.verdict is Verdict.UNSUPPORTED


# --- hostile input: every refusal is a limit row (verification_budget_exceeded), not failed

def _budget_row(rows, code):
    found = [row for row in rows if (row.report.check("verification_budget_exceeded")
                                     or row.report.checks[0]).details.get("budget_code") == code]
    assert found, [row.report.to_dict() for row in rows]
    assert all(row.report.verdict is Verdict.UNSUPPORTED for row in found)
    return found


def test_a_qr_payload_over_the_limit_is_not_taken():
    long_link = "https://verify.example.edu/" + "a" * (MAX_QR_PAYLOAD_CHARS + 10)
    found, refused = pdf_module.qr.links([long_link])
    assert found == [] and refused


def test_a_pdf_with_too_many_pages_is_refused_by_its_limit():
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(MAX_PDF_PAGES + 1):
        writer.add_blank_page(10, 10)
    out = io.BytesIO()
    writer.write(out)
    rows = rows_of(out.getvalue())
    assert len(rows) == 1
    _budget_row(rows, "pdf_too_many_pages")


def test_a_pdf_with_too_many_links_keeps_the_first_and_says_so():
    data = pdfs.make_pdf(links=[f"https://spam.example/{i}" for i in range(MAX_PDF_LINKS + 5)])
    items, errors = ingest_bytes(data, "certificate.pdf")
    assert len([item for item in items if item.link]) == MAX_PDF_LINKS
    assert [e.code for e in errors] == ["pdf_too_many_links"]
    _budget_row(rows_of(data), "pdf_too_many_links")


def test_a_pdf_with_too_many_attachments_reads_only_the_first():
    files = [(f"f{i}.json", b"{}") for i in range(MAX_PDF_ATTACHMENTS + 3)]
    items, errors = ingest_bytes(pdfs.make_pdf(attachments=files), "certificate.pdf")
    assert len([i for i in items if "›" in i.source]) <= MAX_PDF_ATTACHMENTS
    assert "pdf_too_many_attachments" in [e.code for e in errors]


def test_an_attachment_bomb_is_charged_to_the_uploads_inflate_budget():
    bomb = b"{" + b" " * (3 * 2**20) + b"}"
    data = pdfs.make_pdf(attachments=[("bomb.json", bomb)])
    budget = InflateBudget(2**20)  # a small allowance: the bomb inflates past it
    with pytest.raises(IntakeError) as refused:
        pdf_module.read_pdf(data, budget)
    assert refused.value.code == "upload_budget_exceeded"


def test_a_decompression_bomb_picture_in_a_pdf_is_not_decoded():
    side = int(MAX_IMAGE_PIXELS ** 0.5) + 100  # declares more pixels than allowed
    huge = pdfs.GrayImage(side, side, b"")  # (no pixel data needed: refused by its header)
    data = pdfs.make_pdf(images=[huge])
    items, errors = ingest_bytes(data, "certificate.pdf")
    assert [e.code for e in errors] == ["image_too_large"]
    assert len(items) == 1  # the PDF's own row is still made


def test_a_decompression_bomb_photo_is_refused_before_decoding():
    import struct

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body))

    side = 60_000  # 3.6 billion pixels declared in a tiny file
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0,
                                                                0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))
    rows = rows_of(png, "photo.png")
    _budget_row(rows, "image_too_large")


def test_an_encrypted_or_broken_pdf_is_undecided_never_failed():
    rows = rows_of(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    assert rows and all(row.report.verdict is Verdict.UNSUPPORTED for row in rows)


def test_the_sample_inbox_checks_out_with_the_sample_trust_list_offline():
    from pathlib import Path

    from screening.fetch.seeds import seeded
    from screening.verify.trust import TrustList

    root = Path(__file__).resolve().parents[2] / "sample_data"
    run = Screening(now=NOW, fetcher=seeded([root / "seeds" / "index.json"]),
                    trust=TrustList.load(root / "trust.toml"))
    verdicts = {}
    for path in sorted((root / "uploads" / "inbox" / "mary-jackson").iterdir()):
        for row in run.verify_upload(path.read_bytes(), path.name, candidate="Mary Jackson"):
            verdicts[row.report.label] = row.report.verdict
    assert verdicts["diploma-signed.pdf"] is Verdict.VERIFIED
    assert verdicts["statistics-certificate.pdf › statistics-badge.json"] is Verdict.VERIFIED
    links = [label for label in verdicts if "link:" in label or "QR code:" in label]
    assert len(links) == 2 and all(verdicts[label] is Verdict.VERIFIED for label in links)
    unsigned = [label for label in verdicts if label.endswith((".pdf", ".jpg"))
                and label != "diploma-signed.pdf"]
    assert all(verdicts[label] is Verdict.UNSUPPORTED for label in unsigned)
