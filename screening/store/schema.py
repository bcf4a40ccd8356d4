"""Table definitions (SQLAlchemy Core), portable between SQLite and PostgreSQL.

The generic `JSON` type is JSON text on SQLite and `json` on PostgreSQL; `UTCDateTime`
stores UTC on both and always hands back timezone-aware datetimes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

metadata = MetaData()


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on both backends."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # a naive time is ambiguous; expiry checks depend on it
            raise ValueError("naive datetime given to the store; pass an aware (UTC) datetime")
        value = value.astimezone(UTC)
        # SQLite has no time zones: store naive UTC text, which also sorts correctly.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value  # the column holds datetimes only
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


def _fk(target: str, ondelete: str = "CASCADE") -> ForeignKey:
    return ForeignKey(target, ondelete=ondelete)


schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", UTCDateTime, nullable=False),
)

roles = Table(
    "roles", metadata,
    Column("id", Integer, primary_key=True),
    Column("role_key", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("toml", Text, nullable=False),
    Column("toml_sha256", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("role_key", "version", name="uq_roles_key_version"),
)

screenings = Table(
    "screenings", metadata,
    Column("id", String(36), primary_key=True),  # uuid4 text: same on both backends
    Column("name", Text, nullable=False),
    Column("role_id", Integer, ForeignKey("roles.id"), nullable=False),
    Column("scoring_config", JSON, nullable=False),
    Column("config_hash", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", Text, nullable=False),
)

candidates = Table(
    "candidates", metadata,
    Column("id", Integer, primary_key=True),
    Column("screening_id", String(36), _fk("screenings.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("email", Text, nullable=True),
    UniqueConstraint("screening_id", "name", name="uq_candidates_screening_name"),
)

credentials = Table(
    "credentials", metadata,
    Column("id", Integer, primary_key=True),
    Column("screening_id", String(36), _fk("screenings.id"), nullable=False),
    # NULL when the credential is not assigned to a listed candidate (e.g. "unassigned").
    Column("candidate_id", Integer, _fk("candidates.id"), nullable=True),
    Column("candidate", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("sha256", String(64), nullable=True),
    Column("data", LargeBinary, nullable=True),  # the original bytes, kept byte-for-byte
    Column("report", JSON, nullable=False),
)

snapshots = Table(
    "snapshots", metadata,
    Column("id", String(36), primary_key=True),
    Column("screening_id", String(36), _fk("screenings.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("verified_at", UTCDateTime, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("content", JSON, nullable=False),
    Column("content_sha256", String(64), nullable=False),
    UniqueConstraint("screening_id", "seq", name="uq_snapshots_screening_seq"),
)

fits = Table(
    "fits", metadata,
    Column("id", Integer, primary_key=True),
    Column("snapshot_id", String(36), _fk("snapshots.id"), nullable=False),
    Column("candidate_id", Integer, _fk("candidates.id", "SET NULL"), nullable=True),
    Column("candidate", Text, nullable=False),
    Column("rank", Integer, nullable=True),
    Column("fit", Float, nullable=True),
    Column("band", Text, nullable=True),
    Column("details", JSON, nullable=False),
)

share_links = Table(
    "share_links", metadata,
    Column("id", String(36), primary_key=True),
    Column("snapshot_id", String(36), _fk("snapshots.id"), nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),  # never the token
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime, nullable=True),
    Column("hide_emails", Boolean, nullable=False),
    Column("access_count", Integer, nullable=False),
    Column("last_access_at", UTCDateTime, nullable=True),
    Column("created_by", Text, nullable=False),
    # Added by migration 3: the visitor must be signed in (and on the allow-list).
    Column("require_sign_in", Boolean, nullable=False, default=False),
    # Added by migration 4: whom or what the link is for, as the recruiter put it (the
    # revoke picker names links by it); empty for older links.
    Column("purpose", Text, nullable=False, default="", server_default=""),
)

# No foreign keys: audit rows outlive what they describe.
audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(64), nullable=False),
    Column("target", Text, nullable=False),
    Column("details", JSON, nullable=False),
)

# Added by migration 5: each recruiter's unsaved working screening, kept so that reloading
# the tab restores it; one per owner (the local user, or the signed-in recruiter), no
# foreign keys (it is nobody's screening yet), removed when saved or discarded.
drafts = Table(
    "drafts", metadata,
    Column("owner", String(500), primary_key=True),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("content", JSON, nullable=False),
)

# Tables in dependency order (parents first), e.g. for dumps in tests.
TABLES: tuple[Table, ...] = (
    schema_version, roles, screenings, candidates, credentials, snapshots, fits,
    share_links, audit_log, drafts,
)
