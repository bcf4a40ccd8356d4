"""A verdict follows from evidence only (issue 23): what intake does not read is named
(`unsupported`) or listed as not a credential, never `failed`.

The property is stated over "any input whose detected kind is not one we verify"
(`kinds.detect(data) not in kinds.READ`), so it holds for kinds added later too. Then one
real-shaped sample of each recognised kind, and a pasted block of links with a bad line.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile

import cbor2
import pytest
from factories import NOW, UNIVERSITY, open_badge
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from screening.batch.runner import RunSettings, Screening
from screening.fetch.seeds import SeedFetcher
from screening.ingest import ingest_bytes, ingest_text, kinds
from screening.ingest.kinds import Kind
from screening.matching.scoring import DEFAULT_CONFIG
from screening.present.cards import PlainStatus
from screening.session.runs import verify_uploads
from screening.session.samples import sample_roles
from screening.session.workspace import Pool, snapshot_of, verdict_tally
from screening.testing.baking import bake_png, plain_png
from screening.testing.signing import sign
from screening.verify.report import Status, Verdict

RUN = Screening(now=NOW)
NAMED = (Verdict.UNSUPPORTED,)  # the verdict of every named and not-a-credential row


def rows_of(data: bytes):
    return RUN.verify_upload(data, "upload")


def assert_never_failed(data: bytes) -> None:
    rows = rows_of(data)
    assert rows, "every upload gives at least one row"
    for row in rows:
        assert row.report.verdict in NAMED, (row.report.to_dict(), data[:80])
        assert row.report.kind in ("credential", "not_a_credential")
        named = row.report.check("format_supported") or row.report.check("credential_present")
        assert named is not None and named.status is Status.INDETERMINATE
        assert named.details.get("not_understood")


def unread(data: bytes) -> bool:
    return kinds.detect(data) not in kinds.READ


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12)
cbor_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.binary(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text() | st.integers(),
                                                                inner, max_size=4),
    max_leaves=12)
inputs = st.one_of(
    st.binary(max_size=2048),
    json_values.map(lambda v: json.dumps(v).encode()),
    cbor_values.map(cbor2.dumps),
    st.text(max_size=600).map(lambda t: t.encode("utf-8", "surrogatepass")),
)
PROPERTY = settings(max_examples=300, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])


@PROPERTY
@given(inputs)
@example(b"")
@example(b"{}")
@example(b"[]")
@example(b"[1, 2]")
@example(b'{"name": "Ada", "skills": ["python"]}')
@example(b"a.b.c")
@example(b"0.0.0")
@example(b"2D shapes")
@example(b"\x00\x01\x02")
@example(b"{not json")
@example(b"<svg></svg>")
@example(b"<html><body>badge</body></html>")
@example(b"\x89PNG\r\n\x1a\n")
@example(b"%PDF-")
@example(b"\xa1ddocTypeq")
@example(cbor2.dumps({"issuerAuth": 1}))
def test_anything_not_read_is_named_never_failed(data):
    event(f"kind: {kinds.detect(data)}")  # --hypothesis-show-statistics: the kinds covered
    if not unread(data):
        return  # a kind we verify: its checks decide, `failed` included
    assert_never_failed(data)


@PROPERTY
@given(inputs)
def test_anything_not_read_is_named_through_the_session_use_case(data):
    if not unread(data):
        return
    rows = verify_uploads([ingest_bytes(data, "upload")], RunSettings(NOW, RUN.trust))
    assert rows and all(r.report.verdict is Verdict.UNSUPPORTED for r in rows)


# --- one real-shaped sample of each kind ------------------------------------------------


def b64url(value: dict | bytes) -> str:
    raw = value if isinstance(value, bytes) else json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def minimal_pdf() -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def mdoc() -> bytes:
    item = cbor2.CBORTag(24, cbor2.dumps({"digestID": 0, "random": b"\0" * 16,
                                          "elementIdentifier": "family_name",
                                          "elementValue": "Lovelace"}))
    issuer_signed = {"nameSpaces": {"org.iso.18013.5.1": [item]},
                     "issuerAuth": [b"\xa1\x01\x26", {}, b"payload", b"\0" * 64]}
    return cbor2.dumps({"version": "1.0", "status": 0, "documents": [
        {"docType": "org.iso.18013.5.1.mDL", "issuerSigned": issuer_signed}]})


def anoncreds() -> bytes:
    return json.dumps({
        "schema_id": "Th7MpTaRZVRYnPiabds81Y:2:degree:1.0",
        "cred_def_id": "Th7MpTaRZVRYnPiabds81Y:3:CL:12:tag",
        "values": {"name": {"raw": "Ada", "encoded": "1139481716457488690172217916278103335"}},
        "signature": {"p_credential": {}}, "signature_correctness_proof": {}}).encode()


def jades() -> bytes:
    header = {"alg": "ES256", "typ": "jose", "x5c": ["MIIB"], "sigT": "2024-01-01T00:00:00Z",
              "sigD": {"mId": "http://uri.etsi.org/19182/ObjectIdByURI",
                       "pars": ["https://example.eu/credential.xml"], "hashM": "S256",
                       "hashV": ["abc"]}}
    return f"{b64url(header)}..{b64url(b'signature' * 8)}".encode()


def europass_xml() -> bytes:
    return b"""<?xml version="1.0" encoding="UTF-8"?>
<europassCredential xmlns="http://data.europa.eu/snb" id="urn:credential:1">
  <title><text lang="en">Master of Science</text></title>
  <credentialSubject><givenNames>Ada</givenNames></credentialSubject>
</europassCredential>"""


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns='
                         '"http://schemas.openxmlformats.org/package/2006/content-types"/>')
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


README = b"""# Credentials

These are my certificates. Ask me for the originals.
See the issuer's website for details.
"""

SAMPLES = {
    Kind.PDF: minimal_pdf(),
    Kind.IMAGE: plain_png(),
    Kind.ANONCREDS: anoncreds(),
    Kind.EDC_XML: europass_xml(),
    Kind.OFFICE: docx(),
    Kind.TEXT: README,
}


@pytest.mark.parametrize("kind", list(SAMPLES), ids=str)
def test_each_kind_is_recognised_and_named(kind):
    data = SAMPLES[kind]
    assert kinds.detect(data) is kind
    items, errors = ingest_bytes(data, f"sample.{kind}")
    assert errors == [] and len(items) == 1 and items[0].data == data  # bytes kept
    [row] = rows_of(data)
    report = row.report
    assert report.verdict is Verdict.UNSUPPORTED and report.format == str(kind)
    if kind in kinds.NOT_A_CREDENTIAL:
        assert report.kind == "not_a_credential"
        assert report.check("credential_present").status is Status.INDETERMINATE
    else:
        assert report.kind == "credential"
        # (a PDF is read: an unsigned one is named by `pdf_signed`, issue 24)
        check = report.check("format_supported") or report.check("pdf_signed")
        assert check.status is Status.INDETERMINATE and check.details["not_understood"]


@pytest.mark.parametrize("data", [
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", b"GIF89a\x01\x00", b"RIFF\x10\x00\x00\x00WEBPVP8 ",
    b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'], ids=str)
def test_pictures_without_badge_data_are_images(data):
    assert kinds.detect(data) is Kind.IMAGE
    assert rows_of(data)[0].report.format == "image"


def test_a_large_pdf_is_named_not_refused_by_the_document_limit():
    data = minimal_pdf() + b"%" + b"x" * (6 * 1024 * 1024)
    [row] = rows_of(data)
    assert row.report.verdict is Verdict.UNSUPPORTED and row.report.format == "pdf"


def test_jws_json_with_sigd_is_jades_and_without_is_jws_json():
    protected = b64url({"alg": "ES256", "sigD": {"pars": ["x"]}})
    sealed = json.dumps({"payload": "", "signatures": [{"protected": protected,
                                                        "signature": "abc"}]}).encode()
    plain = json.dumps({"payload": "e30", "protected": b64url({"alg": "ES256"}),
                        "signature": "abc"}).encode()
    assert kinds.detect(sealed) is Kind.JADES and kinds.detect(plain) is Kind.JWS_JSON
    assert rows_of(plain)[0].report.verdict is Verdict.UNSUPPORTED
    # a JAdES seal is read since issue 25: this one names no signing certificate at all
    assert rows_of(sealed)[0].report.check("jades_header").status is Status.FAIL


@pytest.mark.parametrize("data", [mdoc(), jades()], ids=["mdoc", "jades"])
def test_mdoc_and_jades_are_read_now(data):
    """Issue 25: ISO mdoc and JAdES seals are verified; these hand-made samples carry no
    real signature, so their checks decide (never a silent pass)."""
    assert kinds.detect(data) in kinds.READ
    [row] = rows_of(data)
    assert row.report.verdict in (Verdict.FAILED, Verdict.UNSUPPORTED)
    assert row.report.format in ("mdoc", "jades")


def test_what_we_read_and_is_broken_still_fails():
    png = bake_png(json.dumps(sign(open_badge(), UNIVERSITY)))
    cut = rows_of(png[: len(png) - 30])[0].report  # a baked badge, cut off
    assert cut.verdict is Verdict.FAILED
    broken = rows_of(b'{"@context": ["https://www.w3.org/ns/credentials/v2"], "proof": {')
    assert broken[0].report.verdict is Verdict.FAILED  # a damaged credential
    assert rows_of(b"{not json, no credential")[0].report.kind == "not_a_credential"


def test_a_cut_off_picture_with_no_badge_chunk_is_an_image():
    png = plain_png()
    assert rows_of(png[:-20])[0].report.format == "image"


# --- pasted links, line by line ---------------------------------------------------------


def test_pasted_block_with_one_bad_line_keeps_the_good_lines():
    good = ["https://issuer.example/c/1", "https://issuer.example/c/2"]
    signed = json.dumps(sign(open_badge(), UNIVERSITY)).encode()
    run = Screening(now=NOW, fetcher=SeedFetcher(dict.fromkeys(good, signed)))
    text = (f"# Ada's badges\nHere they are:\n{good[0]}\n\nhtps://issuer.example/typo\n"
            f"// the second one\n{good[1]}\n")
    items, errors = ingest_text(text, "pasted links", candidate="Ada")
    assert [i.link for i in items] == good
    assert [e.code for e in errors] == ["link_invalid"]
    assert "line 5" in errors[0].source and "htps://issuer.example/typo" in errors[0].message
    rows = run.verify_text(text, candidate="Ada")
    assert [r.report.check("proof_verified").status for r in rows
            if r.report.check("proof_verified")] == [Status.PASS, Status.PASS]
    [bad] = [r for r in rows if r.report.verdict is Verdict.FAILED]
    assert bad.report.check("document_parsed").details["intake_code"] == "link_invalid"


def test_a_header_line_and_blank_lines_are_not_bad_lines():
    items, errors = ingest_text("url\n\nhttps://issuer.example/c/1\n")
    assert errors == [] and [i.link for i in items] == ["https://issuer.example/c/1"]


def test_a_readme_mentioning_a_link_is_text_not_a_link_list():
    text = b"Notes\nMy badge is at https://issuer.example/c/1 if you want it.\nThanks\n"
    assert kinds.detect(text) is Kind.TEXT
    assert rows_of(text)[0].report.kind == "not_a_credential"


# --- not a credential: listed, never counted -------------------------------------------


def test_not_a_credential_is_listed_but_never_counted_or_scored():
    signed = json.dumps(sign(open_badge(), UNIVERSITY)).encode()
    pool = Pool()
    pool.extend(RUN.verify_upload(signed, "badge.json", candidate="Ada"))
    pool.extend(RUN.verify_upload(README, "README.md", candidate="Ada"))
    pool.extend(RUN.verify_upload(minimal_pdf(), "diploma.pdf", candidate="Ada"))
    assert [len(v) for v in pool.reports_by_candidate().values()] == [2]  # badge and PDF
    snap = snapshot_of(pool, sample_roles()["data-analyst"], DEFAULT_CONFIG, NOW)
    listed = [(row.kind, row.plain_status) for row in snap.verification]
    assert ("not_a_credential", PlainStatus.NOT_A_CREDENTIAL) in listed and len(listed) == 3
    assert len(snap.credential_rows()) == 2
    assert sum(snap.verdict_counts().values()) == 2
    assert snap.needs_attention_count() == 2  # the badge (unknown issuer) and the PDF
    frame = snap.verification_frame(presentations=True)
    assert list(frame["kind"]).count("not_a_credential") == 1  # the Verification page lists it
    assert verdict_tally(pool.rows).endswith("; 1 file not a credential")


def test_every_kind_the_verifier_names_has_words_and_no_read_kind_does():
    """The verifier names what it does not read with `kinds.describe`; a kind it reads (or
    a PDF, whose signature checks name what it lacks) keeps no stale words of its own."""
    named = (kinds.UNSUPPORTED - {Kind.PDF}) | kinds.NOT_A_CREDENTIAL
    for kind in named:
        assert kinds.describe(kind).message, kind
    assert set(kinds.DESCRIPTIONS) == named
