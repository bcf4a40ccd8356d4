"""The bundled sample data a new session opens on: the sample candidates' credential
files, the sample issuers' documents (the seed cache), their known-issuer list and the
bundled roles."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from screening.batch.runner import RunSettings, candidate_uploads
from screening.ingest import ingest_bytes
from screening.matching.roles import Role, list_roles
from screening.session.runs import Intake, run_settings, verify_uploads
from screening.session.workspace import Pool
from screening.settings import ROLES_DIR, SAMPLE_DIR
from screening.verify.trust import TrustList


def sample_trust(root: Path = SAMPLE_DIR) -> TrustList:
    path = root / "trust.toml"
    return TrustList.load(path) if path.exists() else TrustList()


def sample_settings(now: datetime) -> RunSettings:
    """Offline, with the sample issuers' documents and their known-issuer list."""
    return run_settings(now, sample_trust())


def display_name(folder: str) -> str:
    """'ada-lovelace' -> 'Ada Lovelace' (sample folders are slugs)."""
    return " ".join(part.capitalize() for part in folder.replace("_", "-").split("-") if part)


def sample_uploads(root: Path = SAMPLE_DIR) -> list[tuple[str, bytes, str | None]]:
    """(label, bytes, candidate) for the bundled sample candidates."""
    base = root / "candidates"
    if not base.is_dir():
        return []
    return [(str(Path(label).relative_to(base)), data,
             display_name(candidate) if candidate else None)
            for label, data, candidate in candidate_uploads(base)]


def sample_roles() -> dict[str, Role]:
    return {role.id: role for role in list_roles(ROLES_DIR)} if ROLES_DIR.is_dir() else {}


def sample_batches(root: Path = SAMPLE_DIR) -> list[Intake]:
    """The sample candidates' files through intake."""
    return [ingest_bytes(data, label, candidate) for label, data, candidate in
            sample_uploads(root)]


def sample_pool(now: datetime) -> Pool:
    """The demo screening: the sample candidates verified offline at `now`."""
    return Pool(verify_uploads(sample_batches(), sample_settings(now)), demo=True)
