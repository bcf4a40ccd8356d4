"""Schema creation and upgrades: an ordered list of migrations and a `schema_version` table.

Each migration runs in the same transaction as the row recording it, so a database is
always at exactly one known version. Running `migrate` again is a no-op.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, func, insert, inspect, select, text

from screening.store import schema
from screening.store.records import StoreError

_MIGRATION_LOCK = 0x5C5E_0001  # PostgreSQL advisory-lock key: one migrator at a time


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _v1_tables(conn: Connection) -> None:
    # Version 1 creates the tables of schema.py as they are NOW (SQLAlchemy cannot easily
    # create an older shape), so a later migration that adds a column first checks whether
    # the column is already there: on a fresh database version 1 has created it.
    tables = [t for t in schema.TABLES if t is not schema.schema_version]
    schema.metadata.create_all(conn, tables=tables, checkfirst=True)


_V2_INDEXES = {
    "ix_candidates_screening": "candidates (screening_id)",
    "ix_credentials_screening": "credentials (screening_id)",
    "ix_credentials_candidate": "credentials (candidate_id)",
    "ix_snapshots_screening": "snapshots (screening_id)",
    "ix_fits_snapshot": "fits (snapshot_id)",
    "ix_share_links_snapshot": "share_links (snapshot_id)",
    "ix_audit_log_at": "audit_log (at)",
    "ix_roles_key": "roles (role_key)",
}


def _v2_indexes(conn: Connection) -> None:
    # Foreign keys are not indexed automatically on PostgreSQL; cascades and lookups need them.
    for name, target in _V2_INDEXES.items():
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {target}"))


def _has_column(conn: Connection, table: str, column: str) -> bool:
    return column in {c["name"] for c in inspect(conn).get_columns(table)}


def _v3_share_sign_in(conn: Connection) -> None:
    # FALSE (not 0): PostgreSQL booleans refuse integers; SQLite reads FALSE as 0.
    if not _has_column(conn, "share_links", "require_sign_in"):
        conn.execute(text("ALTER TABLE share_links "
                          "ADD COLUMN require_sign_in BOOLEAN NOT NULL DEFAULT FALSE"))


def _v4_share_purpose(conn: Connection) -> None:
    if not _has_column(conn, "share_links", "purpose"):
        conn.execute(text("ALTER TABLE share_links ADD COLUMN purpose TEXT NOT NULL DEFAULT ''"))


def _v5_drafts(conn: Connection) -> None:
    schema.drafts.create(conn, checkfirst=True)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial tables", _v1_tables),
    Migration(2, "indexes on foreign keys and audit time", _v2_indexes),
    Migration(3, "share links may require sign-in", _v3_share_sign_in),
    Migration(4, "share links say whom or what they are for", _v4_share_purpose),
    Migration(5, "drafts: each recruiter's unsaved working screening", _v5_drafts),
)
LATEST = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    if not conn.dialect.has_table(conn, schema.schema_version.name):
        return 0
    return conn.execute(select(func.max(schema.schema_version.c.version))).scalar() or 0


def migrate(engine: Engine, target: int | None = None, now: datetime | None = None) -> int:
    """Bring the database up to `target` (default: the latest version); return the version."""
    target = LATEST if target is None else target
    applied_at = now or datetime.now(UTC)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
        schema.schema_version.create(conn, checkfirst=True)
        version = current_version(conn)
        if version > LATEST:
            raise StoreError(
                f"the database schema is version {version}, newer than this program "
                f"understands ({LATEST}); upgrade Credential Screening")
        for migration in MIGRATIONS:
            if version < migration.version <= target:
                migration.apply(conn)
                conn.execute(insert(schema.schema_version).values(
                    version=migration.version, description=migration.description,
                    applied_at=applied_at))
                version = migration.version
    return version
