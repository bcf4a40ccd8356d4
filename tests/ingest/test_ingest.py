"""Intake: content detection, bundles, baked images, link CSVs, and hostile input.

Every hostile case must end as a clear failed row (an intake code), never an exception,
and must stay within bounded time and memory because the limits are checked before
anything large is inflated or parsed.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
import zlib

import pytest
from factories import NOW, UNIVERSITY, open_badge, tampered
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.batch.runner import Screening
from screening.fetch.seeds import SeedFetcher
from screening.ingest import IntakeError, ingest_bytes, ingest_text
from screening.ingest import archive as archive_module
from screening.ingest import intake as intake_module
from screening.ingest.baked import extract_png, extract_svg
from screening.ingest.items import sha256_hex
from screening.ingest.limits import MAX_DOCUMENT_BYTES, MAX_UPLOAD_BYTES, MIB
from screening.testing.baking import bake_png, bake_svg, plain_png, png_chunk
from screening.testing.bundles import zip_of
from screening.testing.signing import sign, sign_jwt
from screening.verify.report import Status, Verdict

SIGNED = sign(open_badge(), UNIVERSITY)
SIGNED_TEXT = json.dumps(SIGNED)



def codes(errors) -> list[str]:
    return [e.code for e in errors]


def intake_code(row) -> str | None:
    check = row.report.check("document_parsed")
    return check.details.get("intake_code") if check else None


def screening(**seeds: bytes) -> Screening:
    return Screening(now=NOW, fetcher=SeedFetcher(
        {k.replace("__", "://").replace("_", "."): v for k, v in seeds.items()}))


# --- detection by content ----------------------------------------------------------------


def test_json_credential_is_one_item_with_its_bytes_and_digest():
    data = SIGNED_TEXT.encode()
    items, errors = ingest_bytes(data, "badge.json")
    assert errors == [] and len(items) == 1
    assert items[0].data == data and items[0].sha256 == sha256_hex(data)


def test_kind_is_decided_by_content_not_by_file_name():
    bundle = zip_of({"ada/badge.json": SIGNED_TEXT.encode()})
    items, errors = ingest_bytes(bundle, "looks-like.json")
    assert errors == [] and [i.candidate for i in items] == ["ada"]
    items, _ = ingest_bytes(SIGNED_TEXT.encode(), "looks-like.png")
    assert items[0].payload == SIGNED_TEXT.encode()


def test_jwt_and_svg_and_png_are_items():
    token = sign_jwt({"iss": UNIVERSITY.did_key, "vc": {}}, UNIVERSITY)
    for data in (token.encode(), bake_svg(SIGNED_TEXT).encode(), bake_png(SIGNED_TEXT)):
        items, errors = ingest_bytes(data, "upload")
        assert errors == [] and len(items) == 1


def test_json_array_is_one_item_per_credential():
    data = json.dumps([SIGNED, SIGNED, 7]).encode()
    items, errors = ingest_bytes(data, "list.json")
    assert len(items) == 3 and errors == []  # each element is its own document
    assert all(json.loads(i.payload) == SIGNED for i in items[:2])
    rows = Screening(now=NOW).verify_upload(data, "list.json")
    assert [r.report.kind for r in rows] == ["credential", "credential", "not_a_credential"]


@pytest.mark.parametrize("data", [
    b"", b"   \n", b"hello, this is not a credential", b"[]", b"{}", b'[{"a": 1}, 2]',
])
def test_files_that_are_not_credentials_are_listed_as_such(data):
    items, errors = ingest_bytes(data, "x")
    assert errors == [] and len(items) == 1  # kept, with its bytes: the verifier names it
    report = Screening(now=NOW).verify_upload(data, "x")[0].report
    assert report.kind == "not_a_credential" and report.verdict is Verdict.UNSUPPORTED
    assert report.check("credential_present").status is Status.INDETERMINATE


def test_unknown_binary_is_unsupported_not_failed():
    report = Screening(now=NOW).verify_upload(b"\x00\x01garbage\xff", "x")[0].report
    assert report.verdict is Verdict.UNSUPPORTED and report.format == "binary"


# --- ZIP bundles ---------------------------------------------------------------------------


def test_zip_assigns_candidates_by_top_level_folder():
    bundle = zip_of({"ada/a.json": b"{}", "ada/b.json": b"{}", "grace/c.json": b"{}",
                     "loose.json": b"{}", "__MACOSX/ada/._a.json": b"x", "ada/.DS_Store": b"x"})
    items, errors = ingest_bytes(bundle, "pool.zip")
    assert errors == []
    assert sorted((i.candidate or "", i.source) for i in items) == [
        ("", "pool.zip › loose.json"), ("ada", "pool.zip › ada/a.json"),
        ("ada", "pool.zip › ada/b.json"), ("grace", "pool.zip › grace/c.json")]


@pytest.mark.parametrize("manifest_name", ["manifest.csv", "manifest.json"])
def test_zip_manifest_names_candidates_and_emails(manifest_name):
    rows = [{"file": "1.json", "candidate": "Ada Lovelace", "email": "ada@example.com"}]
    manifest = (json.dumps(rows) if manifest_name.endswith(".json")
                else "file,candidate,email\n1.json,Ada Lovelace,ada@example.com\n")
    bundle = zip_of({manifest_name: manifest.encode(), "1.json": b"{}"})
    items, errors = ingest_bytes(bundle, "b.zip")
    assert errors == []
    assert [(i.candidate, i.candidate_email) for i in items] == [
        ("Ada Lovelace", "ada@example.com")]


@pytest.mark.parametrize("path", ["../evil.json", "/etc/evil.json", "a/../../evil.json",
                                  "C:/evil.json", "..\\evil.json"])
def test_zip_slip_paths_are_refused_and_the_rest_is_kept(path):
    bundle = zip_of({path: b"{}", "ok/fine.json": b"{}"})
    items, errors = ingest_bytes(bundle, "b.zip")
    assert [i.source for i in items] == ["b.zip › ok/fine.json"]
    assert codes(errors) == ["zip_unsafe_path"]


def test_zip_bomb_member_is_refused_without_inflating_it():
    bomb = zip_of({"bomb.json": b"0" * (60 * MIB), "ok.json": b"{}"})
    assert len(bomb) < MIB  # tiny on the wire
    items, errors = ingest_bytes(bomb, "bomb.zip")
    assert codes(errors) == ["decompression_bomb"] and len(items) == 1


def test_zip_total_inflated_size_is_capped_whatever_the_headers_say(monkeypatch):
    monkeypatch.setattr(intake_module, "MAX_INFLATED_BYTES_PER_UPLOAD", 3 * MIB)
    monkeypatch.setattr(archive_module, "MAX_COMPRESSION_RATIO", 10**9)  # ratio check off
    document = b'{"padding": "' + b"x" * (2 * MIB) + b'"}'
    bundle = zip_of({f"{n}.json": document for n in range(4)})
    items, errors = ingest_bytes(bundle, "big.zip")
    # the upload's inflate budget ran out: the rest is "not checked" (issue 28)
    assert len(items) == 1 and set(codes(errors)) == {"upload_budget_exceeded"}


def test_zip_with_too_many_members_is_refused(monkeypatch):
    monkeypatch.setattr(archive_module, "MAX_ARCHIVE_MEMBERS", 5)
    items, errors = ingest_bytes(zip_of({f"{n}.json": b"{}" for n in range(6)}), "many.zip")
    assert items == [] and codes(errors) == ["zip_too_many_files"]


def test_nested_archives_open_one_level_only():
    inner = zip_of({"deep.json": b"{}"})
    middle = zip_of({"inner.zip": inner, "mid.json": b"{}"})
    items, errors = ingest_bytes(zip_of({"middle.zip": middle}), "outer.zip")
    assert [i.source for i in items] == ["outer.zip › middle.zip › mid.json"]
    assert codes(errors) == ["nested_too_deep"]


def test_damaged_zip_is_an_intake_error():
    bundle = zip_of({"a.json": b"{}" * 100})
    items, errors = ingest_bytes(bundle[: len(bundle) // 2], "cut.zip")
    assert items == [] and codes(errors) == ["zip_invalid"]


# --- gzip ----------------------------------------------------------------------------------


def test_gzip_stream_is_inflated_and_read():
    items, errors = ingest_bytes(gzip.compress(SIGNED_TEXT.encode()), "badge.json.gz")
    assert errors == [] and items[0].source == "badge.json"


def test_gzip_bomb_is_refused_within_the_cap():
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * MIB
    bomb = b"".join(compressor.compress(chunk) for _ in range(MAX_UPLOAD_BYTES // MIB + 8))
    bomb += compressor.flush()
    items, errors = ingest_bytes(bomb, "bomb.gz")
    assert items == [] and codes(errors) == ["decompression_bomb"]


def test_truncated_gzip_is_an_intake_error():
    data = gzip.compress(SIGNED_TEXT.encode())
    items, errors = ingest_bytes(data[:-12], "cut.gz")
    assert items == [] and codes(errors) == ["gzip_invalid"]


# --- size and depth ------------------------------------------------------------------------


def test_fifty_megabyte_json_is_refused_before_parsing():
    huge = b'{"a": "' + b"x" * (50 * 1000 * 1000) + b'"}'
    items, errors = ingest_bytes(huge, "huge.json")
    assert items == [] and codes(errors) == ["too_large"]
    assert len(huge) > MAX_DOCUMENT_BYTES


def test_ten_thousand_deep_json_is_a_clear_failed_row():
    deep = b'{"a":' * 10_000 + b"1" + b"}" * 10_000
    rows = Screening(now=NOW).verify_upload(deep, "deep.json")
    assert len(rows) == 1
    assert rows[0].report.verdict is Verdict.FAILED
    assert rows[0].report.check("document_parsed").status is Status.FAIL


def test_moderately_deep_json_is_refused_by_the_depth_limit():
    deep = b'{"a":' * 150 + b"1" + b"}" * 150  # parses, but nests beyond any credential
    rows = Screening(now=NOW).verify_upload(deep, "deep.json")
    assert rows[0].report.check("document_parsed").status is Status.FAIL


# --- baked images --------------------------------------------------------------------------


@pytest.mark.parametrize("compress", [False, True])
def test_png_baked_credential_verifies(compress):
    rows = Screening(now=NOW).verify_upload(bake_png(SIGNED_TEXT, compress=compress), "b.png")
    assert rows[0].report.format == "png:vc-ld"
    assert rows[0].report.check("proof_verified").status is Status.PASS


def test_svg_baked_credential_verifies_as_cdata_and_as_attribute():
    token = sign_jwt(tampered(open_badge(), ("issuer",), UNIVERSITY.did_key), UNIVERSITY,
                     kid=UNIVERSITY.did_key_method)
    for svg, fmt in ((bake_svg(SIGNED_TEXT), "svg:vc-ld"),
                     (bake_svg(token, as_attribute=True), "svg:vc-jwt")):
        report = Screening(now=NOW).verify_upload(svg.encode(), "b.svg")[0].report
        assert report.format == fmt
        assert report.check("proof_signature").status is Status.PASS


def test_tampered_baked_credential_fails_its_proof():
    forged = json.dumps(tampered(SIGNED, ("name",), "Brain Surgery"))
    report = Screening(now=NOW).verify_upload(bake_png(forged), "b.png")[0].report
    assert report.verdict is Verdict.FAILED
    assert report.check("proof_verified").status is Status.FAIL


def test_ob2_baked_link_is_fetched_from_the_issuer():
    url = "https://issuer.example/assertions/1"
    png = bake_png(url, ob3=False)
    offline = Screening(now=NOW).verify_upload(png, "b.png")[0]
    # never fetched: could not check (issue 23), never failed
    assert offline.report.check("document_parsed").status is Status.INDETERMINATE
    assert offline.report.verdict is Verdict.UNSUPPORTED
    fetched = Screening(now=NOW, fetcher=SeedFetcher({url: SIGNED_TEXT.encode()}))
    assert fetched.verify_upload(png, "b.png")[0].report.format == "png:vc-ld"


def test_truncated_png_is_a_clear_failed_row():
    png = bake_png(SIGNED_TEXT)
    row = Screening(now=NOW).verify_upload(png[: len(png) - 30], "cut.png")[0]
    assert row.report.verdict is Verdict.FAILED and intake_code(row) == "png_truncated"


def test_png_without_a_badge_chunk_is_an_image_not_a_failure():
    report = Screening(now=NOW).verify_upload(plain_png(), "photo.png")[0].report
    assert report.verdict is Verdict.UNSUPPORTED and report.format == "image"


@pytest.mark.parametrize(("image", "code"), [
    (plain_png(), "not_baked"),
    (bake_png("a", image=bake_png("b")), "multiple_baked"),
])
def test_png_without_exactly_one_badge_is_refused(image, code):
    with pytest.raises(IntakeError) as problem:
        extract_png(image)
    assert problem.value.code == code


def test_png_with_bad_checksum_is_refused():
    png = bytearray(bake_png(SIGNED_TEXT))
    png[png.index(b"iTXt") + 30] ^= 0xFF
    with pytest.raises(IntakeError) as problem:
        extract_png(bytes(png))
    assert problem.value.code == "png_corrupt"


def test_png_itxt_inflation_is_capped():
    body = b"openbadgecredential\0\x01\x00\0\0" + zlib.compress(b" " * (MAX_DOCUMENT_BYTES + 10))
    png = plain_png()
    iend = png.rindex(b"IEND") - 4
    with pytest.raises(IntakeError) as problem:
        extract_png(png[:iend] + png_chunk(b"iTXt", body) + png[iend:])
    assert problem.value.code == "too_large"


XXE = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">
<openbadges:credential>&xxe;</openbadges:credential></svg>"""
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">
<openbadges:credential>&d;&d;&d;&d;&d;&d;&d;&d;</openbadges:credential></svg>"""


@pytest.mark.parametrize("svg", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_svg_entities_are_refused(svg):
    with pytest.raises(IntakeError) as problem:
        extract_svg(svg)
    assert problem.value.code == "svg_forbidden"
    row = Screening(now=NOW).verify_upload(svg.encode(), "evil.svg")[0]
    assert row.report.verdict is Verdict.FAILED and intake_code(row) == "svg_forbidden"


def test_malformed_svg_is_refused():
    with pytest.raises(IntakeError) as problem:
        extract_svg("<svg><openbadges:credential></svg>")
    assert problem.value.code == "svg_invalid"


# --- links and CSVs ------------------------------------------------------------------------

CSV = """Candidate,Email,Credential link
Ada Lovelace,ada@example.com,https://issuer.example/c/1 https://issuer.example/c/2
Grace Hopper,grace@example.com,ftp://issuer.example/c/3
Katherine Johnson,kj@example.com,
"""


def test_csv_rows_become_links_per_candidate_and_bad_rows_become_errors():
    items, errors = ingest_bytes(CSV.encode(), "pool.csv")
    assert [(i.candidate, i.candidate_email, i.link) for i in items] == [
        ("Ada Lovelace", "ada@example.com", "https://issuer.example/c/1"),
        ("Ada Lovelace", "ada@example.com", "https://issuer.example/c/2")]
    assert codes(errors) == ["csv_invalid_link", "csv_no_link"]
    assert [e.candidate for e in errors] == ["Grace Hopper", "Katherine Johnson"]


def test_csv_row_with_one_bad_link_keeps_its_good_links():
    text = "name,links\nAda,https://issuer.example/c/1 not-a-link https://issuer.example/c/2\n"
    items, errors = ingest_text(text, "pool.csv")
    assert [i.link for i in items] == ["https://issuer.example/c/1",
                                       "https://issuer.example/c/2"]
    assert codes(errors) == ["csv_invalid_link"] and "not-a-link" in errors[0].message


def test_semicolon_csv_is_sniffed():
    text = "name;email;url\nAda;ada@example.com;https://issuer.example/c/1\n"
    items, errors = ingest_text(text, "pool.csv")
    assert errors == [] and items[0].link == "https://issuer.example/c/1"


def test_csv_without_rows_or_links_is_refused():
    items, errors = ingest_text("name,email,links\n", "x.csv")
    assert items == [] and codes(errors) == ["csv_empty"]
    items, errors = ingest_text("name,email,notes\nAda,a@x.org,https://x.org/1\n", "x.csv")
    assert len(items) == 1 and errors == []  # no link column: text, for the verifier to name
    items, errors = ingest_text("name,email,badge\nAda,a@x.org,not-a-link\n", "x.csv")
    assert codes(errors) == ["csv_invalid_link"]


def test_pasted_links_are_fetched_and_verified():
    url = "https://issuer.example/c/1"
    run = Screening(now=NOW, fetcher=SeedFetcher({url: SIGNED_TEXT.encode()}))
    rows = run.verify_text(f"{url}\n\nhttps://issuer.example/missing\n", candidate="Ada")
    assert [r.candidate for r in rows] == ["Ada", "Ada"]
    assert rows[0].report.check("proof_verified").status is Status.PASS
    assert intake_code(rows[1]) == "link_unreachable"


def test_credential_without_an_assigned_candidate_is_filed_under_its_subject():
    rows = Screening(now=NOW).verify_upload(SIGNED_TEXT.encode(), "x.json")
    assert rows[0].candidate == SIGNED["credentialSubject"]["id"]


# --- nothing raises ------------------------------------------------------------------------

SEED_FILES = [SIGNED_TEXT.encode(), bake_png(SIGNED_TEXT), bake_svg(SIGNED_TEXT).encode(),
              zip_of({"a/b.json": SIGNED_TEXT.encode()}), gzip.compress(b"{}"), CSV.encode()]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(SEED_FILES), cut=st.integers(0, 10_000),
       flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 255)), max_size=4))
def test_mutated_uploads_never_raise(seed, cut, flips):
    data = bytearray(seed[: max(1, len(seed) - cut % len(seed))])
    for position, mask in flips:
        data[position % len(data)] ^= mask
    _items, errors = ingest_bytes(bytes(data), "fuzz")
    assert all(e.code for e in errors)
    for row in Screening(now=NOW).verify_upload(bytes(data), "fuzz"):
        assert row.report.verdict in set(Verdict)
        assert not row.report.check("verifier_error")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2048))
def test_random_bytes_never_raise(data):
    items, errors = ingest_bytes(data, "random")
    assert len(items) + len(errors) >= 1


class SlowFetcher:
    """Serves from `serve` after a short network-like wait, recording every call and the
    most calls in flight at once (concurrency is observed, never timed)."""

    def __init__(self, serve):
        self.serve = serve
        self.lock = threading.Lock()
        self.active = self.peak = 0
        self.calls: list[str] = []

    def __call__(self, url):
        with self.lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
            self.calls.append(url)
        time.sleep(0.05)
        with self.lock:
            self.active -= 1
        return self.serve(url)


def test_links_of_a_pool_are_fetched_concurrently_into_one_cache():
    slow = SlowFetcher(lambda url: SeedFetcher({url: SIGNED_TEXT.encode()})(url))
    links = "\n".join(f"https://issuer.example/c/{n}" for n in range(6))
    rows = Screening(now=NOW, fetcher=slow).verify_text(links + "\n" + links)
    assert len(rows) == 12 and all(r.report.check("proof_verified").status is Status.PASS
                                   for r in rows)
    assert slow.peak >= 2  # fetched side by side
    assert sorted(slow.calls) == sorted(set(slow.calls))  # each link once: one cache


def test_documents_a_pool_needs_are_prefetched_side_by_side():
    """did:web DID documents and status lists named by the pool's credentials are fetched
    concurrently before verification, each once, and verification then uses the cache."""
    from screening.settings import SAMPLE_DIR

    seeds = SeedFetcher.from_index(SAMPLE_DIR / "seeds" / "index.json")
    grace = SAMPLE_DIR / "candidates" / "grace-hopper"
    run = Screening(now=NOW, fetcher=SlowFetcher(seeds))
    rows = [row for path in sorted(grace.glob("*.json"))
            for row in run.verify_upload(path.read_bytes(), path.name)]
    assert {r.report.check("credential_status").status for r in rows} >= {Status.FAIL}
    slow = SlowFetcher(seeds)
    uploads = zip_of({p.name: p.read_bytes() for p in sorted(grace.glob("*.json"))})
    rows = Screening(now=NOW, fetcher=slow).verify_upload(uploads, "grace.zip")
    assert slow.peak >= 2 and len(slow.calls) == len(set(slow.calls)) >= 2
    assert any(r.report.check("credential_status").status is Status.FAIL for r in rows)
