"""Persisted screenings, immutable snapshots and share links (SQLite or PostgreSQL).

    store = open_store()                       # SQLite in the data dir, or $SCREENING_DB_URL
    summary = store.save_screening(SaveScreening(...), actor="alice", now=now)

See docs/store.md.
"""

from screening.store.api import Store, open_store
from screening.store.records import (
    AuditEntry,
    CandidateInput,
    CandidateRecord,
    CredentialInput,
    CredentialRecord,
    Draft,
    Fit,
    LinkState,
    NotFoundError,
    RoleVersion,
    SaveScreening,
    ScreeningDetail,
    ScreeningSummary,
    SharedView,
    ShareLink,
    Snapshot,
    SnapshotInfo,
    StoreError,
    TamperedError,
)
from screening.store.sharing import scrub_emails

__all__ = [
    "AuditEntry",
    "CandidateInput",
    "CandidateRecord",
    "CredentialInput",
    "CredentialRecord",
    "Draft",
    "Fit",
    "LinkState",
    "NotFoundError",
    "RoleVersion",
    "SaveScreening",
    "ScreeningDetail",
    "ScreeningSummary",
    "ShareLink",
    "SharedView",
    "Snapshot",
    "SnapshotInfo",
    "Store",
    "StoreError",
    "TamperedError",
    "open_store",
    "scrub_emails",
]
