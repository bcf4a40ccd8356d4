"""The bundled, SHA-256-pinned JSON-LD context documents.

`manifest.json` lists every bundled context (one entry per URL and revision);
the documents live in `files/`. Both are produced by `scripts/fetch_contexts.py`
from pinned npm packages. Nothing here ever touches the network.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

MANIFEST_PATH = Path(__file__).resolve().parent / "manifest.json"
FILES_DIR = Path(__file__).resolve().parent / "files"


@dataclass(frozen=True)
class ContextEntry:
    """One manifest entry: a context URL served by one bundled document."""

    url: str
    file: str
    sha256: str
    source: str
    variant: str | None
    preferred: bool
    matches_conformance: bool | None = None
    note: str | None = None

    @property
    def path(self) -> Path:
        """Where the document is stored."""
        return FILES_DIR / self.file


def load_manifest(path: Path = MANIFEST_PATH) -> list[ContextEntry]:
    """All manifest entries, in manifest order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = [ContextEntry(**raw) for raw in data["contexts"]]
    for entry in entries:
        if Path(entry.file).name != entry.file:
            raise ValueError(f"manifest file name {entry.file!r} is not a bare file name")
    return entries


def read_document(entry: ContextEntry) -> bytes:
    """The document's bytes, after checking them against the pinned SHA-256."""
    data = entry.path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry.sha256:
        raise ValueError(
            f"context {entry.url} ({entry.file}): sha256 {digest} != pinned {entry.sha256}"
        )
    return data
