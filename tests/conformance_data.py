"""Access to ../shared/conformance: the fixture files, SOURCES.md's expected verdicts,
and its URL -> local-file map as an offline fetcher. Files are read in place, never copied."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from screening.contexts import ContextEntry, load_manifest, read_document
from screening.fetch.seeds import SeedFetcher
from screening.verify.jsonld.processing import ContextStore

CONFORMANCE = Path(
    os.environ.get("SCREENING_CONFORMANCE_DIR")
    or Path(__file__).resolve().parents[2] / "shared" / "conformance"
)
# SOURCES.md verdicts were computed for a fixed day; several "notExpired" fixtures end in 2030.
PINNED_NOW = datetime(2026, 6, 1, tzinfo=UTC)

_ROW = re.compile(r"^\| `([^`]+)` \| (.*?) \| (.*?) \| (.*) \|$")
DCC_LISTS = "https://digitalcredentials.github.io/vc-test-fixtures/statusLists/didkey-ed25519Signature2020/"


@dataclass(frozen=True)
class SourceRow:
    path: str  # relative to CONFORMANCE
    what: str
    expected: str


@cache
def source_rows() -> dict[str, SourceRow]:
    rows = {}
    for line in (CONFORMANCE / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            path, _source, what, expected = match.groups()
            rows[path] = SourceRow(path, what, expected)
    return rows


def rows_under(prefix: str) -> list[SourceRow]:
    return [row for path, row in sorted(source_rows().items()) if path.startswith(prefix)]


def offline_fetcher() -> SeedFetcher:
    """SOURCES.md's 'How to use offline' URL map."""
    return SeedFetcher(offline_map())


# SOURCES.md: did:web:digitalcredentials.github.io:dcc-did-web-bad has "none on purpose -
# must fail did:web resolution": the server answers that there is no such document
BAD_DID_WEB = "https://digitalcredentials.github.io/dcc-did-web-bad/did.json"


def offline_map() -> dict[str, Path | int]:
    """URL -> conformance file, as SOURCES.md's offline table gives it (an int is the HTTP
    status a server answered: the document does not exist)."""
    seeds: dict[str, Path | int] = {BAD_DID_WEB: 404}
    dcc = CONFORMANCE / "dcc-vc-test-fixtures"
    for name in ("legacy", "oidf"):
        seeds[f"https://digitalcredentials.github.io/vc-test-fixtures/dids/{name}/did.json"] = (
            dcc / "dids" / name / "did.json")
    for name in ("e5WK8CbZ1GjycuPombrj", "expired", "missingBitStringType", "notYetValid",
                 "tampered"):
        seeds[DCC_LISTS + name] = dcc / "statusLists" / "didkey-ed25519Signature2020" / name
    seeds["https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/main/"
          "src/test-fixtures/status/e5WK8CbZ1GjycuPombrj"] = (
        CONFORMANCE / "dcc-verifier-core" / "src" / "test-fixtures" / "status"
        / "e5WK8CbZ1GjycuPombrj")
    seeds["https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/"
          "heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist"] = (
        CONFORMANCE / "1edtech-dc-public-validator" / "ob30" / "bit-string-list" / "testlist")
    for asset in sorted((CONFORMANCE / "1edtech-dc-public-validator/ob20/assets").iterdir()):
        for prefix in ("https://example.org/", "http://example.org/", "https://www.example.org/"):
            seeds[prefix + asset.name] = asset
    return seeds


# Contexts that no npm package publishes (see docs/contexts.md): conformance tests read
# the reference copies in place so the W3C vectors can still be reproduced; the product
# itself reports credentials using them as "unknown context".
TEST_ONLY_CONTEXTS = {
    "https://www.w3.org/ns/credentials/examples/v2": "w3.org-ns-credentials-examples-v2.jsonld",
}


@cache
def conformance_store() -> ContextStore:
    """The bundled contexts plus the test-only ones, read from ../shared/conformance."""
    extra = []
    for url, name in TEST_ONLY_CONTEXTS.items():
        data = (CONFORMANCE / "contexts" / name).read_bytes()
        extra.append(ContextEntry(url, name, hashlib.sha256(data).hexdigest(),
                                  "conformance (tests only)", None, True))

    def read(entry: ContextEntry) -> bytes:
        if entry.source == "conformance (tests only)":
            return (CONFORMANCE / "contexts" / entry.file).read_bytes()
        return read_document(entry)

    return ContextStore([*load_manifest(), *extra], read)
