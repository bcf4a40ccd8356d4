"""Plain, frozen records that go in and out of the store; no ORM object ever leaves it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

# Re-exported: the store's callers import its errors from here.
from screening.errors import NotFoundError as NotFoundError
from screening.errors import StoreError as StoreError
from screening.errors import TamperedError as TamperedError

# ----------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class CandidateInput:
    name: str
    email: str | None = None


@dataclass(frozen=True)
class CredentialInput:
    """One uploaded credential. `candidate` names a CandidateInput (or e.g. "unassigned")."""

    candidate: str
    source: str
    sha256: str | None
    data: bytes | None = field(repr=False)
    report: dict[str, Any]


@dataclass(frozen=True)
class SaveScreening:
    name: str
    role_key: str
    role_title: str
    role_toml: str
    scoring_config: dict[str, Any]
    config_hash: str
    candidates: list[CandidateInput]
    credentials: list[CredentialInput]
    snapshot: dict[str, Any]
    verified_at: datetime | None = None  # when the snapshot's checks ran; defaults to `now`


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class RoleVersion:
    id: int
    key: str
    version: int
    title: str
    toml: str
    sha256: str
    created_at: datetime


@dataclass(frozen=True)
class ScreeningSummary:
    id: str
    name: str
    role_key: str
    role_title: str
    role_version: int
    config_hash: str
    created_at: datetime
    created_by: str
    candidate_count: int
    credential_count: int
    latest_snapshot_id: str | None


@dataclass(frozen=True)
class CandidateRecord:
    id: int
    name: str
    email: str | None


@dataclass(frozen=True)
class CredentialRecord:
    id: int
    candidate: str
    candidate_id: int | None
    source: str
    sha256: str | None
    data: bytes | None = field(repr=False)
    report: dict[str, Any]


@dataclass(frozen=True)
class SnapshotInfo:
    id: str
    screening_id: str
    seq: int
    created_at: datetime
    verified_at: datetime
    created_by: str
    content_sha256: str


@dataclass(frozen=True)
class Snapshot(SnapshotInfo):
    content: dict[str, Any]


@dataclass(frozen=True)
class Fit:
    candidate: str
    candidate_id: int | None
    fit: float | None
    band: str | None
    rank: int | None
    details: dict[str, Any]


@dataclass(frozen=True)
class ScreeningDetail:
    summary: ScreeningSummary
    role: RoleVersion
    scoring_config: dict[str, Any]
    candidates: tuple[CandidateRecord, ...]
    credentials: tuple[CredentialRecord, ...]
    snapshots: tuple[SnapshotInfo, ...]  # oldest first

    @property
    def id(self) -> str:
        return self.summary.id

    @property
    def name(self) -> str:
        return self.summary.name


@dataclass(frozen=True)
class ShareLink:
    id: str
    snapshot_id: str
    screening_id: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    hide_emails: bool
    access_count: int
    last_access_at: datetime | None
    created_by: str
    require_sign_in: bool = False  # only a signed-in person on the allow-list may open it
    purpose: str = ""  # whom or what it is for, as the recruiter put it (may be empty)

    def state(self, now: datetime) -> LinkState:
        return link_state(self.revoked_at, self.expires_at, now)


class LinkState(StrEnum):
    """Whether a share link opens: decided here once, for the store, the pages and tests."""

    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


def link_state(revoked_at: datetime | None, expires_at: datetime, now: datetime) -> LinkState:
    """Revocation wins over expiry; a link is expired from the instant `expires_at` on."""
    if revoked_at is not None:
        return LinkState.REVOKED
    return LinkState.EXPIRED if now >= expires_at else LinkState.ACTIVE


@dataclass(frozen=True)
class SharedView:
    """What a share-link visitor may see: one snapshot, read-only."""

    link_id: str
    snapshot_id: str
    screening_id: str
    screening_name: str
    created_at: datetime
    verified_at: datetime
    expires_at: datetime
    hide_emails: bool
    content: dict[str, Any]
    content_sha256: str  # of `content` as returned (after any email scrub)
    require_sign_in: bool = False


@dataclass(frozen=True)
class Draft:
    """One recruiter's unsaved working screening, as the session layer wrote it."""

    owner: str
    updated_at: datetime
    content: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    details: dict[str, Any]
