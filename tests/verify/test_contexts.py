"""The bundled JSON-LD contexts: pinned digests, one preferred revision per URL, and
equality with the conformance copies in ../shared/conformance (read in place, never
copied): byte-equal where the manifest says `matches_conformance`, else JSON-equal.
No network access."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from screening.contexts import (
    FILES_DIR,
    MANIFEST_PATH,
    ContextEntry,
    load_manifest,
    read_document,
)

CONFORMANCE = Path(
    os.environ.get("SCREENING_CONFORMANCE_DIR")
    or Path(__file__).resolve().parents[3] / "shared" / "conformance"
)
MANIFEST_NOTE = (
    "JSON-LD contexts bundled byte-exact from npm packages by scripts/fetch_contexts.py; "
    "never fetched at run time."
)
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0"
OB303 = f"{OB3}/context-3.0.3.json"

# URL -> the conformance copy of what it serves (SOURCES.md, "JSON-LD contexts" table).
CONFORMANCE_COPIES: dict[str, str] = {
    "https://www.w3.org/2018/credentials/v1": "w3.org-2018-credentials-v1.jsonld",
    "https://www.w3.org/2018/credentials/examples/v1": "w3.org-2018-credentials-examples-v1.jsonld",
    "https://www.w3.org/ns/credentials/v2": "w3.org-ns-credentials-v2.jsonld",
    "https://www.w3.org/ns/credentials/examples/v2": "w3.org-ns-credentials-examples-v2.jsonld",
    "https://www.w3.org/ns/credentials/undefined-terms/v2":
        "w3.org-ns-credentials-undefined-terms-v2.jsonld",
    "https://w3id.org/security/data-integrity/v1": "w3id-security-data-integrity-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2": "w3id-security-data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1": "w3id-security-multikey-v1.jsonld",
    "https://w3id.org/security/jwk/v1": "w3id-security-jwk-v1.jsonld",
    "https://www.w3.org/ns/credentials/status/v1": "w3.org-ns-credentials-status-v1.jsonld",
    "https://w3id.org/vc/status-list/2021/v1": "w3id-vc-status-list-2021-v1.jsonld",
    f"{OB3}/context.json": "imsglobal-ob-v3p0-context-3.0.0.json",
    f"{OB3}/context/ob_v3p0.jsonld": "imsglobal-ob-v3p0-context-3.0.0.json",
    f"{OB3}/context-3.0.1.json": "imsglobal-ob-v3p0-context-3.0.1.json",
    f"{OB3}/context-3.0.2.json": "imsglobal-ob-v3p0-context-3.0.2.json",
    OB303: "imsglobal-ob-v3p0-context-3.0.3.json",
    f"{OB3}/extensions.json": "imsglobal-ob-v3p0-extensions.json",
    "https://w3id.org/openbadges/v2": "w3id-openbadges-v2.jsonld",
    "https://openbadgespec.org/v2/context.json": "w3id-openbadges-v2.jsonld",
    "https://w3id.org/openbadges/v1": "w3id-openbadges-v1.jsonld",
    "https://www.w3.org/ns/did/v1": "w3.org-ns-did-v1.jsonld",
    "https://w3id.org/security/v1": "w3id-security-v1.jsonld",
    "https://w3id.org/security/v2": "w3id-security-v2.jsonld",
    "https://w3id.org/security/suites/jws-2020/v1": "w3id-security-suites-jws-2020-v1.jsonld",
    "https://w3id.org/security/suites/ed25519-2018/v1":
        "w3id-security-suites-ed25519-2018-v1.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1":
        "w3id-security-suites-ed25519-2020-v1.jsonld",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json":
        "imsglobal-clr-v2p0-context-2.0.1.json",
    "https://purl.imsglobal.org/spec/clr/v2p0/context.json": "imsglobal-clr-v2p0-context.json",
    "https://w3id.org/citizenship/v4rc1": "w3id-citizenship-v4rc1.jsonld",
}
# Older revisions kept under contexts/variants/, by (URL, manifest variant label).
VARIANT_COPIES: dict[tuple[str, str], str | None] = {
    (OB303, "2024-03-spec-repo"):
        "variants/imsglobal-ob-v3p0-context-3.0.3.openbadges-specification-repo-2024-03.json",
    (OB303, "2024-01"): None,  # DCC's January 2024 revision: no conformance copy exists
    (f"{OB3}/context.json", "2022-11"): "imsglobal-ob-v3p0-context-3.0.0.json",
    (f"{OB3}/context.json", "2022-beta"): None,  # the beta served until 2022-11-07: no copy
    (f"{OB3}/context.json", "2022-11-03"): None,  # served for one day (git): no copy
}
# Bundled URLs that have no conformance copy at all.
NO_CONFORMANCE_COPY = {
    "https://w3id.org/security/suites/x25519-2020/v1",
    "https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json",
    "https://w3id.org/blockcerts/v3",
    "https://w3id.org/blockcerts/v3.1",
    "https://w3id.org/blockcerts/v3.2",
    "https://w3id.org/security/suites/merkle-2019/v1",
    "https://w3id.org/security/suites/chained-2021/v1",
    "https://w3id.org/citizenship/v1",
    "https://www.w3.org/ns/odrl.jsonld",
    "https://w3id.org/dcc/v1",
}
# URLs whose newest revision (the conformance copy) is on no npm package: the preferred
# entry is the newest revision that is.
NEWEST_NOT_ON_NPM = {OB303}
# URLs in the table that no npm package ships, neither byte-exact nor JSON-equal (as a
# JSON file, inside a JS module or inside a wasm binary).
NOT_ON_NPM = {
    "https://w3id.org/security/jwk/v1",
    "https://w3id.org/openbadges/v1",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
}
JSON_EQUAL_NOTE = "JSON-equal to the conformance copy; bytes differ ("
STALE_ED25519_DRAFT = (
    "variants/w3id-security-suites-ed25519-2020-v1.STALE-2020-draft-from-vc-di-eddsa.jsonld"
)

ENTRIES = load_manifest()
needs_conformance = pytest.mark.skipif(
    not (CONFORMANCE / "contexts").is_dir(), reason=f"no conformance data at {CONFORMANCE}"
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def conformance_bytes(relative: str) -> bytes:
    return (CONFORMANCE / "contexts" / relative).read_bytes()


def preferred(url: str) -> ContextEntry:
    (entry,) = [e for e in ENTRIES if e.url == url and e.preferred]
    return entry


def entry_id(entry: ContextEntry) -> str:
    return entry.url + (f"#{entry.variant}" if entry.variant else "")


def conformance_copy(entry: ContextEntry) -> str | None:
    """The conformance copy of the revision this entry bundles, if one exists."""
    if entry.url in NO_CONFORMANCE_COPY:
        return None
    if entry.variant is None:
        return CONFORMANCE_COPIES[entry.url]
    return VARIANT_COPIES[(entry.url, entry.variant)]


# (a) files exist and match their pinned digests


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_file_exists_and_matches_pinned_sha256(entry: ContextEntry) -> None:
    assert entry.path.is_file(), entry.file
    assert sha256(entry.path.read_bytes()) == entry.sha256
    assert read_document(entry) == entry.path.read_bytes()


def test_read_document_rejects_a_digest_mismatch() -> None:
    tampered = replace(ENTRIES[0], sha256="0" * 64)
    with pytest.raises(ValueError, match="sha256"):
        read_document(tampered)


def test_manifest_shape() -> None:
    data = json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
    assert data["note"] == MANIFEST_NOTE
    for raw in data["contexts"]:
        assert set(raw) >= {"url", "file", "sha256", "source", "variant", "preferred"}
        # a registry package, or a git commit for a revision no package ships
        assert raw["source"].startswith(("npm:", "git:"))
        assert len(raw["sha256"]) == 64
        if raw["variant"] is not None:
            assert raw["variant"].strip() and " " not in raw["variant"]


def test_files_dir_holds_only_manifest_files() -> None:
    on_disk = {p.name for p in FILES_DIR.iterdir() if p.is_file()}
    assert on_disk == {e.file for e in ENTRIES}


def test_entries_sharing_a_file_share_digest_and_source() -> None:
    by_file: dict[str, set[tuple[str, str]]] = {}
    for entry in ENTRIES:
        by_file.setdefault(entry.file, set()).add((entry.sha256, entry.source))
    assert all(len(v) == 1 for v in by_file.values()), by_file


def test_aliases_point_at_the_same_document() -> None:
    assert preferred(f"{OB3}/context.json").file == preferred(f"{OB3}/context/ob_v3p0.jsonld").file
    assert (
        preferred("https://w3id.org/openbadges/v2").file
        == preferred("https://openbadgespec.org/v2/context.json").file
    )


# (b) equality with the conformance copies


@needs_conformance
@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_entry_equals_its_conformance_copy(entry: ContextEntry) -> None:
    """Every bundled revision that has a conformance copy is proven equivalent to it:
    byte-equal when `matches_conformance` is true, otherwise the same JSON value
    (hence the same RDF), with a note saying why the bytes differ."""
    relative = conformance_copy(entry)
    if relative is None:
        assert entry.matches_conformance is None
        assert entry.note
        return
    copy = conformance_bytes(relative)
    document = read_document(entry)
    if entry.matches_conformance:
        assert document == copy
        assert entry.sha256 == sha256(copy)
    else:
        assert entry.matches_conformance is False
        assert entry.sha256 != sha256(copy)
        assert json.loads(document) == json.loads(copy), relative
        assert entry.note and entry.note.startswith(JSON_EQUAL_NOTE), entry.note


@needs_conformance
@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_matches_conformance_flag_is_exact(entry: ContextEntry) -> None:
    relative = conformance_copy(entry)
    if relative is None:
        assert entry.matches_conformance is None
        return
    equal = entry.sha256 == sha256(conformance_bytes(relative))
    assert entry.matches_conformance is equal, relative


@needs_conformance
@pytest.mark.parametrize("url", sorted(NEWEST_NOT_ON_NPM), ids=str)
def test_newest_revision_not_on_npm_is_not_the_preferred_entry(url: str) -> None:
    entry = preferred(url)
    copy = conformance_bytes(CONFORMANCE_COPIES[url])
    assert entry.sha256 != sha256(copy), f"{url}: newest revision now bundled; update test"
    assert json.loads(read_document(entry)) != json.loads(copy)
    assert entry.variant and entry.note


def test_json_eval_entries_are_json_equal_not_byte_equal() -> None:
    for entry in ENTRIES:
        if "#js-eval=" in entry.source:
            assert entry.matches_conformance is not True, entry_id(entry)


@needs_conformance
def test_every_table_url_is_bundled_or_documented_as_missing() -> None:
    bundled = {e.url for e in ENTRIES}
    assert set(CONFORMANCE_COPIES) - bundled == NOT_ON_NPM
    for relative in CONFORMANCE_COPIES.values():
        assert (CONFORMANCE / "contexts" / relative).is_file(), relative


@needs_conformance
def test_stale_ed25519_draft_is_not_bundled() -> None:
    stale = sha256(conformance_bytes(STALE_ED25519_DRAFT))
    assert stale not in {e.sha256 for e in ENTRIES}


def test_the_contexts_real_issuers_use_are_bundled() -> None:
    """issue 23: credentials in the wild use these; without them a genuine credential is
    unsupported and a forged one is never caught."""
    bundled = {e.url for e in ENTRIES}
    assert {"https://w3id.org/dcc/v1", "https://w3id.org/citizenship/v1",
            "https://www.w3.org/ns/odrl.jsonld"} <= bundled


# (c) exactly one preferred entry per URL


def test_exactly_one_preferred_entry_per_url() -> None:
    counts: dict[str, int] = {}
    for entry in ENTRIES:
        counts[entry.url] = counts.get(entry.url, 0) + entry.preferred
    assert all(n == 1 for n in counts.values()), counts


def test_multi_revision_urls_label_every_revision() -> None:
    urls = [e.url for e in ENTRIES]
    for entry in ENTRIES:
        if urls.count(entry.url) > 1:
            assert entry.variant, entry_id(entry)
        else:
            assert entry.variant is None, entry_id(entry)
    assert {e.variant for e in ENTRIES if e.url == OB303} == {"2024-03-spec-repo", "2024-01"}
    assert {e.variant for e in ENTRIES if e.url == f"{OB3}/context.json"} == {
        "2022-11", "2022-beta", "2022-11-03"}


# (d) every bundled file is a JSON-LD context document


@pytest.mark.parametrize("name", sorted({e.file for e in ENTRIES}))
def test_bundled_file_is_json_with_top_level_context(name: str) -> None:
    document = json.loads((FILES_DIR / name).read_bytes().decode("utf-8"))
    assert isinstance(document, dict)
    assert "@context" in document
